#!/usr/bin/env bash
# Create or update .venv from the pinned requirements; shared by run_app.sh and run_tests.sh.
#
#   tools/venv.sh app     # requirements.txt
#   tools/venv.sh dev     # requirements-dev.txt (runtime + pytest, playwright, ruff, mypy, pre-commit)
#
# Either way the project itself is installed in editable mode (pip install -e .), so geo,
# incidents, viz and ui import from any directory. Needs only a Python 3.11 (set PYTHON to
# choose one) and access to PyPI. Packages are installed again only when the requirements
# files, pyproject.toml (or the interpreter) change: a hash of them is stamped into .venv
# after a successful install.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
case "${1:-}" in
  app) requirements=(requirements.txt) ;;
  dev) requirements=(requirements.txt requirements-dev.txt) ;;
  *) echo "usage: $0 app|dev" >&2; exit 2 ;;
esac
venv=.venv
stamp="$venv/.installed-$1"
say() { echo "[venv] $*" >&2; }

is_python311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

python311_on_path() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 /usr/bin/python3.11 /usr/bin/python3; do
    if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null && is_python311 "$candidate"
    then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

find_python() {
  python311_on_path && return
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    # A bare Debian 12 machine (CI): its python3 is 3.11.
    say "no Python 3.11 found: installing Debian's python3 and python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    python311_on_path && return
  fi
  say "Python 3.11 not found. On Debian 12: apt-get install python3 (or set PYTHON=/path/to/python3.11)"
  exit 1
}

ensure_venv_module() {
  # Debian ships Python's venv/ensurepip in a package of its own (python3-venv).
  local python="$1"
  "$python" -c 'import ensurepip' 2>/dev/null && return
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "this Python has no venv support: installing Debian's python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -c 'import ensurepip' 2>/dev/null && return
  fi
  say "$python has no venv support. On Debian: sudo apt-get install python3-venv"
  exit 1
}

create_venv() {
  local python
  python="$(find_python)"
  say "creating $venv with $python"
  rm -rf "$venv"
  ensure_venv_module "$python"
  "$python" -m venv "$venv"
}

fingerprint() {
  # Requirements + project metadata + interpreter + location (a moved venv has broken paths).
  { cat "${requirements[@]}" pyproject.toml; "$venv/bin/python" -VV; realpath "$venv"; } | sha256sum | cut -d' ' -f1
}

if [[ ! -x "$venv/bin/python" ]] || ! is_python311 "$venv/bin/python" \
   || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  create_venv
fi

wanted="$(fingerprint)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  say "installing ${requirements[-1]} into $venv"
  "$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
    --progress-bar off -r "${requirements[-1]}" -e .
  echo "$wanted" > "$stamp"
  say "ready"
fi
# The message catalogues are compiled here, never committed: cheap, and always current.
PYBABEL="$venv/bin/pybabel" tools/i18n.sh compile
