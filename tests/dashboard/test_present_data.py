"""What the presentation view's component receives (viz.present), on synthetic incidents."""

from __future__ import annotations

import json
import re

import pandas as pd

from incidents.filters import IncidentFilter
from viz.maps import MINOR_TOWN_ZOOM
from viz.present import PresentView, dashboard_url, present_config, present_html, time_order


def _config(incidents, views=None, **options):
    views = views or [PresentView(IncidentFilter())]
    return present_config(incidents, views, dataset="curated", total=len(incidents), **options)


def test_incidents_arrive_in_time_order_with_their_months(incidents):
    config = _config(incidents)
    ordered = time_order(incidents)
    assert [card["id"] for card in config["cards"]] == list(ordered["id"])
    assert list(ordered["date_start"]) == sorted(incidents["date_start"])
    columns = config["incidents"]
    # First month: January 2020 (the earliest start); the list runs to the latest end.
    assert config["months"][0] == "January 2020"
    assert config["months"][-1] == "March 2025"
    first = config["cards"].index(next(c for c in config["cards"] if c["id"] == "ML-2020-003"))
    assert columns["start"][first] == 1 and columns["end"][first] == 2  # Feb to Mar 2020
    placeless = [
        c["id"] for c, lat in zip(config["cards"], columns["lat"], strict=True) if lat is None
    ]
    assert placeless == ["ML-2020-006"]


def test_the_card_says_at_least_and_gives_date_and_place_precision(incidents):
    card = next(c for c in _config(incidents)["cards"] if c["id"] == "ML-2020-001")
    assert card["title"] == "Ogossagou massacre"
    assert card["date"] == "14 February 2020 (exact day)"
    assert card["place"] == "Ogossagou, Bankass, Mopti (the named place itself)"
    assert card["figures"] == ["Killed: at least 35"]
    assert card["quote"] == "Gunmen killed at least 35 villagers in Ogossagou."
    assert card["source"] == "002_report.txt"  # no record: the source's own text


def test_other_sources_figures_appear_side_by_side(incidents):
    figures = pd.DataFrame(
        {
            "incident_id": ["ML-2020-001", "ML-2020-001"],
            "source": ["Amnesty International", "UN"],
            "source_id": ["", ""],
            "measure": ["killed", "killed"],
            "low": [None, None],
            "best": [35, 39],
            "high": [None, None],
            "qualifier": ["at least", ""],
            "quote": ["", ""],
            "reported": ["", ""],
            "notes": ["", ""],
            "scope": ["", ""],
        }
    )
    cards = _config(incidents, figures=figures)["cards"]
    card = next(c for c in cards if c["id"] == "ML-2020-001")
    assert card["others"] == ["Killed: Amnesty International: at least 35 · UN: 39"]
    assert next(c for c in cards if c["id"] == "ML-2020-003")["others"] == []


def test_a_briefing_names_each_views_incidents_and_extent(incidents):
    views = [
        PresentView(IncidentFilter(regions=("Mopti",)), "Mopti", (-5.0, 13.0, -1.0, 16.0)),
        PresentView(IncidentFilter(cercles=("Niono",)), "Niono"),
    ]
    config = _config(incidents, views, title="A briefing")
    ids = [card["id"] for card in config["cards"]]
    mopti, niono = config["views"]
    assert sorted(ids[i] for i in mopti["members"]) == [
        "ML-2020-001", "ML-2020-002", "ML-2020-007", "ML-2020-008"
    ]  # fmt: skip
    assert mopti["extent"] == [-5.0, 13.0, -1.0, 16.0] and mopti["caption"] == "Mopti"
    assert niono["extent"] is not None  # the cercle's box, from the boundaries
    assert niono["title"].startswith("Showing ") and "cercle Niono" in niono["title"]
    assert mopti["back"] == "/map?region=Mopti"
    assert config["briefing"] == "A briefing"


def test_one_filter_is_one_view_of_every_incident(incidents):
    (view,) = _config(incidents)["views"]
    assert view["members"] is None and view["extent"] is None
    assert view["title"] == f"Showing all {len(incidents)} incidents (no filter)."


def test_zoom_is_bounded_and_contrast_is_a_choice(incidents):
    config = _config(incidents, contrast="high")
    assert config["contrast"] == "high" and _config(incidents, contrast="x")["contrast"] == ""
    assert 8 <= config["maxZoom"] <= 11
    west, south, east, north = config["mali"]
    assert -13 < west < -11 and 3 < east < 5 and 10 < south < 11 and 24 < north < 26


def test_dashboard_url_keeps_the_filters_and_the_dataset():
    selection = IncidentFilter(regions=("Mopti",), years=(2020,))
    assert dashboard_url(selection, "curated") == "/map?region=Mopti&year=2020"
    assert dashboard_url(IncidentFilter(), "acled-2024") == "/map?dataset=acled-2024"


def test_the_page_carries_data_as_inert_json(incidents):
    page = present_html(_config(incidents))
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert 'src="/app/static/vendor/leaflet/leaflet.js"' in page
    assert 'src="/app/static/present/present.js"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    raw = re.search(r'<script type="application/json" id="present-config">(.*)</script>', page)
    config = json.loads(raw.group(1))
    titles = [card["title"] for card in config["cards"]]
    assert "<script>alert(1)</script> raid" in titles  # the text itself, intact, for textContent


def test_every_word_the_script_writes_comes_translated_in_the_config(incidents):
    from i18n import use_language
    from viz.assets import STATIC_DIR

    script = (STATIC_DIR / "present" / "present.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bS\.(\w+)", script))
    with use_language("qps"):
        strings = _config(incidents)["strings"]
    assert used and used <= set(strings)
    assert all(text.startswith("⟦") and text.endswith("⟧") for text in strings.values())


def test_the_rivers_and_main_towns_come_with_the_map(incidents):
    config = _config(incidents)
    assert "Niger" in {f["properties"]["name"] for f in config["rivers"]["features"]}
    assert {label["name"] for label in config["riverLabels"]} >= {"Niger", "Sénégal"}
    towns = {town["name"]: town for town in config["towns"]}
    assert towns["Bamako"]["capital"] and towns["Tombouctou"]["seat"]
    assert not towns["Koutiala"]["seat"] and config["townZoom"] == MINOR_TOWN_ZOOM
