"""Geocoder speed: names per second on 10,000 seeded names, by category.

    python scripts/benchmark_geocoder.py [--n 10000] [--seed 42] [--repeat 3]

Categories: ``exact`` (gazetteer names as written, with case/accent variants), ``misspelled``
(one letter dropped, doubled or swapped, ou/u variants), ``unknown`` (invented Malian-looking
names, foreign places), ``hinted`` (exact names with a cercle or region hint) and ``mixed``
(all of these shuffled, the 10,000-name headline figure). Every figure is also given as a
ratio to a baseline measured in the same run: a plain dict lookup of the normalised name
(what the fastest possible exact-only geocoder would cost). The geocoder is built first;
"first pass" is the first timing of each set (normalisation caches cold for those names),
"warm" the best of ``--repeat`` passes. Not a test: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from geo.gazetteer import FOREIGN_PLACES, load_gazetteer
from geo.geocoder import get_geocoder
from geo.normalize import name_key

SYLLABLES = [
    "ba",
    "bou",
    "da",
    "dia",
    "djo",
    "fa",
    "ga",
    "gou",
    "ka",
    "kou",
    "la",
    "ma",
    "mou",
    "na",
    "nia",
    "ou",
    "ra",
    "sa",
    "si",
    "so",
    "ta",
    "to",
    "wa",
    "ya",
    "zan",
    "ssa",
    "ndi",
]


def misspell(name: str, rng: random.Random) -> str:
    chars = list(name)
    if len(chars) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(chars) - 1)
    how = rng.choice(["drop", "double", "swap", "ou"])
    if how == "drop":
        del chars[i]
    elif how == "double":
        chars.insert(i, chars[i])
    elif how == "swap":
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        return name.replace("ou", "u", 1) if "ou" in name else name.replace("u", "ou", 1)
    return "".join(chars)


def make_names(n: int, seed: int) -> dict[str, list[tuple[str, str | None]]]:
    rng = random.Random(seed)
    gaz = load_gazetteer()
    places = gaz[gaz["feature_class"] == "P"]
    names = places["name"].tolist()
    cercles = places["admin2"].tolist()
    quarter = n // 4
    exact = []
    for name in rng.sample(names, quarter):
        exact.append((rng.choice([name, name.upper(), name.lower()]), None))
    misspelled = [(misspell(name, rng), None) for name in rng.sample(names, quarter)]
    foreign = list(FOREIGN_PLACES)
    unknown = []
    for _ in range(quarter):
        if rng.random() < 0.2:
            unknown.append((rng.choice(foreign), None))
        else:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
            unknown.append((word.capitalize(), None))
    hinted = []
    for i in rng.sample(range(len(names)), n - 3 * quarter):
        hinted.append((names[i], cercles[i] or "Mopti"))
    mixed = exact + misspelled + unknown + hinted
    rng.shuffle(mixed)
    return {
        "exact": exact,
        "misspelled": misspelled,
        "unknown": unknown,
        "hinted": hinted,
        "mixed": mixed,
    }


def rate(run: Callable[[], object], count: int, repeat: int) -> tuple[float, float]:
    """(first pass, best pass) in names per second; later passes find caches warm."""
    times = [_timed(run) for _ in range(repeat)]
    return count / times[0], count / min(times)


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="names in the mixed set")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is kept")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    gc = get_geocoder()
    build = time.perf_counter() - start
    sets = make_names(args.n, args.seed)
    lookup = {name_key(n): i for i, n in enumerate(load_gazetteer()["name"])}

    def baseline() -> None:
        for name, _ in sets["mixed"]:
            lookup.get(name_key(name))

    base_first, base = rate(baseline, len(sets["mixed"]), args.repeat)
    print(f"geocoder built in {build:.2f} s (gazetteer, polygons, indexes)")
    print(
        f"baseline: dict lookup of the normalised name: {base:,.0f} names/s warm "
        f"({base_first:,.0f} on the first pass)"
    )
    header = ("category", "names", "first pass/s", "warm/s", "warm vs baseline", "matched")
    print("{:<12}{:>7}{:>14}{:>10}{:>18}{:>9}".format(*header))
    for category, names in sets.items():
        first, warm = rate(
            lambda names=names: [gc.geocode(n, h) for n, h in names], len(names), args.repeat
        )
        matched = sum(gc.geocode(n, h).match is not None for n, h in names) / len(names)
        print(
            f"{category:<12}{len(names):>7}{first:>14,.0f}{warm:>10,.0f}"
            f"{warm / base:>18.4f}{matched:>9.0%}"
        )


if __name__ == "__main__":
    main()
