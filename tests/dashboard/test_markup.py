"""The map's templates: every printed value escaped as strongly as escape_html."""

from __future__ import annotations

import json
import re

import folium
import jinja2
import pytest
from markupsafe import Markup

from viz.maps import Legend
from viz.markup import render_html
from viz.style import escape_html


@pytest.mark.parametrize("value", ["a<b>&'\"", "`${x}` \\u", "{{ 7*7 }} {% raw %}", None, 3])
def test_printed_values_are_escaped_with_escape_html(value):
    html = render_html("unit_label.html", name=value, region="", figure="", level="admin1")
    assert html.startswith(f"<b>{escape_html(value)}</b>")


def test_markup_is_printed_as_is():
    html = render_html(
        "unit_label.html", name=Markup("<i>x</i>"), region="", figure="", level="admin1"
    )
    assert html.startswith("<b><i>x</i></b>")


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(jinja2.UndefinedError):
        render_html("unit_label.html", name="x")


def test_a_map_call_passes_its_parent_and_its_data_as_json():
    m = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="Areas").add_to(m)
    Legend("<h4>{{ x }}</h4>").add_to(group)
    (script,) = re.findall(r"incidentMap\.legend\((\w+), (.*)\);", m.get_root().render())
    assert script[0] == group.get_name()
    assert json.loads(script[1]) == {"html": "<h4>{{ x }}</h4>"}
    assert "{{" not in script[1] and "<" not in script[1]
