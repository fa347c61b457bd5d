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
from i18n import _
from incidents.filters import IncidentFilter, ParamValue
from ui import data, navigation

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


def publish_view(view: View) -> None:
    """Hand this run's view to the page (see ``current_view``); page settings start afresh."""
    st.session_state[_VIEW] = view
    st.session_state[_STATE_PAGE_PARAMS] = {}


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
        initial = (st.session_state.get(_STATE_URL, {}).get(param) or [default])[-1]
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
        st.session_state[_STATE_PAGE_PARAMS][param] = value
    return value


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
