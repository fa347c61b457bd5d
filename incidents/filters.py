"""One filter object for the whole dashboard: apply, describe, and a URL round trip.

``IncidentFilter`` is immutable; the sidebar builds one from its widgets, every page applies it,
and its query parameters make a copied link reproduce the view. Parsing a URL never fails:
unknown keys and bad values are ignored (a hand-edited link still opens).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from geo.normalize import normalize

# Query-parameter names, stable: published links depend on them.
PARAM_REGION = "region"
PARAM_CERCLE = "cercle"
PARAM_FROM = "from"
PARAM_TO = "to"
PARAM_YEAR = "year"
PARAM_EVENT_TYPE = "type"
PARAM_PERPETRATOR_TYPE = "perp"
PARAM_MIN_KILLED = "min_killed"
PARAM_WITH_CASUALTIES = "casualties"
PARAM_TEXT = "q"
FILTER_PARAMS: tuple[str, ...] = (
    PARAM_REGION,
    PARAM_CERCLE,
    PARAM_FROM,
    PARAM_TO,
    PARAM_YEAR,
    PARAM_EVENT_TYPE,
    PARAM_PERPETRATOR_TYPE,
    PARAM_MIN_KILLED,
    PARAM_WITH_CASUALTIES,
    PARAM_TEXT,
)

YEAR_RANGE = range(1960, 2101)
MAX_TEXT_LENGTH = 200
MAX_VALUES_PER_PARAM = 100
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

# "With casualties" means killed or injured, as the source states them.
CASUALTY_COLUMNS: tuple[str, ...] = ("killed", "injured")
SEARCH_COLUMNS: tuple[str, ...] = ("title", "source_quote")

ParamValue = str | list[str]


@dataclass(frozen=True)
class IncidentFilter:
    """The active filters; the default filter keeps every incident."""

    regions: tuple[str, ...] = ()
    cercles: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    years: tuple[int, ...] = ()
    event_types: tuple[str, ...] = ()
    perpetrator_types: tuple[str, ...] = ()
    min_killed: int = 0
    with_casualties: bool = False
    text: str = ""

    def __post_init__(self) -> None:
        # Normalise so equal views compare (and hash, for caching) equal.
        set_ = object.__setattr__
        set_(self, "regions", _unique_strings(self.regions))
        set_(self, "cercles", _unique_strings(self.cercles))
        set_(self, "event_types", _unique_strings(self.event_types))
        set_(self, "perpetrator_types", _unique_strings(self.perpetrator_types))
        set_(self, "years", tuple(sorted({int(y) for y in self.years})))
        set_(self, "min_killed", max(0, int(self.min_killed)))
        set_(self, "text", " ".join(str(self.text).split())[:MAX_TEXT_LENGTH])
        if self.date_from and self.date_to and self.date_from > self.date_to:
            earlier, later = self.date_to, self.date_from
            set_(self, "date_from", earlier)
            set_(self, "date_to", later)

    # -- applying ---------------------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        return self != IncidentFilter()

    def mask(self, incidents: pd.DataFrame) -> pd.Series:
        """Boolean Series over ``incidents``: True for the rows the filter keeps."""
        keep = pd.Series(True, index=incidents.index)
        if self.regions:
            keep &= _matches_any(incidents["admin1"], self.regions)
        if self.cercles:
            keep &= _matches_any(incidents["admin2"], self.cercles)
        starts, ends = (
            incidents["date_start"],
            incidents["date_end"].fillna(incidents["date_start"]),
        )
        # A period filter keeps every incident whose period overlaps it (a "February 2020"
        # incident is in a 10-20 February filter: it may have happened then).
        if self.date_from:
            keep &= (ends >= pd.Timestamp(self.date_from)).fillna(False)
        if self.date_to:
            keep &= (starts < pd.Timestamp(self.date_to) + pd.Timedelta(days=1)).fillna(False)
        if self.years:
            first, last = starts.dt.year, ends.dt.year
            in_year = pd.Series(False, index=incidents.index)
            for year in self.years:
                in_year |= ((first <= year) & (last >= year)).fillna(False)
            keep &= in_year
        if self.event_types:
            keep &= _matches_any(incidents["event_type"], self.event_types)
        if self.perpetrator_types:
            keep &= _matches_any(incidents["perpetrator_type"], self.perpetrator_types)
        if self.min_killed:
            keep &= (incidents["killed"] >= self.min_killed).fillna(False).astype(bool)
        if self.with_casualties:
            stated = pd.Series(False, index=incidents.index)
            for column in CASUALTY_COLUMNS:
                stated |= (incidents[column] > 0).fillna(False).astype(bool)
            keep &= stated
        if self.text:
            keep &= _text_matches(incidents, self.text)
        return keep

    def apply(self, incidents: pd.DataFrame) -> pd.DataFrame:
        """The incidents the filter keeps, in their original order (same type as the input)."""
        return incidents[self.mask(incidents).to_numpy(dtype=bool)]

    # -- describing ---------------------------------------------------------------------------

    def describe_parts(self) -> list[str]:
        parts: list[str] = []
        if self.regions:
            parts.append(_named("region", "regions", self.regions))
        if self.cercles:
            parts.append(_named("cercle", "cercles", self.cercles))
        if self.date_from and self.date_to:
            parts.append(f"from {_day(self.date_from)} to {_day(self.date_to)}")
        elif self.date_from:
            parts.append(f"from {_day(self.date_from)}")
        elif self.date_to:
            parts.append(f"until {_day(self.date_to)}")
        if self.years:
            parts.append(_or_list([str(y) for y in self.years]))
        if self.event_types:
            parts.append(_named("event type", "event types", self.event_types))
        if self.perpetrator_types:
            parts.append(_named("perpetrator type", "perpetrator types", self.perpetrator_types))
        if self.min_killed:
            parts.append(f"at least {self.min_killed:,} killed")
        if self.with_casualties:
            parts.append("with people killed or injured")
        if self.text:
            parts.append(f'title or quote containing "{self.text}"')
        return parts

    def describe(self, shown: int, total: int) -> str:
        """One sentence: 'Showing 5 of 23 incidents: region Mopti; 2020; at least 10 killed.'"""
        noun = "incident" if total == 1 else "incidents"
        parts = self.describe_parts()
        if not parts:
            return f"Showing all {total:,} {noun} (no filter)."
        return f"Showing {shown:,} of {total:,} {noun}: {'; '.join(parts)}."

    # -- URL round trip -----------------------------------------------------------------------

    def to_query_params(self) -> dict[str, ParamValue]:
        """Only the active filters; lists for repeatable keys, strings otherwise."""
        params: dict[str, ParamValue] = {}
        for key, values in (
            (PARAM_REGION, self.regions),
            (PARAM_CERCLE, self.cercles),
            (PARAM_YEAR, [str(y) for y in self.years]),
            (PARAM_EVENT_TYPE, self.event_types),
            (PARAM_PERPETRATOR_TYPE, self.perpetrator_types),
        ):
            if values:
                params[key] = list(values)
        if self.date_from:
            params[PARAM_FROM] = self.date_from.isoformat()
        if self.date_to:
            params[PARAM_TO] = self.date_to.isoformat()
        if self.min_killed:
            params[PARAM_MIN_KILLED] = str(self.min_killed)
        if self.with_casualties:
            params[PARAM_WITH_CASUALTIES] = "1"
        if self.text:
            params[PARAM_TEXT] = self.text
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> IncidentFilter:
        """Parse what ``to_query_params`` wrote; unknown keys and bad values are ignored."""

        def values(key: str) -> list[str]:
            raw = params.get(key)
            if raw is None:
                return []
            items = [raw] if isinstance(raw, str) else list(raw) if _is_list(raw) else []
            cleaned = [" ".join(v.split()) for v in items if isinstance(v, str)]
            return [v for v in cleaned if v][:MAX_VALUES_PER_PARAM]

        def last(key: str) -> str | None:
            found = values(key)
            return found[-1] if found else None

        years = [
            y
            for y in (_parse_int(v) for v in values(PARAM_YEAR))
            if y is not None and y in YEAR_RANGE
        ]
        min_killed = _parse_int(last(PARAM_MIN_KILLED))
        return cls(
            regions=tuple(values(PARAM_REGION)),
            cercles=tuple(values(PARAM_CERCLE)),
            date_from=_parse_date(last(PARAM_FROM)),
            date_to=_parse_date(last(PARAM_TO)),
            years=tuple(years),
            event_types=tuple(values(PARAM_EVENT_TYPE)),
            perpetrator_types=tuple(values(PARAM_PERPETRATOR_TYPE)),
            min_killed=min_killed if min_killed is not None and min_killed >= 0 else 0,
            with_casualties=(last(PARAM_WITH_CASUALTIES) or "").lower() in _TRUE_WORDS,
            text=last(PARAM_TEXT) or "",
        )

    def replace(self, **changes: Any) -> IncidentFilter:
        return dataclasses.replace(self, **changes)


def _unique_strings(values: Iterable[object]) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


def _is_list(value: object) -> TypeGuard[list[object] | tuple[object, ...]]:
    return isinstance(value, list | tuple)


def _parse_int(value: str | None) -> int | None:
    if value is None or not value.strip().lstrip("+-").isdigit() or len(value) > 9:
        return None
    return int(value)


def _parse_date(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.year in YEAR_RANGE else None


def _key(value: object) -> str:
    return normalize(value) if isinstance(value, str) else ""


def _matches_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Case- and accent-insensitive membership ('segou' selects Ségou), missing values never."""
    keys = {_key(w) for w in wanted}
    normalised = column.map(_key, na_action="ignore")
    return normalised.isin(keys).fillna(False).astype(bool)


def _text_matches(incidents: pd.DataFrame, text: str) -> pd.Series:
    """Every word of ``text`` occurs in the title or the quote, ignoring case and accents."""
    haystack = pd.Series("", index=incidents.index, dtype=object)
    for column in SEARCH_COLUMNS:
        if column in incidents:
            haystack = haystack + " " + incidents[column].map(_key, na_action="ignore").fillna("")
    words = _key(text).split()
    keep = np.ones(len(incidents), dtype=bool)
    for word in words:
        keep &= haystack.str.contains(word, regex=False).to_numpy(dtype=bool)
    return pd.Series(keep, index=incidents.index)


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _named(singular: str, plural: str, values: tuple[str, ...]) -> str:
    return f"{singular if len(values) == 1 else plural} {_or_list(list(values))}"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
