#!/usr/bin/env bash
# Sweeps every numeric option of every verb (found from --help) with abc, 1.5, -1, 0, 99999999999 and NaN:
# each must be a one-line exit 2 naming the option, or, where valid, a run that ends without a crash.
#   bench/fuzz/options.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/ArpDoctor.Cli -c Release -v q -nologo >/dev/null
exec python3 bench/fuzz/options.py dotnet src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor.dll
