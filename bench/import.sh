#!/usr/bin/env bash
# Moving a newsroom in: `byline import` of a 100,000-post WordPress export (WXR) and a
# 100,000-post Ghost export (JSON), both made by bench/import/generate.py, each into a
# fresh SQLite data folder and a fresh PostgreSQL database. Reports seconds, peak
# memory and posts per second against the targets (SQLite < 120 s, PostgreSQL < 240 s,
# peak RSS < 300 MB), and counts the posts that arrived. Usage:
#   bench/import.sh                                   # 100,000 posts, both engines and formats
#   POSTS=10000 ENGINES=sqlite FORMATS=ghost bench/import.sh
# Env: BYLINE_BIN (skip the build), POSTS, SEED (for the generator), ENGINES (sqlite
#      and/or postgres), FORMATS (wordpress and/or ghost), POSTGRES_URL (a server where
#      the user may CREATE DATABASE; default postgres://postgres@127.0.0.1:5432),
#      FILES_DIR (where the generated exports are kept and reused between runs; default
#      /tmp/byline-import-bench-files), TIMEOUT (seconds before one import is stopped;
#      default 900), LEXICAL_ONLY=1 (Ghost file without Ghost's html and plaintext
#      renderings: about 1 GB instead of 2 GB at 100,000 posts), BENCH_OUT (also write
#      the report there), KEEP_TMP=1 (keep the data folders and logs).
set -euo pipefail
# byline reads these too; a leftover export would point a run elsewhere.
unset BYLINE_DATA BYLINE_DATABASE_URL BYLINE_CONTENT BYLINE_UPLOADS BYLINE_DRY_RUN

POSTS=${POSTS:-100000}
SEED=${SEED:-1}
ENGINES=${ENGINES:-sqlite postgres}
FORMATS=${FORMATS:-wordpress ghost}
POSTGRES_URL=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
FILES_DIR=${FILES_DIR:-/tmp/byline-import-bench-files}
TIMEOUT=${TIMEOUT:-900}
LEXICAL_ONLY=${LEXICAL_ONLY:-0}
TARGET_SQLITE_S=120
TARGET_POSTGRES_S=240
TARGET_MB=300
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
log() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }   # no bc on minimal systems
now() { date +%s.%N; }

# --- tools -------------------------------------------------------------------
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }
if [ ! -x /usr/bin/time ]; then
  log "installing time (GNU time, for peak memory)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq time >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null; }
fi
for engine in $ENGINES; do
  case "$engine" in
    sqlite) ;;
    postgres) command -v psql >/dev/null || { log "ENGINES has postgres but psql is missing"; exit 1; } ;;
    *) log "unknown engine '$engine' (sqlite or postgres)"; exit 1 ;;
  esac
done
for format in $FORMATS; do
  case "$format" in
    wordpress | ghost) ;;
    *) log "unknown format '$format' (wordpress or ghost)"; exit 1 ;;
  esac
done

# --- build -------------------------------------------------------------------
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline (cargo waits if another build holds the lock)"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$TARGET_DIR/release/byline"
fi

# --- temp dir, cleanup -------------------------------------------------------
TMP=$(mktemp -d /tmp/byline-import-bench.XXXXXX)
PG_DB=""
RUN_PID=""
stop_run() {
  # Only the import this script started, by pid: timeout passes the signal on to it.
  [ -z "$RUN_PID" ] || { kill "$RUN_PID" && wait "$RUN_PID"; } 2>/dev/null || true
  RUN_PID=""
}
drop_pg_db() {
  # `|| true`: under set -e a failing psql would end the trap half-way.
  [ -z "$PG_DB" ] || psql "$POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  PG_DB=""
}
cleanup() {
  stop_run
  drop_pg_db
  if [ "${KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the exports, made once and reused ------------------------------------------
mkdir -p "$FILES_DIR"
export_file() {
  local format=$1 ext=xml
  if [ "$format" = ghost ]; then
    ext=json
    [ "$LEXICAL_ONLY" != 1 ] || ext=lexical-only.json
  fi
  echo "$FILES_DIR/$format-$POSTS-seed$SEED.$ext"
}
generator_args() {
  [ "$1" = ghost ] && [ "$LEXICAL_ONLY" = 1 ] && echo --lexical-only
  return 0
}
for format in $FORMATS; do
  file=$(export_file "$format")
  if [ -s "$file" ]; then
    log "reusing $file ($(du -h "$file" | cut -f1))"
  else
    # The generator writes FILE.partial and renames it when done: a run stopped half-way
    # leaves nothing that looks finished.
    log "generating $file"
    # shellcheck disable=SC2046 # no argument or one word
    python3 "$ROOT/bench/import/generate.py" "$format" --posts "$POSTS" --seed "$SEED" $(generator_args "$format") "$file" >&2
  fi
done

# --- runs --------------------------------------------------------------------
# What arrived: posts and pages in the posts table (the generator adds POSTS / 1000
# pages, at least 2, to the POSTS posts).
PAGES=$(( POSTS / 1000 > 2 ? POSTS / 1000 : 2 ))
EXPECTED=$(( POSTS + PAGES ))
count_posts() {
  local engine=$1 data=$2
  if [ "$engine" = postgres ]; then
    psql "$POSTGRES_URL/$PG_DB" -qtAc "SELECT COUNT(*) FROM posts" 2>/dev/null || echo "?"
  else
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM posts").fetchone()[0])' \
      "$data/byline.db" 2>/dev/null || echo "?"
  fi
}

ROWS=()
NOTES=()
FAILED=0
run_one() {
  local engine=$1 format=$2 file data db_args=() status=0
  file=$(export_file "$format")
  data="$TMP/$engine-$format-data"
  mkdir -p "$data"
  db_args=(--data "$data")
  if [ "$engine" = postgres ]; then
    PG_DB="byline_import_bench_$$"
    psql "$POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    psql "$POSTGRES_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
    db_args+=(--database-url "$POSTGRES_URL/$PG_DB")
  fi
  local load t0 secs
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "$engine: byline import $format $(basename "$file")"
  t0=$(now)
  # timeout stops the import (time and byline, its process group) if it hangs; in the
  # background so that an interrupted script can stop it too (see stop_run).
  timeout "$TIMEOUT" /usr/bin/time -v -o "$TMP/$engine-$format-time.txt" \
    "$BYLINE_BIN" import "$format" "$file" "${db_args[@]}" --max-file-mb 4096 \
    >"$TMP/$engine-$format.out" 2>"$TMP/$engine-$format.log" </dev/null &
  RUN_PID=$!
  wait "$RUN_PID" || status=$?
  RUN_PID=""
  secs=$(calc "$(now) - $t0" 1)
  local peak_kb peak_mb rate imported target verdict
  peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/$engine-$format-time.txt" 2>/dev/null || true)
  peak_mb="?"; rate="?"
  [ -z "$peak_kb" ] || peak_mb=$(calc "$peak_kb / 1024" 0)
  [ "$status" -ne 0 ] || rate=$(calc "$POSTS / $secs" 0)
  imported=$(count_posts "$engine" "$data")
  target=$TARGET_SQLITE_S
  [ "$engine" = postgres ] && target=$TARGET_POSTGRES_S
  verdict="ok"
  if [ "$status" -eq 124 ]; then
    verdict="STOPPED after ${TIMEOUT} s"
  elif [ "$status" -ne 0 ]; then
    verdict="FAILED (exit $status)"
    log "byline import failed ($status):"; tail -20 "$TMP/$engine-$format.log" >&2
  else
    [ "$(calc "$secs < $target" 0)" = 1 ] || verdict="slower than the target"
    [ "${peak_kb:-0}" -lt $((TARGET_MB * 1024)) ] || verdict="$verdict; more memory than the target"
    [ "$imported" = "$EXPECTED" ] || verdict="$verdict; $imported of $EXPECTED posts and pages arrived"
  fi
  [ "$verdict" = ok ] || FAILED=1
  ROWS+=("| $engine | $format | $POSTS | **$secs** | < $target | **$peak_mb** | $rate | $imported | $verdict |")
  NOTES+=("- $engine, $format: the 1-minute load average before the run was $load; byline's last words: $(tail -1 "$TMP/$engine-$format.out" 2>/dev/null | cut -c1-200)")
  drop_pg_db
}

for engine in $ENGINES; do
  for format in $FORMATS; do
    run_one "$engine" "$format"
  done
done

# --- report ------------------------------------------------------------------
report() {
  echo "## Byline import benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| engine | format | posts | seconds | target s | peak RSS MB | posts/s | posts and pages in the database | verdict |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${ROWS[@]}"
  echo
  for format in $FORMATS; do
    local file
    file=$(export_file "$format")
    echo "- $format export: $(basename "$file"), $(du -h "$file" | cut -f1), made by bench/import/generate.py $format --posts $POSTS --seed $SEED$(generator_args "$format" | sed "s/^/ /") ($POSTS posts and $PAGES pages, 40% with a lead image, images referenced by address with no files behind them)"
  done
  printf '%s\n' "${NOTES[@]}"
  echo "- command: \`byline import FORMAT FILE --data DIR [--database-url URL]\` under \`/usr/bin/time -v\`, into a fresh data folder (and a fresh database for PostgreSQL); seconds are the whole command"
  echo "- targets: SQLite < $TARGET_SQLITE_S s, PostgreSQL < $TARGET_POSTGRES_S s, peak RSS < $TARGET_MB MB, every post and page imported"
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
exit "$FAILED"
