"""Recognise a file's format (ACLED, UCDP GED, ours, a person's table) from its header row."""

from __future__ import annotations

from collections.abc import Mapping

from geo.normalize import normalize
from i18n import N_, _
from incidents.importers import acled, native, table, ucdp
from incidents.importers.reading import ImportFileError

FORMATS = {"acled": acled, "ucdp": ucdp, "native": native, "table": table}
LABELS = {
    "acled": N_("ACLED"),
    "ucdp": N_("UCDP GED"),
    "native": N_("the project's own format"),
    "table": N_("a table of incidents (columns recognised by name)"),
}
# Tried when no export format fits: any table with a date and a place.
FALLBACK = "table"


def canonical(column: str) -> str:
    """'EVENT_DATE', 'Event date', ' event-date ' -> 'event_date'."""
    return normalize(column).replace(" ", "_")


def canonical_columns(
    columns: list[str], fmt: str, mapping: Mapping[str, str] | None = None
) -> list[str]:
    """The columns under the names the format's mapper reads. For a table, ``mapping`` (as
    ``table.resolve_mapping`` returns it) names columns recognition would not."""
    if fmt == FALLBACK:
        return table.table_columns(columns, mapping)
    aliases = getattr(FORMATS[fmt], "ALIASES", {})
    return [aliases.get(canonical(c), canonical(c)) for c in columns]


def _fits(names: set[str], required: tuple[str | tuple[str, ...], ...]) -> list[str]:
    """The required columns missing from ``names`` (a tuple: any one of them will do,
    shown as ``location/latitude``)."""
    missing = []
    for column in required:
        options = (column,) if isinstance(column, str) else column
        if not any(option in names for option in options):
            missing.append("/".join(options))
    return missing


def detect_format(columns: list[str]) -> str:
    """The export format whose required columns are all present and whose signature matches
    best; else a table a person made, when it has a date and a place column."""
    scores = {}
    for fmt, module in FORMATS.items():
        names = set(canonical_columns(columns, fmt))
        if fmt != FALLBACK and not _fits(names, module.REQUIRED):
            scores[fmt] = len(names & set(module.SIGNATURE)) / len(module.SIGNATURE)
    if scores:
        return max(scores, key=scores.__getitem__)
    if not _fits(set(canonical_columns(columns, FALLBACK)), table.REQUIRED):
        return FALLBACK
    shown = ", ".join(columns[:8]) + (", ..." if len(columns) > 8 else "")
    raise ImportFileError(
        _(
            "No recognisable header: expected ACLED (event_date, event_type, location, ...), "
            "UCDP GED (date_start, where_prec, best, ...), the project's own columns "
            "(id, title, date_start, location, ...) or a table with a place and a date "
            "column (lieu, place, village, localité; date); the first row reads: {shown}"
        ).format(shown=shown)
    )


def check_forced(columns: list[str], fmt: str, mapping: Mapping[str, str] | None = None) -> None:
    """A format given by the user must at least have its required columns."""
    if fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}: use auto, {', '.join(FORMATS)}.")
    names = set(canonical_columns(columns, fmt, mapping))
    missing = _fits(names, FORMATS[fmt].REQUIRED)
    if missing:
        raise ImportFileError(
            _("The file lacks the columns {label} needs: {columns}.").format(
                label=_(LABELS[fmt]), columns=", ".join(missing)
            )
        )
