"""What the geocoder answers: the candidate places for a name and the result of one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRECISIONS = ("point", "near", "commune", "cercle", "region", "country")
STATUSES = ("matched", "ambiguous", "fallback", "not_found")
LEVEL_PRECISION = {1: "region", 2: "cercle", 3: "commune"}
# Where a place comes from, best-ranked first: GeoNames, OCHA's settlements list,
# OpenStreetMap's place nodes, then the places a user's own imports located exactly
# (``Geocoder.learn``).
SOURCE_GEONAMES = "geonames"
SOURCE_OCHA = "ocha"
SOURCE_OSM = "osm"
SOURCE_LEARNED = "learned"
SOURCES = (SOURCE_GEONAMES, SOURCE_OCHA, SOURCE_OSM, SOURCE_LEARNED)


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
    # "geonames:<id>", "ocha:<P-code>", "osm:<node id>", "learned:<n>"; None: a unit
    place_id: str | None = None
    source: str = ""  # one of SOURCES for a place; "" for an admin unit

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
