"""Time the dashboard's queries with pandas and with the query engine, on 10k to 1M incidents.

    python scripts/benchmark_engine.py [--counts 10000 100000 1000000] [--repeat 3] [--seed 42]

For each count, synthetic incidents (seeded: real GeoNames places of Mali, so real regions
and cercles, with French and English titles and quotes) are saved as GeoParquet by
``incidents.store.save_dataset`` into a temporary directory. Then, per query:

- pandas, as the pages do today: ``store.load_dataset`` (timed once, as "load"), then
  ``IncidentFilter.apply`` and the page's function on the loaded frame;
- the engine on the same file (``incidents.engine.Engine.from_parquet``): what a page needs,
  the count and a first page of 100 rows (or the aggregate, or the options), and, for the
  filters, every kept row with every column too. A new engine's first text search, which
  folds the searched text once, is timed apart ("text search: first").

The queries: region + year, a two-word text search, incidents and figures per region
(``incidents.aggregate.per_unit`` against ``Engine.aggregate``) and the sidebar's options
(every spec's ``options`` against ``Engine.options`` and ``Engine.period``). Each is run
``--repeat`` times, the best time kept; ratios are pandas over engine, in the same run, so
figures from different machines compare.

With ``--tables rerun`` (or both), a second table times the data work of one Incidents page
rerun for a view no session has asked for yet (a cache miss; later sessions on the view reuse
the result): as the dashboard did it with whole-frame pandas (the dataset unpickled from
``st.cache_data``, ``IncidentFilter.apply``, every option list from the whole frame, the table
and the picker built from every kept row) and as it does it now (``ui.data``: the engine's
positions of the kept rows taken from the shared frame, option lists on the spanning sample,
the table's page of 100 rows, a picker search of at most 50 matches). The engine is opened on
the loaded frame as the dashboard opens it, its search text folded first (timed apart). The
columns the dashboard joins when it loads a dataset are left out of both. Not a test.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.boundaries import admin_units
from geo.gazetteer import load_gazetteer
from incidents import store
from incidents.aggregate import per_unit
from incidents.engine import Engine
from incidents.filters import FILTERS, IncidentFilter
from incidents.frame import conform
from incidents.model import EVENT_TYPES, PERPETRATOR_TYPES
from ui.blocks import incidents_table
from ui.data import OPTION_COLUMNS

PAGE = 100
REGION_AND_YEAR = IncidentFilter(regions=("Mopti",), years=(2020,))
TEXT_SEARCH = IncidentFilter(text="marché attaqué")
# Sentences with a place; a search for two of their words keeps a few percent of the rows.
TITLES_FR = (
    "Attaque contre le village de {place}",
    "Des civils tués au marché de {place}",
    "Enlèvement de civils près de {place}",
    "Affrontements à {place}",
    "Manifestation réprimée à {place}",
)
TITLES_EN = (
    "Attack on {place} village",
    "Civilians killed at {place} market",
    "Civilians abducted near {place}",
    "Clashes in {place}",
    "Protest dispersed in {place}",
)
QUOTES = (
    "Des hommes armés ont attaqué le marché hebdomadaire de {place} et incendié des boutiques.",
    "Selon des témoins, les assaillants ont tué des civils et volé du bétail près de {place}.",
    "Le poste de {place} a été attaqué à l'aube ; les bilans restent provisoires.",
    "Des habitants de {place} ont fui vers la ville voisine après les violences.",
    "Armed men attacked the weekly market of {place} and set fire to shops.",
    "Witnesses said the attackers killed civilians near {place} and took cattle.",
)


def _fill(templates: tuple[str, ...], places: np.ndarray, rng: np.random.Generator) -> list[str]:
    chosen = rng.integers(0, len(templates), len(places))
    return [templates[i].format(place=place) for i, place in zip(chosen, places, strict=True)]


def synthetic_incidents(count: int, seed: int) -> gpd.GeoDataFrame:
    """``count`` incidents with the frame's columns (``incidents.frame.conform``)."""
    rng = np.random.default_rng(seed)
    places = load_gazetteer()
    places = places[(places["feature_class"] == "P") & places["admin2"].notna()]
    chosen = places.iloc[rng.integers(0, len(places), count)]
    names = chosen["name"].to_numpy()
    start = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 13 * 365, count), "D")
    spans = rng.choice([0, 0, 0, 0, 6, 29], count)
    # -1 stands for "the source states no number"
    killed = pd.Series(rng.choice([-1, 0, 0, 1, 2, 5, 12, 40], count), dtype="Int64")
    injured = pd.Series(rng.choice([-1, -1, 0, 1, 3, 8], count), dtype="Int64")
    frame = pd.DataFrame(
        {
            "id": [f"SYN-{i:07d}" for i in range(count)],
            "title": _fill(TITLES_EN, names, rng),
            "title_fr": _fill(TITLES_FR, names, rng),
            "date_start": start,
            "date_end": start + pd.to_timedelta(spans, "D"),
            "date_precision": np.where(spans == 0, "day", "week"),
            "event_type": rng.choice(list(EVENT_TYPES), count),
            "perpetrator_type": rng.choice(list(PERPETRATOR_TYPES), count),
            "location": names,
            "killed": killed.where(killed >= 0, pd.NA).to_numpy(),
            "injured": injured.where(injured >= 0, pd.NA).to_numpy(),
            "source": "synthetic",
            "source_quote": _fill(QUOTES, names, rng),
            "admin1": chosen["admin1"].to_numpy(),
            "admin2": chosen["admin2"].to_numpy(),
            "admin3": chosen["admin3"].to_numpy(),
            "latitude": chosen["latitude"].to_numpy(),
            "longitude": chosen["longitude"].to_numpy(),
            "geo_precision": "point",
            "geocode_status": "matched",
            "source_format": "synthetic",
        }
    )
    points = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
    return conform(gpd.GeoDataFrame(frame, geometry=points))


def best_seconds(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best time of ``repeat`` runs, and what the last run returned."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def sidebar_options(incidents: pd.DataFrame) -> dict[str, list[Any]]:
    return {
        spec.name: spec.options(incidents, IncidentFilter()) for spec in FILTERS if spec.options
    }


def engine_options(engine: Engine) -> tuple[list[str], list[str], Any]:
    return engine.options("event_type"), engine.options("perpetrator_type"), engine.period()


def measure(count: int, seed: int, repeat: int, folder: Path) -> list[tuple[str, ...]]:
    path = store.save_dataset(f"synthetic-{count}", synthetic_incidents(count, seed), folder)
    load, incidents = best_seconds(lambda: store.load_dataset(path.stem, folder), repeat)
    engine = Engine.from_parquet(path)
    regions = admin_units(1)
    rows: list[tuple[str, ...]] = []

    def row(query: str, pandas_s: float, engine_s: float, full_s: float | None, kept: str) -> None:
        full = "" if full_s is None else f"{full_s:.3f}"
        rows.append(
            (
                f"{count:,}",
                query,
                kept,
                f"{pandas_s:.3f}",
                f"{load + pandas_s:.3f}",
                f"{engine_s:.3f}",
                full,
                f"{pandas_s / engine_s:.1f}x",
                f"{(load + pandas_s) / engine_s:.1f}x",
            )
        )

    for name, flt in (("region + year", REGION_AND_YEAR), ("text search", TEXT_SEARCH)):
        pandas_s, kept = best_seconds(lambda f=flt: f.apply(incidents), repeat)
        engine_s, (counted, page) = best_seconds(
            lambda f=flt: (engine.count(f), engine.select(f, limit=PAGE)), repeat
        )
        full_s, everything = best_seconds(lambda f=flt: engine.select(f), repeat)
        assert counted == len(kept) == len(everything), (name, counted, len(kept))
        assert list(page["id"]) == list(kept["id"][:PAGE]), name
        row(name, pandas_s, engine_s, full_s, f"{len(kept):,}")
        if flt.text:
            # The engine folds the searched text once, at its first search.
            first_s, _ = best_seconds(lambda f=flt: Engine.from_parquet(path).count(f), 1)
            row(f"{name}: first", pandas_s, first_s, None, f"{len(kept):,}")

    pandas_s, table = best_seconds(lambda: per_unit(incidents, regions, "admin1"), repeat)
    engine_s, summed = best_seconds(lambda: engine.aggregate(by="admin1"), repeat)
    assert summed["incidents"].sum() == table["incidents"].sum(), "aggregate"
    row("per-region aggregate", pandas_s, engine_s, None, f"{len(summed)} regions")

    pandas_s, _ = best_seconds(lambda: sidebar_options(incidents), repeat)
    engine_s, _ = best_seconds(lambda: engine_options(engine), repeat)
    row("sidebar options", pandas_s, engine_s, None, "")
    print(f"{count:,} incidents: file {path.stat().st_size / 2**20:.1f} MiB, load {load:.3f} s")
    return rows


MATCHES = 50  # the Incidents page's picker


def rerun_before(pickled: bytes, flt: IncidentFilter) -> int:
    incidents = pickle.loads(pickled)
    kept = flt.apply(incidents)
    sidebar_options(incidents)
    table = incidents_table(kept)
    picker = {i: f"{i} — {t}" for i, t in zip(table["id"], table["title"], strict=True)}
    return len(picker)


def rerun_after(
    engine: Engine, incidents: gpd.GeoDataFrame, sample: gpd.GeoDataFrame, flt: IncidentFilter
) -> int:
    kept = incidents.iloc[engine.positions(flt)] if flt.is_active else incidents
    sidebar_options(sample)
    incidents_table(kept.iloc[:PAGE])
    search = flt.replace(text=f"{flt.text} civils")
    incidents_table(incidents.iloc[engine.positions(search, limit=MATCHES + 1)])
    return len(kept)


def measure_rerun(count: int, seed: int, repeat: int, folder: Path) -> list[tuple[str, ...]]:
    path = store.save_dataset(f"synthetic-{count}", synthetic_incidents(count, seed), folder)
    incidents = store.load_dataset(path.stem, folder)
    pickled = pickle.dumps(incidents)
    unpickle_s, _ = best_seconds(lambda: pickle.loads(pickled), repeat)
    open_s, engine = best_seconds(lambda: Engine.from_frame(incidents), 1)
    fold_s, _ = best_seconds(engine.prepare_search, 1)
    sample_s, sample = best_seconds(
        lambda: incidents.iloc[engine.spanning_positions(OPTION_COLUMNS)], 1
    )
    print(
        f"{count:,} incidents: pickled {len(pickled) / 2**20:.0f} MiB, unpickled in "
        f"{unpickle_s:.2f} s; once per dataset version: engine opened on the frame in "
        f"{open_s:.2f} s, search text folded in {fold_s:.2f} s, option sample of "
        f"{len(sample)} incidents in {sample_s:.2f} s"
    )
    rows = []
    views = (
        ("no filter", IncidentFilter()),
        ("region + year", REGION_AND_YEAR),
        ("text search", TEXT_SEARCH),
    )
    for name, flt in views:
        before_s, shown = best_seconds(lambda f=flt: rerun_before(pickled, f), repeat)
        after_s, kept = best_seconds(
            lambda f=flt: rerun_after(engine, incidents, sample, f), repeat
        )
        assert shown == kept, (name, shown, kept)
        rows.append(
            (
                f"{count:,}",
                name,
                f"{kept:,}",
                f"{before_s:.3f}",
                f"{after_s:.3f}",
                f"{before_s / after_s:.1f}x",
            )
        )
    return rows


RERUN_HEADER = ("N", "view", "kept", "before s (pandas)", "now s (engine)", "before / now")

HEADER = (
    "N",
    "query",
    "kept",
    "pandas s",
    "load + pandas s",
    "engine s (page)",
    "engine s (all rows)",
    "pandas / engine",
    "load + pandas / engine",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--tables", nargs="+", choices=["queries", "rerun"], default=["queries", "rerun"]
    )
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    reruns: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="benchmark-engine-") as folder:
        for count in args.counts:
            if "queries" in args.tables:
                rows += measure(count, args.seed, args.repeat, Path(folder))
            if "rerun" in args.tables:
                reruns += measure_rerun(count, args.seed, args.repeat, Path(folder))
    if rows:
        print(f"best of {args.repeat}; the engine's page is count + {PAGE} rows")
        _print_table(HEADER, rows)
    if reruns:
        print(f"best of {args.repeat}; an Incidents page rerun for a view not yet cached")
        _print_table(RERUN_HEADER, reruns)


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
