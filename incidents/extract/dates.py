"""Dates in one sentence (days, ranges, months, "the following day") and the year a document
is about."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from geo.normalize import normalize
from incidents.calendar_words import MONTHS, month_names
from incidents.importers.dates import month_end


def _alternatives(spellings: list[str]) -> str:
    """A regex alternation of the spellings, longest first."""
    return "|".join(sorted(set(spellings), key=lambda spelling: (-len(spelling), spelling)))


# English month names only capitalised ("May", not the verb "may"); French ones in any case,
# with or without accents. French abbreviations are left out: "sept" is also seven.
_EN_MONTHS = _alternatives([*month_names("en"), *month_names("en", abbreviated=True)])
_FR_MONTHS = _alternatives([s for name in month_names("fr") for s in (name, normalize(name))])
MONTH = rf"(?:\b(?:{_EN_MONTHS})\b\.?|\b(?i:{_FR_MONTHS})\b)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_AND = r"(?:and|to|until|-|–|et(?: le)?|au)"
_FROM = r"(?:[Bb]etween|[Ff]rom|[Ee]ntre(?: le)?|[Dd]u)"

_D1, _D2 = rf"(?P<d1>{_DAY})", rf"(?P<d2>{_DAY})"
_M1, _M2 = rf"(?P<m1>{MONTH})", rf"(?P<m2>{MONTH})"
_Y1, _Y2 = rf"(?:\s+(?P<y1>{_YEAR}))?", rf"(?:,?\s+(?P<y2>{_YEAR}))?"
_END_OF_YEAR = r"(?P<eoy>the end of the year|la fin de l'année)"
_AS_OF = r"\b(?:[Aa]s of|[Bb]y the end of|[Dd]epuis le début de l'année jusqu'en)"

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        # between 3 February and 10 March (2020)
        ("day_range_months", rf"{_FROM}\s+{_D1}\s+{_M1}{_Y1}\s+{_AND}\s+{_D2}\s+{_M2}{_Y2}"),
        # between 10 and 12 July (2020)
        ("day_range", rf"{_FROM}\s+{_D1}\s+{_AND}\s+{_D2}\s+{_M2}{_Y2}"),
        # between March and April; between September and the end of the year
        ("month_range", rf"{_FROM}\s+{_M1}{_Y1}\s+{_AND}\s+(?:{_END_OF_YEAR}|{_M2}{_Y2})"),
        # as of September: the year so far
        ("as_of", rf"{_AS_OF}\s+{_M2}{_Y2}"),
        # since December 2021: from then on (to the end of the year written or given)
        ("since", rf"\b(?:[Ss]ince|[Dd]epuis)\s+(?:le mois de\s+)?{_M2}{_Y2}"),
        # in the night of 13 to 14 February; dans la nuit du 13 au 14 février
        (
            "night",
            rf"\b(?:night|nuit)\s+(?:of|du|de)\s+(?:\w+\s+)?{_D1}\s+(?:to|au|à)\s+"
            rf"(?:\w+\s+)?{_D2}\s+{_M2}{_Y2}",
        ),
        # late March, fin avril, début mars, mi-juin, mid-June, early in March,
        # au début du mois de janvier
        (
            "part_of_month",
            rf"\b(?P<part>[Ll]ate|[Ee]arly|[Mm]id-?|[Ff]in|[Dd]ébut|[Mm]i-|"
            rf"[Ff]in du mois de|[Dd]ébut du mois de|[Mm]ilieu du mois de|"
            rf"(?:the )?(?:end|beginning|middle) of)\s*{_M2}{_Y2}",
        ),
        # 7 May (2020), le 9 mai
        ("day_month", rf"\b{_D2}\s+{_M2}{_Y2}"),
        # March 25(, 2020)
        ("month_day", rf"{_M2}\s+{_D2}\b(?!\d){_Y2}"),
        # in February (2020), en juin, au mois de mars
        ("month", rf"{_M2}{_Y2}"),
        # the following day
        ("next_day", r"\b(?:the (?:following|next) day|le lendemain)\b"),
    )
)
# A date shortly after these words is not when the incident happened: a release (which ends
# a detention) or a later step (a charge, an acquittal). The nearest word decides.
_DATE_ROLE_WORDS = re.compile(
    r"\b(?:(?P<release>released|freed|set free|libérée?s?|until|till|jusqu')|"
    r"(?P<later>acquitted|charged|sentenced|convicted|since|depuis|published|publié|"
    r"paru|issued|dated|daté))\b",
    re.IGNORECASE,
)


def _date_role(before: str) -> str:
    words = list(_DATE_ROLE_WORDS.finditer(before))
    if not words or len(before) - words[-1].end() > 30:
        return "event"
    return "release" if words[-1].group("release") else "later"


@dataclass(frozen=True)
class DateMention:
    start: date
    end: date
    precision: str
    year_written: bool
    relative: bool = False


def _month(text: str) -> int:
    return MONTHS[normalize(text).rstrip(".")]


def find_dates(sentence: str, year: int | None, previous: DateMention | None) -> list[DateMention]:
    """Dates of events in a sentence, first one first; ``year`` fills a missing year."""
    return [m for role, m in _dates(sentence, year, previous) if role == "event"]


def find_release_dates(sentence: str, year: int | None) -> list[DateMention]:
    """Dates someone was released: 'released on 21 May', 'not released until October 8'."""
    return [m for role, m in _dates(sentence, year, None) if role == "release"]


def _dates(
    sentence: str, year: int | None, previous: DateMention | None
) -> list[tuple[str, DateMention]]:
    found: list[tuple[int, str, DateMention]] = []
    for kind, match in _date_matches(sentence):
        before = sentence[max(0, match.start() - 40) : match.start()]
        role = _date_role(before)
        mention = _mention(kind, match, year, previous)
        if mention is not None:
            found.append((match.start(), role, mention))
    return [(role, m) for _, role, m in sorted(found, key=lambda item: item[0])]


def _date_matches(sentence: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Each date the patterns find, in pattern order; a match overlapping an earlier one (a
    more specific pattern's) is skipped."""
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            yield kind, match


def _mention(
    kind: str, match: re.Match[str], year: int | None, previous: DateMention | None
) -> DateMention | None:
    if kind == "next_day":
        if previous is None or previous.precision != "day":
            return None
        day = previous.end + timedelta(days=1)
        return DateMention(day, day, "day", previous.year_written, relative=True)
    groups = match.groupdict()
    written = groups.get("y2") or groups.get("y1")
    y2 = int(groups.get("y2") or groups.get("y1") or year or 0)
    y1 = int(groups.get("y1") or y2)
    if not y2:
        return None
    try:
        if kind in ("day_range_months", "day_range"):
            m2 = _month(groups["m2"])
            m1 = _month(groups["m1"]) if groups.get("m1") else m2
            start = date(y1, m1, _day(groups["d1"]))
            end = date(y2, m2, _day(groups["d2"]))
            precision = "day"
        elif kind == "month_range":
            start = date(y1, _month(groups["m1"]), 1)
            end = date(y2, 12, 31) if groups.get("eoy") else month_end(y2, _month(groups["m2"]))
            precision = "month"
        elif kind == "as_of":
            start, end, precision = date(y2, 1, 1), month_end(y2, _month(groups["m2"])), "month"
        elif kind == "since":
            month = _month(groups["m2"])
            start, end, precision = date(y2, month, 1), date(y2, 12, 31), "month"
        elif kind == "night":
            month = _month(groups["m2"])
            start = date(y2, month, _day(groups["d1"]))
            end = date(y2, month, _day(groups["d2"]))
            precision = "day"
        elif kind == "part_of_month":
            start, end = _part_of_month(groups["part"], y2, _month(groups["m2"]))
            precision = "week"
        elif kind in ("day_month", "month_day"):
            start = end = date(y2, _month(groups["m2"]), _day(groups["d2"]))
            precision = "day"
        else:
            month = _month(groups["m2"])
            start, end, precision = date(y2, month, 1), month_end(y2, month), "month"
    except (ValueError, KeyError):
        return None
    if end < start:
        return None
    return DateMention(start, end, precision, bool(written))


def _part_of_month(part: str, year: int, month: int) -> tuple[date, date]:
    """The ten days 'early', 'mid' or 'late' in a month stand for."""
    last = month_end(year, month)
    word = part.lower()
    if re.search(r"late|fin|end", word):
        return date(year, month, 21), last
    if re.search(r"mid|mi-|milieu|middle", word):
        return date(year, month, 11), date(year, month, 20)
    return date(year, month, 1), date(year, month, 10)


def dates_without_year(sentence: str) -> list[str]:
    """Dates the sentence writes without a year ("fin avril", "on 1st July"): with no year
    given either, they cannot be dated."""
    found: list[str] = []
    for kind, match in _date_matches(sentence):
        groups = match.groupdict()
        if kind != "next_day" and not (groups.get("y1") or groups.get("y2")):
            found.append(match.group(0))
    return found


def _day(text: str) -> int:
    digits = re.match(r"\d+", text)
    if digits is None:
        raise ValueError(f"no day number at the start of {text!r}")
    return int(digits.group(0))


def document_year(text: str) -> int | None:
    """The year written most often with a month ("March 2022", "15 mars 2022", "March 15,
    2022") or in an ISO date line ("2022-03-15"), so a title or date line counts too (ties:
    the latest)."""
    years = [
        *re.findall(rf"{MONTH}\s+({_YEAR})\b", text),
        *re.findall(rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+({_YEAR})\b", text),
        *re.findall(rf"\b({_YEAR})-[01]\d-[0-3]\d\b", text),
    ]
    if not years:
        return None
    counts = pd.Series([int(y) for y in years]).value_counts()
    best = counts.max()
    return int(max(y for y, n in counts.items() if n == best))
