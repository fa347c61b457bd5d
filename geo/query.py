"""Reading a place query: admin-unit qualifiers ("cercle de X", "X region"), "near X", a context
after a comma or in brackets ("Tori, Bankass cercle", "Farabougou (Niono)"), hint pieces."""

from __future__ import annotations

import math
import re

from geo.normalize import is_number_word, name_key, normalize

_LEVEL_WORDS = {"region": 1, "district": 1, "cercle": 2, "circle": 2, "commune": 3}
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
_HINT_SPLIT = re.compile(r"[,;/()]|\b(?:near|pr[eè]s de|in|dans|en)\b", re.IGNORECASE)
# The country itself: not a place to put on the map; ignored as a hint.
COUNTRY_KEYS = frozenset({"mali", "republiquedumali", "republicofmali", "lemali"})


def split_qualifier(text: str) -> tuple[int | None, str]:
    """("cercle de Bankass") -> (2, "bankass"); ("Timbuktu") -> (None, "timbuktu").

    Works on the normalised text; the level is 1 region, 2 cercle, 3 commune.
    """
    norm = normalize(text)
    for pattern, word_group, name_group in ((_PREFIX, 1, 2), (_SUFFIX, 2, 1)):
        found = pattern.match(norm)
        if found:
            name = found.group(name_group)
            if is_number_word(name):  # "Commune IV" (Bamako) is a name, not a qualifier
                return 3, norm
            return _LEVEL_WORDS[found.group(word_group)], name
    found = _PLACE_WORDS.match(norm)
    return None, found.group(1) if found else norm


def split_near(place: str) -> tuple[str, bool]:
    """("near Gao") -> ("gao", True), also "aux environs de Gao"; ("Gao") -> ("Gao", False)."""
    near = _NEAR_WORDS.match(normalize(place))
    return (near.group(1), True) if near else (place, False)


def split_context(query: str) -> tuple[str, str]:
    """("Tori, Bankass cercle") -> ("Tori", "Bankass cercle"); also "Farabougou (Niono)"."""
    bracketed = _BRACKETED.match(query)
    if bracketed:
        return bracketed.group(1), bracketed.group(2).strip()
    place, _, context = query.partition(",")
    return place, context.strip()


def hint_pieces(hint: str) -> list[str]:
    """The parts of a free-text hint ("Sambara, près de Kati" -> Sambara, Kati), the country
    left out."""
    return [
        piece
        for piece in _HINT_SPLIT.split(hint)
        if piece.strip() and name_key(piece) not in COUNTRY_KEYS
    ]


def as_text(value: object) -> str:
    """A name or hint as text: None and NaN (empty spreadsheet cells) become ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
