"""Files in the project's own format: data/incidents.csv's columns, or our CSV export."""

from __future__ import annotations

import pandas as pd

from incidents.importers.columns import COUNT_COLUMNS, RECORD_COLUMNS, Cells, RowErrors

REQUIRED = ("date_start", "location")
SIGNATURE = (*RECORD_COLUMNS, "admin1", "latitude", "longitude", "geo_precision")
TEXT_COLUMNS = [c for c in RECORD_COLUMNS if c not in (*COUNT_COLUMNS, "date_start", "date_end")]
DATE_PRECISIONS = ("day", "week", "month", "year")
GEO_PRECISIONS = ("point", "near", "commune", "cercle", "region", "country")


def map_rows(table: pd.DataFrame, errors: RowErrors) -> list[dict[str, object]]:
    records = []
    for number, values in table.iterrows():
        record = _map_row(Cells(int(number), values.to_dict(), errors))
        if record is not None:
            records.append(record)
    return records


def _map_row(cells: Cells) -> dict[str, object] | None:
    record: dict[str, object] = {c: cells.text(c) for c in TEXT_COLUMNS}
    date_start = cells.day("date_start")
    if date_start is None:
        return None
    date_end = cells.day("date_end") if cells.text("date_end") else date_start
    if date_end is None:
        return None
    record.update(date_start=date_start, date_end=date_end)
    record.update({c: cells.count(c) for c in ("killed", "injured", "missing", "detained")})
    record["date_precision"] = record["date_precision"] or "day"
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    if latitude is not None and longitude is not None:
        precision = cells.text("geo_precision")
        record.update(latitude=latitude, longitude=longitude, geo_precision=precision or "point")
    record.update(
        source_event_id=record["id"],
        source_admin1=cells.text("admin1"),
        source_admin2=cells.text("admin2"),
        source_admin3=cells.text("admin3"),
        source_format="native",
        source_row=cells.row,
    )
    return record
