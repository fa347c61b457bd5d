"""Candidates joining an existing dataset: ids that continue the dataset's numbering, and
candidates that repeat one of its incidents by content (same place, overlapping dates, same
figures), flagged for the person to decide.

    candidates = continue_ids(candidates, existing, prefix="EX-text")
    candidates["likely_duplicate_of"] = likely_duplicates(candidates, existing)
"""

from __future__ import annotations

import re

import pandas as pd

from geo.normalize import name_key
from incidents.model import COUNT_FIELDS


def next_number(existing_ids: pd.Series | list[str], prefix: str) -> int:
    """The number after the highest ``{prefix}-NNN`` id already used (1 when none is)."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [int(m.group(1)) for i in existing_ids if (m := pattern.match(str(i)))]
    return max(numbers, default=0) + 1


def continue_ids(
    candidates: pd.DataFrame, existing: pd.DataFrame | None, prefix: str
) -> pd.DataFrame:
    """The candidates with ids ``{prefix}-NNN`` numbered on from the dataset they join, so a
    second text added to a dataset never reuses its ids."""
    start = next_number(existing["id"] if existing is not None and len(existing) else [], prefix)
    renumbered = candidates.copy()
    renumbered["id"] = [f"{prefix}-{n:03d}" for n in range(start, start + len(candidates))]
    return renumbered


def likely_duplicates(candidates: pd.DataFrame, existing: pd.DataFrame | None) -> pd.Series:
    """Per candidate, the id of an existing incident it repeats by content, or "": a place
    in common (accent- and spelling-insensitive), periods that overlap, and the same figures
    (every count either states is equal, and at least one is stated)."""
    if existing is None or not len(existing):
        return pd.Series([""] * len(candidates), index=candidates.index, dtype=object)
    known = [(row, _places(row.get("location"))) for _, row in existing.iterrows()]
    found = []
    for _, candidate in candidates.iterrows():
        places = _places(candidate.get("location"))
        match = next(
            (
                str(row["id"])
                for row, row_places in known
                if places & row_places
                and _overlap(candidate, row)
                and _same_figures(candidate, row)
            ),
            "",
        )
        found.append(match)
    return pd.Series(found, index=candidates.index, dtype=object)


def _places(location: object) -> set[str]:
    if location is None or (not isinstance(location, str) and pd.isna(location)):
        return set()
    return {name_key(p) for p in str(location).split(";") if p.strip()}


def _overlap(a: pd.Series, b: pd.Series) -> bool:
    start_a, end_a = _period(a)
    start_b, end_b = _period(b)
    if start_a is None or start_b is None:
        return False
    return start_a <= end_b and start_b <= end_a


def _period(row: pd.Series) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    start = pd.to_datetime(row.get("date_start"), errors="coerce")
    end = pd.to_datetime(row.get("date_end"), errors="coerce")
    if pd.isna(start):
        return None, None
    return start, start if pd.isna(end) else end


def _same_figures(a: pd.Series, b: pd.Series) -> bool:
    stated = False
    for field in COUNT_FIELDS:
        x, y = a.get(field), b.get(field)
        x = None if x is None or pd.isna(x) else int(x)
        y = None if y is None or pd.isna(y) else int(y)
        if x != y:
            return False
        stated = stated or x is not None
    return stated
