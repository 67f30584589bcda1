#!/bin/sh
# Reproduces the figures in README.md: a 10-million-frame capture, ArpDoctor's in-process rate on one
# core, and whole-process runs of arpdoctor, tcpdump and tshark on the same file ("capture"); then
# day-long arping loop logs, ten days of them, and the same day as tcpdump text ("loop").
# PARTS="capture loop damaged" (default the first two) picks them; LOOP_DIR (default /tmp) is where the loop files
# go. "damaged": 10 GiB sparse captures (a pcap or pcapng header, then zeros), judged at their first record.
# Needs: dotnet, hyperfine, tcpdump, tshark (apt-get install -y hyperfine tcpdump tshark), GNU time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
capture=${1:-/tmp/arpdoctor-bench-10m.pcap}
frames=${FRAMES:-10000000}

dotnet build -c Release "$here" -v q >/dev/null
dotnet build -c Release "$root/src/ArpDoctor.Cli" -v q >/dev/null
bench="$here/bin/Release/net10.0/ArpDoctor.Bench.Analyze"
arpdoctor="$root/src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor"

parts=${PARTS:-capture loop}

case " $parts " in *" capture "*)
[ -f "$capture" ] || "$bench" generate "$capture" "$frames"

echo "== in-process, pinned to one core"
taskset -c 0 "$bench" measure "$capture" 3

echo "== whole process, same file"
hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "${capture%.pcap}-hyperfine.md" \
  -n arpdoctor "taskset -c 0 $arpdoctor analyze $capture -o json > /dev/null; test \$? -le 1" \
  -n tcpdump "taskset -c 0 tcpdump -nn -r $capture arp > /dev/null 2>&1" \
  -n tshark "taskset -c 0 tshark -r $capture -Y arp > /dev/null 2>&1"
;; esac

case " $parts " in *" loop "*)
dir=${LOOP_DIR:-/tmp}
day="$dir/arpdoctor-bench-loop-24h.txt"          # 17,280 runs, 1,209,600 replies, conflict all day
fixed="$dir/arpdoctor-bench-loop-24h-fixed.txt"  # the same day, fixed at noon
tenfold="$dir/arpdoctor-bench-loop-240h.txt"     # 172,800 runs, 12,096,000 replies
wire="$dir/arpdoctor-bench-loop-24h.pcap"        # the first day's frames on the wire
text="$dir/arpdoctor-bench-loop-24h.tcpdump.txt" # ... as tcpdump prints them
[ -f "$day" ] || "$bench" loop "$day"
[ -f "$fixed" ] || "$bench" loop "$fixed" --fixed-hours 12
[ -f "$tenfold" ] || "$bench" loop "$tenfold" --runs 172800
[ -f "$wire" ] || "$bench" loop "$wire" --pcap
# What users paste: tcpdump's own text (the format of a live 'tcpdump -n -e -tttt -i eth0 arp'), times in UTC.
[ -f "$capture" ] || "$bench" generate "$capture" "$frames"   # the capture figure, for comparison
[ -f "$text" ] || TZ=UTC tcpdump -n -e -tttt -r "$wire" arp > "$text" 2>/dev/null

echo "== the day fixed at noon: analyze must say 'healthy since 2026-11-30 12:00:00 UTC (fixed)'"
"$arpdoctor" analyze "$fixed" | grep -F 'healthy since 2026-11-30 12:00:00 UTC (fixed)'

echo "== whole process, GNU time, $(uptime)"
for file in "$day" "$fixed" "$tenfold" "$text" "$wire" "$capture"; do
  for pin in "" "taskset -c 0"; do
    for run in 1 2 3; do
      printf '%s %s run %s: ' "${pin:-unpinned}" "$(basename "$file")" "$run"
      $pin /usr/bin/time -f "%e s wall %U user %S sys %M KB max RSS" "$arpdoctor" analyze "$file" -o json 2>&1 >/dev/null | tail -1
    done
  done
done
echo "== load after: $(uptime)"
;; esac

case " $parts " in *" damaged "*)
for kind in pcap pcapng; do
  sparse="/tmp/arpdoctor-bench-sparse.$kind"
  # The capture's own header (the pcap file header; the pcapng section header block), then 10 GiB of zeros.
  if [ "$kind" = pcap ]; then head -c 24 "$root/tests/ArpDoctor.Linux.Tests/TestData/eth-double.pcap"; else head -c 164 "$root/tests/ArpDoctor.Linux.Tests/TestData/eth-double.pcapng"; fi > "$sparse"
  truncate -s 10G "$sparse"
  for run in 1 2 3; do
    printf '%s run %s: ' "$(basename "$sparse")" "$run"
    /usr/bin/time -f "%e s wall %U user %S sys %M KB max RSS" "$arpdoctor" analyze "$sparse" 2>&1 >/dev/null | tr '\n' ' '; echo
  done
  rm -f "$sparse"
done
;; esac
