"""Measure extraction: recall and precision on the passages corpus (per language) and on
source 002 against the curated data.

**The corpus** (``tests/extraction_corpus/passages.json``, read its README). Each passage is
extracted with its ``year_hint`` as the year (as a user would give it). Every candidate figure
(its counts and its other-source figures, the ``figures`` list of a candidate) is one
(place, month, figure) triple. A fact is found by a triple when

- the measure (killed, injured, missing, detained) is the same;
- the value is the same (a fact without a number, "dozens", is found by a figure of that
  measure without a number);
- the place agrees: one of the candidate's places (``location``, ``;``-separated) is the fact's
  place or one of its other places, compared accent- and case-insensitively (``normalize``);
- the month agrees when the fact states one: the candidate's period starts in that month and
  is dated to the day, week or month (a whole-year fallback names no month).

Matching is one to one (a maximum matching of triples to facts within each passage), so a
figure extracted twice counts once. Recall = facts found / facts; precision = triples that
found a fact / triples. Missed facts and wrong triples are listed.

**Source 002.** Runs
``python -m incidents extract data/sources/002_5722450adf37214a.txt --year 2020`` (the
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

    .venv/bin/python scripts/measure_extraction.py [--corpus-only] [--quiet]
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


CORPUS = REPO / "tests" / "extraction_corpus" / "passages.json"


def _place_key(name: str) -> str:
    from geo.normalize import normalize

    return normalize(name)


def triples(candidate: dict) -> list[dict]:
    """One (place, month, figure) triple per figure the candidate carries."""
    places = {_place_key(p) for p in str(candidate["location"] or "").split(";") if p.strip()}
    dated = candidate["date_start"] and candidate["date_precision"] in ("day", "week", "month")
    month = candidate["date_start"][:7] if dated else None
    return [
        {"places": places, "month": month, "measure": f["measure"], "value": f["value"],
         "id": candidate["id"], "text": f["text"]}
        for f in candidate["figures"]
    ]  # fmt: skip


def finds(triple: dict, fact: dict) -> bool:
    fact_places = {_place_key(p) for p in [fact["place"], *fact["other_places"]]}
    return (
        triple["measure"] == fact["measure"]
        and triple["value"] == fact["value"]
        and bool(triple["places"] & fact_places)
        and (fact["month"] is None or triple["month"] == fact["month"])
    )


def maximum_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Fact -> triple, as many pairs as possible (augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(fact: int, seen: set[int]) -> bool:
        for triple in edges[fact]:
            if triple in seen:
                continue
            seen.add(triple)
            if triple not in owner or augment(owner[triple], seen):
                owner[triple] = fact
                return True
        return False

    for fact in edges:
        augment(fact, set())
    return {fact: triple for triple, fact in owner.items()}


def measure_corpus(quiet: bool) -> None:
    sys.path.insert(0, str(REPO))
    from geo.geocoder import get_geocoder
    from incidents.extract import extract_incidents

    geocoder = get_geocoder()
    totals: dict[str, list[int]] = {}
    for passage in json.loads(CORPUS.read_text(encoding="utf-8")):
        rows = extract_incidents(passage["text"], year=passage["year_hint"], geocoder=geocoder)
        found = [t for row in rows for t in triples(row)]
        facts = passage["facts"]
        pairs = maximum_matching(
            {i: [j for j, t in enumerate(found) if finds(t, f)] for i, f in enumerate(facts)}
        )
        total = totals.setdefault(passage["language"], [0, 0, 0])
        total[0] += len(pairs)
        total[1] += len(facts)
        total[2] += len(found)
        if quiet:
            continue
        for i, fact in enumerate(facts):
            if i not in pairs:
                print(f"  {passage['id']} MISSED {fact['measure']} {fact['value']} at "
                      f"{fact['place']} ({fact['month'] or 'no month'})")  # fmt: skip
        for j, t in enumerate(found):
            if j not in pairs.values():
                print(f"  {passage['id']} WRONG  {t['measure']} {t['value']} at "
                      f"{'; '.join(sorted(t['places'])) or '(no place)'} ({t['month']}) "
                      f"'{t['text']}'")  # fmt: skip
    for language, (matched, facts, extracted) in sorted(totals.items()):
        print(f"corpus {language}: recall {matched}/{facts} = {matched / facts:.0%}, "
              f"precision {matched}/{extracted} = {matched / max(extracted, 1):.0%}")  # fmt: skip


def main() -> int:
    quiet = "--quiet" in sys.argv
    measure_corpus(quiet)
    if "--corpus-only" in sys.argv:
        return 0
    print()
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
