#!/usr/bin/env bash
# Set up .venv and run the whole test suite: ruff, mypy, the pure and AppTest tests, then the
# real-browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium). The shared
# store's tests run against the PostgreSQL server $INCIDENTS_TEST_POSTGRES_URL names (.ci/run
# starts one); without it they are skipped, except in CI, where they fail.
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

if [[ -z "${INCIDENTS_TEST_POSTGRES_URL:-}" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "[tests] INCIDENTS_TEST_POSTGRES_URL is not set: the PostgreSQL store tests will fail." >&2
  else
    echo "[tests] INCIDENTS_TEST_POSTGRES_URL is not set: the PostgreSQL store tests will be skipped." >&2
  fi
  echo "[tests] Start a server: export INCIDENTS_TEST_POSTGRES_URL=\"\$(tools/postgis.sh start)\"" >&2
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
