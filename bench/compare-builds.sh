#!/usr/bin/env bash
# Two berth builds side by side with podman, in one hyperfine run each, for what a change to the
# lifecycle must not slow down: `run --rm --network none`, the run -d/stop/rm cycle and `ps -a`
# over 20 containers. Each build gets its own fresh store (schemas may differ); podman its own.
# Usage: bench/compare-builds.sh BEFORE_BUNDLE AFTER_BUNDLE [RUNS]  (bundles: .../dist/berth)
# NODE_EXTRA_CA_CERTS is unset for every side. Writes hyperfine JSON to bench/out/compare-*.json.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="$1"
after="$2"
runs="${3:-20}"
unset NODE_EXTRA_CA_CERTS
bash "$repo/scripts/install-bench-deps.sh" >/dev/null
work="$(mktemp -d /tmp/berth-compare-XXXXXX)"
out="$repo/bench/out"
mkdir -p "$out"
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024","nproc=1024:1024"]
CONF
export CONTAINERS_CONF="$work/containers.conf"
"$repo/scripts/busybox-rootfs.sh" "$work/busybox.tar"
node=$(command -v node)
# --root=DIR (one word): the launcher keys its code cache by the first non-option word.
B="$node $before --root=$work/b/root --runroot=$work/b/run"
A="$node $after --root=$work/a/root --runroot=$work/a/run"
P="podman --runtime runc --root $work/p/root --runroot $work/p/run"
cleanup() {
  for engine in "$B" "$A" "$P"; do $engine rm -f -a -t 0 >/dev/null 2>&1 || true; done
  umount -R "$work/p/root/overlay" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for engine in "$B" "$A" "$P"; do $engine import -q "$work/busybox.tar" localhost/busybox >/dev/null; done

echo "== run --rm --network none"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/compare-run-none.json" \
  -n before "$B run --rm --network none localhost/busybox true" \
  -n after "$A run --rm --network none localhost/busybox true" \
  -n podman "$P run --rm --network none localhost/busybox true"

cycle() { echo "id=\$($1 run -d --network none localhost/busybox sleep 1000) && $1 stop -t 0 \$id >/dev/null && $1 rm \$id >/dev/null"; }
echo "== run -d / stop -t 0 / rm cycle"
hyperfine --warmup 2 --runs "$runs" --export-json "$out/compare-cycle.json" \
  -n before "$(cycle "$B")" -n after "$(cycle "$A")" -n podman "$(cycle "$P")"

for engine in "$B" "$A" "$P"; do
  for i in $(seq 1 20); do $engine create --network none localhost/busybox true >/dev/null; done
done
echo "== ps -a (20 containers)"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/compare-ps-a.json" \
  -n before "$B ps -a" -n after "$A ps -a" -n podman "$P ps -a"
