"""Row errors: what was wrong with one cell of an input table, and what became of its row.

Every reader, validator and importer reports problems as ``RowError`` values and hands them
over as one DataFrame built by ``error_frame`` (columns ``ERROR_COLUMNS``, in that order):

- ``row``: the spreadsheet row number (the header is row 1, the first data row is row 2);
- ``column``: the offending column ("" when the whole row is at fault);
- ``value``: the cell as written ("" for an empty cell);
- ``message``: one sentence for the user;
- ``code``: a stable name for the kind of problem (one of ``CODES``), for programs and filters;
- ``outcome``: what happened to the row (one of ``OUTCOMES``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import Any

import pandas as pd

ERROR_COLUMNS: tuple[str, ...] = ("row", "column", "value", "message", "code", "outcome")

# Outcomes: the row was left out; imported as it is; imported with the cell replaced by a
# default (an empty count, a default precision, a place geocoded instead of given).
DROPPED, KEPT, DEFAULTED = "dropped", "kept", "defaulted"
OUTCOMES: tuple[str, ...] = (DROPPED, KEPT, DEFAULTED)

CODES: dict[str, str] = {
    "required": "a required cell or column is empty or missing",
    "missing_column": "an optional column is absent: its default is used for every row",
    "merged_rows": "rows of one event, one per actor (a monadic export), merged into it",
    "bad_date": "not a date (or not a real one)",
    "date_order": "the end date is before the start date",
    "bad_number": "not a whole number of 0 or more",
    "bad_coordinate": "not a decimal degree in range, or not 'latitude,longitude'",
    "unknown_value": "not one of the allowed values",
    "outside_mali": "the coordinates fall outside Mali",
    "admin_mismatch": "the file's region differs from the one our boundaries give",
    "duplicate_id": "an id already used by an earlier row",
    "bad_shape": "the row has more or fewer cells than the header has columns",
    "bad_csv": "the row cannot be split into cells (an unclosed quote, a cell over the limit)",
    "too_long": "a cell longer than the longest cell kept; cut to that length",
    "control_character": "invisible control characters (NUL, ...) removed from the cell",
    "bad_encoding": "bytes that are not text in the file's encoding, shown as \ufffd",
    "bad_cell": "a workbook cell that cannot be read (a broken shared-string reference)",
    "invalid": "any other invalid value",
}


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row). ``value`` is kept as text."""

    row: int
    column: str
    value: str
    message: str
    code: str
    outcome: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown error code {self.code!r}: one of {', '.join(CODES)}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}: one of {', '.join(OUTCOMES)}")
        object.__setattr__(self, "row", int(self.row))
        object.__setattr__(self, "value", _text(self.value))


def error_frame(errors: Iterable[RowError] = ()) -> pd.DataFrame:
    """The error table: one line per error, columns ``ERROR_COLUMNS``, sorted by row (stable)."""
    table = pd.DataFrame([astuple(e) for e in errors], columns=list(ERROR_COLUMNS))
    table = table.astype({"row": "int64", **{c: "str" for c in ERROR_COLUMNS[1:]}})
    return table.sort_values("row", kind="stable", ignore_index=True)
