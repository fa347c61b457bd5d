"""The folium map builder, asserted on the folium objects and on the rendered HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import folium
import geopandas as gpd
import pytest
import shapely

from incidents.filters import IncidentFilter
from viz import maps
from viz.assets import STATIC_DIR
from viz.maps import IncidentCluster, build_incident_map, build_layers


def render(m) -> str:
    return m.get_root().render()


def cluster_of(layers) -> IncidentCluster:
    (cluster,) = [c for c in layers.groups[1]._children.values() if isinstance(c, IncidentCluster)]
    return cluster


def test_markers_are_the_filtered_incidents_with_a_place(incidents, regions):
    mopti = IncidentFilter(regions=("Mopti",)).apply(incidents)
    layers = build_layers(mopti, regions)
    rows = cluster_of(layers).data
    assert layers.drawn == len(rows) == 4
    assert layers.strategy == "full"
    popups = " ".join(row[6] for row in rows)
    for incident_id in mopti["id"]:
        assert incident_id in popups


def test_placeless_incidents_are_not_drawn_but_returned(incidents, regions):
    layers = build_layers(incidents, regions)
    assert list(layers.placeless["id"]) == ["ML-2020-006"]
    assert layers.drawn == 10
    assert "Attacks on MINUSMA" not in render(
        build_incident_map(incidents, regions, attribution="x")
    )


def test_same_place_incidents_stay_distinguishable(incidents, regions):
    rows = cluster_of(build_layers(incidents, regions)).data
    at_ogossagou = [r for r in rows if (r[1], r[0]) == (-4.1, 14.3)]
    assert len(at_ogossagou) == 2  # two markers at one spot: the cluster spiderfies them
    options = cluster_of(build_layers(incidents, regions)).options
    assert options["spiderfyOnMaxZoom"] is True


def test_popup_says_how_an_uncertain_place_was_found(incidents, regions):
    ambiguous = incidents.copy()
    farabougou = ambiguous["id"] == "ML-2020-005"
    ambiguous.loc[farabougou, "geocode_status"] = "ambiguous"
    ambiguous.loc[farabougou, "geocode_note"] = "8 places called Farabougou; hint Niono used"
    rows = cluster_of(build_layers(ambiguous, regions)).data
    (row,) = [r for r in rows if "Farabougou" in r[5]]
    assert "8 places called Farabougou; hint Niono used" in row[6]


def test_popup_has_every_field_a_reader_needs(incidents, regions):
    (row,) = [r for r in cluster_of(build_layers(incidents, regions)).data if "Niono" in r[5]]
    popup = row[6]
    for text in (
        "Niono killings",
        "3 February 2020 – 10 March 2020",
        "exact day",
        "Killed",
        "10",
        "State forces",
        "the named place itself",
        "Quote about Niono killings.",
        "002_report.txt",
        "ML-2020-003",
    ):
        assert text in popup
    (july,) = [r for r in cluster_of(build_layers(incidents, regions)).data if "Bamako pro" in r[5]]
    assert "July 2020" in july[6] and "known to the month" in july[6]
    assert "hundreds injured" in july[6]


@pytest.mark.parametrize("level", ["admin1", "admin2"])
def test_data_text_is_escaped_in_the_rendered_html(incidents, regions, cercles, level):
    html = render(
        build_incident_map(
            incidents,
            regions,
            attribution="A <b>x</b>",
            units=regions if level == "admin1" else cercles,
            level=level,
        )
    )
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "${alert(2)}" not in html
    assert "<b>x</b>" not in html
    # the escaped forms are there (as JSON-escaped HTML entities), and Jinja did not run them
    unjson = html.replace("\\u0026", "&")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unjson
    assert "&#123;&#123; 7*7 &#125;&#125; &#123;% raw %&#125;" in unjson


def test_popups_escape_script_in_titles(incidents, regions):
    rows = cluster_of(build_layers(incidents, regions)).data
    (row,) = [r for r in rows if "alert(1)" in r[5]]
    assert "<script>" not in row[5] + row[6]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; raid" in row[5]
    assert "&#96;&#36;&#123;alert(2)&#125;&#96; &#92;u" in row[6]


def test_no_internet_asset_in_the_page(incidents, regions):
    html = render(build_incident_map(incidents, regions, attribution="x"))
    assert not re.findall(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert "tile" not in html.lower().replace("leaflet-tile", "")  # no tile layer


def test_attribution_and_region_labels(incidents, regions):
    html = render(build_incident_map(incidents, regions, attribution="Boundaries: geoBoundaries"))
    assert "incidentMap.attribution(" in html and "Boundaries: geoBoundaries" in html
    labels = next(c for c in maps.build_base_map(regions, attribution="x")._children.values()
                  if isinstance(c, maps.RegionLabels))  # fmt: skip
    assert [label["name"] for label in json.loads(labels.data_json)] == ["Mopti", "Ségou", "Bamako"]
    assert "folium.Marker" not in html and "marker-icon" not in html  # no default pin images


def test_choropleth_values_and_legend(incidents, cercles):
    layers = build_layers(incidents, cercles, measure="killed", level="admin2")
    table = layers.units.set_index("name")
    assert table.loc["Bankass", "killed"] == 35 and table.loc["Ségou", "killed"] == 0
    assert layers.unplaced_at_level == 2
    geojson = next(
        c for c in layers.groups[0]._children.values() if c.__class__.__name__ == "GeoJson"
    )
    features = {f["properties"]["name"]: f["properties"] for f in geojson.data["features"]}
    assert features["Bankass"]["value"] == 35
    assert features["Ségou"]["fill"] == "#f7f7f7"  # zero: the lightest class
    assert features["Bankass"]["fill"] != features["Niono"]["fill"]
    assert features["Niono"]["level"] == "admin2" and features["Niono"]["admin1"] == "Ségou"
    legend = next(c for c in layers.groups[0]._children.values() if isinstance(c, maps.Legend))
    assert "<h4>Killed per cercle</h4>" in legend.html
    assert "Sums of the figures the sources state" in legend.html
    assert "Violence against civilians" in legend.html


def test_no_branca_colormap_on_the_map(incidents, regions):
    from branca.colormap import ColorMap

    m = build_incident_map(incidents, regions, attribution="x", measure="injured")
    stack = [m]
    while stack:
        element = stack.pop()
        assert not isinstance(element, ColorMap)
        stack.extend(element._children.values())


def test_bad_measure_or_level_is_named(incidents, regions):
    with pytest.raises(ValueError, match="`measure` was 'dead'"):
        build_layers(incidents, regions, measure="dead")
    with pytest.raises(ValueError, match="`level` was 'admin3'"):
        build_layers(incidents, regions, level="admin3")


def test_large_data_path_sends_grid_cells_not_incidents(many_incidents, regions, cercles):
    big = many_incidents(20_000)
    layers = build_layers(big, cercles, level="admin2")
    assert layers.strategy == "grid" and layers.drawn == 20_000
    m = build_incident_map(big, regions, attribution="x", units=cercles, level="admin2")
    html = render(m)
    assert html.count("incidentMap.gridCells(") == 1
    assert "incidentMap.incidentCluster(" not in html and "L.marker(" not in html
    assert "BIG-0" not in html and "Event 1" not in html  # no incident of its own
    legend = next(c for c in layers.groups[0]._children.values() if isinstance(c, maps.Legend))
    assert "20,000 incidents: more than 2,000" in legend.html
    assert "Zoom in until at most 2,000 are in view, click a region or cercle" in legend.html
    assert "several at one spot" not in legend.html  # no marker lines without markers


def test_threshold_switches_the_path(many_incidents, regions):
    few = many_incidents(50)
    assert build_layers(few, regions).strategy == "full"
    assert build_layers(few, regions, marker_threshold=50).strategy == "full"
    grid = build_layers(few, regions, marker_threshold=49)
    assert grid.strategy == "grid" and grid.drawn == 50
    (cells,) = [c for c in grid.groups[1]._children.values() if isinstance(c, maps.GridCells)]
    assert sum(cell[2] for cell in cells.cells) == 50


def test_base_map_script_does_not_depend_on_the_data(incidents, regions):
    from streamlit_folium import _get_map_string, generate_js_hash

    def base_hash():
        return generate_js_hash(_get_map_string(maps.build_base_map(regions, attribution="x")))

    first = base_hash()
    build_layers(IncidentFilter(regions=("Mopti",)).apply(incidents), regions)
    assert base_hash() == first


def test_layers_json_is_parseable(incidents, regions):
    data = cluster_of(build_layers(incidents, regions)).data_json
    assert "<" not in data and "{{" not in data and "{%" not in data
    config = json.loads(data)
    assert len(config["rows"]) == 10
    assert config["colours"] == [maps.event_colour(t) for t in config["types"]]
    assert config["options"]["maxClusterRadius"] == maps.CLUSTER_OPTIONS["maxClusterRadius"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("strategy_threshold", [2_000, 0])
def test_generated_javascript_parses(incidents, regions, tmp_path, strategy_threshold):
    """Every inline script of the page (and each streamlit-folium layer string) is valid JS."""
    from streamlit_folium import _get_feature_group_string

    html = render(
        build_incident_map(incidents, regions, attribution="x", marker_threshold=strategy_threshold)
    )
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    base = maps.build_base_map(regions, attribution="x")
    layers = build_layers(incidents, regions, marker_threshold=strategy_threshold)
    scripts += [_get_feature_group_string(g, base, i) for i, g in enumerate(layers.groups)]
    scripts += [path.read_text() for path in sorted((STATIC_DIR / "map").glob("*.js"))]
    for index, script in enumerate(scripts):
        path = tmp_path / f"script_{index}.js"
        path.write_text(script)
        result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_legend_can_start_folded(incidents, regions):
    def legend(layers):
        return next(c for c in layers.groups[0]._children.values() if isinstance(c, maps.Legend))

    assert legend(build_layers(incidents, regions)).html.startswith("<details open>")
    whole = build_incident_map(incidents, regions, attribution="x")
    assert "\\u003cdetails open\\u003e" in render(whole)  # as JSON, safe inline
    assert legend(build_layers(incidents, regions, legend_open=False)).html.startswith(
        "<details><summary>"
    )


def test_layers_sent_beside_the_base_map_load_only_the_apps_files(incidents, regions, monkeypatch):
    """As the dashboard sends them: the layers name local files without a map of their own."""
    import streamlit_folium

    from viz.assets import STATIC_URL, static_file_for_url

    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    base = maps.build_base_map(regions, attribution="x")
    layers = build_layers(incidents, regions)
    streamlit_folium.st_folium(base, feature_group_to_add=layers.groups, returned_objects=[])
    links = sent["js_links"] + sent["css_links"]
    assert all(url.startswith(STATIC_URL + "/") for url in links), links
    assert all(static_file_for_url(url).is_file() for url in links)
    for asset in (
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.css",
        "map/incident-map.js",
        "map/incident-map.css",
    ):
        assert f"{STATIC_URL}/{asset}" in links
    assert sent["js_links"].index(f"{STATIC_URL}/map/incident-map.js") > 0  # after leaflet.js


def test_base_map_draws_the_rivers_and_main_towns(regions):
    base = maps.build_base_map(regions, attribution="x")
    (landmarks,) = [c for c in base._children.values() if isinstance(c, maps.Landmarks)]
    data = json.loads(landmarks.data_json)
    assert "Niger" in {f["properties"]["name"] for f in data["rivers"]["features"]}
    niger = [label for label in data["riverLabels"] if label["name"] == "Niger"]
    assert niger, "the Niger is named where it crosses the regions shown"
    inside = shapely.union_all(regions.geometry.to_numpy()).buffer(0.01)
    assert all(inside.contains(shapely.Point(p["lon"], p["lat"])) for p in data["riverLabels"])
    towns = {town["name"]: town for town in data["towns"]}
    assert towns["Bamako"]["capital"] and towns["Mopti"]["seat"]
    assert not towns["Koutiala"]["seat"]  # a large town, named only zoomed in
    assert data["minorZoom"] == maps.MINOR_TOWN_ZOOM


def test_a_region_name_moves_off_a_town_beside_it():
    towns = gpd.GeoSeries([shapely.Point(0, 1), shapely.Point(5, 5)])
    assert maps.away_from_towns(shapely.Point(0, 0.5), towns, 1.0) == -1  # town north: south
    assert maps.away_from_towns(shapely.Point(5, 5.5), towns, 1.0) == 1
    assert maps.away_from_towns(shapely.Point(2.5, 2.5), towns, 1.0) == 0  # none close


def test_river_names_follow_the_course_inside_the_frame():
    rivers = gpd.GeoDataFrame(
        {"name": ["Long", "Short"]},
        geometry=[shapely.LineString([(0, 0), (10, 0)]), shapely.LineString([(0, 5), (1, 5)])],
    )
    frame = shapely.box(-1, -1, 8, 6)  # the long river leaves the frame at x = 8
    points = maps.river_label_points(rivers, frame, spacing=4)
    assert [(name, round(x, 6)) for _, x, name in points] == [
        ("Long", 2.0),
        ("Long", 6.0),
        ("Short", 0.5),  # named once, though shorter than the spacing
    ]


def test_fit_layer_fits_the_map_to_the_box_it_is_given():
    group = maps.fit_layer((-5.5, 13.2, -1.3, 16.6))
    (fit,) = [c for c in group._children.values() if isinstance(c, maps.FitBox)]
    assert json.loads(fit.data_json) == [-5.5, 13.2, -1.3, 16.6]
    m = folium.Map(tiles=None)
    group.add_to(m)
    assert f"incidentMap.fitBox({group.get_name()}, " in render(m)
