"""A table a person made (a journalist's or a monitor's spreadsheet) -> incident records.

Columns are recognised by name in French or English (``SYNONYMS``: ``lieu``, ``place``,
``tués``, ``killed``, ...; case, accents and punctuation ignored, a header such as "Nombre de
tués" by its words) or named by a column mapping (``--map COLUMN=field``, the Import page).
A row needs a place (or coordinates) and a date; every other field has a documented default
(docs/import.md), and each column that maps to no field is kept in ``notes`` as
``column: value``, so nothing a person typed is lost.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from geo.normalize import normalize
from i18n import N_, _
from incidents.errors import DROPPED
from incidents.frame import format_measures
from incidents.importers.columns import Cells
from incidents.model import (
    COUNT_FIELDS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    PERPETRATOR_TYPES,
    UNSPECIFIED,
)

# The fields a column can fill, in the order a mapping step offers them, with their header
# synonyms (normalised: lower case, no accents, words joined by "_"). A field's own name is
# always one of its synonyms.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "location": ("lieu", "place", "village", "localite", "localites", "location", "localisation",
                 "ville", "town", "city", "site", "endroit", "lieux", "places"),
    "geo_hint": ("cercle", "region", "commune", "district", "province", "prefecture", "zone",
                 "admin1", "admin2", "admin3", "arrondissement"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "long", "lng"),
    "date_start": ("date", "jour", "day", "date_debut", "date_de_debut", "start_date", "debut",
                   "date_start"),
    "date_end": ("date_end", "date_fin", "date_de_fin", "end_date", "fin", "jusqu_au",
                 "until"),
    "date_precision": ("date_precision", "precision_de_la_date", "precision_date"),
    "killed": ("tues", "tue", "morts", "mort", "killed", "deaths", "dead", "fatalities",
               "deces", "victimes_tuees"),
    "injured": ("blesses", "blesse", "injured", "wounded", "injuries"),
    "missing": ("disparus", "disparu", "missing", "disappeared", "enleves", "enlevements",
                "abducted", "kidnapped", "otages", "hostages"),
    "detained": ("detenus", "detenu", "arretes", "arrete", "detained", "arrested", "arrests"),
    "source_quote": ("description", "notes", "resume", "summary", "details", "recit", "faits",
                     "source_quote", "citation", "quote", "texte", "text"),
    "title": ("titre", "title", "intitule"),
    "source": ("source", "sources", "lien", "liens", "url", "link", "links", "reference",
               "references"),
    "event_type": ("type", "categorie", "category", "event_type", "type_d_evenement",
                   "type_evenement", "nature"),
    "sub_event_type": ("sous_type", "sub_type", "sub_event_type", "sous_categorie",
                       "subcategory"),
    "perpetrator": ("auteur", "auteurs", "perpetrator", "perpetrators", "responsable",
                    "responsables", "acteur", "acteurs", "agresseur", "agresseurs"),
    "perpetrator_type": ("perpetrator_type", "type_d_auteur", "type_auteur"),
    "victims": ("victimes", "victims", "cible", "cibles", "target", "targets"),
    "casualty_note": ("casualty_note", "bilan", "toll"),
    "alt_figures": ("alt_figures", "autres_chiffres", "other_figures"),
    "id": ("id", "identifiant", "ref", "numero", "no", "n"),
}  # fmt: skip
TARGETS: tuple[str, ...] = tuple(SYNONYMS)
# What a mapping value may say to keep a column out of every field (it then goes to notes).
UNMAPPED = ("", "-", "notes", "ignore", "ignorer")
REQUIRED = ("date_start", ("location", "geo_hint", "latitude"))
# Optional fields whose absence changes every row: said once in the error table.
DEFAULTS = {
    "event_type": N_("event_type 'unspecified' until a person picks one"),
    "source": N_("source is the file's name"),
}

_SYNONYM_FIELD = {word: field for field, words in SYNONYMS.items() for word in words}
_EVENT_TYPES = {normalize(t): t for t in EVENT_TYPES}
_SUB_EVENT_TYPES = {
    normalize(sub): (event_type, sub)
    for event_type, subs in EVENT_TYPES.items()
    for sub in subs
    if sub != UNSPECIFIED
}
_PERPETRATOR_TYPES = {normalize(t): t for t in PERPETRATOR_TYPES}
# "au moins 12", "at least 12", "plus de 12", "12+", "~12": the number, the words noted.
_AT_LEAST = re.compile(
    r"^(?:au moins|at least|plus de|more than|over|environ|about|pres de|nearly|~|>)?\s*"
    r"(\d+)\s*\+?$"
)
_TITLE_LENGTH = 90


def field_for(header: str) -> str | None:
    """The field a header names: by its whole text, else by its one recognised word of three
    letters or more ("Nombre de tués" -> killed; "Date et lieu" names two fields, so none)."""
    words = normalize(header).split()
    whole = _SYNONYM_FIELD.get("_".join(words))
    if whole is not None:
        return whole
    found = {_SYNONYM_FIELD[w] for w in words if len(w) >= 3 and w in _SYNONYM_FIELD}
    return found.pop() if len(found) == 1 else None


def resolve_mapping(columns: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """A user's ``{column: field}`` checked against the file: columns as written (or in any
    case/accents), fields by name or synonym; "" or "notes" keeps a column in notes.
    Raises ValueError with one sentence for the user."""
    by_key = {normalize(c): c for c in columns}
    resolved: dict[str, str] = {}
    for column, target in mapping.items():
        found = column if column in columns else by_key.get(normalize(column))
        if found is None:
            raise ValueError(
                _("the file has no column {column!r}; its columns: {columns}").format(
                    column=column, columns=", ".join(columns)
                )
            )
        key = "_".join(normalize(target).split())
        if key in UNMAPPED:
            resolved[found] = ""
            continue
        field = _SYNONYM_FIELD.get(key)
        if field is None:
            raise ValueError(
                _("{target!r} is not a field a column can fill; one of: {fields}").format(
                    target=target, fields=", ".join(TARGETS)
                )
            )
        resolved[found] = field
    return resolved


def table_columns(columns: list[str], mapping: Mapping[str, str] | None = None) -> list[str]:
    """Each column's name in the mapped table: its field, else its header as written.

    ``mapping`` (already resolved) wins over recognition; when two columns name one field,
    the first fills it and the other stays a column of its own (kept in notes).
    """
    mapping = mapping or {}
    taken: set[str] = set()
    names = []
    for column in columns:
        field = mapping[column] if column in mapping else field_for(column)
        if field and field not in taken:
            taken.add(field)
            names.append(field)
        else:
            names.append(column)
    return names


def map_row(cells: Cells) -> dict[str, object] | None:
    """The record for one table row, or None when it has no place or no date (reported)."""
    latitude = cells.coordinate("latitude", -90, 90)
    longitude = cells.coordinate("longitude", -180, 180)
    has_point = latitude is not None and longitude is not None
    # A cercle or region alone is a place too, located as that unit.
    location = cells.text("location") or cells.text("geo_hint")
    if not location and not has_point:
        message = _("a place (or latitude and longitude) is required; row not imported")
        cells.error("location", "", message, "required", DROPPED)
        return None
    if not cells.text("date_start"):
        cells.error("date_start", "", _("a date is required; row not imported"), "required",
                    DROPPED)  # fmt: skip
        return None
    period = cells.period("date_start")
    if period is None:
        return None
    date_start, date_end, precision = period
    if cells.text("date_end"):
        end = cells.day("date_end")
        if end is None:
            return None
        date_end = end
    kept: list[str] = []  # values that fill no field, for notes
    written_precision = cells.text("date_precision")
    if written_precision.lower() in DATE_PRECISIONS:
        precision = written_precision.lower()
    elif written_precision:
        kept.append(f"{cells.header('date_precision')}: {written_precision}")
    event_type, sub_event_type = _event_types(cells, kept)
    perpetrator_type = _PERPETRATOR_TYPES.get(normalize(cells.text("perpetrator_type")))
    if perpetrator_type is None and cells.text("perpetrator_type"):
        kept.append(f"{cells.header('perpetrator_type')}: {cells.text('perpetrator_type')}")
    counts, count_notes = _counts(cells)
    quote = cells.text("source_quote") or _as_typed(cells)
    record: dict[str, object] = {
        "id": cells.text("id") or _content_id(cells),
        "title": cells.text("title") or _title(cells.text("source_quote"), location),
        "date_start": date_start,
        "date_end": date_end,
        "date_precision": precision,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "perpetrator": cells.text("perpetrator"),
        "perpetrator_type": perpetrator_type or "Unknown",
        "victims": cells.text("victims"),
        "location": location,
        "geo_hint": cells.text("geo_hint") if cells.text("location") else "",
        **counts,
        "casualty_note": "; ".join(p for p in (cells.text("casualty_note"), *count_notes) if p),
        "alt_figures": cells.text("alt_figures"),
        "source": cells.text("source") or cells.source_name or _("imported table"),
        "source_quote": quote,
        "notes": "; ".join([*kept, *_unmapped(cells)]),
        "latitude": latitude if has_point else None,
        "longitude": longitude if has_point else None,
        "geo_precision": "point" if has_point else "",
        "source_event_id": cells.text("id"),
        "source_event_type": cells.text("event_type"),
        "recorded_measures": format_measures([c for c in COUNT_FIELDS if c in cells.values]),
        "source_format": "table",
        "source_row": cells.row,
    }
    return record


def _event_types(cells: Cells, kept: list[str]) -> tuple[str, str]:
    """Our event types from what the person wrote: a current type or sub-event type name (in
    any case), else "unspecified" with the words kept in ``source_event_type``."""
    typed, typed_sub = cells.text("event_type"), cells.text("sub_event_type")
    event_type = _EVENT_TYPES.get(normalize(typed))
    by_sub = _SUB_EVENT_TYPES.get(normalize(typed_sub)) or _SUB_EVENT_TYPES.get(normalize(typed))
    if by_sub is not None and (event_type is None or event_type == by_sub[0]):
        return by_sub
    if typed_sub:
        kept.append(f"{cells.header('sub_event_type')}: {typed_sub}")
    if event_type is not None:
        return event_type, UNSPECIFIED
    return UNSPECIFIED, UNSPECIFIED


def _counts(cells: Cells) -> tuple[dict[str, int | None], list[str]]:
    """The four counts; "au moins 12" is 12, with the words kept for casualty_note."""
    counts: dict[str, int | None] = {}
    notes = []
    for field in COUNT_FIELDS:
        text = cells.text(field)
        match = _AT_LEAST.match(normalize(text)) if text else None
        if match and not text.strip().isdigit():
            counts[field] = int(match.group(1))
            notes.append(f"{field}: {text}")
        else:
            counts[field] = cells.count(field)
    return counts, notes


def _unmapped(cells: Cells) -> list[str]:
    return [
        f"{cells.header(c)}: {v.strip()}"
        for c, v in cells.values.items()
        if c not in SYNONYMS and v.strip()
    ]


def _as_typed(cells: Cells) -> str:
    """The row as the person typed it, when it has no description to quote."""
    typed = [(cells.header(c), v.strip()) for c, v in cells.values.items()]
    return "; ".join(f"{header}: {value}" for header, value in typed if value)


def _content_id(cells: Cells) -> str:
    """A stable id from the row's cells, in file order: the same row imported again, under any
    column mapping, gets the same id (and an identical row is reported as a duplicate)."""
    content = "\x1f".join(v.strip() for v in cells.values.values())
    return "T-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


def _title(description: str, location: str) -> str:
    """The description's first sentence, cut at a word near 90 characters, else a title
    naming the place."""
    text = " ".join(description.split())
    if not text:
        return _("Incident in {place}").format(place=location) if location else _("Incident")
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= _TITLE_LENGTH:
        return sentence
    cut = sentence[:_TITLE_LENGTH].rsplit(" ", 1)[0]
    return f"{cut}…"
