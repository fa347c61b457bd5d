"""The Present page under AppTest: it opens on a link's filters or a briefing, never fails.

AppTest cannot run the component's script; what the component receives is read from the
iframe's document (its JSON), and what it does is tested in tests/browser/test_present.py.
"""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest_helpers import APP, open_app, param
from ui import present as present_page
from viz.present import present_config

PAGE = "pages/present.py"


def _config(at) -> dict:
    (frame,) = at.main.get("iframe")
    document = frame.proto.srcdoc
    raw = re.search(r'<script type="application/json" id="present-config">(.*)</script>', document)
    return json.loads(raw.group(1))


def _open(**params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_title_is_the_filter_in_words():
    at = _open(region="Mopti", year="2020")
    (view,) = _config(at)["views"]
    assert view["title"] == "Showing 4 of 26 incidents: region Mopti; 2020."
    assert view["back"] == "/map?region=Mopti&year=2020"
    assert param(at, "region") == ["Mopti"] and param(at, "year") == ["2020"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["1280×720 PNG", "1920×1080 PNG"]


def test_the_page_keeps_its_own_parameters_in_the_url():
    at = _open(contrast="high", briefing="central-mali-2020")
    config = _config(at)
    assert config["contrast"] == "high"
    assert config["briefing"] == "Central Mali, 2020"
    assert len(config["views"]) == 4
    assert param(at, "contrast") == ["high"] and param(at, "briefing") == ["central-mali-2020"]


def test_an_unknown_briefing_says_which_exist():
    at = _open(briefing="nowhere")
    assert not at.main.get("iframe")
    (error,) = at.error
    assert "nowhere" in error.value and "central-mali-2020" in error.value.replace("\\", "")


def test_the_page_opens_from_the_dashboard_with_the_sessions_filters():
    at = open_app(region="Kayes")
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "region Kayes" in _config(at)["views"][0]["title"]


def test_the_document_is_built_once_per_view_across_reruns_and_sessions(monkeypatch):
    builds = []

    def counting(*args, **kwargs):
        builds.append(kwargs.get("contrast"))
        return present_config(*args, **kwargs)

    monkeypatch.setattr(present_page, "present_config", counting)
    present_page.document.clear()

    first = _open(region="Gao")
    first.run()  # a rerun of the same session
    second = _open(region="Gao")  # another session on the same view
    assert builds == [""]
    assert _config(second) == _config(first)

    _open(region="Gao", contrast="high")  # another view: its own document
    assert builds == ["", "high"]
