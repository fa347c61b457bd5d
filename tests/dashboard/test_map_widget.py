"""The map widget's click handling: which filter a click on a region or cercle makes, and the
sidebar showing it on the next run."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from incidents.filters import IncidentFilter
from ui.map_widget import filter_after_click


@pytest.mark.parametrize(
    ("current", "clicked", "expected"),
    [
        (IncidentFilter(), {"properties": {"level": "admin1", "name": "Mopti"}},
         IncidentFilter(regions=("Mopti",))),
        (IncidentFilter(regions=("Mopti",)), {"properties": {"level": "admin1", "name": "Mopti"}},
         IncidentFilter()),  # clicking the selected region again clears it
        (IncidentFilter(years=(2020,), cercles=("Niono",)),
         {"properties": {"level": "admin1", "name": "Mopti"}},
         IncidentFilter(years=(2020,), regions=("Mopti",))),
        (IncidentFilter(), {"properties": {"level": "admin2", "name": "Niono", "admin1": "Ségou"}},
         IncidentFilter(regions=("Ségou",), cercles=("Niono",))),
        (IncidentFilter(regions=("Ségou",), cercles=("Niono",)),
         {"properties": {"level": "admin2", "name": "Niono", "admin1": "Ségou"}},
         IncidentFilter(regions=("Ségou",))),
    ],
)  # fmt: skip
def test_click_on_a_unit_filters_to_it(current, clicked, expected):
    assert filter_after_click(current, clicked) == expected


@pytest.mark.parametrize(
    "clicked",
    [None, "Mopti", {}, {"type": "Feature", "properties": {}},
     {"geometry": {"type": "Point"}, "properties": {"level": "admin9", "name": "x"}},
     {"properties": {"level": "admin1", "name": 5}}],
)  # fmt: skip
def test_other_clicks_change_nothing(clicked):
    assert filter_after_click(IncidentFilter(), clicked) is None


def test_a_click_sets_the_sidebar_and_keeps_the_other_filters():
    def script():
        import streamlit as st

        from ui import map_widget, sidebar, state

        state.start_run()
        if st.session_state.get("drawn"):  # what st_folium does before the run after a click
            niono = {"properties": {"level": "admin2", "name": "Niono", "admin1": "Ségou"}}
            st.session_state[map_widget.MAP_KEY] = {"last_active_drawing": niono}
            map_widget._on_map_click()
        st.session_state["drawn"] = True
        sidebar.show()

    at = AppTest.from_function(script, default_timeout=60)
    at.query_params["year"] = "2020"
    at.query_params["region"] = "Mopti"
    at.run()
    assert at.multiselect(key="w_regions").value == ["Mopti"]
    at.run()
    assert not at.exception
    assert at.multiselect(key="w_regions").value == ["Ségou"]
    assert at.multiselect(key="w_cercles").value == ["Niono"]
    assert at.multiselect(key="w_years").value == [2020]
