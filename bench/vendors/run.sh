#!/usr/bin/env bash
# What vendor names cost: reading the IEEE registry (Debian's ieee-data, /usr/share/ieee-data) when output shows a MAC.
#   bench/vendors/run.sh [SOURCE_TREE]
# Builds the ReadyToRun CLI (README "Install"), then times with hyperfine, each with the registry and without it
# (ARPDOCTOR_IEEE_DATA pointing at an empty directory):
#   probe --help        never reads the registry: start-up must not change
#   analyze FILE        reads it once, to name the responders: the difference is the registry's load time
# analyze exits 1 (the evidence is a conflict): hyperfine -i. Writes results/<date>.md. No root needed; installs hyperfine and ieee-data when missing. About 2 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "${1:-$here/../..}" && pwd)
runs=${RUNS:-30}
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
[ -f /usr/share/ieee-data/oui.csv ] || apt-get install -y -qq ieee-data >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/none"

echo "Building ..." >&2
dotnet publish "$src/src/ArpDoctor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/r2r" -nologo -v quiet >&2
exe=$work/r2r/arpdoctor
evidence="$src/tests/ArpDoctor.Core.Tests/TestData/iputils-double.txt"

mkdir -p "$here/results"
out="$here/results/$(date +%F).md"
hyperfine -N -i --warmup 3 --runs "$runs" --export-markdown "$out" \
  -n "probe --help, registry installed" "env ARPDOCTOR_IEEE_DATA=/usr/share/ieee-data $exe probe --help" \
  -n "probe --help, no registry" "env ARPDOCTOR_IEEE_DATA=$work/none $exe probe --help" \
  -n "analyze, registry installed" "env ARPDOCTOR_IEEE_DATA=/usr/share/ieee-data $exe analyze $evidence" \
  -n "analyze, no registry" "env ARPDOCTOR_IEEE_DATA=$work/none $exe analyze $evidence" >&2
{
  echo
  echo "ieee-data $(dpkg-query -W -f '${Version}' ieee-data 2>/dev/null || echo '(version unknown)'):" \
    "$(cat /usr/share/ieee-data/*.csv | wc -c) bytes in $(ls /usr/share/ieee-data/*.csv | wc -l) CSV files;" \
    "$(nproc) cores; $(uname -r)."
} >>"$out"
sed -i "s|$work/none|EMPTY_DIR|g; s|$work/r2r/||g; s|$src/||g" "$out"
cat "$out"
