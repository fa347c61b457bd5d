"""What only a browser shows: the map draws, filters redraw it, charts render, links reopen views.

Expected numbers come from the core (the curated dataset through ``IncidentFilter``), so the
map is checked against the same definition the pages use: incidents with a place are drawn.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.boundaries import admin_units
from incidents import aggregate
from incidents.filters import IncidentFilter
from incidents.load import load_incidents

pytestmark = pytest.mark.browser

REGION = "Mopti"  # a region with incidents, but not all of them
CLICKED_REGION = "Kidal"  # no marker at its centre to catch the click
# Where a region's polygon (choropleth layer) is, in pixels inside the map container.
REGION_CENTRE_JS = """(name) => {
    let point = null;
    map_div.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (!point && p && p.name === name && p.level && l.getCenter) {
            const xy = map_div.latLngToContainerPoint(l.getCenter());
            point = {x: Math.round(xy.x), y: Math.round(xy.y)};
        }
    });
    return point;
}"""
SIDEBAR = '[data-testid="stSidebar"]'
COUNT_LINE = re.compile(r"([\d,]+) of ([\d,]+) incidents")


@pytest.fixture(scope="module")
def curated():
    return load_incidents().incidents


def expected(curated, **filters) -> tuple[int, int]:
    """(incidents kept, incidents drawn on the map) for these filters."""
    kept = IncidentFilter(**filters).apply(curated)
    return len(kept), len(kept) - len(aggregate.placeless(kept))


def sidebar_count(app) -> tuple[int, int]:
    """The sidebar's "N of M incidents"."""
    text = app.page.locator(SIDEBAR).inner_text()
    match = COUNT_LINE.search(text)
    assert match, f"no 'N of M incidents' in the sidebar: {text[:300]!r}"
    return tuple(int(group.replace(",", "")) for group in match.groups())


def choose_in_multiselect(app, label: str, option: str) -> None:
    box = (
        app.page.locator(SIDEBAR)
        .locator('[data-testid="stMultiSelect"]')
        .filter(has=app.page.get_by_text(label, exact=True))
    )
    box.locator("input").click()
    app.page.keyboard.type(option)
    app.page.get_by_role("option", name=option, exact=True).click()
    app.page.keyboard.press("Escape")
    app.wait_until_idle()


def query(app) -> dict[str, list[str]]:
    return parse_qs(urlsplit(app.page.url).query)


def test_map_draws_regions_and_every_placed_incident(app, page_path, curated):
    total, drawn = expected(curated)
    app.open(page_path("Map"))

    counts = app.map_counts()

    assert counts["polygons"] >= 9  # Mali's 8 regions and the Bamako district
    assert counts["markers"] == drawn
    assert sidebar_count(app) == (total, total)
    app.screenshot("map-all")


def test_region_filter_in_the_sidebar_redraws_the_map_and_the_url(app, page_path, curated):
    total, drawn = expected(curated)
    kept, kept_drawn = expected(curated, regions=(REGION,))
    assert 0 < kept_drawn < drawn, "the test needs a region holding some incidents, not all"
    app.open(page_path("Map"))
    assert app.map_counts()["markers"] == drawn
    app.map_frames()[0].evaluate("() => { window.mountedBeforeFilter = true; }")

    choose_in_multiselect(app, "Region", REGION)

    app.wait_for_map_markers(kept_drawn)
    assert sidebar_count(app) == (kept, total)
    assert query(app).get("region") == [REGION]
    # The layers were swapped inside the same map: the iframe did not reload (no flicker).
    assert app.map_frames()[0].evaluate("() => window.mountedBeforeFilter") is True
    app.screenshot("map-filtered")


def test_clicking_a_region_on_the_map_filters_to_it(app, page_path, curated):
    total, _ = expected(curated)
    kept, kept_drawn = expected(curated, regions=(CLICKED_REGION,))
    app.open(page_path("Map"))
    frame = app.map_frames(at_least=1)[0]

    point = frame.evaluate(REGION_CENTRE_JS, CLICKED_REGION)
    assert point, f"no {CLICKED_REGION} polygon on the map"
    frame.locator(".leaflet-container").click(position=point)

    app.page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.innerText.includes(want)",
        arg=[SIDEBAR, f"{kept:,} of {total:,} incidents"],
    )
    app.wait_until_idle()
    assert query(app).get("region") == [CLICKED_REGION]
    app.wait_for_map_markers(kept_drawn)


def test_shared_link_reopens_the_filtered_view(app, page_path, curated):
    total, _ = expected(curated)
    kept, kept_drawn = expected(curated, regions=(REGION,))

    app.open(f"{page_path('Map')}?region={REGION}")

    assert sidebar_count(app) == (kept, total)
    app.wait_for_map_markers(kept_drawn)
    chosen = app.page.locator(SIDEBAR).locator('[data-testid="stMultiSelect"]').first
    assert REGION in chosen.inner_text()
    assert query(app).get("region") == [REGION]


def test_filters_survive_moving_to_another_page(app, page_path, curated):
    total, _ = expected(curated)
    kept, _ = expected(curated, regions=(REGION,))
    app.open(f"{page_path('Map')}?region={REGION}")

    app.page.locator('a[data-testid="stSidebarNavLink"]', has_text="Timeline").click()
    app.page.wait_for_url(re.compile(r"/timeline"))
    app.wait_until_idle()

    assert sidebar_count(app) == (kept, total)
    assert query(app).get("region") == [REGION]


def test_timeline_draws_plotly_charts_with_data(app, page_path):
    app.open(page_path("Timeline"))

    charts = app.page.locator(".js-plotly-plot")
    charts.first.wait_for()
    traces = [chart.evaluate("el => (el.data || []).length") for chart in charts.all()]

    assert len(traces) >= 3, traces  # per month, cumulative, time ranges
    assert all(n > 0 for n in traces), traces
    assert app.page.locator(".js-plotly-plot .main-svg").count() >= len(traces)
    app.screenshot("timeline-charts")


def test_incidents_page_lists_the_filtered_rows_with_downloads(app, page_path, curated):
    kept, _ = expected(curated, regions=(REGION,))

    app.open(f"{page_path('Incidents')}?region={REGION}")

    assert app.page.locator('[data-testid="stDataFrame"]').count() >= 1
    downloads = app.page.locator('[data-testid="stDownloadButton"]')
    rows = [text for text in downloads.all_inner_texts() if "rows)" in text]
    assert len(rows) == 3  # CSV, GeoJSON, data package; then the sources as BibTeX, CSL-JSON
    assert all(f"({kept:,} rows)" in text for text in rows)


# The map's view and a region's box, as [south, west, north, east].
MAP_VIEW_JS = """() => { const b = map_div.getBounds();
    return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""


def region_box(name: str) -> list[float]:
    west, south, east, north = admin_units(1).set_index("name").loc[name].geometry.bounds
    return [south, west, north, east]


def wait_until_fitted_to(app, name: str) -> list[float]:
    """Wait until the map shows the whole region and not much more; its view then."""
    box = region_box(name)
    west, _, east, _ = admin_units(1).total_bounds
    frame = app.map_frames(at_least=1)[0]
    frame.wait_for_function(
        """([box, span]) => {
            const b = map_div.getBounds().pad(0.02);
            return b.contains([[box[0], box[1]], [box[2], box[3]]])
                && b.getEast() - b.getWest() < span; }""",
        arg=[box, 0.6 * (east - west)],
    )
    return frame.evaluate(MAP_VIEW_JS)


def test_choosing_a_region_fits_the_map_to_it(app, page_path):
    app.open(page_path("Map"))
    frame = app.map_frames()[0]
    _, west, _, east = frame.evaluate(MAP_VIEW_JS)
    mali_west, _, mali_east, _ = admin_units(1).total_bounds
    assert west <= mali_west + 0.5 and east >= mali_east - 0.5  # the whole country first
    frame.evaluate("() => { window.mountedBeforeFilter = true; }")

    choose_in_multiselect(app, "Region", REGION)

    south, west, north, east = wait_until_fitted_to(app, REGION)
    centre = ((south + north) / 2, (west + east) / 2)
    r_south, r_west, r_north, r_east = region_box(REGION)
    assert r_south <= centre[0] <= r_north and r_west <= centre[1] <= r_east
    assert app.map_frames()[0].evaluate("() => window.mountedBeforeFilter") is True


def test_clicking_a_region_fits_the_map_to_it(app, page_path):
    app.open(page_path("Map"))
    frame = app.map_frames(at_least=1)[0]
    point = frame.evaluate(REGION_CENTRE_JS, CLICKED_REGION)
    frame.locator(".leaflet-container").click(position=point)
    app.page.wait_for_function(
        "(want) => new URLSearchParams(location.search).get('region') === want",
        arg=CLICKED_REGION,
    )

    wait_until_fitted_to(app, CLICKED_REGION)
