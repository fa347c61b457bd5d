"""The incident map as a Streamlit widget, and what a click on it does to the filters."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import admin_units
from incidents.filters import IncidentFilter
from ui import data, sidebar, state
from ui.state import View
from viz import maps
from viz.static_map import view_for_filter

MAP_KEY = "incident_map"
MAP_HEIGHT = 480


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


def _place_box(view: View, regions: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The chosen regions' or cercles' box, else Mali's."""
    chosen = view_for_filter(view.filter).extent
    return chosen if chosen is not None else tuple(float(v) for v in regions.total_bounds)


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
    Either fits itself to the regions or cercles the filter names (Mali when it names none).
    """
    regions = admin_units(1)
    units = regions if level == "admin1" else admin_units(2)
    base = maps.build_base_map(regions, attribution=data.ATTRIBUTION)
    layers = maps.build_layers(
        view.filtered, units, measure=measure, level=level, legend_open=not compact
    )
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=[*layers.groups, maps.fit_layer(_place_box(view, regions))],
        returned_objects=[] if compact else ["last_active_drawing", "last_object_clicked_count"],
        on_change=None if compact else _on_map_click,
    )
    return layers
