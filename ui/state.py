"""The view's state: the session, the URL, and whether this run went through ``app.py``.

The canonical view (language, dataset, ``IncidentFilter``, page settings) lives in
``st.session_state`` under ``state_*`` keys. It is read from the URL once, when a session
starts (so a copied link reproduces the view), feeds the widgets whenever they are
(re)created, and is written back to the URL at the end of every run of every page (Streamlit
clears query parameters on a page switch). Widgets are created without defaults: their values
come from session state. The language is set at the start of every run, before any text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

import i18n
from geo.normalize import normalize
from i18n import _, ngettext
from incidents.filters import CHOICES, FILTERS, TEXT, YEARS, IncidentFilter, ParamValue
from ui import data, navigation
from viz.text import inert_markdown

PARAM_DATASET = "dataset"
PARAM_LANGUAGE = "lang"
STATE_FILTER = "state_filter"
STATE_LANGUAGE = "state_language"
W_LANGUAGE = "w_language"
STATE_DATASET = "state_dataset"
_STATE_URL = "state_url_params"
_STATE_PAGE_PARAMS = "state_page_params"  # this run's page settings that differ from defaults
_VIEW = "state_view"
_ENTRY_RUN = "state_entrypoint_running"
_LINK_WARNINGS = "state_link_warnings"  # the view the link opened, and what it ignored
# Widget values survive page switches and pages that do not draw them (e.g. Import).
PERSIST = "session"


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


def url_params() -> dict[str, list[str]]:
    """The query string as lists (a key may repeat)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def negotiate_language(params: Mapping[str, list[str]], browser_locale: object) -> str:
    """The language of a session that starts on ``params``: the link's ``lang``, else the
    browser's language, else English (a link's language wins over the browser's)."""
    return i18n.negotiate_language((params.get(PARAM_LANGUAGE) or [None])[-1], browser_locale)


def start_run() -> None:
    """Read the view from the URL once per session, and set this run's language before any
    text is produced (the first thing ``app.py`` does; the Import page, which needs no view,
    calls it too, for when Streamlit runs it alone)."""
    if STATE_FILTER not in st.session_state:
        params = url_params()
        st.session_state[STATE_FILTER] = IncidentFilter.from_query_params(params)
        st.session_state[STATE_DATASET] = (params.get(PARAM_DATASET) or [data.CURATED])[-1]
        st.session_state[STATE_LANGUAGE] = negotiate_language(params, st.context.locale)
        st.session_state[_STATE_URL] = params
    i18n.set_language(st.session_state[STATE_LANGUAGE])


def _on_language_chosen() -> None:
    st.session_state[STATE_LANGUAGE] = st.session_state[W_LANGUAGE]


def language_selector() -> None:
    """The language, in the sidebar of every page, each language named in its own words.

    The choice is applied by a callback, before the run it causes sets the language: every
    text of that run, the page titles included, is in the chosen language.
    """
    current = st.session_state[STATE_LANGUAGE]
    choices = list(i18n.LANGUAGES)
    if current not in choices:  # the pseudo-language, from a link
        choices.append(current)
    st.session_state[W_LANGUAGE] = current
    st.sidebar.selectbox(
        _("Language"),
        choices,
        format_func=lambda code: i18n.LANGUAGE_NAMES.get(code, code),
        key=W_LANGUAGE,
        on_change=_on_language_chosen,
    )


_MANY_VALUED = (CHOICES, YEARS)
_DEFAULTS = frozenset({"0", "false", "no", "off"})  # what a link may write for "no filter"


def ignored_link_values(
    params: Mapping[str, list[str]], flt: IncidentFilter, dataset: str
) -> tuple[str | None, list[str]]:
    """What a link asked for that the view it opened does not show: the dataset it names if
    this server lacks it, and each filter value that matched nothing (``param=value``: an
    unknown region, cercle or event type, a bad year, day or number). ``flt`` is the filter
    the view applies, after the sidebar matched the link's choices to its options."""
    requested = (params.get(PARAM_DATASET) or [None])[-1]
    missing_dataset = requested if requested not in (None, "", dataset) else None
    ignored = []
    for spec in FILTERS:
        raw = [" ".join(v.split()) for v in params.get(spec.param, []) if v.strip()]
        if spec.kind in _MANY_VALUED:
            kept = {_key(v) for v in spec.value(flt)}
            ignored += [
                f"{spec.param}={value}"
                for value in raw
                if not any(_key(v) in kept for v in spec.kind.parse([value]))
            ]
        elif raw and spec.kind is not TEXT:
            value = raw[-1]
            if spec.kind.parse([value]) == spec.default and value.lower() not in _DEFAULTS:
                ignored.append(f"{spec.param}={value}")
    return missing_dataset, ignored


def _key(value: object) -> object:
    return normalize(value) if isinstance(value, str) else value


def _warn_ignored(values: list[str]) -> None:
    st.warning(
        ngettext(
            "The link's {values} matched nothing and was ignored.",
            "The link's {values} matched nothing and were ignored.",
            len(values),
        ).format(values=inert_markdown(", ".join(values)))
    )


def _warn_about_the_link(view: View) -> None:
    """Say what the link the session opened asked for and did not get, for as long as the
    view is the one the link opened (a changed filter or dataset is the person's own)."""
    opened = (view.dataset.name, view.filter)
    if _LINK_WARNINGS not in st.session_state:
        params = st.session_state.get(_STATE_URL, {})
        st.session_state[_LINK_WARNINGS] = (
            opened,
            ignored_link_values(params, view.filter, view.dataset.name),
        )
    link_view, (missing_dataset, ignored) = st.session_state[_LINK_WARNINGS]
    if link_view != opened:
        return
    if missing_dataset is not None:
        st.warning(
            _("This server has no dataset “{name}”: the curated incidents are shown.").format(
                name=inert_markdown(missing_dataset)
            )
        )
    if ignored:
        _warn_ignored(ignored)


def publish_view(view: View) -> None:
    """Hand this run's view to the page (see ``current_view``); page settings start afresh.
    What the session's link asked for and the view ignores is said above the page."""
    st.session_state[_VIEW] = view
    st.session_state[_STATE_PAGE_PARAMS] = {}
    _warn_about_the_link(view)


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
    A URL value that is not one of ``options`` is ignored, with a warning naming it.
    """
    state, widget = f"state_page_{param}", f"w_page_{param}"
    if state not in st.session_state:
        initial = (st.session_state.get(_STATE_URL, {}).get(param) or [default])[-1]
        st.session_state[state] = initial if initial in options else default
        if initial not in options:
            _warn_ignored([f"{param}={initial}"])
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
        st.session_state[_STATE_PAGE_PARAMS][param] = value
    return value


def page_setting_value(param: str) -> str | None:
    """A page setting's value before its widget is drawn in this run: the widget's, else the
    session's, else the link's (None if none says it)."""
    for key in (f"w_page_{param}", f"state_page_{param}"):
        if key in st.session_state:
            return st.session_state[key]
    return (st.session_state.get(_STATE_URL, {}).get(param) or [None])[-1]


def keep_url_param(param: str, value: str) -> None:
    """Keep a parameter the page reads itself (not a widget) in the URL this run writes."""
    st.session_state[_STATE_PAGE_PARAMS][param] = value


def view_params(flt: IncidentFilter, dataset: str) -> dict[str, ParamValue]:
    """The query parameters of a view: its language, filter and (imported) dataset."""
    params: dict[str, ParamValue] = {PARAM_LANGUAGE: i18n.current_language()}
    params.update(flt.to_query_params())
    if dataset != data.CURATED:
        params[PARAM_DATASET] = dataset
    return params


def choose_page_setting(param: str, value: str) -> None:
    """Set a page setting from elsewhere on the page (a click on a chart); call it from a
    widget's callback, so it applies before ``page_setting`` draws its widget."""
    st.session_state[f"state_page_{param}"] = value
    st.session_state[f"w_page_{param}"] = value


def write_url() -> None:
    """Put the current view in the query string (once, at the end of every run).

    The language is always written, so a shared link opens in the language it was shared in.
    """
    if STATE_FILTER not in st.session_state:
        return
    params = view_params(
        st.session_state[STATE_FILTER], st.session_state.get(STATE_DATASET, data.CURATED)
    )
    params.update(st.session_state.get(_STATE_PAGE_PARAMS, {}))
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if url_params() != wanted:
        st.query_params.from_dict(params)


@contextmanager
def entrypoint_run() -> Iterator[None]:
    """``app.py``'s run: pages can tell they run through it, and the URL is written at the end."""
    st.session_state[_ENTRY_RUN] = True
    try:
        yield
    finally:
        st.session_state[_ENTRY_RUN] = False
        write_url()


def current_view() -> View:
    """The view the sidebar built in this run (pages call this)."""
    if not st.session_state.get(_ENTRY_RUN):
        navigation.leave_legacy_multipage_mode()
    return st.session_state[_VIEW]
