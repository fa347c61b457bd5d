"""ACLED CSV exports (the current codebook, the pre-2019 one, monadic and dyadic files, any
subset of columns) -> incident records.

The field-by-field mapping is documented in docs/import.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from i18n import N_, _, ngettext
from incidents.errors import DEFAULTED, KEPT, RowError
from incidents.frame import NO_MEASURES
from incidents.importers.columns import Cells
from incidents.importers.dates import period
from incidents.importers.taxonomy import (
    event_types_from_acled,
    is_riots_protests,
    perpetrator_type_from_acled,
    riots_or_protests,
)
from incidents.model import PRE_2019_SUB_EVENT, UNSPECIFIED

# Header spellings of older exports -> current names (the shapefile exports cut names to ten
# characters).
ALIASES = {
    "ally_actor_1": "assoc_actor_1",
    "ally_actor_2": "assoc_actor_2",
    "event_id_c": "event_id_cnty",
    "time_preci": "time_precision",
    "geo_precis": "geo_precision",
    "sub_event": "sub_event_type",  # SUB_EVENT_
}
REQUIRED = ("event_date", "event_type", "location")
SIGNATURE = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "inter1", "interaction", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "data_id", "event_id_no_cnty", "iso3", "disorder_type",
)  # fmt: skip
# Optional columns whose absence changes what rows get: said once in the error table.
DEFAULTS = {
    "event_id_cnty": N_("id from data_id, else 'ACLED-row-' and the row number"),
    "sub_event_type": N_(
        "sub_event_type from the event type alone: the one a pre-2019 type names, else "
        "'unspecified (pre-2019 codebook)' for old types and 'unspecified' for current ones"
    ),
    "inter1": N_("perpetrator_type 'Unknown'"),
    "time_precision": N_("date_precision 'day'"),
    "fatalities": N_("killed not recorded"),
    "latitude": N_("places geocoded from location and the admin names"),
    "longitude": N_("places geocoded from location and the admin names"),
    "geo_precision": N_("geo_precision 'point' for the file's coordinates"),
    "source": N_("source 'ACLED'"),
    "notes": N_("source_quote is the title"),
}

GEO_PRECISION = {"1": "point", "2": "near", "3": "region"}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
# What the rows of one event in a monadic export must share to be merged.
_EVENT_KEYS = (
    "date_start", "date_end", "event_type", "sub_event_type", "location", "latitude",
    "longitude", "killed",
)  # fmt: skip


def map_row(cells: Cells) -> dict[str, object] | None:
    """The record for one file row, or None when the row cannot be one (errors recorded)."""
    event_day = cells.day("event_date")
    if event_day is None:
        return None
    date_precision = cells.code("time_precision", TIME_PRECISION, "day")
    date_start, date_end = period(event_day, date_precision)
    source_type = cells.text("event_type")
    event_type, sub_event_type = _event_types(cells, source_type)
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    has_point = latitude is not None and longitude is not None
    location = cells.text("location")
    killed = cells.count("fatalities")
    event_id = cells.text("event_id_cnty") or cells.text("data_id")
    kind = sub_event_type if sub_event_type not in (UNSPECIFIED, PRE_2019_SUB_EVENT) else ""
    title = f"{kind or source_type or event_type} in {location or 'Mali'}"
    return {
        "id": event_id or f"ACLED-row-{cells.row}",
        "title": title,
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
        "source_quote": cells.text("notes") or title,
        "notes": _notes(cells),
        "latitude": latitude if has_point else None,
        "longitude": longitude if has_point else None,
        "geo_precision": cells.code("geo_precision", GEO_PRECISION, "point") if has_point else "",
        "source_event_id": event_id,
        "source_event_type": source_type,
        "source_admin1": cells.text("admin1"),
        "source_admin2": cells.text("admin2"),
        "source_admin3": cells.text("admin3"),
        # ACLED codes fatalities only: injured, missing and detained are not recorded.
        "recorded_measures": "killed" if "fatalities" in cells.values else NO_MEASURES,
        "source_format": "acled",
        "source_row": cells.row,
    }


def _event_types(cells: Cells, source_type: str) -> tuple[str, str]:
    codes = [cells.text("inter1"), cells.text("inter2"), cells.text("interaction")]
    if is_riots_protests(source_type) and riots_or_protests(codes) is None:
        cells.error(
            "event_type",
            source_type,
            _(
                "neither rioters (5) nor protesters (6) among inter1, inter2 and "
                "interaction: counted as Protests, row imported"
            ),
            "unknown_value",
            DEFAULTED,
        )
    return event_types_from_acled(
        source_type,
        cells.text("sub_event_type"),
        codes,
        pre_2019="sub_event_type" not in cells.values,
    )


def _actors(cells: Cells, main: str, associated: str) -> str:
    actor, allies = cells.text(main), cells.text(associated)
    if actor and allies:
        return f"{actor} (with {allies})"
    return actor or allies


def _notes(cells: Cells) -> str:
    """ACLED fields without an equivalent in our model, kept as 'field: value'."""
    kept = ("disorder_type", "interaction", "civilian_targeting", "source_scale", "tags")
    return "; ".join(f"ACLED {f}: {cells.text(f)}" for f in kept if cells.text(f))


# The columns whose first non-empty cell is an event's id (``map_row``'s source_event_id).
ID_COLUMNS = ("event_id_cnty", "data_id")


class EventMerger:
    """One record per event of a monadic export (one row per actor, no actor2), for a file
    read in chunks.

    Rows with the same ``event_id_cnty``, no victims (actor2) and the same date, type, place
    and fatalities are one event: the first row's actor is the perpetrator, the others' the
    victims, the fatalities counted once. Rows that differ stay apart (a duplicate id, reported
    by validation). The rows of an id the file repeats are held until the file's last row with
    that id has been mapped, then merged; the others pass at once. ``last_rows``: each
    repeated id -> the last row it is on (``repeated_ids``).
    """

    def __init__(self, last_rows: dict[str, int]) -> None:
        self._last_rows = last_rows
        self._held: dict[str, list[dict[str, object]]] = {}
        self._extra_rows = 0

    def add(self, mapped: list[dict[str, object]], last_row: int) -> list[dict[str, object]]:
        """The records ready once the rows up to ``last_row`` are mapped, by row."""
        ready = []
        for record in mapped:
            event_id = str(record["source_event_id"])
            if event_id in self._last_rows:
                self._held.setdefault(event_id, []).append(record)
            else:
                ready.append(record)
        done = [e for e in self._held if self._last_rows[e] <= last_row]
        ready.extend(self._merge([record for e in done for record in self._held.pop(e)]))
        return sorted(ready, key=_source_row)

    def finish(self, errors: list[RowError]) -> list[dict[str, object]]:
        """The records still held (their last rows could not be read), and the merge's note."""
        held = [record for group in self._held.values() for record in group]
        self._held = {}
        ready = self._merge(held)
        errors.extend(_merged_rows_error(self._extra_rows))
        return sorted(ready, key=_source_row)

    def _merge(self, records: list[dict[str, object]]) -> list[dict[str, object]]:
        merged, extra_rows = _merge(records)
        self._extra_rows += extra_rows
        return merged


def repeated_ids(rows: Iterable[tuple[int, list[str]]]) -> dict[str, int]:
    """The ids on more than one row -> the last row each is on, from (row, ``ID_COLUMNS``
    cells) pairs."""
    last: dict[str, int] = {}
    repeated: set[str] = set()
    for number, cells in rows:
        event_id = next((cell for cell in cells if cell), "")
        if event_id:
            if event_id in last:
                repeated.add(event_id)
            last[event_id] = number
    return {event_id: last[event_id] for event_id in repeated}


def _source_row(record: dict[str, object]) -> int:
    row = record["source_row"]
    return row if isinstance(row, int) else 0


def _merge(mapped: list[dict[str, object]]) -> tuple[list[dict[str, object]], int]:
    """The records with each monadic event merged, and how many rows joined an earlier one."""
    merged: list[dict[str, object]] = []
    events: dict[str, dict[str, object]] = {}
    # Per merged event: the actors of its later rows, and the file rows it was made of.
    later_actors: dict[str, list[str]] = {}
    source_rows: dict[str, list[object]] = {}
    extra_rows = 0
    for record in mapped:
        event_id = str(record["source_event_id"])
        first = events.get(event_id) if event_id else None
        if first is not None and _same_event(first, record):
            if actor := str(record["perpetrator"]):
                later_actors[event_id].append(actor)
            source_rows[event_id].append(record["source_row"])
            extra_rows += 1
            continue
        if event_id and first is None and not record["victims"]:
            record = dict(record)
            events[event_id] = record
            later_actors[event_id], source_rows[event_id] = [], [record["source_row"]]
        merged.append(record)
    for event_id, record in events.items():
        rows = source_rows[event_id]
        if len(rows) > 1:
            others = [
                a for a in dict.fromkeys(later_actors[event_id]) if a != record["perpetrator"]
            ]
            record["victims"] = "; ".join(others)
            joined = _("ACLED rows {rows}: one per actor").format(
                rows=", ".join(str(r) for r in rows)
            )
            record["notes"] = "; ".join(str(n) for n in (record["notes"], joined) if n)
    return merged, extra_rows


def _merged_rows_error(extra_rows: int) -> list[RowError]:
    if not extra_rows:
        return []
    message = ngettext(
        "{n} row repeats the event of an earlier row with another actor (a monadic "
        "export, one row per actor): merged into that event, actors joined, fatalities "
        "counted once",
        "{n} rows repeat the event of an earlier row with another actor (a monadic "
        "export, one row per actor): merged into their events, actors joined, fatalities "
        "counted once",
        extra_rows,
    ).format(n=extra_rows)
    return [RowError(1, "event_id_cnty", "", message, "merged_rows", KEPT)]


def _same_event(first: dict[str, object], record: dict[str, object]) -> bool:
    return not record["victims"] and all(first[k] == record[k] for k in _EVENT_KEYS)
