"""Real-browser harness: the app under `streamlit run`, driven by Playwright + Debian's Chromium.

Every test gets a fresh browser context that records every request (any host other than
127.0.0.1/localhost fails the test, and the request is aborted) and every console error or
uncaught page exception (fails the test unless listed in ALLOWED_CONSOLE_ERRORS with its
reason). Outside CI a missing Chromium/Playwright/app.py skips with an install hint; under
CI=true it fails instead, so the browser suite can never pass by skipping.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))  # Debian's package
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    f"the browser tests need Chromium at {CHROMIUM}: sudo apt-get install -y chromium "
    "(or set CHROMIUM_PATH; ./run_tests.sh installs it by itself under CI=true as root)"
)
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SERVER_LOG = REPO / "artifacts" / "streamlit-browser-tests.log"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1280, "height": 720}  # the screen-sharing size the dashboard must suit
APP_START_TIMEOUT_S = 60

# (message pattern, URL pattern, why it is harmless)
ALLOWED_CONSOLE_ERRORS = [
    (
        r"^Failed to load resource: the server responded with a status of 404",
        r"^http://[^/]+/.+/_stcore/(health|host-config)$",
        "opened on a page URL, Streamlit's frontend first probes /<page>/_stcore/... to find "
        "the server's base path, then uses /_stcore/...",
    ),
]

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Counted with Leaflet's own objects, so canvas rendering and clustering do not hide anything:
# polygons on the map, and incident markers (those inside marker clusters included; region
# name labels, which are non-interactive DivIcon markers, excluded).
COUNT_MAP_LAYERS_JS = """() => {
    if (!window.L) return null;
    // streamlit-folium names the map `map_div`, like its <div> (window.map_div is the div
    // until the map script has run).
    const map = window.map_div;
    if (!(map instanceof L.Map)) return null;
    const groups = [];
    map.eachLayer(l => {
        if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) groups.push(l);
    });
    let polygons = 0, markers = 0;
    map.eachLayer(l => {
        if (l instanceof L.Polygon) polygons++;
        else if (L.MarkerCluster && l instanceof L.MarkerCluster) return;
        else if ((l instanceof L.CircleMarker || l instanceof L.Marker)
                 && l.options.interactive !== false && !groups.some(g => g.hasLayer(l))) markers++;
    });
    for (const g of groups) markers += g.getLayers().length;
    return {polygons, markers};
}"""


def _map_condition(condition: str) -> str:
    """A JS predicate over the map counts `c` (and an argument `n`) for wait_for_function."""
    return f"(n) => {{ const c = ({COUNT_MAP_LAYERS_JS})(); return !!c && ({condition}); }}"


APP_IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> None:
    """Skip with the reason outside CI; under CI the browser tests must run, so fail."""
    if in_ci():
        pytest.fail(f"{reason} [CI=true: browser tests may not skip]", pytrace=False)
    pytest.skip(reason)


@dataclass
class BrowserLog:
    """What the page did: every request URL, the external ones, console errors."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def record(self, url: str) -> bool:
        """Record a request; True when it stays on this machine."""
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS:
            return True
        self.external.append(url)
        return False

    def console(self, text: str, url: str) -> None:
        for message, location, _why in ALLOWED_CONSOLE_ERRORS:
            if re.search(message, text) and re.search(location, url):
                return
        self.console_errors.append(f"{text} (at {url})" if url else text)

    def problems(self) -> list[str]:
        return [f"request left the machine: {url}" for url in self.external] + [
            f"console error: {text}" for text in self.console_errors
        ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def datasets_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's saved-datasets folder (INCIDENTS_DATA_DIR): throwaway, not var/datasets."""
    return tmp_path_factory.mktemp("datasets")


@pytest.fixture(scope="session")
def app_url(datasets_dir: Path) -> Iterator[str]:
    """Base URL of the app started with `streamlit run` on a free loopback port."""
    if not (REPO / "app.py").is_file():
        unavailable("app.py does not exist yet")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "INCIDENTS_DATA_DIR": str(datasets_dir),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + APP_START_TIMEOUT_S
            while not _answers(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not start on {url}:\n{SERVER_LOG.read_text()[-3000:]}",
                        pytrace=False,
                    )
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        unavailable(INSTALL_HINT)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is missing: run ./run_tests.sh (it installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


class AppPage:
    """A Playwright page on the app, with the waits and checks every test needs."""

    def __init__(self, page, log: BrowserLog) -> None:
        self.page = page
        self.log = log

    def open(self, path: str = "/") -> AppPage:
        self.page.goto(path)
        self.wait_until_idle()
        # Component iframes (the maps) mount after the run and load their scripts after that.
        self.page.wait_for_load_state("networkidle")
        self.wait_for_maps()
        return self

    def map_frames(self, at_least: int = 0) -> list:
        """The streamlit-folium iframes, in page order (waits for `at_least` of them)."""
        iframes = self.page.locator(MAP_IFRAME)
        if at_least:
            iframes.nth(at_least - 1).wait_for(state="attached")
        return [handle.content_frame() for handle in iframes.element_handles()]

    def wait_for_maps(self) -> None:
        """Wait until every streamlit-folium map has Leaflet running and something drawn."""
        for frame in self.map_frames():
            frame.wait_for_function(_map_condition("c.polygons + c.markers > 0"))

    def wait_for_map_markers(self, count: int, index: int = 0) -> None:
        """Wait until the index-th map draws `count` incident markers (layers update in place)."""
        frame = self.map_frames(at_least=index + 1)[index]
        frame.wait_for_function(_map_condition("c.markers === n"), arg=count)

    def map_counts(self, index: int = 0) -> dict[str, int]:
        """{"polygons": n, "markers": n} drawn by the index-th map of the page."""
        frame = self.map_frames(at_least=index + 1)[index]
        frame.wait_for_function(_map_condition("c.polygons + c.markers > 0"))
        return frame.evaluate(COUNT_MAP_LAYERS_JS)

    def wait_until_idle(self) -> None:
        """Wait for the script run to finish (and still be finished a moment later)."""
        for _ in range(2):
            self.page.wait_for_timeout(300)
            self.page.locator(APP_IDLE).wait_for()

    def nav_links(self) -> dict[str, str]:
        """Page title -> URL path, from the navigation menu."""
        links = self.page.locator(
            'a[data-testid="stSidebarNavLink"], a[data-testid="stTopNavLink"]'
        )
        return {
            link.inner_text().strip(): urlsplit(link.get_attribute("href") or "").path or "/"
            for link in links.all()
        }

    def assert_no_exception(self) -> None:
        exceptions = self.page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, exceptions.first.inner_text()
        assert "Traceback (most recent call last)" not in self.page.locator("body").inner_text()

    def screenshot(self, name: str) -> Path:
        """Save a screenshot to artifacts/screenshots/<name>.png (git-ignored)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _stay_local(log: BrowserLog):
    """A route handler that records every request and aborts those leaving the machine."""

    def handle(route) -> None:
        if log.record(route.request.url):
            route.continue_()
        else:
            route.abort()

    return handle


@pytest.fixture(scope="session")
def nav_paths(browser, app_url: str) -> dict[str, str]:
    """Navigation label -> URL path, read once from the entry page."""
    log = BrowserLog()
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.route("**/*", _stay_local(log))
    try:
        return AppPage(context.new_page(), log).open("/").nav_links()
    finally:
        context.close()


@pytest.fixture(scope="session")
def page_path(nav_paths: dict[str, str]):
    """page_path("Map") -> URL path of the navigation entry whose label contains "Map"
    (labels may carry icon text), or None when there is no such page."""

    def find(title: str) -> str | None:
        for label, path in nav_paths.items():
            if title.lower() in label.lower():
                return path
        return None

    return find


@pytest.fixture
def app(browser, app_url: str, request: pytest.FixtureRequest) -> Iterator[AppPage]:
    """A fresh page on the app whose requests and console are watched; problems fail the test."""
    log = BrowserLog()
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(30_000)

    context.route("**/*", _stay_local(log))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and log.console(m.text, m.location["url"]))
    page.on("pageerror", lambda error: log.console(f"uncaught {error}", ""))
    page.on("websocket", lambda ws: log.record(ws.url))
    yield AppPage(page, log)
    if getattr(request.node, "call_failed", False):
        AppPage(page, log).screenshot(f"FAILED-{request.node.name}")
    context.close()
    if problems := log.problems():
        pytest.fail("\n".join(problems), pytrace=False)
