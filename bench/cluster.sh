#!/usr/bin/env bash
# Byline as a cluster against Byline as one node, on one machine. Starts
# scripts/cluster.sh (PostgreSQL, s3s-fs, three nodes with media in the bucket, nginx
# in front) with the release build, plus one more node on the same database that keeps
# its media in its own data folder and is reached without nginx. Then measures:
#   1. a cached article page, gzip (as browsers ask) and plain: through nginx and the
#      three nodes, and from the one node;
#   2. uploading a 5 MB photo through the front, end to end (checked, resized, every
#      size written to the bucket); target under 2 s;
#   3. serving a photo size and a narration MP3: from a node reading the bucket, from
#      the node reading its data folder (the same bytes, copied from the bucket), and
#      through nginx.
# Usage:
#   bench/cluster.sh
#   DURATION=5 BENCH_OUT=result.md bench/cluster.sh
# Env: BYLINE_BIN (skip the build), DURATION (s per wrk run, 10), CONNECTIONS (64),
#      UPLOADS (how many 5 MB photos, 3), BENCH_OUT (also write the report there),
#      KEEP_TMP=1 (keep the temp dir, logs included).
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
UPLOADS=${UPLOADS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARTICLE=/merrow-river-flood-crest/
log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

# --- tools -------------------------------------------------------------------
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! command -v wrk >/dev/null || ! command -v espeak-ng >/dev/null \
   || { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; }; then
  # Keep Debian from starting a system nginx on port 80 as a side effect of the
  # install (policy-rc.d exit 101 = "do not start services"), then restore it.
  POLICY=/usr/sbin/policy-rc.d
  [ -e "$POLICY" ] || { printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null; $SUDO chmod +x "$POLICY"; ADDED_POLICY=1; }
  $SUDO apt-get install -y wrk nginx-light espeak-ng \
    || { $SUDO apt-get update && $SUDO apt-get install -y wrk nginx-light espeak-ng; }
  [ -z "${ADDED_POLICY:-}" ] || $SUDO rm -f "$POLICY"
fi
# Pillow (PyPI) draws the 5 MB photos.
python3 -c 'import PIL' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore pillow
export AWS_ACCESS_KEY_ID=byline-test AWS_SECRET_ACCESS_KEY=byline-test-secret

# --- build ---------------------------------------------------------------------
if [ -z "${BYLINE_BIN:-}" ]; then
  BYLINE_BIN="$ROOT/target/release/byline"
  if [ ! -x "$BYLINE_BIN" ]; then
    log "building release byline (cargo waits if another build holds the lock)"
    (cd "$ROOT" && cargo build --release -j2 -p byline)
  fi
fi

# --- temp dir, cleanup -----------------------------------------------------------
TMP=$(mktemp -d /tmp/byline-bench-cluster.XXXXXX)
chmod 755 "$TMP"   # as root, PostgreSQL runs as the postgres user and must enter here
export CLUSTER_DIR="$TMP/cluster" BYLINE_BIN CLUSTER_NODES=3 CLUSTER_S3=s3s CLUSTER_MEDIA=s3 CLUSTER_NARRATION=off
SINGLE_PID=""
cleanup() {
  # Only what this script started: its own node (by pid) and its own cluster.
  [ -z "$SINGLE_PID" ] || { kill "$SINGLE_PID" && wait "$SINGLE_PID"; } 2>/dev/null || true
  "$ROOT/scripts/cluster.sh" down 2>/dev/null || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }   # no bc on minimal systems

# --- the cluster -------------------------------------------------------------------
log "starting the cluster ($BYLINE_BIN)"
ADDRESSES=$("$ROOT/scripts/cluster.sh" up 2>"$TMP/cluster-up.log") || { cat "$TMP/cluster-up.log" >&2; die "cluster.sh up failed"; }
value() { sed -n "s/^$1=//p" <<<"$ADDRESSES"; }
FRONT=$(value front); NODE1=$(value node1); S3=$(value s3); PG=$(value postgres)
EMAIL=$(value signin_email); PASSWORD=$(value signin_password)
BUCKET_DIR="$CLUSTER_DIR/s3/data/byline/media"   # s3s-fs keeps each object as a file

# A narration of the article, made once by `byline narrate` straight into the bucket
# (the nodes run without a speech engine, so nothing narrates during the runs).
"$BYLINE_BIN" narrate "${ARTICLE//\//}" --data "$TMP/narrate" --database-url "$PG" \
  --media-url s3://byline/media --s3-endpoint "$S3" --s3-path-style --narration espeak-ng \
  >"$TMP/narrate.log" 2>&1 || { cat "$TMP/narrate.log" >&2; die "byline narrate failed"; }
AUDIO=""
for _ in $(seq 50); do
  AUDIO=$(curl -fsS "$NODE1$ARTICLE" | grep -o 'src="/content/audio/[0-9a-f]*\.mp3"' | sed 's/src="//; s/"$//' | head -1 || true)
  [ -n "$AUDIO" ] && break
  sleep 0.2
done
[ -n "$AUDIO" ] || die "the article shows no narration after byline narrate"

# --- 2. the 5 MB photo, uploaded through the front (before the serving runs: its
#        1200 px copy is the photo they serve) ------------------------------------------
JAR="$TMP/cookies"
curl -fsS -c "$JAR" -o /dev/null "$FRONT/admin/signin"
SIGNIN=$(awk '$6 == "byline_signin" {print $7}' "$JAR")
code=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' "$FRONT/admin/signin" \
  --data-urlencode "csrf=$SIGNIN" --data-urlencode "email=$EMAIL" \
  --data-urlencode "password=$PASSWORD" --data-urlencode next=/admin/)
[ "$code" = 303 ] || die "desk sign-in answered $code"
CSRF=$(curl -fsS -b "$JAR" "$FRONT/admin/media" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
[ -n "$CSRF" ] || die "no CSRF token on the media page"

photo() {  # FILE N: a 4000 x 3000 JPEG of about 5 MB (smooth colour under fine grain), another for each N
  python3 - "$1" "$2" <<'PY'
import io, sys
from PIL import Image
w, h, n = 4000, 3000, int(sys.argv[2])
base = Image.linear_gradient('L').resize((w, h))
picture = Image.merge('RGB', (base, base.rotate(90 * n).resize((w, h)), Image.radial_gradient('L').resize((w, h))))
picture = Image.blend(picture, Image.effect_noise((w, h), 40 + n).convert('RGB'), 0.25)
for quality in range(85, 99):
    out = io.BytesIO()
    picture.save(out, 'JPEG', quality=quality)
    if out.tell() >= 5_000_000:
        break
open(sys.argv[1], 'wb').write(out.getvalue())
PY
}

UPLOAD_TIMES=()
PHOTO_DIR=""
for i in $(seq "$UPLOADS"); do
  photo "$TMP/photo-$i.jpg" "$i"
  before=$(ls "$BUCKET_DIR/images/u" 2>/dev/null | sort || true)
  read -r code seconds < <(curl -sS -b "$JAR" -o "$TMP/upload-$i.html" -w '%{http_code} %{time_total}\n' \
    -F "csrf=$CSRF" -F "alt=A test photo, $i" -F caption= -F credit=Bench \
    -F "file=@$TMP/photo-$i.jpg;type=image/jpeg" "$FRONT/admin/media")
  [ "$code" = 303 ] || { head -c 2000 "$TMP/upload-$i.html" >&2; die "upload $i answered $code"; }
  PHOTO_DIR=$(comm -13 <(echo "$before") <(ls "$BUCKET_DIR/images/u" | sort) | head -1)
  [ -n "$PHOTO_DIR" ] || die "upload $i wrote no new folder to the bucket"
  # Every size, as JPEG and WebP: 480, 800, 1200, 1600 and the widest, 2000.
  stored=$(ls "$BUCKET_DIR/images/u/$PHOTO_DIR" | sort | xargs)
  [ "$stored" = "1200.jpg 1200.webp 1600.jpg 1600.webp 2000.jpg 2000.webp 480.jpg 480.webp 800.jpg 800.webp" ] \
    || die "upload $i stored: $stored"
  UPLOAD_TIMES+=("$(calc "$seconds" 2)")
  log "upload $i: $(stat -c %s "$TMP/photo-$i.jpg") bytes in $seconds s, 10 files in the bucket"
done
PHOTO_BYTES=$(stat -c %s "$TMP/photo-1.jpg")
UPLOAD_MEDIAN=$(printf '%s\n' "${UPLOAD_TIMES[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
UPLOAD_MAX=$(printf '%s\n' "${UPLOAD_TIMES[@]}" | sort -g | tail -1)
IMAGE="/content/images/u/$PHOTO_DIR/1200.jpg"

# --- one more node: the same database, media in its own data folder, no nginx -------
SINGLE_DATA="$TMP/single"
mkdir -p "$SINGLE_DATA/content"
cp -r "$BUCKET_DIR/." "$SINGLE_DATA/content/"   # the bucket's files, byte for byte
SPORT=$(free_port)
SINGLE="http://127.0.0.1:$SPORT"
# The same --url as the cluster's nodes: it is saved in the shared site settings.
"$BYLINE_BIN" serve --data "$SINGLE_DATA" --listen "127.0.0.1:$SPORT" --database-url "$PG" \
  --url "$FRONT" --narration off 2>"$TMP/single.log" &
SINGLE_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$SINGLE/healthz" 2>/dev/null && break
  kill -0 "$SINGLE_PID" 2>/dev/null || { cat "$TMP/single.log" >&2; die "the single node exited"; }
  sleep 0.2
done
curl -fsS -o /dev/null "$SINGLE/healthz"

# Pages go out as browsers ask for them, gzip (kept compressed, sent as kept), and
# plain, as bench/run.sh asks (inflated per request: see "Lists at archive scale").
GZIP=(-H 'Accept-Encoding: gzip')
# The same bytes from every source, or the comparison means nothing.
same() {  # PATH [curl options]
  local a b path=$1
  shift
  a=$(curl -fsS "$@" "$NODE1$path" | sha256sum); b=$(curl -fsS "$@" "$SINGLE$path" | sha256sum)
  if [ "$a" != "$b" ] || [ "$(curl -fsS "$@" "$FRONT$path" | sha256sum)" != "$a" ]; then
    die "$path differs between the cluster and the single node"
  fi
}
same "$ARTICLE"; same "$ARTICLE" "${GZIP[@]}"; same "$IMAGE"; same "$AUDIO"
[ "$(curl -fsS -o /dev/null -w '%header{content-encoding}' "${GZIP[@]}" "$SINGLE$ARTICLE")" = gzip ] \
  || die "the article page is not sent gzip-encoded when asked"
size_of() { curl -fsS "${@:2}" "$SINGLE$1" | wc -c; }
PAGE_SIZE=$(size_of "$ARTICLE"); PAGE_GZIP_SIZE=$(size_of "$ARTICLE" "${GZIP[@]}")
IMAGE_SIZE=$(size_of "$IMAGE"); AUDIO_SIZE=$(size_of "$AUDIO")

# --- load ----------------------------------------------------------------------------
to_ms() {  # wrk prints 812.00us / 1.23ms / 1.05s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'
}
declare -A RPS P50 P99 MBS
WARNINGS=""
run_wrk() {  # key url [wrk options]
  local out key=$1 url=$2
  shift 2
  for _ in 1 2 3; do curl -fsS -o /dev/null "$@" "$url"; done     # warm every cache on the way
  wrk -t2 -c"$CONNECTIONS" -d2s "$@" "$url" >/dev/null            # and every node behind nginx
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
  echo "$out" >"$TMP/wrk-$key.txt"
  RPS[$key]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  MBS[$key]=$(awk '/^Transfer\/sec:/ {v = $2 + 0; if ($2 ~ /GB/) v *= 1024; else if ($2 ~ /KB/) v /= 1024; printf "%.0f", v}' <<<"$out")
  P50[$key]=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  P99[$key]=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    WARNINGS+="- $key: $(grep -E 'Non-2xx|Socket errors' <<<"$out" | xargs)"$'\n'
  fi
  log "$key: ${RPS[$key]} req/s, ${MBS[$key]} MB/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms"
}
run_wrk page-front "$FRONT$ARTICLE" "${GZIP[@]}"
run_wrk page-single "$SINGLE$ARTICLE" "${GZIP[@]}"
run_wrk plain-front "$FRONT$ARTICLE"
run_wrk plain-single "$SINGLE$ARTICLE"
run_wrk image-bucket "$NODE1$IMAGE"
run_wrk image-folder "$SINGLE$IMAGE"
run_wrk image-front "$FRONT$IMAGE"
run_wrk audio-bucket "$NODE1$AUDIO"
run_wrk audio-folder "$SINGLE$AUDIO"
run_wrk audio-front "$FRONT$AUDIO"

# --- report --------------------------------------------------------------------------
kb() { calc "$1 / 1024" 1; }
nginx_version() { "$(command -v nginx || echo /usr/sbin/nginx)" -v 2>&1 | sed 's/.*: //'; }
UPLOAD_OK=$(awk -v t="$UPLOAD_MEDIAN" 'BEGIN { print (t < 2.0) ? "met" : "MISSED" }')
report() {
  echo "## Byline cluster benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| what | served by | req/s | MB/s | p50 ms | p99 ms |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  row() { echo "| $1 | $2 | ${RPS[$3]} | ${MBS[$3]} | ${P50[$3]} | ${P99[$3]} |"; }
  row "article page, cached, gzip ($(kb "$PAGE_GZIP_SIZE") KB)" "nginx + 3 nodes" page-front
  row "article page, cached, gzip" "1 node, no nginx" page-single
  row "article page, cached, plain ($(kb "$PAGE_SIZE") KB)" "nginx + 3 nodes" plain-front
  row "article page, cached, plain" "1 node, no nginx" plain-single
  row "photo, 1200 px JPEG ($(kb "$IMAGE_SIZE") KB)" "1 node reading the bucket (s3s-fs)" image-bucket
  row "photo, 1200 px JPEG" "1 node reading its data folder" image-folder
  row "photo, 1200 px JPEG" "nginx + 3 nodes reading the bucket" image-front
  row "narration MP3 ($(kb "$AUDIO_SIZE") KB)" "1 node reading the bucket (s3s-fs)" audio-bucket
  row "narration MP3" "1 node reading its data folder" audio-folder
  row "narration MP3" "nginx + 3 nodes reading the bucket" audio-front
  echo
  echo "- upload of a $(calc "$PHOTO_BYTES / 1000000" 1) MB, 4000 x 3000 JPEG through the front (desk form, checked," \
       "metadata stripped, 5 widths x JPEG and WebP = 10 files written to the bucket), end to end as curl times it:" \
       "$(printf '%s s, ' "${UPLOAD_TIMES[@]}" | sed 's/, $//'); median $UPLOAD_MEDIAN s, slowest $UPLOAD_MAX s (target < 2 s: $UPLOAD_OK)"
  echo "- load: \`wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency URL\` (gzip rows with \`-H 'Accept-Encoding: gzip'\`)" \
       "after three warm-up requests and a 2 s warm-up run;" \
       "the same bytes from every source (checked by SHA-256 before the runs)"
  echo "- cluster: scripts/cluster.sh (PostgreSQL $(cat "$CLUSTER_DIR/postgres/data/PG_VERSION"), s3s-fs, 3 nodes, $(nginx_version) with keepalive to the nodes);" \
       "single node: the same database, no --media-url, the bucket's files copied to its data folder"
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); wrk, nginx, every node, s3s-fs and PostgreSQL share them"
  if [ -n "$WARNINGS" ]; then echo; echo "Warnings from wrk:"; printf '%s' "$WARNINGS"; fi
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
[ "$UPLOAD_OK" = met ] || die "the 5 MB upload took $UPLOAD_MEDIAN s (median), over the 2 s target"
