#!/usr/bin/env bash
# Installs what bench/run.sh needs: podman (the benchmark peer only, never a dependency of
# berth), runc (podman runs with --runtime runc here) and hyperfine.
# Idempotent and fast when everything is present: apt-get runs only for missing packages.
set -euo pipefail

packages=(podman runc hyperfine)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}

missing=()
for pkg in "${packages[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-bench-deps: all present (${packages[*]})"
  exit 0
fi

echo "install-bench-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
