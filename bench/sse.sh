#!/usr/bin/env bash
# The live News Feed under load: CLIENTS event-stream readers (/news-feed/events) on
# one Byline server, ITEMS items published through the desk's composer, delivery
# latency from publish to every reader, the home page's latency meanwhile, and the
# server's memory. Usage:
#   bench/sse.sh                          # 10,000 readers, 40 items, one every 250 ms
#   CLIENTS=500 ITEMS=10 BENCH_OUT=result.md bench/sse.sh
# Env: BYLINE_BIN (skip building byline), CLIENTS, ITEMS, INTERVAL_MS, BATCH (readers
#      connecting at a time), BENCH_OUT (also write the report there), KEEP_TMP=1
#      (keep the temp dir and the server's log). cargo honours CARGO_TARGET_DIR and
#      CARGO_BUILD_JOBS.
set -euo pipefail

CLIENTS=${CLIENTS:-10000}
ITEMS=${ITEMS:-40}
INTERVAL_MS=${INTERVAL_MS:-250}
BATCH=${BATCH:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
log() { echo "bench: $*" >&2; }
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }
command -v curl >/dev/null || { log "curl is required"; exit 1; }

# --- open files: the server and the load tool each hold one socket per reader ---
NEED=$((CLIENTS + 1000))
HARD=$(ulimit -Hn)
if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$NEED" ]; then
  log "$CLIENTS readers need $NEED open files per process; the hard limit is $HARD"
  exit 1
fi
SOFT=$(ulimit -Sn)
if [ "$SOFT" != unlimited ] && [ "$SOFT" -lt "$NEED" ]; then ulimit -Sn "$NEED"; fi

# --- 1. build ----------------------------------------------------------------
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline (cargo waits if another build holds the lock)"
  (cd "$ROOT" && cargo build --release -p byline)
  BYLINE_BIN="$TARGET_DIR/release/byline"
fi
log "building release byline-sse-load"
(cd "$ROOT" && cargo build --release -p byline-sse-load)
LOAD_BIN="$TARGET_DIR/release/byline-sse-load"

# --- temp dir, cleanup -------------------------------------------------------
TMP=$(mktemp -d /tmp/byline-sse-bench.XXXXXX)
BYLINE_PID=""
cleanup() {
  # Kill only the server this script started, by pid; the load tool has exited.
  # `|| true`: under set -e a failing kill/wait would end the trap half-way.
  [ -z "$BYLINE_PID" ] || { kill "$BYLINE_PID" && wait "$BYLINE_PID"; } 2>/dev/null || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- 2. serve the demo newsroom ------------------------------------------------
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
mkdir -p "$TMP/data"
"$BYLINE_BIN" serve --demo --data "$TMP/data" --listen "127.0.0.1:$PORT" \
  >"$TMP/byline.out" 2>"$TMP/byline.log" &
BYLINE_PID=$!
SIGNIN=""
for _ in $(seq 150); do
  SIGNIN=$(grep -m1 'Demo desk sign-in:' "$TMP/byline.out" || true)
  [ -n "$SIGNIN" ] && curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
  kill -0 "$BYLINE_PID" 2>/dev/null || { log "byline exited:"; cat "$TMP/byline.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$URL/healthz"
EMAIL=$(echo "$SIGNIN" | sed -n 's/.*email: \([^ ]*\).*/\1/p')
PASSWORD=$(echo "$SIGNIN" | sed -n 's/.*password: \([^ ]*\).*/\1/p')
[ -n "$EMAIL" ] && [ -n "$PASSWORD" ] || { log "no demo sign-in line from byline serve --demo"; exit 1; }

# --- 3. load -----------------------------------------------------------------
log "$CLIENTS readers, $ITEMS items every $INTERVAL_MS ms, against $URL (server pid $BYLINE_PID)"
STATUS=0
"$LOAD_BIN" --url "$URL" --clients "$CLIENTS" --items "$ITEMS" --interval-ms "$INTERVAL_MS" \
  --batch "$BATCH" --email "$EMAIL" --password "$PASSWORD" --server-pid "$BYLINE_PID" \
  >"$TMP/report.md" || STATUS=$?
if [ "$STATUS" -ge 2 ] || [ ! -s "$TMP/report.md" ]; then
  log "the load tool failed ($STATUS); the server's log ends with:"
  tail -20 "$TMP/byline.log" >&2
  exit "$STATUS"
fi
kill -0 "$BYLINE_PID" 2>/dev/null || { log "byline died during the run"; exit 1; }
WARNINGS=$(grep -ciE ' (WARN|ERROR) ' "$TMP/byline.log" || true)

# --- 4. report ---------------------------------------------------------------
report() {
  echo "## Byline live News Feed benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  cat "$TMP/report.md"
  echo "- load: \`byline-sse-load --clients $CLIENTS --items $ITEMS --interval-ms $INTERVAL_MS --batch $BATCH\`" \
       "against \`byline serve --demo\` (SQLite); server log warnings and errors: $WARNINGS"
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r);" \
       "net.core.somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo '?'), open files $(ulimit -Sn)"
  echo "- the load tool (all readers and the publisher) runs on the same cores as the server:" \
       "latencies include its own scheduling, not the server's alone."
  echo "- target: delivery p99 < 200 ms with 10,000 readers, every item to every reader"
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
exit "$STATUS"
