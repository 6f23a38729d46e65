#!/usr/bin/env bash
# Installs the Debian packages the test suites use, only those missing. Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# v4l2-ctl: the V4L2 hardware controls of real cameras (the tests also run it against no device).
command -v v4l2-ctl >/dev/null 2>&1 || need+=(v4l-utils)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "[test] missing Debian packages: ${need[*]} (run as root to install them)" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[test] installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    if $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { echo "[test] apt-get failed" >&2; exit 1; }
    sleep 5
  done
fi

# Browsers (Chromium, Firefox ESR, WebKitGTK + Xvfb) for the browser suites.
if [ -f scripts/install-browsers.sh ]; then bash scripts/install-browsers.sh; fi
