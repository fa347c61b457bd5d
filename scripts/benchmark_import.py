"""How the command-line import scales: wall time and peak memory for ACLED-format files.

    python scripts/benchmark_import.py [--sizes 100000 1000000] [--seed 42] [--keep DIR]

For each N it writes a synthetic ACLED export of N incidents inside Mali (the incidents of
``benchmark_scale.synthetic_incidents``: real GeoNames places, ACLED-like types, dates and
figures, one point per place name as in ACLED; a tenth of the rows without coordinates, so
they are geocoded from their location, and a twentieth repeating the event of the row before
with another actor, as a monadic export does), then runs ``python -m incidents import FILE
--replace`` in a fresh
process and prints the file's size, the wall time, the CPU time (user + system: on a shared
machine the steadier figure), the peak resident memory of that process (``ru_maxrss``) and
that peak per byte of file. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark_scale import synthetic_incidents

REPO = Path(__file__).resolve().parent.parent
ACLED_HEADER = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
ACTORS = (
    "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali (2021-)",
    "Dan Na Ambassagou", "Islamic State (Sahel)", "Unidentified Armed Group (Mali)",
)  # fmt: skip
WITHOUT_POINT = 0.1  # share of rows without coordinates: placed by the geocoder
MONADIC = 0.05  # share of rows repeating the previous row's event with another actor


def write_acled_csv(path: Path, count: int, seed: int = 42) -> None:
    """An ACLED-format CSV of ``count`` rows (more with the monadic repeats) at ``path``."""
    incidents = synthetic_incidents(count, seed)
    rng = np.random.default_rng(seed + 1)
    no_point = rng.random(count) < WITHOUT_POINT
    repeat = rng.random(count) < MONADIC
    actor = rng.integers(0, len(ACTORS), count)
    precision = rng.choice(["1", "2", "3"], size=count, p=[0.6, 0.3, 0.1])
    points: dict[str, tuple[float, float]] = {}  # ACLED gives a place name one point
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(ACLED_HEADER)
        columns = zip(
            incidents["id"], incidents["date_start"], incidents["event_type"],
            incidents["sub_event_type"], incidents["admin1"], incidents["admin2"],
            incidents["location"], incidents["latitude"], incidents["longitude"],
            incidents["killed"], incidents["source_quote"], strict=True,
        )  # fmt: skip
        for i, (id_, day, kind, sub, admin1, admin2, place, lat, lon, killed, quote) in enumerate(
            columns
        ):
            civilians = kind == "Violence against civilians"
            lat, lon = points.setdefault(place, (lat, lon))
            row = [
                id_, day.strftime("%d %B %Y"), day.year, "1", "Political violence", kind, sub,
                ACTORS[actor[i]], "", "2", "" if civilians else "Civilians (Mali)", "", "7",
                "27", "Civilian targeting" if civilians else "", "466", "Western Africa",
                "Mali", admin1, admin2 or "", "", place,
                "" if no_point[i] else f"{lat:.4f}", "" if no_point[i] else f"{lon:.4f}",
                precision[i], "Local partner; AFP", "Subnational", quote,
                "" if pd.isna(killed) else int(killed), "", "1700000000",
            ]  # fmt: skip
            writer.writerow(row)
            if repeat[i] and civilians:  # the same event, the victims' row of a monadic file
                row[7], row[9] = "Civilians (Mali)", "7"
                writer.writerow(row)


def measure(path: Path, data_dir: Path) -> tuple[float, float, int, str]:
    """Wall and CPU seconds and peak RSS (bytes) of one CLI import of ``path``, and the start
    of its summary."""
    env = {**os.environ, "INCIDENTS_DATA_DIR": str(data_dir), "INCIDENTS_MAX_UPLOAD_MB": "4096"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "import", str(path), "--replace", "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr.strip()[-2000:]}")
    if after.ru_maxrss <= before.ru_maxrss:
        print("  (peak memory not above an earlier run's: shown as that run's)", file=sys.stderr)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, after.ru_maxrss * 1024, done.stdout.strip()[:120]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the CSV files in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="benchmark-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in sorted(args.sizes):  # growing: each run's peak is above the last one's
        path = folder / f"acled-synthetic-{count}.csv"
        if not path.is_file():
            write_acled_csv(path, count, args.seed)
        with tempfile.TemporaryDirectory(prefix="benchmark-import-store-") as data_dir:
            wall, cpu, peak, summary = measure(path, Path(data_dir))
        size = path.stat().st_size
        rows.append((count, size, wall, cpu, peak))
        print(f"  measured N={count:,}: {summary}", file=sys.stderr, flush=True)
        if not args.keep:
            path.unlink()
    print("CLI import of a synthetic ACLED export (python -m incidents import)")
    print(f"{'N':>10} {'file MiB':>9} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'x file':>7}")
    for count, size, wall, cpu, peak in rows:
        print(f"{count:>10,} {size / 2**20:>9.1f} {wall:>8.1f} {cpu:>8.1f} {peak / 2**20:>9.0f} "
              f"{peak / size:>7.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
