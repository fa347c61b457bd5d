"""Import incidents from ACLED, UCDP GED or our own files (CSV in any usual encoding, .xlsx).

    result = import_file("mali_acled.csv")          # or read_incidents(bytes, filename)
    result.incidents   # GeoDataFrame with the curated columns plus import extras
    result.errors      # incidents.errors.error_frame (row = spreadsheet row, header = 1)
    result.summary()   # {"format", "rows", "imported", "errors": [one dict per error row]}

A file that cannot be read at all raises ``ImportFileError`` with one sentence for the user;
anything wrong with single rows lands in ``errors`` and never stops the other rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.gazetteer import EXONYMS
from geo.geocoder import split_qualifier
from geo.normalize import name_key, normalize, sound_key
from i18n import _
from incidents.errors import DROPPED, KEPT, RowError, error_frame
from incidents.frame import INTEGER_COLUMNS, conform
from incidents.geocoding import Geocoder, attach_places
from incidents.importers.columns import Cells, iter_cells
from incidents.importers.detect import (
    FORMATS,
    canonical_columns,
    check_forced,
    detect_format,
)
from incidents.importers.reading import MAX_BYTES, ImportFileError, read_table
from incidents.load import records_frame
from incidents.model import IMPORT_FIELDS
from incidents.schema import duplicate_id, row_errors

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ImportFileError",
    "ImportResult",
    "import_file",
    "read_incidents",
]


@dataclass(frozen=True)
class ImportResult:
    format: str  # acled | ucdp | native
    rows: int  # data rows in the file, readable or not
    incidents: gpd.GeoDataFrame
    errors: pd.DataFrame  # incidents.errors.error_frame
    admin_mismatches: pd.DataFrame  # the file's admin1 disagrees with our polygons
    encoding: str
    delimiter: str

    @property
    def imported(self) -> int:
        return len(self.incidents)

    def summary(self) -> dict[str, object]:
        errors = [{**e, "row": int(e["row"])} for e in self.errors.to_dict("records")]
        return {
            "format": self.format,
            "rows": self.rows,
            "imported": self.imported,
            "errors": errors,
        }


def import_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    geocoder: Geocoder | None = None,
    max_bytes: int = MAX_BYTES,
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
    geocoder: Geocoder | None = None,
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
    errors = list(raw.bad_rows)
    mapped = _map_rows(table, FORMATS[fmt].map_row, errors)
    incidents = records_to_incidents(mapped, errors, geocoder)
    incidents = _drop_outside_mali(incidents, errors)
    mismatches = _admin_mismatches(incidents)
    for m in mismatches.itertuples(index=False):
        message = (
            f"the file's admin1 differs from our boundaries ({m.admin1}); ours kept, "
            "the file's in source_admin1, row imported"
        )
        errors.append(RowError(m.row, "admin1", m.source_admin1, message, "admin_mismatch", KEPT))
    return ImportResult(
        format=fmt,
        rows=raw.rows,
        incidents=incidents,
        errors=error_frame(errors),
        admin_mismatches=mismatches,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
    )


def _map_rows(
    table: pd.DataFrame,
    map_row: Callable[[Cells], dict[str, object] | None],
    errors: list[RowError],
) -> list[dict[str, object]]:
    """Each row through the format's mapper; a value the mapper cannot handle (a number or
    date past what Python can represent) costs that row only, reported, never the file."""
    mapped = []
    for cells in iter_cells(table, errors):
        try:
            item = map_row(cells)
        except (ArithmeticError, ValueError, TypeError, KeyError, IndexError) as exc:
            message = _("this row cannot be read ({problem}); row not imported").format(
                problem=str(exc)[:120] or type(exc).__name__
            )
            errors.append(RowError(cells.row, "", "", message, "invalid", DROPPED))
            continue
        if item is not None:
            mapped.append(item)
    return mapped


def records_to_incidents(
    mapped: list[dict[str, object]], errors: list[RowError], geocoder: Geocoder | None = None
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
            problems = [duplicate_id(row, record.id, seen[record.id])]
        errors.extend(replace(p, message=f"{p.message}; row not imported") for p in problems)
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
    for column in IMPORT_FIELDS:
        frame[column] = [item.get(column) for item in kept]
    return conform(attach_places(frame, geocoder=geocoder))


def incidents_from_rows(
    rows: pd.DataFrame, source_format: str, geocoder: Geocoder | None = None
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Rows typed or reviewed by a person (e.g. extraction candidates in an editable table) ->
    incidents, through the same schema and place rules as files. ``row`` in the error table is
    the table's row number, counting from 1."""
    errors: list[RowError] = []
    mapped = []
    for number, (_index, row) in enumerate(rows.iterrows(), start=1):
        item = {k: (None if _missing(v) else v) for k, v in row.items()}
        for column in INTEGER_COLUMNS:
            if isinstance(item.get(column), float) and float(item[column]).is_integer():
                item[column] = int(item[column])
        for column in ("latitude", "longitude", "geo_precision"):  # placed again from location
            item.pop(column, None)
        item.update(source_format=source_format, source_row=number)
        mapped.append(item)
    return records_to_incidents(mapped, errors, geocoder), error_frame(errors)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value)))


def _has_point(item: dict[str, object]) -> bool:
    return item.get("latitude") is not None and item.get("longitude") is not None


def _drop_outside_mali(gdf: gpd.GeoDataFrame, errors: list[RowError]) -> gpd.GeoDataFrame:
    """Rows whose given coordinates fall outside Mali are reported and left out."""
    outside = gdf["latitude"].notna() & gdf["admin1"].isna()
    for row in gdf[outside].itertuples():
        errors.append(
            RowError(
                row.source_row,
                "latitude, longitude",
                f"{row.latitude}, {row.longitude}",
                "the point is outside Mali; row not imported",
                "outside_mali",
                DROPPED,
            )
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
