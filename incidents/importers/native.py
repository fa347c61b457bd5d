"""Files in the project's own format: data/incidents.csv's columns, or our CSV export.

The cells go through the curated schema unchanged, except dates, which may be written in any
form ``parse_date`` reads (14/02/2020, 14 février 2020) and are passed on as ISO dates. A file
needs every column the schema requires; one with fewer is read as a person's table
(``incidents.importers.table``), which gives the others defaults.
"""

from __future__ import annotations

from incidents.frame import format_measures
from incidents.importers.columns import Cells
from incidents.model import COUNT_FIELDS, CURATED_FIELDS, DATE_FIELDS, FIELDS, REQUIRED_FIELDS

REQUIRED = (*REQUIRED_FIELDS, "location")
SIGNATURE = (*FIELDS, "admin1", "latitude", "longitude", "geo_precision")


def map_row(cells: Cells) -> dict[str, object] | None:
    """The record for one file row, or None when the row cannot be one (errors recorded)."""
    record: dict[str, object] = {c: cells.text(c) for c in CURATED_FIELDS}
    for column in DATE_FIELDS:
        if record[column]:
            day = cells.day(column)
            if day is None:
                return None
            record[column] = day
    # Our own export carries coordinates and admin names: coordinates are kept, admin units
    # recomputed like any import's.
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    if latitude is not None and longitude is not None:
        record.update(
            latitude=latitude,
            longitude=longitude,
            geo_precision=cells.text("geo_precision") or "point",
        )
    record.update(
        source_event_id=record["id"],
        source_admin1=cells.text("admin1"),
        source_admin2=cells.text("admin2"),
        source_admin3=cells.text("admin3"),
        recorded_measures=format_measures([c for c in COUNT_FIELDS if c in cells.values]),
        source_format="native",
        source_row=cells.row,
    )
    return record
