"""UCDP GED CSV exports -> incident records. The mapping is documented in docs/import.md."""

from __future__ import annotations

from incidents.errors import DROPPED
from incidents.frame import format_measures
from incidents.importers.columns import Cells
from incidents.importers.taxonomy import (
    UCDP_VIOLENCE,
    UCDP_VIOLENCE_NAMES,
    perpetrator_type_from_ucdp,
)

ALIASES = {"best_est": "best", "low_est": "low", "high_est": "high"}
REQUIRED = ("date_start", "where_prec")
SIGNATURE = (
    "id", "relid", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
    "source_article", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "date_prec", "date_start", "date_end", "deaths_civilians", "best",
    "low", "high",
)  # fmt: skip

# where_prec 1 exact; 2 within ~25 km; 3 ADM2; 4 ADM1; 5 larger than ADM1 or between places;
# 6 country; 7 water/air. Codes 6-7 name no usable place: no point is drawn for them.
WHERE_PRECISION = {
    "1": "point", "2": "near", "3": "cercle", "4": "region", "5": "region",
    "6": "country", "7": "country",
}  # fmt: skip
# date_prec 1 day; 2 two to six days; 3 a week; 4 a month; 5 a year. UCDP's own start and end
# dates bound the period, so they are kept as they are.
DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
# UCDP codes deaths only, as best, low and high estimates.
_MEASURES = {"killed": "best", "killed_low": "low", "killed_high": "high"}


def map_row(cells: Cells) -> dict[str, object] | None:
    """The record for one file row, or None when the row cannot be one (errors recorded)."""
    date_start = cells.day("date_start")
    if date_start is None:
        return None
    date_end = cells.day("date_end") if cells.text("date_end") else date_start
    if date_end is None:
        return None
    if date_end < date_start:
        cells.error(
            "date_end",
            cells.text("date_end"),
            f"before date_start {date_start.isoformat()}; row not imported",
            "date_order",
            DROPPED,
        )
        return None
    geo_precision = cells.code("where_prec", WHERE_PRECISION, "region")
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    has_point = latitude is not None and longitude is not None and geo_precision != "country"
    violence = cells.text("type_of_violence").removesuffix(".0")
    event_type, sub_event_type = UCDP_VIOLENCE.get(violence, ("", ""))
    place = cells.text("where_coordinates")
    best, low, high = cells.count("best"), cells.count("low"), cells.count("high")
    event_id = cells.text("id")
    return {
        "id": f"UCDP-{event_id}" if event_id else f"UCDP-row-{cells.row}",
        "title": _title(cells, violence, place),
        "date_start": date_start,
        "date_end": date_end,
        "date_precision": cells.code("date_prec", DATE_PRECISION, "day"),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "perpetrator": cells.text("side_a"),
        "perpetrator_type": perpetrator_type_from_ucdp(cells.text("side_a")),
        "victims": cells.text("side_b"),
        # A country-level (6) or water/air (7) event names no place to geocode.
        "location": place if geo_precision != "country" else "",
        "geo_hint": cells.text("adm_2") or cells.text("adm_1"),
        "killed": best,
        "killed_low": low,
        "killed_high": high,
        "casualty_note": _casualty_note(cells, best, low, high),
        "source": cells.text("source_article") or cells.text("source_office") or "UCDP GED",
        # UCDP codes articles, it does not quote them: the headline is the nearest to a quote.
        "source_quote": cells.text("source_headline") or cells.text("source_article"),
        "notes": _notes(cells, violence),
        "latitude": latitude if has_point else None,
        "longitude": longitude if has_point else None,
        "geo_precision": geo_precision if has_point or geo_precision == "country" else "",
        "source_event_id": event_id,
        "source_event_type": UCDP_VIOLENCE_NAMES.get(violence, violence),
        "source_admin1": cells.text("adm_1"),
        "source_admin2": cells.text("adm_2"),
        "source_admin3": "",
        "recorded_measures": format_measures(
            [m for m, c in _MEASURES.items() if c in cells.values]
        ),
        "source_format": "ucdp",
        "source_row": cells.row,
    }


def _title(cells: Cells, violence: str, place: str) -> str:
    kind = UCDP_VIOLENCE_NAMES.get(violence, "")
    dyad = cells.text("dyad_name")
    title = " ".join(p for p in (f"{kind} violence" if kind else "event", dyad) if p)
    return f"{title} at {place}" if place else f"{title} in Mali"


def _casualty_note(cells: Cells, best: int | None, low: int | None, high: int | None) -> str:
    parts = []
    if best is not None:
        parts.append(f"UCDP best estimate {best} (low {_n(low)}, high {_n(high)})")
    sides = [
        (label, cells.text(column))
        for label, column in (
            ("side A", "deaths_a"),
            ("side B", "deaths_b"),
            ("civilians", "deaths_civilians"),
            ("unknown", "deaths_unknown"),
        )
        if cells.text(column)
    ]
    if sides:
        parts.append("deaths: " + ", ".join(f"{label} {value}" for label, value in sides))
    return "; ".join(parts)


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)


def _notes(cells: Cells, violence: str) -> str:
    kept = [
        ("type_of_violence", UCDP_VIOLENCE_NAMES.get(violence, violence)),
        ("conflict_name", cells.text("conflict_name")),
        ("where_description", cells.text("where_description")),
        ("source_original", cells.text("source_original")),
        ("number_of_sources", cells.text("number_of_sources")),
        ("event_clarity", cells.text("event_clarity")),
    ]
    if cells.text("where_prec") in ("6", "7") and cells.text("latitude"):
        kept.append(
            (
                "coordinates (country-level, not drawn)",
                f"{cells.text('latitude')}, {cells.text('longitude')}",
            )
        )
    return "; ".join(f"UCDP {name}: {value}" for name, value in kept if value)
