"""Event and actor categories of ACLED and UCDP expressed in our model's vocabulary."""

from __future__ import annotations

# Event types of ACLED exports before the 2019 codebook -> (event type, sub-event type).
OLD_ACLED_EVENT_TYPES = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": (
        "Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", ""),
    "riots/protests": ("Protests", ""),
    "violence against civilians": ("Violence against civilians", ""),
    "strategic development": ("Strategic developments", "Other"),
    "headquarters or base established": (
        "Strategic developments", "Headquarters or base established"),
    "non-violent transfer of territory": (
        "Strategic developments", "Non-violent transfer of territory"),
}  # fmt: skip

# ACLED inter codes: numeric in older exports, names in current ones.
ACLED_INTER = {
    "1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}  # fmt: skip

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
    """Our perpetrator type for an ACLED inter1 code or name ('' when none applies)."""
    name = ACLED_INTER.get(inter.strip().removesuffix(".0"), inter.strip())
    return _perpetrator_type(name)


def perpetrator_type_from_ucdp(side_a: str) -> str:
    if side_a.lower().startswith("government of"):
        return _perpetrator_type("State forces")
    return _perpetrator_type("Rebel group") if side_a else ""


def _perpetrator_type(acled_name: str) -> str:
    return ACLED_TO_PERPETRATOR_TYPE.get(acled_name.lower(), "")


# TODO(model): align with incidents.model.PERPETRATOR_TYPES once it lands.
ACLED_TO_PERPETRATOR_TYPE = {
    "state forces": "state forces",
    "rebel group": "armed group",
    "political militia": "militia",
    "identity militia": "militia",
    "rioters": "other",
    "protesters": "other",
    "civilians": "other",
    "external/other forces": "foreign forces",
}
