"""Blocks the pages share: the header, headline figures, tables and one incident in full.

Data text reaches the page only through widgets that show plain text (tables, metrics) or
through ``md`` (Markdown with every punctuation character escaped); no ``unsafe_allow_html``.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from incidents import aggregate
from ui import data
from ui.state import View
from viz.style import MEASURES, PRECISION_WORDS, format_period

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """Data text made inert for st.markdown: every ASCII punctuation mark is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def page_header(title: str, view: View) -> None:
    st.header(title)
    st.markdown(f"**{md(view.description)}**")


def _period(totals: aggregate.Totals) -> str:
    if totals.first_day is None:
        return "—"
    first, last = totals.first_day, totals.last_day or totals.first_day
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    return f"{first:%B %Y} – {last:%B %Y}"


def headline(view: View) -> None:
    """Large numbers for the current filters, with what they mean."""
    totals = aggregate.headline_totals(view.filtered)
    columns = st.columns(5)
    columns[0].metric("Incidents", f"{totals.incidents:,}")
    for column, figure in zip(columns[1:], aggregate.FIGURES, strict=True):
        stated = totals.stated[figure]
        column.metric(
            f"{MEASURES[figure]}, at least",
            f"{getattr(totals, figure):,}",
            help=f"Sum of the figures the sources state; {stated} of {totals.incidents} "
            f"incidents state a number {figure}. The others add nothing.",
        )
    st.markdown(f"**Period covered: {md(_period(totals))}**")
    st.caption(
        "Totals are sums of the numbers the sources state, so they are minimums: an incident "
        "whose source gives no figure adds nothing, and each incident counts once."
    )


def invalid_rows(dataset: data.Dataset) -> None:
    """'N invalid rows not displayed', with the error table one click away."""
    count = dataset.errors["row"].nunique() if len(dataset.errors) else 0
    if not count:
        return
    st.warning(f"{count} invalid row{'s' if count != 1 else ''} of the file not displayed.")
    with st.expander("Show the invalid rows and why"):
        st.dataframe(dataset.errors, hide_index=True)


def incidents_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """Every field, one row per incident, for display (no geometry; dates as dates)."""
    table = pd.DataFrame(incidents.drop(columns="geometry"))
    for column in ("date_start", "date_end"):
        table[column] = table[column].dt.date
    return table


def placeless_table(incidents: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "id",
        "title",
        "date_start",
        "event_type",
        "killed",
        "injured",
        "detained",
        "geo_precision",
        "geocode_status",
    ]
    return incidents_table(incidents)[columns]


def incident_detail(row: pd.Series) -> None:
    """One incident in full: title, period with its precision, the source quote, every field."""
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = PRECISION_WORDS.get(row["date_precision"], row["date_precision"])
    st.markdown(f"#### {md(row['title'])}")
    st.markdown(f"{md(period)} \\({md(precision)}\\) · {md(row['event_type'])}")
    st.markdown(f"> {md(row['source_quote'])}")
    st.caption(f"Source: {md(row['source'])}")
    fields = pd.DataFrame(
        {"field": list(row.index), "value": ["" if pd.isna(v) else str(v) for v in row.to_list()]}
    )
    st.dataframe(fields, hide_index=True, height=35 * (len(fields) + 1) + 3)
