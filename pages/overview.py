"""Overview: headline figures for the current filters, a compact map, what the data is."""

import streamlit as st

from ui import blocks, data, map_widget, state

view = state.current_view()
blocks.page_header("Human-rights incidents in Mali", view)
blocks.headline(view)

left, right = st.columns([3, 2], gap="large")
with left:
    map_widget.incident_map(
        view, measure="incidents", level="admin1", height=430, compact=True, key="overview_map"
    )
with right:
    st.subheader("What this is")
    st.markdown(
        "Incidents of violence against civilians, attacks, abductions, shootings of "
        "protesters, detentions and trials in Mali, each recorded **as its source reports "
        "it**: the exact sentence, the source document, the date and place with their "
        "precision. Figures are those the source states (*at least*), never rounded up; "
        "disagreeing figures from other sources are kept beside them."
    )
    st.markdown(
        "Places are matched to an offline gazetteer and to official boundaries; an incident "
        "with no place (e.g. attacks on MINUSMA) is counted but not drawn."
    )
    st.subheader("Sources")
    sources = view.dataset.incidents.groupby("source").size().rename("incidents")
    st.dataframe(sources.reset_index(), hide_index=True)
    st.subheader("Geodata")
    st.caption(blocks.md(data.ATTRIBUTION_LONG))
blocks.invalid_rows(view.dataset)
