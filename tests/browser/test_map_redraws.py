"""Redrawing the map's data layers, filter change after filter change, holds nothing back:
the map keeps the same number of layers and the page's JavaScript heap stays flat.

The map shades cercles: their polygons are the largest data layer a redraw replaces.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incidents import aggregate
from incidents.filters import IncidentFilter
from incidents.load import load_incidents
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, unavailable

pytestmark = pytest.mark.browser

REGION = "Mopti"
SIDEBAR = '[data-testid="stSidebar"]'
REDRAWS = 20
HEAP_GROWTH_LIMIT = 0.2
# Layers on the map (Leaflet's own registry: groups, paths, markers, renderers), and the
# data layers streamlit-folium keeps a reference to.
LAYER_COUNTS_JS = """() => ({
    onMap: Object.keys(map_div._layers).length,
    kept: (window.feature_group || []).length,
    canvases: document.querySelectorAll("canvas").length,
})"""


@pytest.fixture(scope="module")
def curated():
    return load_incidents().incidents


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium reporting its heap unrounded (``performance.memory`` is bucketed otherwise)."""
    if not CHROMIUM.exists():
        unavailable(f"the browser tests need Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--enable-precise-memory-info"]
        )
        yield chromium
        chromium.close()


def heap_after_gc(app, cdp) -> int:
    cdp.send("HeapProfiler.collectGarbage")
    return app.map_frames(at_least=1)[0].evaluate("() => performance.memory.usedJSHeapSize")


def toggle_region(app, selected: bool) -> None:
    """Select ``REGION`` in the sidebar, or (``selected``) take it off again."""
    box = (
        app.page.locator(SIDEBAR)
        .locator('[data-testid="stMultiSelect"]')
        .filter(has=app.page.get_by_text("Region", exact=True))
    )
    box.locator("input").click()
    if selected:
        app.page.keyboard.press("Backspace")
    else:
        app.page.keyboard.type(REGION)
        app.page.get_by_role("option", name=REGION, exact=True).click()
    app.page.keyboard.press("Escape")
    app.wait_until_idle()


def drawn(incidents, **filters) -> int:
    kept = IncidentFilter(**filters).apply(incidents)
    return len(kept) - len(aggregate.placeless(kept))


def test_redraws_keep_the_layers_and_the_heap_flat(app, curated):
    everywhere, in_region = drawn(curated), drawn(curated, regions=(REGION,))
    assert 0 < in_region < everywhere
    app.open("/map?level=cercle")
    app.wait_for_map_markers(everywhere)
    cdp = app.page.context.new_cdp_session(app.page)
    frame = app.map_frames(at_least=1)[0]
    frame.evaluate("() => { window.mountedBeforeRedraws = true; }")

    counts, heaps = [], []
    for redraw in range(REDRAWS):
        selected = redraw % 2 == 1
        toggle_region(app, selected)
        app.wait_for_map_markers(everywhere if selected else in_region)
        counts.append(frame.evaluate(LAYER_COUNTS_JS))
        heaps.append(heap_after_gc(app, cdp))

    assert frame.evaluate("() => window.mountedBeforeRedraws") is True  # one map throughout
    assert counts[-2:] == counts[:2], counts  # the same layers after 20 redraws as after 1
    assert all(count["kept"] == 2 for count in counts), counts
    assert heaps[-1] <= heaps[0] * (1 + HEAP_GROWTH_LIMIT), [h // 1024 for h in heaps]
