"""Cached data access for the pages: the datasets (admin units are cached by geo.boundaries).

Each dataset comes with its figures per source (the project's figures table for the curated
incidents, the file's own counts for an imported one) and every incident's verification status
joined as columns (``incidents.figures.with_verification``), each figure as its source states
it, the source's title and address, and each incident's permalink: worked out once per load.

Loading is cached per dataset *version* (the file's modification time), so a dataset saved
again by the Import page is reloaded, while ordinary reruns reuse the cached copy; and per
language, since the row errors' messages are written in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
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
from incidents.links import with_permalinks
from incidents.load import load_incidents
from incidents.sources import load_sources, with_source_columns
from viz.text import inert_markdown

CURATED = store.CURATED


@dataclass(frozen=True)
class Dataset:
    name: str
    incidents: gpd.GeoDataFrame
    errors: pd.DataFrame  # incidents.errors.error_frame: rows of the file left out
    figures: pd.DataFrame | None = None  # incidents.figures table of these incidents
    version: str = ""  # incidents.datapackage.dataset_version: what a citation names


def dataset_names() -> list[str]:
    """``curated`` first, then the datasets saved by imports."""
    return store.list_datasets()


def version(name: str) -> float:
    """When the dataset was last saved: a cache key that changes when it is saved again."""
    return store.saved_at(name)


@st.cache_data(show_spinner=False, max_entries=8)
def _load(name: str, version: float, language: str) -> Dataset:
    del version, language  # part of the cache key only
    if name == CURATED:
        result = load_incidents()
        incidents, errors = result.incidents, result.errors
    else:
        incidents, errors = store.load_dataset(name), error_frame()
    shown, figures = prepare(name, incidents)
    return Dataset(name, shown, errors, figures, dataset_version(incidents))


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
    del version  # part of the cache key only
    return Engine.open(name)


def engine(name: str) -> Engine:
    """The query engine of dataset ``name``, one per dataset version, shared by every session
    (an engine serves several threads; see ``incidents.engine``)."""
    return _engine(name, version(name))


ATTRIBUTION: str = geo.ATTRIBUTION
ATTRIBUTION_LONG: str = geo.ATTRIBUTION_LONG
