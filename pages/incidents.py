"""Incidents: the filtered rows with every field, one incident in full, and downloads."""

from functools import partial

import streamlit as st

from incidents.export import to_csv, to_geojson
from ui import blocks, state

view = state.current_view()
blocks.page_header("Incidents", view)

table = blocks.incidents_table(view.filtered)
st.dataframe(table, hide_index=True, height=min(380, 35 * (len(table) + 1) + 3))

DOWNLOADS = (
    ("CSV", to_csv, "csv", "text/csv", "safe to open in a spreadsheet"),
    (
        "GeoJSON",
        to_geojson,
        "geojson",
        "application/geo+json",
        "incidents with no place have a null geometry",
    ),
)
# The files are written only when a button is clicked (callables), from this run's rows.
for column, (label, writer, suffix, mime, note) in zip(st.columns(2), DOWNLOADS, strict=True):
    column.download_button(
        f"Download {label} ({len(table):,} rows)",
        partial(writer, view.filtered),
        f"mali-incidents.{suffix}",
        mime,
        help=f"Exactly the filtered rows; {note}.",
    )

st.subheader("One incident in full")
if table.empty:
    st.info("No incident matches the filters.")
else:
    titles = dict(zip(table["id"], table["title"], strict=True))
    chosen = state.page_setting(
        "id", "Incident", {i: f"{i} — {t}" for i, t in titles.items()}, str(table["id"].iloc[0]),
        selectbox=True,
    )  # fmt: skip
    blocks.incident_detail(table[table["id"] == chosen].iloc[0])
blocks.invalid_rows(view.dataset)
