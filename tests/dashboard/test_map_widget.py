"""The map widget's click handling: which filter a click on a region or cercle makes, and the
sidebar showing it on the next run."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_feature_group_string

from geo.boundaries import admin_units
from incidents.filters import IncidentFilter
from ui import map_widget
from ui.map_widget import filter_after_click
from viz import maps


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
            map_widget._on_map_change()
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


def test_a_move_after_a_click_does_not_click_again():
    def script():
        import streamlit as st

        from ui import map_widget, sidebar, state

        state.start_run()
        moves = st.session_state.get("moves", 0)
        if moves:  # the first change clicks Mopti; the next ones only move the map
            mopti = {"properties": {"level": "admin1", "name": "Mopti"}}
            st.session_state[map_widget.MAP_KEY] = {
                "last_active_drawing": mopti,
                "last_object_clicked_count": 1,
                "bounds": {"_southWest": {"lat": 14, "lng": -5 + moves},
                           "_northEast": {"lat": 15, "lng": -4 + moves}},
            }  # fmt: skip
            map_widget._on_map_change()
        st.session_state["moves"] = moves + 1
        sidebar.show()

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert at.multiselect(key="w_regions").value == []
    at.run()
    assert at.multiselect(key="w_regions").value == ["Mopti"]
    at.run()
    at.run()
    assert not at.exception
    assert at.multiselect(key="w_regions").value == ["Mopti"]  # not cleared by a second "click"


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"_southWest": {"lat": 14.1, "lng": -4.6}, "_northEast": {"lat": 14.6, "lng": -3.9}},
         (-4.75, 14.0, -3.75, 14.75)),  # widened to whole grid cells
        ({"_southWest": {"lat": 14, "lng": -4.5}, "_northEast": {"lat": 14.5, "lng": -4}},
         (-4.5, 14.0, -4.0, 14.5)),
        (None, None),
        ({"_southWest": {"lat": None, "lng": -4}, "_northEast": {"lat": 15, "lng": -3}}, None),
        ({"_southWest": {"lat": "nan", "lng": -4}, "_northEast": {"lat": 15, "lng": -3}}, None),
        ({"_northEast": {"lat": 15, "lng": -3}}, None),
    ],
)  # fmt: skip
def test_extent_of_the_returned_bounds(bounds, expected):
    assert map_widget.extent_of(bounds) == expected


def _layer_script(groups: list) -> str:
    """The JavaScript streamlit-folium sends for ``groups`` (it adds them to its map first)."""
    base = maps.build_base_map(admin_units(1), attribution="x")
    return "".join(
        _get_feature_group_string(group, map=base, idx=index) for index, group in enumerate(groups)
    )


def test_cached_layers_survive_being_rendered(incidents):
    layers = maps.build_layers(incidents, admin_units(1))
    first = _layer_script(layers.groups)
    second = _layer_script(layers.groups)  # what a second session's render gets

    assert first == second
    assert first == _layer_script(maps.build_layers(incidents, admin_units(1)).groups)
    assert "incidentMap.incidentCluster(feature_group_feature_group_1" in first
    for template in layers.templates:  # what the cache holds is never attached or renamed
        assert template._parent is None and not template._id.startswith("feature_group")


def test_sessions_showing_one_view_build_its_layers_once(monkeypatch):
    built = []
    build_layers = maps.build_layers

    def counting(*args, **kwargs):
        built.append(kwargs["measure"])
        return build_layers(*args, **kwargs)

    monkeypatch.setattr(maps, "build_layers", counting)
    map_widget._layers.clear()

    def script():
        import streamlit as st

        from ui import map_widget, sidebar, state

        state.start_run()
        view = sidebar.show()
        layers = map_widget.view_layers(view, measure="killed", level="admin1", legend_open=True)
        st.markdown(f"drawn {layers.drawn}")

    sessions = [AppTest.from_function(script, default_timeout=60) for _ in range(3)]
    for session in sessions:
        session.query_params["region"] = "Mopti"
        session.run()
        assert not session.exception
    assert built == ["killed"]
    other = AppTest.from_function(script, default_timeout=60)
    other.query_params["region"] = "Kidal"
    other.run()
    assert built == ["killed", "killed"]  # another filter is another view
    assert sessions[0].markdown[0].value != other.markdown[0].value
