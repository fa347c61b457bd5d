"""Event and actor categories of ACLED and UCDP expressed in our model's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterable

from incidents.model import (
    IDENTITY_MILITIA_WORDS,
    PERPETRATOR_TYPES,
    PRE_2019_SUB_EVENT,
    UNSPECIFIED,
)

# Event types of ACLED's codebook before 2019, keyed by ``_type_key``, -> the current event type
# and sub-event type. The old codebook had no sub-event types: where the old type names no
# current one, the sub-event type is PRE_2019_SUB_EVENT. "Riots/Protests" is split by the
# actors' inter codes (``riots_or_protests``).
OLD_ACLED_EVENT_TYPES = {
    "battlenochangeofterritory": ("Battles", "Armed clash"),
    "battlegovernmentregainsterritory": ("Battles", "Government regains territory"),
    "battlenonstateactorovertakesterritory": (
        "Battles", "Non-state actor overtakes territory"),
    "remoteviolence": ("Explosions/Remote violence", PRE_2019_SUB_EVENT),
    "strategicdevelopment": ("Strategic developments", PRE_2019_SUB_EVENT),
    "headquartersorbaseestablished": (
        "Strategic developments", "Headquarters or base established"),
    "nonviolenttransferofterritory": (
        "Strategic developments", "Non-violent transfer of territory"),
}  # fmt: skip
RIOTS_PROTESTS = "riotsprotests"
# The one event type both codebooks name alike.
SHARED_TYPE = "violenceagainstcivilians"
# ACLED inter codes of the two crowd actors: rioters take part -> a riot, else protesters -> a
# protest.
RIOTERS, PROTESTERS = "5", "6"

# ACLED inter codes 1-8, in the order of our PERPETRATOR_TYPES (ACLED's actor categories).
ACLED_INTER = {str(code): name for code, name in enumerate(PERPETRATOR_TYPES[:8], start=1)}
# Current exports write the categories as names, in the singular ("Rebel group").
_ACLED_INTER_NAMES = {
    **{name.lower(): name for name in PERPETRATOR_TYPES},
    **{name.lower().removesuffix("s"): name for name in PERPETRATOR_TYPES[1:4]},
}
_ACLED_INTER_CODES = {name: code for code, name in ACLED_INTER.items()}

# UCDP type_of_violence -> (event type, sub-event type).
UCDP_VIOLENCE = {
    "1": ("Battles", "Armed clash"),  # state-based
    "2": ("Battles", "Armed clash"),  # non-state
    "3": ("Violence against civilians", "Attack"),  # one-sided
}
UCDP_VIOLENCE_NAMES = {"1": "state-based", "2": "non-state", "3": "one-sided"}


def _type_key(name: str) -> str:
    """'Battle-No change of territory', 'BATTLE - NO CHANGE OF TERRITORY' -> one key."""
    return re.sub(r"[^a-z]", "", name.lower())


def is_old_acled_type(event_type: str) -> bool:
    key = _type_key(event_type)
    return key in OLD_ACLED_EVENT_TYPES or key == RIOTS_PROTESTS


def is_riots_protests(event_type: str) -> bool:
    return _type_key(event_type) == RIOTS_PROTESTS


def _inter_codes(values: Iterable[str]) -> set[str]:
    """The actor codes in inter1/inter2 ('5', 'Rioters') and interaction ('15',
    'State forces-Rioters') cells."""
    codes: set[str] = set()
    for value in values:
        text = value.strip().removesuffix(".0")
        if text.isdigit():
            codes |= set(text)
            continue
        for name in text.split("-"):
            kind = _ACLED_INTER_NAMES.get(name.strip().lower())
            if kind in _ACLED_INTER_CODES:
                codes.add(_ACLED_INTER_CODES[kind])
    return codes


def riots_or_protests(codes: Iterable[str]) -> str | None:
    """Riots or Protests from the inter codes of an old "Riots/Protests" event (inter1, inter2,
    interaction); None when neither rioters nor protesters are coded."""
    found = _inter_codes(codes)
    if RIOTERS in found:
        return "Riots"
    if PROTESTERS in found:
        return "Protests"
    return None


def event_types_from_acled(
    event_type: str, sub_event_type: str, codes: Iterable[str] = (), pre_2019: bool = False
) -> tuple[str, str]:
    """Current ACLED types pass through; pre-2019 ones are translated.

    ``codes`` are the row's inter1, inter2 and interaction codes (they split "Riots/Protests";
    with neither rioters nor protesters coded, the event counts as Protests). ``pre_2019``: the
    file has no sub_event_type column, as before 2019, so an empty sub-event type of
    "Violence against civilians", which both codebooks have, is PRE_2019_SUB_EVENT; other
    current types without one get UNSPECIFIED.
    """
    key = _type_key(event_type)
    if key == RIOTS_PROTESTS:
        return riots_or_protests(codes) or "Protests", sub_event_type or PRE_2019_SUB_EVENT
    old = OLD_ACLED_EVENT_TYPES.get(key)
    if old is not None:
        return old[0], sub_event_type or old[1]
    if sub_event_type or not event_type:
        return event_type, sub_event_type
    return event_type, PRE_2019_SUB_EVENT if pre_2019 and key == SHARED_TYPE else UNSPECIFIED


def perpetrator_type_from_acled(inter: str) -> str:
    """Our perpetrator type for an ACLED inter1 code ('4') or name ('Identity militia')."""
    value = inter.strip().removesuffix(".0")
    return ACLED_INTER.get(value) or _ACLED_INTER_NAMES.get(value.lower(), "Unknown")


def perpetrator_type_from_ucdp(side_a: str) -> str:
    """UCDP names actors, not categories: governments are state forces, community militias are
    identity militias, other organised non-state groups (JNIM, IS Sahel) rebel groups."""
    name = side_a.strip().lower()
    if not name:
        return "Unknown"
    if name.startswith("government of"):
        return "State forces"
    if any(word in name for word in IDENTITY_MILITIA_WORDS):
        return "Identity militias"
    return "Rebel groups"
