"""Who did it (the perpetrator and its type) and the ACLED event type a candidate suggests."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from incidents.extract.figures import VERBS
from incidents.model import IDENTITY_MILITIA_WORDS

if TYPE_CHECKING:
    from incidents.extract.candidates import Candidate


_PERPETRATOR_TYPES = (
    # reports also call the Dozo "traditional hunters"
    ("Identity militias", "|".join(map(re.escape, (*IDENTITY_MILITIA_WORDS, "hunters")))),
    ("Rebel groups", r"\bGSIM\b|\bJNIM\b|islamic state|\bISGS\b|al-qaeda|ansar|jihadist|katiba"),
    ("External/Other forces", r"barkhane|french forces|minusma|wagner|peacekeepers"),
    ("State forces", r"soldier|army|military|armed forces|security forces|police|gendarm|"
                     r"national guard|intelligence|\bFAMa\b|defen[cs]e forces|authorities"),
    ("Unidentified armed group", r"gunmen|armed (?:group|men)|assailants|attackers|unidentified"),
    ("Civilians", r"\bgang\b|villagers|mob"),
)  # fmt: skip
_ACTIVE_VERB = re.compile(
    r"(?<!were )(?<!was )(?<!been )(?<!being )"  # a passive verb has no agent as subject
    r"\b(?:attacked|opened fire|fired|killed|shot|abducted|kidnapped|arrested|surrounded|"
    r"ambushed|raided|executed|massacred|murdered|beat|burned|attaqué|ont ouvert le feu|"
    r"ont tiré|ont tué|ont exécuté|ont attaqué)\b"
)
_PASSIVE_BY = re.compile(
    r"\b(?:" + "|".join(VERBS.values()) + r")\s+(?:\w+\s+){0,3}?(?:by|par)\s+(?P<agent>[^,;.]+?)"
    r"(?=\s+(?:in|at|on|during|while|after|following|for|near|before|dans|à|lors|pendant)\b|[,;.]|$)",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(?:in|on|between|during|as of|according to|following|after|since|from|en|le|selon|"
    r"entre|au|lors)\b",
    re.IGNORECASE,
)
_INSTRUMENTS = re.compile(r"gunshot|wounds|bullets|injuries|ammunition|fire\b", re.IGNORECASE)


def find_perpetrator(sentence: str) -> str:
    """Who did it, as the sentence says: the agent of a passive verb or the subject of an
    active one, e.g. 'soldiers', 'GSIM members', 'a group of Dozo (traditional hunters)'."""
    for match in _PASSIVE_BY.finditer(sentence):
        agent = match.group("agent").strip()
        if agent and not _INSTRUMENTS.search(agent):
            return agent
    verb = _ACTIVE_VERB.search(sentence)
    if verb is None:
        return ""
    segments = [s.strip() for s in sentence[: verb.start()].split(",")]
    while segments and (not segments[0] or _INTRO.match(segments[0])):
        segments.pop(0)
    subject = ", ".join(s for s in segments if s).strip()
    return subject if 0 < len(subject) <= 80 else ""


def perpetrator_type(perpetrator: str) -> str:
    for kind, pattern in _PERPETRATOR_TYPES:
        if re.search(pattern, perpetrator, re.IGNORECASE):
            return kind
    return "Unknown"


_PROTEST = re.compile(r"protest|demonstrat|manifestant|marchers", re.IGNORECASE)
_ABDUCTION = re.compile(r"abduct|kidnap|hostage|enlev|otage", re.IGNORECASE)
_COMBATANTS = re.compile(r"\bUN\b|peacekeep|soldiers|troops|personnel|casques", re.IGNORECASE)


def suggest_event_type(candidate: Candidate) -> tuple[str, str]:
    """An ACLED (event type, sub-event type) from the figures and the words of the quote."""
    text = candidate.quote
    harmed = (
        candidate.counts.get("killed") is not None or candidate.counts.get("injured") is not None
    )
    harmed = harmed or any(f.field in ("killed", "injured") for f in candidate.figures)
    if harmed and (_PROTEST.search(candidate.victims) or _PROTEST.search(text)):
        return "Protests", "Excessive force against protesters"
    taken = any(f.field in ("detained", "missing") for f in candidate.figures)
    if taken and _ABDUCTION.search(text):
        return "Violence against civilians", "Abduction/forced disappearance"
    if any(f.field == "detained" for f in candidate.figures) and not harmed:
        return "Strategic developments", "Arrests"
    if harmed and _COMBATANTS.search(candidate.victims):
        return "Battles", "Armed clash"
    return "Violence against civilians", "Attack"
