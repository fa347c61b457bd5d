"""The briefing files: loading, validation and the example the project ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidents.briefings import (
    BriefingError,
    briefing_names,
    load_briefing,
    parse_briefing,
)
from incidents.filters import IncidentFilter
from incidents.load import load_incidents

GOOD = {
    "title": "Two views",
    "views": [
        {"caption": "Mopti", "filters": {"region": "Mopti", "year": [2020]}},
        {
            "caption": {"en": "Niono", "fr": "Niono (fr)"},
            "filters": {"cercle": ["Niono"]},
            "extent": [-8, 13.5, -5, 15],
        },
    ],
}


def test_a_valid_document_reads_as_views():
    briefing = parse_briefing(GOOD, "two-views")
    assert briefing.title == "Two views" and briefing.dataset == "curated"
    first, second = briefing.views
    assert first.filter == IncidentFilter(regions=("Mopti",), years=(2020,))
    assert first.extent is None
    assert second.filter == IncidentFilter(cercles=("Niono",))
    assert second.extent == (-8.0, 13.5, -5.0, 15.0)
    assert second.caption == "Niono"


def test_a_caption_is_read_in_the_readers_language():
    from i18n import use_language

    with use_language("fr"):
        assert parse_briefing(GOOD, "two-views").views[1].caption == "Niono (fr)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"views": []}, "views must be a list"),
        ({"title": ""}, "title: expected a text"),
        ({"colour": "red"}, "unknown field colour"),
        ({"views": [{"caption": "x", "filters": {"regoin": "Mopti"}}]}, "unknown filter regoin"),
        ({"views": [{"caption": "x", "filters": {"year": "twenty"}}]}, "value of year"),
        ({"views": [{"caption": "x", "extent": [1, 2, 3]}]}, "[west, south, east, north]"),
        ({"views": [{"caption": "x", "extent": [5, 13, -5, 15]}]}, "not a box around Mali"),
        ({"views": [{"filters": {}}]}, "view 1: caption"),
        ({"views": ["Mopti"]}, "view 1: expected an object"),
    ],
)
def test_errors_name_the_field_at_fault(change, message):
    with pytest.raises(BriefingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_briefing({**GOOD, **change}, "broken")


def test_loading_checks_the_name_and_the_json(tmp_path: Path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "fine.json").write_text(json.dumps(GOOD), encoding="utf-8")
    assert briefing_names(tmp_path) == ["bad", "fine"]
    assert len(load_briefing("fine", tmp_path).views) == 2
    with pytest.raises(BriefingError, match="not valid JSON"):
        load_briefing("bad", tmp_path)
    with pytest.raises(BriefingError, match="no briefing named missing; briefings: bad, fine"):
        load_briefing("missing", tmp_path)
    with pytest.raises(BriefingError, match="not a briefing name"):
        load_briefing("../etc/passwd", tmp_path)


def test_the_example_briefing_shows_central_mali_in_2020():
    assert "central-mali-2020" in briefing_names()
    briefing = load_briefing("central-mali-2020")
    assert briefing.title == "Central Mali, 2020"
    incidents = load_incidents().incidents
    for view in briefing.views:
        shown = view.filter.apply(incidents)
        assert len(shown) > 0, view.caption
        assert set(shown["admin1"]) <= {"Mopti", "Ségou"}
        assert set(shown["date_start"].dt.year) == {2020}
