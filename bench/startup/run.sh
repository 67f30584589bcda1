#!/usr/bin/env bash
# Start-up of arpdoctor, build by build: `--version`, `analyze` of a small file, and a LAN probe (one probe
# into a 3-node lab, 50 ms wait), each timed from process start to exit with hyperfine.
#   sudo bench/startup/run.sh [SOURCE_TREE] [BUILDS]
# SOURCE_TREE: the checkout to build (default: this one). BUILDS: any of jit r2r native (default all three);
# native-full for trees that still had the native front (src/ArpDoctor.Cli.Fast): their full tool.
#   jit     framework-dependent publish, code compiled as it runs
#   r2r     the same with ReadyToRun (precompiled, the runtime still starts)
#   native  native AOT, one file (scripts/publish-native.sh)
# Writes results/<date>-<builds>.md. Needs root (the lab), hyperfine; about 6 minutes with native.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "${1:-$here/../..}" && pwd)
builds=${2:-"jit r2r native"}
runs=${RUNS:-20}
for tool in hyperfine; do
  command -v "$tool" >/dev/null || apt-get install -y -qq "$tool" >/dev/null
done
work=$(mktemp -d)
lab=""
cleanup() {
  [ -n "$lab" ] && "$lab" lab down --prefix ad-startup >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

exe() { # BUILD -> path of the arpdoctor to run
  case "$1" in
    jit) dotnet publish "$src/src/ArpDoctor.Cli" -c Release -o "$work/jit" -nologo -v quiet -p:PublishReadyToRun=false >&2
         echo "$work/jit/arpdoctor" ;;
    r2r) dotnet publish "$src/src/ArpDoctor.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
           -o "$work/r2r" -nologo -v quiet >&2
         echo "$work/r2r/arpdoctor" ;;
    native) "$src/scripts/publish-native.sh" "$work/native" >/dev/null
         echo "$work/native/arpdoctor" ;;
    native-full) # trees that still had a native front: its full tool, published beside it
         [ -x "$work/native/full/arpdoctor" ] || "$src/scripts/publish-native.sh" "$work/native" >/dev/null
         echo "$work/native/full/arpdoctor" ;;
  esac
}

evidence="$src/tests/ArpDoctor.Core.Tests/TestData/iputils-double.txt"
declare -A path
for b in $builds; do
  echo "Building $b ..." >&2
  path[$b]=$(exe "$b")
done
lab=${path[${builds%% *}]}
"$lab" lab up --prefix ad-startup --nodes 3 --mode loose >/dev/null
vip=203.0.113.10

mkdir -p "$here/results"
out="$here/results/$(date +%F)-${builds// /-}.md"
cmds=()
for b in $builds; do
  cmds+=(-n "$b --version" "${path[$b]} --version")
done
for b in $builds; do
  cmds+=(-n "$b analyze (small file)" "${path[$b]} analyze $evidence")
done
for b in $builds; do
  cmds+=(-n "$b probe (1 probe, 50 ms wait)" "ip netns exec ad-startup-client ${path[$b]} probe $vip -i eth0 -c 1 --wait 50ms")
done
hyperfine -N -i --warmup 2 --runs "$runs" --export-markdown "$out" "${cmds[@]}" >&2
cat "$out"
