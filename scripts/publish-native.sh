#!/usr/bin/env bash
# Publishes arpdoctor as a native AOT executable (linux-x64), warnings as errors, and prints its path.
#   scripts/publish-native.sh [OUTPUT_DIR]      (default artifacts/native; about 3 minutes on 2 cores)
# Our own code must be trim- and AOT-clean: every project sets IsAotCompatible, so `dotnet build` already
# fails on reflection that native AOT cannot follow. Third-party assemblies are another matter: ILC sums
# up their warnings as one IL2104/IL3053 per assembly. Those two codes are let through only for the
# assemblies listed in ALLOWED below; any other assembly that warns fails the publish.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/native}

# Assemblies whose trim/AOT warnings were checked against what arpdoctor uses of them (the native binary
# passes the CLI and agent tests against the fake Kubernetes API: ARPDOCTOR_EXE, see docs/development.md):
#  KubernetesClient: models go through its source-generated JSON context; the warnings are its reflection
#    fallback and generic helpers arpdoctor does not call.
#  YamlDotNet: arpdoctor only parses (YamlStream, nodes and marks); the warnings are in its reflection
#    (de)serializer, which KubernetesClient uses for kubeconfig files (covered by the same tests).
ALLOWED="KubernetesClient YamlDotNet"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet publish "$root/src/ArpDoctor.Cli" -c Release -r linux-x64 -p:PublishAot=true \
    -p:TreatWarningsAsErrors=true -p:WarningsNotAsErrors="NU1603%3BIL2104%3BIL3053" \
    -o "$out" -nologo -v quiet >"$log" 2>&1; then
  grep -E "error" "$log" | sort -u >&2 || cat "$log" >&2
  exit 1
fi
fail=0
for asm in $(grep -oE "Assembly '[^']+' produced (trim|AOT analysis) warnings" "$log" | cut -d"'" -f2 | sort -u); do
  case " $ALLOWED " in
    *" $asm "*) ;;
    *) echo "publish-native: $asm produced trim/AOT warnings and is not in ALLOWED (check it, then list it)" >&2; fail=1 ;;
  esac
done
[ "$fail" -eq 0 ] || exit 1
echo "$out/arpdoctor"
