"""Incidents: the filtered rows with every field, one incident in full, and downloads."""

from functools import partial

import streamlit as st

from incidents.export import to_csv, to_geojson
from ui import shared

view = shared.current_view()
shared.page_header("Incidents", view)

table = shared.incidents_table(view.filtered)
st.dataframe(table, hide_index=True, height=min(380, 35 * (len(table) + 1) + 3))

csv_column, geojson_column = st.columns(2)
# The files are written only when a button is clicked (callables), from this run's rows.
csv_column.download_button(
    f"Download CSV ({len(table):,} rows)",
    partial(to_csv, view.filtered),
    "mali-incidents.csv",
    "text/csv",
    help="Exactly the filtered rows; safe to open in a spreadsheet.",
)
geojson_column.download_button(
    f"Download GeoJSON ({len(table):,} rows)",
    partial(to_geojson, view.filtered),
    "mali-incidents.geojson",
    "application/geo+json",
    help="Exactly the filtered rows; incidents with no place have a null geometry.",
)

st.subheader("One incident in full")
if table.empty:
    st.info("No incident matches the filters.")
else:
    titles = dict(zip(table["id"], table["title"], strict=True))
    chosen = shared.page_setting(
        "id", "Incident", {i: f"{i} — {t}" for i, t in titles.items()}, str(table["id"].iloc[0]),
        selectbox=True,
    )  # fmt: skip
    shared.incident_detail(table[table["id"] == chosen].iloc[0])
shared.invalid_rows(view.dataset)
