"""Overview: headline figures for the current filters, a compact map, what the data is."""

import streamlit as st

from i18n import _
from incidents.sources import COVERAGE_SCOPE_WORDS, sources_table
from ui import blocks, data, map_widget, state

view = state.current_view()
blocks.page_header(_("Human-rights incidents in Mali"), view)
blocks.headline(view)

left, right = st.columns([3, 2], gap="large")
with left:
    map_widget.incident_map(
        view, measure="incidents", level="admin1", height=430, compact=True, key="overview_map"
    )
with right:
    st.subheader(_("What this is"))
    st.markdown(
        _(
            "Incidents of violence against civilians, attacks, abductions, shootings of "
            "protesters, detentions and trials in Mali, each recorded **as its source reports "
            "it**: the exact sentence, the source document, the date and place with their "
            "precision. Figures are those the source states (*at least*), never rounded up; "
            "disagreeing figures from other sources are kept beside them."
        )
    )
    st.markdown(
        _(
            "Places are matched to an offline gazetteer and to official boundaries; an "
            "incident with no place (e.g. attacks on MINUSMA) is counted but not drawn."
        )
    )
    st.subheader(_("Sources"))
    sources = sources_table(view.dataset.incidents)
    sources["coverage_scope"] = sources["coverage_scope"].map(
        lambda scope: _(COVERAGE_SCOPE_WORDS[scope]) if scope in COVERAGE_SCOPE_WORDS else scope
    )
    blocks.show_links_table(sources)
    st.subheader(_("Geodata"))
    st.caption(blocks.md(_(data.ATTRIBUTION_LONG)))
blocks.invalid_rows(view.dataset)
