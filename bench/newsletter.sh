#!/usr/bin/env bash
# Newsletter delivery: one issue to SUBSCRIBERS confirmed subscribers, sent by
# `byline newsletter send` over SMTP to Postfix's smtp-sink on loopback (which accepts
# and discards every message). Reports messages, seconds, messages per second and
# byline's peak memory against the issue's targets (>= 2,000 messages/s, < 150 MB),
# then checks in the database that every recipient's outbox row is 'sent' and at the
# sink that it received exactly one message per recipient. Usage:
#   bench/newsletter.sh                        # 100,000 subscribers, SQLite
#   SUBSCRIBERS=10000 ENGINES="sqlite postgres" BENCH_OUT=result.md bench/newsletter.sh
# Env: BYLINE_BIN (skip the build), SUBSCRIBERS, POSTS (articles generated first, for
#      the issue's article cards), ENGINES (sqlite and/or postgres), CONNECTIONS (passed
#      as --mail-connections; unset: byline's default), POSTGRES_URL (a server where
#      user may CREATE DATABASE; default postgres://postgres@127.0.0.1:5432),
#      BENCH_OUT (also write the report there), KEEP_TMP=1 (keep the temp dir).
#      Installs postfix (for smtp-sink, without starting Postfix) and time if missing.
set -euo pipefail
# byline reads these too; a leftover export would point a run elsewhere or slow it down.
unset BYLINE_DATA BYLINE_DATABASE_URL BYLINE_SMTP_URL BYLINE_MAIL_RATE BYLINE_MAIL_CONNECTIONS

SUBSCRIBERS=${SUBSCRIBERS:-100000}
POSTS=${POSTS:-30}
ENGINES=${ENGINES:-sqlite}
CONNECTIONS=${CONNECTIONS:-}
POSTGRES_URL=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
TARGET_RATE=2000
TARGET_MB=150
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SINK=/usr/sbin/smtp-sink
log() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }   # no bc on minimal systems
now() { date +%s.%N; }
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }

# --- tools -------------------------------------------------------------------
apt_install() {
  # `apt-get update` only when a package is really missing, and only once.
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_without_services() {
  # Installing postfix would start a mail server on port 25: a policy-rc.d that exits
  # 101 tells Debian's scripts not to start services (removed again if we added it),
  # and "No configuration" leaves main.cf alone. Only its smtp-sink is used.
  local policy=/usr/sbin/policy-rc.d added="" status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
  fi
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  apt_install "$@" || status=$?
  [ -z "$added" ] || rm -f "$policy"
  return "$status"
}

if [ ! -x "$SINK" ]; then
  log "installing postfix for smtp-sink (the Postfix daemon is not started)"
  as_root bash -c "$(declare -f apt_install install_without_services); install_without_services postfix"
fi
if [ ! -x /usr/bin/time ]; then
  log "installing time (GNU time, for peak memory)"
  as_root bash -c "$(declare -f apt_install); apt_install time"
fi
for engine in $ENGINES; do
  case "$engine" in
    sqlite) ;;
    postgres) command -v psql >/dev/null || { log "ENGINES has postgres but psql is missing"; exit 1; } ;;
    *) log "unknown engine '$engine' (sqlite or postgres)"; exit 1 ;;
  esac
done

# --- build -------------------------------------------------------------------
if [ -z "${BYLINE_BIN:-}" ]; then
  log "building release byline (cargo waits if another build holds the lock)"
  (cd "$ROOT" && cargo build --release -j2 -p byline)
  BYLINE_BIN="$TARGET_DIR/release/byline"
fi

# --- temp dir, cleanup -------------------------------------------------------
TMP=$(mktemp -d /tmp/byline-newsletter-bench.XXXXXX)
SINK_PID=""; PG_DB=""
stop_sink() {
  # Only the sink this script started, by pid. `|| true`: under set -e a failing
  # kill/wait would end a trap half-way.
  [ -z "$SINK_PID" ] || { kill "$SINK_PID" && wait "$SINK_PID"; } 2>/dev/null || true
  SINK_PID=""
}
drop_pg_db() {
  [ -z "$PG_DB" ] || psql "$POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  PG_DB=""
}
cleanup() {
  stop_sink
  drop_pg_db
  if [ "${KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }          # utime + stime
TICK=$(getconf CLK_TCK)

start_sink() {
  # Count-only: without -d smtp-sink throws every message away; -c prints running
  # counters ("mesg=N" after each "."). Root must name a user to switch to.
  local as_user=()
  [ "$(id -u)" -ne 0 ] || as_user=(-u nobody)
  PORT=$(free_port)
  "$SINK" -c "${as_user[@]}" "127.0.0.1:$PORT" 256 >"$TMP/$1-sink.out" 2>"$TMP/$1-sink.log" &
  SINK_PID=$!
  # It must really answer: one probe message through a full SMTP conversation.
  local ok=""
  for _ in $(seq 50); do
    if python3 - "$PORT" <<'EOF' 2>/dev/null; then ok=1; break; fi
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=5) as smtp:
    smtp.ehlo("bench")
    refused = smtp.sendmail("probe@example.org", ["probe@example.org"], "Subject: probe\r\n\r\nprobe\r\n")
    sys.exit(1 if refused else 0)
EOF
    kill -0 "$SINK_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ok" ] || { log "smtp-sink does not accept mail on 127.0.0.1:$PORT:"; cat "$TMP/$1-sink.log" >&2; exit 1; }
}

sink_messages() {
  # The last "mesg=N" of smtp-sink's counters (carriage-return separated).
  tr '\r' '\n' <"$TMP/$1-sink.out" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1
}

verify_sqlite() {
  python3 - "$1/byline.db" "$2" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
issue = int(sys.argv[2])
by_status = dict(db.execute(
    "SELECT status, COUNT(*) FROM outbox WHERE issue_id = ? GROUP BY status", (issue,)))
active = db.execute(
    "SELECT COUNT(*) FROM subscriptions s JOIN newsletter_issues i ON i.newsletter_id = s.newsletter_id "
    "WHERE i.id = ? AND s.status = 'active'", (issue,)).fetchone()[0]
status = db.execute("SELECT status FROM newsletter_issues WHERE id = ?", (issue,)).fetchone()[0]
print(by_status.get("sent", 0), sum(by_status.values()), active, status)
EOF
}

verify_postgres() {
  psql "$1" -qtA -F ' ' -c "SELECT
      (SELECT COUNT(*) FROM outbox WHERE issue_id = $2 AND status = 'sent'),
      (SELECT COUNT(*) FROM outbox WHERE issue_id = $2),
      (SELECT COUNT(*) FROM subscriptions s JOIN newsletter_issues i ON i.newsletter_id = s.newsletter_id
        WHERE i.id = $2 AND s.status = 'active'),
      (SELECT status FROM newsletter_issues WHERE id = $2)"
}

# --- runs --------------------------------------------------------------------
ROWS=()
FAILED=0
run_engine() {
  local engine=$1 data="$TMP/$1-data" db_args=() conn_args=()
  mkdir -p "$data"
  if [ "$engine" = postgres ]; then
    PG_DB="byline_newsletter_bench_$$"
    psql "$POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1
    psql "$POSTGRES_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
    db_args=(--database-url "$POSTGRES_URL/$PG_DB")
  fi
  [ -z "$CONNECTIONS" ] || conn_args=(--mail-connections "$CONNECTIONS")

  log "$engine: generating $POSTS articles and $SUBSCRIBERS confirmed subscribers"
  local t0 gen_out gen_secs issue
  t0=$(now)
  gen_out=$("$BYLINE_BIN" generate --posts "$POSTS" --subscribers "$SUBSCRIBERS" --data "$data" \
    "${db_args[@]}" 2>"$TMP/$engine-generate.log") \
    || { log "byline generate failed:"; tail -20 "$TMP/$engine-generate.log" >&2; exit 1; }
  gen_secs=$(calc "$(now) - $t0")
  echo "$gen_out" >&2
  issue=$(echo "$gen_out" | awk '$1 == "issue" {print $2}' | tail -1)
  [ -n "$issue" ] || { log "no 'issue ID' line from byline generate"; exit 1; }

  start_sink "$engine"
  local sink0 load secs status=0
  # Other work on the machine skews every figure: note the load average first.
  load=$(cut -d' ' -f1 /proc/loadavg)
  sink0=$(cpu_ticks "$SINK_PID")
  log "$engine: byline newsletter send $issue to smtp://127.0.0.1:$PORT ${conn_args[*]}"
  t0=$(now)
  /usr/bin/time -v -o "$TMP/$engine-time.txt" \
    "$BYLINE_BIN" newsletter send "$issue" --data "$data" "${db_args[@]}" \
    --smtp-url "smtp://127.0.0.1:$PORT" "${conn_args[@]}" \
    >"$TMP/$engine-send.out" 2>"$TMP/$engine-send.log" || status=$?
  secs=$(calc "$(now) - $t0" 2)
  local sink_cpu
  sink_cpu=$(calc "($(cpu_ticks "$SINK_PID") - $sink0) / $TICK" 2)
  cat "$TMP/$engine-send.out" >&2
  if [ "$status" -ne 0 ]; then
    log "byline newsletter send failed ($status):"; tail -20 "$TMP/$engine-send.log" >&2; exit 1
  fi
  local peak_kb user sys byline_cpu sent_line delivery_rate
  peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/$engine-time.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$TMP/$engine-time.txt")
  sys=$(awk -F': ' '/System time/ {print $2}' "$TMP/$engine-time.txt")
  byline_cpu=$(calc "$user + $sys" 2)
  # byline's own line: "Issue 3: 100000 sent, 0 failed, in 41.2 s (2427 messages/s)",
  # timed from the end of filling the outbox to the last mark.
  sent_line=$(grep -E '^Issue [0-9]+: ' "$TMP/$engine-send.out" | tail -1)
  delivery_rate=$(echo "$sent_line" | sed -n 's/.*(\([0-9]*\) messages\/s).*/\1/p')
  local warnings
  warnings=$(grep -ciE ' (WARN|ERROR) ' "$TMP/$engine-send.log" || true)

  # Exactly once: every outbox row sent, one row per active subscriber, and the
  # sink got one message per row (plus the probe).
  local check sent total active issue_status received
  if [ "$engine" = postgres ]; then
    check=$(verify_postgres "$POSTGRES_URL/$PG_DB" "$issue")
  else
    check=$(verify_sqlite "$data" "$issue")
  fi
  read -r sent total active issue_status <<<"$check"
  sleep 0.2
  received=$(( $(sink_messages "$engine") - 1 ))
  stop_sink
  local verdict="ok"
  if [ "$sent" != "$SUBSCRIBERS" ] || [ "$total" != "$SUBSCRIBERS" ] || [ "$active" != "$SUBSCRIBERS" ] \
     || [ "$issue_status" != sent ] || [ "$received" != "$SUBSCRIBERS" ]; then
    verdict="FAILED"
    FAILED=1
  fi
  local rate peak_mb
  rate=$(calc "$SUBSCRIBERS / $secs" 0)
  peak_mb=$(calc "$peak_kb / 1024")
  ROWS+=("| $engine | $SUBSCRIBERS | $secs | **$rate** | ${delivery_rate:-?} | **$peak_mb** | $byline_cpu | $sink_cpu | $(calc "$rate / $TARGET_RATE" 2)× | $(calc "$peak_mb / $TARGET_MB" 2)× |")
  CHECKS+=("- $engine: outbox $sent of $total rows 'sent', $active active subscribers, issue '$issue_status'; smtp-sink received $received messages (probe excluded): $verdict. Generating the data took $gen_secs s; byline's log had $warnings warnings or errors; the 1-minute load average before the send was $load.")
  drop_pg_db
}

CHECKS=()
for engine in $ENGINES; do
  run_engine "$engine"
done

# --- report ------------------------------------------------------------------
report() {
  echo "## Byline newsletter delivery benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| engine | messages | seconds | msg/s | msg/s (delivery loop) | peak RSS MB | byline CPU s | smtp-sink CPU s | rate ÷ target | memory ÷ target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
  echo
  printf '%s\n' "${CHECKS[@]}"
  echo "- command: \`byline newsletter send ID --smtp-url smtp://127.0.0.1:PORT${CONNECTIONS:+ --mail-connections $CONNECTIONS}\`" \
       "under \`/usr/bin/time -v\`; seconds are the whole command (opening the database, filling" \
       "the outbox, delivering, finishing); the delivery-loop rate is byline's own figure, from" \
       "the filled outbox to the last mark. The sink is \`smtp-sink -c 127.0.0.1:PORT 256\` (count only)."
  echo "- byline and smtp-sink share the machine's cores (with the PostgreSQL server, for that engine);" \
       "run it on an otherwise idle machine."
  echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
  [ -z "${LD_PRELOAD:-}" ] || echo "- **LD_PRELOAD=$LD_PRELOAD was set for this run** (a diagnostic, not the product as built)."
  echo "- targets: >= $TARGET_RATE messages/s (rate ÷ target >= 1), peak RSS < $TARGET_MB MB (memory ÷ target < 1)"
}
REPORT=$(report)
echo "$REPORT"
[ -z "${BENCH_OUT:-}" ] || echo "$REPORT" >"$BENCH_OUT"
exit "$FAILED"
