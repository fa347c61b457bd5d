"""The incident frame: its columns, in order, the dtype of each, and ``conform`` to enforce them.

Loading, importing and the store all hand out GeoDataFrames in EPSG:4326 with these columns
(docs/architecture.md): the model fields, the places ``attach_places`` adds, the derived
``year``, then, for an imported dataset, the import fields. ``geometry`` comes last.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from geo.boundaries import CRS
from incidents.model import (
    ADMIN_FIELDS,
    COUNT_FIELDS,
    DATE_FIELDS,
    FIELDS,
    IMPORT_FIELDS,
    MEASURE_FIELDS,
    PCODE_FIELDS,
    PLACE_FIELDS,
    RANGE_COUNT_FIELDS,
)

__all__ = [
    "COLUMNS",
    "CRS",
    "CURATED_COLUMNS",
    "DTYPES",
    "NO_MEASURES",
    "conform",
    "empty_column",
    "format_measures",
    "is_recorded",
    "recorded_measures",
]

# The curated dataset's columns; an imported one adds the import fields.
# ``verification`` is derived from the figures per source (incidents.figures.with_verification)
# and stored with the frame, so every engine filters on it like on any column.
CURATED_COLUMNS: tuple[str, ...] = (*FIELDS, *PLACE_FIELDS, "year", "verification")
COLUMNS: tuple[str, ...] = (*CURATED_COLUMNS, *IMPORT_FIELDS)

INTEGER_COLUMNS: tuple[str, ...] = (*COUNT_FIELDS, *RANGE_COUNT_FIELDS, "year", "source_row")
COORDINATE_COLUMNS: tuple[str, ...] = ("latitude", "longitude")


def _dtype(column: str) -> str:
    if column in INTEGER_COLUMNS:
        return "Int64"  # nullable: an empty count is unknown, not 0
    if column in DATE_FIELDS:
        return "datetime64[ns]"
    if column in COORDINATE_COLUMNS:
        return "float64"
    if column in ADMIN_FIELDS or column in PCODE_FIELDS:
        # a name or P-code, or None (finer than the place's precision, or outside Mali)
        return "object"
    return "str"  # text, "" when empty


DTYPES: dict[str, str] = {column: _dtype(column) for column in COLUMNS}


def empty_column(column: str, index: pd.Index) -> pd.Series:
    """An all-missing column with the contract's dtype for ``column``."""
    return _coerce(pd.Series(None, index=index, dtype="object"), column)


def _coerce(values: pd.Series, column: str) -> pd.Series:
    dtype = DTYPES[column]
    if dtype == "Int64":
        return pd.to_numeric(values).astype("Int64")
    if dtype == "datetime64[ns]":
        return pd.to_datetime(values).astype("datetime64[ns]")
    if dtype == "float64":
        return pd.to_numeric(values).astype("float64")
    if dtype == "object":
        return values.astype("object").where(values.notna(), None)
    return values.fillna("").astype("str")


def conform(frame: pd.DataFrame, columns: Sequence[str] = COLUMNS) -> gpd.GeoDataFrame:
    """``frame`` with exactly ``columns`` then ``geometry``, each with its contract dtype.

    A missing column is added empty, other columns are left out, ``year`` is recomputed from
    ``date_start`` and the index is reset; the CRS is EPSG:4326 unless the frame has its own.
    Applying it twice changes nothing.
    """
    index = pd.RangeIndex(len(frame))
    data = {}
    for column in columns:
        if column in frame.columns:
            data[column] = _coerce(pd.Series(frame[column].to_numpy(), index=index), column)
        else:
            data[column] = empty_column(column, index)
    if "year" in data:
        start = data["date_start"] if "date_start" in data else empty_column("date_start", index)
        data["year"] = start.dt.year.astype("Int64")
    if isinstance(frame, gpd.GeoDataFrame):
        geometry = gpd.GeoSeries(frame.geometry.to_numpy(), index=index, crs=frame.crs or CRS)
    else:
        geometry = gpd.GeoSeries([None] * len(index), index=index, crs=CRS)
    return gpd.GeoDataFrame(pd.DataFrame(data, index=index), geometry=geometry)


# ``recorded_measures`` of a row whose source codes no count at all (a file without any).
NO_MEASURES = "none"


def format_measures(measures: Sequence[str] | set[str]) -> str:
    """The ``recorded_measures`` cell for a row whose source codes ``measures``."""
    chosen = [m for m in MEASURE_FIELDS if m in measures]
    return ",".join(chosen) if chosen else NO_MEASURES


def _row_measures(cell: object) -> frozenset[str]:
    # An empty cell is a row of the curated data, which codes every count: there an empty
    # count means the source states none.
    if not isinstance(cell, str) or not cell.strip():
        return frozenset(COUNT_FIELDS)
    return frozenset(m.strip() for m in cell.split(",")) & frozenset(MEASURE_FIELDS)


def recorded_measures(gdf: pd.DataFrame) -> set[str]:
    """The counts (``MEASURE_FIELDS``) that the sources of ``gdf``'s rows code, any row.

    ACLED codes fatalities only (``{"killed"}``), UCDP GED its best, low and high estimates, a
    spreadsheet the count columns it had. Any other count is "not recorded", never 0.
    """
    if "recorded_measures" not in gdf.columns:
        return set(COUNT_FIELDS)
    found: set[str] = set()
    for cell in pd.unique(gdf["recorded_measures"]):
        found |= _row_measures(cell)
    return {m for m in MEASURE_FIELDS if m in found}


def is_recorded(gdf: pd.DataFrame, measure: str) -> pd.Series:
    """Per row: does its source code ``measure``? (False -> show "not recorded".)"""
    if "recorded_measures" not in gdf.columns:
        return pd.Series(measure in COUNT_FIELDS, index=gdf.index)
    return gdf["recorded_measures"].map(lambda cell: measure in _row_measures(cell)).astype(bool)
