"""How the filters and the map scale with the number of incidents, against folium's own options.

    python scripts/benchmark_scale.py [--max 100000] [--seed 42] [--naive-max 10000]
                                      [--cluster-js OLD.js ...] [--repeat 3] [--no-browser]

For N = 1,000, 10,000, 100,000 (and 1,000,000 with ``--max 1000000``) seeded synthetic
incidents inside Mali (real GeoNames places with their region and cercle, jittered a few km,
ACLED-like event types, dates and figures, made a loaded-data frame by ``incidents.frame``'s
``conform``), it prints per N:

- the time of the pandas filters: region + year, and a text search;
- for the map as the dashboard builds it (``viz.maps.build_incident_map``), for naive folium
  (one ``folium.Marker`` with a popup per incident, up to ``--naive-max``) and for folium's
  ``FastMarkerCluster`` (on the same base map): the page's bytes, the server time to build and
  render it, and the time Chromium (through Playwright, the page served from 127.0.0.1) takes
  from navigation until every marker or cell is drawn; then the ratios of each to ours;
- for a filter change on the dashboard ("ours: redraw"): the data layers alone, built
  (``viz.maps.build_layers``) and turned into the script streamlit-folium sends to the map
  already on the page, its bytes and server time.

A second table times the incident cluster alone in the browser (every incident a marker, the
``full`` strategy's code path, at 20,000 and 100,000) with the app's ``incident-map.js`` and,
with ``--cluster-js``, other versions of that file (e.g. older commits'), in the same run.

Filters take the best of 3 runs, browser draws the best of ``--repeat`` loads
(default 3). Numbers from one run compare (a shared 2-core machine is noisy across runs, and
within one: compare the ratios). Not a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element
from folium.plugins import FastMarkerCluster

from geo.boundaries import admin_units
from geo.gazetteer import load_gazetteer
from incidents.filters import IncidentFilter
from incidents.frame import CURATED_COLUMNS, conform
from viz import maps
from viz.assets import STATIC_DIR, STATIC_URL, use_local_assets
from viz.markers import marker_sizes
from viz.style import ordered_event_types

ATTRIBUTION = "Boundaries: geoBoundaries (CC BY 4.0); synthetic incidents"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = (1_000, 10_000, 100_000, 1_000_000)
CLUSTER_SIZES = (20_000, 100_000)
DRAW_TIMEOUT_MS = 600_000
# ACLED-like shares of event types and sub-event types, and of the stated figures.
EVENT_TYPES = {
    "Violence against civilians": ("Attack", 0.35),
    "Battles": ("Armed clash", 0.3),
    "Explosions/Remote violence": ("Remote explosive/landmine/IED", 0.15),
    "Protests": ("Peaceful protest", 0.08),
    "Riots": ("Mob violence", 0.04),
    "Strategic developments": ("Looting/property destruction", 0.08),
}
KILLED = ([None, 0, 1, 2, 5, 12, 40], [0.1, 0.4, 0.2, 0.12, 0.1, 0.06, 0.02])
INJURED = ([None, 0, 1, 3, 10], [0.3, 0.45, 0.12, 0.1, 0.03])
WORDS = ["village", "market", "convoy", "checkpoint", "camp", "road", "well", "school"]
JITTER_DEGREES = 0.05  # ~5 km: incidents near a place, not all on its point

# Counts what the page drew, in O(1) per cluster group: markers placed in Leaflet.markercluster
# groups (after chunked loading), plus circle markers and markers directly on the map.
DRAWN_JS = """(n) => {
    const map = Object.values(window).find(v => window.L && v instanceof L.Map);
    if (!map) return false;
    let drawn = 0;
    map.eachLayer(l => {
        if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) {
            drawn += l._topClusterLevel ? l._topClusterLevel.getChildCount() : 0;
            drawn += l._nonPointGroup.getLayers().length;
        } else if (L.MarkerCluster && l instanceof L.MarkerCluster) {
            return;
        } else if ((l instanceof L.CircleMarker || l instanceof L.Marker)
                   && l.options.interactive !== false && !l.__parent) {
            drawn += 1;
        }
    });
    return drawn >= n;
}"""


def synthetic_incidents(count: int, seed: int = 42) -> gpd.GeoDataFrame:
    """``count`` incidents at random populated places of Mali, as a loaded-data frame."""
    rng = np.random.default_rng(seed)
    places = load_gazetteer()
    places = places[(places["feature_class"] == "P") & places["admin2"].notna()]
    chosen = places.iloc[rng.integers(0, len(places), count)]
    types = list(EVENT_TYPES)
    shares = np.array([share for _sub, share in EVENT_TYPES.values()])
    type_index = rng.choice(len(types), size=count, p=shares / shares.sum())
    days = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 13 * 365, count), "D")
    location = chosen["name"].to_numpy()
    word = np.array(WORDS)[rng.integers(0, len(WORDS), count)]
    latitude = chosen["latitude"].to_numpy() + rng.uniform(-1, 1, count) * JITTER_DEGREES
    longitude = chosen["longitude"].to_numpy() + rng.uniform(-1, 1, count) * JITTER_DEGREES
    frame = pd.DataFrame(
        {
            "id": [f"MLI{i}" for i in range(count)],
            "title": [f"{t} at the {w} of {p}" for t, w, p in zip(
                np.array(types)[type_index], word, location, strict=True)],
            "date_start": days,
            "date_end": days,
            "date_precision": "day",
            "event_type": np.array(types)[type_index],
            "sub_event_type": np.array([sub for sub, _share in EVENT_TYPES.values()])[type_index],
            "perpetrator_type": "Unknown",
            "killed": rng.choice(np.array(KILLED[0], dtype=object), size=count, p=KILLED[1]),
            "injured": rng.choice(np.array(INJURED[0], dtype=object), size=count, p=INJURED[1]),
            "location": location,
            "admin1": chosen["admin1"].to_numpy(),
            "admin2": chosen["admin2"].to_numpy(),
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": "near",
            "geocode_status": "matched",
            "source": "synthetic",
            "source_quote": [f"Sources report an incident in {p}." for p in location],
        }
    )  # fmt: skip
    points = gpd.points_from_xy(longitude, latitude, crs="EPSG:4326")
    return conform(gpd.GeoDataFrame(frame, geometry=points), CURATED_COLUMNS)


def seconds(action: Callable, *args: object, repeat: int = 3) -> tuple[float, object]:
    """The best of ``repeat`` wall times of ``action(*args)`` and its last result."""
    best, result = float("inf"), None
    for _attempt in range(repeat):
        started = time.perf_counter()
        result = action(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def html_of(m: folium.Map) -> str:
    return m.get_root().render()


def ours(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> str:
    return html_of(maps.build_incident_map(incidents, regions, attribution=ATTRIBUTION))


def element_script(element: Element) -> str:
    """The script of ``element`` and its children, as streamlit-folium collects it."""
    macro = getattr(element._template.module, "script", None)
    own = macro(element, {}) if macro else ""
    return own + "".join(element_script(child) for child in element._children.values())


def ours_redraw(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> str:
    """What a filter change sends: the data layers' script (the base map stays on the page)."""
    base = maps.build_base_map(regions, attribution=ATTRIBUTION)
    groups = [group.add_to(base) for group in maps.build_layers(incidents, regions).groups]
    base.render()
    return "".join(element_script(group) for group in groups)


def fast_marker_cluster(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> str:
    m = maps.build_base_map(regions, attribution=ATTRIBUTION)
    points = np.column_stack([incidents.geometry.y, incidents.geometry.x]).tolist()
    FastMarkerCluster(points).add_to(m)
    return html_of(use_local_assets(m))


def naive_folium(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> str:
    m = maps.build_base_map(regions, attribution=ATTRIBUTION)
    for title, point in zip(incidents["title"], incidents.geometry, strict=True):
        folium.Marker([point.y, point.x], popup=folium.Popup(title, parse_html=True)).add_to(m)
    return html_of(use_local_assets(m))


def cluster_only(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> str:
    """Every incident a marker in ``IncidentCluster`` (short popups: the load is measured)."""
    m = maps.build_base_map(regions, attribution=ATTRIBUTION)
    types = ordered_event_types(incidents["event_type"])
    index = {t: i for i, t in enumerate(types)}
    rows = [
        [round(p.y, 5), round(p.x, 5), index[t], int(size), 0, id_, id_]
        for p, t, size, id_ in zip(
            incidents.geometry, incidents["event_type"], marker_sizes(incidents),
            incidents["id"], strict=True,
        )
    ]  # fmt: skip
    group = folium.FeatureGroup(name="Incidents").add_to(m)
    maps.IncidentCluster(rows, types, name="Incidents").add_to(group)
    return html_of(use_local_assets(m))


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the page directory at /, the app's static files at /app/static, one file swapped."""

    def __init__(self, *args, pages: Path, swaps: dict[str, Path], **kwargs) -> None:
        self.pages, self.swaps = pages, swaps
        super().__init__(*args, directory=str(pages), **kwargs)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path in self.swaps:
            return str(self.swaps[path])
        if path.startswith(STATIC_URL + "/"):
            return str(STATIC_DIR / path.removeprefix(STATIC_URL + "/"))
        return super().translate_path(path)

    def log_message(self, *_args: object) -> None:
        pass


@contextmanager
def local_server(pages: Path, swaps: dict[str, Path]) -> Iterator[str]:
    handler = functools.partial(_StaticHandler, pages=pages, swaps=swaps)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class Browser:
    """Chromium through Playwright: time from navigation until ``expected`` things are drawn."""

    def __init__(self, pages: Path) -> None:
        from playwright.sync_api import sync_playwright

        self.pages = pages
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def draw_seconds(self, name: str, html: str, expected: int, swaps: dict | None = None) -> float:
        """Seconds from navigation to ``name`` (holding ``html``) until all is drawn."""
        (self.pages / name).write_text(html, encoding="utf-8")
        with local_server(self.pages, swaps or {}) as root:
            page = self._browser.new_page(viewport={"width": 1280, "height": 800})
            try:
                started = time.perf_counter()
                page.goto(f"{root}/{name}", wait_until="load", timeout=DRAW_TIMEOUT_MS)
                page.wait_for_function(DRAWN_JS, arg=expected, polling=50, timeout=DRAW_TIMEOUT_MS)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                              "requestAnimationFrame(r)))")  # fmt: skip
                return time.perf_counter() - started
            finally:
                page.close()

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def drawn_count(html_builder: Callable, incidents: gpd.GeoDataFrame, regions) -> int:
    """What the page must draw: every placed incident, or for our grid strategy every cell."""
    if html_builder is ours:
        layers = maps.build_layers(incidents, regions)
        if layers.strategy == "grid":
            (cells,) = [
                c for c in layers.groups[1]._children.values() if isinstance(c, maps.GridCells)
            ]
            return len(cells.cells)
    return len(incidents)


def fmt_bytes(size: float) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024**2 else f"{size / 1024**2:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=100_000, help="largest N (1000000 too)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--naive-max", type=int, default=10_000,
                        help="largest N for one folium.Marker per incident")  # fmt: skip
    parser.add_argument("--cluster-js", type=Path, nargs="*", default=[],
                        help="other incident-map.js files to time the cluster with")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="browser loads per page (best)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    regions = admin_units(1)
    pages = Path(tempfile.mkdtemp(prefix="benchmark-scale-"))
    browser = None if args.no_browser else Browser(pages)
    builders = {
        "ours": ours,
        "ours: redraw": ours_redraw,
        "FastMarkerCluster": fast_marker_cluster,
        "naive folium": naive_folium,
    }
    filters = []
    rows = []
    try:
        for count in [n for n in SIZES if n <= args.max]:
            incidents = synthetic_incidents(count, args.seed)
            region_year = IncidentFilter(regions=("Mopti",), years=(2020,))
            text = IncidentFilter(text="market")
            region_s, kept = seconds(region_year.apply, incidents)
            text_s, found = seconds(text.apply, incidents)
            filters.append((count, region_s, len(kept), text_s, len(found)))
            results = {}
            for label, builder in builders.items():
                if builder is naive_folium and count > args.naive_max:
                    continue
                build_s, html = seconds(builder, incidents, regions, repeat=1)
                draw_s = float("nan")
                if browser and builder is not ours_redraw:  # a script for a page already open
                    expected = drawn_count(builder, incidents, regions)
                    name = f"{label}-{count}.html"
                    draw_s = min(
                        browser.draw_seconds(name, html, expected) for _n in range(args.repeat)
                    )
                size = len(html.encode())
                results[label] = (size, build_s, draw_s)
                strategy = (
                    maps.build_layers(incidents, regions).strategy
                    if builder in (ours, ours_redraw)
                    else ""
                )
                rows.append((count, label, strategy, size, build_s, draw_s, results["ours"]))
                print(f"  measured N={count:,} {label}", file=sys.stderr, flush=True)
        cluster_rows = []
        if browser:
            versions = {"incident-map.js": {}}
            for script in args.cluster_js:
                versions[script.name] = {f"{STATIC_URL}/map/incident-map.js": script}
            for count in CLUSTER_SIZES:
                html = cluster_only(synthetic_incidents(count, args.seed), regions)
                best = dict.fromkeys(versions, float("inf"))
                for _n in range(args.repeat):  # versions alternate: load changes hit both
                    for version, swaps in versions.items():
                        draw_s = browser.draw_seconds(f"cluster-{count}.html", html, count, swaps)
                        best[version] = min(best[version], draw_s)
                cluster_rows += [(count, version, draw_s) for version, draw_s in best.items()]
                print(f"  measured cluster N={count:,}", file=sys.stderr, flush=True)
    finally:
        if browser:
            browser.close()
        shutil.rmtree(pages)  # the pages of a million markers weigh tens of MB each

    print('Filters (pandas, best of 3): region Mopti + year 2020; text search "market"')
    print(f"{'N':>9} {'region+year s':>14} {'kept':>7} {'text s':>8} {'found':>7}")
    for count, region_s, kept, text_s, found in filters:
        print(f"{count:>9,} {region_s:>14.3f} {kept:>7,} {text_s:>8.3f} {found:>7,}")
    print()
    print("Map: page bytes, server build + render, browser draw; x = that map / ours (page)")
    for count in dict.fromkeys(row[0] for row in rows):
        print()
        print(f"N = {count:,}")
        print(f"{'map':>17} {'strategy':>8} {'bytes':>10} {'build s':>8} {'draw s':>8} "
              f"{'x bytes':>8} {'x build':>8} {'x draw':>8}")  # fmt: skip
        for n, label, strategy, size, build_s, draw_s, (o_size, o_build, o_draw) in rows:
            if n != count:
                continue
            ratios = (
                f"{size / o_size:>8.1f} {build_s / o_build:>8.1f} {draw_s / o_draw:>8.1f}"
                if label not in ("ours", "ours: redraw")
                else f"{'':>8} {'':>8} {'':>8}"
            )
            print(f"{label:>17} {strategy:>8} {fmt_bytes(size):>10} {build_s:>8.2f} "
                  f"{draw_s:>8.2f} {ratios}")  # fmt: skip
    if cluster_rows:
        print()
        print("Incident cluster alone (every incident a marker): browser draw, best")
        print(f"{'N':>9} {'script':>28} {'draw s':>8}")
        for count, version, draw_s in cluster_rows:
            print(f"{count:>9,} {version:>28} {draw_s:>8.2f}")


if __name__ == "__main__":
    main()
