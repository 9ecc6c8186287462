#!/usr/bin/env bash
# Benchmarks berth against podman on this machine with hyperfine, pair by pair from
# bench/pairs.txt, and writes bench/RESULTS.md (raw hyperfine JSON goes to bench/out/).
# Usage: bench/run.sh [--runs N] [--warmup N] [--only NAME] [--podman-only] [--extra LIST] [--no-pairs]
#   --extra scale,net,pull (or all): afterwards also run the scripted benchmarks bench/SCRIPT.sh
#   (each rewrites its own section of RESULTS.md); --no-pairs skips the hyperfine pairs.
# BERTH_BENCH_BIN=PATH benchmarks another berth launcher (default <repo>/dist/berth).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=20
warmup=3
only=''
podman_only=0
extra=''
pairs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --podman-only) podman_only=1; shift ;;
    --extra) extra="$2"; shift 2 ;;
    --no-pairs) pairs=0; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

bash "$repo/scripts/install-bench-deps.sh"

berth_bundle="${BERTH_BENCH_BIN:-$repo/dist/berth}"
export BERTH_BENCH_BIN="$berth_bundle"
if [ ! -f "$berth_bundle" ] && [ "$podman_only" -eq 0 ]; then
  echo "run.sh: $berth_bundle is missing: run \`npm run build\` first (or set BERTH_BENCH_BIN, or pass --podman-only)" >&2
  exit 1
fi
case "$extra" in all) extra='scale,net,pull' ;; esac

# Both sides run without the workplace's CA bundle: it adds ~70 ms to every node start.
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then
  echo "run.sh: NODE_EXTRA_CA_CERTS was set ($NODE_EXTRA_CA_CERTS): unset for both berth and podman"
else
  echo "run.sh: NODE_EXTRA_CA_CERTS is not set"
fi
unset NODE_EXTRA_CA_CERTS

# podman cannot raise RLIMIT_NOFILE/NPROC above the hard limit here: give it (and berth, which
# reads the same file) a containers.conf with defaults it may set, scoped to this run only.
work="$(mktemp -d /tmp/berth-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024","nproc=1024:1024"]
CONF
export CONTAINERS_CONF="$work/containers.conf"
echo "run.sh: CONTAINERS_CONF=$CONTAINERS_CONF (default_ulimits nofile/nproc 1024:1024)"

failures=0
if [ "$pairs" -eq 1 ]; then
  if [ "$podman_only" -eq 0 ]; then bash "$repo/bench/setup.sh"; fi
  BERTH="$(command -v node) $berth_bundle"
  PODMAN="$(command -v podman) --runtime runc"
  out="$repo/bench/out"
  mkdir -p "$out"
  manifest="$out/manifest.tsv"
  : > "$manifest"

  trim() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"$1"; }

  while IFS='|' read -r name berth_cmd podman_cmd; do
    name="$(trim "$name")"
    case "$name" in ''|'#'*) continue ;; esac
    [ -z "$only" ] || [ "$name" = "$only" ] || continue
    berth_cmd="$(trim "${berth_cmd//\$BERTH/$BERTH}")"
    podman_cmd="$(trim "${podman_cmd//\$PODMAN/$PODMAN}")"
    json="$out/$name.json"
    echo "== $name"
    args=(-N --warmup "$warmup" --runs "$runs" --export-json "$json")
    if [ "$podman_only" -eq 0 ]; then args+=(-n berth "$berth_cmd"); else berth_cmd='(not run: --podman-only)'; fi
    args+=(-n podman "$podman_cmd")
    rm -f "$json"
    if hyperfine "${args[@]}"; then status=ok; else status=failed; failures=$((failures + 1)); fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$berth_cmd" "$podman_cmd" "$json" "$status" >> "$manifest"
  done < "$repo/bench/pairs.txt"

  node "$repo/bench/report.mjs" --manifest "$manifest" --runs "$runs" --warmup "$warmup" \
    --out "$repo/bench/RESULTS.md"
  echo "run.sh: wrote $repo/bench/RESULTS.md"
fi

# The scripted benchmarks, one after the other (never in parallel: 2 cores). pull.sh should go
# last: it deletes GBs of freshly written stores at its end, and this disk creates files slowly
# right after mass deletes.
IFS=',' read -r -a extras <<<"$extra"
for script in "${extras[@]}"; do
  [ -n "$script" ] || continue
  echo "== bench/$script.sh"
  if ! bash "$repo/bench/$script.sh"; then
    echo "run.sh: bench/$script.sh failed" >&2
    failures=$((failures + 1))
  fi
done
if [ "$failures" -gt 0 ]; then
  echo "run.sh: $failures benchmark(s) failed: see above and RESULTS.md" >&2
  exit 1
fi
