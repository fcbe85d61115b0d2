#!/usr/bin/env bash
# Benchmarks the public feed the e-portal pulls (issue 4), beside nginx serving the same bytes.
# Usage: bench/public.sh [sqlite|postgres] [cache-seconds]
# Needs: oha (cargo install --locked oha), nginx (apt-get install nginx-light), python3.
# BENCH_NO_BUILD=1 and CARGO_TARGET_DIR run a binary built elsewhere (an older commit, to compare).
# Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
cache=${2:-1}
duration=${BENCH_DURATION:-10s}
models=${BENCH_MODELS:-10000}
port=18900
nginx_port=18901
work=$(mktemp -d)
password=bench-admin-password

target=${CARGO_TARGET_DIR:-target}
[ "${BENCH_NO_BUILD:-0}" = 1 ] || cargo build --release --quiet
case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    name="thidua_bench_$$"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name"
    db="postgres://postgres@127.0.0.1:5432/$name" ;;
  *) echo "usage: $0 [sqlite|postgres] [cache-seconds]" >&2; exit 2 ;;
esac

DATABASE_URL=$db THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password THIDUA_PUBLIC_RATE_LIMIT=0 THIDUA_API_RATE_LIMIT=0 \
  THIDUA_PUBLIC_CACHE_SECS=$cache RUST_LOG=warn "$target/release/thidua" serve >"$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    sleep 1; psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
  fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

python3 bench/load_models.py "http://127.0.0.1:$port" "$password" "$models"

base="http://127.0.0.1:$port/public/v1/exemplary-models"
first="$base?limit=50"
search="$base?limit=50&q=ho%20ngheo%20viec%20lam"
mkdir -p "$work/www"
curl -s "$first" -o "$work/www/first.json"
# The service's own gzip bytes, for nginx's gzip_static: both sides send the same body.
curl -s -H "Accept-Encoding: gzip" "$first" -o "$work/www/first.json.gz"
etag=$(curl -s -D - -o /dev/null "$first" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}')
chmod -R a+rX "$work"
echo "first page: $(wc -c <"$work/www/first.json") bytes ($(wc -c <"$work/www/first.json.gz") gzipped), $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/www/first.json") items"

cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  gzip_static on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf"

run() { # label, then oha arguments
  local label=$1; shift
  local out
  out=$(oha --no-tui --output-format json -z "$duration" "$@")
  python3 - "$label" "$out" <<'PY'
import json, sys
label, data = sys.argv[1], json.loads(sys.argv[2])
codes = data.get("statusCodeDistribution", {})
ok = sum(v for k, v in codes.items() if k in ("200", "304"))
secs = data["summary"]["total"]
p = data.get("latencyPercentiles", {})
print(f"{label:<44} {ok / secs:>10.0f} ok/s   p50 {p.get('p50', 0) * 1000:7.2f} ms   p99 {p.get('p99', 0) * 1000:7.2f} ms   statuses {codes}")
PY
}

echo "== $backend, public cache ${cache}s, $models models, $duration per run =="
run "nginx, same bytes, 64 connections" -c 64 "http://127.0.0.1:$nginx_port/first.json"
run "first page, 64 connections" -c 64 "$first"
run "nginx, same gzip bytes (gzip_static), 64 conns" -c 64 -H "Accept-Encoding: gzip" "http://127.0.0.1:$nginx_port/first.json"
run "first page gzip, 64 connections" -c 64 -H "Accept-Encoding: gzip" "$first"
run "first page 304 (If-None-Match), 64 conns" -c 64 -H "If-None-Match: $etag" "$first"
run "search q, 64 connections" -c 64 "$search"
run "first page at 2000 req/s (corrected)" -c 64 -q 2000 --latency-correction "$first"
run "search q at 2000 req/s (corrected)" -c 64 -q 2000 --latency-correction "$search"
run "first page gzip at 2000 req/s (corrected)" -c 64 -q 2000 --latency-correction -H "Accept-Encoding: gzip" "$first"
