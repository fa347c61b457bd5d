"""The incident model: field order, taxonomy and the vocabularies of precision and status.

Everything here is plain data, shared by validation (``incidents.schema``), loading, exports,
imports and the dashboard. The field meanings are documented in ``data/README.md``.
"""

from __future__ import annotations

from i18n import pgettext

# The fields of an incident record, in file order (data/incidents.csv and exports).
FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "title_fr",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "perpetrator",
    "perpetrator_type",
    "victims",
    "location",
    "geo_hint",
    "killed",
    "injured",
    "missing",
    "detained",
    "casualty_note",
    "casualty_note_fr",
    "alt_figures",
    "source",
    "source_quote",
    "quote_translation",
    "quote_translation_language",
    "notes",
)

# Our own text, written in English, and the column of its translation in each other language
# (an imported row has none). Quotes are the source's words in the source's language, never
# translated in place: ``quote_translation`` is one, where we have it, in the language
# ``quote_translation_language`` names.
TRANSLATED_FIELDS: dict[str, dict[str, str]] = {
    "title": {"fr": "title_fr"},
    "casualty_note": {"fr": "casualty_note_fr"},
}
QUOTE_TRANSLATION_FIELDS: tuple[str, ...] = ("quote_translation", "quote_translation_language")
# Optional in a file's header: a file written before they existed still loads, untranslated.
TRANSLATION_FIELDS: tuple[str, ...] = (
    *(column for columns in TRANSLATED_FIELDS.values() for column in columns.values()),
    *QUOTE_TRANSLATION_FIELDS,
)

# Curated-file only: explicit coordinates where the geocoder cannot place an incident.
OVERRIDE_FIELDS: tuple[str, ...] = ("geo_override", "geo_override_reason")
CURATED_FIELDS: tuple[str, ...] = FIELDS + OVERRIDE_FIELDS

REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "date_start",
    "date_precision",
    "event_type",
    "sub_event_type",
    "perpetrator_type",
    "source",
    "source_quote",
)
COUNT_FIELDS: tuple[str, ...] = ("killed", "injured", "missing", "detained")
DATE_FIELDS: tuple[str, ...] = ("date_start", "date_end")

# Columns attach_places adds (docs/architecture.md); incidents.frame adds the derived year.
ADMIN_FIELDS: tuple[str, ...] = ("admin1", "admin2", "admin3")
# OCHA P-codes of the region and cercle, so exports join with humanitarian data
PCODE_FIELDS: tuple[str, ...] = ("admin1_pcode", "admin2_pcode")
PLACE_FIELDS: tuple[str, ...] = (
    *ADMIN_FIELDS,
    *PCODE_FIELDS,
    "latitude",
    "longitude",
    "geo_precision",
    "geocode_status",
    "geocode_note",
)
EXPORT_FIELDS: tuple[str, ...] = (
    *FIELDS,
    *ADMIN_FIELDS,
    *PCODE_FIELDS,
    "latitude",
    "longitude",
    "geo_precision",
)
# What an imported dataset adds: the file's own ids, event type and admin names, UCDP's
# low/high estimates, which counts the source codes at all, where each row came from. Exports
# carry those a dataset has.
RANGE_COUNT_FIELDS: tuple[str, ...] = ("killed_low", "killed_high")
# Every count a source may code. ``recorded_measures`` lists, per row, those its source codes
# (comma-separated): a count it does not code is "not recorded", never 0.
MEASURE_FIELDS: tuple[str, ...] = (*COUNT_FIELDS, *RANGE_COUNT_FIELDS)
IMPORT_FIELDS: tuple[str, ...] = (
    "source_event_id",
    "source_event_type",
    "source_admin1",
    "source_admin2",
    "source_admin3",
    *RANGE_COUNT_FIELDS,
    "recorded_measures",
    "source_format",
    "source_row",
)

JUDICIAL = "Judicial developments"
# An imported row whose source names no (sub-)event type: "unspecified" until a person picks
# one. ACLED's pre-2019 codebook had no sub-event types: its events keep their current event
# type with ``PRE_2019_SUB_EVENT`` (the old type stays in ``source_event_type``).
UNSPECIFIED = "unspecified"
PRE_2019_SUB_EVENT = "unspecified (pre-2019 codebook)"

# ACLED event types and sub-event types (ACLED codebook), plus our own `Judicial developments`
# for trials, verdicts, rulings and releases, which ACLED does not code, and `unspecified`.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
        UNSPECIFIED,
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
        UNSPECIFIED,
        PRE_2019_SUB_EVENT,
    ),
    "Riots": ("Violent demonstration", "Mob violence", UNSPECIFIED, PRE_2019_SUB_EVENT),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        UNSPECIFIED,
        PRE_2019_SUB_EVENT,
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
        UNSPECIFIED,
        PRE_2019_SUB_EVENT,
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
        UNSPECIFIED,
        PRE_2019_SUB_EVENT,
    ),
    JUDICIAL: ("Trial", "Verdict", "Ruling", "Release", UNSPECIFIED),
    UNSPECIFIED: (UNSPECIFIED,),
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

# An incident's verification status, derived from its figures (rule: incidents.figures).
VERIFICATION_STATUSES: tuple[str, ...] = ("single", "corroborated", "disputed")

# Every stored vocabulary by name; the name is the catalogue context its labels translate in
# (i18n/vocabulary.py extracts them), so a code is written once, here.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "event type": tuple(EVENT_TYPES),
    "sub-event type": tuple(dict.fromkeys(s for subs in EVENT_TYPES.values() for s in subs)),
    "perpetrator type": PERPETRATOR_TYPES,
    "date precision": DATE_PRECISIONS,
    "place precision": GEO_PRECISIONS,
    "geocode status": GEOCODE_STATUSES,
    "verification": VERIFICATION_STATUSES,
}

# The incident columns that hold a vocabulary's codes, and which vocabulary.
VOCABULARY_COLUMNS: dict[str, str] = {
    "event_type": "event type",
    "sub_event_type": "sub-event type",
    "perpetrator_type": "perpetrator type",
    "date_precision": "date precision",
    "geo_precision": "place precision",
    "geocode_status": "geocode status",
    "verification": "verification",
}


def label(vocabulary: str, code: object) -> str:
    """A stored code as the reader's language shows it; codes outside the vocabulary as they are.

    Stored values stay the codes (ACLED's English), so exports and imports keep their meaning.
    """
    text = "" if code is None else str(code)
    if text in VOCABULARIES[vocabulary]:
        return pgettext(vocabulary, text)
    return text
