#!/usr/bin/env bash
# The main job: berth builds localhost/busybox from Debian's busybox-static by itself and runs a
# container from it. Later issues extend this to the whole user's day (DESIGN.md).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal rootfs: busybox, its applet links, passwd/group, and the usual empty directories.
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev,run,var}
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/busybox.tar" .

echo "+ berth import --change 'CMD [\"/bin/sh\"]' busybox.tar localhost/busybox"
berth import --change 'CMD ["/bin/sh"]' "$work/busybox.tar" localhost/busybox
echo "+ berth images"
berth images
echo "+ berth run --rm localhost/busybox echo hello"
berth run --rm localhost/busybox echo hello
