"""The load script speaks Streamlit's protocol to a real server and reports what it measured."""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "load_sessions", ROOT / "scripts" / "load_sessions.py"
)
load = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load
_spec.loader.exec_module(load)

RERUN_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    """The app on a free port of 127.0.0.1, on the curated data: its URL and process."""
    folder = tmp_path_factory.mktemp("load")
    with load.app_server(folder, folder / "server.log") as server:
        yield server


async def _two_sessions(url: str, queries: list[str]) -> list:
    sessions = await load.open_sessions(url, len(queries), RERUN_TIMEOUT_S)
    try:
        reruns, _wall = await load.load_round(sessions, "map", queries, RERUN_TIMEOUT_S)
    finally:
        for session in sessions:
            await session.close()
    return reruns


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8501",
        "http://0.0.0.0:8501",
        "http://[::1]:8501",
        "http://192.168.1.5:8501",
        "http://example.org:8501",
        "https://127.0.0.1:8501",
        "http://127.0.0.1",  # no port
        "http://127.0.0.1.example.org:8501",
    ],
)
def test_only_loopback_is_contacted(url: str) -> None:
    with pytest.raises(load.LoadError, match=r"only http://127\.0\.0\.1:PORT"):
        load.loopback_url(url)


def test_a_loopback_url_is_kept() -> None:
    assert load.loopback_url("http://127.0.0.1:8501/") == "http://127.0.0.1:8501"


def test_views_cover_the_year_each_with_its_own_period() -> None:
    views = list(load.fresh_views("region=Mopti&year=2020&lang=en"))

    assert views[:3] == [
        "region=Mopti&lang=en&from=2020-01-01&to=2020-12-31",
        "region=Mopti&lang=en&from=2020-01-01&to=2020-12-30",
        "region=Mopti&lang=en&from=2020-01-01&to=2020-12-29",
    ]
    assert views[-1] == "region=Mopti&lang=en&from=2020-01-01&to=2020-01-02"
    assert len(set(views)) == len(views) == 365


@pytest.mark.parametrize("query", ["region=Mopti", "year=2019&year=2020"])
def test_views_need_one_year(query: str) -> None:
    with pytest.raises(load.LoadError, match="exactly one year"):
        next(load.fresh_views(query))


def test_cpu_shares_compare_with_sessions_times_one() -> None:
    def row(views: str, sessions: int, cpu: float) -> object:
        return load.Row("curated", views, sessions, 1, 0.1, 0.2, 1.0, 1.0, cpu, 400.0, 0)

    rows = load.with_cpu_shares(
        [
            row("same", 1, 2.0),
            row("same", 20, 10.0),
            row("different", 1, 1.0),
            row("different", 5, 5.0),
        ]
    )

    assert [r.cpu_share for r in rows] == [1.0, 0.25, 1.0, 1.0]
    assert rows[1].cpu_per_rerun_s == 0.5


def test_two_sessions_each_get_the_whole_page_of_their_view(app: tuple[str, object]) -> None:
    url, _process = app
    queries = list(itertools.islice(load.fresh_views("region=Mopti&year=2020&lang=en"), 2))

    reruns = asyncio.run(_two_sessions(url, queries))

    for rerun in reruns:
        assert rerun.status == "FINISHED_SUCCESSFULLY"
        assert rerun.exceptions == []
        assert rerun.headers[:2] == ["Filters", "Map"]  # the sidebar, then the page
        assert rerun.elements["component_instance"] == 1  # the map
        assert rerun.elements["download_button"] >= 1
    first, second = (next(m for m in r.markdown if m.startswith("**Showing")) for r in reruns)
    assert "region Mopti\\; from 1 January 2020 to 31 December 2020" in first  # Markdown-escaped
    assert "region Mopti\\; from 1 January 2020 to 30 December 2020" in second


def test_the_command_reports_a_row_per_kind_of_views(
    app: tuple[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _process = app
    report = tmp_path / "rows.json"

    status = load.main(
        ["--url", url, "--sessions", "1", "2", "--json", str(report), "--rerun-timeout", "120"]
    )

    assert status == 0
    rows = json.loads(report.read_text())
    assert [(r["views"], r["sessions"]) for r in rows] == [
        ("same", 1), ("same", 2), ("different", 1), ("different", 2),
    ]  # fmt: skip
    for r in rows:
        assert r["failed"] == 0
        assert 0 < r["median_s"] <= r["p95_s"] <= r["wall_s"] + 1e-6
        assert r["cpu_s"] > 0  # the server's process was found and did the work
    assert [r["cpu_share"] for r in rows if r["sessions"] == 1] == [1.0, 1.0]
    out = capsys.readouterr().out
    assert out.startswith("| dataset | views | sessions |")
    assert out.count("\n| curated |") == 4
