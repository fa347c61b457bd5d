"""Measure extraction against the curated data: recall and precision on source 002.

Runs ``python -m incidents extract data/sources/002_5722450adf37214a.txt --year 2020`` (the
project's own copy of the report) and compares its candidates with the curated incidents of
that source that state a casualty figure (killed, injured, missing or detained).

A candidate matches a curated incident when
- the place agrees: a location name in common, or the same region (admin1), or neither names a
  place; and
- the numbers agree: killed, injured, missing and detained all equal (empty = empty).
Matching is one to one (pairs whose periods agree first). Recall = curated incidents matched /
curated incidents with a figure; precision = candidates matched / candidates. The looser
"place only" and "numbers only" figures and the date agreement of the matches are printed too,
with one line per curated incident.

    .venv/bin/python scripts/measure_extraction.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from geo.normalize import name_key
from incidents.load import load_incidents

REPO = Path(__file__).resolve().parents[1]
SOURCE = "002_5722450adf37214a.txt"
COUNTS = ("killed", "injured", "missing", "detained")


def run_extraction() -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "extract", f"data/sources/{SOURCE}", "--year", "2020"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def curated_with_figures() -> pd.DataFrame:
    data = load_incidents().incidents
    data = data[data["source"] == SOURCE]
    return data[data[list(COUNTS)].notna().any(axis=1)].reset_index(drop=True)


def _names(location: object) -> set[str]:
    return {name_key(p) for p in str(location or "").split(";") if p.strip()}


def place_agrees(candidate: dict, incident: pd.Series) -> bool:
    if not candidate["location"] and not incident["location"]:
        return True
    if _names(candidate["location"]) & _names(incident["location"]):
        return True
    return candidate["admin1"] is not None and candidate["admin1"] == incident["admin1"]


def numbers_agree(candidate: dict, incident: pd.Series) -> bool:
    return all(
        (candidate[c] is None and pd.isna(incident[c]))
        or (candidate[c] is not None and not pd.isna(incident[c]) and candidate[c] == incident[c])
        for c in COUNTS
    )


def dates_agree(candidate: dict, incident: pd.Series) -> bool:
    start, end = candidate["date_start"], candidate["date_end"]
    return (
        start is not None
        and pd.Timestamp(start) == incident["date_start"]
        and pd.Timestamp(end) == incident["date_end"]
    )


def dates_overlap(candidate: dict, incident: pd.Series) -> bool:
    if candidate["date_start"] is None:
        return False
    start, end = pd.Timestamp(candidate["date_start"]), pd.Timestamp(candidate["date_end"])
    return start <= incident["date_end"] and incident["date_start"] <= end


def match(candidates: list[dict], curated: pd.DataFrame, *tests) -> dict[int, int]:
    """Curated row -> candidate index, one to one. Pairs are taken best first: equal dates, then
    overlapping periods (the narrower candidate period first), then the rest, in document order;
    so two look-alike candidates go to the incidents of their own dates."""
    pairs = [
        (index, row)
        for index, candidate in enumerate(candidates)
        for row, incident in curated.iterrows()
        if all(test(candidate, incident) for test in tests)
    ]

    def rank(pair: tuple[int, int]) -> tuple:
        candidate, incident = candidates[pair[0]], curated.loc[pair[1]]
        span = (
            (pd.Timestamp(candidate["date_end"]) - pd.Timestamp(candidate["date_start"])).days
            if candidate["date_start"]
            else 10**6
        )
        return (
            not dates_agree(candidate, incident),
            not dates_overlap(candidate, incident),
            span,
            pair,
        )

    matched: dict[int, int] = {}
    for index, row in sorted(pairs, key=rank):
        if row not in matched and index not in matched.values():
            matched[row] = index
    return matched


def _figures(values) -> str:
    return " ".join(f"{c[0]}{'' if pd.isna(values[c]) else int(values[c])}" for c in COUNTS)


def main() -> int:
    candidates = run_extraction()
    curated = curated_with_figures()
    full = match(candidates, curated, place_agrees, numbers_agree)
    total, found = len(curated), len(candidates)

    print(
        f"source {SOURCE}, --year 2020: {found} candidates; "
        f"{total} curated incidents with a casualty figure\n"
    )
    for row, incident in curated.iterrows():
        if row in full:
            c = candidates[full[row]]
            verdict = f"found {c['id']} {c['location'] or '(no place)'}"
            verdict += (
                "" if dates_agree(c, incident) else f" (dates {c['date_start']}..{c['date_end']})"
            )
        else:
            verdict = "MISSED"
        print(
            f"  {incident['id']}  {str(incident['location'] or '(no place)')[:24]:24} "
            f"{_figures(incident):22} {verdict}"
        )
    unmatched = [c for i, c in enumerate(candidates) if i not in full.values()]
    for c in unmatched:
        print(f"  unmatched candidate {c['id']} {c['location'] or '(no place)'} {_figures(c)}")

    def rates(pairs: dict[int, int]) -> str:
        return (
            f"recall {len(pairs)}/{total} = {len(pairs) / total:.0%}, "
            f"precision {len(pairs)}/{found} = {len(pairs) / max(found, 1):.0%}"
        )

    print(f"\nplace and numbers: {rates(full)}")
    print(f"place only:        {rates(match(candidates, curated, place_agrees))}")
    print(f"numbers only:      {rates(match(candidates, curated, numbers_agree))}")
    same_dates = sum(dates_agree(candidates[i], curated.loc[r]) for r, i in full.items())
    print(f"dates equal to the curated ones in {same_dates} of {len(full)} matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
