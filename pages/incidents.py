"""Incidents: the filtered rows with every field, one incident in full, downloads and how to
cite and link the view."""

from datetime import date

import streamlit as st

from i18n import _
from incidents.datapackage import view_citation
from incidents.links import view_url
from ui import blocks, exports, state

view = state.current_view()
name = view.dataset.name
blocks.page_header(_("Incidents"), view)
table = blocks.incidents_table(view.filtered)
blocks.show_links_table(table, height=min(380, 35 * (len(table) + 1) + 3))


for column, download in zip(st.columns(3), exports.row_downloads(view), strict=True):
    column.download_button(
        download.label, download.write, download.file_name, download.mime, help=download.help
    )

st.subheader(_("Cite and share this view"))
st.markdown(f"**{blocks.md(_('Link to this view'))}**")
st.code(view_url(None, view.filter, name), language=None, wrap_lines=True)
st.markdown(f"**{blocks.md(_('Suggested citation'))}**")
citation = view_citation(view.dataset.incidents, view.filter, name, accessed=date.today())
st.code(citation, language=None, wrap_lines=True)
sources = exports.source_downloads(view, date.today())
for column, download in zip(st.columns(2), sources, strict=False):
    column.download_button(
        download.label, download.write, download.file_name, download.mime, help=download.help
    )

st.subheader(_("One incident in full"))
if table.empty:
    st.info(_("No incident matches the filters."))
else:
    titles = dict(zip(table["id"], table["title"], strict=True))
    chosen = state.page_setting(
        "id", _("Incident"), {i: f"{i} — {t}" for i, t in titles.items()},
        str(table["id"].iloc[0]), selectbox=True,
    )  # fmt: skip
    row = view.filtered[(view.filtered["id"] == chosen).to_numpy(dtype=bool)].iloc[0]
    blocks.incident_detail(row, view.dataset)
blocks.invalid_rows(view.dataset)
