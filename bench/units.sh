#!/usr/bin/env bash
# Benchmarks an authenticated read (issue 12): GET /api/v1/units?limit=50 with a bearer token,
# which pays for checking the token against the database (revoked? rights changed?), beside
# the same request answered 401 without a token (the cost of the rest of the stack).
# Usage: bench/units.sh [sqlite|postgres]
# Needs: oha (cargo install --locked oha), python3, curl. BENCH_NO_BUILD=1 and CARGO_TARGET_DIR
# run a binary built elsewhere (an older commit, to compare).
# Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
duration=${BENCH_DURATION:-10s}
port=${BENCH_PORT:-18920}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
password=bench-admin-password

[ "${BENCH_NO_BUILD:-0}" = 1 ] || cargo build --release --quiet
case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    name="thidua_bench_$$"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name"
    db="postgres://postgres@127.0.0.1:5432/$name" ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac

DATABASE_URL=$db THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password RUST_LOG=warn \
  "$target/release/thidua" serve >"$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    sleep 1; psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/service.log"; exit 1; }

token=$(curl -fs -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
url="http://127.0.0.1:$port/api/v1/units?limit=50"
echo "a page: $(curl -fs -H "Authorization: Bearer $token" "$url" | wc -c) bytes"

run() { # label, expected status, then oha arguments
  local label=$1 want=$2; shift 2
  local out
  out=$(oha --no-tui --output-format json -z "$duration" "$@")
  python3 - "$label" "$want" "$out" <<'PY'
import json, sys
label, want, data = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
codes = data.get("statusCodeDistribution", {})
ok = codes.get(want, 0)
secs = data["summary"]["total"]
p = data.get("latencyPercentiles", {})
print(f"{label:<40} {ok / secs:>10.0f} {want}/s   p50 {p.get('p50', 0) * 1000:7.2f} ms   p99 {p.get('p99', 0) * 1000:7.2f} ms   statuses {codes}")
PY
}

echo "== $backend, $duration per run =="
run "units?limit=50, bearer, 64 connections" 200 -c 64 -H "Authorization: Bearer $token" "$url"
run "units?limit=50, no token, 64 connections" 401 -c 64 "$url"
run "units?limit=50, bearer, at 2000 req/s" 200 -c 64 -q 2000 --latency-correction -H "Authorization: Bearer $token" "$url"
