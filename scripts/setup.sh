#!/usr/bin/env bash
# Prepare this checkout on a Debian-like machine: Debian packages, then a virtualenv in .venv.
# Usage: scripts/setup.sh [demo|test]   (test adds what the test suite needs)
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-demo}

runtime_packages=(python3-venv libgl1 libgl1-mesa-dri libegl1 libx11-6 libxext6 libxrender1
                  libxi6 libxrandr2 libxcursor1 libxinerama1 libxxf86vm1 libmtdev1 xvfb xauth librime1 librime-data rime-data-luna-pinyin)
# cage, grim and xwayland run the screens' real session; systemd and shellcheck check deploy/.
test_packages=(zbar-tools chromium procps systemd shellcheck cage grim xwayland)

wanted=("${runtime_packages[@]}")
[ "$purpose" = test ] && wanted+=("${test_packages[@]}")

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Gongkai needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
# demo: a hub and both screens on this machine; test: that and the test tools. The versions
# are the ones in constraints.txt, the ones the tests passed with.
extras="[device,hub]"; [ "$purpose" = test ] && extras="[test]"
stamp=".venv/.installed-$purpose-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras" -c constraints.txt
  touch "$stamp"
fi
