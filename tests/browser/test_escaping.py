"""Text from the data is shown as text in the browser, never run as HTML or script.

A saved dataset (as the Import page would write it) carries markup in an incident's title and
source quote; the map popup and the incident detail must display it literally, run nothing and
load nothing (the ``app`` fixture fails on any request leaving 127.0.0.1).
"""

from __future__ import annotations

import pytest

from incidents import aggregate, store
from incidents.load import load_incidents
from viz.text import WORD_JOINER

pytestmark = pytest.mark.browser

DATASET = "markup-check"
TITLE = 'Probe <img src="https://evil.example/x.png" onerror="window.injected=1">'
QUOTE = "Probe quote <script>window.injected=1</script> & <b>bold</b>"
# Opens the popup of the marker whose popup mentions the probe, unclustering it if needed.
OPEN_PROBE_POPUP_JS = """() => new Promise((resolve) => {
    const groups = [];
    map_div.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) groups.push(l); });
    for (const group of groups) {
        for (const marker of group.getLayers()) {
            const popup = marker.getPopup();
            const content = popup && popup.getContent();
            const html = typeof content === "function" ? content(marker) : content;
            const text = html && (html.outerHTML || String(html));
            if (text && text.includes("Probe")) {
                group.zoomToShowLayer(marker, () => { marker.openPopup(); resolve(true); });
                return;
            }
        }
    }
    resolve(false);
})"""


@pytest.fixture(scope="module")
def probe(datasets_dir):
    """Save a dataset whose first placed incident has markup in its title and quote."""
    incidents = load_incidents().incidents
    placed = incidents.drop(index=aggregate.placeless(incidents).index)
    row = placed.index[0]
    incidents.loc[row, "title"] = TITLE
    incidents.loc[row, "source_quote"] = QUOTE
    store.save_dataset(DATASET, incidents, data_dir=datasets_dir)
    return str(incidents.loc[row, "id"])


def assert_nothing_ran(app) -> None:
    for frame in app.page.frames:
        assert frame.evaluate("() => window.injected") is None, f"markup ran in {frame.url}"


@pytest.mark.usefixtures("probe")
def test_map_popup_shows_markup_as_text(app, page_path):
    app.open(f"{page_path('Map')}?dataset={DATASET}&q=Probe")
    frame = app.map_frames(at_least=1)[0]

    assert frame.evaluate(OPEN_PROBE_POPUP_JS), "no marker carries the probe incident"
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()

    assert TITLE in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert_nothing_ran(app)


def test_incident_detail_shows_markup_as_text(app, page_path, probe):
    app.open(f"{page_path('Incidents')}?dataset={DATASET}&id={probe}")

    # what a reader sees: the word joiners that keep URLs from becoming links are invisible
    text = app.page.locator('[data-testid="stMain"]').inner_text().replace(WORD_JOINER, "")

    assert TITLE in text
    assert QUOTE in text
    assert app.page.locator('[data-testid="stMain"] img[src*="evil"]').count() == 0
    assert_nothing_ran(app)
