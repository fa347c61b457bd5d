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

from geo.gazetteer import EXONYMS
from geo.geocoder import split_qualifier
from geo.normalize import name_key, normalize, sound_key
from incidents.geocoding import attach_places
from incidents.importers.columns import (
    COUNT_COLUMNS,
    EXTRA_COLUMNS,
    RowErrors,
    iter_cells,
    output_columns,
)
from incidents.importers.detect import (
    FORMATS,
    canonical_columns,
    check_forced,
    detect_format,
)
from incidents.importers.reading import MAX_BYTES, ImportFileError, error_frame, read_table
from incidents.load import records_frame
from incidents.schema import row_errors

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
    map_row = FORMATS[fmt].map_row
    mapped = [r for cells in iter_cells(table, errors) if (r := map_row(cells)) is not None]
    incidents = records_to_incidents(mapped, errors, geocoder)
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


def records_to_incidents(
    mapped: list[dict[str, object]], errors: RowErrors, geocoder=None
) -> gpd.GeoDataFrame:
    """Validate mapped rows with the curated schema, then attach places.

    Each mapped row carries ``source_row`` (its spreadsheet row) and may carry its own
    ``latitude``/``longitude``/``geo_precision`` and the import extras.
    """
    records, kept, seen = [], [], {}
    for item in mapped:
        row = int(item["source_row"])
        record, problems = row_errors(item, row)
        if record is not None and record.id in seen:
            problems = [
                {
                    "row": row,
                    "column": "id",
                    "value": record.id,
                    "message": f"duplicate id: already used in row {seen[record.id]}",
                }
            ]
        for problem in problems:
            errors.add(
                problem["row"],
                problem["column"],
                problem["value"],
                f"{problem['message']}; row not imported",
            )
        if not problems:
            seen[record.id] = row
            records.append(record)
            kept.append(item)
    frame = records_frame(records)
    given = [_has_point(item) for item in kept]
    for column in ("latitude", "longitude", "geo_precision"):
        values = [
            item.get(column) if has else old
            for item, has, old in zip(kept, given, frame[column], strict=True)
        ]
        frame[column] = values
    frame["latitude"] = pd.to_numeric(frame["latitude"]).astype("float64")
    frame["longitude"] = pd.to_numeric(frame["longitude"]).astype("float64")
    for column in EXTRA_COLUMNS:
        values = [item.get(column) for item in kept]
        if column in COUNT_COLUMNS or column == "source_row":
            frame[column] = pd.array(values, dtype="Int64")
        else:
            frame[column] = pd.Series([v or "" for v in values], index=frame.index, dtype="str")
    return _attach_places(frame, geocoder)


def incidents_from_rows(
    rows: pd.DataFrame, source_format: str, geocoder=None
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Rows typed or reviewed by a person (e.g. extraction candidates in an editable table) ->
    incidents, through the same schema and place rules as files. ``row`` in the error table is
    the table's row number, counting from 1."""
    errors = RowErrors()
    mapped = []
    for number, (_, row) in enumerate(rows.iterrows(), start=1):
        item = {k: (None if _missing(v) else v) for k, v in row.items()}
        for column in COUNT_COLUMNS:
            if isinstance(item.get(column), float) and float(item[column]).is_integer():
                item[column] = int(item[column])
        for column in ("latitude", "longitude", "geo_precision"):  # placed again from location
            item.pop(column, None)
        item.update(source_format=source_format, source_row=number)
        mapped.append(item)
    incidents = records_to_incidents(mapped, errors, geocoder) if mapped else _empty_incidents()
    return incidents, error_frame(errors.entries)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value)))


def _empty_incidents() -> gpd.GeoDataFrame:
    return records_to_incidents([], RowErrors())


def _has_point(item: dict[str, object]) -> bool:
    return item.get("latitude") is not None and item.get("longitude") is not None


def _attach_places(records: pd.DataFrame, geocoder) -> gpd.GeoDataFrame:
    gdf = attach_places(records, geocoder=geocoder)
    gdf["year"] = pd.array(gdf["date_start"].dt.year, dtype="Int64")
    ordered = [c for c in output_columns() if c in gdf.columns]
    return gpd.GeoDataFrame(
        gdf[[*ordered, "geometry"]].reset_index(drop=True), geometry="geometry", crs="EPSG:4326"
    )


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


# Other spellings of our unit names (Timbuktu, Koulikouro, Taoudénit), keyed like the geocoder.
_EXONYMS = {name_key(k): normalize(v) for k, v in EXONYMS.items()}


def same_admin_name(theirs: str, ours: str) -> bool:
    """'Mopti region', 'MOPTI' and 'Mopti' are one name; so are exonyms of our names."""
    _, name = split_qualifier(theirs)
    name = _EXONYMS.get(name.replace(" ", ""), name)
    return sound_key(name) == sound_key(ours)
