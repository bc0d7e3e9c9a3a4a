#!/usr/bin/env bash
# Ordinary readers under abuse, against a quiet baseline, on one Byline demo server
# (127.0.0.1 only). First READ_SECONDS of readers alone (READERS loops of GET / and
# GET of one article, each request on a new connection); then the same again while
# STREAM_CLIENTS clients, each from its own loopback address 127.0.0.(10+i), open
# STREAMS_PER_CLIENT /news-feed/events streams at once and hold the accepted ones,
# and SIGNUPS newsletter signups post hostile return paths (every redirect checked to
# stay on the site). Reports the readers' latency side by side with ratios, the
# streams' and signups' outcomes, and the server's peak RSS and open files. Usage:
#   bench/abuse.sh                        # 8 readers, 10 s a phase, 50 × 200 streams, 1,000 signups
#   STREAM_CLIENTS=10 STREAMS_PER_CLIENT=100 SIGNUPS=200 READ_SECONDS=5 BENCH_OUT=result.md bench/abuse.sh
# Env: BYLINE_BIN (skip building byline), READ_SECONDS, READERS, ARTICLE (a page path;
#      default /merrow-river-flood-crest/, else the first article linked from the home
#      page), STREAM_CLIENTS (at most 240), STREAMS_PER_CLIENT, SIGNUPS,
#      SIGNUP_CONCURRENCY, BENCH_OUT (also write the report there), KEEP_TMP=1 (keep
#      the temp dir and the server's log). cargo honours CARGO_TARGET_DIR and
#      CARGO_BUILD_JOBS. Exit status: 0, 1 if a signup redirect left the site, else
#      the failure's.
set -euo pipefail

READ_SECONDS=${READ_SECONDS:-10}
READERS=${READERS:-8}
ARTICLE=${ARTICLE:-/merrow-river-flood-crest/}
STREAM_CLIENTS=${STREAM_CLIENTS:-50}
STREAMS_PER_CLIENT=${STREAMS_PER_CLIENT:-200}
SIGNUPS=${SIGNUPS:-1000}
SIGNUP_CONCURRENCY=${SIGNUP_CONCURRENCY:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
log() { echo "bench: $*" >&2; }
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }
command -v curl >/dev/null || { log "curl is required"; exit 1; }
[ "$(uname -s)" = Linux ] || { log "Linux only: the stream clients use 127.0.0.x source addresses and /proc"; exit 1; }

# --- open files: the load tool holds one socket per stream attempt, and so does the
# server for every stream it accepts (all of them if it has no cap) ---
NEED=$((STREAM_CLIENTS * STREAMS_PER_CLIENT + 1000))
HARD=$(ulimit -Hn)
if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$NEED" ]; then
  log "$STREAM_CLIENTS × $STREAMS_PER_CLIENT streams need $NEED open files per process; the hard limit is $HARD"
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
TMP=$(mktemp -d /tmp/byline-abuse-bench.XXXXXX)
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
"$BYLINE_BIN" serve --demo --listen "127.0.0.1:$PORT" --data "$TMP/data" \
  --narration off --log-format json >"$TMP/byline.out" 2>"$TMP/byline.log" &
BYLINE_PID=$!
for _ in $(seq 150); do
  curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
  kill -0 "$BYLINE_PID" 2>/dev/null || { log "byline exited:"; cat "$TMP/byline.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$URL/healthz"

# --- 3. load -----------------------------------------------------------------
log "$READERS readers, $READ_SECONDS s a phase; abuse: $STREAM_CLIENTS × $STREAMS_PER_CLIENT streams," \
    "$SIGNUPS signups; against $URL (server pid $BYLINE_PID)"
STATUS=0
"$LOAD_BIN" abuse --url "$URL" --server-pid "$BYLINE_PID" --readers "$READERS" \
  --read-seconds "$READ_SECONDS" --article "$ARTICLE" --stream-clients "$STREAM_CLIENTS" \
  --streams-per-client "$STREAMS_PER_CLIENT" --signups "$SIGNUPS" \
  --signup-concurrency "$SIGNUP_CONCURRENCY" >"$TMP/report.md" || STATUS=$?
if [ "$STATUS" -ge 2 ] || [ ! -s "$TMP/report.md" ]; then
  log "the load tool failed ($STATUS); the server's log ends with:"
  tail -20 "$TMP/byline.log" >&2
  exit "$STATUS"
fi
kill -0 "$BYLINE_PID" 2>/dev/null || { log "byline died during the run"; exit 1; }
WARNINGS=$(grep -ciE '"level": ?"(WARN|ERROR)"' "$TMP/byline.log" || true)
MAIL_FILES=$(find "$TMP/data/mail" -type f 2>/dev/null | wc -l)

# --- 4. report ---------------------------------------------------------------
report() {
  echo "## Byline under abuse ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  cat "$TMP/report.md"
  echo "- load: \`byline-sse-load abuse --readers $READERS --read-seconds $READ_SECONDS" \
       "--stream-clients $STREAM_CLIENTS --streams-per-client $STREAMS_PER_CLIENT --signups $SIGNUPS" \
       "--signup-concurrency $SIGNUP_CONCURRENCY\` against \`byline serve --demo --narration off\`" \
       "(SQLite, default --max-streams-per-address); server log warnings and errors: $WARNINGS;" \
       "signup emails written to DATA/mail: $MAIL_FILES"
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r);" \
       "net.core.somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo '?'), open files $(ulimit -Sn)"
  echo "- the load tool (readers and abusers) runs on the same cores as the server:" \
       "the readers' latency under abuse includes the abusers' CPU, not the server's work alone."
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
exit "$STATUS"
