#!/usr/bin/env bash
# Content API speed (issue 17) on a generated archive of POSTS articles, per engine
# (the archive bench's own archive: bench/archive.sh makes it, or reuses it):
#   uncached  REQUESTS answers nobody asked for before (so each is a page-cache miss),
#             one after another, for four kinds of browse; p50, p99 and max per kind:
#               newest    posts/?include=tags,authors&limit=15&page=N (the kept list)
#               tag       posts/?include=tags,authors&limit=15&filter=tag:T&page=N
#               featured  posts/?include=tags,authors&limit=15&filter=featured:true&page=N
#                         (no kept list: counted and paged by the database)
#               combined  filter=tag:T+published_at:>now-Nd (likewise)
#             target: p99 < 10 ms
#   cached    wrk on one API answer and on the home page, CONNECTIONS connections,
#             DURATION s each: req/s and the ratio (target: about 1x)
# Usage: POSTS=100000 ENGINES="sqlite postgres" bench/content_api.sh
# Env: BYLINE_BIN (skip the build), POSTS (100000), ENGINES, ARCHIVE_DIR, PG_URL,
#      REQUESTS (400 per kind), DURATION (20), CONNECTIONS (64).
set -euo pipefail
unset BYLINE_DATA BYLINE_DATABASE_URL BYLINE_LISTEN BYLINE_URL

POSTS=${POSTS:-100000}
ENGINES=${ENGINES:-sqlite postgres}
ARCHIVE_DIR=${ARCHIVE_DIR:-/tmp/byline-archive}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
REQUESTS=${REQUESTS:-400}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "bench: $*" >&2; }

command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$ROOT/target/release/byline"
fi
export BYLINE_BIN

TMP=$(mktemp -d /tmp/byline-api-bench.XXXXXX)
PID=""
cleanup() {
  [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1"; }

echo "## Content API ($(date -u +%Y-%m-%dT%H:%MZ), $POSTS articles, build $(cd "$ROOT" && git rev-parse --short HEAD))"
echo
for engine in $ENGINES; do
  POSTS=$POSTS ENGINES=$engine PHASES=generate ARCHIVE_DIR=$ARCHIVE_DIR PG_URL=$PG_URL \
    "$ROOT/bench/archive.sh" >/dev/null
  DATA="$ARCHIVE_DIR/$engine-$POSTS"
  DB_ARGS=(--data "$DATA")
  [ "$engine" = postgres ] && DB_ARGS+=(--database-url "$PG_URL/byline_archive_$POSTS")
  KEY=$("$BYLINE_BIN" integration add "Speed test $(date +%s)" "${DB_ARGS[@]}" 2>/dev/null \
    | sed -n 's/^content_key=//p')
  "$BYLINE_BIN" serve --listen 127.0.0.1:0 --narration off "${DB_ARGS[@]}" 2>"$TMP/server.log" &
  PID=$!
  ADDRESS=""
  for _ in $(seq 1 600); do
    ADDRESS=$(grep -o 'serving at http://[0-9.:]*' "$TMP/server.log" | head -1 | sed 's|serving at ||') || true
    [ -n "$ADDRESS" ] && break
    sleep 0.1
  done
  [ -n "$ADDRESS" ] || { log "the server did not start"; tail "$TMP/server.log" >&2; exit 1; }

  echo "### $engine"
  echo
  python3 - "$ADDRESS" "$KEY" "$REQUESTS" <<'PY'
import json, random, sys, time, urllib.request
base, key, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(17)
api = f"{base}/ghost/api/content"
def get(path):
    started = time.perf_counter()
    with urllib.request.urlopen(f"{api}/{path}&key={key}", timeout=60) as answer:
        body = answer.read()
    return (time.perf_counter() - started) * 1000, json.loads(body)
tags = [t["slug"] for t in get("tags/?limit=all&include=count.posts")[1]["tags"] if t["count"]["posts"] > 15 * 20]
_, first = get("posts/?limit=1")
pages = first["meta"]["pagination"]["total"] // 15
_, featured = get("posts/?limit=15&filter=featured:true")
featured_pages = max(1, featured["meta"]["pagination"]["pages"])
shapes = {
    "newest": lambda: f"posts/?include=tags,authors&limit=15&page={random.randint(1, pages)}",
    "tag": lambda: f"posts/?include=tags,authors&limit=15&filter=tag:{random.choice(tags)}&page={random.randint(1, 20)}",
    "featured": lambda: f"posts/?include=tags,authors&limit=15&filter=featured:true&page={random.randint(1, featured_pages)}",
    "combined": lambda: "posts/?include=tags,authors&limit=15&filter=tag:{}%2Bpublished_at:%3Enow-{}d&page={}".format(
        random.choice(tags), random.randint(30, 3000), random.randint(1, 5)),
}
print("| browse | answers | p50 | p99 | max | rows per answer |")
print("|---|---|---|---|---|---|")
for name, make in shapes.items():
    seen, times, rows = set(), [], 0
    attempts = 0
    while len(times) < wanted and attempts < wanted * 20:
        attempts += 1
        path = make()
        if path in seen:
            continue  # asked before: it would come from the cache
        seen.add(path)
        took, body = get(path)
        times.append(took)
        rows += len(body["posts"])
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"| {name} | {len(times)} uncached | {pick(0.5):.2f} ms | **{pick(0.99):.2f} ms** | {times[-1]:.2f} ms | {rows / max(1, len(times)):.1f} |")
PY
  echo
  CACHED="$ADDRESS/ghost/api/content/posts/?include=tags,authors&limit=15&key=$KEY"
  curl -s -o /dev/null "$CACHED"; curl -s -o /dev/null "$ADDRESS/"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H 'Accept-Encoding: gzip' "$CACHED" >"$TMP/api.txt" 2>&1
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H 'Accept-Encoding: gzip' "$ADDRESS/" >"$TMP/home.txt" 2>&1
  api_rps=$(rps "$TMP/api.txt"); home_rps=$(rps "$TMP/home.txt")
  echo "Cached, $CONNECTIONS connections, ${DURATION} s each: API answer **$api_rps req/s**, home page $home_rps req/s, ratio **$(awk "BEGIN { printf \"%.2f\", $api_rps / $home_rps }")x**"
  echo
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
