"""The incident map as a Streamlit widget, and what a click on it does to the filters."""

from __future__ import annotations

import math

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import admin_units
from i18n import current_language
from incidents.filters import IncidentFilter
from ui import data, sidebar, state
from ui.state import View
from viz import maps
from viz.markers import GRID_DEGREES
from viz.static_map import view_for_filter

MAP_KEY = "incident_map"
MAP_HEIGHT = 480
# Built layers kept for the views being looked at: one per (dataset version, filter, measure,
# level, language, legend); each holds at most ~2 MB of page (``maps.MARKER_THRESHOLD``).
LAYER_CACHE_ENTRIES = 64
_HANDLED_CLICKS = "map_clicks_handled"  # the click count of the last click acted on


def filter_after_click(current: IncidentFilter, clicked: object) -> IncidentFilter | None:
    """The filter after a click on the map, or None when the click is not on a region/cercle.

    ``clicked`` is streamlit-folium's ``last_active_drawing`` (the clicked GeoJSON feature).
    Clicking a region selects it (clicking the only selected region again clears it);
    clicking a cercle selects that cercle and its region.
    """
    if not isinstance(clicked, dict):
        return None
    properties = clicked.get("properties")
    if not isinstance(properties, dict):
        return None
    level, name, region = properties.get("level"), properties.get("name"), properties.get("admin1")
    if level not in maps.LEVELS or not isinstance(name, str) or not name:
        return None
    if level == "admin1":
        if current.regions == (name,) and not current.cercles:
            return current.replace(regions=(), cercles=())
        return current.replace(regions=(name,), cercles=())
    if current.cercles == (name,):
        return current.replace(cercles=())
    regions = (region,) if isinstance(region, str) and region else current.regions
    return current.replace(regions=regions, cercles=(name,))


def extent_of(bounds: object) -> maps.Extent | None:
    """The extent to draw for streamlit-folium's ``bounds`` (the visible map), widened to whole
    grid cells, so that small moves ask for the same extent; None for anything else."""
    try:
        south_west, north_east = bounds["_southWest"], bounds["_northEast"]  # type: ignore[index]
        west, south = float(south_west["lng"]), float(south_west["lat"])
        east, north = float(north_east["lng"]), float(north_east["lat"])
    except (KeyError, TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None
    cell = GRID_DEGREES
    return (
        math.floor(west / cell) * cell,
        math.floor(south / cell) * cell,
        math.ceil(east / cell) * cell,
        math.ceil(north / cell) * cell,
    )


def _on_map_change() -> None:
    """st_folium callback (runs before the script), after a click or a move of the map: a
    click on a region or cercle filters (a move keeps the last click, already handled)."""
    value = st.session_state.get(MAP_KEY) or {}
    clicks = value.get("last_object_clicked_count")
    if _HANDLED_CLICKS in st.session_state and st.session_state[_HANDLED_CLICKS] == clicks:
        return
    st.session_state[_HANDLED_CLICKS] = clicks
    new = filter_after_click(st.session_state[state.STATE_FILTER], value.get("last_active_drawing"))
    if new is not None:
        sidebar.set_filter(new)


def _place_box(view: View, regions: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The chosen regions' or cercles' box, else Mali's."""
    chosen = view_for_filter(view.filter).extent
    return chosen if chosen is not None else tuple(float(v) for v in regions.total_bounds)


@st.cache_resource(show_spinner=False, max_entries=LAYER_CACHE_ENTRIES)
def _layers(
    dataset: str,
    version: str,
    flt: IncidentFilter,
    measure: str,
    level: str,
    language: str,
    legend_open: bool,
    _incidents: gpd.GeoDataFrame,
) -> maps.MapLayers:
    """The view's layers, built once for every session showing it: ``_incidents`` (not
    hashed) are what ``flt`` keeps of that dataset version; the words are in ``language``,
    this run's."""
    del dataset, version, flt, language  # the key: what selects ``_incidents`` and the words
    units = admin_units(1) if level == "admin1" else admin_units(2)
    return maps.build_layers(
        _incidents, units, measure=measure, level=level, legend_open=legend_open
    )


@st.cache_resource(show_spinner=False, max_entries=LAYER_CACHE_ENTRIES)
def _zoomed_in(
    dataset: str,
    version: str,
    flt: IncidentFilter,
    measure: str,
    level: str,
    language: str,
    legend_open: bool,
    extent: maps.Extent,
    _layers: maps.MapLayers,
    _incidents: gpd.GeoDataFrame,
) -> maps.MapLayers | None:
    """``maps.zoomed_in`` on the view's ``_layers`` (the same key, and the extent)."""
    del dataset, version, flt, measure, level, language, legend_open  # the key only
    return maps.zoomed_in(_layers, _incidents, extent)


def view_layers(
    view: View,
    *,
    measure: str,
    level: str,
    legend_open: bool,
    extent: maps.Extent | None = None,
) -> maps.MapLayers:
    """The data layers of ``view``, shared by every session showing the same view; zoomed in
    on ``extent`` when the view draws a grid and the extent holds few enough incidents."""
    key = (
        view.dataset.name,
        view.dataset.version,
        view.filter,
        measure,
        level,
        current_language(),
        legend_open,
    )
    layers = _layers(*key, view.filtered)
    if extent is None or layers.strategy != "grid":
        return layers
    return _zoomed_in(*key, extent, layers, view.filtered) or layers


def incident_map(
    view: View,
    *,
    measure: str,
    level: str,
    height: int = MAP_HEIGHT,
    compact: bool = False,
    key: str = MAP_KEY,
) -> maps.MapLayers:
    """The map: a static base map plus data layers that update without remounting.

    The full map filters on a click, and draws each incident of the visible extent (the
    ``bounds`` it returns after a move) once it holds few enough (``maps.zoomed_in``); a
    compact one (Overview) is static, its legend folded. Either fits itself to the regions or
    cercles the filter names (Mali when it names none).
    """
    regions = admin_units(1)
    base = maps.build_base_map(regions, attribution=data.ATTRIBUTION)
    extent = None if compact else extent_of((st.session_state.get(key) or {}).get("bounds"))
    layers = view_layers(view, measure=measure, level=level, legend_open=not compact, extent=extent)
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=[*layers.groups, maps.fit_layer(_place_box(view, regions))],
        returned_objects=[]
        if compact
        else ["last_active_drawing", "last_object_clicked_count", "bounds"],
        on_change=None if compact else _on_map_change,
    )
    return layers
