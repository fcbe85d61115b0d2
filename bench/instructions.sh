#!/usr/bin/env bash
# Counts the CPU instructions the service spends per request on the public feed's paths, under
# valgrind's callgrind: unlike requests per second, the count barely moves from run to run or
# with what else the machine does, so it tells a change of cost from the noise of a busy
# machine. Each path is counted alone (instrumentation switched on around its requests only),
# with the answer cache off (THIDUA_PUBLIC_CACHE_SECS=0) so that every request does the work.
# Usage: bench/instructions.sh [target-dir ...]   (default: target; each holds release/thidua)
# Needs: valgrind (apt-get install valgrind), oha (cargo install --locked oha), python3, curl.
# oha asks for gzip unless told otherwise, hence the explicit identity path.
# BENCH_REQUESTS (default 300) requests per path, BENCH_MODELS (default 2000) models loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${BENCH_REQUESTS:-300}
models=${BENCH_MODELS:-2000}
port=${BENCH_PORT:-18930}
password=bench-admin-password
[ $# -gt 0 ] || set -- target
[ "${BENCH_NO_BUILD:-0}" = 1 ] || [ "$*" != target ] || cargo build --release --quiet
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)" >&2; exit 2; }

base="http://127.0.0.1:$port/public/v1/exemplary-models"
paths=("first page, identity|$base?limit=50|identity"
  "first page, gzip|$base?limit=50|gzip"
  "search q, gzip|$base?limit=50&q=ho%20ngheo%20viec%20lam|gzip")

wait_ready() {
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the service did not start" >&2; return 1
}

printf '%-22s %-18s %16s\n' "binary" "path" "instructions/req"
for dir in "$@"; do
  bin="$dir/release/thidua"
  [ -x "$bin" ] || { echo "no $bin" >&2; exit 2; }
  work=$(mktemp -d)
  export DATABASE_URL="sqlite://$work/bench.db"
  env=(THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password THIDUA_PUBLIC_RATE_LIMIT=0 THIDUA_API_RATE_LIMIT=0
    THIDUA_PUBLIC_CACHE_SECS=0 RUST_LOG=warn)
  # Load at full speed, then serve the same file under callgrind.
  env "${env[@]}" "$bin" serve >"$work/load.log" 2>&1 &
  pid=$!
  wait_ready
  python3 bench/load_models.py "http://127.0.0.1:$port" "$password" "$models" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  (cd "$work" && env "${env[@]}" valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$work/cg.out" "$bin" serve >"$work/service.log" 2>&1) &
  wait_ready
  dumps=0
  vg=$(pgrep -f "callgrind-out-file=$work/cg.out" | head -n 1)
  for entry in "${paths[@]}"; do
    IFS='|' read -r label url enc <<<"$entry"
    headers=(); [ -n "$enc" ] && headers=(-H "Accept-Encoding: $enc")
    oha --no-tui -n 20 -c 2 "${headers[@]}" "$url" >/dev/null # warm
    callgrind_control -z "$vg" >/dev/null 2>&1
    callgrind_control -i on "$vg" >/dev/null 2>&1
    oha --no-tui -n "$requests" -c 2 "${headers[@]}" "$url" >/dev/null 2>&1
    callgrind_control -i off "$vg" >/dev/null 2>&1
    dumps=$((dumps + 1))
    dump="$work/cg.out.$dumps"
    callgrind_control -d "$vg" >/dev/null 2>&1
    for _ in $(seq 1 100); do grep -q '^totals:' "$dump" 2>/dev/null && break; sleep 0.1; done
    total=$(awk '/^totals:/ {print $2; exit}' "$dump")
    printf '%-22s %-18s %16s\n' "$(basename "$dir")" "$label" "$(( total / requests ))"
  done
  kill "$vg" 2>/dev/null || true; wait 2>/dev/null || true
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$work"
done
