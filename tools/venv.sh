#!/usr/bin/env bash
# Create or update .venv from the pinned requirements; shared by run_app.sh and run_tests.sh.
#
#   tools/venv.sh app     # requirements.txt
#   tools/venv.sh dev     # requirements-dev.txt (runtime + pytest, playwright, ruff)
#
# Needs only a Python 3.11 (set PYTHON to choose one) and access to PyPI. Packages are
# installed again only when the requirements files (or the interpreter) change: a hash of
# them is stamped into .venv after a successful install.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
case "${1:-}" in
  app) requirements=(requirements.txt) ;;
  dev) requirements=(requirements.txt requirements-dev.txt) ;;
  *) echo "usage: $0 app|dev" >&2; exit 2 ;;
esac
venv=.venv
stamp="$venv/.installed-$1"
# pip 26.3 from PyPI, used only when this Python has no ensurepip (Debian without python3-venv).
pip_wheel_url="https://files.pythonhosted.org/packages/07/25/ee8c38ae72d66b844ce8eb9711ba905dba21ca1a8a0c960057c41cd23337/pip-26.3-py3-none-any.whl"
pip_wheel_sha256="f3b60b20ffaadd4415ed7957212a38ac63fa4c5fa375bd0f4a797777940fad13"

say() { echo "[venv] $*" >&2; }

is_python311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 /usr/bin/python3.11 /usr/bin/python3; do
    if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null && is_python311 "$candidate"
    then
      command -v "$candidate"
      return
    fi
  done
  say "Python 3.11 not found. On Debian 12: apt-get install python3 (or set PYTHON=/path/to/python3.11)"
  exit 1
}

bootstrap_pip() {
  # Fetch the pinned pip wheel with the standard library, check its hash, install it from itself.
  say "no ensurepip in this Python: installing pip from PyPI"
  local wheel
  wheel="$(mktemp -d)/pip-26.3-py3-none-any.whl"
  "$venv/bin/python" - "$pip_wheel_url" "$pip_wheel_sha256" "$wheel" <<'PY'
import hashlib, sys, urllib.request
url, sha256, target = sys.argv[1:]
data = urllib.request.urlopen(url, timeout=120).read()
if hashlib.sha256(data).hexdigest() != sha256:
    sys.exit(f"pip wheel from {url} does not match its pinned sha256")
open(target, "wb").write(data)
PY
  "$venv/bin/python" "$wheel/pip" install --quiet --no-index "$wheel"
  rm -rf "$(dirname "$wheel")"
}

create_venv() {
  local python
  python="$(find_python)"
  say "creating $venv with $python"
  rm -rf "$venv"
  if "$python" -c 'import ensurepip' 2>/dev/null; then
    "$python" -m venv "$venv"
  else
    "$python" -m venv --without-pip "$venv"
    bootstrap_pip
  fi
}

fingerprint() {
  # Requirements content + interpreter + location (a moved venv has broken script paths).
  { cat "${requirements[@]}"; "$venv/bin/python" -VV; realpath "$venv"; } | sha256sum | cut -d' ' -f1
}

if [[ ! -x "$venv/bin/python" ]] || ! is_python311 "$venv/bin/python" \
   || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  create_venv
fi

wanted="$(fingerprint)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  exit 0
fi
say "installing ${requirements[-1]} into $venv"
"$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
  --progress-bar off -r "${requirements[-1]}"
echo "$wanted" > "$stamp"
say "ready"
