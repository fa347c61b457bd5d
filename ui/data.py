"""Cached data access for the pages: the datasets, their query engines and the incidents each
filter keeps (admin units are cached by geo.boundaries).

Each dataset comes with its figures per source (the project's figures table for the curated
incidents, the file's own counts for an imported one) and every incident's verification status
joined as columns (``incidents.figures.with_verification``), each figure as its source states
it, the source's title and address, and each incident's permalink: worked out once per load.

Loading is cached per dataset *version* (the file's modification time), so a dataset saved
again by the Import page is reloaded, while ordinary reruns reuse the cached copy; and per
language, since the row errors' messages are written in the reader's language.

Everything here is cached with ``st.cache_resource``: one object shared by every session, never
copied or unpickled on a rerun. The frames handed out are therefore read-only: code that
changes a frame works on its own copy (``DataFrame.copy``, or a function returning a new frame).
The query engine (``incidents.engine``) finds the incidents a filter keeps; the rows themselves
are taken from the loaded frame, which holds the joined columns the pages show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

import geo
from i18n import _, current_language
from incidents import store
from incidents.datapackage import dataset_version
from incidents.engine import Engine
from incidents.errors import error_frame
from incidents.figures import (
    figures_for,
    figures_from_frame,
    with_figure_texts,
    with_verification,
)
from incidents.filters import IncidentFilter
from incidents.links import with_permalinks
from incidents.load import load_incidents
from incidents.model import ADMIN_FIELDS, VOCABULARY_COLUMNS
from incidents.sources import load_sources, with_source_columns
from viz.text import inert_markdown

if TYPE_CHECKING:
    from ui.state import View

CURATED = store.CURATED
T = TypeVar("T")


@dataclass(frozen=True)
class Dataset:
    name: str
    incidents: gpd.GeoDataFrame
    errors: pd.DataFrame  # incidents.errors.error_frame: rows of the file left out
    figures: pd.DataFrame | None = None  # incidents.figures table of these incidents
    version: str = ""  # incidents.datapackage.dataset_version: what a citation names
    # The file's modification time when loaded (``version``), a cache key; None for a dataset
    # not loaded by ``load``, whose results are never cached.
    modified: float | None = None


def dataset_names() -> list[str]:
    """``curated`` first, then the datasets saved by imports."""
    return store.list_datasets()


def version(name: str) -> float:
    """When the dataset was last saved: a cache key that changes when it is saved again."""
    return store.saved_at(name)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(name: str, version: float, language: str) -> Dataset:
    del language  # part of the cache key only
    if name == CURATED:
        result = load_incidents()
        incidents, errors = result.incidents, result.errors
    else:
        incidents, errors = store.load_dataset(name), error_frame()
    shown, figures = prepare(name, incidents)
    return Dataset(name, shown, errors, figures, dataset_version(incidents), version)


def prepare(name: str, incidents: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """A dataset's incidents with the columns the pages show joined, and its figures table."""
    # an imported file's figures are its own: the curated table's ids may recur in it
    figures = figures_for(incidents) if name == CURATED else figures_from_frame(incidents)
    sources = load_sources()
    shown = with_verification(incidents, figures, sources)
    shown = with_permalinks(with_source_columns(with_figure_texts(shown, figures), sources), name)
    return shown, figures


def load(name: str) -> Dataset:
    """The dataset ``name``; one that cannot be read (a damaged or foreign file) is said in
    one sentence, and the curated incidents are shown instead of a traceback."""
    with st.spinner(_("Loading incidents…")):
        try:
            return _load(name, version(name), current_language())
        except (OSError, ValueError) as exc:
            if name == CURATED:
                raise
            st.error(
                _(
                    "The dataset “{name}” cannot be read ({problem}): the curated incidents "
                    "are shown."
                ).format(name=inert_markdown(name), problem=inert_markdown(str(exc)[:200]))
            )
            return _load(CURATED, version(CURATED), current_language())


@st.cache_resource(show_spinner=False, max_entries=8)
def _engine(name: str, version: float) -> Engine:
    # The engine holds the loaded incidents' contract columns: the verification status joined
    # when loading is what the verification filter reads, and row positions match the frame.
    from_file = _load(name, version, current_language())
    opened = Engine.from_frame(from_file.incidents)
    # Fold the searched text now, off the page's thread, so that no search waits for it.
    threading.Thread(target=opened.prepare_search, name=f"fold-{name}", daemon=True).start()
    return opened


def engine(name: str) -> Engine:
    """The query engine of dataset ``name``, one per dataset version, shared by every session
    (an engine serves several threads; see ``incidents.engine``). Its row positions are those
    of the loaded dataset's frame (``load``)."""
    return _engine(name, version(name))


@st.cache_resource(show_spinner=False, max_entries=128)
def _positions(
    name: str, version: float, flt: IncidentFilter, limit: int | None = None
) -> np.ndarray:
    return _engine(name, version).positions(flt, limit=limit)


@st.cache_resource(show_spinner=False, max_entries=8)
def _filtered(name: str, version: float, language: str, flt: IncidentFilter) -> gpd.GeoDataFrame:
    incidents = _load(name, version, language).incidents
    return incidents.iloc[_positions(name, version, flt)]


def filtered(dataset: Dataset, flt: IncidentFilter) -> gpd.GeoDataFrame:
    """The incidents of ``dataset`` that ``flt`` keeps (as ``flt.apply`` would), found by the
    query engine once per (dataset version, filter) and shared by every session (read-only)."""
    if not flt.is_active:
        return dataset.incidents
    if dataset.modified is None:
        return flt.apply(dataset.incidents)
    return _filtered(dataset.name, dataset.modified, current_language(), flt)


@st.cache_resource(show_spinner=False, max_entries=64)
def _of_view(
    name: str,
    version: float,
    language: str,
    flt: IncidentFilter,
    what: str,
    args: tuple[Any, ...],
    _compute: Callable[..., Any],
    _incidents: gpd.GeoDataFrame,
) -> Any:
    del name, version, language, flt, what  # the cache key: the view and what is computed
    return _compute(_incidents, *args)


def of_view(view: View, compute: Callable[..., T], *args: Any) -> T:
    """``compute(view.filtered, *args)``, once per (dataset version, filter, language,
    function, arguments) for every session: a view's totals, lists and charts. What it returns
    is shared: read it, never change it. A dataset not loaded from a file is not cached."""
    dataset = view.dataset
    if dataset.modified is None:
        return compute(view.filtered, *args)
    what = f"{compute.__module__}.{compute.__qualname__}"
    return _of_view(
        dataset.name,
        dataset.modified,
        current_language(),
        view.filter,
        what,
        args,
        compute,
        view.filtered,
    )


def matching(dataset: Dataset, flt: IncidentFilter, limit: int) -> gpd.GeoDataFrame:
    """The first ``limit`` incidents of ``dataset`` that ``flt`` keeps (a search's matches),
    found once per (dataset version, filter, limit) for every session."""
    if dataset.modified is None:
        return flt.apply(dataset.incidents).head(limit)
    return dataset.incidents.iloc[_positions(dataset.name, dataset.modified, flt, limit)]


# The columns the sidebar's option lists may read: the coded ones and the places.
OPTION_COLUMNS: tuple[str, ...] = (*VOCABULARY_COLUMNS, *ADMIN_FIELDS)


@st.cache_resource(show_spinner=False, max_entries=8)
def _option_sample(name: str, version: float, language: str) -> gpd.GeoDataFrame:
    incidents = _load(name, version, language).incidents
    return incidents.iloc[_engine(name, version).spanning_positions(OPTION_COLUMNS)]


def option_sample(dataset: Dataset) -> gpd.GeoDataFrame:
    """A few incidents of ``dataset`` holding every value of the coded and place columns, and
    its whole period: the filters' option lists read the same on them as on the whole dataset,
    at a small fraction of the cost (``Engine.spanning_positions``; one per dataset version)."""
    if dataset.modified is None:
        return dataset.incidents
    return _option_sample(dataset.name, dataset.modified, current_language())


ATTRIBUTION: str = geo.ATTRIBUTION
ATTRIBUTION_LONG: str = geo.ATTRIBUTION_LONG
