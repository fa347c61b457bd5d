"""Many dashboard sessions at once, without a browser: server time per rerun and throughput.

    python scripts/load_sessions.py [--sessions 1 5 20] [--views same different]
                                    [--page map] [--query "region=Mopti&year=2020"]
                                    [--incidents 20000] [--seed 42] [--rounds 1]
                                    [--rerun-timeout 300] [--timeout 3600] [--json PATH]

It starts the app (``streamlit run app.py``, headless, on a free port of 127.0.0.1, with a
throwaway ``$INCIDENTS_DATA_DIR``) and opens one warm-up session on the page without filters
(Python's imports and the dataset's load, which every view shares, are then done, however
long they take within ``--timeout``). Then, for each kind of views and each number of
sessions K, it opens K sessions at once and has each ask for its page, speaking Streamlit's
own protocol as the browser does: a websocket to ``/_stcore/stream`` (subprotocol
``streamlit``; the XSRF token the browser sends there only authenticates a login cookie,
which these sessions have none of), one ``BackMsg.rerun_script`` carrying the page's URL path
and query string, then ``ForwardMsg``s until ``script_finished``.

The views come from ``--query`` (default ``region=Mopti&year=2020``), its year written as a
period from 1 January to a ``to`` date 0, 1, 2... days before the year's end: nearly the same
incidents, so the same work, but each a filter of its own. Every batch asks for views that no
earlier batch asked for, so nothing it measures was computed before it:

- ``same``: the K sessions all show one such view;
- ``different``: each session shows a view of its own, which no other session can share.

Per row: each rerun's time from the request to ``script_finished`` (median and p95), the wall
time of the K reruns, reruns per second, the server's CPU time (user + system, from psutil)
over those reruns, per rerun, and as a share of K times the one-session figure of the same
kind (well under 1 when sessions share their work), the server's resident memory afterwards,
and the reruns that failed (an exception shown, a compile error, a timeout). With
``--incidents N`` the app shows a dataset of N seeded synthetic incidents (the generator of
``scripts/benchmark_scale.py``) imported through ``python -m incidents import``; without it,
the curated data. ``--rounds R`` has every session ask for its page R times (rounds 2..R:
the same session again, its view kept in session state as after a browser's rerun).

Bounded: each rerun has ``--rerun-timeout`` seconds, the whole run ``--timeout``; only
127.0.0.1 is ever contacted (``--url`` may name an app already running there: it is used as
it is, not restarted, and the views it has shown before may be cached). Numbers from one run
compare; the shared 2-core machine is noisy from run to run. Not a test.

A batch of K sessions on the same view costs well under K times one session when the
sessions share the view's work (its filter result, map and charts); on different views, each
session pays for its own.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import psutil

# Streamlit's wire format only: this script is a client of the app, like a browser.
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251
from websockets.asyncio.client import ClientConnection, connect

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SERVER_START_TIMEOUT_S = 90
DEFAULT_QUERY = "region=Mopti&year=2020"
SESSIONS = (1, 5, 20)
VIEW_KINDS = ("same", "different")
FINISHED = ForwardMsg.ScriptFinishedStatus


class LoadError(RuntimeError):
    """The load cannot be run as asked (a host other than 127.0.0.1, a server that won't start)."""


@dataclass
class Rerun:
    """What one session received for one request of its page."""

    seconds: float = 0.0
    messages: int = 0
    bytes: int = 0
    headers: list[str] = field(default_factory=list)  # st.header / st.title texts, in order
    markdown: list[str] = field(default_factory=list)  # st.markdown / st.caption texts
    elements: dict[str, int] = field(default_factory=dict)  # element kind -> count
    exceptions: list[str] = field(default_factory=list)
    status: str = ""  # FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR, timeout, ...

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions


@dataclass(frozen=True)
class Row:
    """One number of sessions on one kind of views."""

    dataset: str
    views: str
    sessions: int
    round: int
    median_s: float
    p95_s: float
    wall_s: float
    reruns_per_s: float
    cpu_s: float | None
    rss_mb: float | None
    failed: int
    cpu_share: float | None = None  # cpu_s / (sessions x the one-session cpu_s of this kind)

    @property
    def cpu_per_rerun_s(self) -> float | None:
        return None if self.cpu_s is None else self.cpu_s / self.sessions


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, if it is http on 127.0.0.1; anything else is refused."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST or parts.port is None:
        raise LoadError(f"only http://{HOST}:PORT is allowed, not {url!r}")
    return f"http://{HOST}:{parts.port}{parts.path.rstrip('/')}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def app_server(data_dir: Path, log_path: Path) -> Iterator[tuple[str, psutil.Process]]:
    """``streamlit run app.py`` on a free port of 127.0.0.1: its URL and its process."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = {
        **os.environ,
        "INCIDENTS_DATA_DIR": str(data_dir),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", HOST,
        "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise LoadError(
                    f"streamlit did not start on {url}:\n{log_path.read_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield url, psutil.Process(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def listening_process(url: str) -> psutil.Process | None:
    """The process that listens on ``url``'s port, when this user may see it."""
    port = urllib.parse.urlsplit(url).port
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
                return psutil.Process(conn.pid)
    except psutil.AccessDenied:
        pass
    return None


def import_synthetic(count: int, seed: int, data_dir: Path) -> str:
    """Save ``count`` synthetic incidents as a dataset through the import command: its name."""
    from benchmark_scale import synthetic_incidents  # same folder: run as a script

    from incidents.export import to_csv

    name = f"synthetic-{count}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.csv"
        path.write_text(to_csv(synthetic_incidents(count, seed)), newline="")
        subprocess.run(
            [sys.executable, "-m", "incidents", "import", str(path), "--name", name, "--json"],
            cwd=REPO, env={**os.environ, "INCIDENTS_DATA_DIR": str(data_dir)}, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return name


def with_params(query: str, **params: str) -> str:
    """``query`` with ``params`` replacing any of the same name."""
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(query) if k not in params]
    return urllib.parse.urlencode([*pairs, *params.items()])


def fresh_views(query: str) -> Iterator[str]:
    """Queries like ``query`` with its one ``year`` as a period ending 0, 1, 2... days before
    the year's end: about the same incidents, a different filter each (up to 365 of them)."""
    pairs = urllib.parse.parse_qsl(query)
    years = [int(v) for k, v in pairs if k == "year"]
    if len(years) != 1:
        raise LoadError(f"the views need a query with exactly one year, not {query!r}")
    rest = [(k, v) for k, v in pairs if k != "year"]
    last_day = dt.date(years[0], 12, 31)
    for days in range(365):
        to = last_day - dt.timedelta(days=days)
        yield urllib.parse.urlencode([*rest, ("from", f"{years[0]}-01-01"), ("to", str(to))])


def rerun_request(page: str, query: str, page_script_hash: str = "") -> bytes:
    """The BackMsg a browser sends to run ``page`` (its URL path; "" for the default page)."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = page_script_hash
    msg.rerun_script.context_info.locale = "en-US"
    msg.rerun_script.context_info.timezone = "UTC"
    return msg.SerializeToString()


def _record(msg: ForwardMsg, rerun: Rerun) -> None:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    kind = element.WhichOneof("type") or ""
    rerun.elements[kind] = rerun.elements.get(kind, 0) + 1
    if kind == "heading":
        rerun.headers.append(element.heading.body)
    elif kind == "markdown":
        rerun.markdown.append(element.markdown.body)
    elif kind == "exception":
        rerun.exceptions.append(f"{element.exception.type}: {element.exception.message}")


class Session:
    """One browser tab's connection to the app."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket
        self.page_script_hash = ""

    @classmethod
    async def open(cls, url: str, timeout: float) -> Session:
        stream = "ws" + loopback_url(url).removeprefix("http") + "/_stcore/stream"
        websocket = await connect(
            stream, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
            ping_interval=None, compression=None,
        )  # fmt: skip
        return cls(websocket)

    async def request(self, page: str, query: str, timeout: float) -> Rerun:
        """Ask for ``page`` with ``query`` and read until the script has finished."""
        rerun = Rerun()
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                await self.websocket.send(rerun_request(page, query, self.page_script_hash))
                while True:
                    data = await self.websocket.recv()
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    rerun.messages += 1
                    rerun.bytes += len(data)
                    _record(msg, rerun)
                    kind = msg.WhichOneof("type")
                    if kind == "navigation":
                        self.page_script_hash = msg.navigation.page_script_hash
                    elif kind == "script_finished":
                        status = FINISHED.Name(msg.script_finished)
                        if status != "FINISHED_EARLY_FOR_RERUN":  # the app reruns itself
                            rerun.status = status
                            break
        except TimeoutError:
            rerun.status = "timeout"
        rerun.seconds = time.perf_counter() - started
        return rerun

    async def close(self) -> None:
        await self.websocket.close()


def cpu_seconds(process: psutil.Process | None) -> float | None:
    if process is None:
        return None
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


async def load_round(
    sessions: Sequence[Session], page: str, queries: Sequence[str], timeout: float
) -> tuple[list[Rerun], float]:
    """Every session asks for its page at once: what each got, and the wall time."""
    started = time.perf_counter()
    reruns = await asyncio.gather(
        *(s.request(page, q, timeout) for s, q in zip(sessions, queries, strict=True))
    )
    return list(reruns), time.perf_counter() - started


async def open_sessions(url: str, count: int, timeout: float) -> list[Session]:
    return list(await asyncio.gather(*(Session.open(url, timeout) for _ in range(count))))


async def warm_up(url: str, page: str, query: str, timeout: float) -> Rerun:
    """One session on ``page`` with ``query``: the imports and the dataset's load done."""
    (session,) = await open_sessions(url, 1, timeout)
    try:
        return await session.request(page, query, timeout)
    finally:
        await session.close()


async def measure(
    url: str,
    process: psutil.Process | None,
    page: str,
    queries: Sequence[str],
    rounds: int,
    timeout: float,
) -> list[tuple[list[Rerun], float, float | None, float | None]]:
    """Per round: the reruns, the wall time, the server's CPU seconds and RSS in MB after."""
    sessions = await open_sessions(url, len(queries), timeout)
    results = []
    try:
        for _round in range(rounds):
            cpu_before = cpu_seconds(process)
            reruns, wall = await load_round(sessions, page, queries, timeout)
            cpu_after = cpu_seconds(process)
            cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
            rss = None if process is None else process.memory_info().rss / 1e6
            results.append((reruns, wall, cpu, rss))
            if any(r.status == "timeout" for r in reruns):
                break  # a late answer would be read as the next round's
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return results


def make_row(
    dataset: str, views: str, round_: int, reruns: list[Rerun], wall: float,
    cpu: float | None, rss: float | None,
) -> Row:  # fmt: skip
    times = np.array([r.seconds for r in reruns])
    return Row(
        dataset=dataset, views=views, sessions=len(reruns), round=round_,
        median_s=float(np.median(times)), p95_s=float(np.percentile(times, 95)),
        wall_s=wall, reruns_per_s=len(reruns) / wall, cpu_s=cpu, rss_mb=rss,
        failed=sum(not r.ok for r in reruns),
    )  # fmt: skip


def with_cpu_shares(rows: list[Row]) -> list[Row]:
    """Each row's CPU as a share of its sessions times the one-session row of its kind."""
    one = {(r.dataset, r.views, r.round): r.cpu_s for r in rows if r.sessions == 1}
    shared = []
    for r in rows:
        base = one.get((r.dataset, r.views, r.round))
        share = r.cpu_s / (r.sessions * base) if base and r.cpu_s is not None else None
        shared.append(Row(**{**asdict(r), "cpu_share": share}))
    return shared


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    header = (
        "| dataset | views | sessions | round | rerun median s | rerun p95 s | wall s "
        "| reruns/s | server CPU s | CPU s per rerun | CPU / (K x one) | RSS MB | failed |"
    )
    lines = [header, "|" + "---|" * header.count(" | ") + "---|"]
    for r in rows:
        cells = [
            r.dataset, r.views, str(r.sessions), str(r.round), _number(r.median_s),
            _number(r.p95_s), _number(r.wall_s), _number(r.reruns_per_s), _number(r.cpu_s),
            _number(r.cpu_per_rerun_s), _number(r.cpu_share), _number(r.rss_mb, 0),
            str(r.failed),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise LoadError("the overall --timeout is spent")
    return left


def run_kind(
    url: str, process: psutil.Process | None, args: argparse.Namespace, dataset: str,
    views: str, queries: Sequence[str], deadline: float,
) -> list[Row]:  # fmt: skip
    """The sessions on ``queries`` (one per session): one row per round."""
    timeout = min(args.rerun_timeout, time_left(deadline))
    rounds = asyncio.run(measure(url, process, args.page, queries, args.rounds, timeout))
    rows = [
        make_row(dataset, views, index + 1, reruns, wall, cpu, rss)
        for index, (reruns, wall, cpu, rss) in enumerate(rounds)
    ]
    # The page header's bold line says what the view holds: proof the query and dataset took.
    shown = next((m for m in rounds[0][0][0].markdown if m.startswith("**")), "")
    print(f"  first session shows: {shown}", file=sys.stderr)
    for reruns in (reruns for reruns, *_rest in rounds):
        for problem in {f"{r.status} {r.exceptions}" for r in reruns if not r.ok}:
            print(f"  failed rerun: {problem}", file=sys.stderr)
    return rows


def run_all(
    url: str, process: psutil.Process | None, args: argparse.Namespace, dataset: str,
    deadline: float,
) -> list[Row]:  # fmt: skip
    """Warm up, then every kind of views with every number of sessions."""
    extra = {} if dataset == "curated" else {"dataset": dataset}
    print(f"{dataset}: warming up", file=sys.stderr)
    warm = asyncio.run(
        warm_up(url, args.page, with_params("", lang="en", **extra), time_left(deadline))
    )
    if not warm.ok:
        raise LoadError(f"the warm-up run failed: {warm.status} {warm.exceptions}")
    views_left = fresh_views(with_params(args.query, lang="en", **extra))
    rows: list[Row] = []
    for views in args.views:
        for count in args.sessions:
            print(f"{dataset}: {count} session(s), {views} view(s)", file=sys.stderr)
            try:
                view_list = [next(views_left)] * count if views == "same" else [
                    next(views_left) for _ in range(count)
                ]  # fmt: skip
            except StopIteration:
                raise LoadError("out of views: ask for fewer sessions") from None
            rows += run_kind(url, process, args, dataset, views, view_list, deadline)
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=list(SESSIONS))
    parser.add_argument("--views", nargs="+", choices=VIEW_KINDS, default=list(VIEW_KINDS))
    parser.add_argument("--page", default="map", help="the page's URL path ('' = Overview)")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="the view's query string")
    parser.add_argument("--incidents", type=int, help="import N synthetic incidents and show them")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=1, help="requests of the page per session")
    parser.add_argument("--rerun-timeout", type=float, default=300, metavar="SECONDS")
    parser.add_argument("--timeout", type=float, default=3600, metavar="SECONDS")
    parser.add_argument("--url", help=f"an app already running on http://{HOST}:PORT")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    if args.url:
        args.url = loopback_url(args.url)
        if args.incidents:
            parser.error("--incidents starts an app of its own: leave out --url")
    if min(args.sessions) < 1 or args.rounds < 1:
        parser.error("--sessions and --rounds must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    deadline = time.monotonic() + args.timeout
    with tempfile.TemporaryDirectory(prefix="load-sessions-") as folder:
        data_dir = Path(folder) / "datasets"
        data_dir.mkdir()
        dataset = "curated"
        if args.incidents:
            dataset = import_synthetic(args.incidents, args.seed, data_dir)
        with ExitStack() as stack:
            if args.url:
                url, process = args.url, listening_process(args.url)
            else:
                log = Path(folder) / "server.log"
                url, process = stack.enter_context(app_server(data_dir, log))
            rows = run_all(url, process, args, dataset, deadline)
    rows = with_cpu_shares(rows)
    print(table(rows))
    if args.json:
        records = [{**asdict(r), "cpu_per_rerun_s": r.cpu_per_rerun_s} for r in rows]
        args.json.write_text(json.dumps(records, indent=2) + "\n")
    return 1 if any(r.failed for r in rows) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LoadError as error:
        sys.exit(f"load_sessions: {error}")
