#!/usr/bin/env bash
# Runs every test of thidua: each on SQLite and on PostgreSQL.
# PostgreSQL: THIDUA_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# each test creates and drops a database of its own there. When it cannot be reached the
# PostgreSQL half is skipped with a warning, unless THIDUA_REQUIRE_POSTGRES=1 (CI), which fails.
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

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --no-fail-fast "$@"
else
  cargo test --no-fail-fast "$@"
fi
