"""Time to render the slide map as PNG for 1,000 and 20,000 synthetic incidents.

    python scripts/benchmark_slides.py [--counts 0 1000 20000] [--repeat 3] [--seed 42]

Incidents are placed at random GeoNames populated places (so they have real regions and
cercles), with random event types, dates over 2018-2024 and casualty figures. Each case is
rendered ``--repeat`` times at 1280x720 and at 1920x1080; the table gives the best and the
median time and the ratio of the best to the baseline measured in the same run (the 1,000
incident map at 1280x720), so figures from different machines compare. The first render of
the run (boundaries, gazetteer and fonts loaded) is timed apart as "cold". The briefing PDF
(map, chart and at most ``viz.briefing.MAX_LISTED`` incidents listed) is timed once per
count. Not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import pandas as pd

from geo.boundaries import admin_units
from geo.gazetteer import load_gazetteer
from incidents.frame import CURATED_COLUMNS, conform
from viz.briefing import briefing_pdf
from viz.slides import SLIDE_SIZES
from viz.static_map import map_png
from viz.style import EVENT_TYPE_COLOURS

BASELINE = (1000, SLIDE_SIZES[0])
PRECISIONS = ["point"] * 6 + ["near", "commune", "cercle"]


def synthetic_incidents(count: int, seed: int) -> gpd.GeoDataFrame:
    rng = random.Random(seed)
    places = load_gazetteer()
    places = places[(places["feature_class"] == "P") & places["admin2"].notna()]
    chosen = places.sample(n=count, replace=True, random_state=seed)
    start = pd.Timestamp("2018-01-01")
    days = [start + pd.Timedelta(days=rng.randrange(0, 7 * 365)) for _ in range(count)]
    frame = pd.DataFrame(
        {
            "id": [f"SYN-{i:06d}" for i in range(count)],
            "title": [f"Synthetic incident {i}" for i in range(count)],
            "date_start": days,
            "date_end": days,
            "date_precision": "day",
            "event_type": [rng.choice(list(EVENT_TYPE_COLOURS)) for _ in range(count)],
            "killed": [rng.choice([None, 0, 1, 3, 10, 40]) for _ in range(count)],
            "injured": [rng.choice([None, 0, 2, 5]) for _ in range(count)],
            "location": chosen["name"].to_numpy(),
            "admin1": chosen["admin1"].to_numpy(),
            "admin2": chosen["admin2"].to_numpy(),
            "admin3": chosen["admin3"].to_numpy(),
            "latitude": chosen["latitude"].to_numpy(),
            "longitude": chosen["longitude"].to_numpy(),
            "geo_precision": [rng.choice(PRECISIONS) for _ in range(count)],
            "source": "synthetic",
        }
    )
    points = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
    return conform(gpd.GeoDataFrame(frame, geometry=points), CURATED_COLUMNS)


def render_seconds(incidents: gpd.GeoDataFrame, regions: gpd.GeoDataFrame, size) -> float:
    started = time.perf_counter()
    png = map_png(incidents, regions, title="Benchmark", size=size, source="synthetic")
    elapsed = time.perf_counter() - started
    assert png.startswith(b"\x89PNG")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[0, 1000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    regions = admin_units(1)
    counts = sorted(set(args.counts) | {BASELINE[0]})
    datasets = {count: synthetic_incidents(count, args.seed) for count in counts}
    cold = render_seconds(datasets[BASELINE[0]], regions, BASELINE[1])
    timings = {
        (count, size): [render_seconds(datasets[count], regions, size) for _ in range(args.repeat)]
        for count in counts
        for size in SLIDE_SIZES
    }
    baseline = min(timings[BASELINE])
    print(f"cold first render ({BASELINE[0]:,} incidents, 1280x720): {cold:.3f} s")
    print(f"{'incidents':>10} {'size':>10} {'best s':>8} {'median s':>9} {'x baseline':>11}")
    for (count, size), seconds in timings.items():
        best, median = min(seconds), statistics.median(seconds)
        label = f"{size[0]}x{size[1]}"
        print(f"{count:>10,} {label:>10} {best:>8.3f} {median:>9.3f} {best / baseline:>11.2f}")
    print(f"baseline: {BASELINE[0]:,} incidents at 1280x720, best of {args.repeat}")
    for count in counts:
        started = time.perf_counter()
        pdf = briefing_pdf(datasets[count], regions, title="Benchmark", dataset="synthetic")
        seconds = time.perf_counter() - started
        print(f"briefing PDF, {count:>6,} incidents: {seconds:.2f} s, {len(pdf) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
