"""``python -m incidents import PATH`` and ``export --dataset NAME`` (registered in incidents.cli).

``import`` reads an ACLED, UCDP GED or native file or a table a person made (``--map
COLUMN=field`` names columns its header does not), saves the imported rows as a dataset in
``$INCIDENTS_DATA_DIR`` and prints the summary ``{"format", "rows", "imported", "errors"}``
(``--json``: exactly that JSON). The file is read and saved chunk by chunk, a line on stderr
after each chunk saying how many rows are read. A dataset of the same name is replaced only with
``--replace``. It exits 0 whenever the file could be read, even with row
errors; a file that cannot be read at all gives one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd

from i18n import _, format_number, ngettext
from incidents import store
from incidents.cli import PROG, CliError, register_export_source, register_subcommand
from incidents.importers import FORMATS, TARGETS, ImportReport, stream_file
from incidents.importers.detect import LABELS


def _column_field(text: str) -> tuple[str, str]:
    """``"Nombre de tués=killed"`` -> ("Nombre de tués", "killed")."""
    column, equals, field = text.rpartition("=")
    if not equals or not column.strip():
        raise argparse.ArgumentTypeError(
            _("expected COLUMN=field (field one of: {fields}), got {text!r}").format(
                fields=", ".join(TARGETS), text=text
            )
        )
    return column.strip(), field.strip()


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="CSV (any usual encoding) or .xlsx file")
    parser.add_argument(
        "--format",
        choices=["auto", *FORMATS],
        default="auto",
        help="file format (default: detected from the header)",
    )
    parser.add_argument("--name", metavar="NAME", help="dataset name (default: from the file name)")
    parser.add_argument(
        "--replace", action="store_true", help=_("replace a saved dataset of the same name")
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON only")
    parser.add_argument(
        "--map", metavar="COLUMN=field", type=_column_field, action="append", default=[],
        help=_(
            "read the file as a table and fill field from COLUMN (repeatable); field one of: "
            "{fields}; 'notes' keeps the column in notes"
        ).format(fields=", ".join(TARGETS)),
    )  # fmt: skip


def run_import(args: argparse.Namespace) -> int:
    name = store.check_name(args.name or store.name_from_filename(args.path))
    if not args.replace and store.dataset_exists(name):  # before the import's work
        raise CliError(_exists(name))
    stream = stream_file(args.path, fmt=args.format, mapping=dict(args.map), progress=_progress)
    try:  # read, placed and written chunk by chunk: memory follows a chunk, not the file
        saved = store.save_dataset_batches(name, stream.batches(), replace=args.replace)
    except store.DatasetExistsError:  # saved meanwhile by someone else
        raise CliError(_exists(name)) from None
    report = stream.report()
    if args.json:
        print(json.dumps(report.summary(), ensure_ascii=False))
    else:
        _print_report(report, name, saved)
    return 0


def _progress(rows: int, expected: int | None) -> None:
    """One line on stderr per chunk read (stdout stays the report, or the JSON)."""
    if expected:
        line = _("{rows} of about {expected} rows read").format(
            rows=format_number(rows), expected=format_number(max(expected, rows))
        )
    else:
        line = ngettext("{rows} row read", "{rows} rows read", rows).format(
            rows=format_number(rows)
        )
    print(line, file=sys.stderr, flush=True)


def _exists(name: str) -> str:
    return _(
        "A dataset called {name} already exists: choose another --name, or add --replace."
    ).format(name=repr(name))


def _print_report(result: ImportReport, name: str, saved: Path | None) -> None:
    print(
        f"{LABELS[result.format]} file ({result.encoding}"
        + (f", delimiter {result.delimiter!r}" if result.delimiter else "")
        + f"): {result.imported} of {result.rows} rows imported"
    )
    if result.columns:
        print(_("columns read:"))
        for column, field in result.columns.items():
            target = field or _("notes, as “column: value”")
            print(_("  {column} -> {field}").format(column=column, field=target))
    if saved is not None:
        print(f"saved as dataset {name!r}: {saved}")
    else:
        print("nothing saved: no row could be imported")
    if len(result.errors):
        print(f"\n{len(result.errors)} problem(s):")
        for error in result.errors.itertuples(index=False):
            print(f"  row {error.row}, {error.column or '-'} = {error.value!r}: {error.message}")
    if len(result.admin_mismatches):
        print("\nadmin1 in the file vs our boundaries:")
        for m in result.admin_mismatches.itertuples(index=False):
            print(f"  row {m.row} {m.id} {m.location}: file {m.source_admin1!r}, ours {m.admin1!r}")


def _add_dataset_option(parser: argparse.ArgumentParser) -> None:
    help_text = f"a saved dataset (see {PROG} import); default: the curated data"
    parser.add_argument("--dataset", metavar="NAME", help=help_text)


def _load_dataset(args: argparse.Namespace) -> gpd.GeoDataFrame | None:
    if not args.dataset or args.dataset == store.CURATED:
        return None  # the curated file, loaded by export itself
    return store.load_dataset(args.dataset)


register_subcommand(
    "import",
    "import an ACLED, UCDP GED or native CSV/.xlsx file as a saved dataset",
    _configure_import,
    run_import,
)
register_export_source(_add_dataset_option, _load_dataset)
