#!/usr/bin/env bash
# Installs the Debian packages that berth's end-to-end tests use (never berth's own runtime
# dependencies): the real registry, TLS and htpasswd tools, tmux, curl, zstd and busybox-static.
# Idempotent and fast when everything is present: apt-get runs only for missing packages.
set -euo pipefail

packages=(docker-registry openssl apache2-utils tmux curl zstd busybox-static)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}

missing=()
for pkg in "${packages[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: all present (${packages[*]})"
  exit 0
fi

echo "install-test-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
