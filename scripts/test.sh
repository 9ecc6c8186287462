#!/usr/bin/env bash
# The whole test suite, runnable on a fresh Debian 12 machine as root: installs and builds
# berth (no demo), installs the test-only packages, then typecheck, lint, format check, unit and
# e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-demo
scripts/install-test-deps.sh
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
node scripts/run-tests.mjs all
