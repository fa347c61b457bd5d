#!/usr/bin/env bash
# Set up .venv (first run, or when the requirements change) and start the dashboard.
# Extra arguments go to `streamlit run`, e.g. ./run_app.sh --server.port 8600
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/venv.sh app
# One upload limit for the CLI and the server (.streamlit/config.toml holds the default).
if [[ -n "${INCIDENTS_MAX_UPLOAD_MB:-}" ]]; then
  export STREAMLIT_SERVER_MAX_UPLOAD_SIZE="$INCIDENTS_MAX_UPLOAD_MB"
fi
exec .venv/bin/python -m streamlit run app.py "$@"
