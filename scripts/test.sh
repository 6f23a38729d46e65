#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the suites need when it is missing, builds,
# and runs every suite with Node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test] %s\n' "$*" >&2; }

# npm packages, exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian packages: ffmpeg for file/URL/device sources, browsers for the browser suites.
bash scripts/install-system-deps.sh

log "linting"
npm run --silent lint

log "building"
node scripts/build.mjs

mapfile -t files < <(find test -name '*.test.ts' -not -path '*/fixtures/*' | sort)
log "running ${#files[@]} test files"
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
