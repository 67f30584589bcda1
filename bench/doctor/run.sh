#!/usr/bin/env bash
# doctor at 50 VIPs, as one command: from here (an interface of the client on the segment) and from probe Pods (the
# fake API server's lab kubelet runs each Pod's 'arpdoctor scan' in its node's network namespace, with only NET_RAW).
# The figures are the wall time of the one doctor command, start to report, as the two lab tests measure it while
# they check that every VIP is diagnosed (DoctorLabTests and DoctorPodLabTests, Fifty_VIPs_*). Each run is a fresh
# test process and a fresh lab: 4 nodes, 203.0.113.10-59 on every node's kube-ipvs0, strictARP off, MetalLB's
# announcer n2.
# Needs root. Usage: sudo bench/doctor/run.sh [runs (default 10)]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
CONFIG=${CONFIG:-Release}
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "== build ($CONFIG)"
dotnet build tests/ArpDoctor.Kubernetes.Tests -c "$CONFIG" -v q -nologo >/dev/null
echo "== $RUNS runs"
for i in $(seq 1 "$RUNS"); do
  ARPDOCTOR_REQUIRE_LAB=1 dotnet test tests/ArpDoctor.Kubernetes.Tests -c "$CONFIG" --no-build \
    --filter "FullyQualifiedName~Doctor.DoctorLabTests.Fifty_VIPs|FullyQualifiedName~Doctor.DoctorPodLabTests.Fifty_VIPs" \
    --logger "console;verbosity=normal" 2>&1 | tee -a "$OUT" | grep -E '^ *(Failed|doctor)' || true
done
if grep -q '^ *Failed ' "$OUT"; then echo "a run failed: its diagnosis was wrong (see above)" >&2; exit 1; fi

stats() { # label, pattern of the test's line
  grep -E "$2" "$OUT" | sed -E 's/.*: ([0-9.]+) s$/\1/' | sort -n |
    awk -v label="$1" '{ v[NR] = $1; sum += $1 }
      END { if (NR == 0) { print "| " label " | no runs |"; exit }
            med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "| %s | %d | %.2f s | %.2f s | %.2f s | %.2f s |\n", label, NR, v[1], med, sum / NR, v[NR] }'
}
echo
echo "| doctor, 50 VIPs | runs | min | median | mean | max |"
echo "|---|---:|---:|---:|---:|---:|"
stats "--from here (3 rounds on the client's eth0)" '^doctor, 50 VIPs'
stats "--from pod (2 probe Pods, n2 and n1)" '^doctor --from pod, 50 VIPs'
