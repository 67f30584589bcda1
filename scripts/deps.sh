#!/usr/bin/env bash
# Installs the Debian packages ArpDoctor needs, skipping those already installed. Needs root; without
# root it only says what is missing.
#   scripts/deps.sh          everything the tests need (listed in .ci/apt-packages)
#   scripts/deps.sh runtime  only what arpdoctor and its lab need (for the demo)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = runtime ]; then
  wanted="libpcap0.8 iproute2 procps iputils-arping"
else
  wanted=$(grep -v '^\s*#' .ci/apt-packages)
fi
missing=()
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" && continue
  # A tool installed some other way (npm from Node's own packages, say) is there all the same.
  case "$pkg" in npm|unzip|curl) command -v "$pkg" >/dev/null 2>&1 && continue ;; esac
  missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 0
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  # One package that cannot be installed must not keep the others out: try each alone, and say which failed.
  for pkg in "${missing[@]}"; do
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 || echo "deps: could not install $pkg" >&2
  done
}
