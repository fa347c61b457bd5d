"""What every page shares: the sidebar filters, the URL state, headline figures, the map.

State: the canonical view (dataset, ``IncidentFilter``, page settings) lives in
``st.session_state`` under ``state_*`` keys. It is read from the URL once, when a session
starts (so a copied link reproduces the view), feeds the widgets whenever they are (re)created,
and is written back to the URL on every run of every page (Streamlit clears query parameters on
a page switch). Widgets are created without defaults: their values come from session state.

Data text reaches the page only through widgets that show plain text (tables, metrics) or
through ``md`` (Markdown with every punctuation character escaped); no ``unsafe_allow_html``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit_folium import st_folium

from geo.boundaries import admin_units
from geo.normalize import normalize
from incidents import aggregate, model
from incidents.filters import IncidentFilter
from ui import data
from viz import maps
from viz.style import MEASURES, PRECISION_WORDS, format_period, ordered_event_types

PARAM_DATASET = "dataset"
STATE_FILTER = "state_filter"
STATE_DATASET = "state_dataset"
STATE_URL = "state_url_params"
STATE_PAGE_PARAMS = "state_page_params"  # this run's page settings that differ from defaults
VIEW = "state_view"
ENTRY_RUN = "state_entrypoint_running"
MAP_KEY = "incident_map"

# Widget keys (session state) -> labels, as shown in the sidebar.
W_DATASET = "w_dataset"
W_REGIONS = "w_regions"
W_CERCLES = "w_cercles"
W_FROM = "w_date_from"
W_TO = "w_date_to"
W_YEARS = "w_years"
W_TYPES = "w_event_types"
W_PERPS = "w_perpetrator_types"
W_MIN_KILLED = "w_min_killed"
W_CASUALTIES = "w_with_casualties"
W_TEXT = "w_text"
FILTER_WIDGETS = (
    W_REGIONS,
    W_CERCLES,
    W_FROM,
    W_TO,
    W_YEARS,
    W_TYPES,
    W_PERPS,
    W_MIN_KILLED,
    W_CASUALTIES,
    W_TEXT,
)
DATE_BOUNDS = (date(1960, 1, 1), date(2100, 12, 31))
# Widget values survive page switches and pages that do not draw them (e.g. Import).
PERSIST = "session"
MAP_HEIGHT = 480
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """Data text made inert for st.markdown: every ASCII punctuation mark is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@dataclass(frozen=True)
class View:
    """The dataset, the active filter and the incidents it keeps."""

    dataset: data.Dataset
    filter: IncidentFilter
    filtered: gpd.GeoDataFrame

    @property
    def total(self) -> int:
        return len(self.dataset.incidents)

    @property
    def description(self) -> str:
        return self.filter.describe(len(self.filtered), self.total)


# -- URL state --------------------------------------------------------------------------------


def url_params() -> dict[str, list[str]]:
    """The query string as lists (a key may repeat)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _start_session() -> None:
    """Read the view from the URL once per session."""
    if STATE_FILTER in st.session_state:
        return
    params = url_params()
    st.session_state[STATE_FILTER] = IncidentFilter.from_query_params(params)
    requested = (params.get(PARAM_DATASET) or [data.CURATED])[-1]
    st.session_state[STATE_DATASET] = requested
    st.session_state[STATE_URL] = params


def _set_url(params: dict[str, str | list[str]]) -> None:
    current = url_params()
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)


def page_setting(
    param: str,
    label: str,
    options: Mapping[str, str],
    default: str,
    *,
    selectbox: bool = False,
    horizontal: bool = True,
) -> str:
    """A page's own choice (e.g. the map's measure), kept in the session and in the URL.

    ``options`` maps the value written in the URL to its label. A bad URL value is ignored.
    Pages sharing a ``param`` share the choice (the measure on the Map and Timeline pages).
    """
    state, widget = f"state_page_{param}", f"w_page_{param}"
    if state not in st.session_state:
        initial = (st.session_state.get(STATE_URL, {}).get(param) or [default])[-1]
        st.session_state[state] = initial if initial in options else default
    if st.session_state[state] not in options:  # e.g. an incident the filters now hide
        st.session_state[state] = default
    if widget not in st.session_state or st.session_state[widget] not in options:
        st.session_state[widget] = st.session_state[state]
    if selectbox:  # long lists; labels shown as plain text
        value = st.selectbox(
            label, list(options), format_func=options.__getitem__, key=widget, persist_state=PERSIST
        )
    else:
        value = st.radio(
            label,
            list(options),
            format_func=options.__getitem__,
            key=widget,
            persist_state=PERSIST,
            horizontal=horizontal,
        )
    st.session_state[state] = value
    if value != default:
        st.session_state[STATE_PAGE_PARAMS][param] = value
    return value


def write_url() -> None:
    """Put the current view in the query string (call once, at the end of every run)."""
    if STATE_FILTER not in st.session_state:
        return
    params: dict[str, str | list[str]] = dict(st.session_state[STATE_FILTER].to_query_params())
    if st.session_state.get(STATE_DATASET, data.CURATED) != data.CURATED:
        params[PARAM_DATASET] = st.session_state[STATE_DATASET]
    params.update(st.session_state.get(STATE_PAGE_PARAMS, {}))
    _set_url(params)


# -- sidebar ----------------------------------------------------------------------------------


def _canonical(values: tuple[str, ...], options: list[str]) -> list[str]:
    """Values matched to options ignoring case and accents ('segou' -> 'Ségou'); others dropped."""
    by_key = {normalize(o): o for o in options}
    found = [by_key.get(normalize(v)) for v in values]
    return list(dict.fromkeys(v for v in found if v))


def _seed_widgets(flt: IncidentFilter, options: dict[str, list]) -> None:
    """Give every missing filter widget its value from the canonical filter."""
    seeds = {
        W_REGIONS: _canonical(flt.regions, options[W_REGIONS]),
        W_CERCLES: _canonical(flt.cercles, options[W_CERCLES]),
        W_FROM: flt.date_from,
        W_TO: flt.date_to,
        W_YEARS: [y for y in flt.years if y in options[W_YEARS]],
        W_TYPES: _canonical(flt.event_types, options[W_TYPES]),
        W_PERPS: _canonical(flt.perpetrator_types, options[W_PERPS]),
        W_MIN_KILLED: flt.min_killed,
        W_CASUALTIES: flt.with_casualties,
        W_TEXT: flt.text,
    }
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = value
    for key in (W_REGIONS, W_CERCLES, W_YEARS, W_TYPES, W_PERPS):  # options may have changed
        st.session_state[key] = [v for v in st.session_state[key] if v in options[key]]


def _options(incidents: gpd.GeoDataFrame, flt: IncidentFilter) -> dict[str, list]:
    cercles = admin_units(2)
    chosen_regions = st.session_state.get(W_REGIONS) or _canonical(
        flt.regions, list(data.REGION_NAMES)
    )
    if chosen_regions:
        cercles = cercles[cercles["admin1"].isin(chosen_regions)]
    starts = incidents["date_start"].dropna()
    ends = incidents["date_end"].fillna(incidents["date_start"]).dropna()
    years = set(range(starts.dt.year.min(), ends.dt.year.max() + 1)) if len(starts) else set()
    years |= set(flt.years)
    return {
        W_REGIONS: list(data.REGION_NAMES),
        W_CERCLES: sorted(cercles["name"], key=normalize),
        W_YEARS: sorted(years),
        W_TYPES: ordered_event_types([*model.EVENT_TYPES, *incidents["event_type"].dropna()]),
        W_PERPS: list(
            dict.fromkeys(
                [*model.PERPETRATOR_TYPES, *sorted(incidents["perpetrator_type"].dropna())]
            )
        ),
    }


def _clear_filters() -> None:
    for key in FILTER_WIDGETS:
        st.session_state.pop(key, None)
    st.session_state[STATE_FILTER] = IncidentFilter()


def _filter_from_widgets() -> IncidentFilter:
    s = st.session_state
    return IncidentFilter(
        regions=tuple(s[W_REGIONS]),
        cercles=tuple(s[W_CERCLES]),
        date_from=s[W_FROM],
        date_to=s[W_TO],
        years=tuple(s[W_YEARS]),
        event_types=tuple(s[W_TYPES]),
        perpetrator_types=tuple(s[W_PERPS]),
        min_killed=int(s[W_MIN_KILLED] or 0),
        with_casualties=bool(s[W_CASUALTIES]),
        text=s[W_TEXT] or "",
    )


def sidebar() -> View:
    """The dataset switcher and the filters, shared by every page; returns the current view."""
    _start_session()
    names = data.dataset_names()
    if st.session_state.get(W_DATASET) not in names:
        wanted = st.session_state[STATE_DATASET]
        st.session_state[W_DATASET] = wanted if wanted in names else data.CURATED
    with st.sidebar:
        name = st.selectbox(
            "Dataset",
            names,
            key=W_DATASET,
            persist_state=PERSIST,
            help="The curated dataset, or one saved from the Import page.",
        )
        st.session_state[STATE_DATASET] = name
        dataset = data.load(name)
        flt = st.session_state[STATE_FILTER]
        options = _options(dataset.incidents, flt)
        _seed_widgets(flt, options)

        st.header("Filters")
        st.multiselect(
            "Region",
            options[W_REGIONS],
            key=W_REGIONS,
            persist_state=PERSIST,
            placeholder="All regions",
        )
        st.multiselect(
            "Cercle",
            options[W_CERCLES],
            key=W_CERCLES,
            persist_state=PERSIST,
            placeholder="All cercles",
        )
        st.multiselect(
            "Year",
            options[W_YEARS],
            key=W_YEARS,
            persist_state=PERSIST,
            placeholder="All years",
            help="Incidents whose period touches the year.",
        )
        date_bounds = (("From", W_FROM), ("To", W_TO))
        for column, (label, key) in zip(st.columns(2), date_bounds, strict=True):
            column.date_input(
                label,
                key=key,
                persist_state=PERSIST,
                min_value=DATE_BOUNDS[0],
                max_value=DATE_BOUNDS[1],
                format="YYYY-MM-DD",
            )
        st.multiselect(
            "Event type",
            options[W_TYPES],
            key=W_TYPES,
            persist_state=PERSIST,
            placeholder="All types",
        )
        st.multiselect(
            "Perpetrator type",
            options[W_PERPS],
            key=W_PERPS,
            persist_state=PERSIST,
            placeholder="All perpetrators",
        )
        st.number_input(
            "Minimum killed",
            min_value=0,
            step=1,
            key=W_MIN_KILLED,
            persist_state=PERSIST,
            help="As stated by the source; incidents stating no number are left out.",
        )
        st.checkbox(
            "Only incidents with people killed or injured", key=W_CASUALTIES, persist_state=PERSIST
        )
        st.text_input(
            "Search titles and quotes",
            key=W_TEXT,
            persist_state=PERSIST,
            help="Every word must appear; case and accents are ignored.",
        )
        flt = _filter_from_widgets()
        st.session_state[STATE_FILTER] = flt
        filtered = flt.apply(dataset.incidents)
        view = View(dataset, flt, filtered)
        st.markdown(f"### {len(filtered):,} of {view.total:,} incidents")
        st.caption(md(view.description))
        st.button("Clear filters", on_click=_clear_filters, disabled=not flt.is_active)
    st.session_state[VIEW] = view
    st.session_state[STATE_PAGE_PARAMS] = {}
    return view


def entrypoint_started() -> None:
    """app.py calls this first on every run (see ``current_view``)."""
    st.session_state[ENTRY_RUN] = True


def entrypoint_finished() -> None:
    st.session_state[ENTRY_RUN] = False
    write_url()


def current_view() -> View:
    """The view the sidebar built in this run (pages call this)."""
    if not st.session_state.get(ENTRY_RUN):
        # With a `pages/` folder beside app.py, Streamlit starts in its legacy multipage mode
        # until app.py has called st.navigation once: a shared link straight to /map can run
        # pages/map.py alone. Leave that mode and rerun through app.py (same URL, same view).
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state[VIEW]


# -- shared blocks ------------------------------------------------------------------------------


def page_header(title: str, view: View) -> None:
    st.header(title)
    st.markdown(f"**{md(view.description)}**")


def _period(totals: aggregate.Totals) -> str:
    if totals.first_day is None:
        return "—"
    first, last = totals.first_day, totals.last_day or totals.first_day
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    return f"{first:%B %Y} – {last:%B %Y}"


def headline(view: View) -> None:
    """Large numbers for the current filters, with what they mean."""
    totals = aggregate.headline_totals(view.filtered)
    columns = st.columns(5)
    columns[0].metric("Incidents", f"{totals.incidents:,}")
    for column, figure in zip(columns[1:], aggregate.FIGURES, strict=True):
        stated = totals.stated[figure]
        column.metric(
            f"{MEASURES[figure]}, at least",
            f"{getattr(totals, figure):,}",
            help=f"Sum of the figures the sources state; {stated} of {totals.incidents} "
            f"incidents state a number {figure}. The others add nothing.",
        )
    st.markdown(f"**Period covered: {md(_period(totals))}**")
    st.caption(
        "Totals are sums of the numbers the sources state, so they are minimums: an incident "
        "whose source gives no figure adds nothing, and each incident counts once."
    )


def invalid_rows(dataset: data.Dataset) -> None:
    """'N invalid rows not displayed', with the error table one click away."""
    count = dataset.errors["row"].nunique() if len(dataset.errors) else 0
    if not count:
        return
    st.warning(f"{count} invalid row{'s' if count != 1 else ''} of the file not displayed.")
    with st.expander("Show the invalid rows and why"):
        st.dataframe(dataset.errors, hide_index=True)


def _on_map_click() -> None:
    """st_folium callback (runs before the script): a click on a region or cercle filters."""
    value = st.session_state.get(MAP_KEY) or {}
    new = maps.filter_after_click(st.session_state[STATE_FILTER], value.get("last_active_drawing"))
    if new is None:
        return
    st.session_state[STATE_FILTER] = new
    st.session_state[W_REGIONS] = list(new.regions)
    st.session_state[W_CERCLES] = list(new.cercles)


def incident_map(
    view: View,
    *,
    measure: str,
    level: str,
    height: int = MAP_HEIGHT,
    compact: bool = False,
    key: str = MAP_KEY,
) -> maps.MapLayers:
    """The map: a static base map plus data layers that update without remounting.

    The full map filters on a click; a compact one (Overview) is static, its legend folded.
    """
    regions = admin_units(1)
    units = regions if level == "admin1" else admin_units(2)
    base = maps.build_base_map(regions, attribution=data.ATTRIBUTION)
    layers = maps.build_layers(
        view.filtered, units, measure=measure, level=level, legend_open=not compact
    )
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers.groups,
        returned_objects=[] if compact else ["last_active_drawing", "last_object_clicked_count"],
        on_change=None if compact else _on_map_click,
    )
    return layers


def incidents_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """Every field, one row per incident, for display (no geometry; dates as dates)."""
    table = pd.DataFrame(incidents.drop(columns="geometry"))
    for column in ("date_start", "date_end"):
        table[column] = table[column].dt.date
    return table


def placeless_table(incidents: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "id",
        "title",
        "date_start",
        "event_type",
        "killed",
        "injured",
        "detained",
        "geo_precision",
        "geocode_status",
    ]
    return incidents_table(incidents)[columns]


def incident_detail(row: pd.Series) -> None:
    """One incident in full: title, period with its precision, the source quote, every field."""
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = PRECISION_WORDS.get(row["date_precision"], row["date_precision"])
    st.markdown(f"#### {md(row['title'])}")
    st.markdown(f"{md(period)} \\({md(precision)}\\) · {md(row['event_type'])}")
    st.markdown(f"> {md(row['source_quote'])}")
    st.caption(f"Source: {md(row['source'])}")
    fields = pd.DataFrame(
        {"field": list(row.index), "value": ["" if pd.isna(v) else str(v) for v in row.to_list()]}
    )
    st.dataframe(fields, hide_index=True, height=35 * (len(fields) + 1) + 3)
