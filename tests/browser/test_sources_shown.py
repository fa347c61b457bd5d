"""No page and no popup shows a source only as its file name (``002_5722450adf37214a.txt``):
people read its title and publisher."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
PAGES = ("Overview", "Map", "Timeline", "Incidents")
# Every incident popup's HTML, whether Leaflet holds it as a string, an element or a function.
POPUPS_JS = """() => {
    const found = [];
    map_div.eachLayer(layer => {
        const groups = layer instanceof L.MarkerClusterGroup ? layer.getLayers() : [layer];
        for (const marker of groups) {
            const popup = marker.getPopup && marker.getPopup();
            const content = popup && popup.getContent();
            const html = typeof content === "function" ? content(marker) : content;
            if (html) found.push(html.outerHTML || String(html));
        }
    });
    return found;
}"""


@pytest.mark.parametrize("title", PAGES)
def test_no_page_shows_a_source_file_name(app, page_path, title):
    app.open(page_path(title))
    app.assert_no_exception()
    text = app.page.locator('[data-testid="stMain"]').inner_text()
    assert text.strip()
    assert FILE_NAME.findall(text) == []


def test_no_popup_shows_a_source_file_name(app, page_path):
    app.open(page_path("Map"))
    frame = app.map_frames(at_least=1)[0]
    popups = frame.evaluate(POPUPS_JS)
    assert len(popups) > 10
    assert [p for p in popups if FILE_NAME.search(p)] == []
    assert any("Amnesty International" in p for p in popups)


SIDE_BY_SIDE = (
    "Killed, by source: Amnesty International: at least 32 · AMAP: 32 · later local counts: "
    "at least 34"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_incident_in_full_shows_every_sources_figure_at_any_width(app, page_path, width):
    app.page.set_viewport_size({"width": width, "height": 900})
    app.open(f"{page_path('Incidents')}?id=ML-2020-011")
    line = app.page.locator('[data-testid="stMarkdownContainer"]', has_text="Killed, by source")
    assert " ".join(line.first.inner_text().split()) == SIDE_BY_SIDE  # whole, wrapped not cut
    box = line.first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    text = app.page.locator('[data-testid="stMain"]').inner_text()
    assert FILE_NAME.findall(text) == []


def test_clicking_a_months_bar_lists_its_incidents(app, page_path):
    app.open(page_path("Timeline"))
    bar = app.page.locator(".js-plotly-plot").first.locator(".barlayer .point path").first
    bar.wait_for()
    bar.click(force=True)
    app.wait_until_idle()
    app.assert_no_exception()
    month = re.search(r"month=(\d{4}-\d{2})", app.page.url)
    assert month, app.page.url  # the clicked bar's month, kept in the link
    chosen = app.page.locator('[data-testid="stSelectbox"]', has_text="behind a month")
    value = chosen.locator("input").input_value()
    assert re.fullmatch(r"[A-Z][a-z]+ \d{4}: \d+ incidents?", value), value
    assert app.page.locator('[data-testid="stDataFrame"]').count() >= 1
