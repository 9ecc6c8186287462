#!/usr/bin/env bash
# The main job: berth builds localhost/busybox from Debian's busybox-static by itself and runs a
# container from it. Later issues extend this to the whole user's day (DESIGN.md).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$(dirname "$0")/busybox-rootfs.sh" "$work/busybox.tar"

echo "+ berth import --change 'CMD [\"/bin/sh\"]' busybox.tar localhost/busybox"
berth import --change 'CMD ["/bin/sh"]' "$work/busybox.tar" localhost/busybox
berth image prune -f >/dev/null # an earlier demo's copy, untagged by this import
echo "+ berth images"
berth images
echo "+ berth run --rm localhost/busybox echo hello"
berth run --rm localhost/busybox echo hello

# The seed's myweb demo: web content kept on the host, served by a detached container on a
# published port, fetched from the host with curl.
web="$work/webcontent"
mkdir -p "$web"
echo '<h1>Hello from berth</h1>' > "$web/index.html"
berth rm -f -t 0 myweb >/dev/null 2>&1 || true
echo "+ berth run -d --name myweb -p 8080:8080 -v $web:/var/www:Z localhost/busybox httpd -f -p 8080 -h /var/www"
berth run -d --name myweb -p 8080:8080 -v "$web:/var/www:Z" localhost/busybox httpd -f -p 8080 -h /var/www
echo "+ berth ps"
berth ps
echo "+ berth port myweb"
berth port myweb
echo "+ curl -s http://localhost:8080/"
for _ in 1 2 3 4 5 6 7 8 9 10; do curl -sf http://localhost:8080/ && break; sleep 0.2; done
echo "+ berth exec myweb cat /etc/hostname"
berth exec myweb cat /etc/hostname
echo "+ berth stop -t 1 myweb && berth rm myweb"
berth stop -t 1 myweb
berth rm myweb
