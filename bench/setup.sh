#!/usr/bin/env bash
# Prepares both sides for the container benchmarks: the same busybox rootfs tarball imported as
# localhost/busybox into berth's and podman's default stores. Idempotent.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/berth-bench-setup-XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev,run}
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\n' > "$rootfs/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/busybox.tar" .
node "$repo/dist/berth.mjs" image exists localhost/busybox || node "$repo/dist/berth.mjs" import "$work/busybox.tar" localhost/busybox >/dev/null
podman image exists localhost/busybox || podman import "$work/busybox.tar" localhost/busybox >/dev/null
echo "setup.sh: localhost/busybox present for berth and podman"
