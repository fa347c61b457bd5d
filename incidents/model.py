"""The incident model: field order, taxonomy and the vocabularies of precision and status.

Everything here is plain data, shared by validation (``incidents.schema``), loading, exports,
imports and the dashboard. The field meanings are documented in ``data/README.md``.
"""

from __future__ import annotations

# The fields of an incident record, in file order (data/incidents.csv and exports).
FIELDS: tuple[str, ...] = (
    "id", "title", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
    "perpetrator", "perpetrator_type", "victims", "location", "geo_hint",
    "killed", "injured", "missing", "detained", "casualty_note", "alt_figures",
    "source", "source_quote", "notes",
)  # fmt: skip

# Curated-file only: explicit coordinates where the geocoder cannot place an incident.
OVERRIDE_FIELDS: tuple[str, ...] = ("geo_override", "geo_override_reason")
CURATED_FIELDS: tuple[str, ...] = FIELDS + OVERRIDE_FIELDS

REQUIRED_FIELDS: tuple[str, ...] = (
    "id", "title", "date_start", "date_precision", "event_type", "sub_event_type",
    "perpetrator_type", "source", "source_quote",
)  # fmt: skip
COUNT_FIELDS: tuple[str, ...] = ("killed", "injured", "missing", "detained")
DATE_FIELDS: tuple[str, ...] = ("date_start", "date_end")

# Columns attach_places adds (docs/architecture.md); incidents.frame adds the derived year.
ADMIN_FIELDS: tuple[str, ...] = ("admin1", "admin2", "admin3")
# OCHA P-codes of the region and cercle, so exports join with humanitarian data
PCODE_FIELDS: tuple[str, ...] = ("admin1_pcode", "admin2_pcode")
PLACE_FIELDS: tuple[str, ...] = (
    *ADMIN_FIELDS, *PCODE_FIELDS, "latitude", "longitude", "geo_precision", "geocode_status",
    "geocode_note",
)  # fmt: skip
EXPORT_FIELDS: tuple[str, ...] = (
    *FIELDS, *ADMIN_FIELDS, *PCODE_FIELDS, "latitude", "longitude", "geo_precision",
)  # fmt: skip
# What an imported dataset adds: the file's own ids and admin names, UCDP's low/high
# estimates, where each row came from. Exports carry those a dataset has.
RANGE_COUNT_FIELDS: tuple[str, ...] = ("killed_low", "killed_high")
IMPORT_FIELDS: tuple[str, ...] = (
    "source_event_id", "source_admin1", "source_admin2", "source_admin3",
    *RANGE_COUNT_FIELDS, "source_format", "source_row",
)  # fmt: skip

JUDICIAL = "Judicial developments"

# ACLED event types and sub-event types (ACLED codebook), plus our own `Judicial developments`
# for trials, verdicts, rulings and releases, which ACLED does not code.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    JUDICIAL: ("Trial", "Verdict", "Ruling", "Release"),
}

# ACLED actor categories (inter codes 1-8), then two for when the source is vaguer.
PERPETRATOR_TYPES: tuple[str, ...] = (
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
    "Unidentified armed group",
    "Unknown",
)
# Words that mark a community self-defence militia ("Identity militias") in an actor's name or
# description, matched case-insensitively anywhere in it: "Dozo", "Dan Na Ambassagou".
IDENTITY_MILITIA_WORDS: tuple[str, ...] = (
    "militia", "dozo", "dan na ambassagou", "self-defen", "autodéfense",
)  # fmt: skip

# Finest to coarsest. The first four locate a point; ``country`` means no place.
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
GEO_PRECISIONS: tuple[str, ...] = ("point", "near", "commune", "cercle", "region", "country")
NO_PLACE_PRECISION = "country"

GEOCODE_STATUSES: tuple[str, ...] = (
    "matched",  # a settlement or quarter found
    "ambiguous",  # several candidates, the best one used; the note says how many
    "fallback",  # place missing from the gazetteer: a named commune/cercle/region used instead
    "override",  # explicit coordinates with a written reason in the data (or an import's own)
    "no_place",  # the source names no place: precision country, no geometry
    "not_found",  # nothing usable: no geometry
)

# Admin level each geographic precision still pins down (admin units finer than it are left
# empty): a cercle-level place says nothing about its commune.
ADMIN_LEVELS_KNOWN: dict[str, int] = {
    "point": 3,
    "near": 3,
    "commune": 3,
    "cercle": 2,
    "region": 1,
    "country": 0,
}
