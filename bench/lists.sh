#!/usr/bin/env bash
# What a page costs to render when the cache does not have it, on a generated archive:
# an article, a section page and an author page at random depths (/page/N/), the
# home page, and a page number past the end. Every address is asked for once, one
# request at a time, so each answer is a fresh render (the home page is made
# uncached before each of its requests); prints median and p99 per kind and the
# ratio to an article (target: within 3x, and the same at every archive size).
#   bench/lists.sh                         # 100,000 articles, SQLite and PostgreSQL
#   POSTS=1000000 ENGINES=sqlite bench/lists.sh
# Env: BYLINE_BIN (skip the build), POSTS, ENGINES, SAMPLES (addresses per kind),
#      HOME_SAMPLES (uncached renders of the home page, default 30),
#      PG_URL (server, default postgres://postgres@127.0.0.1:5432), KEPT=1 (use the
#      archive bench/archive.sh keeps in ARCHIVE_DIR, default /tmp/byline-archive,
#      instead of generating a fresh one; it is left as it was found).
set -euo pipefail

POSTS=${POSTS:-100000}
ENGINES=${ENGINES:-sqlite postgres}
SAMPLES=${SAMPLES:-300}
HOME_SAMPLES=${HOME_SAMPLES:-30}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
KEPT=${KEPT:-0}
ARCHIVE_DIR=${ARCHIVE_DIR:-/tmp/byline-archive}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "bench: $*" >&2; }

if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$ROOT/target/release/byline"
fi

TMP=$(mktemp -d /tmp/byline-lists-bench.XXXXXX)
PID=""
PG_DB="byline_lists_bench_$$"
cleanup() {
  [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
# byline reads these too; a leftover export would point a run elsewhere.
unset BYLINE_DATABASE_URL BYLINE_DATA BYLINE_LISTEN BYLINE_URL

# Moves the content version behind the server's back with a change to the
# collections, which only the home page (and the shared chrome) shows.
touch_home() {  # engine data-dir db-args...
  local engine=$1 data=$2
  local bump="UPDATE site_state SET content_version = content_version + 1; \
INSERT INTO content_changes (version, scopes) SELECT content_version, 'collections' FROM site_state;"
  if [ "$engine" = postgres ]; then
    psql "${@: -1}" -qc "BEGIN; $bump COMMIT;" >/dev/null
  else
    python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()" \
      "$data/byline.db" "$bump"
  fi
}

echo "## Uncached page renders ($(date -u +%Y-%m-%dT%H:%MZ), $POSTS articles, $SAMPLES addresses per kind)"
echo
echo "| engine | page | median ms | p99 ms | × article (median) |"
echo "| --- | --- | ---: | ---: | ---: |"

for engine in $ENGINES; do
  if [ "$KEPT" = 1 ]; then
    data="$ARCHIVE_DIR/$engine-$POSTS"
    [ -f "$data/generated" ] || { log "no kept archive in $data (bench/archive.sh makes it)"; exit 1; }
    db_args=(--data "$data")
    [ "$engine" = postgres ] && db_args+=(--database-url "$PG_URL/byline_archive_$POSTS")
    log "$engine: using the kept archive in $data"
  else
    data="$TMP/$engine"
    mkdir -p "$data"
    db_args=(--data "$data")
    if [ "$engine" = postgres ]; then
      psql "$PG_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
      db_args+=(--database-url "$PG_URL/$PG_DB")
    fi
    log "$engine: generating $POSTS articles"
    start=$(date +%s.%N)
    "$BYLINE_BIN" generate --posts "$POSTS" "${db_args[@]}" >&2
    log "$engine: generated in $(echo "$(date +%s.%N) - $start" | bc) s"
  fi

  "$BYLINE_BIN" serve --listen 127.0.0.1:0 --narration off "${db_args[@]}" 2>"$TMP/$engine.log" &
  PID=$!
  address=""
  for _ in $(seq 1 300); do
    address=$(grep -o 'serving at http://[0-9.:]*' "$TMP/$engine.log" | head -1 | sed 's|serving at ||') || true
    [ -n "$address" ] && break
    sleep 0.1
  done
  [ -n "$address" ] || { log "the server did not start"; cat "$TMP/$engine.log" >&2; exit 1; }

  # The addresses: random articles from the sitemap, random depths of every section
  # and author (their last page read from the first page's pagination).
  python3 - "$address" "$SAMPLES" "$TMP/$engine.urls" <<'PY'
import random, re, sys, urllib.request
base, samples, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return r.read().decode()
index = get("/sitemap.xml")
children = [u for u in re.findall(r"<loc>[^<]*?(/sitemaps/[^<]+)</loc>", index) if "/posts/" in u]
articles = []
for child in random.sample(children, min(3, len(children))):
    articles += re.findall(r"<loc>[^<]*?(/[a-z0-9-]+/)</loc>", get(child))
locs = []
for child in re.findall(r"<loc>[^<]*?(/sitemaps/[^<]+)</loc>", index):
    if "/posts/" not in child:
        locs += re.findall(r"<loc>[^<]*?(/(?:tag|author)/[a-z0-9-]+/)</loc>", get(child))
lists = {"section": sorted({l for l in locs if l.startswith("/tag/")}),
         "author": sorted({l for l in locs if l.startswith("/author/")})}
with open(out, "w") as f:
    for path in random.sample(articles, min(samples, len(articles))):
        f.write(f"article {path}\n")
    for kind, bases in lists.items():
        last = {}
        for b in bases:
            count = re.search(r"Page \d+ of (\d+)", get(b))
            last[b] = int(count.group(1)) if count else 1
        chosen = set()
        while len(chosen) < min(samples, sum(max(l - 1, 0) for l in last.values())):
            b = random.choice(bases)
            if last[b] >= 2:
                chosen.add(f"{b}page/{random.randint(2, last[b])}/")
        for path in sorted(chosen):
            f.write(f"{kind} {path}\n")
        for b in bases:
            f.write(f"{kind}-past-the-end {b}page/{last[b] + 5}/\n")
PY
  # Shuffled so the kinds interleave; each address once (a fresh render).
  shuf --random-source=<(yes) "$TMP/$engine.urls" | while read -r kind path; do
    echo "$kind $(curl -s -o /dev/null -w '%{http_code} %{time_starttransfer}' "$address$path")"
  done > "$TMP/$engine.times"
  # The home page is one address. It is made uncached HOME_SAMPLES times by moving the
  # content version with a change only it shows (the collections), as an editor's
  # change to Editors' Picks would. A cached article is asked for first, which loads
  # the new version's shared chrome, so the time is the home page's own render.
  warm=$(awk '$1 == "article" { print $2; exit }' "$TMP/$engine.urls")
  for _ in $(seq 1 "$HOME_SAMPLES"); do
    touch_home "$engine" "$data" "${db_args[@]}"
    sleep 1.5  # the version poll runs every second
    curl -s -o /dev/null "$address$warm"
    echo "home $(curl -s -o /dev/null -w '%{http_code} %{time_starttransfer}' "$address/")"
  done >> "$TMP/$engine.times"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  if [ "$engine" = postgres ] && [ "$KEPT" != 1 ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
  fi

  python3 - "$engine" "$TMP/$engine.times" <<'PY'
import statistics, sys
engine, path = sys.argv[1], sys.argv[2]
times, bad = {}, []
for line in open(path):
    kind, code, seconds = line.split()
    expected = "404" if kind.endswith("past-the-end") else "200"
    if code != expected:
        bad.append(f"{kind} answered {code}")
    times.setdefault(kind, []).append(float(seconds) * 1000)
def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]
article = statistics.median(times["article"])
for kind in ["article", "section", "author", "home", "section-past-the-end", "author-past-the-end"]:
    xs = times.get(kind, [])
    if xs:
        m = statistics.median(xs)
        print(f"| {engine} | {kind} ({len(xs)}) | {m:.2f} | {p99(xs):.2f} | {m / article:.1f} |")
for b in sorted(set(bad)):
    print(f"\n**unexpected:** {b}")
PY
done
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
echo "- times are time to first byte through curl on 127.0.0.1, one request at a time, each address once"
