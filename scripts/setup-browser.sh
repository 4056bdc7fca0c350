#!/usr/bin/env bash
# Installs the Chromium the console's browser tests drive (tests/Marketplace.Console.Tests): Debian's chromium package at
# /usr/bin/chromium, since Playwright's own browser download is not reachable from our machines. Does nothing when it is
# there already. Needs root (CI runs as root) or sudo.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing Chromium for the console's browser tests (apt-get install chromium)..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
