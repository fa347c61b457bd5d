"""The incident map as a Streamlit widget, and what a click on it does to the filters."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import admin_units
from i18n import current_language
from incidents.filters import IncidentFilter
from ui import data, sidebar, state
from ui.state import View
from viz import maps

MAP_KEY = "incident_map"
MAP_HEIGHT = 480
# Built layers kept for the views being looked at: one per (dataset version, filter, measure,
# level, language, legend); each holds at most ~2 MB of page (``maps.MARKER_THRESHOLD``).
LAYER_CACHE_ENTRIES = 64


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


def _on_map_click() -> None:
    """st_folium callback (runs before the script): a click on a region or cercle filters."""
    value = st.session_state.get(MAP_KEY) or {}
    new = filter_after_click(st.session_state[state.STATE_FILTER], value.get("last_active_drawing"))
    if new is not None:
        sidebar.set_filter(new)


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


def view_layers(view: View, *, measure: str, level: str, legend_open: bool) -> maps.MapLayers:
    """The data layers of ``view``, shared by every session showing the same view."""
    return _layers(
        view.dataset.name,
        view.dataset.version,
        view.filter,
        measure,
        level,
        current_language(),
        legend_open,
        view.filtered,
    )


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

    The full map filters on a click; a compact one (Overview) is static, its legend folded.
    """
    base = maps.build_base_map(admin_units(1), attribution=data.ATTRIBUTION)
    layers = view_layers(view, measure=measure, level=level, legend_open=not compact)
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers.groups,
        returned_objects=[] if compact else ["last_active_drawing", "last_object_clicked_count"],
        on_change=None if compact else _on_map_click,
    )
    return layers
