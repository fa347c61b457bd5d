"""Hints: the admin units and places named by a free-text hint ("Bankass cercle", "near
Sambara") or by region / cercle / commune fields, read once and cached."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from geo import ranking
from geo.index import AdminUnit, PlaceIndex
from geo.query import hint_pieces, split_qualifier
from geo.results import Candidate

# Hints repeat across a dataset ("Niono", "Mopti region"): their readings are cached.
HINT_CACHE_SIZE = 4096


@dataclass
class Hint:
    """One part of a hint: the admin units it names and/or the places it names.

    A candidate fits the hint when it lies inside one of the units or within
    ``ranking.NEAR_KM`` of one of the places (so "Kéniéroba" near "Sambara" picks the pair that
    are neighbours even though both names are ambiguous). Only a hint that names no unit ranks
    candidates by distance. A hint that names a unit names no places. ``place_candidate``
    is set when the hint names one place: a fallback can use it. ``focus`` holds the cercle
    of the same name when the hint is read as a region ("Kayes": the region, and the Kayes
    cercle as focus): inside it a place ranks first and a spelling is looked for first, since
    a file's cercle column names the cercle.
    """

    text: str
    units: list[AdminUnit] = field(default_factory=list)
    places: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)
    place_candidate: Candidate | None = None
    focus: list[AdminUnit] = field(default_factory=list)
    # a widened hint also accepts places this close outside its units (see geo.geocoder)
    border_km: float = 0.0

    def contains(self, ids: frozenset[str]) -> bool:
        return any(unit.shape_id in ids for unit in self.units)

    def widened(self, km: float) -> Hint:
        return replace(self, border_km=km)


class HintReader:
    """Reads hints against one ``PlaceIndex``; keeps the readings of recent hint parts."""

    def __init__(self, index: PlaceIndex) -> None:
        self._index = index
        self._cache: dict[tuple[str, int | None], Hint | None] = {}

    def read(
        self, hint: str | None, region: str | None, cercle: str | None, commune: str | None
    ) -> tuple[list[Hint], list[str]]:
        """The hint parts recognised, and the texts of those that were not."""
        parts: list[Hint] = []
        unused: list[str] = []
        for text, level in ((region, 1), (cercle, 2), (commune, 3)):
            if text and text.strip():
                parsed = self._parse(text, level)
                (parts.append(parsed) if parsed else unused.append(text.strip()))
        for piece in hint_pieces(hint or ""):
            parsed = self._parse(piece)
            (parts.append(parsed) if parsed else unused.append(piece.strip()))
        return parts, unused

    def forget(self) -> None:
        """Drop the cached readings (the index learned new places)."""
        self._cache.clear()

    def _parse(self, text: str, level: int | None = None) -> Hint | None:
        key = (text, level)
        if key not in self._cache:
            if len(self._cache) >= HINT_CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = self._read_part(text, level)
        return self._cache[key]

    def _read_part(self, text: str, level: int | None) -> Hint | None:
        """The units (coarsest reading) and/or the single place a hint part names."""
        qualified, norm = split_qualifier(text)
        level = level or qualified
        if not norm:
            return None
        hint = self._read_name(text.strip(), norm, level)
        exonym = self._index.exonym(norm)
        if exonym:
            # "Timbuktu" names the town and, through its exonym, the Tombouctou region/cercle:
            # the hint keeps the units too, so Niafunké (in Tombouctou region) still fits it
            alias = self._read_name(text.strip(), exonym, level)
            if hint is None:
                hint = alias
            elif alias is not None and not hint.units:
                hint.units = alias.units
        return hint

    def _read_name(self, text: str, norm: str, level: int | None) -> Hint | None:
        hint = Hint(text=text)
        unit_hits = self._index.unit_hits(norm, level)
        if unit_hits:
            # a name that is a region, cercle and commune at once ("Ségou") is read as the
            # widest unit, which never leaves out the place meant
            coarsest = min(hit.unit.level for hit in unit_hits)
            hint.units = [hit.unit for hit in unit_hits if hit.unit.level == coarsest]
            if coarsest == 1:
                hint.focus = [hit.unit for hit in unit_hits if hit.unit.level == 2]
        if level is None and min((u.level for u in hint.units), default=3) == 3:
            # likewise a cercle spelled a little otherwise ("Baraoueli" for Barouéli), even
            # when a commune has that exact spelling
            hint.units = self._index.close_units(norm, 3) or hint.units
        if level is None and not hint.units:
            # a hint naming a unit means the unit: the villages elsewhere that share its name
            # ("Macina" in Kayes, six other Kéniébas) must not count as places near the hint
            hits, tier = self._index.place_hits(norm)
            candidates = self._index.place_candidates(hits)
            places = ranking.best_source([c for c, _ in ranking.rank(self._index, candidates, [])])
            if places and tier == "exact":
                hint.places = [(p.lon, p.lat) for p in places]
                groups = ranking.group(places)
                if len(groups) == 1 or ranking.dominant(self._index, groups):
                    hint.place_candidate = places[0]
        return hint if hint.units or hint.places else None
