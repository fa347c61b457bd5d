"""The gazetteer and the admin units indexed by name, and the lookups on them.

Three tables of names: exact keys (case, accents, punctuation ignored), sound keys (the
transcription variants ``geo.normalize.sound_key`` folds) and, for fuzzy matching, the sound
keys in blocks of the same first two sounds. Each lookup gives ``Hit``s with the score of the
way the name matched; ``PlaceIndex`` also turns hits into ``Candidate``s and knows the admin
units a candidate lies in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

import shapely
from pyproj import Transformer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from geo.boundaries import (
    CRS,
    METRIC_CRS,
    OFFICIAL_ADMIN2,
    admin_units,
    haversine_km,
    locate_communes,
)
from geo.gazetteer import (
    ALIASES,
    EXONYMS,
    FOREIGN_PLACES,
    NAME_SUFFIXES,
    NEWER_REGIONS,
    load_gazetteer,
    load_osm_places,
    load_settlements,
)
from geo.normalize import name_key, normalize, sound_key
from geo.results import LEVEL_PRECISION, SOURCE_GEONAMES, SOURCE_OCHA, SOURCE_OSM, Candidate

# Scores (0-100) of each way a name can match.
SCORE_EXACT = 100.0
SCORE_ALTERNATE = 97.0
SCORE_SUFFIX = 95.0
SCORE_SOUND = 90.0
SCORE_FUZZY_MAX = 89.0
# Fuzzy matching (see geo.geocoder): length-aware edit limits on the sound key.
FUZZY_MIN_LENGTH = 8  # sound-key letters; shorter names must match exactly or by sound
FUZZY_TWO_EDITS_LENGTH = 12  # from this length two edits are allowed, below it one
FUZZY_MIN_RATIO = 80.0  # rapidfuzz ratio of the plain spellings, for fuzzy and sound matches
FUZZY_LIMIT = 20
# A lower-ranked source's name this close to a same-sounding settlement is that settlement,
# and so is one spelled alike (rapidfuzz ratio of the sound keys) closer than MERGE_SIMILAR_KM.
MERGE_KM = 10.0
MERGE_SIMILAR_KM = 3.0
MERGE_RATIO = 85.0
GRID_DEGREES = 0.1  # cell of the settlement grid the merge searches (about 11 km)
# Fuzzy search inside the hinted units: looser than the country-wide one.
HINTED_FUZZY_MIN_RATIO = 75.0  # rapidfuzz ratio of the sound keys
HINTED_FUZZY_MIN_LENGTH = 4  # sound-key letters
HINTED_PREFIX_SCORE = 80.0  # score of a name whose words begin the other's
HINTED_REORDER_SCORE = 85.0  # score of a name with the other's words in another order
SKELETON_ONE_EDIT = 4  # consonants from which one may differ
SKELETON_EXTRA_FINAL = 3  # consonants from which one more may end the other spelling
HINTED_SHORT_LENGTH = 6  # sound keys shorter than this need HINTED_SHORT_MIN_RATIO
HINTED_SHORT_MIN_RATIO = 80.0
NASAL_PENALTY = 10.0  # a spelling that differs by an n or m before a consonant (Bota, Bonta)
VOICING_PENALTY = 5.0  # a spelling that differs by g for k (Néguéna, Nekena)
# Spellings country-wide this alike (and alike by the hinted search's rules) may be the place
# a weak match without a hint means instead: as alike as a fuzzy match's plain spellings.
LOOSE_NAMESAKE_MIN_RATIO = FUZZY_MIN_RATIO
# A hint spelled like a region or cercle this closely names it.
UNIT_FUZZY_MIN_RATIO = 85.0

_UNIT_KINDS = {1: "region", 2: "cercle", 3: "commune"}
# Feature ranking when names tie: seats of government first, then quarters and villages.
_CODE_RANK = {"PPLC": 6, "PPLA": 5, "PPLA2": 4, "PPLA3": 3, "PPLA4": 3}
_KIND_RANK = {"town": 3, "quarter": 3, "village": 2}
COMMUNE_SEAT_RANK = 3

_PRECISION_LEVEL = {precision: level for level, precision in LEVEL_PRECISION.items()}
_NEWER_REGION_KEYS = {name_key(name): unit for name, unit in NEWER_REGIONS.items()}
_EXONYM_KEYS = {name_key(variant): name for variant, name in EXONYMS.items()}
FOREIGN_KEYS = {name_key(name): country for name, country in FOREIGN_PLACES.items()}


@dataclass(frozen=True)
class AdminUnit:
    """A region, cercle or commune of our polygons, at its representative point."""

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
    outside_km: float


@dataclass(frozen=True)
class Hit:
    row: int  # gazetteer row
    score: float
    matched_name: str


@dataclass(frozen=True)
class UnitHit:
    unit: AdminUnit
    score: float
    matched_name: str


_VOWELS = re.compile(r"[aeiou]+")
# An n or m before another consonant comes and goes between transcriptions (Bota / Bonta,
# Tamboko / Tanboko).
_NASAL = re.compile(r"[nm](?=[^aeiounm])")


# g and k inside a name stand for one Soninke and Bambara sound in French transcriptions
# (Néguéna, Nekena): the loose search reads a g as a k, a little less alike.
_VOICED_K = str.maketrans("g", "k")


def _skeleton_without_nasals(sound: str) -> str:
    return _VOWELS.sub("", _NASAL.sub("", sound))


def _same_consonants(sound: str, other: str) -> bool:
    """Same consonant skeleton, or one edit apart when it is long enough to tell places apart
    (Modoro for Modori; Zalan is not Zaman), or one consonant more at the end of a skeleton
    of ``SKELETON_EXTRA_FINAL`` (Tamasheq's final t comes and goes: Tassikt, Tassik)."""
    mine, theirs = _VOWELS.sub("", sound), _VOWELS.sub("", other)
    if mine == theirs:
        return True
    shorter, longer = sorted((mine, theirs), key=len)
    if len(shorter) >= SKELETON_EXTRA_FINAL and longer[:-1] == shorter:
        return True
    long_enough = len(shorter) >= SKELETON_ONE_EDIT
    return long_enough and Levenshtein.distance(mine, theirs) <= 1


def _loose_ratio(sound: str, other: str) -> float:
    """How alike two sound keys are for the loose search (0 when they are not alike at all):
    the same first letter and consonants (``_same_consonants``; or the same but for an n or
    m before a consonant, scored ``NASAL_PENALTY`` lower so a vowel variant wins over it),
    and closer still for short names, where one letter is a quarter of the name (Zalan,
    Zaman). From ``HINTED_SHORT_LENGTH`` letters a g after the first letter may stand for a
    k, scored ``VOICING_PENALTY`` lower (Néguéna for Nekena)."""
    ratio = _alike(sound, other)
    if len(sound) >= HINTED_SHORT_LENGTH and sound[:1] == other[:1] and "g" in sound + other:
        voiced = _alike(sound.translate(_VOICED_K), other.translate(_VOICED_K))
        ratio = max(ratio, voiced - VOICING_PENALTY)
    return ratio


def _alike(sound: str, other: str) -> float:
    if sound[:1] != other[:1]:
        return 0.0
    penalty = 0.0
    if not _same_consonants(sound, other):
        if _skeleton_without_nasals(sound) != _skeleton_without_nasals(other):
            return 0.0
        penalty = NASAL_PENALTY
    ratio = fuzz.ratio(sound, other)
    if len(sound) < HINTED_SHORT_LENGTH and ratio < HINTED_SHORT_MIN_RATIO:
        return 0.0
    return ratio - penalty


def _place_rank(feature_code: str, kind: str, name: str, commune: str | None) -> int:
    """Seats of government first, then a village named like its commune (the commune's
    chief village, which reports naming the commune's village mean), then the rest."""
    rank = _CODE_RANK.get(feature_code, _KIND_RANK.get(kind, 1))
    if commune and name_key(name) == name_key(commune.removesuffix(" Commune")):
        rank = max(rank, COMMUNE_SEAT_RANK)
    return rank


def _words_begin(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """True when one name's words begin the other's, sharing HINTED_FUZZY_MIN_LENGTH letters."""
    shorter, longer = sorted((words, other), key=len)
    return (
        len(shorter) < len(longer)
        and longer[: len(shorter)] == shorter
        and len("".join(shorter)) >= HINTED_FUZZY_MIN_LENGTH
    )


def _reordered(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """True when two names have the same words in another order ("Koussata Dioumara")."""
    return len(words) > 1 and words != other and sorted(words) == sorted(other)


def only_first_words(norm: str, name: str) -> bool:
    """True when ``name`` (a gazetteer spelling) is only the first words of the query
    ``norm``: "Gadiaba Boundounke" found as "Gadjaba" leaves a word unexplained, which may
    be the village itself."""
    words = tuple(sound_key(w) for w in norm.split())
    other = tuple(sound_key(w) for w in normalize(name).split())
    return len(other) < len(words) and _words_begin(words, other)


def _cell(lon: float, lat: float) -> tuple[int, int]:
    return int(lon // GRID_DEGREES), int(lat // GRID_DEGREES)


def _strip_suffix(norm: str) -> str | None:
    words = norm.split()
    if len(words) > 1 and words[-1] in NAME_SUFFIXES:
        return " ".join(words[:-1])
    return None


def _close_spelling(query_key: str, name_key_: str) -> bool:
    """Guard for sound-key matches: same first letter and similar plain spelling."""
    return query_key[:1] == name_key_[:1] and fuzz.ratio(query_key, name_key_) >= FUZZY_MIN_RATIO


class PlaceIndex:
    """Gazetteer rows and admin units by exact key, sound key and fuzzy block. Read only."""

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
                    "geonameid": int(rec.geonameid), "place_id": f"geonames:{rec.geonameid}",
                    "source": SOURCE_GEONAMES, "lat": float(rec.latitude),
                    "name": official.get(name_key(rec.name), rec.name) if populated else rec.name,
                    "lon": float(rec.longitude), "admin1": rec.admin1, "admin2": rec.admin2,
                    "admin3": rec.admin3, "kind": kind, "populated": populated,
                    "ids": frozenset(i for i in (rec.admin1_id, rec.admin2_id, rec.admin3_id) if i),
                    # admin units come from our polygons, not from GeoNames' admin features
                    "usable": rec.feature_class != "A",
                    "rank": _place_rank(rec.feature_code, kind, rec.name, rec.admin3),
                    "population": int(rec.population), "origin": "GeoNames",
                    "outside_km": rec.outside_km,
                }
            )  # fmt: skip
        self._by_geonameid = {row["geonameid"]: i for i, row in enumerate(self._rows)}
        self._by_place_id = {row["place_id"]: i for i, row in enumerate(self._rows)}
        self._exact: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        self._sound: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        # each row's names as (sound key, sound key of each word, name), for hinted search
        self._spellings: dict[int, set[tuple[str, tuple[str, ...], str]]] = defaultdict(set)
        self._rows_by_unit: dict[str, list[int]] | None = None
        for i, rec in enumerate(records):
            if self._rows[i]["usable"]:
                self._add_names([i], [(rec.name, SCORE_EXACT), (rec.asciiname, SCORE_EXACT)])
                self._add_names([i], [(alt, SCORE_ALTERNATE) for alt in rec.alternatenames])
        # an alias lists its places in order of preference; ties between them follow it
        self.alias_order: dict[int, int] = {}
        for alias, geonameids in ALIASES.items():
            self._add_names([self._by_geonameid[g] for g in geonameids], [(alias, SCORE_ALTERNATE)])
            self.alias_order.update((g, i) for i, g in enumerate(geonameids))
        settlements = load_settlements()
        self.add_places(
            settlements["name"].tolist(), settlements["latitude"].tolist(),
            settlements["longitude"].tolist(), SOURCE_OCHA,
            [f"ocha:{pcode}" for pcode in settlements["pcode"]],
        )  # fmt: skip
        osm = load_osm_places()
        self.add_places(
            osm["name"].tolist(), osm["latitude"].tolist(), osm["longitude"].tolist(),
            SOURCE_OSM, [f"osm:{node}" for node in osm["osm_id"]],
        )  # fmt: skip
        self._build_units()
        self._build_fuzzy_blocks()
        self._metric_units: dict[str, shapely.Geometry] | None = None
        self._to_metric = Transformer.from_crs(CRS, METRIC_CRS, always_xy=True)

    def add_places(
        self,
        names: list[str],
        lats: list[float],
        lons: list[float],
        source: str,
        place_ids: list[str] | None = None,
        origin: str = "",
    ) -> int:
        """Add places of a lower-ranked source; returns how many were new.

        A name that a settlement of a better source within ``MERGE_KM`` already sounds like
        becomes that settlement's alternate name (one place, not two that would make every
        query ambiguous); any other name is a new village of ``source``. ``origin`` says
        where they come from (an import's name, shown in notes).
        """
        admins = locate_communes(lons, lats)
        ids = admins[list(("admin1_id", "admin2_id", "admin3_id"))].itertuples(index=False)
        grid = self._settlement_grid(source)
        added = 0
        for pos, (name, lat, lon, unit_ids) in enumerate(zip(names, lats, lons, ids, strict=True)):
            norm = normalize(name)
            if not norm or admins.at[pos, "admin1"] is None:
                continue  # nothing to index, or not in Mali
            same = self._same_settlement(norm, lon, lat, grid)
            if same is not None:
                if name_key(norm) not in self._exact:  # no new homonym of a known name
                    self._add_names([same], [(name, SCORE_ALTERNATE)])
                continue
            row = len(self._rows)
            place_id = place_ids[pos] if place_ids else f"{source}:{row}"
            self._rows.append(
                {
                    "geonameid": None, "place_id": place_id, "source": source,
                    "lat": float(lat), "lon": float(lon), "name": name.strip(),
                    "admin1": admins.at[pos, "admin1"], "admin2": admins.at[pos, "admin2"],
                    "admin3": admins.at[pos, "admin3"], "kind": "village", "populated": True,
                    "ids": frozenset(i for i in unit_ids if i), "usable": True,
                    "rank": _KIND_RANK["village"], "population": 0, "origin": origin,
                    "outside_km": admins.at[pos, "outside_km"],
                }
            )  # fmt: skip
            self._by_place_id[place_id] = row
            self._add_names([row], [(name, SCORE_EXACT)])
            added += 1
        if hasattr(self, "_fuzzy_blocks"):
            self._build_fuzzy_blocks()
        self._rows_by_unit = None  # rebuilt on next use
        return added

    def _settlement_grid(self, source: str) -> dict[tuple[int, int], list[int]]:
        """Settlements of the other sources by grid cell of ``GRID_DEGREES``."""
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, row in enumerate(self._rows):
            if row["populated"] and row["source"] != source:
                grid[_cell(row["lon"], row["lat"])].append(i)
        return grid

    def _same_settlement(
        self, norm: str, lon: float, lat: float, grid: dict[tuple[int, int], list[int]]
    ) -> int | None:
        """The nearest settlement of another source that this name and point are: one that
        sounds the same within ``MERGE_KM``, or is spelled alike within ``MERGE_SIMILAR_KM``."""
        sound = sound_key(norm)
        cx, cy = _cell(lon, lat)
        best: tuple[float, int] | None = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for row in grid.get((cx + dx, cy + dy), ()):
                    other = self._rows[row]
                    km = haversine_km(lon, lat, other["lon"], other["lat"])
                    if km > MERGE_KM or (best is not None and km >= best[0]):
                        continue
                    other_sound = sound_key(normalize(other["name"]))
                    alike = other_sound == sound or (
                        km <= MERGE_SIMILAR_KM and fuzz.ratio(sound, other_sound) >= MERGE_RATIO
                    )
                    if alike:
                        best = (km, row)
        return best[1] if best else None

    # -- construction -------------------------------------------------------------------

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
                spelling = (sound_key(form), tuple(sound_key(w) for w in form.split()), name)
                for target in targets:
                    self._keep_best(self._exact[name_key(form)], target, form_score, name)
                    self._keep_best(self._sound[sound_key(form)], target, SCORE_SOUND, name)
                    self._spellings[target].add(spelling)

    @staticmethod
    def _keep_best(table: dict[int, tuple[float, str]], row: int, score: float, name: str) -> None:
        if row not in table or table[row][0] < score:
            table[row] = (score, name)

    def _build_units(self) -> None:
        self._units: dict[str, AdminUnit] = {}
        self._unit_exact: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._unit_sound: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self._unit_by_key: dict[tuple, AdminUnit] = {}
        for level in (1, 2, 3):
            units = admin_units(level)
            points = units.geometry.representative_point()
            lons, lats = points.x.tolist(), points.y.tolist()
            parents = locate_communes(lons, lats)
            admin1_ids, admin2_ids = parents["admin1_id"].tolist(), parents["admin2_id"].tolist()
            for j, rec in enumerate(units.itertuples(index=False)):
                unit = AdminUnit(
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
                for name in names:
                    self._unit_exact[name_key(name)][unit.shape_id] = (SCORE_EXACT, name)
                    self._unit_sound[sound_key(name)][unit.shape_id] = (SCORE_SOUND, name)

    def _build_fuzzy_blocks(self) -> None:
        blocks: dict[str, list[str]] = defaultdict(list)
        for key in self._sound:
            if len(key) >= 2:
                blocks[key[:2]].append(key)
        self._fuzzy_blocks = {prefix: sorted(keys) for prefix, keys in blocks.items()}
        initials: dict[str, list[str]] = defaultdict(list)
        for key in self._sound:
            initials[key[:1]].append(key)
        self._initial_blocks = dict(initials)

    # -- lookups ------------------------------------------------------------------------

    def place_hits(self, norm: str) -> tuple[list[Hit], str]:
        """Gazetteer hits for a normalised name, from the strictest tier that finds any."""
        key = name_key(norm)
        hits = self._exact.get(key)
        if not hits:
            stripped = _strip_suffix(norm)
            if stripped:
                hits = {
                    row: (min(score, SCORE_SUFFIX), name)
                    for row, (score, name) in self._exact.get(name_key(stripped), {}).items()
                }
        if hits:
            return [Hit(row, score, name) for row, (score, name) in hits.items()], "exact"
        hits = self._sound.get(sound_key(norm), {})
        found = [
            Hit(row, score, name)
            for row, (score, name) in hits.items()
            if _close_spelling(key, name_key(name))
        ]
        return found, "sound" if found else ""

    def namesake_hits(self, norm: str) -> list[Hit]:
        """Every settlement whose name has the same exact key or sound key as ``norm``, with
        no spelling guard: the places a report of that name might mean, to judge whether the
        best one can be trusted without a hint."""
        found: dict[int, tuple[float, str]] = {}
        for table in (self._sound.get(sound_key(norm), {}), self._exact.get(name_key(norm), {})):
            found.update(table)
        return [Hit(row, score, name) for row, (score, name) in found.items()]

    def loose_namesake_hits(self, norm: str) -> list[Hit]:
        """Settlements country-wide spelled like ``norm`` by the loose rules of the hinted
        search (``_loose_ratio``), ``LOOSE_NAMESAKE_MIN_RATIO`` alike: the places a name
        matched only by an alternate name, a variant or a lower source might be instead."""
        sound = sound_key(norm)
        if len(sound) < HINTED_FUZZY_MIN_LENGTH:
            return []
        block = self._initial_blocks.get(sound[:1], ())
        found = process.extract(
            sound, block, scorer=fuzz.ratio, score_cutoff=LOOSE_NAMESAKE_MIN_RATIO, limit=None
        )
        hits: dict[int, Hit] = {}
        for other, _, _ in found:
            ratio = _loose_ratio(sound, other)
            if ratio >= LOOSE_NAMESAKE_MIN_RATIO:
                for row, (_, name) in self._sound[other].items():
                    hits[row] = Hit(row, round(min(ratio, SCORE_FUZZY_MAX), 1), name)
        return list(hits.values())

    def fuzzy_hits(self, norm: str) -> list[Hit]:
        """Closest spellings: same first two sounds, at most 1 edit (2 for long names)."""
        sound = sound_key(norm)
        key = name_key(norm)
        if len(sound) < FUZZY_MIN_LENGTH or key in FOREIGN_KEYS:
            return []
        max_edits = 1 if len(sound) < FUZZY_TWO_EDITS_LENGTH else 2
        block = self._fuzzy_blocks.get(sound[:2], ())
        found = process.extract(
            sound, block, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=FUZZY_LIMIT
        )
        if not found:
            return []
        fewest = min(edits for _, edits, _ in found)
        hits: dict[int, Hit] = {}
        for sound_match, edits, _ in found:
            if edits > fewest:  # only the closest spelling(s)
                continue
            for row, (_, name) in self._sound[sound_match].items():
                ratio = fuzz.ratio(key, name_key(name))
                if ratio >= FUZZY_MIN_RATIO and (row not in hits or hits[row].score < ratio):
                    hits[row] = Hit(row, round(min(ratio, SCORE_FUZZY_MAX), 1), name)
        return list(hits.values())

    def hinted_fuzzy_hits(self, norm: str, units: list[AdminUnit]) -> list[Hit]:
        """Closest spellings among the places inside ``units``: looser than ``fuzzy_hits``
        (the hint has already narrowed the search to a few hundred names).

        A name matches when its sound key starts with the same letter, is
        ``HINTED_FUZZY_MIN_RATIO`` alike and has the same consonants (one may differ from
        ``SKELETON_ONE_EDIT`` consonants on: vowels vary between transcriptions far more than
        consonants), when the words of one name begin the other ("Sogara" for
        "Sogara Peulh", "Ti-n-Kar Nord" for "Ti-n-Kar"), or when both have the same words in
        another order. Only the best-scoring spelling(s) are kept.
        """
        sound = sound_key(norm)
        words = tuple(sound_key(w) for w in norm.split())
        if len(sound) < HINTED_FUZZY_MIN_LENGTH:
            return []
        rows_by_unit = self._unit_rows()
        scored: dict[int, tuple[float, str]] = {}
        for unit in units:
            for row in rows_by_unit.get(unit.shape_id, ()):
                for other, other_words, name in self._spellings[row]:
                    ratio = _loose_ratio(sound, other)
                    if ratio < HINTED_FUZZY_MIN_RATIO and _words_begin(words, other_words):
                        ratio = HINTED_PREFIX_SCORE
                    elif ratio < HINTED_REORDER_SCORE and _reordered(words, other_words):
                        ratio = HINTED_REORDER_SCORE
                    if ratio >= HINTED_FUZZY_MIN_RATIO and ratio > scored.get(row, (0.0, ""))[0]:
                        scored[row] = (ratio, name)
        if not scored:
            return []
        top = max(ratio for ratio, _ in scored.values())
        return [
            Hit(row, round(min(ratio, SCORE_FUZZY_MAX), 1), name)
            for row, (ratio, name) in scored.items()
            if ratio == top
        ]

    def _unit_rows(self) -> dict[str, list[int]]:
        """Usable settlement rows by the shape id of every unit containing them."""
        if self._rows_by_unit is None:
            table: dict[str, list[int]] = defaultdict(list)
            for i, row in enumerate(self._rows):
                if row["usable"] and row["populated"]:
                    for shape_id in row["ids"]:
                        table[shape_id].append(i)
            self._rows_by_unit = dict(table)
        return self._rows_by_unit

    def km_outside(self, unit: AdminUnit, lon: float, lat: float) -> float:
        """How far (km) a point lies outside a unit's polygon (0 inside)."""
        if self._metric_units is None:
            self._metric_units = {}
            for level in (1, 2, 3):
                units = admin_units(level).to_crs(METRIC_CRS)
                self._metric_units.update(zip(units["shape_id"], units.geometry, strict=True))
        x, y = self._to_metric.transform(lon, lat)
        return self._metric_units[unit.shape_id].distance(shapely.Point(x, y)) / 1000

    def unit_hits(self, norm: str, level: int | None, allow_sound: bool = True) -> list[UnitHit]:
        """Admin units named ``norm`` (of one level, or any), exact key first, then by sound."""
        key = name_key(norm)
        table = self._unit_exact.get(key, {})
        if level == 1 and key in _NEWER_REGION_KEYS:
            # a region newer than our boundaries: the 2021 unit that covers it
            newer_level, covering = _NEWER_REGION_KEYS[key]
            return [
                UnitHit(unit, SCORE_ALTERNATE, f"{norm.title()} region (newer than our units)")
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
            UnitHit(self._units[sid], score, name)
            for sid, (score, name) in table.items()
            if level is None or self._units[sid].level == level
        ]

    def close_units(self, norm: str, coarser_than: int) -> list[AdminUnit]:
        """Regions and cercles (levels below ``coarser_than``) spelled closely like ``norm``
        ("Baraoueli" for the Barouéli cercle): same first letter, sound keys
        ``UNIT_FUZZY_MIN_RATIO`` alike. Only the closest are returned."""
        sound = sound_key(norm)
        scored = [
            (fuzz.ratio(sound, sound_key(unit.name)), unit)
            for unit in self._units.values()
            if unit.level < coarser_than and sound_key(unit.name)[:1] == sound[:1]
        ]
        scored = [(ratio, unit) for ratio, unit in scored if ratio >= UNIT_FUZZY_MIN_RATIO]
        top = max((ratio for ratio, _ in scored), default=0)
        return [unit for ratio, unit in scored if ratio == top]

    @staticmethod
    def exonym(norm: str) -> str | None:
        """The name an exonym or variant stands for ("timbuktu" -> "tombouctou"), if any."""
        target = _EXONYM_KEYS.get(name_key(norm))
        return normalize(target) if target else None

    # -- candidates ---------------------------------------------------------------------

    def place_candidates(self, hits: list[Hit], settlements_first: bool = True) -> list[Candidate]:
        """Candidates of the usable hits; only the settlements among them if there are any
        (unless ``settlements_first`` is False)."""
        rows = [hit for hit in hits if self._rows[hit.row]["usable"]]
        if settlements_first and any(self._rows[hit.row]["populated"] for hit in rows):
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
                    matched_name=hit.matched_name, place_id=row["place_id"],
                    source=row["source"],
                )
            )  # fmt: skip
        return out

    def row_of(self, cand: Candidate) -> dict[str, Any] | None:
        if cand.place_id is None:
            return None
        return self._rows[self._by_place_id[cand.place_id]]

    def unit_ids(self, cand: Candidate) -> frozenset[str]:
        row = self.row_of(cand)
        if row is not None:
            return row["ids"]
        unit = self.unit_of(cand)
        return unit.ids() if unit else frozenset()

    def unit_of(self, cand: Candidate) -> AdminUnit | None:
        """The admin unit an admin-unit candidate stands for (None for a place)."""
        level = _PRECISION_LEVEL.get(cand.precision)
        if cand.place_id is not None or level is None:
            return None
        # a unit's own name stands in its candidate's admin field, not in its key's parents
        admin1 = cand.admin1 if level > 1 else None
        admin2 = cand.admin2 if level > 2 else None
        return self._unit_by_key.get((level, cand.name, admin1, admin2))

    @staticmethod
    def unit_candidates(hits: list[UnitHit]) -> list[Candidate]:
        return [hit.unit.candidate(hit.score, hit.matched_name) for hit in hits]
