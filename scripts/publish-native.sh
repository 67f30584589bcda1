#!/usr/bin/env bash
# Publishes arpdoctor as one native AOT executable, warnings as errors, and prints its path:
#   scripts/publish-native.sh [OUTPUT_DIR [RID]]   (default artifacts/native, linux-x64; about 4 minutes on 2 cores)
# RID linux-arm64 on an x64 machine cross-compiles: it needs an aarch64 linker and arm64 zlib (the Dockerfile
# installs them). The Dockerfile builds the image's binary with this script.
# OUTPUT_DIR/arpdoctor runs every verb without .NET installed; `setcap cap_net_raw+ep` it to probe without root.
# Every product project sets IsAotCompatible, so `dotnet build` already fails on our own reflection that
# native AOT cannot follow; this publish also fails when a third-party assembly brings trim/AOT warnings
# (IL2104/IL3053) into the image. Check a native build against the fake Kubernetes API with
# ARPDOCTOR_EXE=OUTPUT_DIR/arpdoctor dotnet test tests/ArpDoctor.Kubernetes.Tests (README, "Quick start").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/native}
rid=${2:-linux-x64}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet publish "$root/src/ArpDoctor.Cli" -c Release -r "$rid" -p:PublishAot=true -p:TreatWarningsAsErrors=true \
    -o "$out" -nologo -v quiet >"$log" 2>&1; then
  grep -E "error" "$log" | sed 's/ \[.*//' | sort -u >&2 || cat "$log" >&2
  exit 1
fi
echo "$out/arpdoctor"
