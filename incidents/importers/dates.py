"""Dates as people type them: ISO, 14/02/2020, "14 février 2020", "February 14, 2020"."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta

from geo.normalize import normalize
from incidents.calendar_words import MONTHS, WEEKDAYS

# Words that may stand around a date's parts: articles, ordinal endings, weekday names.
_IGNORED_WORDS = frozenset(
    {"the", "of", "on", "le", "la", "du", "de", "er", "st", "nd", "rd", "th", *WEEKDAYS}
)

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")

EXPECTED = "a date such as 2020-02-14, 14/02/2020, 14 février 2020 or February 14, 2020"


@functools.lru_cache(maxsize=1 << 16)  # a file's rows repeat a few thousand dates
def parse_date(text: str) -> date:
    """Parse one calendar day; raises ValueError naming the accepted forms.

    Numeric dates are read day first (14/02/2020, the French and Malian convention) unless
    only month first makes sense (02/14/2020).
    """
    value = text.strip()
    if not value:
        raise ValueError(f"empty; expected {EXPECTED}")
    try:
        if match := _ISO.match(value):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _NUMERIC.match(value):
            day, month, year = (int(g) for g in match.groups())
            if month > 12 >= day:
                day, month = month, day
            return date(_full_year(year, match.group(3)), month, day)
        return _parse_words(value)
    except ValueError as exc:
        if str(exc).startswith("not a date"):
            raise
        raise ValueError(f"not a date ({exc}); expected {EXPECTED}") from None


def parse_period(text: str) -> tuple[date, date, str]:
    """A date as a person writes it -> (start, end, precision): the precision is how it is
    written. "14/02/2020" -> that day, "day"; "février 2020", "Feb 2020", "2020-02", "02/2020"
    -> the month, "month"; "2020" -> the year, "year". Raises ValueError like ``parse_date``."""
    value = text.strip()
    try:
        day = parse_date(value)
    except ValueError:
        if _YEAR.match(value):
            year = int(value)
            return date(year, 1, 1), date(year, 12, 31), "year"
        month = _month_of(value)
        if month is None:
            raise
        year, number = month
        return date(year, number, 1), month_end(year, number), "month"
    return day, day, "day"


def _month_of(value: str) -> tuple[int, int] | None:
    """(year, month) of "2020-02", "02/2020", "février 2020", "Feb. 2020", else None."""
    if match := _YEAR_MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_YEAR.match(value):
        month, year = int(match.group(1)), int(match.group(2))
    else:
        words = re.findall(r"[a-z]+|\d+", normalize(value))
        tokens = [t for t in words if t not in _IGNORED_WORDS]
        if len(tokens) != 2 or tokens[0] not in MONTHS or not re.fullmatch(r"\d{4}", tokens[1]):
            return None
        month, year = MONTHS[tokens[0]], int(tokens[1])
    return (year, month) if 1 <= month <= 12 else None


def _full_year(year: int, digits: str) -> int:
    if len(digits) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _parse_words(value: str) -> date:
    tokens = [t for t in re.findall(r"[a-z]+|\d+", normalize(value)) if t not in _IGNORED_WORDS]
    months = [MONTHS[t] for t in tokens if t in MONTHS]
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit() and t not in MONTHS]
    if len(months) != 1 or len(numbers) != 2 or words:
        raise ValueError(f"not a date; expected {EXPECTED}")
    years = [n for n in numbers if len(n) == 4]
    if len(years) == 1:
        day = next(n for n in numbers if n is not years[0])
        return date(int(years[0]), months[0], int(day))
    if not years:  # 14-Feb-20: day then two-digit year
        return date(_full_year(int(numbers[1]), numbers[1]), months[0], int(numbers[0]))
    raise ValueError(f"not a date; expected {EXPECTED}")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period(day: date, precision: str) -> tuple[date, date]:
    """The period a coded date stands for: a week is centred on the day, a month is whole."""
    if precision == "week":
        return day - timedelta(days=3), day + timedelta(days=3)
    if precision == "month":
        return day.replace(day=1), month_end(day.year, day.month)
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day
