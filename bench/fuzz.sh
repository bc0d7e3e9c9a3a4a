#!/usr/bin/env bash
# Fuzzing: every cargo-fuzz target in fuzz/ (libFuzzer on the nightly toolchain) runs
# for FUZZ_SECONDS from a fresh working corpus copied from fuzz/seeds/<target>, with
# -rss_limit_mb=2048 and -timeout=10. Reports, per target, the seconds, executions,
# executions per second, final corpus size, peak memory and findings (crash-,
# timeout-, oom- and leak- files this run wrote to fuzz/artifacts/<target>/) as a
# Markdown table, and exits 1 if any target found something. Usage:
#   bench/fuzz.sh                               # every target, 60 s each
#   FUZZ_SECONDS=600 TARGETS="markdown headers" BENCH_OUT=result.md bench/fuzz.sh
# Env: FUZZ_SECONDS, TARGETS (default: every file in fuzz/fuzz_targets/), BENCH_OUT
#      (also write the table there), FUZZ_ARGS (more libFuzzer flags, such as
#      -max_len=65536), KEEP_TMP=1 (keep the working corpora and libFuzzer's logs).
#      Installs cargo-fuzz if missing; needs the nightly toolchain. cargo honours
#      CARGO_BUILD_JOBS.
set -euo pipefail

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_DIR=$ROOT/fuzz
log() { echo "bench: $*" >&2; }

rustup toolchain list | grep -q '^nightly' \
  || { log "the nightly toolchain is required (rustup toolchain install nightly)"; exit 1; }
command -v cargo-fuzz >/dev/null || {
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
}

if [ -n "${TARGETS:-}" ]; then
  read -r -a targets <<<"$TARGETS"
else
  targets=()
  for file in "$FUZZ_DIR"/fuzz_targets/*.rs; do targets+=("$(basename "$file" .rs)"); done
fi
for target in "${targets[@]}"; do
  [ -f "$FUZZ_DIR/fuzz_targets/$target.rs" ] || { log "no fuzz target named $target"; exit 1; }
done

# Optimised, with debug assertions and overflow checks (cargo-fuzz's default), and
# AddressSanitizer for the unsafe code inside the image decoders.
log "building ${#targets[@]} fuzz targets"
TRIPLE=$(rustc +nightly -vV | sed -n 's/^host: //p')
TARGET_DIR=${CARGO_TARGET_DIR:-$FUZZ_DIR/target}
(cd "$ROOT" && cargo +nightly fuzz build -O -a --target "$TRIPLE" --target-dir "$TARGET_DIR")
BIN_DIR=$TARGET_DIR/$TRIPLE/release

TMP=$(mktemp -d)
cleanup() { if [ -n "${KEEP_TMP:-}" ]; then log "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# The last value of a `stat::NAME: value` line in a libFuzzer log, or empty.
fuzz_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

table="| target | seconds | executions | exec/s | corpus files | peak RSS MB | findings |
|---|---:|---:|---:|---:|---:|---:|"
found_any=0
details=""
for target in "${targets[@]}"; do
  corpus=$TMP/corpus/$target
  artifacts=$FUZZ_DIR/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  [ -d "$FUZZ_DIR/seeds/$target" ] && cp "$FUZZ_DIR/seeds/$target"/* "$corpus"/
  stamp=$TMP/$target.start
  touch "$stamp"
  log "fuzzing $target for ${FUZZ_SECONDS}s"
  start=$(date +%s.%N)
  rc=0
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
  "$BIN_DIR/$target" "$corpus" \
    -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} \
    >"$TMP/$target.log" 2>&1 || rc=$?
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

  runs=$(fuzz_stat number_of_executed_units "$TMP/$target.log")
  # Without final stats (a crash can cut them off), the last `#N` status line.
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$TMP/$target.log" | tail -n 1 | tr -d '#')
  runs=${runs:-0}
  per_second=$(fuzz_stat average_exec_per_sec "$TMP/$target.log")
  [ -n "$per_second" ] || per_second=$(awk -v r="$runs" -v s="$seconds" 'BEGIN { printf "%d", r / s }')
  rss=$(fuzz_stat peak_rss_mb "$TMP/$target.log")
  files=$(find "$corpus" -type f | wc -l)
  findings=$(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" \
    \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  count=$(printf '%s' "$findings" | grep -c . || true)
  if [ "$count" -gt 0 ] || [ "$rc" -ne 0 ]; then
    found_any=1
    [ "$count" -gt 0 ] || count="none, exit $rc"
    why=$(grep -m 3 -E "panicked at|^==[0-9]+==ERROR|^SUMMARY|ERROR: libFuzzer" "$TMP/$target.log" || true)
    details+="
$target (libFuzzer exit $rc):
${why:-see the log: KEEP_TMP=1 bench/fuzz.sh}
${findings}
"
  fi
  table+="
| $target | $(printf '%.0f' "$seconds") | $runs | $per_second | $files | ${rss:-?} | $count |"
  log "$target: $runs executions, $count findings"
done

echo "$table"
[ -z "${BENCH_OUT:-}" ] || echo "$table" >"$BENCH_OUT"
if [ "$found_any" -ne 0 ]; then
  echo "
Findings (reproduce with: cargo +nightly fuzz run TARGET FILE; shrink with: cargo +nightly fuzz tmin TARGET FILE):$details" >&2
  exit 1
fi
