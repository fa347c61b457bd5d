"""Views shared by every session and pages that stay light: the incidents a filter keeps are
found once for all sessions, option lists read a small sample, the Incidents table pages
through the result and its picker searches, and no page changes the shared dataset."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import i18n
from incidents import aggregate, store
from incidents.engine import EVERYTHING, Engine
from incidents.filters import FILTERS, IncidentFilter
from tests.dashboard.apptest_helpers import count_line, open_app
from ui import blocks, data

INCIDENTS_PAGE = "pages/incidents.py"
PAGES = ["pages/overview.py", "pages/map.py", "pages/timeline.py", INCIDENTS_PAGE]


@pytest.fixture
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def many(tmp_path, monkeypatch, many_incidents):
    """A saved dataset of 250 incidents (three pages of the Incidents table)."""
    st.cache_resource.clear()
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    frame = many_incidents(250)
    frame["verification"] = "single"
    store.save_dataset("many", frame, data_dir=tmp_path)
    yield frame
    st.cache_resource.clear()


def _calls(monkeypatch) -> list[IncidentFilter]:
    """The filters the query engine is asked for the positions of, from now on."""
    calls: list[IncidentFilter] = []
    positions = Engine.positions

    def counted(self, flt=EVERYTHING, limit=None):
        calls.append(flt)
        return positions(self, flt, limit)

    monkeypatch.setattr(Engine, "positions", counted)
    return calls


@pytest.mark.usefixtures("fresh_caches")
def test_two_sessions_on_the_same_view_share_one_engine_query(monkeypatch):
    calls = _calls(monkeypatch)
    totals: list[int] = []
    headline_totals = aggregate.headline_totals

    def counted_totals(incidents):
        totals.append(len(incidents))
        return headline_totals(incidents)

    monkeypatch.setattr(aggregate, "headline_totals", counted_totals)
    mopti = IncidentFilter(regions=("Mopti",), years=(2020,))
    first = open_app(region="Mopti", year="2020")
    second = open_app(region="Mopti", year="2020")
    assert count_line(first) == count_line(second)
    assert calls.count(mopti) == 1
    assert len(totals) == 1  # the Overview's headline, worked out for both sessions at once
    assert first.metric[0].value == second.metric[0].value == f"{totals[0]:,}"
    second.switch_page("pages/timeline.py").run()  # another page of the same view
    assert not second.exception
    assert calls.count(mopti) == 1
    third = open_app(region="Ségou")  # another view: its own query
    assert not third.exception
    assert calls.count(IncidentFilter(regions=("Ségou",))) == 1


@pytest.mark.usefixtures("fresh_caches")
def test_the_view_holds_exactly_the_rows_the_filter_keeps():
    dataset = data.load(data.CURATED)
    for flt in (
        IncidentFilter(),
        IncidentFilter(regions=("Mopti",)),
        IncidentFilter(verification=("disputed",)),
        IncidentFilter(text="ogossagou", min_killed=1),
        IncidentFilter(text="no-such-words-anywhere"),
    ):
        pd.testing.assert_frame_equal(data.filtered(dataset, flt), flt.apply(dataset.incidents))


@pytest.mark.parametrize(
    "chosen",
    [
        IncidentFilter(),
        IncidentFilter(regions=("Mopti", "Ségou")),
        IncidentFilter(years=(1999, 2020)),
        IncidentFilter(event_types=("Battles",), date_from=pd.Timestamp("2020-03-01").date()),
    ],
    ids=str,
)
@pytest.mark.usefixtures("many")
def test_option_lists_read_the_same_on_the_sample_as_on_the_dataset(chosen):
    for name in (data.CURATED, "many"):
        dataset = data.load(name)
        sample = data.option_sample(dataset)
        assert len(sample) < len(dataset.incidents)
        for spec in FILTERS:
            if spec.options is not None:
                expected = spec.options(dataset.incidents, chosen)
                assert spec.options(sample, chosen) == expected, (name, spec.name)


def _table_ids(at) -> list[str]:
    (table,) = [t for t in at.dataframe if "ID" in t.value.columns]
    return list(table.value["ID"])


def test_the_incidents_table_pages_through_the_result(many):
    at = open_app(INCIDENTS_PAGE, dataset="many")
    assert count_line(at) == "### 250 of 250 incidents"
    assert _table_ids(at) == list(many["id"][:100])
    pager = at.number_input(key="w_incidents_table_page")
    assert pager.value == 1 and pager.max == 3
    pager.set_value(3).run()
    assert not at.exception
    assert _table_ids(at) == list(many["id"][200:])
    assert any(c.value.startswith("Incidents 201 to 250 of 250") for c in at.caption)
    # the downloads hold every filtered row, not the page
    assert all("(250 rows)" in b.proto.label for b in at.get("download_button")[:3])
    at.checkbox(key="w_with_casualties").check().run()  # a new view: its first page
    kept = IncidentFilter(with_casualties=True).apply(many)
    assert 100 < len(kept) < 200
    assert at.number_input(key="w_incidents_table_page").value == 1
    assert _table_ids(at) == list(kept["id"][:100])


def test_one_page_needs_no_page_number():
    at = open_app(INCIDENTS_PAGE)
    assert not [n for n in at.number_input if n.key == "w_incidents_table_page"]


def test_the_incident_picker_searches_instead_of_listing_every_incident(many):
    at = open_app(INCIDENTS_PAGE, dataset="many")
    picker = at.selectbox(key="w_page_id")
    assert picker.value == "BIG-000000"
    assert len(picker.options) == 100  # the table's page
    at.text_input(key="w_incident_search").set_value("BIG-000217").run()  # an ID
    options = at.selectbox(key="w_page_id").options
    assert [o.split(" — ")[0] for o in options] == ["BIG-000000", "BIG-000217"]
    at.selectbox(key="w_page_id").set_value("BIG-000217").run()
    assert any("Event 217" in m.value for m in at.markdown)
    at.text_input(key="w_incident_search").set_value("event 13").run()  # words of the title
    listed = [o.split(" — ")[0] for o in at.selectbox(key="w_page_id").options]
    matching = list(IncidentFilter(text="event 13").apply(many)["id"])
    assert "BIG-000130" in matching and "BIG-000031" not in matching
    assert listed == ["BIG-000217", *matching]  # the incident shown stays listed first
    at.text_input(key="w_incident_search").set_value("event").run()  # every incident matches
    assert len(at.selectbox(key="w_page_id").options) == 51
    assert any(c.value.startswith("The first 50 matches") for c in at.caption)
    at.text_input(key="w_incident_search").set_value("nothing-like-this").run()
    assert not at.exception
    assert any("No incident matches" in c.value for c in at.caption)


@pytest.mark.usefixtures("many")
def test_a_link_to_an_incident_beyond_the_first_page_shows_it():
    at = open_app(INCIDENTS_PAGE, dataset="many", id="BIG-000180")
    assert at.selectbox(key="w_page_id").value == "BIG-000180"
    assert any("Event 180" in m.value for m in at.markdown)


@pytest.mark.usefixtures("fresh_caches")
def test_no_page_changes_the_shared_dataset():
    at = open_app(region="Mopti")
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
    at.multiselect(key="w_regions").set_value([]).run()
    at.text_input(key="w_incident_search").set_value("massacre").run()
    assert not at.exception
    i18n.set_language("en")  # the sessions' language
    shared = data.load(data.CURATED)
    loaded = store.load_dataset(data.CURATED)
    fresh, _figures = data.prepare(data.CURATED, loaded)
    pd.testing.assert_frame_equal(pd.DataFrame(shared.incidents), pd.DataFrame(fresh))


def test_each_months_bar_counts_the_incidents_started_in_it(incidents):
    doubled = pd.concat([incidents, incidents.iloc[:2]])  # a repeated id counts once
    for frame in (incidents, doubled, incidents.iloc[:0]):
        per_month = blocks.started_per_month(frame)
        months = aggregate.months_with_incidents(frame)
        assert list(per_month) == [month.strftime("%Y-%m") for month in months]
        for month in months:
            assert per_month[month.strftime("%Y-%m")] == len(aggregate.started_in(frame, month))


def test_a_headline_figure_keeps_its_count_and_its_first_incidents(many_incidents):
    frame = many_incidents(1200)
    count, first = blocks.stated_by(frame, "killed")
    stating = aggregate.stating(frame, "killed")
    assert count == len(stating) > blocks.COUNTED_ROWS
    pd.testing.assert_frame_equal(first, stating.head(blocks.COUNTED_ROWS))


def _counted_list_script(frame, total):
    from ui import blocks

    blocks.counted_list(frame, "killed", total)


@pytest.mark.parametrize(
    ("count", "total", "shown", "note"),
    [
        (600, None, 500, "The first 500 of 600 incidents; the Incidents page lists every one."),
        (500, 2000, 500, "The first 500 of 2,000 incidents; the Incidents page lists every one."),
        (500, None, 500, None),
        (3, None, 3, None),
    ],
)
def test_a_list_of_counted_incidents_shows_at_most_500(many_incidents, count, total, shown, note):
    frame = many_incidents(count)
    at = AppTest.from_function(_counted_list_script, args=(frame, total), default_timeout=60)
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == shown
    assert [c.value for c in at.caption] == ([note] if note else [])
