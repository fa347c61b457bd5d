"""``python -m incidents extract PATH [--year YYYY]``: candidate incidents from a report's text.

Prints one JSON object per candidate per line (see ``incidents.extract``), and each candidate's
warnings (such as a date written without a year when none is given) on stderr. Exit status 0
when the text could be read, even with no candidate; 1 with a one-line message when it could
not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from i18n import _, format_number
from incidents.cli import register_subcommand
from incidents.extract import extract_incidents
from incidents.importers.reading import ImportFileError, decode_text, max_upload_bytes


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """A report's text in UTF-8 (with or without BOM), UTF-16 or cp1252."""
    file = Path(path)
    if not file.is_file():
        raise ImportFileError(_("No such file: {path}").format(path=file))
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    if file.stat().st_size > max_bytes:
        raise ImportFileError(
            _("The file is over the {limit} MB limit.").format(
                limit=format_number(max_bytes // 1024 // 1024)
            )
        )
    data = file.read_bytes()
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    return decode_text(data)[0]


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (YYYY)")
    return int(text)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="plain-text report (English or French)")
    parser.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help="year of events whose date in the text has none "
        "(default: the year the document writes most)",
    )


def run_extract(args: argparse.Namespace) -> int:
    text = read_text(args.path)
    for candidate in extract_incidents(text, year=args.year, source=Path(args.path).name):
        print(json.dumps(candidate, ensure_ascii=False))
        for warning in candidate["warnings"]:
            print(
                _("{id}: warning: {warning}").format(id=candidate["id"], warning=warning),
                file=sys.stderr,
            )
    return 0


register_subcommand(
    "extract",
    "print candidate incidents found in a report's text, one JSON object per line",
    _configure,
    run_extract,
)
