#!/usr/bin/env bash
# Publishes arpdoctor as native AOT executables (linux-x64), warnings as errors, and prints the path of
# the command to run. OUTPUT_DIR gets two programs:
#   OUTPUT_DIR/arpdoctor        the fast front (src/ArpDoctor.Cli.Fast): runs probe and scan itself and
#                               hands every other command line to the full tool (execv, same process)
#   OUTPUT_DIR/full/arpdoctor   the full tool (src/ArpDoctor.Cli), every verb
# The front's image carries no Kubernetes client, so probe and scan start in ~15 ms instead of ~70 ms
# (bench/scan/README.md). Copy the directory as a whole; `setcap cap_net_raw+ep` both programs.
#   scripts/publish-native.sh [OUTPUT_DIR]      (default artifacts/native; about 4 minutes on 2 cores)
# Every product project sets IsAotCompatible, so `dotnet build` already fails on our own reflection that
# native AOT cannot follow; this publish also fails when a third-party assembly brings trim/AOT warnings
# (IL2104/IL3053) into the image. Check a native build against the fake Kubernetes API with
# ARPDOCTOR_EXE=OUTPUT_DIR/arpdoctor dotnet test tests/ArpDoctor.Kubernetes.Tests (README, "Quick start").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/native}

log=$(mktemp)
front=$(mktemp -d)
trap 'rm -rf "$log" "$front"' EXIT
publish() { # PROJECT DIR
  if ! dotnet publish "$root/src/$1" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true \
      -o "$2" -nologo -v quiet >"$log" 2>&1; then
    grep -E "error" "$log" | sed 's/ \[.*//' | sort -u >&2 || cat "$log" >&2
    exit 1
  fi
}
publish ArpDoctor.Cli "$out/full"
publish ArpDoctor.Cli.Fast "$front"
install -m 0755 "$front/arpdoctor-fast" "$out/arpdoctor"
echo "$out/arpdoctor"
