"""Cite, trace, trust: on the real curated dataset, every page names sources by their titles,
shows figures as stated and side by side, links every number to the incidents it counts, marks
the months no source covers, and offers links, citations and named downloads."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from incidents import aggregate
from incidents.coverage import coverage_months, dataset_sources, period_covered_text
from incidents.filters import IncidentFilter
from incidents.load import load_incidents
from incidents.sources import load_sources
from tests.dashboard.apptest_helpers import open_app
from tests.dashboard.catalogue_check import visible_texts
from ui import blocks, data, exports, state
from viz import charts, markers

FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
PAGES = [None, "pages/map.py", "pages/timeline.py", "pages/incidents.py"]


@pytest.fixture(scope="module")
def curated():
    shown, figures = data.prepare(data.CURATED, load_incidents().incidents)
    return data.Dataset(data.CURATED, shown, load_incidents().errors, figures, "v1")


def view_of(dataset: data.Dataset, flt: IncidentFilter | None = None) -> state.View:
    flt = flt or IncidentFilter()
    return state.View(dataset, flt, flt.apply(dataset.incidents))


def page_texts(at) -> list[str]:
    """What a person reads, copy boxes and links included, Markdown escapes removed."""
    texts = [*visible_texts(at), *(c.value for c in at.code)]
    texts += [link.proto.label for link in at.get("page_link")]
    return [t.replace("\\", "") for t in texts]


def table_ids(at, index: int = 0) -> set[str]:
    """The incident ids of a table, read from its permalinks."""
    links = at.dataframe[index].value["Link"]
    return {re.search(r"id=([^&]+)", link).group(1) for link in links}


# -- sources by their titles, never their file names ------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_source_as_a_file_name(page):
    at = open_app(page)
    texts = page_texts(at)
    assert texts
    assert [t for t in texts if FILE_NAME.search(t)] == []


@pytest.mark.parametrize("incident_id", ["ML-2020-011", "ML-2020-002", "ML-2024-001"])
def test_the_detail_view_shows_no_file_name(incident_id):
    at = open_app("pages/incidents.py", id=incident_id)
    assert [t for t in page_texts(at) if FILE_NAME.search(t)] == []


def test_no_popup_shows_a_source_as_a_file_name(curated):
    placed = curated.incidents[curated.incidents.geometry.notna()]
    rows = markers.marker_rows(placed, sorted(set(placed["event_type"])))
    popups = [row[6] for row in rows]
    assert len(popups) == len(placed) > 10
    assert [p for p in popups if FILE_NAME.search(p)] == []
    record = load_sources()[placed.set_index("id").loc["ML-2020-011", "source"]]
    (popup,) = [p for p in popups if "ML-2020-011</a>" in p]
    assert f'<a href="{record.url}" target="_blank" rel="noopener">' in popup
    assert "Amnesty International" in popup


def test_the_overview_lists_sources_by_title_with_their_address():
    at = open_app()
    sources = at.dataframe[-1].value  # the Sources table, last on the page
    records = load_sources()
    cited = set(load_incidents().incidents["source"])
    assert set(sources["Source"]) == {records[s].title if s in records else s for s in cited}
    assert set(sources["Source address"]) - {""} == {records[s].url for s in cited & set(records)}


# -- figures as stated, side by side, and verification ------------------------------------------


def test_the_popup_keeps_at_least_and_shows_every_source_side_by_side(curated):
    row = curated.incidents.set_index("id", drop=False).loc["ML-2020-011"]
    popup = markers.incident_popup_html(row)
    assert "<tr><td>Killed</td><td>at least 32</td></tr>" in popup
    assert (
        "Killed, by source: Amnesty International: at least 32 · AMAP: 32 · later local "
        "counts: at least 34"
    ) in popup
    assert "Verification: disputed: sources disagree on killed" in popup


def test_the_detail_view_shows_figures_side_by_side_in_full():
    at = open_app("pages/incidents.py", id="ML-2020-011")
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert (
        "Killed, by source: Amnesty International: at least 32 · AMAP: 32 · later local "
        "counts: at least 34"
    ) in texts
    assert "Killed: at least 32" in texts
    assert "Verification: disputed: sources disagree on killed" in texts
    figures = at.dataframe[1].value  # the figures by source, below the quote
    killed = figures[figures["Measure"] == "Killed"]
    assert list(killed["Figure"]) == ["at least 32", "32", "at least 34"]


def test_the_detail_view_says_the_quote_language_and_links_the_source():
    at = open_app("pages/incidents.py", id="ML-2020-011")
    record = load_sources()[load_incidents().incidents.set_index("id").loc["ML-2020-011", "source"]]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Quote in English") for c in captions)
    assert any(f"](<{record.url}>)" in c and "Source:" in c for c in captions)


def test_the_verification_filter_lists_exactly_the_disputed_incidents(curated):
    at = open_app("pages/incidents.py", verification="disputed")
    disputed = set(curated.incidents.loc[curated.incidents["verification"] == "disputed", "id"])
    assert disputed and table_ids(at) == disputed


# -- every number leads to its incidents --------------------------------------------------------


def test_the_headline_link_lists_exactly_the_incidents_counted(curated):
    at = open_app(region="Mopti")
    (link,) = at.get("page_link")
    assert link.proto.page == "incidents"
    query = dict(pair.split("=") for pair in link.proto.query_string.split("&"))
    followed = open_app("pages/incidents.py", **query)
    counted = view_of(curated, IncidentFilter(regions=("Mopti",))).filtered
    assert at.metric[0].value == str(len(counted))
    assert table_ids(followed) == set(counted["id"])


def test_each_headline_figure_lists_exactly_the_incidents_it_sums(curated):
    at = open_app()
    killed = at.dataframe[0].value  # the popover of "Killed, at least"
    stating = curated.incidents[curated.incidents["killed"].notna()]
    assert table_ids(at, 0) == set(stating["id"])
    assert at.metric[1].value == f"{int(stating['killed'].sum()):,}"
    assert list(killed["Killed"]) == list(blocks.incidents_table(stating)["killed"])


def test_a_months_list_holds_exactly_the_incidents_its_bar_counts(curated):
    at = open_app("pages/timeline.py")
    table = aggregate.per_month(curated.incidents)
    per_month = table.groupby("month")["incidents"].sum()
    month = per_month.idxmax()  # the busiest month
    at.selectbox(key="w_page_month").set_value(month.strftime("%Y-%m")).run()
    assert not at.exception
    starts = curated.incidents["date_start"].dt.to_period("M").dt.to_timestamp()
    assert table_ids(at) == set(curated.incidents.loc[starts == month, "id"])
    assert len(table_ids(at)) == per_month[month]


# -- honest coverage ---------------------------------------------------------------------------


def test_period_covered_is_built_from_the_sources():
    at = open_app()
    sources = dataset_sources(data.CURATED, load_incidents().incidents)
    expected = f"**Period covered: {period_covered_text(sources)}**"
    assert expected in [m.value.replace("\\", "") for m in at.markdown]
    assert period_covered_text(sources) == "January 2020 – December 2020"


def test_a_month_no_source_covers_is_drawn_as_not_covered(curated):
    incidents = curated.incidents
    sources = dataset_sources(data.CURATED, incidents)
    first, last = incidents["date_start"].min().date(), incidents["date_start"].max().date()
    coverage = coverage_months(sources, first, last)
    fig = charts.per_month_figure(incidents, "incidents", coverage)
    bands = [(pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in fig.layout.shapes]
    june_2022 = pd.Timestamp("2022-06-01")
    march_2020 = pd.Timestamp("2020-03-01")
    assert any(start <= june_2022 < end for start, end in bands)
    assert not any(start <= march_2020 < end for start, end in bands)
    assert charts.NOT_COVERED.split(":")[0] in {t.name.split(":")[0] for t in fig.data}
    bars = [t for t in fig.data if t.name and not t.name.startswith("Not covered")]
    assert not any(pd.Timestamp(x) == june_2022 for t in bars for x in t.x)  # never a zero bar


# -- links, citations and downloads -------------------------------------------------------------


def test_the_incidents_page_offers_the_views_link_its_citation_and_the_permalink():
    at = open_app("pages/incidents.py", region="Mopti", year="2020", id="ML-2020-002")
    codes = [c.value for c in at.code]
    assert "http://localhost:8501/incidents?region=Mopti&year=2020" in codes
    (view_citation,) = [c for c in codes if c.startswith("Mali incident map project") and
                        "incidents (region Mopti; 2020)" in c]  # fmt: skip
    assert "Retrieved " in view_citation and "?region=Mopti&year=2020" in view_citation
    assert "http://localhost:8501/incidents?id=ML-2020-002" in codes
    (incident_citation,) = [c for c in codes if "ML-2020-002:" in c]
    assert "Source: Amnesty International" in incident_citation


def test_downloads_are_named_by_what_they_hold_and_hold_the_view(curated):
    view = view_of(curated, IncidentFilter(regions=("Mopti",), years=(2020,)))
    downloads = exports.row_downloads(view)
    assert [d.file_name for d in downloads] == [
        "mali-incidents_mopti_2020.csv",
        "mali-incidents_mopti_2020.geojson",
        "mali-incidents_mopti_2020.zip",
    ]
    csv_rows = pd.read_csv(io.StringIO(downloads[0].write()))
    assert list(csv_rows["id"]) == list(view.filtered["id"])
    assert csv_rows["url"].str.contains("/incidents?id=", regex=False).all()
    with zipfile.ZipFile(io.BytesIO(downloads[2].write())) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        packaged = pd.read_csv(io.BytesIO(archive.read("incidents.csv")))
    assert list(packaged["id"]) == list(view.filtered["id"])
    assert descriptor["filter"]["query"] == {"region": ["Mopti"], "year": ["2020"]}


def test_the_sources_of_a_view_download_as_bibtex_and_csl_json(curated):
    view = view_of(curated, IncidentFilter(regions=("Mopti",), years=(2020,)))
    bib, csl = exports.source_downloads(view, date(2026, 1, 2))
    records = exports.view_sources(view)
    assert records and bib.file_name == "mali-incidents_mopti_2020.bib"
    assert bib.write().count("@misc{") == len(records)
    items = json.loads(csl.write())
    assert [i["id"] for i in items] == [r.id for r in records]
    assert items[0]["accessed"] == {"date-parts": [[2026, 1, 2]]}


def test_the_marker_tooltip_and_popup_keep_at_least_too(curated):
    placed = curated.incidents[curated.incidents.geometry.notna()]
    rows = markers.marker_rows(placed, sorted(set(placed["event_type"])))
    (popup,) = [row[6] for row in rows if "ML-2020-011</a>" in row[6]]
    assert "at least 32" in popup
