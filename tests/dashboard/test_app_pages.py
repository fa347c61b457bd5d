"""Every page under Streamlit's AppTest, on the real curated dataset (data/incidents.csv).

AppTest cannot see inside st_folium or plotly charts: those are tested as objects elsewhere.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from incidents.load import load_incidents
from tests.dashboard.apptest_helpers import count_line, description, open_app, param
from tests.dashboard.markdown_check import assert_inert, shown

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


@pytest.mark.usefixtures("store_backend")  # every page, on files and on a shared store
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


def test_a_link_that_asks_for_what_is_not_here_says_what_was_ignored():
    at = open_app(
        dataset="no-such-dataset",
        region=["Atlantis", "Mopti"],
        year=["abc", "2020"],
        type="Alien landing",
        min_killed="lots",
    )
    texts = [shown(w.value) for w in at.warning]
    assert "This server has no dataset “no-such-dataset”: the curated incidents are shown." in texts
    assert (
        "The link's region=Atlantis, year=abc, type=Alien landing, min_killed=lots matched "
        "nothing and were ignored." in texts
    )
    assert at.multiselect(key="w_regions").value == ["Mopti"]  # the rest of the link holds
    at.multiselect(key="w_regions").set_value(["Ségou"]).run()  # the person's own view now
    assert not at.warning


def test_a_link_that_matches_everything_warns_of_nothing():
    at = open_app(region="segou", year="2020", type="violence against civilians", casualties="0")
    assert not at.warning


def test_a_page_setting_that_matches_nothing_is_named():
    at = open_app("pages/map.py", measure="casualties")
    assert any(
        shown(w.value) == "The link's measure=casualties matched nothing and was ignored."
        for w in at.warning
    )
    assert at.radio(key="w_page_measure").value == "incidents"


@pytest.mark.parametrize(
    "payload",
    ["![x](http://HOST/hit.png)", "[click](http://evil.example)", "<http://evil.example>",
     "<img src=x onerror=alert(1)>", "www.evil.example"],
)  # fmt: skip
def test_link_values_reach_the_page_as_text(payload):
    at = open_app(dataset=payload, region=payload, q=payload)
    shown_texts = []
    for element in [*at.warning, *at.markdown, *at.caption, *at.sidebar.caption]:
        assert_inert(element.value)
        shown_texts.append(shown(element.value))
    assert any(payload in t and "no dataset" in t for t in shown_texts)
    assert any(f"region={payload}" in t for t in shown_texts)
    assert any(f'containing "{payload}"' in t for t in shown_texts)  # the search, as typed


def _acled_like(incidents):
    """A dataset whose source records only the killed (ACLED codes fatalities only)."""
    frame = incidents.copy()
    for column in ("injured", "missing", "detained"):
        frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["recorded_measures"] = "killed"
    return frame


def test_counts_the_source_does_not_record_are_not_recorded_not_zero(
    tmp_path, monkeypatch, incidents
):
    from incidents import store

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.save_dataset("acled-like", _acled_like(incidents), data_dir=tmp_path)
    at = open_app(dataset="acled-like")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Killed, at least"] == "70"
    assert metrics["Injured"] == metrics["Missing"] == metrics["Detained"] == "not recorded"
    assert not any("Injured, at least" in label for label in metrics)

    at = open_app("pages/map.py", dataset="acled-like", measure="injured")
    assert at.radio(key="w_page_measure").options == ["Incidents", "Killed"]
    assert any("measure=injured" in shown(w.value) for w in at.warning)

    at = open_app("pages/map.py")  # the curated data records every count
    assert at.radio(key="w_page_measure").options == [
        "Incidents", "Killed", "Injured", "Missing", "Detained"
    ]  # fmt: skip


def test_a_damaged_dataset_gets_one_sentence_and_the_curated_data(tmp_path, monkeypatch):
    from incidents import store

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.dataset_path("damaged", tmp_path).write_bytes(b"PAR1 not really parquet")
    at = open_app("pages/overview.py", dataset="damaged")
    (error,) = at.error
    assert shown(error.value).startswith("The dataset “damaged” cannot be read (")
    assert shown(error.value).endswith("): the curated incidents are shown.")
    assert count_line(at).endswith(f"of {len(load_incidents().incidents):,} incidents")
