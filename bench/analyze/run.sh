#!/bin/sh
# Reproduces the figures in README.md: a 10-million-frame capture, ArpDoctor's in-process rate on one
# core, and whole-process runs of arpdoctor, tcpdump and tshark on the same file.
# Needs: dotnet, hyperfine, tcpdump, tshark (apt-get install -y hyperfine tcpdump tshark).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
capture=${1:-/tmp/arpdoctor-bench-10m.pcap}
frames=${FRAMES:-10000000}

dotnet build -c Release "$here" -v q >/dev/null
dotnet build -c Release "$root/src/ArpDoctor.Cli" -v q >/dev/null
bench="$here/bin/Release/net10.0/ArpDoctor.Bench.Analyze"
arpdoctor="$root/src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor"

[ -f "$capture" ] || "$bench" generate "$capture" "$frames"

echo "== in-process, pinned to one core"
taskset -c 0 "$bench" measure "$capture" 3

echo "== whole process, same file"
hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "${capture%.pcap}-hyperfine.md" \
  -n arpdoctor "taskset -c 0 $arpdoctor analyze $capture -o json > /dev/null; test \$? -le 1" \
  -n tcpdump "taskset -c 0 tcpdump -nn -r $capture arp > /dev/null 2>&1" \
  -n tshark "taskset -c 0 tshark -r $capture -Y arp > /dev/null 2>&1"
