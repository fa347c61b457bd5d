"""The briefing PDF: headline figures, the map, the monthly chart and every incident cited.

One document for the current filters, built with fpdf2. The text font is DejaVu Sans as
matplotlib ships it, embedded (subset), so accents, « » and every Latin letter of the data
print on any reader. Data text is written as plain text (no markup is interpreted).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import geopandas as gpd
import matplotlib
import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

import geo
from i18n import _, format_day, format_number, ngettext
from incidents import aggregate
from incidents.model import COUNT_FIELDS
from incidents.model import label as vocabulary_label
from incidents.sources import Source, cite_source_id, load_sources, source_line
from viz.markers import place_precision_words
from viz.static_charts import monthly_chart_png
from viz.static_map import map_png
from viz.style import MEASURES, format_figure, format_period, precision_words

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
IMAGE_SIZE = (1920, 1080)  # the slides, drawn fine enough for print
MARGIN_MM = 15
# ~15 ms and ~1/3 page per listed incident: 300 keep a download to a few seconds.
MAX_LISTED = 300
QUIET_GREY = 90


class _Document(FPDF):
    """A4 pages with the attribution and the page number in the footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / name)
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(auto=True, margin=MARGIN_MM + 5)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(QUIET_GREY)
        page = _("Page {page}").format(page=format_number(self.page_no()))
        self.cell(0, 4, f"{self.footer_text} · {page}", align="C")
        self.set_text_color(0)


def _paragraph(
    pdf: FPDF,
    text: str,
    *,
    size: float = 10,
    style: str = "",
    grey: bool = False,
    after: float = 1.5,
) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(QUIET_GREY if grey else 0)
    pdf.multi_cell(0, size * 0.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(after)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    _paragraph(pdf, text, size=14, style="B", after=2)


def headline_lines(incidents: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, value) rows of the headline figures: at least the stated sums."""
    totals = aggregate.headline_totals(incidents)
    rows = [(_("Incidents"), format_number(totals.incidents))]
    for figure in COUNT_FIELDS:
        label = MEASURES[figure]
        stated = totals.stated[figure]
        if not stated:
            rows.append((_(label), _("not stated by any source")))
            continue
        value = _("at least {total}").format(total=format_number(getattr(totals, figure)))
        note = ngettext("stated for {n} incident", "stated for {n} incidents", stated).format(
            n=format_number(stated)
        )
        rows.append((_(label), f"{value} ({note})"))
    if totals.first_day is not None and totals.last_day is not None:
        period = _("{first} to {last}").format(
            first=format_day(totals.first_day), last=format_day(totals.last_day)
        )
        rows.append((_("Period"), period))
    return rows


def _figures_text(row: pd.Series) -> str:
    parts = [
        f"{_(label)}: {format_figure(row[column])}"
        for column, label in ((c, MEASURES[c]) for c in COUNT_FIELDS)
        if not pd.isna(row[column])
    ]
    return " · ".join(parts)


def _incident(pdf: FPDF, row: pd.Series, sources: Mapping[str, Source]) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    _paragraph(pdf, str(row["title"]), size=11, style="B", after=0.8)
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = precision_words(row["date_precision"])
    admin = ", ".join(v for v in (row["admin2"], row["admin1"]) if isinstance(v, str) and v)
    place = ", ".join(part for part in (str(row["location"] or ""), admin) if part)
    place_precision = place_precision_words(row["geo_precision"])
    facts = [
        f"{row['id']} · {period} ({precision})",
        _("{place} ({precision})").format(place=place or _("no place"), precision=place_precision),
        " / ".join(
            vocabulary_label(vocabulary, v)
            for vocabulary, v in (
                ("event type", row["event_type"]),
                ("sub-event type", row["sub_event_type"]),
            )
            if v
        ),
    ]
    figures = _figures_text(row)
    if figures:
        note = str(row.get("casualty_note") or "")
        facts.append(f"{figures} ({note})" if note else figures)
    if row.get("alt_figures"):
        facts.append(_("Other sources: {figures}").format(figures=row["alt_figures"]))
    _paragraph(pdf, "\n".join(facts), size=9, after=0.8)
    if row["source_quote"]:
        _paragraph(
            pdf, _("“{quote}”").format(quote=row["source_quote"]), size=9.5, style="I", after=0.8
        )
    _paragraph(
        pdf,
        _("Source: {citation}").format(citation=cite_source_id(row["source"], sources)),
        size=8.5,
        grey=True,
        after=4,
    )


def briefing_pdf(
    incidents: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    title: str,
    dataset: str,
    measure: str = "incidents",
    extent: tuple[float, float, float, float] | None = None,
    regions: gpd.GeoDataFrame | None = None,
    sources: Mapping[str, Source] | None = None,
    today: date | None = None,
    max_listed: int = MAX_LISTED,
) -> bytes:
    """The briefing for ``incidents`` (already filtered; ``title`` says how) as PDF bytes.

    ``units``, ``extent`` and ``regions`` are the map's (``viz.static_map.map_figure``;
    ``view_for_filter`` gives units and extent for a filter); ``sources``
    defaults to the source register; ``today`` is the date printed as the briefing's date.
    The list holds at most ``max_listed`` incidents (the first in date order) and says so.
    """
    sources = load_sources() if sources is None else sources
    source = source_line(incidents, dataset, sources)
    pdf = _Document(geo.ATTRIBUTION)
    pdf.set_title(title)
    pdf.set_creator("python -m incidents map --pdf")
    pdf.add_page()

    _paragraph(pdf, _("Briefing: human-rights incidents in Mali"), size=18, style="B", after=1)
    _paragraph(pdf, title, size=12, after=1)
    written = _("Dataset {dataset}, as of {day}.").format(
        dataset=dataset, day=format_day(today or date.today())
    )
    _paragraph(pdf, f"{written} {source}", size=9, grey=True, after=3)

    _heading(pdf, _("Headline figures"))
    pdf.set_font(FONT, "", 10)
    for label, value in headline_lines(incidents):
        pdf.set_font(FONT, "B", 10)
        pdf.cell(40, 6, label)
        pdf.set_font(FONT, "", 10)
        pdf.cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    width = pdf.epw
    image_height = width * IMAGE_SIZE[1] / IMAGE_SIZE[0]
    options = {"title": title, "size": IMAGE_SIZE, "source": source}
    _heading(pdf, _("Map"))
    png = map_png(incidents, units, measure=measure, extent=extent, regions=regions, **options)
    pdf.image(io.BytesIO(png), w=width, h=image_height, alt_text=_("Map of the incidents"))
    pdf.add_page()
    per_month = _("{measure} per month").format(measure=_(MEASURES[measure]))
    _heading(pdf, per_month)
    chart = monthly_chart_png(incidents, measure, **options)
    pdf.image(io.BytesIO(chart), w=width, h=image_height, alt_text=per_month)

    _heading(pdf, _("The incidents, with their sources"))
    ordered = incidents.sort_values(["date_start", "id"], kind="stable", na_position="last")
    notes = [
        _("In date order. Figures are those the source states (at least); quotes are verbatim.")
    ]
    if len(ordered) > max_listed:
        notes.append(
            ngettext(
                "Only the first {listed} of {total} incident is listed: export the selection "
                "as CSV for every one.",
                "Only the first {listed} of {total} incidents are listed: export the selection "
                "as CSV for every one.",
                len(ordered),
            ).format(listed=format_number(max_listed), total=format_number(len(ordered)))
        )
    _paragraph(pdf, " ".join(notes), size=9, grey=True, after=3)
    if ordered.empty:
        _paragraph(pdf, _("No incident matches the filters"), size=10)
    for _index, row in ordered.head(max_listed).iterrows():
        _incident(pdf, row, sources)

    _heading(pdf, _("Credits"))
    _paragraph(pdf, geo.ATTRIBUTION_LONG, size=8.5, grey=True)
    return bytes(pdf.output())
