#!/usr/bin/env bash
# The whole test suite: unit, hub and sync on loopback, kiosk and display under Xvfb, browser pages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
exec .venv/bin/python -m pytest -q "$@"
