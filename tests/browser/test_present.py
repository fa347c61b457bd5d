"""The presentation view in Chromium at 1280x720: full screen, stepping, playback, regions,
briefings, and nothing fetched from outside the machine (the `app` fixture fails on that)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FRAME = ".st-key-present-map iframe"
READY = "() => !!window.presenter"


def _open(app, path: str):
    app.page.goto(path)
    app.wait_until_idle()
    app.page.locator(FRAME).wait_for(state="attached")
    frame = app.page.locator(FRAME).element_handle().content_frame()
    frame.wait_for_function(READY)
    app.assert_no_exception()
    return frame


def _card_title(frame) -> str:
    return frame.evaluate(
        "() => document.getElementById('card').hidden ? '' : "
        "document.getElementById('card-title').textContent"
    )


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_map_covers_the_viewport(app, size):
    app.page.set_viewport_size({"width": size[0], "height": size[1]})
    frame = _open(app, "/present?region=Mopti&year=2020")
    box = app.page.locator(FRAME).bounding_box()
    inner = frame.evaluate(
        "() => { const r = document.getElementById('map').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )
    viewport = app.page.viewport_size
    visible = min(box["width"], inner[0]) * min(box["height"], inner[1])
    assert visible >= 0.9 * viewport["width"] * viewport["height"]
    title = frame.evaluate("() => document.getElementById('view-title').textContent")
    assert title == "Showing 4 of 26 incidents: region Mopti; 2020."
    assert not app.page.locator('[data-testid="stSidebar"]').is_visible()


def test_arrow_keys_step_through_the_incidents_in_time_order(app):
    frame = _open(app, "/present?region=Mopti&year=2020")
    titles = frame.evaluate(
        "() => presenter.members().map(i => JSON.parse("
        "document.getElementById('present-config').textContent).cards[i].title)"
    )
    assert len(titles) == 4
    app.page.keyboard.press("ArrowRight")
    frame.wait_for_function(
        "t => document.getElementById('card-title').textContent === t", arg=titles[0]
    )
    app.page.keyboard.press("ArrowRight")
    frame.wait_for_function(
        "t => document.getElementById('card-title').textContent === t", arg=titles[1]
    )
    centre = frame.evaluate("() => presenter.map.getCenter()")
    app.page.keyboard.press("ArrowLeft")
    frame.wait_for_function(
        "t => document.getElementById('card-title').textContent === t", arg=titles[0]
    )
    app.page.wait_for_timeout(1200)  # the flight
    assert frame.evaluate("() => presenter.map.getCenter()") != centre
    app.page.keyboard.press("End")
    assert _card_title(frame) == titles[-1]
    frame.locator("#previous").click()
    assert _card_title(frame) == titles[-2]


def test_play_advances_the_month_and_redraws_without_reloading(app):
    frame = _open(app, "/present")
    frame.evaluate("() => { window.sameDocument = true; }")
    frame.locator("#cumulative").uncheck()  # the window: only the month's incidents
    assert frame.evaluate("() => presenter.state.month") > 0
    frame.locator("#speed").select_option("250")
    frame.locator("#play").click()  # from the end, play starts again at the first month
    frame.wait_for_function("() => presenter.state.month >= 19")  # January 2020
    drawn = set()
    for _ in range(10):
        drawn.add(frame.evaluate("() => presenter.drawnMarkers()"))
        app.page.wait_for_timeout(250)
    assert len(drawn) > 1  # what is drawn changes with the month
    app.page.keyboard.press(" ")
    month = frame.evaluate("() => presenter.state.month")
    app.page.wait_for_timeout(1500)  # the fly animation, slower on a loaded machine
    assert frame.evaluate("() => presenter.state.month") == month  # paused
    assert frame.evaluate("() => window.sameDocument") is True  # the iframe never reloaded
    label = frame.evaluate("() => document.getElementById('month-label').textContent")
    assert label and label[-4:].isdigit()


_SCREEN_POINT = """name => { let p = null; presenter.map.eachLayer(l => { if (l.feature &&
    l.feature.properties.name === name && l.feature.properties.admin1)
    p = presenter.map.latLngToContainerPoint(l.getBounds().getCenter()); }); return [p.x, p.y]; }"""
_BOUNDS = """name => { let b = null; presenter.map.eachLayer(l => { if (l.feature &&
    l.feature.properties.name === name && l.feature.properties.admin1) b = l.getBounds(); });
    return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""


def test_clicking_a_region_then_a_cercle_fits_the_map_to_it(app):
    frame = _open(app, "/present")
    app.page.wait_for_timeout(1500)  # the opening view settles before we aim at Mopti
    before = frame.evaluate("() => presenter.map.getZoom()")
    # Mopti's polygon, clicked at a point inside it, on screen.
    point = frame.evaluate(
        "() => { let p = null; presenter.map.eachLayer(l => { if (l.feature && "
        "l.feature.properties.name === 'Mopti' && !l.feature.properties.admin1) "
        "p = presenter.map.latLngToContainerPoint(l.getBounds().getCenter()); }); "
        "return [p.x, p.y]; }"
    )
    box = app.page.locator(FRAME).bounding_box()
    app.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    frame.wait_for_function(f"() => presenter.map.getZoom() > {before}")
    app.page.wait_for_timeout(1500)  # the fly animation, slower on a loaded machine
    centre = frame.evaluate("() => presenter.map.getBounds().getCenter()")
    mopti = frame.evaluate(
        "() => { let b = null; presenter.map.eachLayer(l => { if (l.feature && "
        "l.feature.properties.name === 'Mopti' && !l.feature.properties.admin1) "
        "b = l.getBounds(); }); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"
    )
    south, west, north, east = mopti
    assert west - 2 < centre["lng"] < east + 2 and south - 2 < centre["lat"] < north + 2
    inside = frame.evaluate(
        "b => presenter.map.getBounds().pad(0.05).contains([[b[0], b[1]], [b[2], b[3]]])",
        mopti,
    )
    assert inside
    # Zoomed in to the region, its cercles are named, and a click fits the map to one.
    assert frame.evaluate("() => presenter.map.getZoom()") >= 7
    point = frame.evaluate(_SCREEN_POINT, "Koro")
    app.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    app.page.wait_for_timeout(2000)  # likewise
    koro = frame.evaluate(_BOUNDS, "Koro")
    assert frame.evaluate(
        "b => presenter.map.getBounds().pad(0.05).contains([[b[0], b[1]], [b[2], b[3]]])", koro
    )
    zoomed = frame.evaluate("() => presenter.map.getBounds()")
    assert zoomed["_northEast"]["lat"] - zoomed["_southWest"]["lat"] < (north - south)


def test_the_example_briefing_steps_through_all_its_views(app):
    frame = _open(app, "/present?briefing=central-mali-2020")
    count = frame.evaluate(
        "() => JSON.parse(document.getElementById('present-config').textContent).views.length"
    )
    assert count == 4
    seen = []
    for step in range(count):
        title = frame.evaluate("() => document.getElementById('view-title').textContent")
        assert title.startswith("Central Mali, 2020 — ")
        seen.append(title)
        assert frame.evaluate("() => presenter.state.view") == step
        assert frame.evaluate("() => presenter.state.visibleCount") > 0
        app.page.keyboard.press("PageDown")
    assert len(set(seen)) == count
    app.page.keyboard.press("Home")
    assert frame.evaluate("() => presenter.state.view") == 0


def test_escape_goes_back_to_the_map_page_with_the_filters(app):
    _open(app, "/present?region=Mopti&year=2020")
    app.page.keyboard.press("Escape")
    app.page.wait_for_url("**/map?region=Mopti&year=2020")
    app.wait_until_idle()
    app.assert_no_exception()
