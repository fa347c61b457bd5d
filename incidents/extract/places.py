"""Malian places a sentence names, checked against the gazetteer, and the incident's place and
hint chosen among them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from geo.normalize import normalize

_NAME_WORD = r"[A-ZÀ-Ý][\w'’-]*[\wé]"
_NAME = (
    rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|du|de|des|d'))*?"
    rf"(?:\s+(?:[Cc]ercle|[Rr]egion|[Dd]istrict)(?:\s+{_NAME_WORD})?)?"
)
_LOCATIVE = (
    r"(?:\b(?:[Ii]n|at|near|of|from|around|outside|dans|à|près de|de|du|en|[Aa]u)\s+|\bd['’])"
    r"(?:the\s+|la\s+|le\s+|l')?"
    r"(?:(?:village|villages|town|towns|city|commune|communes|cercle|region|district|capital|"
    r"localit(?:y|ies|é|és)|ville|suburb|quarter|area)\s+(?:of\s+|de\s+|d'|du\s+)?)?"
)
_PLACE_LIST = re.compile(rf"{_LOCATIVE}(?P<names>{_NAME}(?:\s*(?:,|\band\b|\bet\b)\s*{_NAME})*)")
_PLACE_NOUN = re.compile(
    r"(?:villages?|towns?|communes?|localit(?:y|ies|é|és)|hameaux?|hamlets?)\s+(?:of|de|d')\s*$",
    re.IGNORECASE,
)
# Capitalised words that are never places here, even where a village has the name.
_NOT_PLACES = {
    normalize(w)
    for w in (
        "Mali", "MINUSMA", "UN", "United Nations", "GSIM", "JNIM", "ICC", "Islam", "Islamic",
        "State", "President", "Prime Minister", "Speaker", "National", "Assembly", "Court",
        "Government", "Army", "Police", "Sahara", "Sahel", "Africa", "West", "Northern",
        "Central", "Southern", "Eastern", "Western", "North", "South", "East", "Amnesty",
    )
}  # fmt: skip
_MIN_SCORE = 95.0  # exact, alternate-name or suffix matches only: no guesses on spelling


@dataclass(frozen=True)
class PlaceMention:
    name: str
    kind: str  # the gazetteer's kind, or "unlisted" for a named village the gazetteer lacks
    admin1: str | None
    admin2: str | None
    start: int
    in_list: bool = False


def find_places(sentence: str, geocoder: Any) -> list[PlaceMention]:
    """Malian places the sentence puts something in, at, near or of; first one first."""
    places: list[PlaceMention] = []
    for match in _PLACE_LIST.finditer(sentence):
        names = re.split(r"\s*(?:,|\band\b|\bet\b)\s*", match.group("names"))
        explicit = bool(_PLACE_NOUN.search(sentence[: match.start("names")]))
        offset = match.start("names")
        for name in names:
            for part in _split_district(name):
                mention = _place(part, geocoder, offset, explicit, len(names) > 1)
                if mention is not None and all(p.name != mention.name for p in places):
                    places.append(mention)
            offset += len(name)
    return sorted(places, key=lambda p: p.start)


def _split_district(name: str) -> list[str]:
    """'Kayes district Diandioumé' -> ['Kayes district', 'Diandioumé']."""
    found = re.match(r"(.+?\s+(?:district|region|cercle))\s+([A-ZÀ-Ý].+)$", name)
    return [found.group(1), found.group(2)] if found else [name]


def _place(name: str, geocoder: Any, start: int, explicit: bool, in_list: bool):
    name = name.strip()
    if not name or normalize(name) in _NOT_PLACES:
        return None
    match = geocoder.geocode(name).match
    if match is not None and match.score >= _MIN_SCORE:
        return PlaceMention(name, match.kind, match.admin1, match.admin2, start, in_list)
    if explicit:  # "the villages of Binédama and Yangassadiou": a place even if unlisted
        return PlaceMention(name, "unlisted", None, None, start, in_list)
    return None


_UNIT_KINDS = {"region", "cercle", "commune"}
_SEAT_KINDS = {"capital", "town"}


def choose_location(places: list[PlaceMention]) -> tuple[list[PlaceMention], str]:
    """The incident's place(s) and a hint: the first place named (with the places listed with
    it), and as hint a coarser unit or town named after it that contains it."""
    if not places:
        return [], ""
    first = places[0]
    if first.kind in _UNIT_KINDS:  # "the Kayes district Diandioumé": the village inside it
        inside = [p for p in places[1:] if p.kind not in _UNIT_KINDS and p.admin1 == first.admin1]
        if inside:
            return [inside[0]], first.name
    chosen = [first, *(p for p in places[1:] if first.in_list and p.in_list)]
    hint = ""
    for other in places[len(chosen) :]:
        contains = other.admin1 is not None and other.admin1 == first.admin1
        coarser = other.kind in _UNIT_KINDS or (
            other.kind in _SEAT_KINDS and first.kind not in _SEAT_KINDS | _UNIT_KINDS
        )
        if (contains and coarser) or (first.kind == "unlisted" and other.kind in _UNIT_KINDS):
            hint = other.name
            break
    return chosen, hint
