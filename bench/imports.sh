#!/usr/bin/env bash
# Benchmarks imports (issue 16): 10 000 rows of units (100 parents, then children naming them
# in the same file) and of exemplary models, as CSV and as .xlsx, each as a dry run and as a
# real import, on a fresh database with the letter's seed. The issue's figure: under 10 s.
# Usage: bench/imports.sh [sqlite|postgres]
# Needs: python3, curl. BENCH_ROWS changes the number of rows.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
rows=${BENCH_ROWS:-10000}
port=${BENCH_PORT:-18930}
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

DATABASE_URL=$db THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password THIDUA_TOKEN_TTL_SECS=3600 \
  RUST_LOG=warn "$target/release/thidua" serve >"$work/service.log" 2>&1 &
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

send() { # label, kind, file, query
  local label=$1 kind=$2 file=$3 query=$4 out
  out=$(curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
    "http://127.0.0.1:$port/api/v1/imports?kind=$kind$query")
  python3 - "$label" "$out" "$work/answer.json" "$(stat -c %s "$file")" <<'PY'
import json, sys
label, (status, secs), answer, size = sys.argv[1], sys.argv[2].split(), json.load(open(sys.argv[3])), int(sys.argv[4])
errors = len(answer.get("errors", []))
print(f"{label:<44} {status}  {float(secs):6.2f} s   rows {answer.get('rows')}  created {answer.get('created')}  errors {errors}  file {size / 1024:.0f} kB")
PY
}

echo "backend: $backend, $rows rows per file"
for fmt in csv xlsx; do
  python3 bench/import_file.py units "$rows" "$fmt" "$work/units.$fmt"
  python3 bench/import_file.py exemplary_models "$rows" "$fmt" "$work/models.$fmt"
done
send "units, CSV, dry run" units "$work/units.csv" "&dry_run=true"
send "units, CSV" units "$work/units.csv" ""
# The same codes again: every row clashes and is skipped.
send "units, .xlsx, every row already there (skip)" units "$work/units.xlsx" "&on_clash=skip"
send "exemplary models, .xlsx, dry run" exemplary_models "$work/models.xlsx" "&dry_run=true"
send "exemplary models, .xlsx" exemplary_models "$work/models.xlsx" ""
send "exemplary models, CSV (each clashes, skip)" exemplary_models "$work/models.csv" "&on_clash=skip"
