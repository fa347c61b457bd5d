"""Our own text in the reader's language, and the language a quote is in.

Titles and casualty notes are ours: written in English, with a translation beside each
(``incidents.model.TRANSLATED_FIELDS``: ``title_fr``, ``casualty_note_fr``). ``localised``
reads the one of the current language (``i18n.current_language``) and falls back to the English
original where there is none (an imported row, a note not translated yet).

Quotes are the source's words and are never replaced: ``quote_language`` is the language of
the source document (its record's ``language`` in ``data/sources.csv``), and
``quote_translation`` a translation into the reader's language only where the data has one, to
be shown marked as a translation. ``language_name`` names a language for the reader ("anglais").
Region and cercle names are not translated: they keep their official French forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import pandas as pd
from babel import Locale, UnknownLocaleError

from i18n import DEFAULT_LANGUAGE, LANGUAGES, current_language, known_language
from incidents.model import TRANSLATED_FIELDS
from incidents.sources import Source, load_sources

__all__ = ["language_name", "localised", "quote_language", "quote_translation"]

Row: TypeAlias = Mapping[str, Any] | pd.Series  # a record or one row of a frame


def _text(value: Any) -> str:
    """A cell as stripped text; a missing cell (None, NaN, NA) is ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _translation_column(field: str) -> str | None:
    """The column holding ``field`` in the reader's language; None for the original's own."""
    if field not in TRANSLATED_FIELDS:
        raise ValueError(
            f"{field!r} is not translated; translated fields: {', '.join(TRANSLATED_FIELDS)}"
        )
    return TRANSLATED_FIELDS[field].get(current_language())


def localised(data: pd.DataFrame | Row, field: str) -> pd.Series | str:
    """``field`` (``title`` or ``casualty_note``) of a row, or of every row of a frame, in the
    current language; the original where the translation is empty or its column is absent."""
    column = _translation_column(field)
    if isinstance(data, pd.DataFrame):
        original = data[field].map(_text)
        if column is None or column not in data.columns:
            return original
        translated = data[column].map(_text)
        return translated.where(translated != "", original).rename(field)
    translated = _text(data.get(column)) if column is not None else ""
    return translated or _text(data[field])


def quote_language(row: Row, sources: Mapping[str, Source] | None = None) -> str | None:
    """The BCP 47 code of the language ``source_quote`` is in: its source document's.

    None when the row's source has no record (an imported dataset names its sources in free
    text) or the record states no language. ``sources`` defaults to ``data/sources.csv``.
    """
    catalogue = load_sources() if sources is None else sources
    record = catalogue.get(_text(row.get("source")))
    return (record.language or None) if record is not None else None


def quote_translation(row: Row) -> str:
    """The row's translation of its quote when it is in the reader's language, else "".

    It is ours, not the source's words: a page shows it beside the quote, marked as such.
    """
    language = known_language(_text(row.get("quote_translation_language")))
    if language is None or language != current_language():
        return ""
    return _text(row.get("quote_translation"))


def language_name(code: str) -> str:
    """A language's name in the reader's language (``en`` -> "anglais" in French); the code as
    it is when Babel does not know it."""
    reader = current_language()
    display = reader if reader in LANGUAGES else DEFAULT_LANGUAGE
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(display) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
