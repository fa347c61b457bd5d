"""The cell parsers the format mappers share: typed access to one file row's text cells.

A cell that cannot be read is recorded as a ``RowError`` saying what became of the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from i18n import _
from incidents.errors import DEFAULTED, DROPPED, RowError
from incidents.importers.dates import parse_date, parse_period

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def iter_cells(
    table: pd.DataFrame,
    errors: list[RowError],
    source_name: str = "",
    headers: Sequence[str] = (),
) -> Iterator[Cells]:
    """Each row of a read table as ``Cells`` (fast: no per-row Series). ``headers``: the
    columns as the file writes them, when ``table`` has them renamed."""
    rows = zip(table.index, table.itertuples(index=False, name=None), strict=True)
    return iter_row_cells(rows, list(table.columns), errors, source_name, headers)


def iter_row_cells(
    rows: Iterable[tuple[int, Sequence[str]]],
    columns: Sequence[str],
    errors: list[RowError],
    source_name: str = "",
    headers: Sequence[str] = (),
) -> Iterator[Cells]:
    """Rows as (row number, one cell per column) -> ``Cells``, as ``iter_cells``."""
    written = dict(zip(columns, headers, strict=True)) if headers else {}
    for number, values in rows:
        yield Cells(
            int(number), dict(zip(columns, values, strict=True)), errors, source_name, written
        )


@dataclass
class Cells:
    """One file row: typed access to its cells, recording what cannot be read."""

    row: int
    values: dict[str, str]
    errors: list[RowError]
    source_name: str = ""  # the file's name, a default source for tables without one
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as written

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def error(self, column: str, value: object, message: str, code: str, outcome: str) -> None:
        self.errors.append(RowError(self.row, column, str(value), message, code, outcome))

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def count(self, column: str) -> int | None:
        """A whole number >= 0 ('12', '12.0', '1 234'); empty -> None; bad -> None + error."""
        value = self.text(column)
        if not value:
            return None
        compact = value.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        if _NUMBER.match(compact) and not compact.startswith("-"):
            return int(float(compact.replace(",", ".")))
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", compact):
            return int(compact.replace(",", ""))
        message = "not a whole number >= 0; left empty, row imported"
        self.error(column, value, message, "bad_number", DEFAULTED)
        return None

    def coordinate(self, column: str, low: float, high: float) -> float | None:
        """A decimal degree within [low, high] (',' accepted as the decimal mark)."""
        value = self.text(column)
        if not value:
            return None
        if _DECIMAL.match(value):
            number = float(value.replace(",", "."))
            if low <= number <= high:
                return number
        self.error(
            column,
            value,
            f"not a decimal degree between {low:g} and {high:g}; "
            "coordinates ignored, place geocoded from the location instead",
            "bad_coordinate",
            DEFAULTED,
        )
        return None

    def day(self, column: str) -> date | None:
        value = self.text(column)
        try:
            return parse_date(value)
        except ValueError as exc:
            self.error(column, value, f"{exc}; row not imported", "bad_date", DROPPED)
            return None

    def period(self, column: str) -> tuple[date, date, str] | None:
        """(start, end, precision) of a date written as a day, a month or a year."""
        value = self.text(column)
        try:
            return parse_period(value)
        except ValueError as exc:
            message = _("{problem}; row not imported").format(problem=exc)
            self.error(column, value, message, "bad_date", DROPPED)
            return None

    def code(self, column: str, meanings: dict[str, str], default: str) -> str:
        """A precision code looked up in ``meanings``; unknown -> ``default`` + error."""
        value = self.text(column)
        key = value.removesuffix(".0")
        if key in meanings:
            return meanings[key]
        if value:
            self.error(
                column,
                value,
                f"expected one of {', '.join(meanings)}; used {default!r}, row imported",
                "unknown_value",
                DEFAULTED,
            )
        return default
