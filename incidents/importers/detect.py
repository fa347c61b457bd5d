"""Recognise a file's format (ACLED, UCDP GED, ours) from its header row."""

from __future__ import annotations

from geo.normalize import normalize
from incidents.importers import acled, native, ucdp
from incidents.importers.reading import ImportFileError

FORMATS = {"acled": acled, "ucdp": ucdp, "native": native}
LABELS = {"acled": "ACLED", "ucdp": "UCDP GED", "native": "the project's own format"}


def canonical(column: str) -> str:
    """'EVENT_DATE', 'Event date', ' event-date ' -> 'event_date'."""
    return normalize(column).replace(" ", "_")


def canonical_columns(columns: list[str], fmt: str) -> list[str]:
    aliases = getattr(FORMATS[fmt], "ALIASES", {})
    return [aliases.get(canonical(c), canonical(c)) for c in columns]


def detect_format(columns: list[str]) -> str:
    """The format whose required columns are all present and whose signature matches best."""
    scores = {}
    for fmt, module in FORMATS.items():
        names = set(canonical_columns(columns, fmt))
        if all(column in names for column in module.REQUIRED):
            scores[fmt] = len(names & set(module.SIGNATURE)) / len(module.SIGNATURE)
    if not scores:
        shown = ", ".join(columns[:8]) + (", ..." if len(columns) > 8 else "")
        raise ImportFileError(
            "No recognisable header: expected ACLED (event_date, event_type, location, ...), "
            "UCDP GED (date_start, where_prec, best, ...) or the project's own columns "
            f"(date_start, location, killed, ...); the first row reads: {shown}"
        )
    return max(scores, key=scores.__getitem__)


def check_forced(columns: list[str], fmt: str) -> None:
    """A format given by the user must at least have its required columns."""
    if fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}: use auto, {', '.join(FORMATS)}.")
    names = set(canonical_columns(columns, fmt))
    missing = [c for c in FORMATS[fmt].REQUIRED if c not in names]
    if missing:
        raise ImportFileError(
            f"The file lacks the columns {LABELS[fmt]} needs: {', '.join(missing)}."
        )
