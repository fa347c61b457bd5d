"""Geocoder accuracy on real Mali place names: a source's own points as the truth.

    python scripts/benchmark_geocoder_real.py [--csv PATH ...] [--misses PATH] [--worst 200]

The default sets are the two in ``scripts/eval_data/`` (see its README), each reported on
its own: ``osm_place_names.csv``, OpenStreetMap's villages (independent of the gazetteers:
copies of them are left out), and ``mali_place_names.csv``, drawn from OCHA's settlements
list, which the geocoder now uses as a second gazetteer (geo/data/README.md): on it the
figures measure how OCHA's names are merged, not coverage. ``--csv`` (repeatable) measures
any file with the same columns (``name, hint, admin1, latitude, longitude``), e.g. a private
export kept out of the repository. Every name is geocoded twice: with the file's cercle as
hint, and without a hint. Printed:

- within 10 km: share of names whose match lies within 10 km of the source's point (hinted);
- right region: share whose match is in the source's region (no hint). Our units are OCHA's
  ten, Ménaka among them, so a source's Taoudénit counts as Tombouctou, and a source older
  than the Ménaka region (its Ménaka cercle in Gao) counts as Ménaka; names the source
  places in Ménaka (region or cercle) are also reported on their own;
- confidently wrong: a matched, non-ambiguous result of point or near precision more than
  50 km from the source's point (it should have come out ambiguous or as a fallback);
- names per second, and the status mix of each run.

The worst misses (hinted run, farthest first, then names with no match) of each set go to
``--misses`` (the set's file name appended) as a tab-separated file. Not a test: nothing
passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from rapidfuzz import fuzz

from geo.boundaries import OFFICIAL_ADMIN1, OFFICIAL_ADMIN1_NAMES
from geo.gazetteer import load_gazetteer
from geo.geocoder import GeocodeResult, get_geocoder
from geo.normalize import name_key, normalize

EVAL_DATA = Path(__file__).resolve().parent / "eval_data"
DEFAULT_CSV = EVAL_DATA / "mali_place_names.csv"
INDEPENDENT_CSV = EVAL_DATA / "osm_place_names.csv"
DEFAULT_MISSES = Path(tempfile.gettempdir()) / "geocoder_real_misses"
NEAR_KM = 10.0
WRONG_KM = 50.0
SIMILAR_RATIO = 75.0  # rapidfuzz ratio of normalised spellings that counts as "the same name"
CONFIDENT_PRECISIONS = ("point", "near")
# first-level units newer than our units, counted in the unit they were carved from
PARENT_REGION = {"taoudenit": "Tombouctou", "taoudeni": "Tombouctou"}
MENAKA = "menaka"


@dataclass(frozen=True)
class Place:
    name: str
    hint: str
    admin1: str
    lat: float
    lon: float

    @property
    def in_menaka(self) -> bool:
        return MENAKA in (name_key(self.admin1), name_key(self.hint))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def official_region(source_name: str) -> str | None:
    """The region of our boundaries that a source's first-level name stands for."""
    key = name_key(source_name)
    if key in PARENT_REGION:
        return PARENT_REGION[key]
    names = {name_key(name): name for name in OFFICIAL_ADMIN1}
    names.update({name_key(raw): name for raw, name in OFFICIAL_ADMIN1_NAMES.items()})
    return names.get(key)


def expected_region(place: Place) -> str | None:
    """The region a source means: its Ménaka cercle is OCHA's Ménaka region."""
    return "Ménaka" if place.in_menaka else official_region(place.admin1)


def read_places(path: Path) -> list[Place]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [
            Place(
                row["name"].strip(),
                (row.get("hint") or "").strip(),
                (row.get("admin1") or "").strip(),
                float(row["latitude"]),
                float(row["longitude"]),
            )
            for row in csv.DictReader(f)
            if row.get("name", "").strip()
        ]


def distance_km(place: Place, result: GeocodeResult) -> float | None:
    if result.match is None:
        return None
    return haversine_km(place.lat, place.lon, result.match.lat, result.match.lon)


def within(place: Place, result: GeocodeResult, km: float) -> bool:
    distance = distance_km(place, result)
    return distance is not None and distance <= km


def confidently_wrong(place: Place, result: GeocodeResult) -> bool:
    km = distance_km(place, result)
    return (
        km is not None
        and km > WRONG_KM
        and result.status == "matched"
        and not result.ambiguous
        and result.match.precision in CONFIDENT_PRECISIONS
    )


def run(places: list[Place], hinted: bool) -> tuple[list[GeocodeResult], float]:
    gc = get_geocoder()
    start = time.perf_counter()
    results = [gc.geocode(p.name, hint=(p.hint or None) if hinted else None) for p in places]
    return results, len(places) / (time.perf_counter() - start)


def share(hits: int, total: int) -> str:
    return f"{100.0 * hits / total:5.1f}% ({hits}/{total})" if total else "  n/a"


def report(places: list[Place], hinted: list[GeocodeResult], plain: list[GeocodeResult]) -> None:
    n = len(places)
    near = [within(p, r, NEAR_KM) for p, r in zip(places, hinted, strict=True)]
    expected = [expected_region(p) for p in places]
    regioned = [i for i, region in enumerate(expected) if region]
    right = {i for i in regioned if plain[i].match and plain[i].match.admin1 == expected[i]}
    menaka = [i for i, p in enumerate(places) if p.in_menaka]
    print(f"names: {n}  (region known for {len(regioned)}, in Ménaka {len(menaka)})")
    print(f"within {NEAR_KM:.0f} km, cercle as hint:   {share(sum(near), n)}")
    print(f"right region, no hint:          {share(len(right), len(regioned))}")
    outside = [i for i in regioned if i not in menaka]
    print(f"  outside Ménaka:               {share(len(right & set(outside)), len(outside))}")
    print(f"  Ménaka:                       {share(len(right & set(menaka)), len(menaka))}")
    menaka_near = sum(near[i] for i in menaka)
    print(f"  Ménaka, within {NEAR_KM:.0f} km hinted:  {share(menaka_near, len(menaka))}")
    for label, results in (("hint", hinted), ("no hint", plain)):
        wrong = sum(confidently_wrong(p, r) for p, r in zip(places, results, strict=True))
        print(f"confidently wrong (> {WRONG_KM:.0f} km), {label + ':':8} {share(wrong, n)}")
    for label, results in (("hint", hinted), ("no hint", plain)):
        mix = Counter(r.status for r in results)
        print(f"status, {label + ':':8} " + ", ".join(f"{k} {v}" for k, v in mix.most_common()))


class NearbyNames:
    """Gazetteer names near a point, to tell a spelling miss from a place the gazetteer lacks."""

    def __init__(self) -> None:
        gaz = load_gazetteer()
        self.lat = np.radians(gaz["latitude"].to_numpy(dtype=float))
        self.lon = np.radians(gaz["longitude"].to_numpy(dtype=float))
        self.names = [
            [name, *alternates]
            for name, alternates in zip(gaz["name"], gaz["alternatenames"], strict=True)
        ]

    def most_similar(self, place: Place, km: float = NEAR_KM) -> tuple[str, float] | None:
        """The gazetteer spelling within ``km`` most like the place's name, and its ratio."""
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        a = (
            np.sin((self.lat - lat) / 2) ** 2
            + np.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        )
        close = np.nonzero(2 * 6371.0 * np.arcsin(np.sqrt(a)) <= km)[0]
        query = normalize(place.name)
        scored = [
            (fuzz.ratio(query, normalize(name)), name) for i in close for name in self.names[i]
        ]
        if not scored:
            return None
        ratio, name = max(scored)
        return name, ratio


def write_misses(
    path: Path, places: list[Place], results: list[GeocodeResult], worst: int
) -> tuple[int, int]:
    """Write the worst hinted misses; return how many there are and how many are spelling
    misses (the gazetteer has a similar name within 10 km of the source's point)."""
    rows = []
    for place, result in zip(places, results, strict=True):
        km = distance_km(place, result)
        if km is not None and km <= NEAR_KM:
            continue
        rows.append((math.inf if km is None else km, place, result))
    # farthest first, then the names with no match at all
    rows.sort(key=lambda row: (row[0] == math.inf, -row[0], row[1].name))
    nearby = NearbyNames()
    spelling = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, delimiter="\t")
        header = ["km", "name", "hint", "admin1", "status", "precision", "match"]
        out.writerow([*header, "similar_gazetteer_name_within_10km", "ratio", "note"])
        for rank, (km, place, result) in enumerate(rows):
            similar = nearby.most_similar(place)
            is_spelling = similar is not None and similar[1] >= SIMILAR_RATIO
            spelling += is_spelling
            if rank >= worst:
                continue
            match = result.match
            out.writerow(
                [
                    "" if km == math.inf else f"{km:.1f}",
                    place.name,
                    place.hint,
                    place.admin1,
                    result.status,
                    match.precision if match else "",
                    f"{match.name} ({match.admin2}, {match.admin1})" if match else "",
                    similar[0] if similar else "",
                    f"{similar[1]:.0f}" if similar else "",
                    result.note,
                ]
            )
    return len(rows), spelling


def measure(path: Path, misses: Path, worst: int) -> None:
    places = read_places(path)
    hinted, hinted_rate = run(places, hinted=True)
    plain, plain_rate = run(places, hinted=False)
    print(f"file: {path}")
    report(places, hinted, plain)
    print(f"names/s: {hinted_rate:,.0f} with hint, {plain_rate:,.0f} without")
    missed, spelling = write_misses(misses, places, hinted, worst)
    print(f"hinted misses (> {NEAR_KM:.0f} km or none): {missed}, of which")
    print(f"  a similar gazetteer name lies within {NEAR_KM:.0f} km: {share(spelling, missed)}")
    print(f"  no similar name nearby (gazetteer lacks it): {share(missed - spelling, missed)}")
    print(f"worst {min(worst, missed)} in {misses}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, action="append", help="names to measure (repeatable)")
    parser.add_argument(
        "--misses", type=Path, default=DEFAULT_MISSES, help="misses (TSV), the set's name added"
    )
    parser.add_argument("--worst", type=int, default=200, help="misses to write")
    args = parser.parse_args()
    get_geocoder()  # built before timing
    for number, path in enumerate(args.csv or [INDEPENDENT_CSV, DEFAULT_CSV]):
        if number:
            print()
        misses = args.misses.with_name(f"{args.misses.stem}_{path.stem}.tsv")
        measure(path, misses, args.worst)


if __name__ == "__main__":
    main()
