#!/usr/bin/env bash
# The ArpDoctor story on a real L2 segment made of network namespaces: the symptom (one VIP, many
# MACs), the cause (strictARP off), the fix (the sysctls kube-proxy sets with strictARP), the proof
# (one MAC). Needs root on Debian/Ubuntu with the .NET 10 SDK; removes everything it made on exit.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh runtime

echo "Building arpdoctor ..."
dotnet publish src/ArpDoctor.Cli -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o out/arpdoctor -nologo -v quiet >/dev/null
export PATH="$PWD/out/arpdoctor:$PATH"
AD=arpdoctor
LAB=demo
NODES=${NODES:-6}
VIP=203.0.113.10
trap '"$AD" lab down --prefix $LAB >/dev/null 2>&1 || true' EXIT INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@" || true; }

step "The cluster: $NODES nodes with kube-proxy in IPVS mode; every node holds the LoadBalancer VIP $VIP on kube-ipvs0"
"$AD" lab up --prefix $LAB --nodes "$NODES" --mode loose | head -1
run ip -n "$LAB-node1" -br addr show dev kube-ipvs0

step "1. The symptom: a client asks who has $VIP and gets one answer per node"
if command -v arping >/dev/null; then
  run ip netns exec $LAB-client arping -b -c 100 -w 1 -I eth0 $VIP
fi
run ip netns exec $LAB-client arpdoctor probe $VIP -i eth0

step "2. The cause: strictARP is off, so the nodes' kernels answer ARP for addresses on kube-ipvs0"
for n in $(seq 1 "$NODES"); do
  printf 'node%s: ' "$n"; ip netns exec "$LAB-node$n" sysctl -n net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce | paste -sd' ' | sed 's/^/arp_ignore=/; s/ / arp_announce=/'
done
echo "(in a cluster: 'ipvs.strictARP: false' in the kube-system/kube-proxy ConfigMap; 'arpdoctor check' finds it)"

step "3. The fix: strictARP true makes kube-proxy set arp_ignore=1 / arp_announce=2 on every node; MetalLB's speaker (node 2) keeps answering"
"$AD" lab mode speaker --speaker 2 --prefix $LAB | head -1
run ip netns exec "$LAB-node1" sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce

step "4. The proof: one MAC answers, every probe"
run ip netns exec $LAB-client arpdoctor probe $VIP -i eth0 -c 5

echo
echo "Done; the lab is removed on exit. Try it yourself: out/arpdoctor/arpdoctor lab up, then"
echo "ip netns exec arpdoctor-client out/arpdoctor/arpdoctor probe $VIP -i eth0, and arpdoctor lab down."
