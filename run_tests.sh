#!/usr/bin/env bash
# Set up .venv and run the whole test suite: ruff, mypy, the pure and AppTest tests, then the
# real-browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium).
# Fails on the first failing step; a step that collects no tests fails too (pytest exit 5).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"  # the browser tests read CHROMIUM_PATH too

tools/venv.sh dev

if [[ ! -x "$chromium" ]]; then
  if [[ "${CI:-}" == "true" && "$(id -u)" == 0 ]]; then
    echo "[tests] installing chromium with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "[tests] $chromium is missing: the browser tests will be skipped." >&2
    echo "[tests] Install it with: sudo apt-get install -y chromium" >&2
  fi
fi

echo "[tests] ruff check ." >&2
.venv/bin/ruff check .

echo "[tests] ruff format --check ." >&2
.venv/bin/ruff format --check .

echo "[tests] mypy (settings in pyproject.toml)" >&2
.venv/bin/mypy

echo "[tests] pure and AppTest suites" >&2
.venv/bin/python -m pytest -q -m "not browser"

echo "[tests] browser suite" >&2
.venv/bin/python -m pytest -q -m browser tests/browser
