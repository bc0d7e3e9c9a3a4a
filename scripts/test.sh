#!/usr/bin/env bash
# Byline's whole test suite, from a fresh Debian machine with Rust:
#   1. installs and starts what the tests need when it is missing
#      (PostgreSQL, Debian's Chromium, Node.js packages from npm),
#   2. checks formatting and lints,
#   3. runs every Rust test (each storage test on SQLite and PostgreSQL),
#   4. fuzzes every parser that reads untrusted input for 20 s each (bench/fuzz.sh:
#      cargo-fuzz, installed from crates.io if missing, on the nightly toolchain),
#   5. runs the browser tests (axe-core in headless Chromium), Ghost's own Content
#      API client from npm, and schemathesis (PyPI) on the Content API's OpenAPI
#      description, against a running Byline,
#   6. runs a cluster (scripts/cluster.sh: its own PostgreSQL, s3s-fs, three nodes,
#      nginx-light) and breaks parts of it: kill -9 of a node under load, the bucket
#      stopped, PostgreSQL restarted (tests/cluster/),
#   7. checks feeds, sitemaps and structured data with outside tools (feedparser,
#      xmllint, the schema.org vocabulary).
# Narration tests use real speech engines: espeak-ng (Debian) and a Piper neural
# voice run by ONNX Runtime (both from PyPI, tests/narration/requirements.txt).
# CI runs exactly this (.ci/run). Set BYLINE_TEST_POSTGRES_URL to use another server.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

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

ensure_postgres() {
  export BYLINE_TEST_POSTGRES_URL="${BYLINE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
  if psql "$BYLINE_TEST_POSTGRES_URL/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1; then
    return
  fi
  say "starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    as_root bash -c "$(declare -f apt_install); apt_install postgresql postgresql-client"
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  if ! psql "$BYLINE_TEST_POSTGRES_URL/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1; then
    # A stock Debian cluster asks for a password on TCP: give the test user one.
    as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'byline-tests'\"" >/dev/null
    export BYLINE_TEST_POSTGRES_URL="postgres://postgres:byline-tests@127.0.0.1:5432"
  fi
  psql "$BYLINE_TEST_POSTGRES_URL/postgres" -qtAc 'SELECT 1' >/dev/null
}

ensure_browser_tools() {
  command -v chromium >/dev/null 2>&1 || { say "installing Chromium"; as_root bash -c "$(declare -f apt_install); apt_install chromium"; }
  command -v node >/dev/null 2>&1 || { say "installing Node.js"; as_root bash -c "$(declare -f apt_install); apt_install nodejs npm"; }
  command -v java >/dev/null 2>&1 || { say "installing Java for the Nu HTML Checker"; as_root bash -c "$(declare -f apt_install); apt_install default-jre-headless"; }
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/vnu-jar ] \
     || [ ! -d node_modules/@tryghost/content-api ] || [ ! -d node_modules/@tryghost/admin-api ]; then
    say "installing browser and API test packages from npm"
    npm ci --no-audit --no-fund --silent
  fi
}

ensure_discovery_tools() {
  command -v xmllint >/dev/null 2>&1 || { say "installing xmllint"; as_root bash -c "$(declare -f apt_install); apt_install libxml2-utils"; }
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/discovery/requirements.txt
}

ensure_api_tools() {
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/api/requirements.txt
}

ensure_narration_tools() {
  command -v espeak-ng >/dev/null 2>&1 || { say "installing espeak-ng"; as_root bash -c "$(declare -f apt_install); apt_install espeak-ng"; }
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/narration/requirements.txt
}

ensure_storage_tools() {
  # Two S3 servers from the registries, so a mistake one forgives the other catches:
  # moto (PyPI) and s3s-fs (crates.io, its command-line build).
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/storage/requirements.txt
  if ! command -v s3s-fs >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs" ]; then
    say "installing s3s-fs (an S3 server over a folder) from crates.io"
    cargo install --quiet --locked s3s-fs --version 0.14.1 --features binary
  fi
}

command -v psql >/dev/null 2>&1 || as_root bash -c "$(declare -f apt_install); apt_install postgresql-client"
ensure_postgres
ensure_browser_tools
ensure_api_tools
ensure_discovery_tools
ensure_narration_tools
ensure_storage_tools

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy"
cargo clippy -j2 --all-targets --workspace -- -D warnings

say "cargo test (SQLite and PostgreSQL)"
cargo test -j2 --workspace

say "fuzzing: every target in fuzz/ for 20 s (nightly toolchain, cargo-fuzz)"
FUZZ_SECONDS=20 ./bench/fuzz.sh

say "browser tests (Chromium, axe-core, Nu HTML Checker), Ghost's own Content API client, schemathesis"
cargo build -j2 -p byline
node --test --test-timeout=300000 tests/browser/ tests/api/

say "a cluster (scripts/cluster.sh): three nodes on PostgreSQL, media in S3 (s3s-fs), nginx in front; kill -9, bucket and database outages"
node --test --test-timeout=300000 tests/cluster/

say "feeds, sitemaps and structured data (feedparser, xmllint, schema.org)"
python3 -m pytest -q tests/discovery
