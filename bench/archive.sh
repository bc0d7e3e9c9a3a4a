#!/usr/bin/env bash
# A newsroom's archive at scale (issue: archive at newsroom scale). On a generated
# archive of POSTS articles, per engine:
#   generate  `byline generate --posts POSTS`: seconds, peak memory, database size
#             (kept in ARCHIVE_DIR and reused by later runs; FRESH=1 makes it again)
#   read      a reading mix for DURATION s at CONNECTIONS connections with wrk: 70 %
#             articles over ARTICLES distinct ones, 10 % home, 10 % section pages
#             1-200, 5 % search, 5 % section feeds (bench/archive/mixed.lua)
#             targets: 0 errors, p99 < 50 ms, peak RSS < 150 MB
#   writes    the same mix while the desk posts a News Feed item every second and
#             retitles an article every 5 s (bench/archive/writer.py, through the
#             desk's own forms); targets: throughput >= 0.8x the read phase, every
#             change seen by a reader within 1 s
#   restart   PostgreSQL only: the mix for 30 s with `pg_ctlcluster ... restart` at
#             10 s; targets: 0 answers of 500, uncached pages back within 2 s of the
#             database
# Usage:
#   bench/archive.sh                                    # 1,000,000 articles, both engines
#   POSTS=100000 ENGINES=sqlite PHASES="read writes" bench/archive.sh
# Env: BYLINE_BIN (skip the build), POSTS, ENGINES, PHASES, ARCHIVE_DIR (default
#      /tmp/byline-archive), PG_URL (default postgres://postgres@127.0.0.1:5432),
#      DURATION (60), CONNECTIONS (256), ARTICLES (5000), WARMUP (20 s), FRESH=1,
#      BYLINE_MIX_ENCODING (what the mix offers; default "gzip, deflate, br"),
#      BENCH_FEED_EVERY / BENCH_EDIT_EVERY (seconds between the writer's News Feed
#      items / retitles, default 1 / 5; 0 leaves that kind out).
set -euo pipefail
unset BYLINE_DATA BYLINE_DATABASE_URL BYLINE_LISTEN BYLINE_URL

POSTS=${POSTS:-1000000}
ENGINES=${ENGINES:-sqlite postgres}
PHASES=${PHASES:-generate read writes restart}
ARCHIVE_DIR=${ARCHIVE_DIR:-/tmp/byline-archive}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-256}
ARTICLES=${ARTICLES:-5000}
WARMUP=${WARMUP:-20}
FRESH=${FRESH:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/archive"
log() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
now() { date +%s.%N; }
has_phase() { [[ " $PHASES " == *" $1 "* ]]; }

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$ROOT/target/release/byline"
fi

mkdir -p "$ARCHIVE_DIR"
TMP=$(mktemp -d /tmp/byline-archive-bench.XXXXXX)
PID=""
cleanup() {
  local code=$?
  if [ "$code" -ne 0 ] && [ -f "$TMP/server.log" ]; then
    log "the server's last words:"; tail -20 "$TMP/server.log" >&2
  fi
  [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
# wrk reads the mix and the paths collected for this run from one folder.
cp "$HERE/mixed.lua" "$TMP/mixed.lua"

REPORT="$TMP/report.md"
{
  echo "## Archive at scale ($(date -u +%Y-%m-%dT%H:%MZ), $POSTS articles)"
  echo
} >"$REPORT"
ROWS="$TMP/rows.md"
: >"$ROWS"
NOTES="$TMP/notes.md"
: >"$NOTES"

archive_args() {  # engine -> DB_ARGS
  local engine=$1
  DATA="$ARCHIVE_DIR/$engine-$POSTS"
  DB_ARGS=(--data "$DATA")
  PG_DB="byline_archive_$POSTS"
  if [ "$engine" = postgres ]; then DB_ARGS+=(--database-url "$PG_URL/$PG_DB"); fi
}

database_bytes() {
  if [ "$1" = postgres ]; then
    psql "$PG_URL/$PG_DB" -Atc "SELECT pg_database_size(current_database())"
  else
    du -cb "$DATA"/*.db* | tail -1 | cut -f1
  fi
}

generate() {  # engine
  local engine=$1
  if [ -f "$DATA/generated" ] && [ "$FRESH" != 1 ]; then
    log "$engine: reusing the archive in $DATA ($(cat "$DATA/generated"))"
    return
  fi
  rm -rf "$DATA"; mkdir -p "$DATA"
  if [ "$engine" = postgres ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    psql "$PG_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
  fi
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  log "$engine: generating $POSTS articles"
  local start; start=$(now)
  /usr/bin/time -v "$BYLINE_BIN" generate --posts "$POSTS" "${DB_ARGS[@]}" >"$TMP/generate.out" 2>"$TMP/generate.err" \
    || { tail -20 "$TMP/generate.err" >&2; exit 1; }
  local seconds; seconds=$(calc "$(now) - $start")
  local peak; peak=$(awk '/Maximum resident set size/ { printf "%d", $6 / 1024 }' "$TMP/generate.err")
  local size; size=$(calc "$(database_bytes "$engine") / 1048576" 0)
  echo "$seconds s, peak $peak MB, database $size MB, load average $load before" >"$DATA/generated"
  echo "| $engine | generate $POSTS | $seconds s | | | | peak $peak MB | database $size MB |" >>"$ROWS"
}

start_server() {
  "$BYLINE_BIN" serve --listen 127.0.0.1:0 --narration off "${DB_ARGS[@]}" 2>"$TMP/server.log" &
  PID=$!
  ADDRESS=""
  for _ in $(seq 1 600); do
    ADDRESS=$(grep -o 'serving at http://[0-9.:]*' "$TMP/server.log" | head -1 | sed 's|serving at ||') || true
    [ -n "$ADDRESS" ] && break
    sleep 0.1
  done
  [ -n "$ADDRESS" ] || { log "the server did not start"; tail "$TMP/server.log" >&2; exit 1; }
}

stop_server() {
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

# Paths for the mix: ARTICLES random articles from the sitemaps, every section, and
# words from article titles for search.
collect_paths() {
  python3 - "$ADDRESS" "$ARTICLES" "$TMP/paths.lua" "$TMP/articles.txt" <<'PY'
import random, re, sys, urllib.request
base, wanted, lua, listing = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
random.seed(5)
def get(path):
    with urllib.request.urlopen(base + path, timeout=120) as r:
        return r.read().decode()
index = get("/sitemap.xml")
children = re.findall(r"<loc>[^<]*?(/sitemaps/[^<]+)</loc>", index)
posts = [c for c in children if "/posts/" in c]
articles = set()
for child in random.sample(posts, min(len(posts), max(1, wanted // 2000))):
    found = re.findall(r"<loc>[^<]*?(/[a-z0-9-]+/)</loc>", get(child))
    articles.update(random.sample(found, min(len(found), wanted - len(articles))))
    if len(articles) >= wanted:
        break
sections = []
for child in children:
    if "/tags/" in child:
        sections += re.findall(r"<loc>[^<]*?(/tag/[a-z0-9-]+/)</loc>", get(child))
words = set()
for path in list(articles)[:300]:
    words.update(w.lower() for w in path.strip("/").split("-") if len(w) > 4)
q = lambda xs: ",".join(f'"{x}"' for x in sorted(xs))
with open(lua, "w") as f:
    f.write(f"articles = {{{q(articles)}}}\nsections = {{{q(sections)}}}\nwords = {{{q(words)}}}\n")
with open(listing, "w") as f:
    f.write("\n".join(sorted(articles)) + "\n")
print(f"{len(articles)} articles, {len(sections)} sections, {len(words)} search words")
PY
}

status_count() {  # status -> how many answers with it so far
  curl -s "$ADDRESS/metrics" | awk -v s="status=\"$1\"" 'index($0, "byline_http_requests_total") == 1 && index($0, s) { n += $NF } END { printf "%d", n }'
}

to_ms() {  # wrk prints 812.00us / 1.23ms / 1.05s
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

# Runs the mix; sets RPS, P50, P99, ERRORS, PEAK_MB and appends a row.
load() {  # engine label seconds
  local engine=$1 label=$2 seconds=$3
  echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || true   # peak RSS counts from here
  local before500; before500=$(status_count 500)
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$TMP/mixed.lua" "$ADDRESS" >"$TMP/wrk-$label.txt" 2>&1
  RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$TMP/wrk-$label.txt")
  P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$TMP/wrk-$label.txt")")
  P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk-$label.txt")")
  local non2xx; non2xx=$(awk '/Non-2xx/ { print $NF }' "$TMP/wrk-$label.txt")
  local socket; socket=$(awk -F'[ ,]+' '/Socket errors/ { print $4 + $6 + $8 + $10 }' "$TMP/wrk-$label.txt")
  ERRORS=$(( ${non2xx:-0} + ${socket:-0} ))
  local served500=$(( $(status_count 500) - before500 ))
  PEAK_MB=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$PID/status")
  echo "| $engine | $label | $RPS req/s | p50 $P50 ms | **p99 $P99 ms** | **$ERRORS errors** ($served500 × 500) | **peak RSS $PEAK_MB MB** | |" >>"$ROWS"
}

writes_phase() {  # engine
  local engine=$1 read_rps=$2
  printf 'bench-load-password\n' | "$BYLINE_BIN" user add --email bench@load.example --name "Load Bench" \
    --role editor "${DB_ARGS[@]}" >/dev/null 2>&1 || true
  python3 "$HERE/writer.py" "$ADDRESS" bench@load.example bench-load-password "$DURATION" \
    "$TMP/articles.txt" "$TMP/writer.json" 2>"$TMP/writer.err" &
  local writer=$!
  load "$engine" "read + writes" "$DURATION"
  wait "$writer" || { log "the writer failed"; cat "$TMP/writer.err" >&2; }
  python3 - "$TMP/writer.json" "$engine" "$RPS" "$read_rps" >>"$NOTES" <<'PY'
import json, statistics, sys
report, engine, rps, read_rps = json.load(open(sys.argv[1])), sys.argv[2], float(sys.argv[3]), float(sys.argv[4] or 0)
made, delays, saves = report["made"], report["delays_ms"], report["saves_ms"]
def summary(xs):
    return f"median {statistics.median(xs):.0f} ms, max {max(xs):.0f} ms" if xs else "none seen"
ratio = f"{rps / read_rps:.2f}x the read phase" if read_rps else "no read phase to compare"
print(f"- {engine}, read + writes: {made['feed']} News Feed items and {made['edit']} article edits "
      f"through the desk; seen by a reader after: items {summary(delays['feed'])}, edits {summary(delays['edit'])}; "
      f"not seen within 10 s: {len(report['failures'])}; the desk's answer to each save: "
      f"items {summary(saves['feed'])}, edits {summary(saves['edit'])}; throughput {ratio}.")
PY
}

restart_phase() {  # engine
  local engine=$1
  [ "$engine" = postgres ] || return 0
  local cluster; cluster=$(pg_lsclusters -h | awk 'NR == 1 { print $1, $2 }')
  local before500 before503; before500=$(status_count 500); before503=$(status_count 503)
  load "$engine" "restart at 10 s" 30 &
  local loader=$!
  sleep 10
  log "restarting PostgreSQL ($cluster)"
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster restart
  local up; up=$(now)
  local back=""
  for _ in $(seq 1 400); do
    # A search is never cached: it needs the database.
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$ADDRESS/search/?q=restart$RANDOM")" = 200 ]; then
      back=$(calc "$(now) - $up" 2); break
    fi
    sleep 0.05
  done
  wait "$loader"
  echo "- $engine, PostgreSQL restarted under load: uncached pages answered again ${back:-never (20 s)} s after the database was back; during the run $(( $(status_count 500) - before500 )) answers of 500 and $(( $(status_count 503) - before503 )) of 503 (with Retry-After)." >>"$NOTES"
}

for engine in $ENGINES; do
  archive_args "$engine"
  if has_phase generate || [ ! -f "$DATA/generated" ]; then generate "$engine"; fi
  start_server
  log "$engine: serving at $ADDRESS; collecting paths"
  collect_paths >&2
  # A warm-up pass long enough to render the mix's working set (about 7,000 pages), so
  # the run measures a working cache, not a cold start.
  wrk -t2 -c32 -d"${WARMUP}s" -s "$TMP/mixed.lua" "$ADDRESS" >/dev/null 2>&1 || true
  read_rps=""
  if has_phase read; then load "$engine" read "$DURATION"; read_rps=$RPS; fi
  if has_phase writes; then writes_phase "$engine" "$read_rps"; fi
  if has_phase restart; then restart_phase "$engine"; fi
  stop_server
done

{
  echo "| engine | run | throughput | median | p99 | errors | peak memory | size |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  cat "$ROWS"
  echo
  cat "$NOTES"
  for engine in $ENGINES; do
    archive_args "$engine"
    echo "- $engine archive: $(cat "$DATA/generated" 2>/dev/null || echo 'not generated here')"
  done
  echo "- load: \`wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency -s bench/archive/mixed.lua\` after a ${WARMUP} s warm-up, offering \"${BYLINE_MIX_ENCODING-gzip, deflate, br}\"; wrk shares the machine's $(nproc) cores with the server"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
} >>"$REPORT"
cat "$REPORT"
