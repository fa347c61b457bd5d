"""Event and actor categories of ACLED and UCDP expressed in our model's vocabulary."""

from __future__ import annotations

from incidents.model import IDENTITY_MILITIA_WORDS, PERPETRATOR_TYPES

# Event types of ACLED exports before the 2019 codebook that name one current (event type,
# sub-event type). The others ("Remote violence", "Riots/Protests") need the file's
# sub_event_type; without it the row is reported, not guessed.
OLD_ACLED_EVENT_TYPES = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": (
        "Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", ""),
    "strategic development": ("Strategic developments", "Other"),
    "headquarters or base established": (
        "Strategic developments", "Headquarters or base established"),
    "non-violent transfer of territory": (
        "Strategic developments", "Non-violent transfer of territory"),
}  # fmt: skip

# ACLED inter codes 1-8, in the order of our PERPETRATOR_TYPES (ACLED's actor categories).
ACLED_INTER = {str(code): name for code, name in enumerate(PERPETRATOR_TYPES[:8], start=1)}
# Current exports write the categories as names, in the singular ("Rebel group").
_ACLED_INTER_NAMES = {
    **{name.lower(): name for name in PERPETRATOR_TYPES},
    **{name.lower().removesuffix("s"): name for name in PERPETRATOR_TYPES[1:4]},
}

# UCDP type_of_violence -> (event type, sub-event type).
UCDP_VIOLENCE = {
    "1": ("Battles", "Armed clash"),  # state-based
    "2": ("Battles", "Armed clash"),  # non-state
    "3": ("Violence against civilians", "Attack"),  # one-sided
}
UCDP_VIOLENCE_NAMES = {"1": "state-based", "2": "non-state", "3": "one-sided"}


def event_types_from_acled(event_type: str, sub_event_type: str) -> tuple[str, str]:
    """Current ACLED types pass through; pre-2019 ones are translated."""
    old = OLD_ACLED_EVENT_TYPES.get(event_type.strip().lower())
    if old is not None:
        return old[0], sub_event_type or old[1]
    return event_type, sub_event_type


def perpetrator_type_from_acled(inter: str) -> str:
    """Our perpetrator type for an ACLED inter1 code ('4') or name ('Identity militia')."""
    value = inter.strip().removesuffix(".0")
    return ACLED_INTER.get(value) or _ACLED_INTER_NAMES.get(
        value.lower(), "Unknown" if value else ""
    )


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
