#!/usr/bin/env bash
# Installs what bench/run.sh needs: podman (the benchmark peer only, never a dependency of
# berth), runc (podman runs with --runtime runc here) and hyperfine.
set -euo pipefail
exec "$(dirname "$0")/apt-ensure.sh" install-bench-deps podman runc hyperfine
