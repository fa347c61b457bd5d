"""Cached data access for the pages: the datasets (admin units are cached by geo.boundaries).

Loading is cached per dataset *version* (the file's modification time), so a dataset saved
again by the Import page is reloaded, while ordinary reruns reuse the cached copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

import geo
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


def _version(name: str) -> float:
    path = Path(DEFAULT_PATH) if name == CURATED else store.dataset_path(name)
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner="Loading incidents…", max_entries=8)
def _load(name: str, version: float) -> Dataset:
    del version  # part of the cache key only
    if name == CURATED:
        result = load_incidents()
        return Dataset(name, result.incidents, result.errors)
    return Dataset(name, store.load_dataset(name), error_frame())


def load(name: str) -> Dataset:
    return _load(name, _version(name))


ATTRIBUTION: str = geo.ATTRIBUTION
ATTRIBUTION_LONG: str = geo.ATTRIBUTION_LONG
