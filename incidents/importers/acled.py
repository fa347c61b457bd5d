"""ACLED CSV exports (the current 31-column codebook and older variants) -> incident records.

The field-by-field mapping is documented in docs/import.md.
"""

from __future__ import annotations

from incidents.importers.columns import Cells
from incidents.importers.dates import period
from incidents.importers.taxonomy import event_types_from_acled, perpetrator_type_from_acled

# Header spellings of older exports -> current names.
ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
REQUIRED = ("event_date", "event_type", "location")
SIGNATURE = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "inter1", "interaction", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "data_id", "event_id_no_cnty", "iso3", "disorder_type",
)  # fmt: skip

GEO_PRECISION = {"1": "point", "2": "near", "3": "region"}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}


def map_row(cells: Cells) -> dict[str, object] | None:
    """The record for one file row, or None when the row cannot be one (errors recorded)."""
    event_day = cells.day("event_date")
    if event_day is None:
        return None
    date_precision = cells.code("time_precision", TIME_PRECISION, "day")
    date_start, date_end = period(event_day, date_precision)
    event_type, sub_event_type = event_types_from_acled(
        cells.text("event_type"), cells.text("sub_event_type")
    )
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    has_point = latitude is not None and longitude is not None
    location = cells.text("location")
    killed = cells.count("fatalities")
    event_id = cells.text("event_id_cnty") or cells.text("data_id")
    return {
        "id": event_id or f"ACLED-row-{cells.row}",
        "title": f"{sub_event_type or event_type} in {location or 'Mali'}",
        "date_start": date_start,
        "date_end": date_end,
        "date_precision": date_precision,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "perpetrator": _actors(cells, "actor1", "assoc_actor_1"),
        "perpetrator_type": perpetrator_type_from_acled(cells.text("inter1")),
        "victims": _actors(cells, "actor2", "assoc_actor_2"),
        "location": location,
        "geo_hint": cells.text("admin2") or cells.text("admin1"),
        "killed": killed,
        "casualty_note": "ACLED fatalities (its most conservative estimate)"
        if killed is not None
        else "",
        "source": cells.text("source") or "ACLED",
        "source_quote": cells.text("notes"),
        "notes": _notes(cells),
        "latitude": latitude if has_point else None,
        "longitude": longitude if has_point else None,
        "geo_precision": cells.code("geo_precision", GEO_PRECISION, "point") if has_point else "",
        "source_event_id": event_id,
        "source_admin1": cells.text("admin1"),
        "source_admin2": cells.text("admin2"),
        "source_admin3": cells.text("admin3"),
        "source_format": "acled",
        "source_row": cells.row,
    }


def _actors(cells: Cells, main: str, associated: str) -> str:
    actor, allies = cells.text(main), cells.text(associated)
    if actor and allies:
        return f"{actor} (with {allies})"
    return actor or allies


def _notes(cells: Cells) -> str:
    """ACLED fields without an equivalent in our model, kept as 'field: value'."""
    kept = ("disorder_type", "interaction", "civilian_targeting", "source_scale", "tags")
    return "; ".join(f"ACLED {f}: {cells.text(f)}" for f in kept if cells.text(f))
