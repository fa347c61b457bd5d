"""Cached data access for the pages: the datasets (admin units are cached by geo.boundaries).

Loading is cached per dataset *version* (the file's modification time), so a dataset saved
again by the Import page is reloaded, while ordinary reruns reuse the cached copy; and per
language, since the row errors' messages are written in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

import geo
from i18n import _, current_language
from incidents import store
from incidents.errors import error_frame
from incidents.load import DEFAULT_PATH, load_incidents

CURATED = store.CURATED


@dataclass(frozen=True)
class Dataset:
    name: str
    incidents: gpd.GeoDataFrame
    errors: pd.DataFrame  # incidents.errors.error_frame: rows of the file left out


def dataset_names() -> list[str]:
    """``curated`` first, then the datasets saved by imports."""
    return store.list_datasets()


def version(name: str) -> float:
    """The dataset file's modification time: a cache key that changes when it is saved again."""
    path = Path(DEFAULT_PATH) if name == CURATED else store.dataset_path(name)
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=8)
def _load(name: str, version: float, language: str) -> Dataset:
    del version, language  # part of the cache key only
    if name == CURATED:
        result = load_incidents()
        return Dataset(name, result.incidents, result.errors)
    return Dataset(name, store.load_dataset(name), error_frame())


def load(name: str) -> Dataset:
    with st.spinner(_("Loading incidents…")):
        return _load(name, version(name), current_language())


ATTRIBUTION: str = geo.ATTRIBUTION
ATTRIBUTION_LONG: str = geo.ATTRIBUTION_LONG
