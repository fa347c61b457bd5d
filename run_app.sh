#!/usr/bin/env bash
# Set up .venv (first run, or when the requirements change) and start the dashboard.
# Extra arguments go to `streamlit run`, e.g. ./run_app.sh --server.port 8600
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/venv.sh app
exec .venv/bin/python -m streamlit run app.py "$@"
