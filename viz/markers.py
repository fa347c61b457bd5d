"""The incident markers' data: one short row per placed incident, its size and its popup.

The browser builds the markers from these rows (``static/map/incident-map.js``). Full rows carry
the tooltip and popup as HTML rendered from ``viz/templates/popup.html``, every data text
escaped; compact rows carry only the figures the short popup shows, set there as plain text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from i18n import N_, _, format_number
from incidents.aggregate import FIGURES
from incidents.figures import stated_column
from incidents.localise import language_name, localised, quote_language, quote_translation
from incidents.model import label
from incidents.sources import source_label
from viz.markup import render_html
from viz.style import (
    MEASURES,
    PRECISION_WORDS,
    escape_html,
    format_figure,
    format_period,
    precision_words,
)

MARKER_MIN_PX, MARKER_MAX_PX = 10, 40
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


def _figure(row: pd.Series, measure: str) -> str:
    """The figure as its source states it ('at least 32') when the dataset joined it."""
    stated = row.get(stated_column(measure))
    return stated if isinstance(stated, str) and stated else format_figure(row[measure])


def incident_popup_html(row: pd.Series) -> str:
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


def _killed_texts(placed: pd.DataFrame) -> list[str]:
    """Killed as the source states it ('at least 32'), "" when not stated."""
    stated = stated_column("killed")
    if stated in placed:
        return placed[stated].fillna("").astype(str).tolist()
    return [format_number(k) if not pd.isna(k) else "" for k in placed["killed"]]


def _start(start: object, precision: str) -> str:
    """When an incident starts, as precisely as the source says (a week by its first day)."""
    return format_period(start, start, "day" if precision == "week" else precision)


def marker_rows(placed: pd.DataFrame, types: list[str], *, full: bool) -> list[list[object]]:
    """One array per placed incident, as ``incidentMap.incidentCluster`` reads them.

    Each row is ``[lat, lon, event type index, size px, approximate (0/1), ...]`` followed by
    either ``tooltip html, popup html`` (full rows, escaped here) or ``killed ("" = not
    stated), id, start, date precision index`` (compact rows, shown as plain text), the figure
    and the start formatted for the reader's language.
    """
    type_index = {t: i for i, t in enumerate(types)}
    columns: list[list[object]] = [
        np.round(placed.geometry.y.to_numpy(), 5).tolist(),
        np.round(placed.geometry.x.to_numpy(), 5).tolist(),
        placed["event_type"].map(type_index).fillna(0).astype(int).tolist(),
        marker_sizes(placed).tolist(),
        placed["geo_precision"].isin(COARSE_PRECISIONS).astype(int).tolist(),
    ]
    if full:
        columns.append([escape_html(t) for t in placed["title"]])
        columns.append([incident_popup_html(row) for _, row in placed.iterrows()])
    else:
        precision_index = {p: i for i, p in enumerate(PRECISION_WORDS)}
        columns += [
            _killed_texts(placed),
            placed["id"].astype(str).tolist(),
            [
                _start(s, p)
                for s, p in zip(placed["date_start"], placed["date_precision"], strict=True)
            ],
            placed["date_precision"].map(precision_index).fillna(0).astype(int).tolist(),
        ]
    return [list(row) for row in zip(*columns, strict=True)]
