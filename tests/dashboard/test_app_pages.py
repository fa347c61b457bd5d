"""Every page under Streamlit's AppTest, on the real curated dataset (data/incidents.csv).

AppTest cannot see inside st_folium or plotly charts: those are tested as objects elsewhere.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from incidents.load import load_incidents
from tests.dashboard.apptest_helpers import count_line, description, open_app, param

PAGES = ["pages/overview.py", "pages/map.py", "pages/timeline.py", "pages/incidents.py"]


@pytest.mark.parametrize("page", [None, *PAGES])
def test_page_opens_without_exception(page):
    at = open_app(page)
    assert count_line(at).endswith("incidents")
    assert "Showing all" in description(at)


@pytest.mark.parametrize("page", PAGES)
def test_changing_a_filter_changes_the_count(page):
    at = open_app(page)
    before = count_line(at)
    at.multiselect(key="w_regions").set_value(["Mopti"]).run()
    assert not at.exception
    after = count_line(at)
    assert after != before
    assert "region Mopti" in description(at)
    assert param(at, "region") == ["Mopti"]


def test_query_parameters_restore_a_view():
    at = open_app(
        "pages/map.py", region="segou", year="2020", measure="killed", junk="1", min_killed="lots"
    )
    assert at.multiselect(key="w_regions").value == ["Ségou"]
    assert at.multiselect(key="w_years").value == [2020]
    assert "region Ségou; 2020" in description(at).replace("\\", "")
    assert at.radio(key="w_page_measure").value == "killed"
    assert at.number_input(key="w_min_killed").value == 0
    assert param(at, "region") == ["Ségou"] and param(at, "year") == ["2020"]
    assert param(at, "measure") == ["killed"] and not param(at, "junk")


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_restores_filters_from_its_url(page):
    at = open_app(page, region="Mopti", type="Violence against civilians", casualties="1")
    assert at.multiselect(key="w_regions").value == ["Mopti"]
    assert at.checkbox(key="w_with_casualties").value is True
    sentence = description(at).replace("\\", "").strip("*")
    assert sentence.endswith(
        "region Mopti; event type Violence against civilians; with people killed or injured."
    )
    assert param(at, "type") == ["Violence against civilians"]


def test_filters_survive_moving_between_pages():
    at = open_app(region="Mopti")
    first = count_line(at)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception
        assert count_line(at) == first
        assert param(at, "region") == ["Mopti"]


def test_incidents_page_detail_and_downloads():
    at = open_app("pages/incidents.py", id="ML-2020-002")
    assert at.selectbox(key="w_page_id").value == "ML-2020-002"
    assert any("Ogossagou" in m.value for m in at.markdown)
    buttons = [b for b in at.get("download_button") if "rows)" in b.proto.label]
    assert len(buttons) == 3  # CSV, GeoJSON and the data package
    shown = count_line(at).split()[1]  # "### N of M incidents": downloads hold exactly N rows
    assert all(f"({shown} rows)" in b.proto.label for b in buttons)
    at.multiselect(key="w_regions").set_value(["Kayes"]).run()  # the chosen id is filtered out
    assert not at.exception
    assert at.selectbox(key="w_page_id").value.startswith("ML-")


def test_empty_selection_is_handled_on_every_page():
    for page in PAGES:
        at = open_app(page, q="no-such-words-anywhere")
        assert count_line(at).startswith("### 0 of")


def test_invalid_rows_are_counted_with_the_table_one_click_away():
    def script():
        import pandas as pd

        from ui import blocks, data

        errors = pd.DataFrame({
            "row": [3, 3, 7], "column": ["killed", "date_start", "id"],
            "value": ["many", "2020-13-01", ""], "message": ["not a number", "bad", "missing"],
        })  # fmt: skip
        blocks.invalid_rows(data.Dataset("curated", None, errors))

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    assert at.warning[0].value == "2 invalid rows of the file not displayed."
    assert at.expander[0].label == "Show the invalid rows and why"
    assert len(at.expander[0].dataframe) == 1


def test_dataset_switcher_opens_a_saved_dataset(tmp_path, monkeypatch, incidents):
    from incidents import store

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.save_dataset("synthetic", incidents, data_dir=tmp_path)

    at = open_app("pages/map.py", dataset="synthetic", region="Mopti")
    assert at.selectbox(key="w_dataset").value == "synthetic"
    assert count_line(at) == "### 4 of 11 incidents"
    assert param(at, "dataset") == ["synthetic"]
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        assert count_line(at) == "### 4 of 11 incidents"

    at.selectbox(key="w_dataset").set_value("curated").run()
    assert not at.exception
    curated_total = len(load_incidents().incidents)
    assert count_line(at).endswith(f"of {curated_total:,} incidents")
    assert not param(at, "dataset")
