"""The columns an imported dataset carries, and the cell parsers the format mappers share."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from incidents.importers.dates import parse_date
from incidents.model import (
    COUNT_FIELDS,
    DATE_FIELDS,
    FIELDS,
    IMPORT_FIELDS,
    PLACE_FIELDS,
    RANGE_COUNT_FIELDS,
)

RECORD_COLUMNS = list(FIELDS)
PLACE_COLUMNS = [*PLACE_FIELDS, "year"]
EXTRA_COLUMNS = list(IMPORT_FIELDS)
COUNT_COLUMNS = (*COUNT_FIELDS, *RANGE_COUNT_FIELDS)
DATE_COLUMNS = DATE_FIELDS


def output_columns() -> list[str]:
    return [*RECORD_COLUMNS, *PLACE_COLUMNS, *EXTRA_COLUMNS]


def empty_column(column: str, index: pd.Index | None = None) -> pd.Series:
    """An all-missing column with the dtype the curated GeoDataFrame uses for it."""
    if column in COUNT_COLUMNS or column in ("year", "source_row"):
        return pd.Series(pd.NA, index=index, dtype="Int64")
    if column in DATE_COLUMNS:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if column in ("latitude", "longitude"):
        return pd.Series(math.nan, index=index, dtype="float64")
    if column in ("admin1", "admin2", "admin3"):
        return pd.Series(None, index=index, dtype="object")
    return pd.Series("", index=index, dtype="str")


@dataclass
class RowErrors:
    """Collects (row, column, value, message) entries while a file's rows are mapped."""

    entries: list[dict[str, object]] = field(default_factory=list)

    def add(self, row: int, column: str, value: object, message: str) -> None:
        self.entries.append(
            {"row": int(row), "column": column, "value": str(value), "message": message}
        )


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def iter_cells(table: pd.DataFrame, errors: RowErrors):
    """Each row of a read table as ``Cells`` (fast: no per-row Series)."""
    for number, values in zip(table.index, table.to_dict("records"), strict=True):
        yield Cells(int(number), values, errors)


@dataclass
class Cells:
    """One file row: typed access to its cells, recording what cannot be read."""

    row: int
    values: dict[str, str]
    errors: RowErrors

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
        self.errors.add(
            self.row, column, value, "not a whole number >= 0; left empty, row imported"
        )
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
        self.errors.add(
            self.row,
            column,
            value,
            f"not a decimal degree between {low:g} and {high:g}; "
            "coordinates ignored, place geocoded from the location instead",
        )
        return None

    def day(self, column: str) -> date | None:
        value = self.text(column)
        try:
            return parse_date(value)
        except ValueError as exc:
            self.errors.add(self.row, column, value, f"{exc}; row not imported")
            return None

    def code(self, column: str, meanings: dict[str, str], default: str) -> str:
        """A precision code looked up in ``meanings``; unknown -> ``default`` + error."""
        value = self.text(column)
        key = value.removesuffix(".0")
        if key in meanings:
            return meanings[key]
        if value:
            self.errors.add(
                self.row,
                column,
                value,
                f"expected one of {', '.join(meanings)}; used {default!r}, row imported",
            )
        return default
