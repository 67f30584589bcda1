#!/usr/bin/env bash
# Agent benchmark: 500 VIPs probed every 10 s from one lab node; CPU % of one core and resident memory
# of the agent process over a measured window. Also start-up time of the builds (hyperfine).
# Needs root. Usage: sudo bench/agent/run.sh [seconds-measured (default 120)]
set -euo pipefail
cd "$(dirname "$0")/../.."
WINDOW=${1:-120}
PREFIX=${PREFIX:-adtbench}
NODES=3
OUT=$(mktemp -d)
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null
command -v arping >/dev/null || apt-get install -y iputils-arping >/dev/null

if [ -n "${AGENT_BIN:-}" ]; then
  # Only the load measurement, with a given build (e.g. AGENT_BIN=/tmp/single/arpdoctor).
  JIT="dotnet src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor.dll"
  SINGLE="$AGENT_BIN"; AOT=""
else
echo "== build"
dotnet build src/ArpDoctor.Cli -c Release -v q -nologo >/dev/null
JIT="dotnet src/ArpDoctor.Cli/bin/Release/net10.0/arpdoctor.dll"
dotnet publish src/ArpDoctor.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$OUT/single" -v q -nologo >/dev/null
SINGLE="$OUT/single/arpdoctor"
AOT=""
if scripts/publish-native.sh "$OUT/aot" >/dev/null 2>"$OUT/aot.log"; then
  AOT="$OUT/aot/arpdoctor"
else
  echo "native AOT publish failed (first error below); its rows are left out"
  head -1 "$OUT/aot.log" || true
fi

echo "== start-up: arpdoctor --help"
args=(-N --runs 30 --warmup 3 --export-markdown "$OUT/startup.md" -n jit "$JIT --help" -n single-file "$SINGLE --help")
[ -n "$AOT" ] && args+=(-n native-aot "$AOT --help" -n native-aot-scan-help "$AOT scan --help")
hyperfine "${args[@]}" >/dev/null
cat "$OUT/startup.md"
fi

echo "== lab: $NODES nodes, 500 VIPs on kube-ipvs0, strictARP off"
cleanup() {
  [ -n "${AGENT:-}" ] && kill "$AGENT" 2>/dev/null || true
  [ -n "${API:-}" ] && kill "$API" 2>/dev/null || true
  $JIT lab down --prefix "$PREFIX" >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT
$JIT lab up --prefix "$PREFIX" --nodes "$NODES" --vips 499 --mode loose >/dev/null
# The documentation ranges give the lab 499 VIPs (203.0.113.10-254, 198.51.100.1-254); the 500th comes from
# 192.0.2.0/24, above the lab's own addresses.
for n in $(seq 1 "$NODES"); do ip -n "$PREFIX-node$n" addr add 192.0.2.250/32 dev kube-ipvs0; done
VIPS=$(ip -n "$PREFIX-node1" -4 -o addr show dev kube-ipvs0 | awk '{print $4}' | cut -d/ -f1)
echo "VIPs: $(echo "$VIPS" | wc -l)"

ip netns exec "$PREFIX-node1" python3 bench/agent/fake_api.py 18080 "$NODES" $VIPS &
API=$!
cat > "$OUT/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: b, cluster: {server: "http://127.0.0.1:18080"}}]
contexts: [{name: b, context: {cluster: b, user: u}}]
current-context: b
users: [{name: u, user: {token: t}}]
KC
sleep 1
BIN=${AOT:-$SINGLE}
echo "== agent ($BIN) on node1: --interval 10s --rate 200, measured ${WINDOW}s after 30s warm-up"
ip netns exec "$PREFIX-node1" "$BIN" agent -i eth0 --node n1 --interval 10s --rate 200 --listen 127.0.0.1:19464 \
  --kubeconfig "$OUT/kubeconfig" >"$OUT/agent.log" 2>&1 &
AGENT=$!
sleep 30
ticks() { awk '{print $14 + $15}' "/proc/$AGENT/stat"; }
HZ=$(getconf CLK_TCK)
user() { awk '{print $14}' "/proc/$AGENT/stat"; }
t0=$(ticks); u0=$(user); s0=$(date +%s.%N); maxrss=0
for _ in $(seq 1 "$WINDOW"); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$AGENT/status"); [ "$rss" -gt "$maxrss" ] && maxrss=$rss
  sleep 1
done
t1=$(ticks); u1=$(user); s1=$(date +%s.%N)
metrics=$(ip netns exec "$PREFIX-node1" python3 -c 'import urllib.request;print(urllib.request.urlopen("http://127.0.0.1:19464/metrics").read().decode())')
probes=$(echo "$metrics" | awk '/^arpdoctor_agent_probes_total/ {print $2}')
rounds=$(echo "$metrics" | awk '/^arpdoctor_agent_rounds_total/ {print $2}')
three=$(echo "$metrics" | grep -c '^arpdoctor_vip_responders{.*} 3$' || true)
round=$(echo "$metrics" | awk '/^arpdoctor_agent_round_duration_seconds/ {print $2}')
python3 - "$t0" "$t1" "$s0" "$s1" "$HZ" "$maxrss" "$probes" "$rounds" "$three" "$round" "$u0" "$u1" <<'PY'
import sys
t0, t1, s0, s1, hz, rss, probes, rounds, three, rnd, u0, u1 = sys.argv[1:]
wall = float(s1) - float(s0)
cpu = (float(t1) - float(t0)) / float(hz) / wall * 100
usr = (float(u1) - float(u0)) / float(hz) / wall * 100
print(f"| CPU % of one core | {cpu:.2f} |")
print(f"| of which user / system | {usr:.2f} / {cpu - usr:.2f} |")
print(f"| max RSS | {int(rss) / 1024:.1f} MiB |")
print(f"| probes sent (whole run) | {float(probes):.0f} over {float(rounds):.0f} rounds |")
print(f"| VIPs with 3 responders (last round) | {three} |")
print(f"| last round duration | {float(rnd):.2f} s |")
PY

if [ -n "${CONTROL:-}" ]; then
  # CONTROL=1: the same probes (the 500 VIPs and the two other Nodes' IPs, 200 per second, one round every
  # 10 s) sent by arp-scan from the same namespace, measured the same way: what the lab's veth, bridge and
  # answering nodes cost whoever sends, on this kernel's tick accounting.
  kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; AGENT=
  { echo "$VIPS"; echo 192.0.2.12; echo 192.0.2.13; } > "$OUT/targets"
  ip netns exec "$PREFIX-node1" bash -c "while :; do arp-scan -I eth0 -q -x --retry=1 --interval=5 -f '$OUT/targets' >/dev/null; sleep 7; done" &
  LOOP=$!
  sleep 20
  both() { awk '{print $14 + $15 + $16 + $17, $16}' "/proc/$LOOP/stat"; }
  read -r c0 cu0 < <(both); cs0=$(date +%s.%N)
  sleep "$WINDOW"
  read -r c1 cu1 < <(both); cs1=$(date +%s.%N)
  kill "$LOOP" 2>/dev/null || true
  python3 - "$c0" "$c1" "$cu0" "$cu1" "$cs0" "$cs1" "$HZ" <<'PY'
import sys
c0, c1, u0, u1, s0, s1, hz = map(float, sys.argv[1:])
wall = s1 - s0
cpu = (c1 - c0) / hz / wall * 100
usr = (u1 - u0) / hz / wall * 100
print(f"| control: arp-scan sending the same probes, CPU % of one core | {cpu:.2f} |")
print(f"| control: of which user / system | {usr:.2f} / {cpu - usr:.2f} |")
PY
fi
