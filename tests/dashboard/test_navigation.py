"""The pages through app.py, and the way out of Streamlit's legacy page mode, under AppTest.

Like a server process before any session has called ``st.navigation``, AppTest starts every run
in Streamlit's legacy multipage mode (there is a ``pages/`` folder beside app.py): opening a
page runs its file alone. ``ui.navigation.leave_legacy_multipage_mode`` relies on Streamlit
doing that, on ``st.navigation`` ending that mode, and on ``st.rerun`` keeping the page; these
tests fail if an upgrade changes any of the three.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest_helpers import APP
from ui import navigation


def test_a_page_run_alone_is_rerun_through_app_py_on_the_same_page(monkeypatch):
    calls: list[str] = []
    leave = navigation.leave_legacy_multipage_mode

    def counted():
        calls.append("left")
        assert len(calls) < 3, "st.navigation no longer ends the legacy mode: the page loops"
        leave()

    monkeypatch.setattr(navigation, "leave_legacy_multipage_mode", counted)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "Mopti"
    at.run()
    assert not calls  # the root URL runs app.py itself
    at.switch_page("pages/map.py").run()
    assert calls == ["left"], (
        "Streamlit no longer runs a page of pages/ alone before st.navigation: open a fresh "
        "`streamlit run app.py` straight on /map, and drop leave_legacy_multipage_mode if the "
        "sidebar is there without it"
    )
    assert not at.exception, at.exception
    assert at.header[0].value == "Map"
    assert at.multiselect(key="w_regions").value == ["Mopti"]
    assert at.query_params["region"] == "Mopti"


def test_the_import_page_runs_without_the_filters():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.multiselect(key="w_regions").value == []
    at.switch_page("pages/import_data.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Import data"
    assert not at.sidebar.get("multiselect")
