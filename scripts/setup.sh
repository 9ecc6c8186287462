#!/usr/bin/env bash
# Installs everything berth needs on Debian 12 (run as root), builds it, puts `berth` on PATH,
# then runs the demo. Idempotent: apt-get and npm install run only when something is missing.
#   scripts/setup.sh            install + build + demo
#   scripts/setup.sh --no-demo  install + build only (the test command uses this)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

packages=(crun runc conmon golang-github-containers-common golang-github-containers-image iproute2
  nftables tar uidmap passt aardvark-dns busybox-static zstd curl catatonit)

scripts/apt-ensure.sh setup "${packages[@]}"

# Install npm modules only when package-lock.json changed since the last install (it compiles
# better-sqlite3, ~2 min). `npm install`, not `npm ci`: node-unix-socket lists prebuilt packages
# for other platforms that the registry here does not serve, so the lock cannot record them and
# `npm ci` refuses; `npm install` follows the lock for everything it records and leaves it as is.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.berth-lock-hash ] || [ "$(cat node_modules/.berth-lock-hash)" != "$lock_hash" ]; then
  echo "setup: npm install (from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.berth-lock-hash
fi

npm run --silent build
ln -sfn "$repo/dist/berth" /usr/local/bin/berth
echo "setup: berth $(berth --version | cut -d' ' -f3) at /usr/local/bin/berth -> $repo/dist/berth"

if [ "${1:-}" != "--no-demo" ]; then
  exec "$repo/scripts/demo.sh"
fi
