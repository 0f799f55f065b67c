#!/usr/bin/env bash
# The whole test suite: unit, hub and sync on loopback, kiosk and display under Xvfb, browser pages,
# and every benchmark's quick mode; in parallel, one pytest-xdist worker a core (-n 0 after it: one process).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
exec .venv/bin/python -m pytest -q -n auto "$@"
