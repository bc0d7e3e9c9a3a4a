#!/usr/bin/env bash
# Search latency on a 100,000-article site, on SQLite and on PostgreSQL: one-, two-
# and three-word queries through the reader's search page (/search/?q=, ten results
# with highlighted snippets), and words being typed through the as-you-type
# suggestions (/search/suggest?q=, the last word a prefix), one request at a time,
# p50 and p95 per engine.
#   bench/search.sh                  # 100,000 articles, both engines
#   POSTS=20000 ROUNDS=3 bench/search.sh
# Env: BYLINE_BIN (skip the build), POSTS, ROUNDS (passes over the query list),
#      PG_URL (server, default postgres://postgres@127.0.0.1:5432), BENCH_OUT.
set -euo pipefail

POSTS=${POSTS:-100000}
ROUNDS=${ROUNDS:-5}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "bench: $*" >&2; }

# Words from the generator's vocabulary, common and rare, single and combined.
QUERIES=(
  "council" "budget" "river" "nurses" "theatres" "harbour" "flood"
  "council budget" "river wall" "night buses" "school board" "air quality" "free school"
  "flood maps review" "rents along waterfront" "bridge repairs schedule" "harbour commission approved"
  "volunteers north side" "county auditor report" "cycle lanes proposal"
)
# What a reader has typed so far: the last word is a prefix.
TYPING=(
  "co" "cou" "coun" "counc" "harb" "budg" "fl" "flo" "nurs" "thea"
  "river w" "river wa" "school bo" "air qual" "free sch" "county aud" "flood maps rev"
)

if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$ROOT/target/release/byline"
fi

TMP=$(mktemp -d /tmp/byline-search-bench.XXXXXX)
PID=""
PG_DB="byline_search_bench_$$"
cleanup() {
  [ -z "$PID" ] || { kill "$PID" && wait "$PID"; } 2>/dev/null || true
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Runs every query of a list ROUNDS times against an endpoint and prints
# "p50 p95 mean count" in milliseconds.
measure() {
  local url=$1 out=$TMP/times.txt
  shift
  : >"$out"
  for query in "$@"; do   # warm-up: first touch of each query's pages
    curl -fsS -o /dev/null -G --data-urlencode "q=$query" "$url"
  done
  for _ in $(seq "$ROUNDS"); do
    for query in "$@"; do
      curl -fsS -o /dev/null -w '%{time_total}\n' -G --data-urlencode "q=$query" "$url" >>"$out"
    done
  done
  python3 - "$out" <<'PY'
import statistics, sys
times = sorted(float(line) * 1000 for line in open(sys.argv[1]))
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(f"{p(0.50):.2f} {p(0.95):.2f} {statistics.mean(times):.2f} {len(times)}")
PY
}

run_engine() {
  local engine=$1 data=$TMP/$1 port
  mkdir -p "$data"
  local db_args=(--data "$data")
  if [ "$engine" = postgres ]; then
    psql "$PG_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
    db_args+=(--database-url "$PG_URL/$PG_DB")
  fi
  log "$engine: generating $POSTS articles"
  local t0=$SECONDS
  "$BYLINE_BIN" generate --posts "$POSTS" "${db_args[@]}" >/dev/null 2>"$TMP/$engine-generate.log"
  local gen=$((SECONDS - t0))
  port=$(free_port)
  "$BYLINE_BIN" serve "${db_args[@]}" --listen "127.0.0.1:$port" 2>"$TMP/$engine-serve.log" &
  PID=$!
  for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done
  log "$engine: measuring"
  read -r p50 p95 mean count < <(measure "http://127.0.0.1:$port/search/" "${QUERIES[@]}")
  read -r t50 t95 tmean tcount < <(measure "http://127.0.0.1:$port/search/suggest" "${TYPING[@]}")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "| $engine | search page | $p50 | $p95 | $mean | $count | ${gen} s |"
  echo "| $engine | as you type | $t50 | $t95 | $tmean | $tcount | |"
}

{
  echo "## Byline search benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| engine | endpoint | p50 ms | p95 ms | mean ms | requests | generate |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  run_engine sqlite
  run_engine postgres
  echo
  echo "- $POSTS articles; ${#QUERIES[@]} submitted queries (1, 2 and 3 words) and ${#TYPING[@]} typed ones (last word a prefix of 2-5 letters), each × $ROUNDS rounds, sequential curl, after one warm-up pass"
  echo "- search page: /search/?q= with 10 results, snippets and the page chrome; as you type: /search/suggest?q= JSON with 6 titles"
  echo "- generate: byline generate --posts $POSTS, including the search index and ANALYZE"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
} | tee "${BENCH_OUT:-/dev/null}"
