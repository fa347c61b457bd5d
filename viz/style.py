"""Colours and text shared by the map and the charts, so a colour means the same everywhere.

Event types use the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); the choropleth uses a single-hue grey ramp, so it never competes with the
categorical marker colours and reads in greyscale too.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

EVENT_TYPE_COLOURS: dict[str, str] = {
    "Violence against civilians": "#D55E00",  # vermillion
    "Battles": "#0072B2",  # blue
    "Explosions/Remote violence": "#E69F00",  # orange
    "Protests": "#56B4E9",  # sky blue
    "Riots": "#CC79A7",  # reddish purple
    "Strategic developments": "#009E73",  # bluish green
    "Judicial developments": "#F0E442",  # yellow (drawn with a dark outline)
}
OTHER_COLOUR = "#999999"  # an event type outside the taxonomy (imports may bring one)

# Choropleth classes, lightest first: index 0 is "none", then up to four non-zero classes.
CHOROPLETH_COLOURS: tuple[str, ...] = ("#f7f7f7", "#d9d9d9", "#a6a6a6", "#737373", "#404040")

MEASURES: dict[str, str] = {
    "incidents": "Incidents",
    "killed": "Killed",
    "injured": "Injured",
    "missing": "Missing",
    "detained": "Detained",
}

LEVELS: dict[str, str] = {"admin1": "Regions", "admin2": "Cercles"}
LEVEL_SINGULAR: dict[str, str] = {"admin1": "region", "admin2": "cercle"}

PRECISION_WORDS: dict[str, str] = {
    "day": "exact day",
    "week": "known to the week",
    "month": "known to the month",
    "year": "known to the year",
}


def event_colour(event_type: str) -> str:
    return EVENT_TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def ordered_event_types(present: Iterable[object]) -> list[str]:
    """The event types in ``present``, taxonomy order first, then any others alphabetically."""
    found = {str(v) for v in present if isinstance(v, str) and v}
    known = [t for t in EVENT_TYPE_COLOURS if t in found]
    return known + sorted(found - set(known))


_HTML_EXTRA = str.maketrans({c: f"&#{ord(c)};" for c in "`$\\{}"})


def escape_html(value: object) -> str:
    """Escape data text for HTML that folium places inside a JavaScript template literal.

    folium writes popup and tooltip HTML between backticks, where `` ` ``, ``${`` and ``\\``
    are live, and passes rendered scripts through Jinja a second time, where ``{{`` and
    ``{%`` are live: escaping them as entities keeps the text inert and the script valid.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True).translate(_HTML_EXTRA)


def _as_date(value: object) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def format_day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def format_period(start: object, end: object, precision: str) -> str:
    """A period as the source allows it: never a day the source does not give."""
    first, last = _as_date(start), _as_date(end)
    if first is None:
        return "date unknown"
    last = last or first
    if precision == "year":
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if precision == "month":
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}"
        return f"{first:%B %Y} – {last:%B %Y}"
    text = format_day(first) if first == last else f"{format_day(first)} – {format_day(last)}"
    return f"week of {text}" if precision == "week" else text


def format_figure(value: Any, note: object = "") -> str:
    """A stated figure with its qualifier; 'not stated' rather than a silent zero."""
    stated = not (value is None or value is pd.NA or pd.isna(value))
    text = f"{int(value):,}" if stated else "not stated"
    note_text = str(note).strip() if isinstance(note, str) else ""
    return f"{text} ({note_text})" if note_text else text
