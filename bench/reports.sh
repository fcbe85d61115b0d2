#!/usr/bin/env bash
# Benchmarks the reporting regime (issue 5): authenticated submissions of a ~2 KB report, each
# with its own Idempotency-Key, beside pgbench writing the same rows into the same PostgreSQL
# database; then the compliance view over 1 000 units with a history of 12 000 reports.
# Usage: bench/reports.sh [sqlite|postgres]
# Needs: oha (cargo install --locked oha), python3, and for postgres psql and pgbench.
# Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
duration=${BENCH_DURATION:-10s}
units=${BENCH_UNITS:-1000}
periods=${BENCH_PERIODS:-4}
submit_conns=${BENCH_SUBMIT_CONNECTIONS:-32}
compliance_conns=${BENCH_COMPLIANCE_CONNECTIONS:-8}
port=${BENCH_PORT:-18910}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
password=bench-admin-password

[ "$periods" -ge 1 ] && [ "$periods" -le 4 ] || { echo "BENCH_PERIODS: 1 to 4 (older periods may be past their last day)" >&2; exit 2; }
case "$duration" in
  *ms) echo "BENCH_DURATION: use whole seconds (10s, 1m)" >&2; exit 2 ;;
  *s) secs=${duration%s} ;;
  *m) secs=$(( ${duration%m} * 60 )) ;;
  *) secs=$duration; duration="${duration}s" ;;
esac

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cargo build --release --quiet
  cargo build --release --quiet --manifest-path bench/submit-load/Cargo.toml --target-dir "$target"
fi
case "$backend" in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1 || true)
    [ -x "$pgbench" ] || { echo "pgbench not found (apt-get install postgresql-client)" >&2; exit 2; }
    name="thidua_bench_$$"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name"
    db="postgres://postgres@127.0.0.1:5432/$name" ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac

# Generous limits: the run must measure the service, not its throttles.
export DATABASE_URL=$db
SERVICE_ENV=(THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password THIDUA_PUBLIC_RATE_LIMIT=0 THIDUA_API_RATE_LIMIT=0
  THIDUA_COMMENT_RATE_LIMIT=0 THIDUA_LOGIN_MAX_FAILURES=1000000 THIDUA_LOGIN_IP_MAX_FAILURES=1000000
  THIDUA_TOKEN_TTL_SECS=86400 RUST_LOG=warn)
env "${SERVICE_ENV[@]}" "$target/release/thidua" serve >"$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    sleep 1; psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/service.log"; exit 1; }

echo "== loading: $units units in emulation groups, 3 report types × $periods periods, a report per unit each =="
THIDUA_BIN="$target/release/thidua" RUST_LOG=warn \
  python3 bench/load_reports.py "http://127.0.0.1:$port" "$password" "$units" "$periods" "$work"
meta() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"m": m}))' "$work/meta.json" "$1"; }
admin_token=$(meta 'm["admin_token"]')
ctype=$(meta 'm["compliance"]["type"]')
cperiod=$(meta 'm["compliance"]["period"]')
content_bytes=$(meta 'm["content_bytes"]')
summary="$work/summary.txt"
: >"$summary"

echo "== compliance: GET /api/v1/reporting/compliance?type=$ctype&period=$cperiod, $compliance_conns connections, $duration =="
curl_url="http://127.0.0.1:$port/api/v1/reporting/compliance?type=$ctype&period=$cperiod"
csize=$(curl -fs -H "authorization: Bearer $admin_token" "$curl_url" | wc -c)
# oha asks for gzip like most clients; the answer on the wire is the compressed one.
gsize=$(curl -fs -H "authorization: Bearer $admin_token" -H "accept-encoding: gzip" "$curl_url" | wc -c)
oha --no-tui --output-format json -z "$duration" -c "$compliance_conns" \
  -H "authorization: Bearer $admin_token" "$curl_url" >"$work/compliance.json"
python3 - "$work/compliance.json" "$compliance_conns" "$csize" "$gsize" >>"$summary" <<'PY'
import json, sys
data, conns, size, gsize = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
codes = data.get("statusCodeDistribution", {})
ok = codes.get("200", 0)
p = {k: v * 1000 for k, v in data.get("latencyPercentiles", {}).items() if v is not None}
other = {k: v for k, v in codes.items() if k != "200"}
verdict = "p95 target < 50 ms: " + ("met" if p.get("p95", 1e9) < 50 else "MISSED")
label = f"compliance ({size / 1024:.0f} kB, {gsize / 1024:.0f} kB gzip), {conns} connections"
print(f"{label:<58} {ok / data['summary']['total']:>8.0f}/s {p.get('p50', 0):>6.2f} ms {p.get('p95', 0):>6.2f} ms {p.get('p99', 0):>6.2f} ms   {verdict}; other answers {other or 'none'}")
PY
tail -n 1 "$summary"

echo "== submissions: POST /api/v1/reports (${content_bytes}-byte content, a fresh Idempotency-Key each), $submit_conns connections, $duration =="
"$target/release/submit-load" "http://127.0.0.1:$port/api/v1/reports" "$work/tokens.txt" "$work/bodies.txt" \
  -c "$submit_conns" -z "$duration" >"$work/submit.json"
python3 - "$work/submit.json" >>"$summary" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["latency_201_ms"]
other = {k: v for k, v in d["statuses"].items() if k != "201"}
if d["errors"]:
    other["connection errors"] = d["errors"]
label = f"submissions via the API, {d['connections']} connections"
note = f"201 only; other answers {other or 'none'}"
if d.get("first_refusal"):
    note += f"; first refusal {d['first_refusal'][:160]}"
if d.get("first_error"):
    note += f"; first error {d['first_error'][:160]}"
print(f"{label:<58} {d['created_per_sec']:>8.0f}/s {p['p50']:>6.2f} ms {p['p95']:>6.2f} ms {p['p99']:>6.2f} ms   {note}")
PY
tail -n 1 "$summary"

pg_run() { # label, script
  local label=$1 script=$2 prefix="$work/pgbench-$RANDOM"
  echo "== pgbench: $label, $submit_conns clients, ${secs}s =="
  if ! "$pgbench" -h 127.0.0.1 -U postgres -n -M prepared -c "$submit_conns" -j 2 -T "$secs" -f "$script" \
      --log --log-prefix="$prefix" "$name" >"$prefix.out" 2>&1; then
    cat "$prefix.out" >&2
  fi
  python3 - "$label" "$prefix" >>"$summary" <<'PY'
import glob, re, sys
label, prefix = sys.argv[1], sys.argv[2]
out = open(prefix + ".out").read()
tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
failed = re.search(r"number of failed transactions: (\d+)", out)
lat = sorted(int(l.split()[2]) for f in glob.glob(prefix + ".[0-9]*") for l in open(f) if l.strip())
pct = lambda q: lat[min(len(lat) - 1, max(0, int(len(lat) * q) - 1))] / 1000 if lat else 0
note = f"failed transactions {failed.group(1) if failed else '?'}"
print(f"{label:<58} {float(tps.group(1)) if tps else 0:>8.0f}/s {pct(0.5):>6.2f} ms {pct(0.95):>6.2f} ms {pct(0.99):>6.2f} ms   {note}")
PY
  tail -n 1 "$summary"
}

if [ "$backend" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -d "$name" -f "$work/lanes.sql" >/dev/null
  pg_run "pgbench, a submission's rows (1 transaction)" "$work/pgbench-minimal.sql"
  pg_run "pgbench, the service's statements (1 transaction)" "$work/pgbench-service.sql"
fi

echo
echo "== summary: $backend, $units units, 3 report types × $periods periods ($(( units * 3 * periods )) reports loaded), $duration per run =="
printf '%-58s %10s %9s %9s %9s   %s\n' "run" "rate" "p50" "p95" "p99" "notes"
cat "$summary"
