"""The map's page stays bounded whatever the number of incidents, and loads its markers in bulk."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.boundaries import admin_units
from viz import maps
from viz.assets import STATIC_DIR
from viz.markers import GRID_DEGREES, grid_cells

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "benchmark_scale", ROOT / "scripts" / "benchmark_scale.py"
)
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench
_spec.loader.exec_module(bench)

ONE_MB = 1_000_000


def data_layer(layers: maps.MapLayers, kind: type) -> maps.MapCall:
    (element,) = [c for c in layers.groups[1]._children.values() if isinstance(c, kind)]
    return element


@pytest.fixture(scope="module")
def hundred_thousand():
    return bench.synthetic_incidents(100_000, seed=7)


@pytest.fixture(scope="module")
def mali_regions():
    return admin_units(1)


def test_synthetic_incidents_are_placed_in_mali_with_their_units(hundred_thousand):
    assert len(hundred_thousand) == 100_000 and hundred_thousand["id"].is_unique
    assert hundred_thousand.geometry.notna().all()
    assert hundred_thousand.geometry.y.between(10.0, 25.1).all()
    assert hundred_thousand.geometry.x.between(-12.3, 4.3).all()
    assert hundred_thousand["admin1"].notna().all() and hundred_thousand["admin2"].notna().all()


def test_page_for_100k_incidents_is_under_1_mb_and_holds_their_grid(hundred_thousand, mali_regions):
    m = maps.build_incident_map(hundred_thousand, mali_regions, attribution="x")
    html = m.get_root().render()
    assert len(html.encode()) < ONE_MB
    assert "MLI1234" not in html and "incidentMap.incidentCluster(" not in html

    layers = maps.build_layers(hundred_thousand, mali_regions)
    assert layers.strategy == "grid" and layers.drawn == 100_000
    cells = data_layer(layers, maps.GridCells).cells
    assert sum(cell[2] for cell in cells) == 100_000  # every placed incident in one cell
    killed = int(hundred_thousand["killed"].fillna(0).sum())
    assert sum(cell[3] for cell in cells) == killed
    types = json.loads(data_layer(layers, maps.GridCells).data_json)["types"]
    per_type = hundred_thousand["event_type"].value_counts()
    for index, event_type in enumerate(types):
        assert sum(cell[7 + index] for cell in cells) == per_type[event_type]


def test_grid_cells_sum_each_cell(incidents):
    placed = incidents[incidents.geometry.notna()]
    types = ["Violence against civilians", "Protests"]
    cells = {(round(c[0], 2), round(c[1], 2)): c for c in grid_cells(placed, types, degrees=1.0)}
    # Ogossagou (two incidents, 35 killed, 19 missing) and the Sangha raid share no cell;
    # the three Bamako incidents (-8.6/-8.7, 12.6/12.65) share one.
    ogossagou = cells[(14.3, -4.1)]
    assert ogossagou[2:] == [2, 35, 0, 19, 0, 2, 0]
    (bamako,) = [c for c in cells.values() if 12 < c[0] < 13 and c[1] < -8]
    assert bamako[2] == 3 and bamako[3:5] == [14, 300] and bamako[7:] == [0, 1]
    assert bamako[0] == pytest.approx((12.6 + 12.65 + 12.65) / 3, abs=1e-4)
    assert sum(c[2] for c in cells.values()) == len(placed)
    assert GRID_DEGREES < 1  # the map's own cells are finer than this test's


def test_grid_page_stays_bounded_as_incidents_grow(mali_regions):
    sizes = []
    for count in (10_000, 40_000):
        m = maps.build_incident_map(
            bench.synthetic_incidents(count, seed=3), mali_regions, attribution="x"
        )
        sizes.append(len(m.get_root().render().encode()))
    assert sizes[1] < sizes[0] * 1.5  # 4x the incidents, about the same page (more cells)


def test_full_strategy_at_the_threshold_keeps_every_popup(mali_regions):
    incidents = bench.synthetic_incidents(maps.MARKER_THRESHOLD, seed=5)
    layers = maps.build_layers(incidents, mali_regions)
    assert layers.strategy == "full"
    rows = data_layer(layers, maps.IncidentCluster).data
    assert len(rows) == maps.MARKER_THRESHOLD
    assert all(
        incident_id in row[6] for incident_id, row in zip(incidents["id"], rows, strict=True)
    )
    assert all("Sources report an incident in" in row[6] for row in rows)
    one_more = bench.synthetic_incidents(maps.MARKER_THRESHOLD + 1, seed=5)
    assert maps.build_layers(one_more, mali_regions).strategy == "grid"


# A stand-in for Leaflet and Leaflet.markercluster that records when markers reach the group.
FAKE_LEAFLET_JS = r"""
const calls = [];
function layer() {
    const handlers = {};
    return {
        _map: null, options: {},
        on(event, f) { (handlers[event] = handlers[event] || []).push(f); return this; },
        once(event, f) { return this.on(event, f); },
        fire(event) { (handlers[event] || []).forEach(f => f()); },
        addTo(parent) { this._map = parent._map; calls.push("addTo"); return this; },
        bindTooltip() { return this; }, bindPopup() { return this; },
    };
}
global.window = global;
global.document = {createElement: () => ({style: {}, outerHTML: "<div></div>"})};
global.L = {
    marker: () => layer(), divIcon: () => ({}),
    markerClusterGroup() {
        const group = layer();
        group.addLayers = function (markers) {
            calls.push(this._map ? `addLayers on map (${markers.length})` : "addLayers off map");
        };
        return group;
    },
};
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize(
    ("parent_on_map", "expected"),
    [
        (True, ["addTo", "addLayers on map (2)"]),
        (False, ["addTo", "(added to a map)", "addLayers on map (2)"]),
    ],
)
def test_cluster_group_is_on_the_map_before_its_markers(tmp_path, parent_on_map, expected):
    script = FAKE_LEAFLET_JS + (STATIC_DIR / "map" / "incident-map.js").read_text()
    config = {"rows": [[14, -4, 0, 10, 0, "a", "a"], [15, -3, 0, 10, 0, "b", "b"]],
              "types": ["Battles"], "colours": ["#0072B2"], "options": {}}  # fmt: skip
    script += f"""
const parent = {{_map: {"{}" if parent_on_map else "null"}}};
const cluster = incidentMap.incidentCluster(parent, {json.dumps(config)});
if (!cluster._map) {{ calls.push("(added to a map)"); cluster._map = {{}}; cluster.fire("add"); }}
console.log(JSON.stringify(calls));
"""
    path = tmp_path / "cluster.js"
    path.write_text(script)
    result = subprocess.run(["node", str(path)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_a_redrawn_grid_leaves_no_canvas_nor_old_layers_behind(tmp_path):
    script = FAKE_LEAFLET_JS + (STATIC_DIR / "map" / "incident-map.js").read_text()
    config = {"cells": [[14, -4, 3, 0, 0, 0, 0, 3]], "types": ["Battles"], "colours": ["#0072B2"],
              "language": "en", "labels": {}}  # fmt: skip
    script += f"""
L.featureGroup = () => layer();
L.canvas = () => ({{ remove() {{ calls.push("canvas removed"); }} }});
L.circleMarker = () => layer();
const onMap = {{_map: {{}}}}, removed = {{_map: null}};
window.feature_group = [removed, onMap];  // streamlit-folium's list, the old layer taken off
const cells = incidentMap.gridCells(onMap, {json.dumps(config)});
calls.push(`kept ${{window.feature_group.length}}`);
cells.fire("remove");  // the next redraw takes the cells off the map
console.log(JSON.stringify(calls));
"""
    path = tmp_path / "grid.js"
    path.write_text(script)
    result = subprocess.run(["node", str(path)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)[-2:] == ["kept 1", "canvas removed"]


def test_zooming_in_on_the_grid_draws_each_incident_in_view(hundred_thousand, mali_regions):
    layers = maps.build_layers(hundred_thousand, mali_regions)
    assert layers.strategy == "grid"
    lon, lat = hundred_thousand.geometry.x, hundred_thousand.geometry.y
    near_mopti = (-4.5, 14.25, -3.75, 14.75)  # a few cercles' worth of the country
    inside = (lon >= -4.5) & (lon <= -3.75) & (lat >= 14.25) & (lat <= 14.75)
    assert 0 < inside.sum() <= maps.MARKER_THRESHOLD

    zoomed = maps.zoomed_in(layers, hundred_thousand, near_mopti)

    assert zoomed.strategy == "view" and zoomed.drawn == inside.sum()
    rows = data_layer(zoomed, maps.IncidentCluster).data
    ids = hundred_thousand.loc[inside, "id"]
    assert len(rows) == len(ids)
    assert all(incident_id in row[6] for incident_id, row in zip(ids, rows, strict=True))
    assert zoomed.templates[0] is layers.templates[0]  # the same shading and legend
    assert zoomed.units is layers.units and zoomed.placeless is layers.placeless


def test_zooming_in_keeps_the_grid_while_the_view_holds_too_many(hundred_thousand, mali_regions):
    layers = maps.build_layers(hundred_thousand, mali_regions)
    assert maps.zoomed_in(layers, hundred_thousand, (-12.5, 10.0, 4.5, 25.0)) is None  # Mali
    few = bench.synthetic_incidents(100, seed=2)
    full = maps.build_layers(few, mali_regions)
    assert maps.zoomed_in(full, few, (-12.5, 10.0, 4.5, 25.0)) is None  # drawn in full already


def _scripts(element) -> set[str]:
    """The script URLs streamlit-folium collects from an element's tree when the map mounts."""
    own = {url for _name, url in getattr(element, "default_js", [])}
    return own.union(*(_scripts(child) for child in element._children.values()))


def test_a_map_opened_on_the_grid_can_draw_markers_later(hundred_thousand, mali_regions):
    full = maps.build_layers(hundred_thousand.head(10), mali_regions)
    grid = maps.build_layers(hundred_thousand, mali_regions)
    needed = set().union(*(_scripts(group) for group in full.groups))
    assert any("markercluster" in url.lower() for url in needed)
    assert needed <= set().union(*(_scripts(group) for group in grid.groups))
