"""Blocks the pages share: the header, headline figures, tables and one incident in full.

Data text reaches the page only through widgets that show plain text (tables, metric values)
or through ``md`` (``viz.text.inert_markdown``: no link, image, autolink, HTML or formatting
survives); no ``unsafe_allow_html``.
Tables are shown with their columns named in the reader's language and vocabulary codes as
their labels; the frames themselves (and the exports) keep the field names and codes.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

from i18n import N_, _, format_number, ngettext
from incidents import aggregate
from incidents.coverage import dataset_sources, period_covered_text
from incidents.figures import figures_table, stated_column
from incidents.frame import recorded_measures
from incidents.links import PERMALINK
from incidents.localise import language_name, localised, quote_language, quote_translation
from incidents.model import VOCABULARY_COLUMNS, label
from incidents.sources import cite_incident
from incidents.store import CURATED
from ui import data, state
from ui.state import View, current_view
from viz.assets import STATIC_DIR
from viz.style import MEASURES, PRECISION_WORDS, format_period
from viz.text import inert_markdown

_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # white space but the no-break ones
_NO_BREAK_SPACE = re.compile(r"([\u00a0\u2007\u202f])")

# Column headers as people read them (tables only: files keep the field names).
COLUMN_LABELS: dict[str, str] = {
    "id": N_("ID"),
    "title": N_("Title"),
    "title_fr": N_("Title in French"),
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
    "casualty_note_fr": N_("Casualty note in French"),
    "alt_figures": N_("Other sources' figures"),
    "source": N_("Source"),
    "source_title": N_("Source"),
    "source_url": N_("Source address"),
    PERMALINK: N_("Link"),
    "verification": N_("Verification"),
    "verification_text": N_("Verification"),
    "figures_text": N_("Figures by source"),
    "killed_stated": N_("Killed"),
    "injured_stated": N_("Injured"),
    "missing_stated": N_("Missing"),
    "detained_stated": N_("Detained"),
    "source_quote": N_("Source quote"),
    "quote_translation": N_("Our translation of the quote"),
    "quote_translation_language": N_("Language of our translation"),
    "notes": N_("Notes"),
    "admin1": N_("Region"),
    "admin2": N_("Cercle"),
    "admin3": N_("Commune"),
    "admin1_pcode": N_("Region P-code"),
    "admin2_pcode": N_("Cercle P-code"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "geo_precision": N_("Place precision"),
    "geocode_status": N_("Geocoding"),
    "geocode_note": N_("Geocoding note"),
    "year": N_("Year"),
    "measure": N_("Measure"),
    "publisher": N_("Publisher"),
    "published": N_("Published"),
    "coverage_start": N_("Reports from"),
    "coverage_end": N_("Reports until"),
    "coverage_scope": N_("Coverage"),
    "figure": N_("Figure"),
    "reported": N_("Reported"),
    "quote": N_("Quote"),
    "incidents": N_("Incidents"),
    "source_event_id": N_("ID in the file"),
    "source_event_type": N_("Event type in the file"),
    "recorded_measures": N_("Counts the source records"),
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
    """Text from data or users, or any text holding some, made inert for Streamlit's Markdown
    (messages, captions, labels): ``viz.text.inert_markdown``, which shows it exactly as
    written, without links, images, autolinks, HTML or formatting.

    Runs of white space (line breaks would start Markdown blocks) become one space; the
    no-break spaces of French numbers and punctuation stay (``inert_markdown`` alone would
    make them breaking spaces).
    """
    flat = _BREAKING_SPACE.sub(" ", str(text)).strip()
    parts = _NO_BREAK_SPACE.split(flat)  # no-break spaces at the odd positions
    return "".join(part if i % 2 else inert_markdown(part) for i, part in enumerate(parts))


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
    """The measures a page can show for this run's dataset, by label (the URL keeps the
    measure's name): the incidents, and the counts its source records (``not recorded`` is
    not zero, so a count it does not code is not offered)."""
    recorded = recorded_measures(current_view().dataset.incidents)
    return {
        measure: _(text)
        for measure, text in MEASURES.items()
        if measure not in aggregate.FIGURES or measure in recorded
    }


def page_header(title: str, view: View) -> None:
    st.html(STATIC_DIR / "print.css")  # a browser print shows the page's content only
    st.header(title)
    st.markdown(f"**{md(view.description)}**")


def period_covered(view: View) -> str:
    """'Period covered: …' from the sources' own periods, never from the first and last
    incident (``incidents.coverage``)."""
    sources = dataset_sources(view.dataset.name, view.dataset.incidents)
    return _("Period covered: {period}").format(period=period_covered_text(sources))


def coverage_note(view: View) -> str:
    """What "covered" means for this dataset."""
    if view.dataset.name == CURATED:
        return _(
            "Covered: months an annual report on the whole country surveys. Other months hold "
            "only single cases: no incident there does not mean none happened."
        )
    return _(
        "An imported dataset has no source records: its whole span, first to last incident, "
        "is taken as covered by the dataset itself."
    )


# The columns of a list of incidents a number counts (headline figures, timeline bars).
COUNTED_COLUMNS: tuple[str, ...] = (
    PERMALINK, "title", "date_start", "event_type", "source_title", "source_quote",
)  # fmt: skip


# The most incidents such a list shows: a page can hold several, each read by a person.
COUNTED_ROWS = 500


def counted_list(
    incidents: pd.DataFrame, measure: str = "incidents", total: int | None = None, **options: object
) -> None:
    """The incidents a number counts, each with its link, its figure as stated and its quote:
    the first ``COUNTED_ROWS`` of them, saying so when there are more. ``total``: how many the
    number counts, when ``incidents`` holds only the first of them."""
    columns = list(COUNTED_COLUMNS)
    if measure in aggregate.FIGURES:
        columns.insert(4, measure)  # as its source states it (incidents_table)
    total = len(incidents) if total is None else total
    if total > COUNTED_ROWS:
        st.caption(
            _("The first {shown} of {total} incidents; the Incidents page lists every one.").format(
                shown=format_number(COUNTED_ROWS), total=format_number(total)
            )
        )
    table = incidents_table(incidents.head(COUNTED_ROWS))
    show_links_table(table[[c for c in columns if c in table]], **options)


def started_per_month(incidents: pd.DataFrame) -> dict[str, int]:
    """How many incidents are behind each month's bar of the timeline ('2020-02': the length
    of ``aggregate.started_in``), the months of ``aggregate.months_with_incidents`` in order."""
    rows = aggregate.unique_incidents(incidents).dropna(subset=["date_start"])
    months = rows["date_start"].dt.to_period("M").dt.to_timestamp()
    counts = months.value_counts().sort_index()
    return {month.strftime("%Y-%m"): int(n) for month, n in counts.items()}


def stated_by(incidents: pd.DataFrame, figure: str) -> tuple[int, pd.DataFrame]:
    """How many incidents a headline total of ``figure`` counts (``aggregate.stating``), and
    the first ``COUNTED_ROWS`` of them: what the headline shows, small enough to keep."""
    counted = aggregate.stating(incidents, figure)
    return len(counted), counted.head(COUNTED_ROWS)


INCIDENTS_PAGE = "pages/incidents.py"


def headline(view: View, list_page: str | None = INCIDENTS_PAGE) -> None:
    """Large numbers for the current filters, with what they mean and which incidents they
    count: a link to ``list_page`` (the Incidents page; None: no link, as outside the app's
    navigation) showing the view, and each figure's incidents in a popover."""
    totals = data.of_view(view, aggregate.headline_totals)
    columns = st.columns(5)
    columns[0].metric(_("Incidents"), format_number(totals.incidents))
    if list_page is not None:
        columns[0].page_link(
            list_page,
            label=ngettext(
                "List this incident", "List these {n} incidents", totals.incidents
            ).format(n=format_number(totals.incidents)),
            query_params=state.view_params(view.filter, view.dataset.name),
            icon=":material/list:",
        )
    recorded = recorded_measures(view.dataset.incidents)
    for column, figure in zip(columns[1:], aggregate.FIGURES, strict=True):
        if figure not in recorded:  # the dataset's source does not code it: not a zero
            column.metric(
                _(MEASURES[figure]),
                _("not recorded"),
                help=_("The source of this dataset does not record this figure."),
            )
            continue
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
        count, first = data.of_view(view, stated_by, figure)
        words = ngettext("{n} incident counted", "{n} incidents counted", count)
        with column.popover(words.format(n=format_number(count)), width="stretch"):
            counted_list(first, figure, count, key=f"counted_{figure}")
    st.markdown(f"**{md(period_covered(view))}**")
    st.caption(coverage_note(view))
    st.caption(
        _(
            "Totals are sums of the numbers the sources state, so they are minimums: an "
            "incident whose source gives no number adds nothing, and each incident counts once."
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


# Joined for the pages (``ui.data``), shown through other columns: the source's file name is
# only a key (its title and address are shown), the figures' table is shown as text.
HIDDEN_COLUMNS: tuple[str, ...] = (
    "geometry", "source", "alt_figures", "figures_by_source", "verification",
    "independent_sources", "title_fr", "casualty_note_fr",
)  # fmt: skip


def figures_text(by_source: object) -> str:
    """'Killed: Amnesty International: at least 32 · AMAP: 32; Injured: …' (every figure)."""
    pairs = by_source if isinstance(by_source, tuple) else ()
    return "; ".join(
        _("{measure}: {figures}").format(measure=_(MEASURES[m]), figures=t) for m, t in pairs
    )


def incidents_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per incident, for display: dates as dates, titles and notes in the reader's
    language, each figure as its source states it ('at least 32'), other sources' figures in
    full, the source by its title and address, and the incident's permalink."""
    table = pd.DataFrame(incidents.drop(columns="geometry", errors="ignore"))
    for column in ("date_start", "date_end"):
        table[column] = table[column].dt.date
    for field in ("title", "casualty_note"):
        if field in table:
            table[field] = localised(table, field)
    for measure in aggregate.FIGURES:
        stated = stated_column(measure)
        if stated in table:
            table[measure] = table.pop(stated)
    if "figures_by_source" in table:
        table["figures_text"] = table["figures_by_source"].map(figures_text)
    if "source_title" not in table and "source" in table:
        table["source_title"] = table["source"]  # a frame not joined by ui.data: as it is
    return table.drop(columns=[c for c in HIDDEN_COLUMNS if c in table])


def _link_columns(table: pd.DataFrame) -> dict[str, object]:
    """Links shown as links: an incident's permalink by its id, a source's address as it is."""
    config: dict[str, object] = {}
    if PERMALINK in table:
        config[column_label(PERMALINK)] = st.column_config.LinkColumn(
            column_label(PERMALINK), display_text=r"id=([^&]+)"
        )
    if "source_url" in table:
        config[column_label("source_url")] = st.column_config.LinkColumn(column_label("source_url"))
    return config


def show_links_table(table: pd.DataFrame, **options: object) -> None:
    """``show_table`` with the permalink and source address columns as links."""
    show_table(table, column_config=_link_columns(table), **options)


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


def _link(text: str, url: str) -> str:
    """A Markdown link with inert text (an address from our records, in angle brackets)."""
    return f"[{md(text)}](<{url}>)" if url and not set(url) & set("<> \n") else md(text)


def incident_detail(row: pd.Series, dataset: data.Dataset) -> None:
    """One incident in full: title, period, figures as stated and every source's figures side
    by side, verification status, the quote as the source writes it (its language, and our
    translation marked as such), the source by its title with a link, the permalink and a
    suggested citation to copy, then every field."""
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = row["date_precision"]
    precision_words = _(PRECISION_WORDS[precision]) if precision in PRECISION_WORDS else precision
    st.markdown(f"#### {md(localised(row, 'title'))}")
    st.markdown(
        f"{md(period)} \\({md(precision_words)}\\) · {md(label('event type', row['event_type']))}"
    )
    stated = [
        _("{measure}: {figure}").format(measure=_(MEASURES[m]), figure=row[stated_column(m)])
        for m in aggregate.FIGURES
        if row.get(stated_column(m))
    ]
    if stated:
        st.markdown(md(" · ".join(stated)))
    note = localised(row, "casualty_note")
    if note:
        st.caption(md(_("Figures: {note}").format(note=note)))
    for measure, text in row.get("figures_by_source") or ():
        line = _("{measure}, by source: {figures}").format(
            measure=_(MEASURES[measure]), figures=text
        )
        st.markdown(md(line))
    if row.get("verification_text"):
        st.markdown(md(_("Verification: {status}").format(status=row["verification_text"])))
    st.markdown(f"> {md(row['source_quote'])}")
    language = quote_language(row)
    if language:
        st.caption(
            md(_("Quote in {language}, as the source writes it.").format(
                language=language_name(language)
            ))
        )  # fmt: skip
    translation = quote_translation(row)
    if translation:
        st.markdown(md(_("Our translation, not the source's words: {translation}").format(
            translation=translation
        )))  # fmt: skip
    title = row.get("source_title") or str(row["source"])
    source = _link(str(title), str(row.get("source_url") or ""))
    st.caption(_("Source: {source}").format(source=source))
    if dataset.figures is not None:
        figures = figures_table(dataset.figures, str(row["id"]))
        figures["measure"] = figures["measure"].map(lambda m: _(MEASURES[m]))
        if len(figures):
            st.markdown(f"**{md(_('Figures by source'))}**")
            st.dataframe(
                for_display(figures[["measure", "source", "figure", "reported", "quote", "notes"]]),
                hide_index=True,
            )
    permalink = str(row.get(PERMALINK) or "")
    if permalink:
        st.markdown(f"**{md(_('Link to this incident'))}**")
        st.code(permalink, language=None, wrap_lines=True)
    st.markdown(f"**{md(_('Suggested citation'))}**")
    citation = cite_incident(row, permalink, date.today(), dataset.version)
    st.code(citation, language=None, wrap_lines=True)
    shown = for_display(incidents_table(row.to_frame().T.infer_objects())).iloc[0]
    fields = pd.DataFrame(
        {
            _("Field"): list(shown.index),
            _("Value"): ["" if _missing(v) else str(v) for v in shown.to_list()],
        }
    )
    st.dataframe(fields, hide_index=True, height=35 * (len(fields) + 1) + 3)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | tuple) and bool(pd.isna(value)))
