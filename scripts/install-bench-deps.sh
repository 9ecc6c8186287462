#!/usr/bin/env bash
# Installs what bench/run.sh needs: podman (the benchmark peer only, never a dependency of
# berth), runc (podman runs with --runtime runc here) and hyperfine; for bench/pull.sh also
# skopeo (a second pull peer), docker-registry (the local registry pulled from), curl (the
# "floor" fetch and blob uploads) and time (/usr/bin/time -v for peak RSS).
set -euo pipefail
exec "$(dirname "$0")/apt-ensure.sh" install-bench-deps podman runc hyperfine skopeo docker-registry curl time
