"""The message catalogue and per-language formatting, for every string a person reads.

Messages are gettext catalogues managed with Babel (``i18n/locale/messages.pot`` and one
``<lang>/LC_MESSAGES/messages.po`` per language, compiled to ``.mo`` by ``tools/i18n.sh
compile``, which ``tools/venv.sh`` runs). Code marks text with the standard keywords:

- ``_("Killed")`` translates now, in the current language;
- ``ngettext("{n} incident", "{n} incidents", n).format(n=...)`` lets the catalogue do plurals;
- ``pgettext("event type", "Battles")`` separates words that translate differently by context;
- ``N_("Killed")`` only marks a literal for extraction (module-level tables); translate it with
  ``_(value)`` where it is shown.

The current language is a context variable: a page sets it once per run (``set_language``), a
CLI sets it from ``--lang`` or the environment, and tests use ``use_language``. Core code never
takes a language argument. The pseudo-language ``qps`` brackets every translated string
(``⟦Killed⟧``), so a test can find text that bypasses the catalogue.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
PSEUDO_LANGUAGE = "qps"
# Languages a person can choose, in the order the language selector shows them.
LANGUAGES: tuple[str, ...] = ("en", "fr")
# Each language's own name, as its speakers write it (never translated).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français"}
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "language", default=DEFAULT_LANGUAGE
)


def N_(message: str) -> str:
    """Mark a literal for the catalogue without translating it (translate where it is shown)."""
    return message


def known_language(code: object) -> str | None:
    """``code`` as one of ``LANGUAGES`` (or the pseudo-language), or None.

    Accepts what browsers and environments send: ``fr``, ``fr-FR``, ``fr_ML.UTF-8``, ``FR``.
    """
    if not isinstance(code, str) or not code.strip():
        return None
    text = code.strip().split(".")[0].replace("-", "_")
    if text.lower() == PSEUDO_LANGUAGE:
        return PSEUDO_LANGUAGE
    try:
        language = Locale.parse(text).language
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return language if language in LANGUAGES else None


def negotiate_language(*preferred: object) -> str:
    """The first of ``preferred`` that is a language we have, else English."""
    for code in preferred:
        language = known_language(code)
        if language is not None:
            return language
    return DEFAULT_LANGUAGE


def language_from_environment() -> str:
    """The CLIs' language: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, else English."""
    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    candidates = [part for name in names for part in os.environ.get(name, "").split(":")]
    return negotiate_language(*candidates)


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Use ``language`` for the rest of this context (a page run, a CLI invocation)."""
    _language.set(known_language(language) or DEFAULT_LANGUAGE)


@contextlib.contextmanager
def use_language(language: str) -> Iterator[None]:
    token = _language.set(known_language(language) or DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (English and the pseudo-language have none).

    Reads the ``.mo`` that ``tools/i18n.sh compile`` writes; where the ``.mo`` is missing or
    older than its ``.po`` (a translator at work), the ``.po`` is compiled in memory instead.
    """
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # leaves fuzzy entries out, as compiling does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _bracket(text: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}"


def gettext(message: str) -> str:
    language = _language.get()
    if language == PSEUDO_LANGUAGE:
        return _bracket(message)
    return translations(language).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    language = _language.get()
    if language == PSEUDO_LANGUAGE:
        return _bracket(singular if n == 1 else plural)
    return translations(language).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    language = _language.get()
    if language == PSEUDO_LANGUAGE:
        return _bracket(message)
    return str(translations(language).pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    language = _language.get()
    if language == PSEUDO_LANGUAGE:
        return _bracket(singular if n == 1 else plural)
    return translations(language).npgettext(context, singular, plural, n)


# -- numbers and dates ------------------------------------------------------------------------


def _babel_locale() -> str:
    language = _language.get()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def format_number(value: int | float) -> str:
    """``1,234`` in English, ``1 234`` (narrow no-break space) in French."""
    return format_decimal(value, locale=_babel_locale())


def format_day(value: date | datetime) -> str:
    """``14 February 2020`` / ``14 février 2020``."""
    return _babel_format_date(value, "d MMMM y", locale=_babel_locale())


def format_month(value: date | datetime) -> str:
    """``February 2020`` / ``février 2020``."""
    return format_skeleton("yMMMM", value, locale=_babel_locale())


def format_short_month(value: date | datetime) -> str:
    """``Feb 2020`` / ``févr. 2020`` (chart axes)."""
    return format_skeleton("yMMM", value, locale=_babel_locale())


def format_conjunction(items: Sequence[str]) -> str:
    """``Mopti, Ségou and Gao`` / ``Mopti, Ségou et Gao``."""
    return format_list(list(items), locale=_babel_locale())


def format_alternatives(items: Sequence[str]) -> str:
    """``Mopti, Ségou or Gao`` / ``Mopti, Ségou ou Gao``."""
    return format_list(list(items), style="or", locale=_babel_locale())
