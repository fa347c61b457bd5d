"""Rebuild ``osm_place_names.csv`` from an OpenStreetMap extract of Mali's place nodes.

    python scripts/eval_data/build_osm_place_names.py mali.sqlite [--per-region 70]

The input is ``Africa/mali.sqlite.zip`` (unzipped) of the public repository
``ObiWanLansi/GeoData`` (see README.md for the commit): OpenStreetMap's point nodes of Mali,
2019, one table ``NODE`` with ``NAME``, ``LAT``, ``LON``, ``TAG`` and ``VALUE``. Kept:

1. nodes tagged ``place`` = town, village or hamlet with a name, inside Mali's polygons;
2. names that occur once among all the extract's place nodes (normalised), so the node's own
   point is the only right answer;
3. not a copy of the geocoder's gazetteers: a node whose name has the key of a GeoNames or
   OCHA settlement less than ``COPY_KM`` from it was imported from them (two surveys of one
   village never agree to 50 m), so it measures nothing;
4. at most ``--per-region`` per region, drawn with a fixed seed.

OpenStreetMap has no cercle of its own: the hint is the cercle our polygons put the node in,
as a reporter who knows the area would write it.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from geo.boundaries import haversine_km, locate_communes
from geo.gazetteer import load_gazetteer, load_settlements
from geo.normalize import name_key

SOURCE = (
    "OpenStreetMap place nodes of Mali (2019) via "
    "https://github.com/ObiWanLansi/GeoData/blob/3f600c7e2fc03022ee6ae6a2a1c763d28db1fe0c/"
    "Africa/mali.sqlite.zip"
)
LICENCE = "ODbL 1.0, (c) OpenStreetMap contributors"
PLACE_VALUES = ("town", "village", "hamlet")
COPY_KM = 0.05
OUT = Path(__file__).resolve().parent / "osm_place_names.csv"


def read_nodes(path: Path) -> pd.DataFrame:
    with sqlite3.connect(path) as db:
        return pd.read_sql_query(
            "SELECT ID, NAME, LAT, LON, VALUE FROM NODE WHERE TAG = 'place' AND NAME IS NOT NULL",
            db,
        )


def gazetteer_points() -> dict[str, list[tuple[float, float]]]:
    """(lon, lat) of every GeoNames and OCHA settlement, by name key (every spelling)."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    gaz = load_gazetteer()
    for name, alternates, lat, lon in zip(
        gaz["name"], gaz["alternatenames"], gaz["latitude"], gaz["longitude"], strict=True
    ):
        for spelling in {name, *alternates}:
            points[name_key(spelling)].append((lon, lat))
    ocha = load_settlements()
    for name, lat, lon in zip(ocha["name"], ocha["latitude"], ocha["longitude"], strict=True):
        points[name_key(name)].append((lon, lat))
    return points


def build(nodes: pd.DataFrame, per_region: int, seed: int) -> pd.DataFrame:
    nodes = nodes.assign(key=nodes["NAME"].astype(str).map(name_key))
    nodes = nodes[nodes["key"].str.len() > 0]
    unique = nodes[~nodes["key"].duplicated(keep=False)]
    rows = unique[unique["VALUE"].isin(PLACE_VALUES)].reset_index(drop=True)
    located = locate_communes(rows["LON"].tolist(), rows["LAT"].tolist())
    inside = located["admin1"].notna().to_numpy() & located["outside_km"].isna().to_numpy()
    rows = rows.assign(admin1=located["admin1"], admin2=located["admin2"])[inside]
    known = gazetteer_points()
    copy = np.array(
        [
            any(haversine_km(lon, lat, *point) < COPY_KM for point in known.get(key, ()))
            for key, lon, lat in zip(rows["key"], rows["LON"], rows["LAT"], strict=True)
        ],
        dtype=bool,
    )
    rows = rows[~copy]
    picked = rows.sample(frac=1.0, random_state=seed).groupby("admin1").head(per_region)
    picked = picked.sort_values(["admin1", "admin2", "NAME"])
    return pd.DataFrame(
        {
            "name": picked["NAME"].str.strip(),
            "hint": picked["admin2"],
            "admin1": picked["admin1"],
            "latitude": picked["LAT"].round(6),
            "longitude": picked["LON"].round(6),
            "source": SOURCE,
            "licence": LICENCE,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite", type=Path, help="mali.sqlite (OpenStreetMap place nodes)")
    parser.add_argument("--per-region", type=int, default=70)
    parser.add_argument("--seed", type=int, default=20190909)
    args = parser.parse_args()
    nodes = read_nodes(args.sqlite)
    out = build(nodes, args.per_region, args.seed)
    out.to_csv(OUT, index=False)
    print(f"{len(nodes)} place nodes, {len(out)} names -> {OUT}")


if __name__ == "__main__":
    main()
