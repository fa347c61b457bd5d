"""One filter object for the whole dashboard: apply, describe, and a URL round trip.

Every filter is one field of ``IncidentFilter``, declared with its ``FilterSpec``: the URL
parameter, the kind of value, the sidebar widget's words, how it masks the incidents, how it
reads in a sentence and, for a choice, the values it offers. Masking, describing, the URL round
trip and the sidebar (``ui.sidebar``) are loops over ``FILTERS``: adding a filter is one field
here, plus its test.

``IncidentFilter`` is immutable; the sidebar builds one from its widgets, every page applies it,
and its query parameters make a copied link reproduce the view. Parsing a URL never fails:
unknown keys and bad values are ignored (a hand-edited link still opens).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from geo.boundaries import OFFICIAL_ADMIN1, admin_units
from geo.normalize import normalize
from i18n import N_, _, format_alternatives, format_day, format_number, ngettext, pgettext
from incidents import model

YEAR_RANGE = range(1960, 2101)
DAY_BOUNDS: tuple[date, date] = (date(YEAR_RANGE[0], 1, 1), date(YEAR_RANGE[-1], 12, 31))
MAX_TEXT_LENGTH = 200
MAX_VALUES_PER_PARAM = 100
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

# "With casualties" means killed or injured, as the source states them.
CASUALTY_COLUMNS: tuple[str, ...] = ("killed", "injured")
SEARCH_COLUMNS: tuple[str, ...] = ("title", "title_fr", "source_quote", "quote_translation")

ParamValue = str | list[str]
# A filter's condition in SQL: a boolean expression over the incident columns with ``?``
# placeholders, and the values bound to them in order (``incidents.engine`` runs it).
SqlCondition = tuple[str, list[Any]]
# Besides the incident columns, the SQL may read ``ROW``, each incident's position in the
# dataset, the relation ``INCIDENTS`` (all the incidents) and the relation ``SEARCH_TEXT``
# (``ROW``, ``text``): the ``SEARCH_COLUMNS`` of each incident, folded by
# ``geo.normalize.fold_sql`` and joined by spaces. It may call ``NORMALIZE(text)``,
# ``geo.normalize.normalize`` in SQL, which each engine defines in its own dialect
# (``geo.normalize.normalize_sql``); the rest is SQL that DuckDB and PostgreSQL both read.
INCIDENTS = "incidents"
ROW = "incident_row"
SEARCH_TEXT = "search_text"
NORMALIZE = "incidents_normalize"


# -- kinds of value -----------------------------------------------------------------------------


def _unique_strings(values: Iterable[object]) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


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


def _last(values: list[str]) -> str | None:
    """A parameter that holds one value: the last one written wins."""
    return values[-1] if values else None


def _parse_count(values: list[str]) -> int:
    count = _parse_int(_last(values))
    return count if count is not None and count >= 0 else 0


@dataclass(frozen=True)
class Kind:
    """What a filter's value is: its normal form, its URL form and how it reads in words.

    ``name`` tells the sidebar which widget edits it. ``parse`` reads the URL's values for the
    parameter (cleaned strings, in order) and ``format`` writes an active value back.
    """

    name: str
    normalise: Callable[[Any], Any]
    parse: Callable[[list[str]], Any]
    format: Callable[[Any], ParamValue]
    words: Callable[[Any], str]


CHOICES = Kind("choices", _unique_strings, tuple, list, format_alternatives)
YEARS = Kind(
    "years",
    lambda years: tuple(sorted({int(y) for y in years})),
    lambda values: tuple(y for y in map(_parse_int, values) if y in YEAR_RANGE),
    lambda years: [str(y) for y in years],
    lambda years: format_alternatives([str(y) for y in years]),
)
DAY = Kind(
    "day", lambda day: day, lambda values: _parse_date(_last(values)), date.isoformat, format_day
)
COUNT = Kind("count", lambda count: max(0, int(count or 0)), _parse_count, str, format_number)
FLAG = Kind(
    "flag",
    bool,
    lambda values: (_last(values) or "").lower() in _TRUE_WORDS,
    lambda _: "1",
    lambda _: "",
)
TEXT = Kind(
    "text",
    lambda text: " ".join(str(text or "").split())[:MAX_TEXT_LENGTH],
    lambda values: _last(values) or "",
    str,
    str,
)


# -- masks, phrases and options used by the specs -------------------------------------------------


def _key(value: object) -> str:
    return normalize(value) if isinstance(value, str) else ""


def _matches_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Case- and accent-insensitive membership ('segou' selects Ségou), missing values never."""
    keys = {_key(w) for w in wanted}
    normalised = column.map(_key, na_action="ignore")
    return normalised.isin(keys).fillna(False).astype(bool)


def _matches_any_sql(column: str, wanted: tuple[str, ...]) -> SqlCondition:
    keys = sorted({_key(w) for w in wanted})
    # Normalise each distinct value once, not every row: a column holds few distinct values.
    # OFFSET 0 keeps the optimiser from pushing the normalisation below DISTINCT, into the
    # scan of every row (twenty times slower at a million incidents).
    distinct = f"SELECT DISTINCT {column} AS value FROM {INCIDENTS} OFFSET 0"
    matching = f"SELECT value FROM ({distinct}) AS distinct_values WHERE {NORMALIZE}(value) IN "
    return f"{column} IN ({matching}({', '.join('?' * len(keys))}))", keys


def _ends(incidents: pd.DataFrame) -> pd.Series:
    """The last day of each incident's period (a one-day incident may leave ``date_end`` empty)."""
    return incidents["date_end"].fillna(incidents["date_start"])


_ENDS_SQL = "coalesce(date_end, date_start)"


# A period filter keeps every incident whose period overlaps it (a "February 2020" incident is
# in a 10-20 February filter: it may have happened then).
def _ends_on_or_after(incidents: pd.DataFrame, day: date) -> pd.Series:
    return (_ends(incidents) >= pd.Timestamp(day)).fillna(False)


def _ends_on_or_after_sql(day: date) -> SqlCondition:
    return f"{_ENDS_SQL} >= ?", [day]


def _starts_on_or_before(incidents: pd.DataFrame, day: date) -> pd.Series:
    return (incidents["date_start"] < pd.Timestamp(day) + pd.Timedelta(days=1)).fillna(False)


def _starts_on_or_before_sql(day: date) -> SqlCondition:
    return "date_start < ?", [day + timedelta(days=1)]


def _touches_years(incidents: pd.DataFrame, years: tuple[int, ...]) -> pd.Series:
    first, last = incidents["date_start"].dt.year, _ends(incidents).dt.year
    in_year = pd.Series(False, index=incidents.index)
    for year in years:
        in_year |= ((first <= year) & (last >= year)).fillna(False)
    return in_year


def _touches_years_sql(years: tuple[int, ...]) -> SqlCondition:
    # Bounds on the dates themselves (not their years) let the engine skip row groups.
    touches = f"(date_start < ? AND {_ENDS_SQL} >= ?)"
    params = [bound for year in years for bound in (date(year + 1, 1, 1), date(year, 1, 1))]
    return "(" + " OR ".join([touches] * len(years)) + ")", params


def _at_least_killed(incidents: pd.DataFrame, count: int) -> pd.Series:
    return (incidents["killed"] >= count).fillna(False).astype(bool)


def _at_least_killed_sql(count: int) -> SqlCondition:
    return "killed >= ?", [count]


def _states_casualties(incidents: pd.DataFrame) -> pd.Series:
    stated = pd.Series(False, index=incidents.index)
    for column in CASUALTY_COLUMNS:
        stated |= (incidents[column] > 0).fillna(False).astype(bool)
    return stated


def _states_casualties_sql(_flag: bool) -> SqlCondition:
    return "(" + " OR ".join(f"{column} > 0" for column in CASUALTY_COLUMNS) + ")", []


def _text_matches(incidents: pd.DataFrame, text: str) -> pd.Series:
    """Every word of ``text`` is in the title or quote (either language); case, accents ignored."""
    haystack = pd.Series("", index=incidents.index, dtype=object)
    for column in SEARCH_COLUMNS:
        if column in incidents:
            haystack = haystack + " " + incidents[column].map(_key, na_action="ignore").fillna("")
    words = _key(text).split()
    keep = np.ones(len(incidents), dtype=bool)
    for word in words:
        keep &= haystack.str.contains(word, regex=False).to_numpy(dtype=bool)
    return pd.Series(keep, index=incidents.index)


def _text_matches_sql(text: str) -> SqlCondition:
    words = _key(text).split()
    if not words:
        return "TRUE", []
    # A word never holds a space, so it cannot straddle two columns joined by one, nor a LIKE
    # wildcard or escape (letters and digits only), so the pattern finds the word anywhere.
    found = " AND ".join(["text LIKE ?"] * len(words))
    return f"{ROW} IN (SELECT {ROW} FROM {SEARCH_TEXT} WHERE {found})", [f"%{w}%" for w in words]


def _in_column(column: str) -> Callable[[pd.DataFrame, tuple[str, ...]], pd.Series]:
    """The mask of a choice: the incidents whose ``column`` holds one of the chosen values."""
    return lambda incidents, chosen: _matches_any(incidents[column], chosen)


def _in_column_sql(column: str) -> Callable[[tuple[str, ...]], SqlCondition]:
    """The SQL of ``_in_column(column)``."""
    return lambda chosen: _matches_any_sql(column, chosen)


def _vocabulary(
    known: Iterable[str], column: str
) -> Callable[[pd.DataFrame, IncidentFilter], list[str]]:
    """Options: the taxonomy's values in its order, then any others the data holds (A-Z)."""

    def options(incidents: pd.DataFrame, _chosen: IncidentFilter) -> list[str]:
        present = sorted({v for v in incidents[column].dropna() if isinstance(v, str) and v})
        return list(dict.fromkeys([*known, *present]))

    return options


def _cercle_options(_incidents: pd.DataFrame, chosen: IncidentFilter) -> list[str]:
    """Every cercle, or those of the chosen regions (from the boundaries, not the data)."""
    cercles = admin_units(2)
    if chosen.regions:
        cercles = cercles[_matches_any(cercles["admin1"], chosen.regions)]
    return sorted(cercles["name"], key=normalize)


def _year_options(incidents: pd.DataFrame, chosen: IncidentFilter) -> list[int]:
    """The years the data spans, and any year already chosen (a link may name another)."""
    starts, ends = incidents["date_start"].dropna(), _ends(incidents).dropna()
    years = set(range(starts.dt.year.min(), ends.dt.year.max() + 1)) if len(starts) else set()
    return sorted(years | set(chosen.years))


# -- the specs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterSpec:
    """One filter: what the mask, the sentence, the URL and the sidebar need to know about it.

    ``mask`` is called only for an active value (one that is not the field's default);
    ``sql`` says the same condition in SQL (``incidents.engine``), for the same value.
    ``phrase`` names an active value in the sentence, ``{value}`` being the value in words;
    ``phrase_many`` replaces it when several values are chosen. ``joint_phrase`` says this
    filter and the one named ``joins`` in one phrase when both are active (``{other}`` being the
    other's value). ``options``, for choices, lists the values offered for these incidents given
    what is chosen so far; ``vocabulary`` names the model's vocabulary its values are codes of
    (shown as their labels, ``incidents.model.label``).

    The words (``label``, ``placeholder``, ``help``, the phrases) are catalogue messages in
    English: ``label_text`` and the others give them in the reader's language.
    """

    param: str  # the URL query parameter: published links depend on it, never rename it
    kind: Kind
    label: str
    mask: Callable[[pd.DataFrame, Any], pd.Series]
    sql: Callable[[Any], SqlCondition]
    phrase: str
    phrase_many: str | None = None
    joins: str | None = None
    joint_phrase: str | None = None
    options: Callable[[pd.DataFrame, IncidentFilter], list[Any]] | None = None
    placeholder: str | None = None
    help: str | None = None
    vocabulary: str | None = None
    # Filled in from the IncidentFilter field that declares the spec:
    name: str = ""
    default: Any = None

    def value(self, flt: IncidentFilter) -> Any:
        return getattr(flt, self.name)

    def is_active(self, flt: IncidentFilter) -> bool:
        return self.value(flt) != self.default

    def words(self, flt: IncidentFilter) -> str:
        """The active value in words, vocabulary codes as their labels."""
        value = self.value(flt)
        if self.vocabulary is not None:
            value = tuple(model.label(self.vocabulary, code) for code in value)
        return self.kind.words(value)

    @property
    def label_text(self) -> str:
        return _(self.label)

    @property
    def placeholder_text(self) -> str | None:
        return _(self.placeholder) if self.placeholder else None

    @property
    def help_text(self) -> str | None:
        return _(self.help) if self.help else None


_SPEC = "filter_spec"


def _spec(**declaration: Any) -> dict[str, FilterSpec]:
    """The metadata that makes an ``IncidentFilter`` field a filter."""
    return {_SPEC: FilterSpec(**declaration)}


@dataclass(frozen=True)
class IncidentFilter:
    """The active filters; the default filter keeps every incident.

    Each field is a filter, its default the value that keeps everything. The fields' order is
    the order of the sidebar's widgets and of the sentence's phrases.
    """

    regions: tuple[str, ...] = field(
        default=(),
        metadata=_spec(
            param="region",
            kind=CHOICES,
            label=N_("Region"),
            placeholder=N_("All regions"),
            mask=_in_column("admin1"),
            sql=_in_column_sql("admin1"),
            phrase=N_("region {value}"),
            phrase_many=N_("regions {value}"),
            options=lambda _incidents, _chosen: list(OFFICIAL_ADMIN1),
        ),
    )
    cercles: tuple[str, ...] = field(
        default=(),
        metadata=_spec(
            param="cercle",
            kind=CHOICES,
            label=N_("Cercle"),
            placeholder=N_("All cercles"),
            mask=_in_column("admin2"),
            sql=_in_column_sql("admin2"),
            phrase=N_("cercle {value}"),
            phrase_many=N_("cercles {value}"),
            options=_cercle_options,
        ),
    )
    date_from: date | None = field(
        default=None,
        metadata=_spec(
            param="from",
            kind=DAY,
            label=N_("From"),
            mask=_ends_on_or_after,
            sql=_ends_on_or_after_sql,
            phrase=N_("from {value}"),
            joins="date_to",
            joint_phrase=N_("from {value} to {other}"),
        ),
    )
    date_to: date | None = field(
        default=None,
        metadata=_spec(
            param="to",
            kind=DAY,
            label=N_("To"),
            mask=_starts_on_or_before,
            sql=_starts_on_or_before_sql,
            phrase=N_("until {value}"),
        ),
    )
    years: tuple[int, ...] = field(
        default=(),
        metadata=_spec(
            param="year",
            kind=YEARS,
            label=N_("Year"),
            placeholder=N_("All years"),
            help=N_("Incidents whose period touches the year."),
            mask=_touches_years,
            sql=_touches_years_sql,
            phrase="{value}",  # the years alone say it, in every language
            options=_year_options,
        ),
    )
    event_types: tuple[str, ...] = field(
        default=(),
        metadata=_spec(
            param="type",
            kind=CHOICES,
            label=N_("Event type"),
            placeholder=N_("All types"),
            mask=_in_column("event_type"),
            sql=_in_column_sql("event_type"),
            phrase=N_("event type {value}"),
            phrase_many=N_("event types {value}"),
            options=_vocabulary(model.EVENT_TYPES, "event_type"),
            vocabulary="event type",
        ),
    )
    perpetrator_types: tuple[str, ...] = field(
        default=(),
        metadata=_spec(
            param="perp",
            kind=CHOICES,
            label=N_("Perpetrator type"),
            placeholder=N_("All perpetrators"),
            mask=_in_column("perpetrator_type"),
            sql=_in_column_sql("perpetrator_type"),
            phrase=N_("perpetrator type {value}"),
            phrase_many=N_("perpetrator types {value}"),
            options=_vocabulary(model.PERPETRATOR_TYPES, "perpetrator_type"),
            vocabulary="perpetrator type",
        ),
    )
    min_killed: int = field(
        default=0,
        metadata=_spec(
            param="min_killed",
            kind=COUNT,
            label=N_("Minimum killed"),
            help=N_("As stated by the source; incidents stating no number are left out."),
            mask=_at_least_killed,
            sql=_at_least_killed_sql,
            phrase=N_("at least {value} killed"),
        ),
    )
    with_casualties: bool = field(
        default=False,
        metadata=_spec(
            param="casualties",
            kind=FLAG,
            label=N_("Only incidents with people killed or injured"),
            mask=lambda incidents, _flag: _states_casualties(incidents),
            sql=_states_casualties_sql,
            phrase=N_("with people killed or injured"),
        ),
    )
    verification: tuple[str, ...] = field(
        default=(),
        metadata=_spec(
            param="verification",
            kind=CHOICES,
            label=N_("Verification"),
            placeholder=N_("Any verification status"),
            help=N_(
                "single: as stated by one source; corroborated: two or more independent "
                "sources give figures that agree; disputed: sources' figures disagree."
            ),
            mask=_in_column("verification"),
            sql=_in_column_sql("verification"),
            phrase=N_("verification {value}"),
            options=lambda _incidents, _chosen: list(model.VERIFICATION_STATUSES),
            vocabulary="verification",
        ),
    )
    text: str = field(
        default="",
        metadata=_spec(
            param="q",
            kind=TEXT,
            label=N_("Search titles and quotes"),
            help=N_("Every word must appear; case and accents are ignored."),
            mask=_text_matches,
            sql=_text_matches_sql,
            phrase=N_('title or quote containing "{value}"'),
        ),
    )

    def __post_init__(self) -> None:
        # Normalise so equal views compare (and hash, for caching) equal.
        for spec in FILTERS:
            object.__setattr__(self, spec.name, spec.kind.normalise(spec.value(self)))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            earlier, later = self.date_to, self.date_from
            object.__setattr__(self, "date_from", earlier)
            object.__setattr__(self, "date_to", later)

    # -- applying ---------------------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        return self != IncidentFilter()

    def mask(self, incidents: pd.DataFrame) -> pd.Series:
        """Boolean Series over ``incidents``: True for the rows the filter keeps."""
        keep = pd.Series(True, index=incidents.index)
        for spec in FILTERS:
            if spec.is_active(self):
                keep &= spec.mask(incidents, spec.value(self))
        return keep

    def apply(self, incidents: pd.DataFrame) -> pd.DataFrame:
        """The incidents the filter keeps, in their original order (same type as the input)."""
        return incidents[self.mask(incidents).to_numpy(dtype=bool)]

    def where(self) -> SqlCondition:
        """The SQL of ``mask``: one condition over the incident columns, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for spec in FILTERS:
            if spec.is_active(self):
                clause, values = spec.sql(spec.value(self))
                clauses.append(f"({clause})")
                params.extend(values)
        return " AND ".join(clauses) or "TRUE", params

    # -- describing ---------------------------------------------------------------------------

    def describe_parts(self) -> list[str]:
        """One phrase per active filter (or pair of filters), in the fields' order."""
        parts: list[str] = []
        said: set[str] = set()
        for spec in FILTERS:
            if not spec.is_active(self) or spec.name in said:
                continue
            other = _BY_FIELD[spec.joins] if spec.joins else None
            if other and spec.joint_phrase and other.is_active(self):
                phrase = _(spec.joint_phrase).format(
                    value=spec.words(self), other=other.words(self)
                )
                said.add(other.name)
            elif spec.phrase_many and len(spec.value(self)) > 1:
                phrase = _(spec.phrase_many).format(value=spec.words(self))
            else:
                phrase = _(spec.phrase).format(value=spec.words(self))
            parts.append(phrase)
        return parts

    def describe(self, shown: int, total: int) -> str:
        """One sentence: 'Showing 5 of 23 incidents: region Mopti; 2020; at least 10 killed.'"""
        parts = self.describe_parts()
        if not parts:
            return ngettext(
                "Showing the {total} incident (no filter).",
                "Showing all {total} incidents (no filter).",
                total,
            ).format(total=format_number(total))
        return ngettext(
            "Showing {shown} of {total} incident: {filters}.",
            "Showing {shown} of {total} incidents: {filters}.",
            total,
        ).format(
            shown=format_number(shown),
            total=format_number(total),
            filters=pgettext("between the filters of a sentence", "; ").join(parts),
        )

    # -- URL round trip -----------------------------------------------------------------------

    def to_query_params(self) -> dict[str, ParamValue]:
        """Only the active filters; lists for repeatable keys, strings otherwise."""
        return {
            spec.param: spec.kind.format(spec.value(self))
            for spec in FILTERS
            if spec.is_active(self)
        }

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> IncidentFilter:
        """Parse what ``to_query_params`` wrote; unknown keys and bad values are ignored."""
        return cls(
            **{spec.name: spec.kind.parse(_param_values(params, spec.param)) for spec in FILTERS}
        )

    def replace(self, **changes: Any) -> IncidentFilter:
        return dataclasses.replace(self, **changes)


FILTERS: tuple[FilterSpec, ...] = tuple(
    dataclasses.replace(declared.metadata[_SPEC], name=declared.name, default=declared.default)
    for declared in dataclasses.fields(IncidentFilter)
)
_BY_FIELD: dict[str, FilterSpec] = {spec.name: spec for spec in FILTERS}
FILTER_PARAMS: tuple[str, ...] = tuple(spec.param for spec in FILTERS)


def _param_values(params: Mapping[str, object], key: str) -> list[str]:
    """A parameter's values as cleaned, non-empty strings (a key may repeat), at most 100."""
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    cleaned = [" ".join(v.split()) for v in items if isinstance(v, str)]
    return [v for v in cleaned if v][:MAX_VALUES_PER_PARAM]
