#!/usr/bin/env bash
# Narration speed: `byline narrate --file` on a 700-word article (bench/fixtures/,
# written for this), with the Piper neural voice and with the espeak-ng fallback, on
# this machine's cores. Each run is the whole job as the server does it: a fresh
# `byline voice-worker` child loads the voice, speaks paragraph by paragraph and
# encodes the MP3. Reports wall time, audio length, the real-time factor (wall time
# over audio length) and the worker's peak memory, against the issue's target (a
# 700-word article in under 30 s of wall time). Usage:
#   bench/narration.sh                      # 3 runs per engine
#   RUNS=5 BENCH_OUT=result.md bench/narration.sh
# Env: BYLINE_BIN (skip the build), RUNS, ENGINES ("piper espeak-ng"), BENCH_OUT.
# Needs espeak-ng (Debian) and the Python packages in tests/narration/requirements.txt
# (installed here if missing), like the test command.
set -euo pipefail
unset BYLINE_NARRATION BYLINE_VOICE_MODEL BYLINE_ONNXRUNTIME BYLINE_ESPEAK_NG

RUNS=${RUNS:-3}
ENGINES=${ENGINES:-piper espeak-ng}
TARGET_SECONDS=30
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
ARTICLE=$ROOT/bench/fixtures/article-700-words.md
log() { echo "bench: $*" >&2; }

command -v espeak-ng >/dev/null || { log "installing espeak-ng"; apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends espeak-ng time >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null; }
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$ROOT/tests/narration/requirements.txt"

if [ -z "${BYLINE_BIN:-}" ]; then
  log "building byline (release)"
  (cd "$ROOT" && cargo build --release -j2 -p byline >&2)
  BYLINE_BIN=$TARGET_DIR/release/byline
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

words=$(sed 1d "$ARTICLE" | wc -w)
cores=$(nproc)
report="## Narration: a ${words}-word article, ${cores} cores ($(date -u +%Y-%m-%d))

| engine | run | wall s | audio s | real-time factor | peak MB (worker) | MP3 KB |
|---|---|---|---|---|---|---|"
for engine in $ENGINES; do
  for run in $(seq 1 "$RUNS"); do
    # %M of the parent is the largest of it and its waited-for children: the worker.
    line=$(/usr/bin/time -f 'peak_kb=%M' -o "$WORK/time" \
      "$BYLINE_BIN" narrate --narration "$engine" --file "$ARTICLE" --out "$WORK/out.mp3" 2>"$WORK/err") \
      || { cat "$WORK/err" >&2; exit 1; }
    audio=$(echo "$line" | sed -E 's/.* ([0-9.]+) s of audio in ([0-9.]+) s \(real-time factor ([0-9.]+)\).*/\1/')
    wall=$(echo "$line" | sed -E 's/.* ([0-9.]+) s of audio in ([0-9.]+) s \(real-time factor ([0-9.]+)\).*/\2/')
    rtf=$(echo "$line" | sed -E 's/.*real-time factor ([0-9.]+).*/\1/')
    peak=$(( $(sed -n 's/peak_kb=//p' "$WORK/time") / 1024 ))
    size=$(( $(stat -c %s "$WORK/out.mp3") / 1024 ))
    log "$engine run $run: $line"
    report+="
| $engine | $run | $wall | $audio | $rtf | $peak | $size |"
    if [ "$engine" = piper ] && awk "BEGIN { exit !($wall > $TARGET_SECONDS) }"; then
      log "MISSED the target: $wall s > $TARGET_SECONDS s"
    fi
  done
done
report+="

Target: a 700-word article in under ${TARGET_SECONDS} s of wall time with the neural voice."
echo "$report"
[ -z "${BENCH_OUT:-}" ] || echo "$report" > "$BENCH_OUT"
