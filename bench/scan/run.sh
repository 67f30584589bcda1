#!/usr/bin/env bash
# Benchmark of `arpdoctor scan` in the lab: 8 nodes whose kernels all answer (strictARP off), every
# usable address of the three documentation /24s as VIPs (743: the lab's own client and node
# addresses 192.0.2.0-19 left out), compared with arp-scan. Needs root on Debian/Ubuntu with the
# .NET 10 SDK. Writes results/*.md and prints them; removes the lab on exit.
#   bench/scan/run.sh             # everything
#   RUNS=3 RATES="1000 20000" bench/scan/run.sh
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)
RUNS=${RUNS:-5}
RATES=${RATES:-"1000 2000 5000 10000 20000 30000 50000 100000"}
NODES=8
PREFIX=${PREFIX:-adbench}   # another prefix lets two benchmarks share a machine
out="$here/results"
mkdir -p "$out"

for tool in arp-scan hyperfine jq; do
  command -v "$tool" >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq "$tool" >/dev/null; }
done
"$root/scripts/deps.sh"

echo "Building arpdoctor (Release${NATIVE:+, native AOT}) ..." >&2
if [ -n "${NATIVE:-}" ]; then
  # NATIVE=1: native AOT, no runtime start-up or JIT; the same publish as scripts/publish-native.sh.
  "$root/scripts/publish-native.sh" "$root/artifacts/bench/arpdoctor-native" >/dev/null
  AD="$root/artifacts/bench/arpdoctor-native/arpdoctor"
else
  dotnet publish "$root/src/ArpDoctor.Cli" -c Release -o "$root/artifacts/bench/arpdoctor" -nologo -v quiet >/dev/null
  AD="$root/artifacts/bench/arpdoctor/arpdoctor"
fi

trap '"$AD" lab down --prefix $PREFIX >/dev/null 2>&1 || true' EXIT INT TERM
"$AD" lab up --prefix $PREFIX --nodes $NODES --vips 1 --mode loose >/dev/null

# Targets: 203.0.113.1-254, 198.51.100.1-254, 192.0.2.20-254.
targets="$out/targets.txt"
{ for i in $(seq 1 254); do echo "203.0.113.$i"; done
  for i in $(seq 1 254); do echo "198.51.100.$i"; done
  for i in $(seq 20 254); do echo "192.0.2.$i"; done; } > "$targets"
vips=$(wc -l < "$targets")
expected=$((vips * NODES))
batch=$(mktemp)
grep -v '^203\.0\.113\.10$' "$targets" | sed 's|.*|addr add &/32 dev kube-ipvs0|' > "$batch"
for n in $(seq 1 $NODES); do ip -n "$PREFIX-node$n" -batch "$batch"; done
rm -f "$batch"
client="ip netns exec $PREFIX-client"
# arp-scan has no @file; both tools get the same addresses: arpdoctor as @file, arp-scan with -f.
scan() { $client "$AD" scan "@$targets" -i eth0 -o json "$@"; }

count() { # replies, VIPs with all responders, achieved rate, seconds, probes: from scan's JSON
  jq -r --argjson n "$NODES" '"\(.replies) \([.results[]|select(.responders|length==$n)]|length) \(.sendRate) \(.elapsedSeconds) \(.probesSent)"'
}

echo "Lab: $NODES nodes, $vips VIPs, $expected replies expected per round" >&2

# 1. Default settings, and the rate scaling (each once, replies counted).
{
  echo "| --rate | probes | achieved send rate (/s) | replies (of $expected) | VIPs with all $NODES | whole scan (s) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for rate in default $RATES; do
    if [ "$rate" = default ]; then json=$(scan || true); else json=$(scan --rate "$rate" --retries 0 || true); fi
    read -r replies complete sent elapsed probes <<< "$(echo "$json" | count)"
    echo "| $rate | $probes | $sent | $replies | $complete | $elapsed |"
  done
} > "$out/rates.md"
cat "$out/rates.md"

# 2. arp-scan's replies at the same rate (1000/s = 1 ms between packets) and at its defaults.
arpscan_replies() { $client arp-scan -I eth0 -q -x -f "$targets" "$@" 2>/dev/null | grep -c '^[0-9]' || true; }
{
  echo "| tool and settings | replies (of $expected) |"
  echo "|---|---:|"
  echo "| arpdoctor scan, defaults (1000/s, 1 retry, 500ms wait) | $(scan | count | cut -d' ' -f1) |"
  echo "| arp-scan, same rate (--interval=1, --retry=2 default) | $(arpscan_replies --interval=1) |"
  echo "| arp-scan, defaults (256 kbit/s, 2 tries, 500ms timeout) | $(arpscan_replies) |"
} > "$out/replies.md"
cat "$out/replies.md"

# 3. Whole-process wall time with hyperfine (both exit 1 on conflicts: -i).
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$out/hyperfine.md" \
  -n "arpdoctor scan (defaults)" "$client $AD scan @$targets -i eth0 -o json" \
  -n "arp-scan (defaults)" "$client arp-scan -I eth0 -q -x -f $targets" \
  -n "arpdoctor scan --rate 1000 --retries 0" "$client $AD scan @$targets -i eth0 -o json --rate 1000 --retries 0" \
  -n "arp-scan --interval=1 --retry=1" "$client arp-scan -I eth0 -q -x -f $targets --interval=1 --retry=1" \
  >&2
cat "$out/hyperfine.md"

# 4. The send path alone: strictARP on, nobody answers, ten rounds of every VIP (7,430 probes per run).
"$AD" lab mode strict --prefix $PREFIX >/dev/null
{
  echo "| --rate | probes | achieved send rate (/s) | whole scan (s) |"
  echo "|---:|---:|---:|---:|"
  for rate in $RATES 200000 1000000; do
    json=$(scan --rate "$rate" --retries 9 --wait 0 || true)
    read -r replies complete sent elapsed probes <<< "$(echo "$json" | count)"
    echo "| $rate | $probes | $sent | $elapsed |"
  done
} > "$out/send-only.md"
cat "$out/send-only.md"
