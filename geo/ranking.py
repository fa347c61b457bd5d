"""Ranking a name's candidates: how well they fit the hint, then score, seat rank, population
and alias order; and grouping entries that are one place listed twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.boundaries import haversine_km
from geo.index import SCORE_EXACT, AdminUnit, PlaceIndex
from geo.results import SOURCES, Candidate

if TYPE_CHECKING:
    from geo.hints import Hint

# Entries of one name closer than this, in one commune, are one place listed twice.
SAME_PLACE_KM = 5.0
# A hint naming a place accepts candidates within this distance of it (precision "near").
NEAR_KM = 25.0
SEAT_RANK = 4  # a regional or cercle capital outranks villages of the same name
# Namesakes farther apart than this make a result without a hint ambiguous: picking the
# wrong one would put the incident in another cercle or region.
FAR_KM = 50.0
TOWN_KINDS = ("capital", "town")


def source_rank(cand: Candidate) -> int:
    """0 for GeoNames (and admin units), then OCHA's settlements, OpenStreetMap, learned places."""
    return SOURCES.index(cand.source) if cand.source in SOURCES else 0


def best_source(cands: list[Candidate]) -> list[Candidate]:
    """The candidates of the best-ranked source among them, in their order.

    A lower-ranked source speaks only where the better ones have nothing: the same village
    listed by GeoNames and by OCHA (a few km apart, spelled a little differently) must not
    make a name ambiguous.
    """
    if not cands:
        return cands
    best = min(source_rank(c) for c in cands)
    return [c for c in cands if source_rank(c) == best]


def _rank_key(index: PlaceIndex, cand: Candidate) -> tuple:
    row = index.row_of(cand)
    rank = row["rank"] if row else 0
    population = row["population"] if row else 0
    order = 0 if cand.geonameid is None else index.alias_order.get(cand.geonameid, 0)
    return (
        -cand.score,
        -rank,
        source_rank(cand),
        -population,
        order,
        cand.geonameid or 0,
        cand.name,
    )


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
        return (
            -fits,
            not in_focus(index, hints, cand),
            round(distance, 1),
            *_rank_key(index, cand),
        )

    return sorted(((c, fit_count(index, hints, c)) for c in cands), key=key)


def in_focus(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> bool:
    """True when the candidate lies in the finer unit a hint is also named after (the Kayes
    cercle of the hint "Kayes", read as the region)."""
    ids = index.unit_ids(cand)
    return any(unit.shape_id in ids for h in hints for unit in h.focus)


def focused(index: PlaceIndex, hints: list[Hint], cands: list[Candidate]) -> list[Candidate]:
    """The candidates inside the hints' focus units when there are any, else all of them."""
    inside = [c for c in cands if in_focus(index, hints, c)]
    return inside or cands


def _fits(
    index: PlaceIndex, hint: Hint, cand: Candidate, ids: frozenset[str], unit: AdminUnit | None
) -> bool:
    if hint.units and hint.contains(ids):
        return True
    if unit is not None and any(unit.shape_id in u.ids() for u in hint.units):
        return True  # a unit that contains the hinted one ("Ségou region", hint "Niono")
    widened = hint.border_km and unit is None and cand.place_id is not None
    if widened and km_outside(index, hint, cand) <= hint.border_km:
        return True
    return any(haversine_km(cand.lon, cand.lat, *p) <= NEAR_KM for p in hint.places)


def km_outside(index: PlaceIndex, hint: Hint, cand: Candidate) -> float:
    """How far a place lies outside the nearest of the hint's units (0 inside)."""
    return min((index.km_outside(u, cand.lon, cand.lat) for u in hint.units), default=float("inf"))


def fit_count(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> int:
    """How many parts of the hint the candidate fits."""
    ids = index.unit_ids(cand)
    unit = index.unit_of(cand)
    return sum(1 for h in hints if _fits(index, h, cand, ids, unit))


def fits_all(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> bool:
    return fit_count(index, hints, cand) == len(hints)


def group(cands: list[Candidate]) -> list[list[Candidate]]:
    """Group entries that are one place listed twice (same name area, < 5 km, one commune)."""
    groups: list[list[Candidate]] = []
    for cand in cands:
        for group_ in groups:
            head = group_[0]
            if (
                head.place_id is not None
                and cand.place_id is not None
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


def outscores(groups: list[list[Candidate]]) -> bool:
    """True when the first group alone has the name as its own (exact, not an alternate
    name or a variant spelling): a place called X beats places only sometimes called X."""
    best = groups[0][0].score
    return best >= SCORE_EXACT and all(g[0].score < best for g in groups[1:])


def far_namesakes(
    index: PlaceIndex, best: Candidate, namesakes: list[Candidate]
) -> list[list[Candidate]]:
    """The places among ``namesakes`` (any source) more than ``FAR_KM`` from ``best``, one
    group per place; none when ``best`` is a town and none of them is one (a report naming
    Djenné means the town, not a hamlet spelled Dyéné)."""
    far = group([c for c in namesakes if haversine_km(best.lon, best.lat, c.lon, c.lat) > FAR_KM])
    if far and _town(index, best) and not any(_town(index, c) for g in far for c in g):
        return []
    return far


def _town(index: PlaceIndex, cand: Candidate) -> bool:
    row = index.row_of(cand)
    return cand.kind in TOWN_KINDS or (row is not None and row["rank"] >= SEAT_RANK)
