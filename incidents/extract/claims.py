"""Who gives a figure ("according to MINUSMA", "selon l'armée", "the government said") and
whether another party disputes it ("Un chiffre que la Minusma ne confirme pas")."""

from __future__ import annotations

import re

_WHO = r"(?P<who>[^,;.«»\"“”()]{2,80}?)"
_SAY_EN = (
    r"said|says|say|reported|reports|announced|stated|told|added|confirmed|claimed|"
    r"estimated|counted"
)
_SAY_FR = (
    r"a déclaré|ont déclaré|a indiqué|ont indiqué|a annoncé|ont annoncé|a affirmé|ont affirmé|"
    r"affirme|affirment|a rapporté|ont rapporté|rapportent|a précisé|a dit|a confirmé|"
    r"ont confirmé|a fait état|avait fait état|ont fait état|avancent|avance|annonce|évoquent|"
    r"évoque|a ajouté|poursuit|indique|indiquent|reconnaissent|reconnaît|parlent de|parle de"
)
_CLAIMANT_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # according to the UN Mission in Mali (MINUSMA), selon des sources locales
        rf"\b(?:according to|selon|d['’]après|à en croire|citing|citant)\s+{_WHO}"
        r"(?=\s*(?:[,;.()]|$|\s+(?:on|le|ce|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
        r"dimanche|hier|who|qui)\b))",
        # ..., a déclaré à l'AFP un élu local; ..., a annoncé mercredi le gouvernement malien
        rf"(?:{_SAY_FR})(?:\s+(?:à|a)\s+l['’]\w+)?(?:\s+(?:lundi|mardi|mercredi|jeudi|vendredi|"
        rf"samedi|dimanche|hier|aujourd'hui))?\s+{_WHO}(?=\s*(?:[,;.]|$|\s+(?:s['’]exprimant|qui)\b))",
        # local officials said Friday; Mali's government said on Wednesday
        rf"(?:^|[,;]\s*|\b(?:and|but|as)\s+){_WHO}\s+(?:had\s+|has\s+|have\s+)?(?:previously\s+)?"
        rf"(?:{_SAY_EN})\b",
        # Les autorités avancent le chiffre de 35 morts; L'armée malienne avait fait état de
        rf"(?:^|[,;]\s*|\b(?:que|alors que|tandis que)\s+){_WHO}\s+(?:{_SAY_FR})\b",
    )
)
_NOT_CLAIMANTS = re.compile(
    r"^(?:it|he|she|they|il|elle|ils|elles|on|this|that|which|who|qui|the attack|l'attaque|"
    r"the incident|there)$",
    re.IGNORECASE,
)
_DISPUTE = re.compile(
    r"ne confirme pas|n['’]a pas confirmé|ne confirment pas|battu en brèche|conteste|contesté|"
    r"dément|démenti|contrairement à|dispute[sd]?\b|contested|denied|denies|rejected|refuted|"
    r"challenged|could not (?:be )?(?:confirm|verif)|not (?:been )?(?:independently )?"
    r"(?:confirmed|verified)",
    re.IGNORECASE,
)


def find_claimant(sentence: str) -> str:
    """Who the sentence says gives its figures, as written ('MINUSMA', 'les autorités
    locales', "Mali's government"); '' when it does not say."""
    found: list[tuple[int, str]] = []
    for pattern in _CLAIMANT_PATTERNS:
        for match in pattern.finditer(sentence):
            who = _trim(match.group("who"))
            if who and not _NOT_CLAIMANTS.match(who) and not re.search(r"\d", who):
                found.append((match.start("who"), who))
    return min(found)[1] if found else ""


def disputes(sentence: str) -> bool:
    """The sentence says that a figure is disputed or unconfirmed."""
    return bool(_DISPUTE.search(sentence))


def _trim(who: str) -> str:
    who = re.sub(r"^(?:that|que)\s+|^qu['’]", "", who.strip(), flags=re.IGNORECASE)
    who = re.sub(r"\s+(?:on|le|ce)\s+\w+$", "", who)
    return who.strip(" ,")
