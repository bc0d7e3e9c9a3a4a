#!/usr/bin/env bash
# Byline vs nginx on one machine: cached article page and home page, same load
# generator, same bytes. Usage:
#   bench/run.sh                          # 100,000 articles, 15 s per run
#   POSTS=10000 DURATION=5 BENCH_OUT=result.md bench/run.sh
# Env: BYLINE_BIN (skip the build), POSTS, DURATION, CONNECTIONS, RENDER_PAGES,
#      BENCH_OUT (also write the report there), KEEP_TMP=1 (keep the temp dir).
set -euo pipefail

POSTS=${POSTS:-100000}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
# 4000 uncached pages: CPU time (10 ms clock ticks) is then exact to ~1%, and at
# ~18 KB each they overfill the 48 MB page cache, so peak RSS includes a full cache.
RENDER_PAGES=${RENDER_PAGES:-4000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! command -v wrk >/dev/null || { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; }; then
  # Keep Debian from starting a system nginx on port 80 as a side effect of the
  # install (policy-rc.d exit 101 = "do not start services"), then restore it.
  POLICY=/usr/sbin/policy-rc.d
  [ -e "$POLICY" ] || { printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null; $SUDO chmod +x "$POLICY"; ADDED_POLICY=1; }
  # Try without `apt-get update` first: it is slow and usually not needed.
  $SUDO apt-get install -y wrk nginx-light \
    || { $SUDO apt-get update && $SUDO apt-get install -y wrk nginx-light; }
  [ -z "${ADDED_POLICY:-}" ] || $SUDO rm -f "$POLICY"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }

# --- temp dir, cleanup -------------------------------------------------------
TMP=$(mktemp -d /tmp/byline-bench.XXXXXX)
BYLINE_PID=""; NGINX_PID=""
cleanup() {
  # Kill only the two processes this script started, by pid.
  # `|| true`: under set -e a failing kill/wait would end the trap half-way.
  [ -z "$BYLINE_PID" ] || { kill "$BYLINE_PID" && wait "$BYLINE_PID"; } 2>/dev/null || true
  [ -z "$NGINX_PID" ] || { kill -QUIT "$NGINX_PID" && wait "$NGINX_PID"; } 2>/dev/null || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }     # utime + stime
now() { date +%s.%N; }
misses() { curl -fsS "$BYLINE/metrics" | awk '$1 == "byline_page_cache_misses_total" {print $2 + 0; f=1} END {if (!f) print 0}'; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }   # no bc on minimal systems

# --- 1. build ----------------------------------------------------------------
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline (cargo waits if another build holds the lock)"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$ROOT/target/release/byline"
fi

# --- 2. generate -------------------------------------------------------------
DATA="$TMP/data"; WWW="$TMP/www"; mkdir -p "$DATA" "$WWW"
log "generating $POSTS articles"
t0=$(now)
GEN_OUT=$("$BYLINE_BIN" generate --posts "$POSTS" --data "$DATA" 2>"$TMP/generate.log")
GEN_SECS=$(calc "$(now) - $t0" 1)
echo "$GEN_OUT" >&2
ARTICLE_PATH=$(echo "$GEN_OUT" | sed -n 's/.*newest: \(\/[^ ]*\/\).*/\1/p')
[ -n "$ARTICLE_PATH" ] || { log "no newest article in generate output"; exit 1; }
DB_MB=$(du -m "$DATA/byline.db" | cut -f1)

# --- 3. serve ----------------------------------------------------------------
BPORT=$(free_port)
BYLINE="http://127.0.0.1:$BPORT"
"$BYLINE_BIN" serve --data "$DATA" --listen "127.0.0.1:$BPORT" 2>"$TMP/byline.log" &
BYLINE_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$BYLINE/healthz" 2>/dev/null && break
  kill -0 "$BYLINE_PID" 2>/dev/null || { log "byline exited:"; cat "$TMP/byline.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$BYLINE/healthz"
RSS_IDLE_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$BYLINE_PID/status")

# --- 4. the same bytes for nginx --------------------------------------------
# No Accept-Encoding here and none from wrk: both servers send the identity body.
curl -fsS "$BYLINE$ARTICLE_PATH" -o "$WWW/article.html"
curl -fsS "$BYLINE/" -o "$WWW/index.html"

# --- 5. uncached render CPU --------------------------------------------------
# Articles 20+ are on no list page fetched so far, so each is a cache miss. One
# keep-alive client fetches them one by one; server CPU covers routing, the
# database query, rendering and HTTP handling of each request, not rendering alone.
mapfile -t SLUGS < <(python3 - "$DATA/byline.db" "$RENDER_PAGES" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for (slug,) in db.execute("SELECT slug FROM posts WHERE status='published' AND kind='post' "
                          "ORDER BY published_at DESC LIMIT ? OFFSET 20", (int(sys.argv[2]),)):
    print(slug)
PY
)
[ "${#SLUGS[@]}" -gt 0 ] || { log "no article slugs read from the database"; exit 1; }
HZ=$(getconf CLK_TCK)
m0=$(misses)
c0=$(cpu_ticks "$BYLINE_PID"); t0=$(now)
printf '%s\n' "${SLUGS[@]}" | python3 -c '
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for slug in sys.stdin.read().split():
    conn.request("GET", f"/{slug}/")
    r = conn.getresponse(); r.read()
    if r.status != 200: sys.exit(f"/{slug}/ answered {r.status}")
' "$BPORT"
c1=$(cpu_ticks "$BYLINE_PID"); t1=$(now)
RENDER_MISSES=$(( $(misses) - m0 ))   # proves the pages really were rendered
RENDER_MS=$(calc "($c1 - $c0) * 1000 / $HZ / ${#SLUGS[@]}" 3)
RENDER_WALL_MS=$(calc "($t1 - $t0) * 1000 / ${#SLUGS[@]}" 3)

# --- nginx: own config in the temp dir, never the system one or port 80 -------
NPORT=$(free_port)
NGINX_USER=""; [ "$(id -u)" -eq 0 ] && NGINX_USER="user root;"
cat >"$TMP/nginx.conf" <<EOF
$NGINX_USER
worker_processes 2;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
  types { text/html html; }
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx-tmp; proxy_temp_path $TMP/nginx-tmp;
  fastcgi_temp_path $TMP/nginx-tmp; uwsgi_temp_path $TMP/nginx-tmp; scgi_temp_path $TMP/nginx-tmp;
  server { listen 127.0.0.1:$NPORT; root $WWW; }
}
EOF
"$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NPORT"
for _ in $(seq 50); do curl -fsS -o /dev/null "$NGINX_URL/index.html" 2>/dev/null && break; sleep 0.1; done
cmp -s <(curl -fsS "$NGINX_URL/article.html") "$WWW/article.html" || { log "nginx does not serve the page"; exit 1; }

# --- 6. load -----------------------------------------------------------------
to_ms() {  # wrk prints 812.00us / 1.23ms / 1.05s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'
}
declare -A RPS P50 P99
WARNINGS=""
run_wrk() {  # key url
  local out
  curl -fsS -o /dev/null "$2"                                 # warm the cache
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  echo "$out" >"$TMP/wrk-$1.txt"
  RPS[$1]=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
  P50[$1]=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  P99[$1]=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  if echo "$out" | grep -qE 'Non-2xx|Socket errors'; then
    WARNINGS+="- $1: $(echo "$out" | grep -E 'Non-2xx|Socket errors' | xargs)"$'\n'
  fi
  log "$1: ${RPS[$1]} req/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms"
}
m0=$(misses)
run_wrk article-byline "$BYLINE$ARTICLE_PATH"
run_wrk article-nginx "$NGINX_URL/article.html"
run_wrk home-byline "$BYLINE/"
run_wrk home-nginx "$NGINX_URL/index.html"
LOAD_MISSES=$(( $(misses) - m0 ))   # the two warm-ups should be the only misses

# --- 7. peak RSS ------------------------------------------------------------
HWM_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$BYLINE_PID/status")
kill -0 "$BYLINE_PID" || { log "byline died during the run"; exit 1; }

# --- 8. report --------------------------------------------------------------
ratio() { calc "$1 / $2" 2; }
mb() { calc "$1 / 1024" 1; }
report() {
  echo "## Byline benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| page | server | req/s | p50 ms | p99 ms | ratio to nginx |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  for page in article home; do
    for server in byline nginx; do
      k=$page-$server
      echo "| $page | $server | ${RPS[$k]} | ${P50[$k]} | ${P99[$k]} | $(ratio "${RPS[$k]}" "${RPS[$page-nginx]}") |"
    done
  done
  echo
  echo "- posts: $POSTS (database $DB_MB MB); generate time: $GEN_SECS s (wall)"
  echo "- byline peak RSS (VmHWM, after all runs, page cache filled by the uncached step): $(mb "$HWM_KB") MB; RSS right after start: $(mb "$RSS_IDLE_KB") MB"
  echo "- uncached render: ${RENDER_MS} ms CPU per page over ${#SLUGS[@]} distinct articles, $RENDER_MISSES page-cache misses" \
       "(server CPU for the whole request: HTTP, DB query, render; ${RENDER_WALL_MS} ms wall each, one at a time; CPU clock tick $((1000 / HZ)) ms)"
  echo "- page sizes: article $(stat -c %s "$WWW/article.html") B, home $(stat -c %s "$WWW/index.html") B (same bytes from both servers, no compression)"
  echo "- load: \`wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency URL\`, after one warm-up request; page-cache misses during load: $LOAD_MISSES"
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $("$NGINX" -v 2>&1 | sed 's/.*: //'), 2 workers"
  echo "- wrk runs on the same cores as the server under test: these are shared-CPU numbers, not a server's ceiling."
  echo "- targets: cached article >= 0.80x nginx, p99 < 10 ms, peak RSS < 100 MB at 100,000 articles, uncached render < 1 ms CPU"
  if [ -n "$WARNINGS" ]; then echo; echo "Warnings from wrk:"; printf '%s' "$WARNINGS"; fi
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
