#!/usr/bin/env bash
# Installs the browsers the browser tests drive, from Debian, and only what is missing:
# chromium, firefox-esr, webkit2gtk-driver (WebKitWebDriver + MiniBrowser) and xvfb.
# Idempotent and quiet; returns at once when everything is already there. Needs root (or sudo)
# only when something has to be installed. Never fails the caller: a browser that cannot be
# installed is skipped by its test file, which says why.
set -u

need=()
for pkg in chromium firefox-esr webkit2gtk-driver xvfb; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browsers: apt-get not found; missing: ${need[*]} (their tests will be skipped)" >&2
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-browsers: not root; missing: ${need[*]} (their tests will be skipped)" >&2
    exit 0
  fi
fi

echo "install-browsers: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg may hold the lock (bounded wait: 60 tries of 5 s).
for attempt in $(seq 1 60); do
  if "${sudo[@]}" apt-get install -y -qq \
      -o DPkg::Lock::Timeout=5 "${need[@]}" >/tmp/install-browsers.log 2>&1; then
    exit 0
  fi
  if grep -q "Unable to locate package\|has no installation candidate" /tmp/install-browsers.log; then
    # Stale package lists: refresh once, then retry.
    "${sudo[@]}" apt-get update -qq -o DPkg::Lock::Timeout=30 >/dev/null 2>&1 || true
  elif ! grep -qi "lock" /tmp/install-browsers.log; then
    break
  fi
  [ "$attempt" -lt 60 ] && sleep 5
done
echo "install-browsers: apt-get failed (see /tmp/install-browsers.log); missing: ${need[*]}" >&2
tail -n 5 /tmp/install-browsers.log >&2
exit 0
