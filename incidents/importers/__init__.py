"""Import incidents from ACLED, UCDP GED or our own files (CSV in any usual encoding, .xlsx).

    result = import_file("mali_acled.csv")          # or read_incidents(bytes, filename)
    result.incidents   # GeoDataFrame with the curated columns plus import extras
    result.errors      # row, column, value, message (row = spreadsheet row, header = 1)
    result.summary()   # {"format", "rows", "imported", "errors": [...]}

A file that cannot be read at all raises ``ImportFileError`` with one sentence for the user;
anything wrong with single rows lands in ``errors`` and never stops the other rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.normalize import normalize, sound_key
from incidents.importers.columns import (
    COUNT_COLUMNS,
    DATE_COLUMNS,
    RowErrors,
    empty_column,
    output_columns,
)
from incidents.importers.detect import (
    FORMATS,
    canonical_columns,
    check_forced,
    detect_format,
)
from incidents.importers.reading import MAX_BYTES, ImportFileError, error_frame, read_table

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ImportFileError",
    "ImportResult",
    "import_file",
    "read_incidents",
]

MISMATCH_COLUMNS = ["row", "id", "location", "source_admin1", "admin1"]


@dataclass(frozen=True)
class ImportResult:
    format: str  # acled | ucdp | native
    rows: int  # data rows in the file, readable or not
    incidents: gpd.GeoDataFrame
    errors: pd.DataFrame  # row, column, value, message
    admin_mismatches: pd.DataFrame  # the file's admin1 disagrees with our polygons
    encoding: str
    delimiter: str

    @property
    def imported(self) -> int:
        return len(self.incidents)

    def summary(self) -> dict[str, object]:
        errors = [
            {"row": int(e.row), "column": e.column, "value": e.value, "message": e.message}
            for e in self.errors.itertuples(index=False)
        ]
        return {
            "format": self.format,
            "rows": self.rows,
            "imported": self.imported,
            "errors": errors,
        }


def import_file(
    path: str | os.PathLike[str], fmt: str = "auto", geocoder=None, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Read and import the file at ``path`` (never modifies it)."""
    file = Path(path)
    if not file.is_file():
        raise ImportFileError(f"No such file: {file}")
    size = file.stat().st_size
    if size > max_bytes:  # checked before reading, so a huge file never fills memory
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB, over the "
            f"{max_bytes / 1024 / 1024:.1f} MB import limit."
        )
    return read_incidents(file.read_bytes(), file.name, fmt, geocoder, max_bytes)


def read_incidents(
    data: bytes,
    filename: str = "",
    fmt: str = "auto",
    geocoder=None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Import a file's bytes: detect or check the format, map the rows, attach places."""
    raw = read_table(data, filename, max_bytes)
    columns = list(raw.table.columns)
    if fmt == "auto":
        fmt = detect_format(columns)
    else:
        check_forced(columns, fmt)
    table = raw.table.set_axis(canonical_columns(columns, fmt), axis=1)
    errors = RowErrors(raw.bad_rows.to_dict("records"))
    records = FORMATS[fmt].map_rows(table, errors)
    incidents = _attach_places(_record_frame(records), geocoder)
    incidents = _drop_outside_mali(incidents, errors)
    mismatches = _admin_mismatches(incidents)
    for m in mismatches.itertuples(index=False):
        errors.add(
            m.row,
            "admin1",
            m.source_admin1,
            f"the file's admin1 differs from our boundaries ({m.admin1}); ours kept, "
            "the file's in source_admin1, row imported",
        )
    error_table = error_frame(errors.entries).sort_values("row", kind="stable")
    return ImportResult(
        format=fmt,
        rows=len(raw.table) + len(raw.bad_rows),
        incidents=incidents,
        errors=error_table.reset_index(drop=True),
        admin_mismatches=mismatches,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
    )


def _record_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    for column in output_columns():
        if column not in frame.columns:
            frame[column] = empty_column(column, len(frame), frame.index)
    for column in COUNT_COLUMNS:
        frame[column] = pd.array(frame[column], dtype="Int64")
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["source_row"] = pd.array(frame["source_row"], dtype="Int64")
    return frame


def _attach_places(records: pd.DataFrame, geocoder) -> gpd.GeoDataFrame:
    from incidents.geocoding import attach_places

    gdf = attach_places(records, geocoder=geocoder)
    gdf["year"] = pd.array(gdf["date_start"].dt.year, dtype="Int64")
    ordered = [c for c in output_columns() if c in gdf.columns]
    rest = [c for c in gdf.columns if c not in ordered and c != gdf.geometry.name]
    return gdf[[*ordered, *rest, gdf.geometry.name]].reset_index(drop=True)


def _drop_outside_mali(gdf: gpd.GeoDataFrame, errors: RowErrors) -> gpd.GeoDataFrame:
    """Rows whose given coordinates fall outside Mali are reported and left out."""
    outside = gdf["latitude"].notna() & gdf["admin1"].isna()
    for row in gdf[outside].itertuples():
        errors.add(
            row.source_row,
            "latitude, longitude",
            f"{row.latitude}, {row.longitude}",
            "the point is outside Mali; row not imported",
        )
    return gdf[~outside].reset_index(drop=True)


def _admin_mismatches(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    given = gdf["source_admin1"].fillna("").astype(str).str.strip()
    ours = gdf["admin1"].fillna("").astype(str)
    differs = [
        bool(a) and bool(b) and not same_admin_name(a, b) for a, b in zip(given, ours, strict=True)
    ]
    table = gdf.loc[differs, ["source_row", "id", "location", "source_admin1", "admin1"]]
    return table.rename(columns={"source_row": "row"}).reset_index(drop=True)


# Names other sources give our regions (English exonyms, pre-2016 spellings).
_ADMIN1_ALIASES = {
    "timbuktu": "tombouctou",
    "koulikouro": "koulikoro",
    "bamako district": "bamako",
    "district de bamako": "bamako",
}


def same_admin_name(theirs: str, ours: str) -> bool:
    a, b = normalize(theirs), normalize(ours)
    a = _ADMIN1_ALIASES.get(a, a)
    return a == b or sound_key(a) == sound_key(b)
