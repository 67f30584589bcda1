#!/usr/bin/env bash
# Memory of `arpdoctor watch` over a million re-resolutions, in the lab: 200 VIPs answered by one
# speaker node, re-resolved every 20 ms. Samples resident memory (VmRSS) and the resolution count
# (from the watch's own Prometheus metrics) every 2 s. Needs root and the .NET 10 SDK; removes the lab.
#   bench/watch-memory/run.sh                 # framework-dependent build, results.md
#   NATIVE=1 bench/watch-memory/run.sh        # native AOT build, results-native.md
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)
VIPS=${VIPS:-200}
DURATION=${DURATION:-150s}
PREFIX=admem
PORT=9477
"$root/scripts/deps.sh"
echo "Building arpdoctor (Release${NATIVE:+, native AOT}) ..." >&2
if [ -n "${NATIVE:-}" ]; then
  # NATIVE=1: the native build (scripts/publish-native.sh), one executable: the PID sampled below is the watch's.
  "$root/scripts/publish-native.sh" "$root/artifacts/bench/arpdoctor-native" >/dev/null
  AD="$root/artifacts/bench/arpdoctor-native/arpdoctor"
else
  dotnet publish "$root/src/ArpDoctor.Cli" -c Release -o "$root/artifacts/bench/arpdoctor" -nologo -v quiet >/dev/null
  AD="$root/artifacts/bench/arpdoctor/arpdoctor"
fi
trap '"$AD" lab down --prefix $PREFIX >/dev/null 2>&1 || true; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true' EXIT INT TERM
"$AD" lab up --prefix $PREFIX --nodes 1 --vips "$VIPS" --mode speaker >/dev/null
mapfile -t vips < <(ip -n $PREFIX-node1 -4 -o addr show dev kube-ipvs0 | awk '{print $4}' | cut -d/ -f1)

ip netns exec $PREFIX-client "$AD" watch "${vips[@]}" -i eth0 --interval 20ms --wait 5ms --rate 100000 \
  --duration "$DURATION" --metrics 127.0.0.1:$PORT -o json > "$here/watch.out" &
pid=$!
resolutions() { # sum of arpdoctor_watch_probes_total over the VIPs, scraped inside the client namespace
  ip netns exec $PREFIX-client bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3; cat <&3" 2>/dev/null |
    awk '/^arpdoctor_watch_probes_total\{/ { s += $2 } END { printf "%d", s }'
}
out="$here/results${NATIVE:+-native}.md"
echo "| seconds | resolutions | VmRSS (MB) |" > "$out"
echo "|---:|---:|---:|" >> "$out"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep 2
  rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$pid/status 2>/dev/null) || break
  echo "| $(( $(date +%s) - start )) | $(resolutions) | $rss |" >> "$out"
done
wait "$pid" || true
pid=
cat "$out"
tail -1 "$here/watch.out"
