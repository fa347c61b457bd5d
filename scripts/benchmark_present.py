"""Presentation view speed in Chromium: one step and one playback month, at 1,000 and 20,000.

    python scripts/benchmark_present.py [--counts 1000 20000] [--steps 15] [--seed 42]

For each count of synthetic incidents (those of ``scripts/benchmark_slides.py``) it times the
server side (``viz.present.present_config`` + ``present_html``, and the page's size), the
page's own build of it through its cache (``ui.present.document``: the first run, then a
rerun of the same view, which every later rerun and session costs), then
opens the page at 1280x720 in Debian's Chromium, served from this checkout (``/app/static``
mapped to ``static/``, as Streamlit serves it), and times in the page: the load (until the
script is ready), one step to the next incident (the key handler's work until the second
frame after it has been painted; the flight that follows is animated over 0.8 s) and one
month of playback in window mode (the same measure). Medians of ``--steps`` runs. Not a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmark_slides import synthetic_incidents  # same folder: run as a script

from i18n import current_language
from incidents.filters import IncidentFilter
from ui.present import document
from viz.present import PresentView, present_config, present_html

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
TIMED_STEP = """async () => {
    const started = performance.now();
    presenter.next();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - started;
}"""
TIMED_MONTH = """async (month) => {
    const started = performance.now();
    presenter.setMonth(month);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - started;
}"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """``/app/static/...`` from the checkout's ``static/``, anything else from the page folder."""

    def __init__(self, *args, page_dir: str, **kwargs):
        self.page_dir = page_dir
        super().__init__(*args, directory=page_dir, **kwargs)

    def translate_path(self, path: str) -> str:
        if path.startswith("/app/static/"):
            return str(REPO / "static" / path.removeprefix("/app/static/").split("?")[0])
        return super().translate_path(path)

    def log_message(self, *_args) -> None:
        pass


def _serve(page_dir: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Handler, page_dir=page_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure(count: int, steps: int, seed: int, browser, base: str, page_dir: Path) -> dict:
    incidents = synthetic_incidents(count, seed)
    started = time.perf_counter()
    config = present_config(
        incidents, [PresentView(IncidentFilter())], dataset="synthetic", total=count
    )
    html = present_html(config)
    server_s = time.perf_counter() - started
    (page_dir / f"present-{count}.html").write_text(html, encoding="utf-8")
    page_runs = []
    for _ in range(2):  # the first run builds the document, the rerun finds it cached
        started = time.perf_counter()
        views = (PresentView(IncidentFilter()),)
        # the seed names the synthetic dataset, as a saved dataset's version names its file
        document("synthetic", seed, views, count, "", "", current_language(), incidents)
        page_runs.append(time.perf_counter() - started)

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    started = time.perf_counter()
    page.goto(f"{base}/present-{count}.html")
    page.wait_for_function("() => !!window.presenter", timeout=120_000)
    page.evaluate(PAINTED)
    load_s = time.perf_counter() - started
    step_ms = []
    for _ in range(steps):
        step_ms.append(page.evaluate(TIMED_STEP))
        page.wait_for_timeout(900)  # let the flight end, as a presenter would
    page.locator("#cumulative").uncheck()
    months = len(config["months"])
    month_ms = [page.evaluate(TIMED_MONTH, (m * 7) % months) for m in range(steps)]
    drawn = page.evaluate("() => presenter.drawnMarkers()")
    page.close()
    return {
        "count": count,
        "server_s": server_s,
        "first_run_s": page_runs[0],
        "rerun_s": page_runs[1],
        "page_mb": len(html.encode()) / 1e6,
        "load_s": load_s,
        "step_ms": statistics.median(step_ms),
        "month_ms": statistics.median(month_ms),
        "drawn_last_month": drawn,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--steps", type=int, default=15)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server, base = _serve(folder)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            print(
                f"{'incidents':>9}  {'server s':>8}  {'1st run s':>9}  {'rerun s':>7}  "
                f"{'page MB':>7}  {'load s':>6}  {'step ms':>7}  {'month ms':>8}"
            )
            for count in args.counts:
                r = measure(count, args.steps, args.seed, browser, base, Path(folder))
                print(
                    f"{r['count']:>9,}  {r['server_s']:>8.2f}  {r['first_run_s']:>9.2f}  "
                    f"{r['rerun_s']:>7.3f}  {r['page_mb']:>7.1f}  "
                    f"{r['load_s']:>6.2f}  {r['step_ms']:>7.1f}  {r['month_ms']:>8.1f}"
                )
        finally:
            browser.close()
            server.shutdown()


if __name__ == "__main__":
    main()
