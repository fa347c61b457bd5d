"""Ranking a name's candidates: how well they fit the hint, then score, seat rank, population
and alias order; and grouping entries that are one place listed twice."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from geo.index import PlaceIndex
from geo.results import Candidate

if TYPE_CHECKING:
    from geo.hints import Hint

# Entries of one name closer than this, in one commune, are one place listed twice.
SAME_PLACE_KM = 5.0
# A hint naming a place accepts candidates within this distance of it (precision "near").
NEAR_KM = 25.0
SEAT_RANK = 4  # a regional or cercle capital outranks villages of the same name


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _rank_key(index: PlaceIndex, cand: Candidate) -> tuple:
    row = index.row_of(cand)
    rank = row["rank"] if row else 0
    population = row["population"] if row else 0
    order = index.alias_order.get(cand.geonameid, 0)
    return (-cand.score, -rank, -population, order, cand.geonameid or 0, cand.name)


def rank(
    index: PlaceIndex, cands: list[Candidate], hints: list[Hint]
) -> list[tuple[Candidate, int]]:
    """Candidates best first, each with the number of hint parts it fits."""

    def key(pair: tuple[Candidate, int]) -> tuple:
        cand, fits = pair
        if not hints:
            return _rank_key(index, cand)
        distance = min(
            (
                haversine_km(cand.lon, cand.lat, *place)
                for h in hints
                if not h.units
                for place in h.places
            ),
            default=0.0,
        )
        return (-fits, round(distance, 1), *_rank_key(index, cand))

    return sorted(((c, fit_count(index, hints, c)) for c in cands), key=key)


def _fits(hint: Hint, cand: Candidate, ids: frozenset[str]) -> bool:
    if hint.units and hint.contains(ids):
        return True
    return any(haversine_km(cand.lon, cand.lat, *p) <= NEAR_KM for p in hint.places)


def fit_count(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> int:
    """How many parts of the hint the candidate fits."""
    ids = index.unit_ids(cand)
    return sum(1 for h in hints if _fits(h, cand, ids))


def fits_all(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> bool:
    return fit_count(index, hints, cand) == len(hints)


def group(cands: list[Candidate]) -> list[list[Candidate]]:
    """Group entries that are one place listed twice (same name area, < 5 km, one commune)."""
    groups: list[list[Candidate]] = []
    for cand in cands:
        for group_ in groups:
            head = group_[0]
            if (
                head.geonameid is not None
                and cand.geonameid is not None
                and head.admin3 == cand.admin3
                and haversine_km(head.lon, head.lat, cand.lon, cand.lat) <= SAME_PLACE_KM
            ):
                group_.append(cand)
                break
        else:
            groups.append([cand])
    return groups


def dominant(index: PlaceIndex, groups: list[list[Candidate]]) -> bool:
    """True when the first group is a seat town and no other group is one."""
    ranks = [max((index.row_of(c) or {"rank": 0})["rank"] for c in g) for g in groups]
    return ranks[0] >= SEAT_RANK and all(r < SEAT_RANK for r in ranks[1:])
