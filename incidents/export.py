"""CSV and GeoJSON writers for an incident GeoDataFrame (the CLI and the dashboard downloads).

Both write every model field plus admin1-3, latitude, longitude and geo_precision, and for an
imported dataset the import fields it carries (the file's own ids and admin names, UCDP's
low/high estimates: ours are recomputed, theirs are kept beside them). ``url``, the
incident's permalink (``incidents.links.incident_url``), and ``source_title``, the source as a
person reads it (``incidents.sources.source_label``: ``source`` is only its key), follow the
model fields. An incident
with no place has empty latitude/longitude (CSV) and a null geometry (GeoJSON).
CSV text cells that a spreadsheet would run as a formula are neutralised with a leading quote;
numbers (negative longitudes, counts) stay numbers. ``spreadsheet_safe_frame`` does the same to
a frame shown in a table whose toolbar can download it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from incidents.frame import COORDINATE_COLUMNS, INTEGER_COLUMNS
from incidents.links import incident_url
from incidents.model import DATE_FIELDS, EXPORT_FIELDS, IMPORT_FIELDS
from incidents.sources import source_label
from incidents.store import CURATED

# A cell is a formula (or hides one) in Excel, LibreOffice or Sheets when its first visible
# character is one of these, the fullwidth forms included (some spreadsheets fold them to
# ASCII), whatever whitespace, byte-order marks or zero-width characters come before it...
FORMULA_CHARACTERS = "=+-@\uff1d\uff0b\uff0d\uff20"
# ...or when it starts with a character a spreadsheet drops or treats as a cell break.
INVISIBLE_STARTS = ("\t", "\r", "\n", "\x0b", "\x0c", "\ufeff")
_LEADING_INVISIBLE = re.compile(r"[\s\ufeff\u200b-\u200d\u2060]*")
URL_COLUMN = "url"
SOURCE_TITLE_COLUMN = "source_title"


def export_columns(incidents: pd.DataFrame) -> tuple[str, ...]:
    """EXPORT_FIELDS, ``url``, then the import fields this frame has a value in."""
    extras = tuple(
        c for c in IMPORT_FIELDS if c in incidents.columns and incidents[c].notna().any()
    )
    return (*EXPORT_FIELDS, URL_COLUMN, SOURCE_TITLE_COLUMN, *extras)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or as hiding one)."""
    if text.startswith(INVISIBLE_STARTS):
        return True
    leading = _LEADING_INVISIBLE.match(text)
    visible = leading.end() if leading else 0
    return text[visible : visible + 1] in tuple(FORMULA_CHARACTERS)


def spreadsheet_safe(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would read as a formula."""
    return "'" + text if is_formula_like(text) else text


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are ``spreadsheet_safe``; numbers,
    dates and missing values are left as they are. For tables a person can download as CSV."""
    safe = frame.rename(columns=lambda c: spreadsheet_safe(c) if isinstance(c, str) else c)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            cleaned = column.map(lambda v: spreadsheet_safe(v) if isinstance(v, str) else v)
            safe.isetitem(position, cleaned)
    return safe


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _cell(column: str, value: Any) -> str | int | float | None:
    """A cell as a JSON-ready value: ISO date, int count, float coordinate, text or None."""
    if _missing(value):
        return None
    if column in DATE_FIELDS:
        return pd.Timestamp(value).date().isoformat()
    if column in INTEGER_COLUMNS:
        return int(value)
    if column in COORDINATE_COLUMNS:
        return float(value)
    return str(value)


def _records(
    incidents: pd.DataFrame, columns: Sequence[str], dataset: str, base: str | None
) -> list[dict[str, Any]]:
    derived = (URL_COLUMN, SOURCE_TITLE_COLUMN)
    present = [c for c in columns if c in incidents.columns and c not in derived]
    rows = (
        incidents[[*dict.fromkeys(["id", "source", *present])]].to_dict("records")
        if len(incidents)
        else []
    )
    records = [{c: _cell(c, row.get(c)) for c in columns} for row in rows]
    if URL_COLUMN in columns:
        for record, row in zip(records, rows, strict=True):
            record[URL_COLUMN] = incident_url(base, str(row["id"]), dataset)
    if SOURCE_TITLE_COLUMN in columns:
        for record, row in zip(records, rows, strict=True):
            record[SOURCE_TITLE_COLUMN] = source_label(str(row.get("source") or "")) or None
    return records


def _csv_cell(column: str, value: str | int | float | None) -> str:
    if value is None:
        return ""
    if column in INTEGER_COLUMNS or column in COORDINATE_COLUMNS:
        return repr(value)  # numbers stay numbers, even negative longitudes
    return spreadsheet_safe(str(value))


def to_csv(
    incidents: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    dataset: str = CURATED,
    base: str | None = None,
) -> str:
    """The incidents as CSV text (RFC 4180: CRLF line ends, so a CR inside a cell is quoted).

    ``dataset`` and ``base`` make the ``url`` column (``incidents.links.incident_url``).
    """
    columns = columns or export_columns(incidents)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in _records(incidents, columns, dataset, base):
        writer.writerow([_csv_cell(column, value) for column, value in record.items()])
    return buffer.getvalue()


def to_geojson(
    incidents: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    dataset: str = CURATED,
    base: str | None = None,
) -> str:
    """The incidents as a GeoJSON FeatureCollection (null geometry for placeless incidents)."""
    columns = columns or export_columns(incidents)
    features = []
    for record in _records(incidents, columns, dataset, base):
        lat, lon = record.get("latitude"), record.get("longitude")
        geometry = None
        if lat is not None and lon is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False)
