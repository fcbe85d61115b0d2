#!/usr/bin/env bash
# Fuzzes every operation of the spec with schemathesis against a running service.
# Usage: .ci/schemathesis.sh BINARY DATABASE_URL PORT
# The stateful phase is off: schemathesis 4.32 infers links from nested Location headers
# (/api/v1/movements/{id}/plans/{plan_id}) onto unrelated operations and then reports its own
# inferred links as invalid. Every operation is still covered by the other three phases.
set -euo pipefail
bin=$1 db=$2 port=$3
work=$(mktemp -d)
password="schemathesis-admin-password"
DATABASE_URL=$db THIDUA_BIND=127.0.0.1:$port THIDUA_ADMIN_PASSWORD=$password THIDUA_TOKEN_TTL_SECS=3600 THIDUA_FILE_DIR=$work/files \
  THIDUA_LOGIN_IP_MAX_FAILURES=1000000 THIDUA_API_RATE_LIMIT=1000000 RUST_LOG=warn "$bin" serve >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
token=$(curl -fs "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
status=0
st --config-file "$(dirname "$0")/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,ignored_auth \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-40}" --max-time "${SCHEMATHESIS_MAX_TIME:-300}" \
  --phases examples,coverage,fuzzing --exclude-path /api/v1/auth/logout \
  --workers 1 --seed "${SCHEMATHESIS_SEED:-20221715}" --warnings off || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- service log (last 50 lines) ---"
  tail -n 50 "$work/service.log"
fi
exit "$status"
