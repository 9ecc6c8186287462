#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet; runs
# apt-get (update, then install) only when something is missing, so it is fast when all are there.
# Usage: scripts/apt-ensure.sh LABEL PACKAGE...
set -euo pipefail
label="$1"
shift
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]; }
missing=()
for pkg in "$@"; do installed "$pkg" || missing+=("$pkg"); done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "$label: all present ($*)"
  exit 0
fi
echo "$label: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
