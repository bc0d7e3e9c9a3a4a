#!/usr/bin/env bash
# Byline as a small production deployment on one machine: its own PostgreSQL, an
# S3-compatible media bucket, three stateless `byline serve` nodes and nginx in front.
# The starting point for a real layout (README: "A cluster on one machine"), and the
# rig for tests that kill parts of it.
#
#   scripts/cluster.sh up          start whatever is not running; prints front=URL,
#                                  node1=URL …, s3=URL, postgres=URL, one per line
#   scripts/cluster.sh down        stop exactly what `up` started
#   scripts/cluster.sh status      each part's state (exit 3 when one is down)
#   scripts/cluster.sh kill N      kill -9 node N
#   scripts/cluster.sh start N     start node N again with the same settings
#   scripts/cluster.sh s3-stop | s3-start | pg-restart
#
# Env: CLUSTER_DIR, the state folder (./byline-cluster: data, logs, pids, ports), and
# these, read by `up` and kept in CLUSTER_DIR/cluster.env for the other commands:
#   CLUSTER_S3         s3s (default: crates.io s3s-fs, files on disk) or moto (PyPI, in memory)
#   CLUSTER_MEDIA      s3 (default): media in the bucket; folder: each node keeps media
#                      in its own data folder (for a byline without --media-url)
#   CLUSTER_NODES      how many nodes (3)
#   CLUSTER_NARRATION  the nodes' --narration (off: speech takes every core)
#   CLUSTER_NARRATION_NODES  which nodes get CLUSTER_NARRATION, e.g. "3" or "1 3"
#                      (default: all); the others run --narration off and leave
#                      narration jobs to the ones with an engine
#   BYLINE_BIN         the byline program (else the one the last `up` used, else
#                      target/release, else target/debug, else built with cargo)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${CLUSTER_DIR:-./byline-cluster}
S3_SERVER="$ROOT/scripts/s3-server.sh"
BUCKET=byline
# The throwaway keys scripts/s3-server.sh gives both of its servers.
export AWS_ACCESS_KEY_ID=byline-test AWS_SECRET_ACCESS_KEY=byline-test-secret

log() { echo "cluster: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { sed -n '7,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# --- small helpers -------------------------------------------------------------

# shellcheck source=lib/ports.sh
. "$ROOT/scripts/lib/ports.sh"

# The port recorded in FILE, or a new free one (recorded). Ports stay the same from
# one `up` to the next so addresses already handed out (the site's --url, nginx's
# upstreams) stay right; a recorded port some other program took is replaced.
port_in() {
  local file=$1 port
  port=$(cat "$file" 2>/dev/null || true)
  if [ -z "$port" ] || ! port_is_free "$port"; then
    [ -z "$port" ] || log "port $port ($file) is taken by another program: choosing another"
    port=$(free_port)
    echo "$port" >"$file"
  fi
  echo "$port"
}

# True when the pid in PIDFILE is alive and its command line holds MARKER, so a
# recycled pid of some other program is never taken for ours (zombies are gone).
running() {
  local pidfile=$1 marker=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

# Sends SIGNAL to the process in PIDFILE, waits up to SECONDS for it to go, then
# kill -9. Only ever our recorded pid, checked against MARKER first.
stop_process() {
  local pidfile=$1 marker=$2 signal=$3 seconds=$4 name=$5
  if ! running "$pidfile" "$marker"; then
    rm -f "$pidfile"
    return
  fi
  local pid
  pid=$(cat "$pidfile")
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq $((seconds * 5))); do
    running "$pidfile" "$marker" || break
    sleep 0.2
  done
  if running "$pidfile" "$marker"; then
    log "$name (pid $pid) still running after ${seconds} s: kill -9"
    kill -9 "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$pidfile"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages without letting them start a system service (policy-rc.d
# exit 101 means "do not start"): no system nginx on port 80, no second PostgreSQL.
apt_install() {
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    added=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
  [ -z "$added" ] || as_root rm -f "$policy"
}

# --- settings kept between commands -------------------------------------------

# `up` writes the settings (the environment's, else the recorded ones, else the
# defaults); the other commands only read them, so `start 2` runs node 2 exactly as
# `up` did, whatever the caller's environment says now.
load_settings() {
  S3_KIND="" MEDIA="" NODES="" NARRATION="" NARRATION_NODES="" BYLINE_BIN_USED=""
  if [ -f "$DIR/cluster.env" ]; then
    # shellcheck source=/dev/null
    . "$DIR/cluster.env"
  elif [ "${1:-}" != update ]; then
    die "no cluster in $DIR (run: scripts/cluster.sh up)"
  fi
  if [ "${1:-}" != update ]; then
    BYLINE_BIN=$BYLINE_BIN_USED
    return
  fi
  S3_KIND=${CLUSTER_S3:-${S3_KIND:-s3s}}
  MEDIA=${CLUSTER_MEDIA:-${MEDIA:-s3}}
  NODES=${CLUSTER_NODES:-${NODES:-3}}
  NARRATION=${CLUSTER_NARRATION:-${NARRATION:-off}}
  NARRATION_NODES=${CLUSTER_NARRATION_NODES:-${NARRATION_NODES:-all}}
  NARRATION_NODES=$(tr ',' ' ' <<<"$NARRATION_NODES" | xargs)
  case "$S3_KIND" in moto | s3s) ;; *) die "CLUSTER_S3 is moto or s3s, not $S3_KIND" ;; esac
  case "$MEDIA" in s3 | folder) ;; *) die "CLUSTER_MEDIA is s3 or folder, not $MEDIA" ;; esac
  [[ "$NODES" =~ ^[1-9][0-9]*$ ]] || die "CLUSTER_NODES is a number of nodes, not $NODES"
  if [ "$NARRATION_NODES" != all ]; then
    local n
    for n in $NARRATION_NODES; do
      if ! [[ "$n" =~ ^[1-9][0-9]*$ ]] || [ "$n" -gt "$NODES" ]; then
        die "CLUSTER_NARRATION_NODES lists node numbers from 1 to $NODES, not '$n'"
      fi
    done
    [ "$NARRATION" != off ] \
      || die "CLUSTER_NARRATION_NODES=$NARRATION_NODES needs an engine: set CLUSTER_NARRATION (e.g. espeak-ng)"
  fi
}

# The --narration of node N: CLUSTER_NARRATION on the nodes CLUSTER_NARRATION_NODES
# names (all by default), off on the others.
node_narration() {
  if [ "$NARRATION_NODES" = all ] || [[ " $NARRATION_NODES " == *" $1 "* ]]; then
    echo "$NARRATION"
  else
    echo off
  fi
}

# Records the settings `up` chose, the byline program included.
save_settings() {
  printf 'S3_KIND=%q\nMEDIA=%q\nNODES=%q\nNARRATION=%q\nNARRATION_NODES=%q\nBYLINE_BIN_USED=%q\n' \
    "$S3_KIND" "$MEDIA" "$NODES" "$NARRATION" "$NARRATION_NODES" "$BYLINE_BIN" >"$DIR/cluster.env"
}

# Every command but `up` works on an existing state folder.
enter_cluster() {
  [ -f "$DIR/cluster.env" ] || die "no cluster in $DIR (run: scripts/cluster.sh up)"
  DIR=$(cd "$DIR" && pwd)
  load_settings
}

# $BYLINE_BIN, else the program the last `up` used, else target/release, else
# target/debug; cargo builds it only when there is none at all.
find_byline() {
  local bin
  for bin in "${BYLINE_BIN:-}" "${BYLINE_BIN_USED:-}" "$ROOT/target/release/byline" "$ROOT/target/debug/byline"; do
    [ -n "$bin" ] && [ -x "$bin" ] && { (cd "$(dirname "$bin")" && echo "$PWD/$(basename "$bin")"); return; }
  done
  log "no byline binary: building it (cargo build -j2 -p byline)"
  (cd "$ROOT" && cargo build -j2 -p byline >&2)
  echo "$ROOT/target/debug/byline"
}

# --- PostgreSQL: its own instance in the state folder ---------------------------

pg_bindir() {
  local dir
  dir=$(pg_config --bindir 2>/dev/null || true)
  [ -x "$dir/initdb" ] || dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$dir/initdb" ] || dir=/usr/local/bin
  [ -x "$dir/initdb" ] || dir=/usr/local/pgsql/bin
  if [ ! -x "$dir/initdb" ]; then
    log "installing PostgreSQL from Debian"
    apt_install postgresql
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$dir"
}

# PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/postgres/port")/byline"; }
pg_running() { [ -d "$DIR/postgres/data" ] && as_pg "$(pg_bindir)/pg_ctl" status -D "$DIR/postgres/data" >/dev/null 2>&1; }

pg_start() {
  local bin port
  bin=$(pg_bindir)
  mkdir -p "$DIR/postgres"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$DIR/postgres"
  if [ ! -f "$DIR/postgres/data/PG_VERSION" ]; then
    as_pg test -w "$DIR/postgres" || die "the postgres user cannot write $DIR/postgres: put CLUSTER_DIR where it can"
    log "initdb: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $DIR/postgres/data"
    # Trust on 127.0.0.1 only (initdb's pg_hba.conf): a throwaway instance that
    # listens on loopback alone; production databases want passwords and TLS.
    as_pg "$bin/initdb" -D "$DIR/postgres/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$DIR/postgres/initdb.log"
  fi
  if pg_running; then return; fi
  port=$(port_in "$DIR/postgres/port")
  # Loopback only, no Unix socket (so nothing is written outside the state folder).
  as_pg "$bin/pg_ctl" start -D "$DIR/postgres/data" -l "$DIR/postgres/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null \
    || { tail -n 20 "$DIR/postgres/postgres.log" >&2; die "PostgreSQL did not start"; }
  head -1 "$DIR/postgres/data/postmaster.pid" >"$DIR/postgres/pid"
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname = 'byline'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres byline
  fi
}

pg_stop() {
  pg_running || return 0
  as_pg "$(pg_bindir)/pg_ctl" stop -D "$DIR/postgres/data" -m fast -w -t 60 >/dev/null
  rm -f "$DIR/postgres/pid"
}

pg_restart() {
  pg_running || die "PostgreSQL is not running"
  local port
  port=$(cat "$DIR/postgres/port")
  # -m fast: what a failover or a crash looks like to the nodes (their connections break).
  as_pg "$(pg_bindir)/pg_ctl" restart -D "$DIR/postgres/data" -l "$DIR/postgres/postgres.log" -m fast -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
  head -1 "$DIR/postgres/data/postmaster.pid" >"$DIR/postgres/pid"
}

# --- the S3 server (scripts/s3-server.sh keeps its own port, pid and data) ------

s3_endpoint() { sed 's/^endpoint=//' "$DIR/s3/endpoint"; }
s3_running() { "$S3_SERVER" status "$DIR/s3" >/dev/null 2>&1; }
s3_start() { s3_running || "$S3_SERVER" start "$S3_KIND" "$DIR/s3" >/dev/null; }
s3_stop() { "$S3_SERVER" stop "$DIR/s3" 2>/dev/null; }

# --- the nodes ----------------------------------------------------------------

node_url() { echo "http://127.0.0.1:$(cat "$DIR/node$1/port")"; }
front_url() { echo "http://127.0.0.1:$(cat "$DIR/nginx/port")"; }
# Our node's command line holds its own data folder, which no other process's does.
node_running() { running "$DIR/node$1/pid" "--data $DIR/node$1/data"; }

# Starts node N in the background (recorded pid). With `demo`, an empty database is
# filled with the demo newsroom and a desk sign-in is printed to the node's log.
node_start() {
  local n=$1 demo=${2:-} port
  node_running "$n" && return
  mkdir -p "$DIR/node$n/data"
  port=$(cat "$DIR/node$n/port")
  port_is_free "$port" || die "node $n's port $port is taken by another program"
  local -a command=("$BYLINE_BIN" serve
    --data "$DIR/node$n/data"
    --listen "127.0.0.1:$port"
    --database-url "$(pg_url)"
    --url "$(front_url)"
    --narration "$(node_narration "$n")"
    # Behind nginx every reader seems to come from 127.0.0.1: the per-address cap
    # on News Feed streams is nginx's job here (limit_conn in nginx.conf).
    --max-streams-per-address 0)
  if [ "$MEDIA" = s3 ]; then
    command+=(--media-url "s3://$BUCKET/media" --s3-endpoint "$(s3_endpoint)"
              --s3-region us-east-1 --s3-path-style)
  fi
  # CLUSTER_MEDIA=folder: every node keeps uploads, demo pictures and narrations in
  # its own data folder, so a file written through one node is missing on the
  # others. Not a real shared setup; only for a byline without --media-url.
  [ -z "$demo" ] || command+=(--demo)
  printf '\n--- %s start: %s\n' "$(date -u +%FT%TZ)" "${command[*]}" >>"$DIR/node$n/log"
  # setsid: the node outlives this script and a Ctrl-C meant for the caller.
  setsid "${command[@]}" >>"$DIR/node$n/log" 2>&1 </dev/null &
  echo $! >"$DIR/node$n/pid"
}

# Waits (at most SECONDS) for node N's /healthz; fails at once if the node exits.
node_wait() {
  local n=$1 seconds=$2
  for _ in $(seq $((seconds * 5))); do
    http_ok "$(node_url "$n")/healthz" && return
    node_running "$n" || { tail -n 20 "$DIR/node$n/log" >&2; die "node $n exited (log: $DIR/node$n/log)"; }
    sleep 0.2
  done
  die "node $n gave no healthy answer in $seconds s (log: $DIR/node$n/log)"
}

node_stop() {
  # SIGTERM: a node finishes the requests in flight and ends its live streams.
  stop_process "$DIR/node$1/pid" "--data $DIR/node$1/data" TERM 15 "node $1"
}

# The demo's sign-in, as node 1 printed it after byte OFFSET of its log (this start,
# not an earlier one), pointed at the front address instead.
capture_signin() {
  local offset=$1 line
  for _ in $(seq 25); do  # printed just before the node answers; 5 s at most
    line=$(tail -c "+$((offset + 1))" "$DIR/node1/log" | grep 'Demo desk sign-in:' | tail -1 || true)
    [ -z "$line" ] || break
    sleep 0.2
  done
  [ -n "$line" ] || { log "node 1 printed no demo sign-in"; return; }
  (umask 077; sed "s#http://[^ ]*/admin/#$(front_url)/admin/#" <<<"$line" >"$DIR/signin")
}

# --- nginx in front -------------------------------------------------------------

nginx_bin() {
  command -v nginx 2>/dev/null && return
  [ -x /usr/sbin/nginx ] || { log "installing nginx-light from Debian"; apt_install nginx-light; }
  echo /usr/sbin/nginx
}
nginx_running() { running "$DIR/nginx/pid" "$DIR/nginx/nginx.conf"; }

write_nginx_conf() {
  local n servers="" user=""
  for n in $(seq "$NODES"); do
    # Passive health checks: one failed attempt (refused, reset, timed out) takes a
    # node out of rotation for 5 s, then one request tries it again.
    servers+="    server 127.0.0.1:$(cat "$DIR/node$n/port") max_fails=1 fail_timeout=5s;"$'\n'
  done
  # As root the workers run as root too, to write their temp files in the state folder.
  [ "$(id -u)" -ne 0 ] || user="user root;"
  mkdir -p "$DIR/nginx/tmp"
  cat >"$DIR/nginx/nginx.conf" <<EOF
# Written by scripts/cluster.sh; rewritten at every start of nginx.
$user
worker_processes auto;
daemon off;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
# Open live streams would hold a graceful stop forever: end them after 5 s.
worker_shutdown_timeout 5s;
events { worker_connections 4096; }   # each live stream holds two: reader and node

http {
  log_format upstream '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                      'node=\$upstream_addr node_status=\$upstream_status \$request_time s';
  access_log $DIR/nginx/access.log upstream;
  server_tokens off;
  client_body_temp_path $DIR/nginx/tmp/body; proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi; uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;

  upstream byline {
$servers
    zone byline 64k;       # workers share what they learn about a dead node
    keepalive 32;          # idle connections kept open to the nodes, per worker
    keepalive_timeout 60s;
  }

  # At most 64 live streams per reader address, as a single node would allow.
  limit_conn_zone \$binary_remote_addr zone=streams:10m;

  server {
    listen 127.0.0.1:$(cat "$DIR/nginx/port");
    client_max_body_size 25m;          # image uploads and imports through the desk

    proxy_http_version 1.1;            # needed for keepalive to the nodes
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;  # with the port: the front is not on port 80 here
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_connect_timeout 2s;          # a node that does not accept is skipped quickly
    proxy_read_timeout 60s;
    # A request that failed to reach a node (refused, reset, timed out) goes to the
    # next one. nginx never passes a POST on once a node may have received it.
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 3;
    proxy_next_upstream_timeout 10s;
    # Which node answered, for tests and for looking; drop it in production.
    add_header X-Byline-Node \$upstream_addr always;

    location / {
      proxy_pass http://byline;
    }

    # The live News Feed (Server-Sent Events): pass every event on at once, keep the
    # stream open well past the nodes' 20 s keep-alive comments.
    location = /news-feed/events {
      proxy_pass http://byline;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      # A location with its own proxy_set_header inherits none from the server:
      # all four again.
      proxy_set_header Connection '';
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      limit_conn streams 64;
      limit_conn_status 429;
    }

    # Prometheus scrapes each node directly, not the public front.
    location = /metrics { return 404; }
  }
}
EOF
}

nginx_start() {
  local bin
  bin=$(nginx_bin)
  write_nginx_conf
  if nginx_running; then
    # A node may have moved to another port: reload the upstreams (SIGHUP).
    kill -HUP "$(cat "$DIR/nginx/pid")"
    return
  fi
  "$bin" -t -q -p "$DIR/nginx" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" \
    || die "nginx refuses its configuration ($DIR/nginx/nginx.conf)"
  setsid "$bin" -p "$DIR/nginx" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" \
    >>"$DIR/nginx/stderr.log" 2>&1 </dev/null &
  echo $! >"$DIR/nginx/pid"
}

nginx_stop() {
  # SIGQUIT: finish the requests in flight (live streams end after 5 s).
  stop_process "$DIR/nginx/pid" "$DIR/nginx/nginx.conf" QUIT 10 nginx
}

# --- commands -----------------------------------------------------------------

print_addresses() {
  local n
  echo "front=$(front_url)"
  for n in $(seq "$NODES"); do echo "node$n=$(node_url "$n")"; done
  echo "s3=$(s3_endpoint)"
  echo "postgres=$(pg_url)"
  if [ -f "$DIR/signin" ]; then
    log "$(cat "$DIR/signin")"
    sed -E 's#.*sign-in: *([^ ]+) +email: *([^ ]+) +password: *([^ ]+).*#signin_url=\1\nsignin_email=\2\nsignin_password=\3#' "$DIR/signin"
  fi
}

all_running() {
  local n
  pg_running && s3_running && nginx_running || return 1
  for n in $(seq "$NODES"); do node_running "$n" || return 1; done
}

cmd_up() {
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  load_settings update
  if [ -f "$DIR/cluster.env" ] && all_running; then
    log "already up"
    print_addresses
    return
  fi
  BYLINE_BIN=$(find_byline)
  save_settings
  if [ "$MEDIA" = s3 ] && ! "$BYLINE_BIN" serve --help 2>/dev/null | grep -q -- '--media-url'; then
    die "$BYLINE_BIN has no --media-url yet: rebuild it, or run with CLUSTER_MEDIA=folder"
  fi
  if [ "$NARRATION" = espeak-ng ] && ! command -v espeak-ng >/dev/null 2>&1; then
    log "installing espeak-ng from Debian (the narration engine asked for)"
    apt_install espeak-ng
  fi
  local n
  mkdir -p "$DIR/nginx"
  nginx_running || port_in "$DIR/nginx/port" >/dev/null   # the front address is every node's --url
  for n in $(seq "$NODES"); do mkdir -p "$DIR/node$n"; node_running "$n" || port_in "$DIR/node$n/port" >/dev/null; done

  pg_start
  log "postgres: $(pg_url)"
  s3_start
  log "s3 ($S3_KIND): $(s3_endpoint)"

  # Node 1 alone first: it runs the migrations and fills an empty database with the
  # demo, and --demo prints the desk's sign-in (a new password at every start).
  if ! node_running 1; then
    rm -f "$DIR/signin"
    local offset
    offset=$(stat -c %s "$DIR/node1/log" 2>/dev/null || echo 0)
    node_start 1 demo
    node_wait 1 180
    capture_signin "$offset"
  fi
  log "node1: $(node_url 1)"
  for n in $(seq 2 "$NODES"); do node_start "$n"; done
  for n in $(seq 2 "$NODES"); do node_wait "$n" 60; log "node$n: $(node_url "$n")"; done

  nginx_start
  for _ in $(seq 50); do http_ok "$(front_url)/healthz" && break; sleep 0.2; done
  http_ok "$(front_url)/healthz" || die "nginx does not answer at $(front_url)/healthz (log: $DIR/nginx/error.log)"
  log "front: $(front_url)"
  print_addresses
}

cmd_down() {
  [ -f "$DIR/cluster.env" ] || { log "no cluster in $DIR"; return; }
  enter_cluster
  local n
  # Front first (no new requests), then the nodes, then what they depend on.
  nginx_stop
  for n in $(seq "$NODES"); do node_stop "$n" & done
  wait
  s3_stop
  pg_stop
  log "down"
}

cmd_status() {
  [ -f "$DIR/cluster.env" ] || { echo "no cluster in $DIR"; return 3; }
  enter_cluster
  local n state all=0
  report() {  # name running? address pidfile [extra]
    if [ "$2" = 0 ]; then state=running; else state=stopped; all=3; fi
    printf '%-9s %-8s %s%s%s\n' "$1" "$state" "$3" "$([ "$state" = running ] && [ -f "$4" ] && echo " pid $(cat "$4")")" "${5:-}"
  }
  report postgres "$(pg_running && echo 0 || echo 1)" "$(pg_url)" "$DIR/postgres/pid"
  report s3 "$(s3_running && echo 0 || echo 1)" "$(s3_endpoint) ($S3_KIND)" "$DIR/s3/pid"
  for n in $(seq "$NODES"); do
    local health=""
    if node_running "$n"; then
      http_ok "$(node_url "$n")/healthz" && health=" healthz ok" || health=" healthz FAILING"
      report "node$n" 0 "$(node_url "$n")" "$DIR/node$n/pid" "$health"
    else
      report "node$n" 1 "$(node_url "$n")" "$DIR/node$n/pid"
    fi
  done
  report front "$(nginx_running && echo 0 || echo 1)" "$(front_url)" "$DIR/nginx/pid"
  return "$all"
}

node_number() {
  if ! [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || [ "$1" -gt "$NODES" ]; then
    die "no node '${1:-}' (1 to $NODES)"
  fi
}

cmd_kill() {
  enter_cluster; node_number "${1:-}"
  node_running "$1" || die "node $1 is not running"
  local pid
  pid=$(cat "$DIR/node$1/pid")
  kill -9 "$pid"
  for _ in $(seq 25); do node_running "$1" || break; sleep 0.2; done
  rm -f "$DIR/node$1/pid"
  log "node $1 (pid $pid) killed"
}

cmd_start() {
  enter_cluster; node_number "${1:-}"
  # Without --demo, even for node 1: the demo is in the database already, and --demo
  # would give the desk account a new password.
  node_start "$1"
  node_wait "$1" 60
  echo "node$1=$(node_url "$1")"
}

[ $# -ge 1 ] || usage
case "$1" in
  up | down | status | s3-stop | s3-start | pg-restart) [ $# -eq 1 ] || usage ;;
  kill | start) [ $# -eq 2 ] || usage ;;
  *) usage ;;
esac
case "$1" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill) cmd_kill "$2" ;;
  start) cmd_start "$2" ;;
  s3-stop) enter_cluster; s3_stop; log "s3 stopped" ;;
  s3-start) enter_cluster; s3_start; echo "s3=$(s3_endpoint)" ;;
  pg-restart) enter_cluster; pg_restart; echo "postgres=$(pg_url)" ;;
esac
