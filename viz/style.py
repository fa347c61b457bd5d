"""Colours and text shared by the map and the charts, so a colour means the same everywhere.

Event types use the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); the choropleth uses a single-hue grey ramp, so it never competes with the
categorical marker colours and reads in greyscale too.

Text is in the reader's language: labels are marked for the message catalogue (``N_``) and
translated where shown; numbers and dates are formatted by ``i18n`` for the current language.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

from i18n import N_, _, format_day, format_month, format_number, ngettext, pgettext

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

# Labels, marked for the catalogue and translated where shown: ``_(MEASURES[measure])``.
MEASURES: dict[str, str] = {
    "incidents": N_("Incidents"),
    "killed": N_("Killed"),
    "injured": N_("Injured"),
    "missing": N_("Missing"),
    "detained": N_("Detained"),
}
# The counts among the measures (what a source states per incident), with their labels.
FIGURE_LABELS: dict[str, str] = {
    m: MEASURES[m] for m in ("killed", "injured", "missing", "detained")
}
# A measure's figure as a phrase ("12 incidents", "1 killed (stated)"), plurals by the catalogue.
_COUNT_PHRASES: dict[str, Callable[[int], str]] = {
    "incidents": lambda n: ngettext("{n} incident", "{n} incidents", n),
    "killed": lambda n: ngettext("{n} killed (stated)", "{n} killed (stated)", n),
    "injured": lambda n: ngettext("{n} injured (stated)", "{n} injured (stated)", n),
    "missing": lambda n: ngettext("{n} missing (stated)", "{n} missing (stated)", n),
    "detained": lambda n: ngettext("{n} detained (stated)", "{n} detained (stated)", n),
}

LEVELS: dict[str, str] = {"admin1": N_("Regions"), "admin2": N_("Cercles")}
LEVEL_SINGULAR: dict[str, str] = {"admin1": N_("region"), "admin2": N_("cercle")}

PRECISION_WORDS: dict[str, str] = {
    "day": N_("exact day"),
    "week": N_("known to the week"),
    "month": N_("known to the month"),
    "year": N_("known to the year"),
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


def measure_count(measure: str, value: int) -> str:
    """``value`` of ``measure`` as the reader's language says it: "1,234 killed (stated)"."""
    n = int(value)
    return _COUNT_PHRASES[measure](n).format(n=format_number(n))


def precision_words(precision: object) -> str:
    """How precisely the source dates an incident; a code outside the vocabulary as it is."""
    words = PRECISION_WORDS.get(precision) if isinstance(precision, str) else None
    return _(words) if words else str(precision)


def format_period(start: object, end: object, precision: str) -> str:
    """A period as the source allows it: never a day the source does not give."""
    first, last = _as_date(start), _as_date(end)
    if first is None:
        return _("date unknown")
    last = last or first
    if precision == "year":
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if precision == "month":
        if (first.year, first.month) == (last.year, last.month):
            return format_month(first)
        months = pgettext("period of months", "{start} – {end}")
        return months.format(start=format_month(first), end=format_month(last))
    if precision == "week":
        if first == last:
            return _("week of {day}").format(day=format_day(first))
        week = _("week of {start} – {end}")
        return week.format(start=format_day(first), end=format_day(last))
    if first == last:
        return format_day(first)
    days = pgettext("period of days", "{start} – {end}")
    return days.format(start=format_day(first), end=format_day(last))


def format_figure(value: Any, note: object = "") -> str:
    """A stated figure with its qualifier; 'not stated' rather than a silent zero."""
    stated = not (value is None or value is pd.NA or pd.isna(value))
    text = format_number(int(value)) if stated else _("not stated")
    note_text = str(note).strip() if isinstance(note, str) else ""
    return _("{figure} ({note})").format(figure=text, note=note_text) if note_text else text
