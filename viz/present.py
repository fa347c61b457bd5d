"""The presentation view's data and page: one self-contained HTML document for an iframe.

The browser gets everything at once, as one JSON object (``present_config``): the base map
(regions and cercles from ``geo.boundaries``, rivers and main towns from ``geo.landmarks``),
the incidents in time order as columns (position, months, colour, size), one card per
incident with its texts, the views to step through (one for a filter; several for a
briefing) and every word the script shows, translated here. ``static/present/present.js``
then steps, plays and zooms without asking the server again, so nothing remounts. Every data
text is set there as ``textContent``; the JSON is safe inside the page's ``<script>``
(``viz.maps.js_json``).

Cards cost ~0.5 kB per incident, so 20,000 incidents make a page of ~10 MB; the map draws
circle markers on one canvas, fast at that size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import SupportsInt
from urllib.parse import urlencode

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup

import geo
from geo import landmarks
from geo.boundaries import admin_units
from i18n import _, current_language, format_month, format_number
from incidents.figures import side_by_side_text
from incidents.filters import IncidentFilter
from incidents.localise import localised, quote_translation
from incidents.model import label as vocabulary_label
from incidents.sources import source_label, source_line
from incidents.store import CURATED
from viz.assets import STATIC_URL, local_url
from viz.maps import (
    MINOR_TOWN_ZOOM,
    RIVER_LABEL_SPACING,
    display_geometry,
    js_json,
    river_label_points,
    river_lines,
    town_rows,
)
from viz.markers import COARSE_PRECISIONS, marker_sizes, place_precision_words
from viz.markup import render_html
from viz.static_map import view_for_filter
from viz.style import (
    FIGURE_LABELS,
    event_colour,
    format_period,
    ordered_event_types,
    precision_words,
)

PRESENT_URL = f"{STATIC_URL}/present"
# Past this zoom the map shows nothing our places can support (a "near" place is ~25 km).
MAX_ZOOM = 10
# Cercle names appear from this zoom on (below it they crowd each other).
CERCLE_LABEL_ZOOM = 7
# Zoom when stepping to an incident, by how precisely its place is known.
STEP_ZOOM = {"point": 8, "near": 8, "commune": 8, "cercle": 7, "region": 6}
# Around Mali, as far as the map may be dragged (degrees added on each side).
BOUNDS_MARGIN = 3.0
HIGH_CONTRAST = "high"


@dataclass(frozen=True)
class PresentView:
    """One step of a briefing (or the one view of a filter): which incidents, where, words."""

    filter: IncidentFilter
    caption: str = ""
    extent: tuple[float, float, float, float] | None = None  # west, south, east, north


def _geojson(units: gpd.GeoDataFrame, properties: Sequence[str]) -> dict[str, object]:
    geometry = display_geometry(units)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {p: str(units[p].iloc[i]) for p in properties},
                "geometry": shapely.geometry.mapping(geometry.iloc[i]),
            }
            for i in range(len(units))
        ],
    }


@lru_cache(maxsize=1)
def _landmarks() -> dict[str, object]:
    """The rivers, their names along their course in Mali, and the main towns."""
    shown = landmarks.rivers()
    country = shapely.union_all(admin_units(1).geometry.to_numpy())
    return {
        "rivers": river_lines(shown),
        "riverLabels": [
            {"lat": round(lat, 4), "lon": round(lon, 4), "name": name}
            for lat, lon, name in river_label_points(shown, country, RIVER_LABEL_SPACING)
        ],
        "towns": town_rows(landmarks.main_towns()),
        "townZoom": MINOR_TOWN_ZOOM,
    }


def _month_index(days: pd.Series, first: pd.Period) -> list[int]:
    """Months since ``first`` (-1 for an undated incident)."""
    periods = days.dt.to_period("M")
    return [(p - first).n if not pd.isna(p) else -1 for p in periods]


def time_order(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incidents by start date (undated last), then by id: the order of the steps."""
    return incidents.sort_values(["date_start", "id"], na_position="last", kind="stable")


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _figures(row: Mapping[str, object]) -> list[str]:
    lines = []
    for column, label in FIGURE_LABELS.items():
        value = row[column]
        if not isinstance(value, SupportsInt) or pd.isna(value):
            continue
        lines.append(
            _("{measure}: at least {count}").format(
                measure=_(label), count=format_number(int(value))
            )
        )
    return lines


def _other_sources(figures: pd.DataFrame | None, incident_id: str) -> list[str]:
    """Each measure's figures by source, where more than one source gives them."""
    if figures is None or figures.empty:
        return []
    lines = []
    for column, label in FIGURE_LABELS.items():
        rows = figures[figures["measure"] == column]
        if rows["source"].nunique() < 2:
            continue
        lines.append(
            _("{measure}: {figures}").format(
                measure=_(label), figures=side_by_side_text(rows, incident_id, column)
            )
        )
    return lines


def _figures_by_source(figures: pd.DataFrame | None) -> dict[object, pd.DataFrame]:
    """The figure rows of each incident for which some measure has figures from more than
    one source: the only cards that list figures by source. Found in one pass over the
    table, so a dataset with one source per incident costs no per-card work."""
    if figures is None or figures.empty:
        return {}
    sources = figures.groupby(["incident_id", "measure"])["source"].transform("nunique")
    several = figures["incident_id"].isin(set(figures.loc[sources > 1, "incident_id"]))
    return dict(tuple(figures[several].groupby("incident_id")))


def incident_card(row: Mapping[str, object], figures: pd.DataFrame | None) -> dict[str, object]:
    """The texts of one incident's card (plain text: the script sets them as textContent)."""
    period = format_period(row["date_start"], row["date_end"], _text(row["date_precision"]))
    precision = precision_words(_text(row["date_precision"]))
    admin = ", ".join(v for v in (row["admin2"], row["admin1"]) if isinstance(v, str) and v)
    place = ", ".join(part for part in (_text(row["location"]), admin) if part)
    place_precision = place_precision_words(_text(row["geo_precision"]))
    note = localised(row, "casualty_note")
    return {
        "id": _text(row["id"]),
        "title": localised(row, "title"),
        "date": _("{period} ({precision})").format(period=period, precision=precision),
        "place": _("{place} ({precision})").format(
            place=place or _("no place"), precision=place_precision
        )
        if place_precision
        else place or _("no place"),
        "type": vocabulary_label("event type", row["event_type"]),
        "figures": _figures(row),
        "note": note,
        "others": _other_sources(figures, _text(row["id"])),
        "quote": _text(row["source_quote"]),
        "translation": quote_translation(row),
        "source": source_label(_text(row["source"])),
    }


def _incident_columns(ordered: gpd.GeoDataFrame) -> tuple[dict[str, object], list[str]]:
    placed = ordered.geometry.notna() & ~ordered.geometry.is_empty
    lat = np.where(placed, ordered.geometry.y.where(placed, 0), np.nan)
    lon = np.where(placed, ordered.geometry.x.where(placed, 0), np.nan)
    starts, ends = ordered["date_start"], ordered["date_end"].fillna(ordered["date_start"])
    first = starts.min()
    first_month = first.to_period("M") if not pd.isna(first) else None
    types = ordered_event_types(ordered["event_type"])
    type_index = {t: i for i, t in enumerate(types)}
    columns = {
        "lat": [round(v, 5) if not np.isnan(v) else None for v in lat],
        "lon": [round(v, 5) if not np.isnan(v) else None for v in lon],
        "start": _month_index(starts, first_month) if first_month else [-1] * len(ordered),
        "end": _month_index(ends, first_month) if first_month else [-1] * len(ordered),
        "type": ordered["event_type"].map(type_index).fillna(0).astype(int).tolist(),
        "size": marker_sizes(ordered).tolist(),
        "approx": ordered["geo_precision"].isin(COARSE_PRECISIONS).astype(int).tolist(),
        "zoom": ordered["geo_precision"].map(STEP_ZOOM).fillna(0).astype(int).tolist(),
        "killed": ordered["killed"].fillna(0).astype(int).tolist(),
    }
    return columns, types


def _months(ordered: pd.DataFrame) -> list[str]:
    starts = ordered["date_start"].dropna()
    if starts.empty:
        return []
    ends = ordered["date_end"].fillna(ordered["date_start"]).dropna()
    months = pd.period_range(starts.min().to_period("M"), ends.max().to_period("M"), freq="M")
    return [format_month(m.to_timestamp()) for m in months]


def _extent(view: PresentView) -> list[float] | None:
    """The view's box: as written, else that of the chosen regions or cercles (None: Mali)."""
    if view.extent is not None:
        return [round(v, 4) for v in view.extent]
    chosen = view_for_filter(view.filter).extent
    if chosen is not None:
        return [round(float(v), 4) for v in chosen]
    return None


def dashboard_url(selection: IncidentFilter, dataset: str, page: str = "map") -> str:
    """The dashboard page ``page`` on the same filters (where Escape leads)."""
    params = dict(selection.to_query_params())
    if dataset != CURATED:
        params["dataset"] = dataset
    query = urlencode(params, doseq=True)
    return f"/{page}?{query}" if query else f"/{page}"


def _strings() -> dict[str, str]:
    """The words the script writes, with ``{placeholders}`` it fills."""
    return {
        "step": _("Incident {index} of {count}"),
        "view": _("View {index} of {count}"),
        "briefingTitle": _("{briefing} — {caption}"),
        "briefingSubtitle": _("{position} · {description}"),
        "running": _("Shown: {shown} of {total} · killed, at least: {killed}"),
        "otherSources": _("Figures by source"),
        "translation": _("Translation (ours): {text}"),
        "source": _("Source: {source}"),
        "placeNotDrawn": _("{place} — not on the map"),
        "noMonths": _("No dated incident"),
        "play": _("Play"),
        "pause": _("Pause"),
    }


def present_config(
    incidents: gpd.GeoDataFrame,
    views: Iterable[PresentView],
    *,
    dataset: str,
    total: int,
    figures: pd.DataFrame | None = None,
    title: str = "",
    contrast: str = "",
) -> dict[str, object]:
    """Everything the presentation view shows, as JSON-ready data.

    ``incidents`` are those of every view (for a filter: the filtered incidents); ``total``
    the dataset's size (for the titles); ``figures`` the figures table for them
    (``incidents.figures.figures_for``), for the cards' figures by source. ``title`` names a
    briefing (a filter's view is titled by its description).
    """
    views = list(views)
    ordered = time_order(incidents)
    columns, types = _incident_columns(ordered)
    by_incident = _figures_by_source(figures)
    cards = [incident_card(row, by_incident.get(row["id"])) for row in ordered.to_dict("records")]
    position = pd.Series(np.arange(len(ordered)), index=ordered.index)
    view_data = []
    for view in views:
        members = view.filter.apply(ordered)
        view_data.append(
            {
                "title": view.filter.describe(len(members), total),
                "caption": view.caption,
                "extent": _extent(view),
                "members": position.loc[members.index].tolist() if len(views) > 1 else None,
                "back": dashboard_url(view.filter, dataset),
            }
        )
    regions = admin_units(1)
    west, south, east, north = (float(v) for v in regions.total_bounds)
    return {
        "language": current_language(),
        "briefing": title,
        "contrast": HIGH_CONTRAST if contrast == HIGH_CONTRAST else "",
        "sourceLine": source_line(ordered, dataset),
        "attribution": geo.ATTRIBUTION,
        "mali": [round(west, 4), round(south, 4), round(east, 4), round(north, 4)],
        "boundsMargin": BOUNDS_MARGIN,
        "maxZoom": MAX_ZOOM,
        "cercleLabelZoom": CERCLE_LABEL_ZOOM,
        "regions": _geojson(regions, ["name"]),
        "cercles": _geojson(admin_units(2), ["name", "admin1"]),
        **_landmarks(),
        "types": types,
        "colours": [event_colour(t) for t in types],
        "months": _months(ordered),
        "incidents": columns,
        "cards": cards,
        "views": view_data,
        "strings": _strings(),
    }


def present_html(config: Mapping[str, object]) -> str:
    """The presentation view's document: Leaflet and our script from the app, the data inline."""
    return render_html(
        "present.html",
        language=config["language"],
        leaflet_css=local_url("leaflet/leaflet.css"),
        leaflet_js=local_url("leaflet/leaflet.js"),
        present_css=f"{PRESENT_URL}/present.css",
        present_js=f"{PRESENT_URL}/present.js",
        contrast=config["contrast"],
        labels={
            "previous": _("Previous"),
            "next": _("Next"),
            "play": _("Play"),
            "speed": _("Speed"),
            "cumulative": _("Cumulative"),
            "contrast": _("High contrast"),
            "legend": _("Legend"),
            "approx": _("dashed: place known only to a commune, cercle or region"),
            "back": _("Back to the dashboard (Esc)"),
            "shortcuts": _("→ / ← step · Space play · Home / End · Esc dashboard"),
            "month": _("Month"),
        },
        config=Markup(js_json(config)),
    )
