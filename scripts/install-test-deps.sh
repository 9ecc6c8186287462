#!/usr/bin/env bash
# Installs the Debian packages that berth's end-to-end tests use (never berth's own runtime
# dependencies): the real registry, TLS and htpasswd tools, tmux, curl, zstd and busybox-static.
set -euo pipefail
exec "$(dirname "$0")/apt-ensure.sh" install-test-deps docker-registry openssl apache2-utils tmux curl zstd busybox-static
