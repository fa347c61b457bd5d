"""Map: a choropleth of the chosen measure with incident markers; unplaced incidents beside it."""

import streamlit as st

from ui import blocks, map_widget, state
from viz.maps import LEVEL_SINGULAR
from viz.style import MEASURES

view = state.current_view()
blocks.page_header("Map", view)

map_column, side = st.columns([3, 1], gap="medium")
with side:  # settings first, so the map itself starts high on a 720-pixel screen
    measure = state.page_setting("measure", "Shade areas by", MEASURES, "incidents")
    areas = state.page_setting(
        "level", "Areas", {"region": "Regions", "cercle": "Cercles"}, "region"
    )
level = "admin1" if areas == "region" else "admin2"
unit = LEVEL_SINGULAR[level]

with map_column:
    layers = map_widget.incident_map(view, measure=measure, level=level)
    st.caption(
        f"{layers.drawn:,} incidents drawn. Click a {unit} to filter to it (click it again to "
        "clear). Marker size: killed + injured as stated; dashed markers are located only to a "
        "commune, cercle or region; a dark numbered circle holds incidents at one spot."
    )
with side:
    st.subheader("Not on the map")
    st.caption(
        f"{len(layers.placeless):,} incidents have no place (the source names none, or it "
        f"could not be located); {layers.unplaced_at_level:,} have no {unit} and are not in "
        "the shading."
    )
    if len(layers.placeless):
        st.dataframe(blocks.placeless_table(layers.placeless), hide_index=True, height=220)
blocks.invalid_rows(view.dataset)
