#!/usr/bin/env bash
# Prepares both sides for the container benchmarks: the same busybox rootfs tarball imported as
# localhost/busybox into berth's and podman's default stores. Idempotent.
# BERTH_BENCH_BIN=PATH uses another berth launcher (default <repo>/dist/berth).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/berth-bench-setup-XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$repo/scripts/busybox-rootfs.sh" "$work/busybox.tar"
node "${BERTH_BENCH_BIN:-$repo/dist/berth}" image exists localhost/busybox || node "${BERTH_BENCH_BIN:-$repo/dist/berth}" import "$work/busybox.tar" localhost/busybox >/dev/null
podman image exists localhost/busybox || podman import "$work/busybox.tar" localhost/busybox >/dev/null
# generate-systemd needs a container on each side (created, never started).
node "${BERTH_BENCH_BIN:-$repo/dist/berth}" container exists berth-bench-unit || node "${BERTH_BENCH_BIN:-$repo/dist/berth}" create --name berth-bench-unit localhost/busybox true >/dev/null
podman container exists berth-bench-unit || podman create --name berth-bench-unit localhost/busybox true >/dev/null
echo "setup.sh: localhost/busybox and the container berth-bench-unit present for berth and podman"
