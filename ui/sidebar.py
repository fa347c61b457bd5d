"""The sidebar every page but Import shares: the dataset switcher and one widget per filter.

The filter widgets are a loop over ``incidents.filters.FILTERS``: a filter's kind picks its
widget, its spec gives the words and, for a choice, the options. A widget has no default: when
its key is missing from the session (first run, after "Clear filters", after a click on the
map), it is seeded from the canonical filter in ``ui.state``.

A rerun costs what its result costs, not what the dataset does: the option lists are read from
a small sample spanning the dataset's values (``ui.data.option_sample``) and the incidents the
filter keeps come from the query engine, shared by every session (``ui.data.filtered``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo.normalize import normalize
from i18n import _, format_number, ngettext
from incidents.filters import (
    CHOICES,
    COUNT,
    DAY,
    DAY_BOUNDS,
    FILTERS,
    FLAG,
    TEXT,
    YEARS,
    FilterSpec,
    IncidentFilter,
    Kind,
)
from incidents.model import label
from ui import data, state
from ui.blocks import md
from viz.style import ordered_event_types

W_DATASET = "w_dataset"
# Options shown in an order of the dashboard's own: event types as in the legend and charts.
_DISPLAY_ORDER: dict[str, Callable[[list[Any]], list[Any]]] = {"event_types": ordered_event_types}


def widget_key(spec: FilterSpec) -> str:
    """The session-state key of the filter's widget."""
    return f"w_{spec.name}"


def set_filter(flt: IncidentFilter) -> None:
    """Make ``flt`` the canonical filter; the widgets are seeded from it on the next run."""
    for spec in FILTERS:
        st.session_state.pop(widget_key(spec), None)
    st.session_state[state.STATE_FILTER] = flt


def _options(spec: FilterSpec, incidents: pd.DataFrame, chosen: IncidentFilter) -> list | None:
    if spec.options is None:
        return None
    return _DISPLAY_ORDER.get(spec.name, list)(spec.options(incidents, chosen))


def _matching(values: tuple, options: list) -> list:
    """Values matched to options ignoring case and accents ('segou' -> 'Ségou'); others dropped."""

    def key(value: object) -> object:
        return normalize(value) if isinstance(value, str) else value

    by_key = {key(o): o for o in options}
    return list(dict.fromkeys(by_key[key(v)] for v in values if key(v) in by_key))


def _option_texts(spec: FilterSpec, options: list) -> Callable[[Any], str]:
    """How the options read, worked out now, in this run's language: a vocabulary code as its
    label, a place name or a year as it is."""
    if spec.vocabulary is None:
        return str
    texts = {code: label(spec.vocabulary, code) for code in options}
    return lambda code: texts.get(code, str(code))


def _multiselect(target: DeltaGenerator, spec: FilterSpec, options: list | None, key: str) -> Any:
    return target.multiselect(
        spec.label_text,
        options or [],
        format_func=_option_texts(spec, options or []),
        key=key,
        persist_state=state.PERSIST,
        placeholder=spec.placeholder_text,
        help=spec.help_text,
    )


def _date(target: DeltaGenerator, spec: FilterSpec, _options: list | None, key: str) -> Any:
    return target.date_input(
        spec.label_text,
        key=key,
        persist_state=state.PERSIST,
        min_value=DAY_BOUNDS[0],
        max_value=DAY_BOUNDS[1],
        format="YYYY-MM-DD",
        help=spec.help_text,
    )


def _count(target: DeltaGenerator, spec: FilterSpec, _options: list | None, key: str) -> Any:
    return target.number_input(
        spec.label_text,
        min_value=0,
        step=1,
        key=key,
        persist_state=state.PERSIST,
        help=spec.help_text,
    )


def _checkbox(target: DeltaGenerator, spec: FilterSpec, _options: list | None, key: str) -> Any:
    return target.checkbox(
        spec.label_text, key=key, persist_state=state.PERSIST, help=spec.help_text
    )


def _text(target: DeltaGenerator, spec: FilterSpec, _options: list | None, key: str) -> Any:
    return target.text_input(
        spec.label_text, key=key, persist_state=state.PERSIST, help=spec.help_text
    )


# The widget for each kind of filter; it returns the widget's value.
WIDGETS: dict[Kind, Callable[[DeltaGenerator, FilterSpec, list | None, str], Any]] = {
    CHOICES: _multiselect,
    YEARS: _multiselect,
    DAY: _date,
    COUNT: _count,
    FLAG: _checkbox,
    TEXT: _text,
}


def _rows(specs: tuple[FilterSpec, ...]) -> list[list[FilterSpec]]:
    """One row per filter, except that consecutive dates (a period's two ends) share one."""
    rows: list[list[FilterSpec]] = []
    for spec in specs:
        if rows and spec.kind is DAY and rows[-1][-1].kind is DAY:
            rows[-1].append(spec)
        else:
            rows.append([spec])
    return rows


def _filter_widgets(incidents: pd.DataFrame, flt: IncidentFilter) -> IncidentFilter:
    """Draw every filter's widget, seeded from ``flt`` where missing; the filter they set."""
    chosen: dict[str, Any] = {}
    for row in _rows(FILTERS):
        targets = st.columns(len(row)) if len(row) > 1 else [st.sidebar]
        for spec, target in zip(row, targets, strict=True):
            key = widget_key(spec)
            # Options may depend on the filters above (the cercles of the chosen regions).
            options = _options(spec, incidents, flt.replace(**chosen))
            if key not in st.session_state:
                value = spec.value(flt)
                st.session_state[key] = value if options is None else _matching(value, options)
            elif options is not None:  # the options may have changed since the last run
                st.session_state[key] = [v for v in st.session_state[key] if v in options]
            chosen[spec.name] = WIDGETS[spec.kind](target, spec, options, key)
    return IncidentFilter(**chosen)


def _dataset_names() -> Callable[[str], str]:
    """The curated dataset by what it is, in this run's language; a saved one by its name."""
    curated = _("Curated incidents")
    return lambda name: curated if name == data.CURATED else name


def show() -> state.View:
    """The dataset switcher and the filters; returns the view they select."""
    names = data.dataset_names()
    if st.session_state.get(W_DATASET) not in names:
        wanted = st.session_state[state.STATE_DATASET]
        st.session_state[W_DATASET] = wanted if wanted in names else data.CURATED
    with st.sidebar:
        name = st.selectbox(
            _("Dataset"),
            names,
            format_func=_dataset_names(),
            key=W_DATASET,
            persist_state=state.PERSIST,
            help=_("The curated dataset, or one saved from the Import page."),
        )
        st.session_state[state.STATE_DATASET] = name
        dataset = data.load(name)
        st.header(_("Filters"))
        flt = _filter_widgets(data.option_sample(dataset), st.session_state[state.STATE_FILTER])
        st.session_state[state.STATE_FILTER] = flt
        view = state.View(dataset, flt, data.filtered(dataset, flt))
        count = ngettext(
            "{shown} of {total} incident", "{shown} of {total} incidents", view.total
        ).format(shown=format_number(len(view.filtered)), total=format_number(view.total))
        st.markdown(f"### {count}")
        st.caption(md(view.description))
        st.button(
            _("Clear filters"),
            on_click=set_filter,
            args=(IncidentFilter(),),
            disabled=not flt.is_active,
        )
    state.publish_view(view)
    return view
