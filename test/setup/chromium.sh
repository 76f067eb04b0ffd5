#!/usr/bin/env bash
# Debian's chromium for the browser tests (test/browser): installs it with apt-get when /usr/bin/chromium
# is missing. Also needs espeak-ng and sox (the fake microphone's speech).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
/usr/bin/chromium --version
