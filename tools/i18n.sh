#!/usr/bin/env bash
# The message catalogue's three steps (Babel), run from the repository root:
#
#   tools/i18n.sh extract   # code and templates -> i18n/locale/messages.pot
#   tools/i18n.sh update    # messages.pot -> each <lang>/LC_MESSAGES/messages.po (new entries empty)
#   tools/i18n.sh compile   # each messages.po -> messages.mo (tools/venv.sh runs this)
#
# A translator edits the .po files (Poedit, Weblate or any text editor); see docs/translating.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pybabel="${PYBABEL:-.venv/bin/pybabel}"
locale_dir=i18n/locale
pot="${I18N_POT:-$locale_dir/messages.pot}"  # I18N_POT: write elsewhere (the tests)
case "${1:-}" in
  extract)
    "$pybabel" -q extract -F babel.cfg --sort-output --add-location=file \
      --project=mali-incident-map --copyright-holder="the project's authors" \
      -k N_ -k pgettext:1c,2 -k npgettext:1c,2,3 --ignore-dirs='.* _* .venv var static tests' \
      -o "$pot" . ;;
  update)
    "$pybabel" -q update --no-fuzzy-matching --ignore-obsolete -i "$pot" -d "$locale_dir" ;;
  compile)
    "$pybabel" -q compile -d "$locale_dir" ;;
  *) echo "usage: $0 extract|update|compile" >&2; exit 2 ;;
esac
