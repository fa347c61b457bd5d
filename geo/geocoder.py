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

Admin units come from our polygons (``geo.boundaries``), never from GeoNames' admin codes.
A hint names a region, cercle, commune or nearby place; it keeps the candidates inside it (or
within 25 km of it), nearest first for a place, and when no candidate fits, the result falls
back to the hinted unit (status "fallback", coarser precision, score 0).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from geo.boundaries import OFFICIAL_ADMIN2, admin_units, locate_communes
from geo.gazetteer import (
    ALIASES,
    EXONYMS,
    FOREIGN_PLACES,
    NAME_SUFFIXES,
    NEWER_REGIONS,
    load_gazetteer,
)
from geo.normalize import name_key, normalize, sound_key

PRECISIONS = ("point", "near", "commune", "cercle", "region", "country")
STATUSES = ("matched", "ambiguous", "fallback", "not_found")
LEVEL_PRECISION = {1: "region", 2: "cercle", 3: "commune"}

# Scores (0-100) of each way a name can match.
SCORE_EXACT = 100.0
SCORE_ALTERNATE = 97.0
SCORE_SUFFIX = 95.0
SCORE_SOUND = 90.0
SCORE_FUZZY_MAX = 89.0
# Fuzzy matching (see the module docstring): length-aware edit limits on the sound key.
FUZZY_MIN_LENGTH = 8  # sound-key letters; shorter names must match exactly or by sound
FUZZY_TWO_EDITS_LENGTH = 12  # from this length two edits are allowed, below it one
FUZZY_MIN_RATIO = 80.0  # rapidfuzz ratio of the plain spellings, for fuzzy and sound matches
FUZZY_LIMIT = 20
# Entries of one name closer than this, in one commune, are one place listed twice.
SAME_PLACE_KM = 5.0
# Hints repeat across a dataset ("Niono", "Mopti region"): their readings are cached.
HINT_CACHE_SIZE = 4096
# A hint naming a place accepts candidates within this distance of it (precision "near").
NEAR_KM = 25.0

_LEVEL_WORDS = {"region": 1, "district": 1, "cercle": 2, "circle": 2, "commune": 3}
_UNIT_KINDS = {1: "region", 2: "cercle", 3: "commune"}
_QUALIFIER = "region|district|cercle|circle|commune"
_PREFIX = re.compile(
    rf"^(?:the )?({_QUALIFIER})(?: (?:rurale|urbaine|rural|urban))?"
    rf"(?: (?:de la|de|du|des|of|d|l))? (.+)$"
)
_SUFFIX = re.compile(rf"^(.+?) ({_QUALIFIER})$")
_PLACE_WORDS = re.compile(
    r"^(?:(?:the )?(?:village|town|city|ville|quartier|quarter|hamlet|hameau)"
    r"(?: (?:de|du|d|of))? )?(.+?)(?: (?:village|town|quarter|quartier))?$"
)
_NEAR_WORDS = re.compile(
    r"^(?:near|around|outside|close to|outskirts of|the outskirts of|pres de|a proximite de"
    r"|aux environs de|environs de|autour de|non loin de|dans les environs de) (.+)$"
)
_BRACKETED = re.compile(r"^([^(]+?)\s*\(([^)]*)\)\s*$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_HINT_SPLIT = re.compile(r"[,;/()]|\b(?:near|pr[eè]s de|in|dans|en)\b", re.IGNORECASE)

# Feature ranking when names tie: seats of government first, then quarters and villages.
_CODE_RANK = {"PPLC": 6, "PPLA": 5, "PPLA2": 4, "PPLA3": 3, "PPLA4": 3}
_KIND_RANK = {"town": 3, "quarter": 3, "village": 2}
SEAT_RANK = 4  # a regional or cercle capital outranks villages of the same name


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to. ``precision`` is what its coordinates stand for."""

    name: str
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    admin3: str | None
    kind: str
    precision: str
    score: float
    geonameid: int | None = None
    matched_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The compact form used by the CLI and ``GeocodeResult.to_dict``."""
        keys = ("name", "lat", "lon", "admin1", "admin2", "admin3", "precision", "score")
        return {key: getattr(self, key) for key in keys}


@dataclass(frozen=True)
class GeocodeResult:
    """What ``Geocoder.geocode`` found. ``status`` is one of ``STATUSES``; ``note`` says why.

    ``match`` is ``candidates[0]`` (None when not found). A fallback's match is the hinted
    unit or place, with score 0 because the name itself was not matched.
    """

    query: str
    match: Candidate | None
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    status: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "match": None if self.match is None else self.match.to_dict(),
            "candidates": len(self.candidates),
        }


@dataclass(frozen=True)
class _Unit:
    level: int
    shape_id: str
    name: str
    admin1: str | None
    admin2: str | None
    admin1_id: str | None
    admin2_id: str | None
    lon: float
    lat: float

    def ids(self) -> frozenset[str]:
        """Its own shape id and its parents': what a hint naming any of them contains."""
        return frozenset(i for i in (self.shape_id, self.admin1_id, self.admin2_id) if i)

    @property
    def kind(self) -> str:
        return "district" if self.level == 1 and self.name == "Bamako" else _UNIT_KINDS[self.level]

    def label(self) -> str:
        return f"{self.name} {self.kind}"

    def candidate(self, score: float, matched_name: str) -> Candidate:
        admin3 = self.name if self.level == 3 else None
        admin2 = self.name if self.level == 2 else self.admin2
        admin1 = self.name if self.level == 1 else self.admin1
        kind = self.kind
        return Candidate(
            name=self.name, lat=round(self.lat, 5), lon=round(self.lon, 5), admin1=admin1,
            admin2=admin2, admin3=admin3, kind=kind, precision=LEVEL_PRECISION[self.level],
            score=score, matched_name=matched_name,
        )  # fmt: skip


@dataclass
class _Hint:
    """One part of a hint: the admin units it names and/or the places it names.

    A candidate fits the hint when it lies inside one of the units or within ``NEAR_KM`` of
    one of the places (so "Kéniéroba" near "Sambara" picks the pair that are neighbours even
    though both names are ambiguous). Only a hint that names no unit ranks candidates by
    distance. ``place_candidate`` is set when the hint names one place: a fallback can use it.
    """

    text: str
    units: list[_Unit] = field(default_factory=list)
    places: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)
    place_candidate: Candidate | None = None

    def contains(self, ids: frozenset[str]) -> bool:
        return any(unit.shape_id in ids for unit in self.units)


class _GazRecord(NamedTuple):
    geonameid: int
    name: str
    asciiname: str
    alternatenames: list[str]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    population: int
    kind: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    admin1_id: str | None
    admin2_id: str | None
    admin3_id: str | None


@dataclass(frozen=True)
class _Hit:
    row: int  # gazetteer row, or -1 for an admin unit
    score: float
    matched_name: str
    unit: _Unit | None = None


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def split_qualifier(text: str) -> tuple[int | None, str]:
    """("cercle de Bankass") -> (2, "bankass"); ("Timbuktu") -> (None, "timbuktu").

    Works on the normalised text; the level is 1 region, 2 cercle, 3 commune.
    """
    norm = normalize(text)
    for pattern, word_group, name_group in ((_PREFIX, 1, 2), (_SUFFIX, 2, 1)):
        found = pattern.match(norm)
        if found:
            name = found.group(name_group)
            if name in _ROMAN or name.isdigit():  # "Commune IV" is a name, not a qualifier
                return 3, norm
            return _LEVEL_WORDS[found.group(word_group)], name
    found = _PLACE_WORDS.match(norm)
    return None, found.group(1) if found else norm


def _strip_suffix(norm: str) -> str | None:
    words = norm.split()
    if len(words) > 1 and words[-1] in NAME_SUFFIXES:
        return " ".join(words[:-1])
    return None


class Geocoder:
    """Ranked candidates for Mali place names. Build once (``get_geocoder()``), then read only."""

    def __init__(self) -> None:
        gaz = load_gazetteer()
        # plain Python lists: iterating pandas' Arrow-backed strings row by row is slow
        records = [
            _GazRecord(*values)
            for values in zip(*(gaz[column].tolist() for column in _GazRecord._fields), strict=True)
        ]
        # a town named like a cercle takes the cercle's official spelling (GeoNames: "Djénné")
        official = {name_key(name): name for name in OFFICIAL_ADMIN2}
        self._rows: list[dict[str, Any]] = []
        for rec in records:
            populated = rec.feature_class == "P"
            kind = rec.kind
            if rec.admin1 == "Bamako" and populated and rec.feature_code != "PPLC":
                kind = "quarter"  # GeoNames codes most Bamako quarters as villages
            self._rows.append(
                {
                    "geonameid": int(rec.geonameid), "lat": float(rec.latitude),
                    "name": official.get(name_key(rec.name), rec.name) if populated else rec.name,
                    "lon": float(rec.longitude), "admin1": rec.admin1, "admin2": rec.admin2,
                    "admin3": rec.admin3, "kind": kind, "populated": populated,
                    "ids": frozenset(i for i in (rec.admin1_id, rec.admin2_id, rec.admin3_id) if i),
                    # admin units come from our polygons, not from GeoNames' admin features
                    "usable": rec.feature_class != "A",
                    "rank": _CODE_RANK.get(rec.feature_code, _KIND_RANK.get(kind, 1)),
                    "population": int(rec.population),
                }
            )  # fmt: skip
        self._by_id = {row["geonameid"]: i for i, row in enumerate(self._rows)}
        self._exact: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        self._sound: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        for i, rec in enumerate(records):
            if self._rows[i]["usable"]:
                self._add_names([i], [(rec.name, SCORE_EXACT), (rec.asciiname, SCORE_EXACT)])
                self._add_names([i], [(alt, SCORE_ALTERNATE) for alt in rec.alternatenames])
        # an alias lists its places in order of preference; ties between them follow it
        self._alias_order: dict[int, int] = {}
        for alias, geonameids in ALIASES.items():
            self._add_names([self._by_id[g] for g in geonameids], [(alias, SCORE_ALTERNATE)])
            self._alias_order.update((g, i) for i, g in enumerate(geonameids))
        self._hint_cache: dict[tuple[str, int | None], _Hint | None] = {}
        self._build_units()
        self._build_fuzzy_blocks()

    # -- index construction -------------------------------------------------------------

    def _add_names(self, targets: list[int], names: list[tuple[str, float]]) -> None:
        """Index gazetteer rows under each name (and its suffix-less form), exact and by sound."""
        for name, score in names:
            norm = normalize(name)
            if not norm:
                continue
            forms = [(norm, score)]
            stripped = _strip_suffix(norm)
            if stripped:
                forms.append((stripped, min(score, SCORE_SUFFIX)))
            for form, form_score in forms:
                for target in targets:
                    self._keep_best(self._exact[form.replace(" ", "")], target, form_score, name)
                    self._keep_best(self._sound[sound_key(form)], target, SCORE_SOUND, name)

    @staticmethod
    def _keep_best(table: dict[int, tuple[float, str]], row: int, score: float, name: str) -> None:
        if row not in table or table[row][0] < score:
            table[row] = (score, name)

    def _build_units(self) -> None:
        self._units: dict[str, _Unit] = {}
        self._unit_exact: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._unit_sound: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._unit_by_key: dict[tuple, _Unit] = {}
        for level in (1, 2, 3):
            units = admin_units(level)
            points = units.geometry.representative_point()
            lons, lats = points.x.tolist(), points.y.tolist()
            parents = locate_communes(lons, lats)
            admin1_ids, admin2_ids = parents["admin1_id"].tolist(), parents["admin2_id"].tolist()
            for j, rec in enumerate(units.itertuples(index=False)):
                unit = _Unit(
                    level=level, shape_id=rec.shape_id, name=rec.name,
                    admin1=getattr(rec, "admin1", None), admin2=getattr(rec, "admin2", None),
                    admin1_id=admin1_ids[j] if level > 1 else None,
                    admin2_id=admin2_ids[j] if level > 2 else None, lon=lons[j], lat=lats[j],
                )  # fmt: skip
                self._units[unit.shape_id] = unit
                self._unit_by_key[(level, unit.name, unit.admin1, unit.admin2)] = unit
                names = [rec.name]
                if rec.name.endswith(" Commune"):  # "Ségou Commune" is also "commune de Ségou"
                    names.append(rec.name.removesuffix(" Commune"))
                roman = re.fullmatch(r"Commune (I|II|III|IV|V|VI)", rec.name)
                if roman:  # Bamako's communes, also written "Commune 4"
                    names.append(f"Commune {_ROMAN[roman.group(1).lower()]}")
                for name in names:
                    self._unit_exact[name_key(name)][unit.shape_id] = (SCORE_EXACT, name)
                    self._unit_sound[sound_key(name)][unit.shape_id] = (SCORE_SOUND, name)

    def _build_fuzzy_blocks(self) -> None:
        blocks: dict[str, list[str]] = defaultdict(list)
        for key in self._sound:
            if len(key) >= 2:
                blocks[key[:2]].append(key)
        self._fuzzy_blocks = {prefix: sorted(keys) for prefix, keys in blocks.items()}

    # -- lookups ------------------------------------------------------------------------

    def _place_hits(self, norm: str) -> tuple[list[_Hit], str]:
        """Gazetteer hits for a normalised name, from the strictest tier that finds any."""
        key = norm.replace(" ", "")
        hits = self._exact.get(key)
        if not hits:
            stripped = _strip_suffix(norm)
            if stripped:
                hits = {
                    row: (min(score, SCORE_SUFFIX), name)
                    for row, (score, name) in self._exact.get(stripped.replace(" ", ""), {}).items()
                }
        if hits:
            return [_Hit(row, score, name) for row, (score, name) in hits.items()], "exact"
        hits = self._sound.get(sound_key(norm), {})
        found = [
            _Hit(row, score, name)
            for row, (score, name) in hits.items()
            if _close_spelling(key, name_key(name))
        ]
        return found, "sound" if found else ""

    def _fuzzy_hits(self, norm: str) -> list[_Hit]:
        """Closest spellings: same first two sounds, at most 1 edit (2 for long names)."""
        sound = sound_key(norm)
        key = norm.replace(" ", "")
        if len(sound) < FUZZY_MIN_LENGTH or key in _FOREIGN_KEYS:
            return []
        max_edits = 1 if len(sound) < FUZZY_TWO_EDITS_LENGTH else 2
        block = self._fuzzy_blocks.get(sound[:2], ())
        found = process.extract(
            sound, block, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=FUZZY_LIMIT
        )
        if not found:
            return []
        fewest = min(edits for _, edits, _ in found)
        hits: dict[int, _Hit] = {}
        for sound_match, edits, _ in found:
            if edits > fewest:  # only the closest spelling(s)
                continue
            for row, (_, name) in self._sound[sound_match].items():
                ratio = fuzz.ratio(key, name_key(name))
                if ratio >= FUZZY_MIN_RATIO and (row not in hits or hits[row].score < ratio):
                    hits[row] = _Hit(row, round(min(ratio, SCORE_FUZZY_MAX), 1), name)
        return list(hits.values())

    def _unit_hits(self, norm: str, level: int | None, allow_sound: bool = True) -> list[_Hit]:
        """Admin units named ``norm`` (of one level, or any), exact key first, then by sound."""
        key = norm.replace(" ", "")
        table = self._unit_exact.get(key, {})
        if level == 1 and key in _NEWER_REGION_KEYS:
            # a region newer than our boundaries: the 2021 unit that covers it
            newer_level, covering = _NEWER_REGION_KEYS[key]
            return [
                _Hit(-1, SCORE_ALTERNATE, f"{norm.title()} region (after 2021)", unit)
                for unit in self._units.values()
                if unit.level == newer_level and unit.name == covering
            ]
        if not table and allow_sound:
            table = {
                sid: (score, name)
                for sid, (score, name) in self._unit_sound.get(sound_key(norm), {}).items()
                if _close_spelling(key, name_key(name))
            }
        return [
            _Hit(-1, score, name, self._units[sid])
            for sid, (score, name) in table.items()
            if level is None or self._units[sid].level == level
        ]

    @staticmethod
    def _exonym(norm: str) -> str | None:
        """The name an exonym or variant stands for ("timbuktu" -> "tombouctou"), if any."""
        target = _EXONYM_KEYS.get(norm.replace(" ", ""))
        return normalize(target) if target else None

    # -- hints --------------------------------------------------------------------------

    def _parse_hint(self, text: str, level: int | None = None) -> _Hint | None:
        key = (text, level)
        if key not in self._hint_cache:
            if len(self._hint_cache) >= HINT_CACHE_SIZE:
                self._hint_cache.clear()
            self._hint_cache[key] = self._read_hint(text, level)
        return self._hint_cache[key]

    def _read_hint(self, text: str, level: int | None) -> _Hint | None:
        """The units (coarsest reading) and/or the single place a hint part names."""
        qualified, norm = split_qualifier(text)
        level = level or qualified
        if not norm:
            return None
        hint = self._read_hint_name(text.strip(), norm, level)
        exonym = self._exonym(norm)
        if exonym:
            # "Timbuktu" names the town and, through its exonym, the Tombouctou region/cercle:
            # the hint keeps the units too, so Niafunké (in Tombouctou region) still fits it
            alias = self._read_hint_name(text.strip(), exonym, level)
            if hint is None:
                hint = alias
            elif alias is not None and not hint.units:
                hint.units = alias.units
        return hint

    def _read_hint_name(self, text: str, norm: str, level: int | None) -> _Hint | None:
        hint = _Hint(text=text)
        unit_hits = self._unit_hits(norm, level)
        if unit_hits:
            # a name that is a region, cercle and commune at once ("Ségou") is read as the
            # widest unit, which never leaves out the place meant
            coarsest = min(hit.unit.level for hit in unit_hits)
            hint.units = [hit.unit for hit in unit_hits if hit.unit.level == coarsest]
        if level is None:
            hits, tier = self._place_hits(norm)
            places = [c for c, _ in self._rank(self._place_candidates(hits), [])]
            if places and tier == "exact":
                hint.places = [(p.lon, p.lat) for p in places]
                groups = self._group(places)
                if len(groups) == 1 or self._dominant(groups):
                    hint.place_candidate = places[0]
        return hint if hint.units or hint.places else None

    def _hints(
        self, hint: str | None, region: str | None, cercle: str | None, commune: str | None
    ) -> tuple[list[_Hint], list[str]]:
        parts: list[_Hint] = []
        unused: list[str] = []
        for text, level in ((region, 1), (cercle, 2), (commune, 3)):
            if text and text.strip():
                parsed = self._parse_hint(text, level)
                (parts.append(parsed) if parsed else unused.append(text.strip()))
        if hint and hint.strip():
            for piece in _HINT_SPLIT.split(hint):
                if piece.strip() and name_key(piece) not in _COUNTRY_KEYS:
                    parsed = self._parse_hint(piece)
                    (parts.append(parsed) if parsed else unused.append(piece.strip()))
        return parts, unused

    # -- candidates ---------------------------------------------------------------------

    def _place_candidates(self, hits: list[_Hit]) -> list[Candidate]:
        rows = [hit for hit in hits if self._rows[hit.row]["usable"]]
        if any(self._rows[hit.row]["populated"] for hit in rows):
            # a settlement of that name exists: wells, camps and airports of the same name
            # are not what a report naming it means
            rows = [hit for hit in rows if self._rows[hit.row]["populated"]]
        out = []
        for hit in rows:
            row = self._rows[hit.row]
            precision = "near" if row["kind"] in ("area", "lake") else "point"
            out.append(
                Candidate(
                    name=row["name"], lat=row["lat"], lon=row["lon"], admin1=row["admin1"],
                    admin2=row["admin2"], admin3=row["admin3"], kind=row["kind"],
                    precision=precision, score=hit.score, geonameid=row["geonameid"],
                    matched_name=hit.matched_name,
                )
            )  # fmt: skip
        return out

    def _row_of(self, cand: Candidate) -> dict[str, Any] | None:
        if cand.geonameid is None:
            return None
        return self._rows[self._by_id[cand.geonameid]]

    def _unit_ids(self, cand: Candidate) -> frozenset[str]:
        row = self._row_of(cand)
        if row is not None:
            return row["ids"]
        unit = self._unit_of(cand)
        return unit.ids() if unit else frozenset()

    def _unit_of(self, cand: Candidate) -> _Unit | None:
        level = _PRECISION_LEVEL.get(cand.precision)
        if cand.geonameid is not None or level is None:
            return None
        # a unit's own name stands in its candidate's admin field, not in its key's parents
        admin1 = cand.admin1 if level > 1 else None
        admin2 = cand.admin2 if level > 2 else None
        return self._unit_by_key.get((level, cand.name, admin1, admin2))

    def _rank_key(self, cand: Candidate) -> tuple:
        row = self._row_of(cand)
        rank = row["rank"] if row else 0
        population = row["population"] if row else 0
        order = self._alias_order.get(cand.geonameid, 0)
        return (-cand.score, -rank, -population, order, cand.geonameid or 0, cand.name)

    def _rank(self, cands: list[Candidate], hints: list[_Hint]) -> list[tuple[Candidate, int]]:
        """Candidates best first, each with the number of hint parts it fits."""

        def key(pair: tuple[Candidate, int]) -> tuple:
            cand, fits = pair
            if not hints:
                return self._rank_key(cand)
            distance = min(
                (
                    _haversine_km(cand.lon, cand.lat, *place)
                    for h in hints
                    if not h.units
                    for place in h.places
                ),
                default=0.0,
            )
            return (-fits, round(distance, 1), *self._rank_key(cand))

        return sorted(((c, self._fit_count(hints, c)) for c in cands), key=key)

    @staticmethod
    def _fits(hint: _Hint, cand: Candidate, ids: frozenset[str]) -> bool:
        if hint.units and hint.contains(ids):
            return True
        return any(_haversine_km(cand.lon, cand.lat, *p) <= NEAR_KM for p in hint.places)

    def _group(self, cands: list[Candidate]) -> list[list[Candidate]]:
        """Group entries that are one place listed twice (same name area, < 5 km, one commune)."""
        groups: list[list[Candidate]] = []
        for cand in cands:
            for group in groups:
                head = group[0]
                if (
                    head.geonameid is not None
                    and cand.geonameid is not None
                    and head.admin3 == cand.admin3
                    and _haversine_km(head.lon, head.lat, cand.lon, cand.lat) <= SAME_PLACE_KM
                ):
                    group.append(cand)
                    break
            else:
                groups.append([cand])
        return groups

    def _dominant(self, groups: list[list[Candidate]]) -> bool:
        """True when the first group is a seat town and no other group is one."""
        ranks = [max((self._row_of(c) or {"rank": 0})["rank"] for c in g) for g in groups]
        return ranks[0] >= SEAT_RANK and all(r < SEAT_RANK for r in ranks[1:])

    # -- the public call -----------------------------------------------------------------

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
        query = _text(name)
        hint, region, cercle, commune = map(_text, (hint, region, cercle, commune))
        place, context = _split_context(query)
        if context:  # "Tori, Bankass cercle" / "Farabougou (Niono)": the rest is a hint
            hint = f"{context}, {hint}" if hint else context
        near = _NEAR_WORDS.match(normalize(place))
        if near:  # "near Gao", "aux environs de Gao": Gao itself, precision near
            place = near.group(1)
        level, norm = split_qualifier(place)
        hints, unused = self._hints(hint, region, cercle, commune)
        if not norm:
            return GeocodeResult(query, None, (), False, "not_found", "No place name given.")
        if norm.replace(" ", "") in _COUNTRY_KEYS:
            note = f"{place.strip()} is the whole country: no single place (precision country)."
            return GeocodeResult(query, None, (), False, "not_found", note)
        cands, tier = self._lookup(norm, level)
        exonym = self._exonym(norm)
        if tier != "exact" and exonym:
            cands, tier = self._lookup(exonym, level)
            # the name typed is not the gazetteer's own: score it as an alternate name
            cands = [
                replace(c, score=min(c.score, SCORE_ALTERNATE), matched_name=place.strip())
                for c in cands
            ]
        if not cands and level is None:
            cands = self._place_candidates(self._fuzzy_hits(norm))
            tier = "fuzzy" if cands else ""
        foreign = _FOREIGN_KEYS.get(norm.replace(" ", ""))
        if foreign:
            # only an exact Malian namesake inside the hinted area may stand for it
            fitting = [c for c in cands if tier == "exact" and self._fits_all(hints, c)]
            if not hints or not fitting:
                note = f"{query.strip()} is in {foreign}, outside Mali"
                return GeocodeResult(query, None, (), False, "not_found", note + ".")
        result = self._result(query, place.strip(), cands, hints, tier, unused)
        return _as_near(result) if near else result

    def _lookup(self, norm: str, level: int | None) -> tuple[list[Candidate], str]:
        """Candidates from the exact and sound tiers, and the tier that found them."""
        if level is not None:
            cands = self._unit_candidates(self._unit_hits(norm, level))
            return cands, "exact" if cands else ""
        hits, tier = self._place_hits(norm)
        cands = self._place_candidates(hits)
        if tier != "exact" or not cands:
            # an admin unit spelled exactly beats a settlement found by sound
            unit_cands = self._unit_candidates(self._unit_hits(norm, None, allow_sound=False))
            if unit_cands:
                return unit_cands, "exact"
        return cands, tier

    def _fits_all(self, hints: list[_Hint], cand: Candidate) -> bool:
        return self._fit_count(hints, cand) == len(hints)

    def _fit_count(self, hints: list[_Hint], cand: Candidate) -> int:
        ids = self._unit_ids(cand)
        return sum(1 for h in hints if self._fits(h, cand, ids))

    @staticmethod
    def _unit_candidates(hits: list[_Hit]) -> list[Candidate]:
        return [hit.unit.candidate(hit.score, hit.matched_name) for hit in hits]

    def _result(
        self,
        query: str,
        label: str,
        cands: list[Candidate],
        hints: list[_Hint],
        tier: str,
        unused: list[str],
    ) -> GeocodeResult:
        hint_note = f" (hint not recognised: {', '.join(unused)})" if unused else ""
        pairs = self._rank(cands, hints)
        ranked = [c for c, _ in pairs]
        all_groups = self._group(ranked)
        hint_text = " / ".join(h.text for h in hints)
        if hints and ranked:
            # keep the candidates that fit the most parts of the hint (at least one)
            most = pairs[0][1]  # ranking puts the best-fitting first
            ranked = [c for c, fits in pairs if fits == most > 0]
            if not ranked:
                reason = f"{_count(len(all_groups))} called {label}, none in {hint_text}"
                return self._fallback(query, hints, reason, hint_note)
        if not ranked:
            reason = f"{label} is not in the gazetteer"
            if hints:
                return self._fallback(query, hints, reason, hint_note)
            return GeocodeResult(query, None, (), False, "not_found", reason + hint_note + ".")

        groups = self._group(ranked)
        best = groups[0][0]
        ambiguous = len(groups) > 1 and not self._dominant(groups)
        what = f"{best.kind} {best.name}"
        if normalize(best.matched_name) not in (normalize(best.name), normalize(label)):
            what += f" via the name {best.matched_name}"
        what += {"sound": ", a variant spelling", "fuzzy": ", the closest spelling"}.get(tier, "")
        if len(groups) == 1 and len(all_groups) > 1:
            note = f"{_count(len(all_groups))} called {label}; hint {hint_text} selected {what}"
        elif len(groups) == 1:
            extra = f" ({len(groups[0])} adjoining entries)" if len(groups[0]) > 1 else ""
            note = f"Matched {what}{extra}"
        elif not ambiguous:
            note = f"Matched {what}; {len(groups) - 1} smaller place(s) share the name"
        elif len(all_groups) > len(groups):
            note = (
                f"{_count(len(all_groups))} called {label}; hint {hint_text} leaves "
                f"{len(groups)}; best {what} in {_where(best)}"
            )
        else:
            note = f"{_count(len(groups))} called {label}; best {what} in {_where(best)}"
        status = "ambiguous" if ambiguous else "matched"
        return GeocodeResult(query, best, tuple(ranked), ambiguous, status, note + hint_note + ".")

    def _fallback(
        self, query: str, hints: list[_Hint], reason: str, hint_note: str
    ) -> GeocodeResult:
        """The hinted unit (or hinted place, precision near) standing in for a missing place."""
        unit_hints = [h for h in hints if h.units]
        if unit_hints:
            # the finest unit named by the hint that agrees with all the hint's other parts
            options = {u.shape_id: u for h in unit_hints for u in h.units}.values()
            for level in sorted({u.level for u in options}, reverse=True):
                agreeing = [
                    u
                    for u in options
                    if u.level == level and all(h.contains(u.ids()) for h in unit_hints)
                ]
                if len(agreeing) == 1:
                    cand = agreeing[0].candidate(0.0, "")
                    note = (
                        f"{reason}; located at the {agreeing[0].label()} named in the hint "
                        f"(precision {cand.precision})"
                    )
                    return GeocodeResult(
                        query, cand, (cand,), False, "fallback", note + hint_note + "."
                    )
        place_hint = next((h for h in hints if h.place_candidate), None)
        if place_hint is None:
            note = f"{reason}; the hint names no single unit or place to fall back to"
            return GeocodeResult(query, None, (), False, "not_found", note + hint_note + ".")
        near = place_hint.place_candidate
        cand = Candidate(
            name=near.name, lat=near.lat, lon=near.lon, admin1=near.admin1, admin2=near.admin2,
            admin3=near.admin3, kind=near.kind, precision="near", score=0.0,
            geonameid=near.geonameid, matched_name="",
        )  # fmt: skip
        note = f"{reason}; located near {near.name}, the place named in the hint (precision near)"
        return GeocodeResult(query, cand, (cand,), False, "fallback", note + hint_note + ".")


def _as_near(result: GeocodeResult) -> GeocodeResult:
    """The result for "near X": X's point candidates stand for a place within ~25 km."""
    cands = tuple(replace(c, precision="near") if c.precision == "point" else c
                  for c in result.candidates)  # fmt: skip
    if not cands:
        return result
    note = result.note.removesuffix(".") + "; the source says near it (precision near)."
    return replace(result, match=cands[0], candidates=cands, note=note)


def _split_context(query: str) -> tuple[str, str]:
    """("Tori, Bankass cercle") -> ("Tori", "Bankass cercle"); also "Farabougou (Niono)"."""
    bracketed = _BRACKETED.match(query)
    if bracketed:
        return bracketed.group(1), bracketed.group(2).strip()
    place, _, context = query.partition(",")
    return place, context.strip()


def _text(value: object) -> str:
    """A name or hint as text: None and NaN (empty spreadsheet cells) become ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _close_spelling(query_key: str, name_key_: str) -> bool:
    """Guard for sound-key matches: same first letter and similar plain spelling."""
    return query_key[:1] == name_key_[:1] and fuzz.ratio(query_key, name_key_) >= FUZZY_MIN_RATIO


def _count(n: int) -> str:
    return "1 place" if n == 1 else f"{n} places"


def _where(cand: Candidate) -> str:
    parts = [p for p in (cand.admin3, cand.admin2, cand.admin1) if p]
    return ", ".join(parts) if parts else "no Malian unit"


# The country itself: not a place to put on the map; ignored as a hint.
_COUNTRY_KEYS = frozenset({"mali", "republiquedumali", "republicofmali", "lemali"})
_PRECISION_LEVEL = {precision: level for level, precision in LEVEL_PRECISION.items()}
_NEWER_REGION_KEYS = {name_key(name): unit for name, unit in NEWER_REGIONS.items()}
_EXONYM_KEYS = {name_key(variant): name for variant, name in EXONYMS.items()}
_FOREIGN_KEYS = {name_key(name): country for name, country in FOREIGN_PLACES.items()}


@lru_cache(maxsize=1)
def get_geocoder() -> Geocoder:
    """The shared geocoder (built on first use, about a second)."""
    return Geocoder()
