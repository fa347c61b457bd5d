"""Map: a choropleth of the chosen measure with incident markers; unplaced incidents beside it."""

import streamlit as st

from i18n import _, format_number, ngettext
from ui import blocks, downloads, map_widget, state

view = state.current_view()
blocks.page_header(_("Map"), view)

map_column, side = st.columns([3, 1], gap="medium")
with side:  # settings first, so the map itself starts high on a 720-pixel screen
    measure = state.page_setting(
        "measure", _("Shade areas by"), blocks.measure_options(), "incidents"
    )
    areas = state.page_setting(
        "level", _("Areas"), {"region": _("Regions"), "cercle": _("Cercles")}, "region"
    )
    downloads.view_downloads(view, measure)
level = "admin1" if areas == "region" else "admin2"

with map_column:
    layers = map_widget.incident_map(view, measure=measure, level=level)
    drawn = ngettext("{n} incident drawn.", "{n} incidents drawn.", layers.drawn)
    click = (
        _("Click a region to filter to it (click it again to clear).")
        if level == "admin1"
        else _("Click a cercle to filter to it (click it again to clear).")
    )
    markers = _(
        "Marker size: killed + injured as stated; dashed markers are located only to a "
        "commune, cercle or region; a dark numbered circle holds incidents at one spot."
    )
    # Whole sentences, each one message, side by side.
    st.caption(f"{drawn.format(n=format_number(layers.drawn))} {click} {markers}")
with side:
    st.subheader(_("Not on the map"))
    placeless = ngettext(
        "{n} incident has no place (the source names none, or it could not be located).",
        "{n} incidents have no place (the source names none, or they could not be located).",
        len(layers.placeless),
    ).format(n=format_number(len(layers.placeless)))
    unplaced = (
        ngettext(
            "{n} has no region and is not in the shading.",
            "{n} have no region and are not in the shading.",
            layers.unplaced_at_level,
        )
        if level == "admin1"
        else ngettext(
            "{n} has no cercle and is not in the shading.",
            "{n} have no cercle and are not in the shading.",
            layers.unplaced_at_level,
        )
    ).format(n=format_number(layers.unplaced_at_level))
    st.caption(f"{placeless} {unplaced}")  # two whole sentences
    if len(layers.placeless):
        blocks.show_table(blocks.placeless_table(layers.placeless), height=220)
blocks.invalid_rows(view.dataset)
