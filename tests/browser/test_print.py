"""A browser print of the Map page (print media emulated): the content only, the map as wide
as the page, and no tooltip that happened to be open on screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
MAP = 'iframe[title="streamlit_folium.st_folium"]'
# Opens the tooltip of the first incident marker drawn on the map (as hovering it would).
OPEN_A_TOOLTIP_JS = """() => {
    let opened = false;
    map_div.eachLayer(l => {
        if (!opened && l.getTooltip && l.getTooltip() && map_div.hasLayer(l)) {
            l.openTooltip();
            opened = true;
        }
    });
    return opened;
}"""


def test_a_printed_map_page_has_no_sidebar_and_no_tooltip(app, page_path):
    app.open(f"{page_path('Map')}?region=Mopti&year=2020")
    frame = app.map_frames(at_least=1)[0]
    assert frame.evaluate(OPEN_A_TOOLTIP_JS), "no incident marker with a tooltip on the map"
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible")  # on screen it shows: the print must hide it
    assert app.page.locator(SIDEBAR).is_visible()
    on_screen = app.page.locator(MAP).bounding_box()["width"]

    app.page.emulate_media(media="print")

    app.page.locator(SIDEBAR).wait_for(state="hidden")
    assert tooltip.count() >= 1 and not any(t.is_visible() for t in tooltip.all())
    assert not app.page.locator('[data-testid="stHeader"]').is_visible()
    assert not app.page.locator('[data-testid="stPopover"]').is_visible()
    width = app.page.locator(MAP).bounding_box()["width"]
    page_width = app.page.evaluate("() => document.documentElement.clientWidth")
    assert width > on_screen and width >= 0.95 * page_width
    app.screenshot("map-print")
