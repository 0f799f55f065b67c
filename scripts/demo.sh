#!/usr/bin/env bash
# The demo: a hub with demo content, a kiosk and a display, all on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh demo
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No screen here (DISPLAY is not set): the kiosk and display run on a virtual screen (Xvfb);"
  echo "the admin console is still at http://127.0.0.1:${PORT:-8700}/console."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/gongkai demo --port "${PORT:-8700}" "$@"
fi
exec .venv/bin/gongkai demo --port "${PORT:-8700}" "$@"
