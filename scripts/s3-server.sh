#!/usr/bin/env bash
# A throwaway S3-compatible server on 127.0.0.1, for tests and scripts/cluster.sh.
#
#   scripts/s3-server.sh start moto|s3s DIR   start it in the background, create the
#                                             bucket, print endpoint=http://127.0.0.1:PORT
#   scripts/s3-server.sh stop DIR             stop the server started in DIR (by its pid)
#   scripts/s3-server.sh status DIR           print "running KIND endpoint=…" or "stopped"
#   scripts/s3-server.sh check DIR            put, ranged get, list and delete one object
#
# Test credentials, the same for both servers (not secrets: for this machine only):
#   AWS_ACCESS_KEY_ID=byline-test
#   AWS_SECRET_ACCESS_KEY=byline-test-secret
#   AWS_REGION=us-east-1, bucket "byline", path-style addresses (http://HOST:PORT/BUCKET/KEY)
#
# The two servers:
#   moto  PyPI moto[server] (tests/storage/requirements.txt). Keeps everything in
#         memory: a restart loses the bucket's objects (start creates the bucket again).
#         It accepts any key, any signature and unsigned requests alike.
#   s3s   crates.io s3s-fs, a server over a folder: bucket BUCKET is DIR/data/BUCKET/,
#         an object is a file under it, so objects survive a restart. It checks SigV4
#         signatures against the keys above and refuses unsigned requests. 0.14.1 is
#         the newest release that builds on rustc 1.95 (0.15 and later need 1.96).
#
# DIR keeps kind, port, pid, endpoint, server.log and (s3s) data/. Starting again in
# the same DIR reuses its port and data, so an address already handed to Byline stays
# right after a restart. Env: S3_BUCKET (default byline), S3_PORT (use this port
# rather than a free one), S3S_FS_VERSION (default 0.14.1).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUCKET=${S3_BUCKET:-byline}
ACCESS_KEY=byline-test
SECRET_KEY=byline-test-secret
REGION=us-east-1
S3S_FS_VERSION=${S3S_FS_VERSION:-0.14.1}

log() { echo "s3-server: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# shellcheck source=lib/ports.sh
. "$ROOT/scripts/lib/ports.sh"

# The server's program name as it shows in /proc/PID/cmdline, to tell our process
# from an unrelated one that was given the same pid after ours ended.
program_of() { case "$1" in moto) echo moto.server ;; s3s) echo s3s-fs ;; esac; }

# True when DIR's recorded pid is still our server (a zombie counts as gone).
alive() {
  local dir=$1 pid kind
  [ -f "$dir/pid" ] && [ -f "$dir/kind" ] || return 1
  pid=$(cat "$dir/pid"); kind=$(cat "$dir/kind")
  [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$(program_of "$kind")"
}

# A signed request, as Byline (or any AWS SDK) would make it. curl 7.88 does not send
# x-amz-content-sha256 by itself and s3s-fs refuses a request without it; given the
# header, curl signs with its value (UNSIGNED-PAYLOAD: the body is not hashed).
s3_curl() {
  curl -sS --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@"
}

ensure_moto() {
  python3 -c 'import moto.server, flask, flask_cors' 2>/dev/null && return
  log "installing moto[server] from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    -r "$ROOT/tests/storage/requirements.txt"
}

# Prints the path of s3s-fs, installing it from crates.io (~3 min on 2 cores) if missing.
ensure_s3s() {
  local bin
  bin=$(command -v s3s-fs || echo "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs")
  if [ ! -x "$bin" ]; then
    log "installing s3s-fs $S3S_FS_VERSION from crates.io (a few minutes)"
    cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary --locked >&2
  fi
  echo "$bin"
}

# Waits (at most 30 s) until the server answers HTTP at all; any status will do.
wait_until_answers() {
  local dir=$1 endpoint=$2 code
  for _ in $(seq 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$endpoint/" || true)
    [ "$code" = 000 ] || return 0
    alive "$dir" || { tail -n 20 "$dir/server.log" >&2; die "the server exited at start (log: $dir/server.log)"; }
    sleep 0.2
  done
  die "no answer from $endpoint after 30 s (log: $dir/server.log)"
}

# 200 is a new bucket; 409 one that is already there (moto says BucketAlreadyOwnedByYou,
# s3s-fs BucketAlreadyExists), which is what a restart with the same data gives.
create_bucket() {
  local endpoint=$1 code
  code=$(s3_curl -o /dev/null -w '%{http_code}' -X PUT "$endpoint/$BUCKET")
  case "$code" in
    200 | 409) ;;
    *) die "creating bucket $BUCKET answered HTTP $code" ;;
  esac
}

start() {
  local kind=$1 dir=$2 port pid endpoint program
  case "$kind" in moto | s3s) ;; *) usage ;; esac
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if alive "$dir"; then
    [ "$(cat "$dir/kind")" = "$kind" ] || die "$dir already runs the $(cat "$dir/kind") server; stop it first"
    log "already running"
    cat "$dir/endpoint"
    return
  fi
  port=${S3_PORT:-$(cat "$dir/port" 2>/dev/null || free_port)}
  port_is_free "$port" || die "port $port is taken by another program"

  local -a command
  case "$kind" in
    moto)
      ensure_moto
      # The interpreter itself rather than a version manager's shim, so the pid we
      # record is the server's.
      command=("$(python3 -c 'import sys; print(sys.executable)')" -m moto.server -H 127.0.0.1 -p "$port")
      ;;
    s3s)
      program=$(ensure_s3s)
      mkdir -p "$dir/data"
      command=("$program" --host 127.0.0.1 --port "$port"
               --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" "$dir/data")
      ;;
  esac
  echo "$kind" >"$dir/kind"
  echo "$port" >"$dir/port"
  # setsid: its own session, so it outlives this script and a Ctrl-C meant for the
  # caller's terminal. Not a group leader here, so setsid execs and $! is the server.
  printf '\n--- %s start: %s\n' "$(date -u +%FT%TZ)" "${command[*]}" >>"$dir/server.log"
  RUST_LOG=${S3S_LOG:-info} setsid "${command[@]}" >>"$dir/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/pid"

  endpoint="http://127.0.0.1:$port"
  # Half a start is no start: stop the server again if it never becomes usable.
  if ! (wait_until_answers "$dir" "$endpoint" && create_bucket "$endpoint"); then
    stop "$dir"
    exit 1
  fi
  echo "endpoint=$endpoint" >"$dir/endpoint"
  cat "$dir/endpoint"
}

stop() {
  local dir=$1 pid
  if ! alive "$dir"; then
    rm -f "$dir/pid"
    log "not running"
    return
  fi
  pid=$(cat "$dir/pid")
  kill "$pid"
  for _ in $(seq 50); do  # 10 s, then no more patience
    alive "$dir" || break
    sleep 0.2
  done
  if alive "$dir"; then
    log "still running after 10 s: kill -9 $pid"
    kill -9 "$pid"
  fi
  rm -f "$dir/pid"
}

status() {
  local dir=$1
  if alive "$dir"; then echo "running $(cat "$dir/kind") $(cat "$dir/endpoint")"; else echo stopped; return 3; fi
}

# One object through the calls Byline's media store makes. Prints one line per step
# and fails on the first unexpected answer.
check() {
  local dir=$1 endpoint key body tmp
  alive "$dir" || die "no server running in $dir"
  endpoint=$(sed 's/^endpoint=//' "$dir/endpoint")
  key="check/$(date +%s)-$$.txt"
  body="hello from byline, $(date -u +%FT%TZ)"
  tmp="$dir/check.out"   # the last answer's body, kept for a look when a step fails

  expect() {  # step expected-status actual-status
    if [ "$2" = "$3" ]; then echo "ok   $1 ($3)"; else echo "FAIL $1: HTTP $3, expected $2" >&2; cat "$tmp" >&2; return 1; fi
  }
  expect "put $key" 200 "$(s3_curl -o "$tmp" -w '%{http_code}' -X PUT -H 'Content-Type: text/plain' --data-binary "$body" "$endpoint/$BUCKET/$key")"
  expect "get whole" 200 "$(s3_curl -o "$tmp" -w '%{http_code}' "$endpoint/$BUCKET/$key")"
  [ "$(cat "$tmp")" = "$body" ] || { echo "FAIL get: other bytes came back" >&2; return 1; }
  expect "get Range: bytes=0-4" 206 "$(s3_curl -o "$tmp" -w '%{http_code}' -H 'Range: bytes=0-4' "$endpoint/$BUCKET/$key")"
  [ "$(cat "$tmp")" = hello ] || { echo "FAIL range: got '$(cat "$tmp")'" >&2; return 1; }
  expect "head" 200 "$(s3_curl -o /dev/null -w '%{http_code}' -I "$endpoint/$BUCKET/$key")"
  # curl 7.88 signs the query string as written: it must already be in SigV4's
  # canonical form (names sorted, "/" as %2F), or a checking server says 403.
  expect "list-objects-v2 prefix=check/" 200 "$(s3_curl -o "$tmp" -w '%{http_code}' "$endpoint/$BUCKET?list-type=2&prefix=check%2F")"
  grep -q "<Key>$key</Key>" "$tmp" || { echo "FAIL list: $key not listed" >&2; return 1; }
  expect "delete" 204 "$(s3_curl -o "$tmp" -w '%{http_code}' -X DELETE "$endpoint/$BUCKET/$key")"
  expect "get after delete" 404 "$(s3_curl -o "$tmp" -w '%{http_code}' "$endpoint/$BUCKET/$key")"
  # Informational: moto answers unsigned requests, s3s-fs refuses them (403).
  echo "info unsigned GET of the bucket: HTTP $(curl -s -o /dev/null -w '%{http_code}' "$endpoint/$BUCKET?list-type=2")"
}

[ $# -ge 2 ] || usage
case "$1" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop) stop "$2" ;;
  status) status "$2" ;;
  check) check "$2" ;;
  *) usage ;;
esac
