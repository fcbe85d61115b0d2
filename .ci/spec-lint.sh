#!/usr/bin/env bash
# The spec linters, pinned in .ci/spectral/package.json (and its lock):
# - Spectral's `spectral:oas` ruleset: no error and no warning;
# - the OWASP API security ruleset: no more errors than openapi/README.md records, so the
#   count can only fall (lower the number there when it does).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.ci/spectral
want=$(node -p "require('./$dir/package.json').devDependencies['@stoplight/spectral-cli']")
if [ "$("$dir/node_modules/.bin/spectral" --version 2>/dev/null || true)" != "$want" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
spectral="$dir/node_modules/.bin/spectral"
spec=${1:-openapi/openapi.json}

echo "spectral:oas"
"$spectral" lint --quiet -r "$dir/oas.yaml" --fail-severity=warn "$spec"

echo "OWASP"
"$spectral" lint --quiet -r "$dir/owasp.yaml" -f json -o target/owasp.json "$spec" || true
read -r errors warnings < <(python3 -c '
import json, sys
found = json.load(open("target/owasp.json"))
print(sum(1 for d in found if d["severity"] == 0), sum(1 for d in found if d["severity"] == 1))')
recorded=$(sed -n 's/^OWASP errors: \([0-9]*\).*/\1/p' openapi/README.md)
echo "OWASP ruleset: $errors errors, $warnings warnings (openapi/README.md records $recorded errors)"
python3 -c '
import collections, json
found = json.load(open("target/owasp.json"))
labels = ("error", "warning")
for (code, sev), n in sorted(collections.Counter((d["code"], d["severity"]) for d in found).items()):
    print(f"  {n:5}  {labels[min(sev, 1)]:7}  {code}")'
if [ -z "$recorded" ] || [ "$errors" -gt "$recorded" ]; then
  echo "the OWASP error count rose above the one in openapi/README.md: fix what the new errors say" >&2
  exit 1
fi
