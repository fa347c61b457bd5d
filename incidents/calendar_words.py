"""Month and weekday names in English and French, from Babel's locale data (CLDR).

The one table of month names: the importers read typed dates with it ("14 févr. 2020") and
extraction finds dates in report prose with it. Lookups are accent-free and lower case
(``geo.normalize.normalize``): "février", "Fevrier" and "FÉVRIER" are one key.
"""

from __future__ import annotations

from typing import Literal

from babel.dates import get_day_names, get_month_names

from geo.normalize import normalize

LANGUAGES: tuple[str, ...] = ("en", "fr")

# Abbreviations in common use that the locale data does not list (it has "Sep" and "févr.").
_EXTRA_ABBREVIATIONS: dict[str, dict[int, str]] = {"en": {9: "Sept"}, "fr": {2: "fév"}}


def month_names(language: str, *, abbreviated: bool = False) -> dict[str, int]:
    """The month names of ``language`` as written ("January", "février") -> 1..12; the
    abbreviations, without their full stop ("Jan", "févr"), when ``abbreviated``."""
    if not abbreviated:
        return {name: number for number, name in get_month_names("wide", locale=language).items()}
    names = get_month_names("abbreviated", locale=language)
    extra = _EXTRA_ABBREVIATIONS.get(language, {})
    return {name.rstrip("."): number for number, name in [*names.items(), *extra.items()]}


# Every month name and abbreviation of LANGUAGES, accent-free and lower case -> 1..12.
MONTHS: dict[str, int] = {
    normalize(name): number
    for language in LANGUAGES
    for abbreviated in (False, True)
    for name, number in month_names(language, abbreviated=abbreviated).items()
}

# Weekday names, accent-free and lower case. French abbreviations are left out: "mar." would
# also be March's.
_WEEKDAY_WIDTHS: tuple[tuple[str, tuple[Literal["wide", "abbreviated"], ...]], ...] = (
    ("en", ("wide", "abbreviated")),
    ("fr", ("wide",)),
)
WEEKDAYS: frozenset[str] = frozenset(
    normalize(name)
    for language, widths in _WEEKDAY_WIDTHS
    for width in widths
    for name in get_day_names(width, locale=language).values()
)
