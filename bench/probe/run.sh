#!/usr/bin/env bash
# probe vs iputils arping -b on the same lab, for 4, 16 and 64 responders (loose mode: every node's
# kernel answers every probe). For each: replies captured out of replies sent (frames the client's
# eth0 received, counted by the kernel), and wall time from start to verdict for 3 probes (hyperfine).
# Needs root. Usage: sudo bench/probe/run.sh [RESPONDERS...]   (default: 4 16 64)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
for p in hyperfine iputils-arping; do
  dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q "ok installed" || apt-get install -y -qq $p >/dev/null
done
scripts/deps.sh runtime
# Native AOT build (scripts/publish-native.sh, one executable): start-up is part of
# "time to verdict" (the JIT build is also measured below).
scripts/publish-native.sh out/arpdoctor-native >/dev/null
dotnet publish src/ArpDoctor.Cli -c Release -o out/arpdoctor -nologo -v quiet >/dev/null
AD="$PWD/out/arpdoctor-native/arpdoctor"
JIT="$PWD/out/arpdoctor/arpdoctor"
FAST="--interval 10ms --wait 50ms"
LAB=bench
VIP=203.0.113.10
PROBES=3
trap '"$AD" lab down --prefix $LAB >/dev/null 2>&1 || true' EXIT INT TERM
tmp=$(mktemp -d)

mean_sd() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f s ± %.3f" % (r["mean"], r["stddev"]))' "$1"
}

# Frames the client's eth0 received while "$@" ran: the replies the nodes sent (the lab has IPv6
# off and nothing else talks to the client), counted by the kernel.
count_replies() {
  local out=$1; shift
  local before after
  before=$(ip netns exec $LAB-client cat /sys/class/net/eth0/statistics/rx_packets)
  "$@" > "$out" 2>&1 || true
  sleep 0.2
  after=$(ip netns exec $LAB-client cat /sys/class/net/eth0/statistics/rx_packets)
  echo $((after - before))
}

printf '| responders | tool | probes | replies captured / sent | wall time to verdict (mean ± σ, 10 runs) |\n'
printf '|---:|---|---:|---:|---:|\n'
for n in "${@:-4 16 64}"; do
  for n1 in $n; do
    "$AD" lab up --prefix $LAB --nodes "$n1" --mode loose >/dev/null
    # arpdoctor: 3 broadcast probes; defaults (100 ms apart, 300 ms wait), then LAN-tuned timing
    for variant in "native|$AD|" "jit|$JIT|" "native|$AD|$FAST"; do
      IFS='|' read -r build bin opts <<< "$variant"
      sent=$(count_replies "$tmp/ad.json" ip netns exec $LAB-client $bin probe $VIP -i eth0 -c $PROBES $opts -o json)
      got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["replies"]))' "$tmp/ad.json")
      t=$(hyperfine -N --runs 10 --warmup 1 -i --export-json "$tmp/h.json" \
          "ip netns exec $LAB-client $bin probe $VIP -i eth0 -c $PROBES $opts" >/dev/null 2>&1; mean_sd "$tmp/h.json")
      printf '| %d | arpdoctor probe -c %d %s (%s) | %d | %d / %d | %s |\n' "$n1" $PROBES "$opts" "$build" $PROBES "$got" "$sent" "$t"
    done
    # arping -b: one probe a second; -c counts replies, so ask for all replies of 3 probes
    sent=$(count_replies "$tmp/arping.txt" ip netns exec $LAB-client arping -b -c $((PROBES * n1)) -w 10 -I eth0 $VIP)
    got=$(grep -c "^Unicast reply" "$tmp/arping.txt" || true)
    probes=$(sed -n 's/^Sent \([0-9]*\) probes.*/\1/p' "$tmp/arping.txt")
    t=$(hyperfine -N --runs 10 --warmup 1 -i --export-json "$tmp/h.json" \
        "ip netns exec $LAB-client arping -b -c $((PROBES * n1)) -w 10 -I eth0 $VIP" >/dev/null 2>&1;
        mean_sd "$tmp/h.json")
    printf '| %d | arping -b -c %d | %s | %d / %d | %s |\n' "$n1" $((PROBES * n1)) "$probes" "$got" "$sent" "$t"
    "$AD" lab down --prefix $LAB >/dev/null
  done
done
rm -rf "$tmp"
