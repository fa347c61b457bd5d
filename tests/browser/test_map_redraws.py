"""Redrawing the map's data layers holds nothing back: filter change after filter change, the
map keeps the same number of layers and the page's JavaScript heap stays flat (the map shades
cercles: their polygons are the largest data layer a redraw replaces). Zoomed in on the grid,
the incidents in view are drawn one by one, with their popups.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from incidents import aggregate, store
from incidents.filters import IncidentFilter
from incidents.load import load_incidents
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from ui import map_widget
from viz import maps

pytestmark = pytest.mark.browser

REGION = "Mopti"
SIDEBAR = '[data-testid="stSidebar"]'
REDRAWS = 20
HEAP_GROWTH_LIMIT = 0.2
REDRAW_TIMEOUT_MS = 180_000  # a shared machine under load: the first run starts cold
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
def browser(browser) -> Iterator[object]:
    """Another Chromium of the same Playwright, reporting its heap unrounded
    (``performance.memory`` is bucketed otherwise)."""
    chromium = browser.browser_type.launch(
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
    app.page.set_default_timeout(REDRAW_TIMEOUT_MS)
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
    # no more layers after 20 redraws than after the first few (markers clustered at the zoom
    # a fit lands on vary by a few, so a growth, not an exact count, is what is tested)
    first_few = max(count["onMap"] for count in counts[:4])
    assert max(count["onMap"] for count in counts[-4:]) <= first_few, counts
    assert all(count["canvases"] == counts[0]["canvases"] for count in counts), counts
    # streamlit-folium keeps only the layers of the last draw: the shading, the incidents and
    # the layer that fits the map to the chosen place
    assert all(count["kept"] == 3 for count in counts), counts
    assert heaps[-1] <= heaps[0] * (1 + HEAP_GROWTH_LIMIT), [h // 1024 for h in heaps]


ZOOM_DATASET = "zoom"
ZOOM_INCIDENTS = 2_100  # just over the marker threshold: the map opens on the grid
LOAD_TIMEOUT_MS = 600_000  # the first load prepares every incident's figures and links


@pytest.fixture(scope="module")
def over_threshold(datasets_dir):
    """A saved dataset of synthetic incidents, a few more than the map draws one by one."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "benchmark_scale.py"
    spec = importlib.util.spec_from_file_location("benchmark_scale", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    incidents = module.synthetic_incidents(ZOOM_INCIDENTS, seed=13)
    store.save_dataset(ZOOM_DATASET, incidents, datasets_dir, replace=True)
    return incidents


def test_zooming_in_on_the_grid_draws_the_incidents_in_view(app, over_threshold):
    assert ZOOM_INCIDENTS > maps.MARKER_THRESHOLD
    app.page.set_default_timeout(LOAD_TIMEOUT_MS)
    app.open(f"/map?dataset={ZOOM_DATASET}")
    cells = app.map_counts()["markers"]  # waits for the map: the grid's circles
    frame = app.map_frames(at_least=1)[0]
    assert cells > 0 and frame.locator(".incident-marker").count() == 0  # no incident sent

    frame.evaluate("() => { map_div.setView([14.5, -4.1], 9); }")  # around Mopti
    app.wait_until_idle()
    bounds = frame.evaluate(
        "() => { const b = map_div.getBounds(); return {_southWest: b.getSouthWest(),"
        " _northEast: b.getNorthEast()}; }"
    )
    in_view = int(maps.in_extent(over_threshold, map_widget.extent_of(bounds)).sum())
    assert 0 < in_view <= maps.MARKER_THRESHOLD
    app.wait_for_map_markers(in_view)

    frame.locator(".incident-marker").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Sources report an incident in" in popup.inner_text()
