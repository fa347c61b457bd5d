"""The message catalogue: complete, current with the code, and formatting per language."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n
from i18n import (
    LOCALE_DIR,
    format_day,
    format_month,
    format_number,
    gettext,
    negotiate_language,
    ngettext,
    use_language,
)

REPO = Path(__file__).resolve().parent.parent
PYBABEL = str(Path(sys.executable).with_name("pybabel"))
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]


def _read(path: Path, language: str | None = None):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _keys(catalog) -> set[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    keys = set()
    for message in catalog:
        if message.id:
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            keys.add((message.context, msgid))
    return keys


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    template = _read(LOCALE_DIR / "messages.pot")
    catalog = _read(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", language)
    assert _keys(template) == _keys(catalog)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        assert all(strings), f"untranslated: {message.id!r}"
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals, message.id


def test_french_punctuation_keeps_its_no_break_space() -> None:
    """French sets a space before : ; ! ? and inside « »: a no-break one, so a line never
    starts with a colon or a closing guillemet (on a slide, a legend, a narrow card)."""
    catalog = _read(LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po", "fr")
    breakable = re.compile(r" [:;!?»]|« ")
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.id:
            assert not any(breakable.search(s) for s in strings), message.id


def test_template_is_current_with_the_code(tmp_path: Path) -> None:
    """Every marked string of the code is in messages.pot, and nothing else."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [str(REPO / "tools" / "i18n.sh"), "extract"],
        check=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYBABEL": PYBABEL, "I18N_POT": str(fresh)},
    )
    assert _keys(_read(fresh)) == _keys(_read(LOCALE_DIR / "messages.pot"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_translations_are_what_the_code_gets(language: str) -> None:
    catalog = _read(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", language)
    checked = 0
    with use_language(language):
        for message in catalog:
            if not message.id or message.context or message.pluralizable:
                continue
            assert gettext(message.id) == message.string
            checked += 1
    assert checked > 0


def test_plurals_come_from_the_catalogue() -> None:
    with use_language("fr"):
        assert ngettext("{n} incident", "{n} incidents", 1).format(n=1) == "1 incident"
        assert ngettext("{n} incident", "{n} incidents", 0).format(n=0) == "0 incident"
        assert ngettext("{n} incident", "{n} incidents", 2).format(n=2) == "2 incidents"
    with use_language("en"):
        assert ngettext("{n} incident", "{n} incidents", 0).format(n=0) == "0 incidents"


@pytest.mark.parametrize(
    ("language", "number", "day", "month"),
    [
        ("en", "1,234", "14 February 2020", "February 2020"),
        ("fr", "1\u202f234", "14 février 2020", "février 2020"),
    ],
)
def test_numbers_and_dates_per_language(language: str, number: str, day: str, month: str) -> None:
    with use_language(language):
        assert format_number(1234) == number
        assert format_day(date(2020, 2, 14)) == day
        assert format_month(date(2020, 2, 14)) == month


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        (("fr-FR",), "fr"),
        (("fr_ML.UTF-8",), "fr"),
        (("EN-us",), "en"),
        (("de-DE", "fr"), "fr"),
        (("de-DE",), "en"),
        ((None, "", "not a locale!"), "en"),
        (("en", "fr-FR"), "en"),
    ],
)
def test_language_negotiation(preferred: tuple[object, ...], expected: str) -> None:
    assert negotiate_language(*preferred) == expected


def test_pseudo_language_brackets_every_translated_string() -> None:
    with use_language(i18n.PSEUDO_LANGUAGE):
        assert gettext("Killed") == "⟦Killed⟧"
        assert ngettext("{n} incident", "{n} incidents", 3) == "⟦{n} incidents⟧"
        assert i18n.pgettext("event type", "Battles") == "⟦Battles⟧"
        assert format_number(1234) == "1,234"  # formats as English


def test_language_is_per_context() -> None:
    with use_language("fr"):
        assert i18n.current_language() == "fr"
        with use_language("en"):
            assert i18n.current_language() == "en"
        assert i18n.current_language() == "fr"
    assert i18n.current_language() == i18n.DEFAULT_LANGUAGE
