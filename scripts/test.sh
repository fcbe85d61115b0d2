#!/usr/bin/env bash
# Runs every test of thidua: each on SQLite and on PostgreSQL.
# PostgreSQL: THIDUA_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# each test creates and drops a database of its own there. When it cannot be reached the
# PostgreSQL half is skipped with a warning, unless THIDUA_REQUIRE_POSTGRES=1 (CI), which fails.
# The file-store tests also run on an S3-compatible server: THIDUA_TEST_S3_URL, or moto_server
# started here on loopback when target/moto-venv has it (see the README); without either the S3
# half is skipped with a warning, unless THIDUA_REQUIRE_S3=1 (CI), which fails.
set -euo pipefail
cd "$(dirname "$0")/.."

url=${THIDUA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
hostport=${url#*://}; hostport=${hostport#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$host" ] && port=5432

if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "PostgreSQL at $host:$port: tests run on SQLite and PostgreSQL."
elif [ "${THIDUA_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "ERROR: THIDUA_REQUIRE_POSTGRES=1 but PostgreSQL at $host:$port is unreachable." >&2
  exit 1
else
  cat >&2 <<MSG
################################################################################
#  WARNING: PostgreSQL at $host:$port is unreachable.
#  Only the SQLite half of the tests runs; the PostgreSQL half is SKIPPED.
#  Start PostgreSQL or set THIDUA_TEST_POSTGRES_URL to test both backends.
################################################################################
MSG
fi

if [ -z "${THIDUA_TEST_S3_URL:-}" ]; then
  moto=""
  for candidate in target/moto-venv/bin/moto_server "$(command -v moto_server || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && { moto=$candidate; break; }
  done
  if [ -n "$moto" ]; then
    s3_port=${THIDUA_TEST_S3_PORT:-9079}
    mkdir -p target
    "$moto" -H 127.0.0.1 -p "$s3_port" >target/moto.log 2>&1 &
    moto_pid=$!
    trap 'kill $moto_pid 2>/dev/null || true' EXIT
    for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.2; done
    export THIDUA_TEST_S3_URL="http://127.0.0.1:$s3_port"
  fi
fi
if [ -n "${THIDUA_TEST_S3_URL:-}" ]; then
  echo "S3-compatible server at $THIDUA_TEST_S3_URL: the file-store tests run on a directory and on S3."
elif [ "${THIDUA_REQUIRE_S3:-0}" = "1" ]; then
  echo "ERROR: THIDUA_REQUIRE_S3=1 but no S3-compatible server: set THIDUA_TEST_S3_URL or install moto (README)." >&2
  exit 1
else
  cat >&2 <<MSG
################################################################################
#  WARNING: no S3-compatible server (THIDUA_TEST_S3_URL unset, no moto_server).
#  The file-store tests run on a local directory only; the S3 half is SKIPPED.
#  See the README: python3 -m venv target/moto-venv &&
#  target/moto-venv/bin/pip install 'moto[server]==5.1.22'
################################################################################
MSG
fi

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --no-fail-fast "$@"
else
  cargo test --no-fail-fast "$@"
fi
