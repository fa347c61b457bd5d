"""Map: a choropleth of the chosen measure with incident markers; unplaced incidents beside it."""

import streamlit as st

from ui import shared
from viz.maps import LEVELS
from viz.style import MEASURES

view = shared.current_view()
shared.page_header("Map", view)
settings = st.columns([3, 1])
with settings[0]:
    measure = shared.page_setting("measure", "Measure", MEASURES, "incidents")
with settings[1]:
    level = shared.page_setting("level", "Areas", {"region": "Regions", "cercle": "Cercles"},
                                "region")  # fmt: skip
level = "admin1" if level == "region" else "admin2"

map_column, side = st.columns([3, 1], gap="medium")
with map_column:
    layers = shared.incident_map(view, measure=measure, level=level)
    st.caption(
        f"{layers.drawn:,} incidents drawn. Click a {LEVELS[level][:-1].lower()} to filter to "
        "it (click it again to clear). Marker size: killed + injured as stated; dashed markers "
        "are located only to a commune, cercle or region."
    )
with side:
    st.subheader("Not on the map")
    st.caption(
        f"{len(layers.placeless):,} incidents have no place (the source names none, or it "
        f"could not be located); {layers.unplaced_at_level:,} have no "
        f"{LEVELS[level][:-1].lower()} and are not in the shading."
    )
    if len(layers.placeless):
        st.dataframe(shared.placeless_table(layers.placeless), hide_index=True)
shared.invalid_rows(view.dataset)
