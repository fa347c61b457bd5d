"""The map's point data: one row per placed incident (markers) or per grid cell (aggregates).

The browser builds the markers and the cell circles from these rows
(``static/map/incident-map.js``). Incident rows carry the tooltip and popup as HTML rendered
from ``viz/templates/popup.html``, every data text escaped; cell rows carry only numbers, and
their popups are set there as plain text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from i18n import N_, _
from incidents.aggregate import FIGURES
from incidents.figures import stated_column
from incidents.localise import (
    Row,
    language_name,
    localised,
    quote_language,
    quote_translation,
)
from incidents.model import label
from incidents.sources import source_label
from viz.markup import render_html
from viz.style import (
    MEASURES,
    escape_html,
    format_figure,
    format_period,
    precision_words,
)

MARKER_MIN_PX, MARKER_MAX_PX = 10, 40
# Side of a grid cell in degrees (~28 km in Mali): about 1,900 cells cover the country, so the
# aggregates stay near 100 kB whatever the number of incidents.
GRID_DEGREES = 0.25
COARSE_PRECISIONS = frozenset({"commune", "cercle", "region"})  # drawn dashed
GEO_PRECISION_WORDS: dict[str, str] = {
    "point": N_("the named place itself"),
    "near": N_("near the named place (within ~25 km)"),
    "commune": N_("somewhere in the commune (drawn at its centre)"),
    "cercle": N_("somewhere in the cercle (drawn at its centre)"),
    "region": N_("somewhere in the region (drawn at its centre)"),
    "country": N_("Mali, no place given"),
}
# How the place was found is shown when that matters for trusting it.
UNCERTAIN_GEOCODES = frozenset({"ambiguous", "fallback", "override"})


def marker_sizes(incidents: pd.DataFrame) -> np.ndarray:
    """Marker diameter in pixels: grows with the square root of killed + injured (stated)."""
    casualties = np.zeros(len(incidents))
    for column in ("killed", "injured"):
        casualties += incidents[column].fillna(0).to_numpy(dtype=float)
    sizes = MARKER_MIN_PX + 3 * np.sqrt(casualties)
    return np.minimum(MARKER_MAX_PX, sizes).astype(int)


def place_precision_words(precision: object) -> str:
    words = GEO_PRECISION_WORDS.get(precision) if isinstance(precision, str) else None
    return _(words) if words else str(precision)


def _figure(row: Row, measure: str) -> str:
    """The figure as its source states it ('at least 32') when the dataset joined it."""
    stated = row.get(stated_column(measure))
    return stated if isinstance(stated, str) and stated else format_figure(row[measure])


def incident_popup_html(row: Row) -> str:
    """The full popup of one incident in the reader's language; every data text escaped.

    The source is named by its title and publisher, linked; other sources' figures are shown
    side by side in full, with the verification status, where the dataset joined them
    (``ui.data``).
    """
    geocode_note = (
        row.get("geocode_note") if row.get("geocode_status") in UNCERTAIN_GEOCODES else ""
    )
    language = quote_language(row)
    by_source = row.get("figures_by_source")
    return render_html(
        "popup.html",
        title=localised(row, "title"),
        period=format_period(row["date_start"], row["date_end"], row["date_precision"]),
        precision=precision_words(row["date_precision"]),
        event_type=label("event type", row["event_type"]),
        sub_event_type=label("sub-event type", row["sub_event_type"]),
        figures=[
            (_(MEASURES[column]), _figure(row, column))
            for column in FIGURES
            if not pd.isna(row[column])
        ],
        casualty_note=localised(row, "casualty_note") if "casualty_note" in row else "",
        figures_by_source=[
            (_(MEASURES[measure]), text) for measure, text in (by_source or ()) if text
        ],
        verification=row.get("verification_text") or "",
        perpetrator=row["perpetrator"] or _("not named by the source"),
        perpetrator_type=label("perpetrator type", row["perpetrator_type"]),
        location=row["location"],
        admin=", ".join(v for v in (row["admin2"], row["admin1"]) if isinstance(v, str) and v),
        place_precision=place_precision_words(row["geo_precision"]),
        geocode_note=geocode_note or "",
        source_quote=row["source_quote"],
        quote_language=language_name(language) if language else "",
        quote_translation=quote_translation(row),
        source=row.get("source_title") or source_label(str(row["source"])),
        source_url=row.get("source_url") or "",
        permalink=row.get("permalink") or "",
        id=row["id"],
    )


def marker_rows(placed: pd.DataFrame, types: list[str]) -> list[list[object]]:
    """One array per placed incident, as ``incidentMap.incidentCluster`` reads them.

    Each row is ``[lat, lon, event type index, size px, approximate (0/1), tooltip html,
    popup html]``, the HTML escaped here.
    """
    type_index = {t: i for i, t in enumerate(types)}
    columns: list[list[object]] = [
        np.round(placed.geometry.y.to_numpy(), 5).tolist(),
        np.round(placed.geometry.x.to_numpy(), 5).tolist(),
        placed["event_type"].map(type_index).fillna(0).astype(int).tolist(),
        marker_sizes(placed).tolist(),
        placed["geo_precision"].isin(COARSE_PRECISIONS).astype(int).tolist(),
        [escape_html(t) for t in localised(placed, "title")],
        # records, not iterrows: a row Series costs more to read than its popup to render
        [incident_popup_html(row) for row in placed.to_dict("records")],
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def grid_cells(
    placed: pd.DataFrame, types: list[str], degrees: float = GRID_DEGREES
) -> list[list[object]]:
    """One array per occupied grid cell, as ``incidentMap.gridCells`` reads them.

    Cells are ``degrees`` squares aligned on whole multiples of ``degrees``. Each row is
    ``[lat, lon, incidents, killed, injured, missing, detained, incidents of each of
    types...]``: the position is the mean of the cell's incidents (where they are, not the
    cell's corner), the figures are sums of the stated ones.
    """
    coordinates = shapely.get_coordinates(placed.geometry.to_numpy())  # (lon, lat) rows
    lon, lat = coordinates[:, 0], coordinates[:, 1]
    # One integer key per cell (rows and columns of the whole globe fit in 2**16 each).
    key = np.floor(lat / degrees).astype(np.int64) * 2**16 + np.floor(lon / degrees).astype(
        np.int64
    )
    cell, keys = pd.factorize(key, sort=True)
    size = len(keys)
    incidents = np.bincount(cell, minlength=size)
    positions = np.column_stack(
        [np.bincount(cell, weights=values, minlength=size) / incidents for values in (lat, lon)]
    ).round(4)
    type_codes, present = pd.factorize(placed["event_type"])
    # The index in ``types`` of each incident's type; -1 (the appended last entry, which a
    # missing type's code -1 picks too) when it is not one of them.
    lookup = np.array([*(types.index(t) if t in types else -1 for t in present), -1])
    type_of = lookup[type_codes]
    typed = type_of >= 0
    by_type = np.bincount(
        cell[typed] * len(types) + type_of[typed], minlength=size * len(types)
    ).reshape(size, len(types))
    figures = [
        np.bincount(cell, weights=placed[f].fillna(0).to_numpy(dtype=float), minlength=size)
        for f in FIGURES
    ]
    counts = np.column_stack([incidents, *figures, by_type]).round().astype(np.int64)
    positions, counts = positions.tolist(), counts.tolist()
    return [position + count for position, count in zip(positions, counts, strict=True)]
