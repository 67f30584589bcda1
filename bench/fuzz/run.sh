#!/usr/bin/env bash
# Fuzzes every evidence reader through `arpdoctor analyze` for a fixed time on mutated real evidence
# (the TestData of the test projects). Fails on any exit other than 0/1/2, an unexpected-error line or
# stack trace, a case running over 20 s, or a peak RSS over 512 MB. Failing inputs are kept in
# artifacts/fuzz/ to become regression tests.
#   bench/fuzz/run.sh [SECONDS=120] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-120}
seed=${2:-1}
dotnet build src/ArpDoctor.Cli -c Release -v q -nologo >/dev/null
exec python3 bench/fuzz/fuzz.py "$seconds" "$seed" dotnet src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor.dll
