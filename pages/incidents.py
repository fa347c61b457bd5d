"""Incidents: the filtered rows with every field, one incident in full, and downloads."""

from functools import partial

import streamlit as st

from i18n import _, format_number, ngettext
from incidents.export import to_csv, to_geojson
from ui import blocks, state

view = state.current_view()
blocks.page_header(_("Incidents"), view)

table = blocks.incidents_table(view.filtered)
blocks.show_table(table, height=min(380, 35 * (len(table) + 1) + 3))

rows = format_number(len(table))
DOWNLOADS = (
    (
        ngettext("Download CSV ({n} row)", "Download CSV ({n} rows)", len(table)).format(n=rows),
        to_csv,
        "csv",
        "text/csv",
        _("Exactly the filtered rows; safe to open in a spreadsheet."),
    ),
    (
        ngettext("Download GeoJSON ({n} row)", "Download GeoJSON ({n} rows)", len(table)).format(
            n=rows
        ),
        to_geojson,
        "geojson",
        "application/geo+json",
        _("Exactly the filtered rows; incidents with no place have a null geometry."),
    ),
)
# The files are written only when a button is clicked (callables), from this run's rows.
for column, (label, writer, suffix, mime, note) in zip(st.columns(2), DOWNLOADS, strict=True):
    column.download_button(
        label, partial(writer, view.filtered), f"mali-incidents.{suffix}", mime, help=note
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
    blocks.incident_detail(table[table["id"] == chosen].iloc[0])
blocks.invalid_rows(view.dataset)
