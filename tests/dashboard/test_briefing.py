"""The briefing PDF opens with a PDF library and holds the figures, quotes and citations."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from pypdf import PdfReader

from incidents.cli import main
from incidents.filters import IncidentFilter
from incidents.load import load_incidents
from incidents.sources import cite_source_id, load_sources, source_line
from viz.briefing import briefing_pdf, headline_lines
from viz.static_map import view_for_filter


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def flat(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def curated():
    return load_incidents().incidents


def test_curated_briefing_holds_every_quote_and_full_citation(curated):
    selection = IncidentFilter(regions=("Mopti",), years=(2020,))
    shown = selection.apply(curated)
    assert len(shown) >= 3
    view = view_for_filter(selection)
    data = briefing_pdf(
        shown,
        view.units,
        title=selection.describe(len(shown), len(curated)),
        dataset="curated",
        extent=view.extent,
        today=date(2026, 12, 4),
    )
    reader, text = pdf_text(data)
    assert len(reader.pages) >= 3
    assert reader.metadata.title.startswith("Showing")
    assert len(reader.pages[0].images) == 1  # the map
    assert "region Mopti; 2020" in text
    for quote in shown["source_quote"]:
        assert flat(quote) in text
    for incident_id in shown["id"]:
        assert incident_id in text
    register = load_sources()
    for source in set(shown["source"]):
        record = register[source]
        assert flat(record.title) in text and record.url in text
    assert "Binédama" in text  # accents of the data, in the embedded font
    assert "geoBoundaries" in text and "GeoNames" in text


def test_headline_figures_are_the_stated_sums(incidents):
    lines = dict(headline_lines(incidents))
    # killed: 35 + 10 + 14 + 8 + 3 + 0, stated by six incidents
    assert lines["Killed"] == "at least 70 (stated for 6 incidents)"
    assert lines["Incidents"] == "11"
    assert lines["Detained"] == "at least 1 (stated for 1 incident)"
    assert dict(headline_lines(incidents.iloc[:1]))["Detained"] == "not stated by any source"
    assert lines["Period"] == "1 January 2020 to 12 March 2025"


def test_synthetic_briefing_keeps_guillemets_accents_and_markup_as_text(incidents, regions):
    quoted = incidents.copy()
    quoted.loc[0, "source_quote"] = "Ils ont dit « plus jamais ça » à Ségou, **pas** <b>ici</b>."
    data = briefing_pdf(
        quoted,
        regions,
        title="Test briefing",
        dataset="synthetic",
        regions=regions,
        today=date(2026, 12, 4),
    )
    _reader, text = pdf_text(data)
    assert "« plus jamais ça » à Ségou, **pas** <b>ici</b>." in text
    assert "at least 70" in text
    assert "Source: 002_report.txt" in text  # not in the register: the source text itself
    assert "Dataset synthetic, as of 4 December 2026." in text


def test_a_long_list_is_cut_and_says_so(incidents, regions):
    data = briefing_pdf(
        incidents, regions, title="T", dataset="synthetic", regions=regions, max_listed=3
    )
    _reader, text = pdf_text(data)
    assert "Only the first 3 of 11 incidents are listed" in text
    ordered = incidents.sort_values(["date_start", "id"])
    for quote in ordered["source_quote"].head(3):
        assert flat(quote) in text
    for quote in ordered["source_quote"].iloc[3:]:
        assert flat(quote) not in text


def test_empty_selection_gives_a_short_valid_briefing(incidents, regions):
    empty = incidents.iloc[0:0]
    data = briefing_pdf(empty, regions, title="Nothing", dataset="synthetic", regions=regions)
    _reader, text = pdf_text(data)
    assert "No incident matches the filters" in text


def test_citation_from_the_register_or_the_source_text():
    full = cite_source_id("002_5722450adf37214a.txt")
    assert "Amnesty International Report 2020/21" in full
    assert "(7 April 2021)" in full and "https://issuu.com/" in full
    assert cite_source_id("MINUSMA; AFP") == "MINUSMA; AFP"


def test_source_line_names_publishers_most_cited_first(curated):
    line = source_line(curated, "curated")
    assert line.startswith("Sources: Amnesty International, ")
    assert "(dataset curated)" in line
    imported = pd.DataFrame({"source": ["MINUSMA", "AFP"], "source_format": ["acled", "acled"]})
    assert source_line(imported, "acled-2020").startswith("Sources: ACLED (dataset")


def test_cli_writes_the_briefing(tmp_path, curated):
    out = tmp_path / "briefing.pdf"
    assert main(["map", "--pdf", str(out), "--year", "2024"]) == 0
    _reader, text = pdf_text(out.read_bytes())
    for quote in IncidentFilter(years=(2024,)).apply(curated)["source_quote"]:
        assert flat(quote) in text
