"""Choropleth classes, their legend labels and the units' tooltips."""

from __future__ import annotations

import pandas as pd

from incidents import aggregate
from viz import choropleth
from viz.maps import display_geometry
from viz.style import CHOROPLETH_COLOURS


def test_class_breaks():
    assert choropleth.class_breaks(pd.Series([0, 0])) == []
    assert choropleth.class_breaks(pd.Series([0, 1, 2, 3, 4, 100])) == [2, 3, 4, 100]
    assert choropleth.class_breaks(pd.Series([5, 5, 5])) == [5]


def test_class_colour_darkens_with_the_value():
    assert choropleth.class_colour(0, [1, 5]) == "#f7f7f7"
    assert choropleth.class_colour(5, [1, 5]) == "#404040"
    assert choropleth.class_colour(1, [1, 5]) == CHOROPLETH_COLOURS[3]
    assert choropleth.class_colour(500, [1, 5]) == "#404040"


def test_class_labels_name_each_range_with_its_colour():
    assert choropleth.class_labels([2, 3, 1000]) == [
        ("#f7f7f7", "0"),
        (CHOROPLETH_COLOURS[2], "1–2"),
        (CHOROPLETH_COLOURS[3], "3"),
        (CHOROPLETH_COLOURS[4], "4–1,000"),
    ]
    assert choropleth.class_labels([]) == [("#f7f7f7", "0")]


def test_unit_label_names_the_cercle_its_region_and_the_figure():
    row = pd.Series({"name": "Niono", "admin1": "Ségou", "killed": 1234})
    assert choropleth.unit_label(row, "admin2", "killed") == (
        "<b>Niono <small>(Ségou)</small></b><br>1,234 killed (stated)<br>"
        "<i>Click to filter to this cercle</i>"
    )
    region = pd.Series({"name": "Mopti", "admin1": "Mopti", "incidents": 3})
    assert choropleth.unit_label(region, "admin1", "incidents") == (
        "<b>Mopti</b><br>3 incidents<br><i>Click to filter to this region</i>"
    )


def test_unit_label_escapes_names():
    row = pd.Series({"name": "<b>`${x}`</b>", "admin1": "{{ 7*7 }}", "incidents": 1})
    label = choropleth.unit_label(row, "admin2", "incidents")
    assert "<b>`" not in label and "${" not in label and "{{" not in label
    assert "&lt;b&gt;&#96;&#36;&#123;x&#125;&#96;&lt;/b&gt;" in label
    assert "(&#123;&#123; 7*7 &#125;&#125;)" in label


def test_layer_carries_what_a_click_returns(incidents, cercles):
    table = aggregate.per_unit(incidents, cercles, "admin2")
    layer = choropleth.choropleth_layer(table, display_geometry(table), "admin2", "incidents")
    features = {f["properties"]["name"]: f for f in layer.data["features"]}
    assert set(features) == set(table["name"])
    bankass = features["Bankass"]["properties"]
    assert bankass["level"] == "admin2" and bankass["admin1"] == "Mopti"
    assert bankass["value"] == 2
    assert bankass["label"].startswith("<b>Bankass <small>(Mopti)</small></b>")
