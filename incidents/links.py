"""Where a view lives: the permalink of an incident or a view, and the name of its files.

Links point at the dashboard: ``$INCIDENTS_BASE_URL`` when set (the published address), else
``http://localhost:8501``. An incident's link opens the Incidents page on it
(``/incidents?id=ML-2020-010``); a view's link carries the filter's query parameters
(``IncidentFilter.to_query_params``) and, for an imported dataset, ``dataset=NAME``.
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import urlencode

import pandas as pd

from geo.normalize import normalize
from incidents.filters import IncidentFilter
from incidents.store import CURATED

DEFAULT_BASE_URL = "http://localhost:8501"
BASE_URL_VARIABLE = "INCIDENTS_BASE_URL"
INCIDENTS_PAGE = "incidents"
PARAM_ID = "id"
PARAM_DATASET = "dataset"
PERMALINK = "permalink"

FILE_PREFIX = "mali-incidents"
# The stem of an export's file name stays below this, so it fits every file system and a
# download dialog; a longer one keeps its first parts and a short hash of the whole filter.
MAX_STEM_LENGTH = 80
_HASH_LENGTH = 8


def base_url(base: str | None = None) -> str:
    """The dashboard's address without a trailing slash."""
    chosen = base or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL
    return chosen.rstrip("/")


def _dataset_params(dataset: str) -> dict[str, str]:
    return {PARAM_DATASET: dataset} if dataset and dataset != CURATED else {}


def incident_url(base: str | None, incident_id: str, dataset: str = CURATED) -> str:
    """The permalink of one incident: the Incidents page showing it."""
    query = urlencode({PARAM_ID: incident_id, **_dataset_params(dataset)})
    return f"{base_url(base)}/{INCIDENTS_PAGE}?{query}"


def with_permalinks(
    incidents: pd.DataFrame, dataset: str = CURATED, base: str | None = None
) -> pd.DataFrame:
    """``incidents`` with ``permalink``: each incident's ``incident_url``."""
    joined = incidents.copy()
    joined[PERMALINK] = [incident_url(base, str(i), dataset) for i in incidents["id"]]
    return joined


def view_url(
    base: str | None,
    selection: IncidentFilter,
    dataset: str = CURATED,
    page: str = INCIDENTS_PAGE,
) -> str:
    """The link that reopens ``page`` with this filter and dataset ("" = the Overview)."""
    params = {**selection.to_query_params(), **_dataset_params(dataset)}
    query = urlencode(params, doseq=True)
    address = f"{base_url(base)}/{page.strip('/')}" if page.strip("/") else base_url(base)
    return f"{address}?{query}" if query else address


def _slug(text: str) -> str:
    return "-".join(normalize(text).split())


def _filter_parts(selection: IncidentFilter) -> list[str]:
    parts = [
        *selection.regions,
        *selection.cercles,
        *(str(y) for y in selection.years),
    ]
    if selection.date_from or selection.date_to:
        first = selection.date_from.isoformat() if selection.date_from else ""
        last = selection.date_to.isoformat() if selection.date_to else ""
        parts.append(f"{first}-to-{last}".strip("-"))
    parts += [*selection.event_types, *selection.perpetrator_types]
    if selection.min_killed:
        parts.append(f"killed-{selection.min_killed}-plus")
    if selection.with_casualties:
        parts.append("with-casualties")
    if selection.text:
        parts.append(selection.text)
    return [slug for slug in (_slug(p) for p in parts) if slug]


def export_filename(selection: IncidentFilter, ext: str, dataset: str = CURATED) -> str:
    """A file name that says what the file holds: ``mali-incidents_mopti_2020.csv``.

    Accent-free, lower case, parts joined by ``_`` (the dataset's name first when it is not the
    curated one); at most ``MAX_STEM_LENGTH`` characters before the extension.
    """
    head = FILE_PREFIX if dataset in ("", CURATED) else f"{FILE_PREFIX}_{_slug(dataset)}"
    parts = _filter_parts(selection)
    stem = "_".join([head, *parts])
    if len(stem) > MAX_STEM_LENGTH:
        digest = hashlib.sha256(urlencode(selection.to_query_params(), doseq=True).encode())
        tail = "_" + digest.hexdigest()[:_HASH_LENGTH]
        stem = stem[: MAX_STEM_LENGTH - len(tail)].rstrip("_-") + tail
    return f"{stem}.{ext.lstrip('.')}"
