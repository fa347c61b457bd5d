"""Malian places a sentence names, checked against the gazetteer, and the incident's place and
hint chosen among them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from geo.normalize import normalize
from incidents.calendar_words import MONTHS, WEEKDAYS

_NAME_WORD = r"[A-ZÀ-Ý][\w'’-]*[\wé]"
_UNIT_NOUN = r"[Cc]ercle|[Rr][ée]gion|[Dd]istrict|[Cc]ommune|[Pp]rovince|[Pp]réfecture"
_NAME = (
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*"
    rf"(?:\s+(?:{_UNIT_NOUN})(?:\s+{_NAME_WORD})?)?"
)
# Nouns of a place before its name: "the villages of", "la localité de", "les camps de".
_PLACE_NOUNS = (
    r"villages?|towns?|city|cities|communes?|cercles?|regions?|régions?|districts?|capital|"
    r"localit(?:y|ies|é|és)|villes?|suburbs?|quarters?|quartiers?|area|camps?|hameaux?|"
    r"hamlets?|provinces?|bases?"
)
_LOCATIVE = (
    r"(?:\b(?:[Ii]n|at|near|of|from|around|outside|on|against|between|toward|towards|dans|à|"
    r"près de|près d['’]|de|du|des|en|[Aa]u|aux|contre|sur|vers|autour de|autour des|entre)\s+|"
    r"\b[Dd]['’]\s?)"
    r"(?:the\s+|la\s+|le\s+|les\s+|l['’])?(?:Mali['’]s\s+)?"
    r"(?:(?:central|north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?|volatile|restive)\s+)*"
    rf"(?:(?:[a-zà-ÿ]+\s+)?(?:{_PLACE_NOUNS})\s*(?:of\s+|de\s+|d['’]|du\s+|:\s*)?)?"
)
_SEPARATOR = r"\s*(?:,|\band\b|\bet\b)\s*(?:(?:de|d['’]|of)\s*)?"
_PLACE_LIST = re.compile(rf"{_LOCATIVE}(?P<names>{_NAME}(?:{_SEPARATOR}{_NAME})*)")
# A name the text itself calls a place: "Sinda village", "Ogossagou, localité peule",
# "Boulikessi, dans la province de Mondoro".
_NAMED_PLACE = re.compile(
    rf"(?P<names>{_NAME_WORD}(?:[ -]{_NAME_WORD})?)(?:\s+(?:village|town)\b|"
    r",\s+(?:a |an |the )?(?:village|localité|commune|town|ville)\b|"
    r",\s+(?:dans|in)\s+(?:la |le |the )?(?:province|région|region|cercle|commune|district)\b)"
)
# A list item that starts with its place: "Koulogon - 39 Peuls tués le 1er janvier".
_LIST_ITEM_HEAD = re.compile(rf"^(?P<names>{_NAME}(?:{_SEPARATOR}{_NAME})*)\s+[-–—]\s+")
# "BAMAKO, Mali - ...", "BAMAKO (Reuters) - ...": where the dispatch was written.
_DATELINE = re.compile(r"^[A-ZÀ-Ý]{3,}\b|.*\bMali$")
# Titles whose "of X" is where a person comes from, not where something happened.
_TITLE_BEFORE = re.compile(
    r"\b(?:maire|mayor|governor|gouverneur|chef|chief|élu|elu|préfet|prefect|député|deputy|"
    r"officials?|ressortissants?|natives?|habitants?|residents?|notables?)\s+(?:de|of|du|d['’])"
    r"\s*(?:la\s+|le\s+|l['’]|the\s+)?$",
    re.IGNORECASE,
)
_PLACE_NOUN = re.compile(rf"(?:{_PLACE_NOUNS})\s*(?:of|de|d['’]|:)?\s*$", re.IGNORECASE)
_ADMIN_NOUN = re.compile(
    r"(?P<noun>cercles?|régions?|regions?|communes?|districts?)\s*(?:of|de|d['’]|du)?\s*$",
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
        "Le", "La", "Les", "The", "Un", "Une", "A", "FAMa", "AFP", "Reuters", "Togo",
        "Burkina Faso", "Burkina", "Niger", "Senegal", "Sénégal", "Guinea", "Guinée",
        "Mauritania", "Mauritanie", "Algeria", "Algérie", "France", "Russia", "Russie",
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
    group: int = -1  # where the list it was named in starts; -1 when named alone
    label: str = ""  # as a hint: "cercle de Bankass" for the cercle named Bankass

    @property
    def hint(self) -> str:
        return self.label or self.name


def find_places(
    sentence: str, geocoder: Any, known: frozenset[str] = frozenset()
) -> list[PlaceMention]:
    """Malian places the sentence puts something in, at, near or of; first one first.
    Names after "the cercle of", "région de" are those admin units. ``known``: names (as
    ``normalize`` writes them) the text has already called places, such as villages the
    gazetteer lacks ("the villages of Gouari, Djimdo ..." then "15 were killed in Djimdo")."""
    places: list[PlaceMention] = []

    def keep(mention: PlaceMention | None) -> None:
        if mention is not None and all(p.name != mention.name for p in places):
            places.append(mention)

    for match in _PLACE_LIST.finditer(sentence):
        before = sentence[: match.start("names")]
        if _TITLE_BEFORE.search(before):  # "the mayor of Bankass" is a person's title
            continue
        explicit = bool(_PLACE_NOUN.search(before))
        admin = _ADMIN_NOUN.search(before)
        names = re.split(_SEPARATOR, match.group("names"))
        offset = match.start("names")
        for name in names:
            for part in _split_district(name):
                unit = admin.group("noun").rstrip("s") if admin else ""
                group = match.start() if len(names) > 1 else -1
                keep(
                    _place(
                        part, geocoder, offset, explicit or normalize(part) in known, group, unit
                    )
                )
            offset += len(name)
    for match in _NAMED_PLACE.finditer(sentence):
        keep(_place(match.group("names"), geocoder, match.start(), True))
    head = _LIST_ITEM_HEAD.match(sentence)
    if head and not _DATELINE.match(
        head.group("names")
    ):  # "Koulogon - 39 Peuls tués le 1er janvier"
        for name in re.split(_SEPARATOR, head.group("names")):
            keep(_place(name, geocoder, head.start(), True, 0 if " et " in head.group(0) else -1))
    return sorted(places, key=lambda p: p.start)


def _split_district(name: str) -> list[str]:
    """'Kayes district Diandioumé' -> ['Kayes district', 'Diandioumé']."""
    found = re.match(r"(.+?\s+(?:district|region|cercle))\s+([A-ZÀ-Ý].+)$", name)
    return [found.group(1), found.group(2)] if found else [name]


def _place(
    name: str, geocoder: Any, start: int, explicit: bool, group: int = -1, unit: str = ""
) -> PlaceMention | None:
    """The place ``name`` stands for; ``unit`` is the admin noun written with it ("cercle" in
    "le cercle de Bankass", "region" in "the Bandiagara region")."""
    name = _without_calendar_words(name.strip())
    trailing = re.match(rf"(.+?)\s+({_UNIT_NOUN})$", name)
    if trailing and not unit:
        name, unit = trailing.group(1), trailing.group(2).lower()
    if not name or normalize(name) in _NOT_PLACES or _TITLE_BEFORE.search(name):
        return None
    label = (f"{name} {unit}" if trailing else f"{unit} de {name}") if unit else ""
    if unit:  # "le cercle de Bankass", "the Mopti region": the unit, not its town
        match = geocoder.geocode(f"{unit} {name}").match
        if match is not None and match.score >= _MIN_SCORE and match.kind in UNIT_KINDS:
            return PlaceMention(name, match.kind, match.admin1, match.admin2, start, group, label)
    match = geocoder.geocode(name).match
    if match is not None and match.score >= _MIN_SCORE:
        # a unit the gazetteer lacks ("the Bandiagara region"): the area of its namesake town
        kind = "region" if unit else match.kind
        return PlaceMention(name, kind, match.admin1, match.admin2, start, group, label)
    if explicit:  # "the villages of Binédama and Yangassadiou": a place even if unlisted
        return PlaceMention(name, "unlisted", None, None, start, group)
    return None


_CALENDAR_WORDS = {normalize(w) for w in (*MONTHS, *WEEKDAYS)}


def _without_calendar_words(name: str) -> str:
    """'Djimdo Wednesday' -> 'Djimdo': a day or month name ends a place name."""
    words = name.split()
    while len(words) > 1 and normalize(words[-1]) in _CALENDAR_WORDS:
        words.pop()
    return " ".join(words)


UNIT_KINDS = {"region", "cercle", "commune"}
_SEAT_KINDS = {"capital", "town"}


def choose_location(places: list[PlaceMention]) -> tuple[list[PlaceMention], str]:
    """The incident's place(s) and a hint: the first place named (with the places listed with
    it), and as hint a coarser unit (a cercle before a region, a region before a commune) or
    town named with it that contains it."""
    if not places:
        return [], ""
    first = places[0]
    if first.kind in UNIT_KINDS:  # "the Kayes district Diandioumé": the village inside it
        inside = [p for p in places[1:] if p.kind not in UNIT_KINDS and p.admin1 == first.admin1]
        if inside:
            first = inside[0]
    chosen = [first, *(p for p in places if p is not first and -1 < first.group == p.group)]
    others = [p for p in places if p not in chosen]
    units = sorted(
        (p for p in others if p.kind in UNIT_KINDS),
        key=lambda p: ("cercle", "region", "commune").index(p.kind),
    )
    for other in [*units, *(p for p in others if p.kind in _SEAT_KINDS)]:
        contains = other.admin1 is not None and other.admin1 == first.admin1
        coarser = other.kind in UNIT_KINDS or first.kind not in _SEAT_KINDS | UNIT_KINDS
        if (contains and coarser) or (first.kind == "unlisted" and other.kind in UNIT_KINDS):
            return chosen, other.hint
    return chosen, ""
