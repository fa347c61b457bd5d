"""Blocks the pages share: the header, headline figures, tables and one incident in full.

Data text reaches the page only through widgets that show plain text (tables, metrics) or
through ``md`` (Markdown with every punctuation character escaped); no ``unsafe_allow_html``.
Tables are shown with their columns named in the reader's language and vocabulary codes as
their labels; the frames themselves (and the exports) keep the field names and codes.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from i18n import N_, _, format_month, format_number, ngettext
from incidents import aggregate
from incidents.model import VOCABULARY_COLUMNS, label
from ui import data
from ui.state import View
from viz.assets import STATIC_DIR
from viz.style import MEASURES, PRECISION_WORDS, format_period

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # white space but the no-break ones

# Column headers as people read them (tables only: files keep the field names).
COLUMN_LABELS: dict[str, str] = {
    "id": N_("ID"),
    "title": N_("Title"),
    "date_start": N_("Start date"),
    "date_end": N_("End date"),
    "date_precision": N_("Date precision"),
    "event_type": N_("Event type"),
    "sub_event_type": N_("Sub-event type"),
    "perpetrator": N_("Perpetrator"),
    "perpetrator_type": N_("Perpetrator type"),
    "victims": N_("Victims"),
    "location": N_("Location"),
    "geo_hint": N_("Place hint"),
    "killed": N_("Killed"),
    "injured": N_("Injured"),
    "missing": N_("Missing"),
    "detained": N_("Detained"),
    "casualty_note": N_("Casualty note"),
    "alt_figures": N_("Other sources' figures"),
    "source": N_("Source"),
    "source_quote": N_("Source quote"),
    "notes": N_("Notes"),
    "admin1": N_("Region"),
    "admin2": N_("Cercle"),
    "admin3": N_("Commune"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "geo_precision": N_("Place precision"),
    "geocode_status": N_("Geocoding"),
    "geocode_note": N_("Geocoding note"),
    "year": N_("Year"),
    "incidents": N_("Incidents"),
    "source_event_id": N_("ID in the file"),
    "source_admin1": N_("Region in the file"),
    "source_admin2": N_("Cercle in the file"),
    "source_admin3": N_("Commune in the file"),
    "killed_low": N_("Killed (low estimate)"),
    "killed_high": N_("Killed (high estimate)"),
    "source_format": N_("File format"),
    "source_row": N_("Row in the file"),
    "row": N_("Row"),
    "column": N_("Column"),
    "value": N_("Value"),
    "message": N_("Problem"),
    "outcome": N_("What became of the row"),
}
# What became of a row with an error (each of incidents.errors.OUTCOMES).
OUTCOME_LABELS: dict[str, str] = {
    "dropped": N_("left out"),
    "kept": N_("imported as it is"),
    "defaulted": N_("imported with a default value"),
}
# The headline's figures: sums of stated numbers, so minimums.
HEADLINE_LABELS: dict[str, str] = {
    "killed": N_("Killed, at least"),
    "injured": N_("Injured, at least"),
    "missing": N_("Missing, at least"),
    "detained": N_("Detained, at least"),
}


def md(text: object) -> str:
    """Data text made inert for st.markdown: every ASCII punctuation mark is escaped.

    Runs of white space (line breaks would start Markdown blocks) become one space; the
    no-break spaces of French numbers and punctuation stay.
    """
    return _MD_SPECIAL.sub(r"\\\1", _BREAKING_SPACE.sub(" ", str(text)).strip())


def column_label(column: str) -> str:
    """A column's header in the reader's language (a column we do not know: its name)."""
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as people read it: vocabulary codes as labels, columns with their headers."""
    shown = table.copy()
    for column, vocabulary in VOCABULARY_COLUMNS.items():
        if column in shown:
            shown[column] = shown[column].map(
                lambda code, v=vocabulary: label(v, code), na_action="ignore"
            )
    return shown.rename(columns=column_label)


def show_table(table: pd.DataFrame, **options: object) -> None:
    """A table of data, headers and codes in the reader's language, without the index."""
    st.dataframe(for_display(table), hide_index=True, **options)


def errors_table(errors: pd.DataFrame) -> pd.DataFrame:
    """Row errors (``incidents.errors.error_frame``) as people read them: the offending column
    by its header, what became of the row in words; the error codes are for programs."""
    table = errors.drop(columns=["code"], errors="ignore")
    if "column" in table:
        table["column"] = table["column"].map(lambda c: column_label(c) if c else "")
    if "outcome" in table:
        table["outcome"] = table["outcome"].map(
            lambda o: _(OUTCOME_LABELS[o]) if o in OUTCOME_LABELS else o
        )
    return table.rename(columns=column_label)


def measure_options() -> dict[str, str]:
    """The measures a page can show, by label (the URL keeps the measure's name)."""
    return {measure: _(text) for measure, text in MEASURES.items()}


def page_header(title: str, view: View) -> None:
    st.html(STATIC_DIR / "print.css")  # a browser print shows the page's content only
    st.header(title)
    st.markdown(f"**{md(view.description)}**")


def _period(totals: aggregate.Totals) -> str:
    if totals.first_day is None:
        return "—"
    first, last = totals.first_day, totals.last_day or totals.first_day
    if (first.year, first.month) == (last.year, last.month):
        return format_month(first)
    return _("{start} – {end}").format(start=format_month(first), end=format_month(last))


def headline(view: View) -> None:
    """Large numbers for the current filters, with what they mean."""
    totals = aggregate.headline_totals(view.filtered)
    columns = st.columns(5)
    columns[0].metric(_("Incidents"), format_number(totals.incidents))
    for column, figure in zip(columns[1:], aggregate.FIGURES, strict=True):
        column.metric(
            _(HEADLINE_LABELS[figure]),
            format_number(getattr(totals, figure)),
            help=ngettext(
                "Sum of the figures the sources state; {stated} of {total} incident states "
                "this figure. The others add nothing.",
                "Sum of the figures the sources state; {stated} of {total} incidents state "
                "this figure. The others add nothing.",
                totals.incidents,
            ).format(
                stated=format_number(totals.stated[figure]),
                total=format_number(totals.incidents),
            ),
        )
    period = _("Period covered: {period}").format(period=_period(totals))
    st.markdown(f"**{md(period)}**")
    st.caption(
        _(
            "Totals are sums of the numbers the sources state, so they are minimums: an "
            "incident whose source gives no figure adds nothing, and each incident counts once."
        )
    )


def invalid_rows(dataset: data.Dataset) -> None:
    """'N invalid rows not displayed', with the error table one click away."""
    count = dataset.errors["row"].nunique() if len(dataset.errors) else 0
    if not count:
        return
    st.warning(
        ngettext(
            "{count} invalid row of the file not displayed.",
            "{count} invalid rows of the file not displayed.",
            count,
        ).format(count=format_number(count))
    )
    with st.expander(_("Show the invalid rows and why")):
        st.dataframe(errors_table(dataset.errors), hide_index=True)


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
    precision = row["date_precision"]
    precision_words = _(PRECISION_WORDS[precision]) if precision in PRECISION_WORDS else precision
    st.markdown(f"#### {md(row['title'])}")
    st.markdown(
        f"{md(period)} \\({md(precision_words)}\\) · {md(label('event type', row['event_type']))}"
    )
    st.markdown(f"> {md(row['source_quote'])}")
    st.caption(md(_("Source: {source}").format(source=row["source"])))
    shown = for_display(row.to_frame().T).iloc[0]
    fields = pd.DataFrame(
        {
            _("Field"): list(shown.index),
            _("Value"): ["" if pd.isna(v) else str(v) for v in shown.to_list()],
        }
    )
    st.dataframe(fields, hide_index=True, height=35 * (len(fields) + 1) + 3)
