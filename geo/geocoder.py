"""Offline geocoder for Mali: place name (+ free-text hint) -> ranked candidates.

Matching goes from strict to loose and stops at the first tier that finds something:

1. exact key (case, accents, punctuation ignored) on GeoNames names, alternate names, the
   alias table, and names with an ethnic suffix dropped ("Ogassagou-Peulh"); then the
   official names of regions, cercles and communes; then the exonym table (Timbuktu, Segu);
2. the same on ``sound_key`` (transcription variants: Farabugu, Tombuctou, Niafounké);
3. fuzzy matching (rapidfuzz) of the sound key: only for long names (8+ sounds), only among
   names that start with the same two sounds, at most one edit (two from 12 sounds), and
   the plain spellings must still be 80 % alike. A wrong guess is worse than no match:
   "Yangassadiou" (missing from GeoNames) must not become "Niangassadiou", another village.

Query forms: "X cercle" / "cercle de X" / "commune of X" / "région de X" ask for that admin
unit (its representative point, precision cercle/commune/region); "near X" gives X with
precision near; "X, Y" and "X (Y)" read Y as a hint; a town beats an admin unit of the same
name ("Mopti" is the town, "Mopti region" the region). Names of well-known foreign places
(Paris, Niamey) never match unless a hint places a Malian namesake.

Spelling rules (``geo.normalize``) rather than one-off aliases: Tamasheq prefixes (Tin /
Ti-n- / In / I-n-), the Arabic article Al / El, doubled letters, ou / w, dj / j / di, gn / ni,
N' and M', a final mute e, hyphens and spaces, numbered villages in either numeral ("Dafara
I", "Gangafani 2"; one not in the gazetteer goes next to its namesake, precision near). The
hinted search adds looser ones (``geo.index``): vowels, an n or m before a consonant, a g
for a k inside a name, one consonant more at the end (Tamasheq's final t), words in
another order.

Places come from four sources, best first: GeoNames, OCHA's settlements list (a spelling of
a GeoNames village within 10 km is merged into it), OpenStreetMap's place nodes (merged the
same way into both), and places the user's imports located exactly (``Geocoder.learn``).
A lower source answers only where the better ones have nothing that fits, and the note
names it; a namesake of a lower source far away still leaves a match
without a hint ambiguous (see below).

Never confidently wrong: without a hint, a match that could be another place more than
``ranking.FAR_KM`` (50 km) away comes out ambiguous, its note saying how many places and in
which cercles: namesakes of any source (same key or sound key) that far apart, unless the
match is a town and they are villages; for a match that is not a GeoNames place's own name
(an alternate name, a variant, OCHA's or a learned place) also names spelled loosely alike
(the hinted search's rules, country-wide); and a closest spelling (fuzzy) always. With a
cercle or commune as hint, the match inside it stays first but is ambiguous when a namesake
lies just outside it (``HINT_BORDER_KM``) and more than 50 km from the match.

Admin units come from our polygons (``geo.boundaries``), never from GeoNames' admin codes.
A hint names a region, cercle, commune or nearby place (a cercle spelled a little otherwise,
"Baraoueli", is still the cercle); a hint that names a unit means the unit, not the villages
of that name elsewhere. It keeps the candidates inside it (or within 25 km of a hinted
place), nearest first for a place. When none lies inside the hinted cercle: the same name
up to ``HINT_BORDER_KM`` outside it (sources draw cercle borders differently), and the
closest spelling inside it, found with a looser threshold than country-wide (same first
letter and consonants, ``geo.index.PlaceIndex.hinted_fuzzy_hits``); both at once make the
result ambiguous. Otherwise the result falls back to the hinted unit (status "fallback",
coarser precision, score 0). Inside a hinted unit the place called X beats places only
sometimes called X (an alternate name), and a locality or well called X beats a village
called X elsewhere. A hint read as a region that is also a cercle's name ("Kayes") looks in
that cercle first (a file's cercle column means the cercle); a match elsewhere in the region
is ambiguous when other places share the name, and so is the cercle's place only sometimes
called X when a place of that very name lies elsewhere in the region. A closest spelling
is never confident when it was found only by searching a whole region, only just outside
the hinted cercle, or when it is only the first words of the name ("Farabougou Sokala").

The parts: ``geo.query`` reads the query, ``geo.index`` holds the names and their lookups,
``geo.hints`` reads hints, ``geo.ranking`` orders and groups candidates and ``geo.notes``
makes the result and its note; ``Geocoder`` puts them together.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from geo import notes, ranking
from geo.boundaries import haversine_km
from geo.hints import Hint, HintReader
from geo.index import (
    FOREIGN_KEYS,
    SCORE_ALTERNATE,
    SCORE_EXACT,
    SCORE_SUFFIX,
    PlaceIndex,
    only_first_words,
)
from geo.normalize import name_key, split_number
from geo.query import COUNTRY_KEYS, as_text, split_context, split_near, split_qualifier
from geo.results import PRECISIONS, SOURCE_LEARNED, STATUSES, Candidate, GeocodeResult

# A place this close outside the hinted units still fits the hint when none lies inside them.
HINT_BORDER_KM = 15.0

__all__ = [
    "PRECISIONS",
    "STATUSES",
    "Candidate",
    "GeocodeResult",
    "Geocoder",
    "get_geocoder",
    "split_qualifier",
]


class Geocoder:
    """Ranked candidates for Mali place names. Build once (``get_geocoder()``), then read only."""

    def __init__(self) -> None:
        self._index = PlaceIndex()
        self._hints = HintReader(self._index)
        self._learned: set[tuple[str, float, float]] = set()  # (name key, lat, lon)
        # learning changes the index: queries wait while it does (Streamlit runs sessions
        # in threads)
        self._lock = threading.RLock()

    def geocode(
        self,
        name: str | None,
        hint: str | None = None,
        *,
        region: str | None = None,
        cercle: str | None = None,
        commune: str | None = None,
    ) -> GeocodeResult:
        """Ranked candidates for ``name``; see the module docstring for the matching rules."""
        with self._lock:  # an import may be teaching it new places in another thread
            return self._geocode(name, hint, region, cercle, commune)

    def _geocode(
        self,
        name: str | None,
        hint: str | None,
        region: str | None,
        cercle: str | None,
        commune: str | None,
    ) -> GeocodeResult:
        query = as_text(name)
        hint, region, cercle, commune = map(as_text, (hint, region, cercle, commune))
        place, context = split_context(query)
        if context:  # "Tori, Bankass cercle" / "Farabougou (Niono)": the rest is a hint
            hint = f"{context}, {hint}" if hint else context
        # "near Gao", "aux environs de Gao": Gao itself, precision near
        place, near = split_near(place)
        level, norm = split_qualifier(place)
        hints, unused = self._hints.read(hint, region, cercle, commune)
        if not norm:
            return notes.not_found(query, "No place name given.")
        if name_key(norm) in COUNTRY_KEYS:
            note = f"{place.strip()} is the whole country: no single place (precision country)."
            return notes.not_found(query, note)
        cands, tier = self._lookup(norm, level)
        exonym = self._index.exonym(norm)
        if tier != "exact" and exonym:
            cands, tier = self._lookup(exonym, level)
            # the name typed is not the gazetteer's own: score it as an alternate name
            cands = [
                replace(c, score=min(c.score, SCORE_ALTERNATE), matched_name=place.strip())
                for c in cands
            ]
        base, number = split_number(norm)
        numbered = not cands and level is None and number is not None
        if numbered:
            # "Gangafani 2" unknown: the village it is numbered after lies next to it
            cands, tier = self._lookup(base, None)
            cands = [
                replace(c, precision="near", score=min(c.score, SCORE_SUFFIX))
                for c in cands
                if c.precision == "point"
            ]
        if not cands and level is None:
            cands = self._index.place_candidates(self._index.fuzzy_hits(norm))
            tier = "fuzzy" if cands else ""
        foreign = FOREIGN_KEYS.get(name_key(norm))
        if foreign:
            # only an exact Malian namesake inside the hinted area may stand for it
            fitting = [
                c for c in cands if tier == "exact" and ranking.fits_all(self._index, hints, c)
            ]
            if not hints or not fitting:
                return notes.not_found(query, f"{query.strip()} is in {foreign}, outside Mali.")
        if level is None and any(h.units for h in hints):
            cands, hints, tier = self._near_the_hint(norm, cands, hints, tier)
        result = notes.result(self._index, query, place.strip(), cands, hints, tier, unused)
        match = result.match if result.status == "matched" else None
        if match is not None and match.place_id is not None:
            if not hints:
                result = self._unhinted_doubt(result, match, norm, cands, tier, place.strip())
            elif level is None and any(h.units for h in hints):
                result = self._across_the_border(result, match, norm, cands, hints, place.strip())
                if tier == "fuzzy" and not _in_finer_unit(self._index, hints, match):
                    result = notes.unconfirmed_in_region(result)
                elif tier == "fuzzy" and only_first_words(norm, match.matched_name):
                    result = notes.partly_matched(result, match.matched_name)
        if any(h.border_km for h in hints):
            result = notes.outside_hint(self._index, result, hints)
            if tier == "fuzzy" and result.status == "matched":
                # a closest spelling just outside the hinted unit: offered, never confident
                result = notes.unconfirmed_outside(result)
        if numbered and result.match is not None and result.status != "fallback":
            note = (
                f"{result.note.removesuffix('.')}; {place.strip()} is not in the gazetteer: "
                f"placed at {result.match.name}, the village it is numbered after "
                "(precision near)."
            )
            result = replace(result, note=note)
        return notes.as_near(result) if near else result

    def _unhinted_doubt(
        self,
        result: GeocodeResult,
        match: Candidate,
        norm: str,
        cands: list[Candidate],
        tier: str,
        label: str,
    ) -> GeocodeResult:
        """A match without a hint stays open (ambiguous) when it could be another place more
        than ``ranking.FAR_KM`` away: namesakes (any source, same key or sound) that far
        apart; for a match that is not a GeoNames place's own name (an alternate name, a
        variant, OCHA's or a learned place), also names spelled loosely alike; and a
        closest spelling, which is a guess, is never confident."""
        index = self._index
        namesakes = index.place_candidates(index.namesake_hits(norm)) + cands
        if match.score < SCORE_EXACT or ranking.source_rank(match) > 0:
            namesakes += index.place_candidates(index.loose_namesake_hits(norm))
        far = ranking.far_namesakes(index, match, namesakes)
        if far:
            return notes.far_apart(result, far, label)
        if tier == "fuzzy":
            return notes.unconfirmed(result)
        return result

    def _across_the_border(
        self,
        result: GeocodeResult,
        match: Candidate,
        norm: str,
        cands: list[Candidate],
        hints: list[Hint],
        label: str,
    ) -> GeocodeResult:
        """A match inside the hinted cercle or commune stays first but is ambiguous when a
        namesake (same key or sound) lies just outside it (``HINT_BORDER_KM``: sources draw
        cercle borders differently) and more than ``ranking.FAR_KM`` from the match."""
        index = self._index
        widened = [h.widened(HINT_BORDER_KM) for h in hints if _finest_level(h) >= 2]
        if not widened:
            return result
        fitting = ranking.fit_count(index, hints, match)
        namesakes = index.place_candidates(index.namesake_hits(norm)) + cands
        across = [
            c
            for c in namesakes
            if ranking.fit_count(index, hints, c) < fitting
            and ranking.fit_count(index, widened, c)
            and haversine_km(match.lon, match.lat, c.lon, c.lat) > ranking.FAR_KM
        ]
        far = ranking.group(across)
        return notes.across_the_border(result, far, label, widened[0]) if far else result

    def _near_the_hint(
        self, norm: str, cands: list[Candidate], hints: list[Hint], tier: str
    ) -> tuple[list[Candidate], list[Hint], str]:
        """When no candidate lies in the hinted units: one of that name just outside them
        (sources draw cercle borders differently), else the closest spelling inside them."""
        index = self._index
        if any(ranking.fit_count(index, hints, c) for c in cands):
            return cands, hints, tier
        if tier in ("exact", "sound"):
            # a settlement of that name elsewhere does not hide a locality, well or area of
            # that name inside the hinted cercle or commune (it is what the report means)
            everything = index.place_candidates(index.place_hits(norm)[0], settlements_first=False)
            inside = [
                c
                for c in everything
                if ranking.fit_count(index, hints, c) and _in_finer_unit(index, hints, c)
            ]
            if inside:
                return inside, hints, tier
        # only cercles and communes: sources disagree on their borders more than on regions'
        widened = [h.widened(HINT_BORDER_KM) if _finest_level(h) >= 2 else h for h in hints]
        across = []
        if tier in ("exact", "fuzzy"):  # the hinted search's loose spelling far off is not
            across = [c for c in cands if ranking.fit_count(index, widened, c)]
        # the closest spelling in the cercle a hint is also named after, else in its units
        focus = [u for h in hints for u in h.focus]
        fuzzy = index.place_candidates(index.hinted_fuzzy_hits(norm, focus)) if focus else []
        if not fuzzy:
            units = [u for h in hints for u in h.units]
            fuzzy = index.place_candidates(index.hinted_fuzzy_hits(norm, units))
        if across:
            # the name just across the border, or a close spelling inside: both are offered
            # (the exact name ranks first) and the result says it is ambiguous
            return across + fuzzy, widened, tier
        if fuzzy:
            return fuzzy, hints, "fuzzy"
        return cands, hints, tier

    def learn(
        self, names: Sequence[str], lats: Sequence[float], lons: Sequence[float], origin: str
    ) -> int:
        """Let places an import located exactly (ACLED precision 1, a surveyed point) join the
        gazetteer, ranked below GeoNames and OCHA's settlements: they answer only where those
        have nothing, and the note says "learned from your import ORIGIN". A name a better
        source already has within 10 km becomes one more spelling of that place. Returns how
        many places were new; the same name and point learned again is skipped. Lasts as long as
        this geocoder (``incidents.geocoding`` saves them per store and loads them at start)."""
        with self._lock:
            return self._learn(names, lats, lons, origin)

    def _learn(
        self, names: Sequence[str], lats: Sequence[float], lons: Sequence[float], origin: str
    ) -> int:
        new = []
        for name, lat, lon in zip(names, lats, lons, strict=True):
            key = (name_key(as_text(name)), round(float(lat), 5), round(float(lon), 5))
            if key[0] and key not in self._learned:  # the same file imported twice
                self._learned.add(key)
                new.append((as_text(name), float(lat), float(lon)))
        if not new:
            return 0
        new_names, new_lats, new_lons = (list(column) for column in zip(*new, strict=True))
        added = self._index.add_places(new_names, new_lats, new_lons, SOURCE_LEARNED, origin=origin)
        self._hints.forget()  # a hint may now name a learned place
        return added

    def _lookup(self, norm: str, level: int | None) -> tuple[list[Candidate], str]:
        """Candidates from the exact and sound tiers, and the tier that found them."""
        index = self._index
        if level is not None:
            cands = index.unit_candidates(index.unit_hits(norm, level))
            return cands, "exact" if cands else ""
        hits, tier = index.place_hits(norm)
        cands = index.place_candidates(hits)
        if tier != "exact" or not cands:
            # an admin unit spelled exactly beats a settlement found by sound
            unit_cands = index.unit_candidates(index.unit_hits(norm, None, allow_sound=False))
            if unit_cands:
                return unit_cands, "exact"
        return cands, tier


def _in_finer_unit(index: PlaceIndex, hints: list[Hint], cand: Candidate) -> bool:
    """True when a hinted cercle or commune (or a focus unit) contains the candidate: a
    closest spelling found only in a hinted region is a guess among thousands of names."""
    ids = index.unit_ids(cand)
    units = (u for h in hints for u in (*h.units, *h.focus))
    return any(u.level >= 2 and u.shape_id in ids for u in units)


def _finest_level(hint: Hint) -> int:
    return max((u.level for u in hint.units), default=0)


@lru_cache(maxsize=1)
def get_geocoder() -> Geocoder:
    """The shared geocoder (built on first use, about a second)."""
    return Geocoder()
