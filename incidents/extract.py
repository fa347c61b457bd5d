"""Candidate incidents from the text of a report (English or French), by rules.

Deterministic and offline: sentence splitting, date, place, casualty and perpetrator patterns,
and our gazetteer (through ``geo``) to keep only real Malian places. Every candidate keeps the
sentence(s) it came from; a person reviews candidates before they join a dataset.

    candidates = extract_incidents(text, year=2020, source="002_5722450adf37214a.txt")

How sentences become candidates:
- a sentence stating a casualty figure (killed, injured, missing, detained; numbers in digits
  or words, "at least", vague words like "hundreds" kept in ``casualty_note``) is a candidate;
- with no date or place of its own it takes them from the sentence just before it in the same
  paragraph ("In Sikasso on 7 May, ... . Five demonstrators were injured ..."), and when that
  sentence is already a candidate, it adds to it ("Her bodyguard was killed during the
  kidnapping") instead of starting a new one; so does a sentence whose date falls inside the
  previous candidate's period and that names no new place;
- the year comes from the text, else from ``year`` (the user's), else from the document (the
  most frequent year written next to a month); a year not written in the sentence is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from geo.normalize import normalize
from incidents.importers.dates import MONTHS, month_end

# --- numbers ---------------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60,
}  # fmt: skip
_BIG = {"hundred": 100, "cent": 100, "thousand": 1000, "mille": 1000}
# Quantities without a number: the count stays empty and the words go to casualty_note.
VAGUE = (
    "dozens", "hundreds", "thousands", "scores", "several", "many", "numerous", "some",
    "dizaines", "centaines", "milliers", "plusieurs", "nombreux", "nombreuses",
)  # fmt: skip
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_BIG], key=len, reverse=True))
# "twenty-five", "one hundred and five", "vingt et un"; never "two UN" (a space joins words
# only before hundred/thousand or around "and"/"et").
_WORD_NUMBER = (
    rf"(?:(?:{_NUMBER_WORD})(?:(?:-|\s+(?:and|et)\s+|\s+(?=hundred|thousand|cent\b|mille))"
    rf"(?:{_NUMBER_WORD}))*)"
)
_DIGITS = r"\d{1,3}(?:[,\u202f\xa0 ]\d{3})+|\d+"
_QUALIFIER = (
    r"(?P<qual>at least|more than|over|nearly|almost|about|around|approximately|up to|"
    r"au moins|plus de|près de|pres de|environ|jusqu'à)"
)
QUANTITY = (
    rf"(?:{_QUALIFIER}\s+)?(?:(?P<num>{_DIGITS})|(?P<word>{_WORD_NUMBER})|"
    rf"(?P<vague>{'|'.join(VAGUE)}))\b(?!\s*(?:%|per ?cent\b|(?:-year|-month|-day|years?|months?|"
    r"days?|weeks?|hours?|ans?|mois|jours?|heures?|km|kilomet\w*)\b))"
)


def number_value(text: str) -> int | None:
    """'14' -> 14, '1,261' -> 1261, 'three' -> 3, 'twenty-five' -> 25, 'vingt-cinq' -> 25."""
    digits = re.sub(r"[,\u202f\xa0 ]", "", text)
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("and", "et"):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _BIG:
            current = max(current, 1) * _BIG[word]
            if _BIG[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


# --- casualty patterns -----------------------------------------------------------------------

# What each count field is called in text, as passive/intransitive verbs and as participles.
_VERBS = {
    "killed": (
        r"shot and killed|shot dead|killed|murdered|executed|died|beaten to death|"
        r"burned to death|lost their lives?|tué(?:e|s|es)?|exécuté(?:e|s|es)?|"
        r"mort(?:e|s|es)?|décédé(?:e|s|es)?|assassiné(?:e|s|es)?"
    ),
    "injured": r"injured|wounded|hurt|blessé(?:e|s|es)?",
    "missing": (
        r"subjected to enforced disappearance|forcibly disappeared|disappeared|missing|"
        r"porté(?:e|s|es)? disparu(?:e|s|es)?|disparu(?:e|s|es)?"
    ),
    "detained": (
        r"abducted|kidnapped|taken hostage|arrested|detained|held hostage|enlevé(?:e|s|es)?|"
        r"kidnappé(?:e|s|es)?|arrêté(?:e|s|es)?|détenu(?:e|s|es)?|pris(?:es)? en otage|"
        r"interpellé(?:e|s|es)?"
    ),
}
_PARTICIPLES = {
    "killed": r"killing|tuant",
    "injured": r"injuring|wounding|blessant",
    "detained": r"abducting|kidnapping|arresting|enlevant",
}
_NOUNS = {"killed": r"dead|morts?|deaths?", "injured": r"injured|wounded|blessés?"}
_AUX = (
    r"(?:were|was|have been|has been|had been|are|is|ont été|a été|sont|est|furent|fut)"
    r"(?:\s+(?:also|reportedly|allegedly|seriously|severely|fatally|illegally|arbitrarily|"
    r"unlawfully|later|then|all|grièvement|gravement|illégalement))*"
)
# A victim noun phrase between a quantity and its verb: a few words, maybe an aside in commas.
_SUBJECT = (
    r"(?P<noun>(?:[\w'’-]+\s*){0,6}?)"
    r"(?P<aside>,\s*(?:including|among them|dont|parmi)\s[^;.]{1,120}?,\s*)?"
)
# Words that end a victim noun phrase after a verb ("killing 14 civilians in the village").
_STOP_WORDS = (
    r"(?:and|et|in|at|on|near|during|while|after|before|from|with|by|dans|à|au|près|lors|"
    r"pendant|par|avec|de|du|des|when|as|who|which|qui)\b"
)
_FROM_INJURIES = re.compile(r"^\s*(?:from|of) (?:their|his|her|the) (?:injuries|wounds)")


@dataclass(frozen=True)
class Figure:
    """One count found in a sentence."""

    field: str  # killed | injured | missing | detained
    value: int | None  # None for vague quantities
    text: str  # the words, e.g. "at least 35 civilians"
    victims: str = ""
    qualifier: str = ""
    from_injuries: bool = False  # "one died from their injuries": one of the injured
    start: int = 0


def _quantity(match: re.Match[str]) -> tuple[int | None, str]:
    if match.group("vague"):
        return None, match.group("vague").lower()
    value = number_value(match.group("num") or match.group("word"))
    return value, ""


def find_figures(sentence: str) -> list[Figure]:
    """Casualty figures stated in one sentence, in order."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(
        match: re.Match[str],
        field_: str,
        victims: str = "",
        companion: int | None = None,
        elliptical: bool = False,
    ) -> None:
        """Record the count in group ``count``; its words run from there to the match's end."""
        span = match.span("count")
        # A count belongs to one phrase: "two UN personnel were killed" is not also "UN (one)
        # personnel were killed"; an elliptical "and 40 injured" only claims its number.
        claim = span if elliptical else match.span()
        if any(a < claim[1] and claim[0] < b for a, b in taken):
            return
        taken.append(claim)
        value, vague = _quantity(match)
        qualifier = (match.group("qual") or "").lower()
        if value is None and vague and "aside" in match.re.groupindex:
            value = _named_members(match.group("aside") or "")
            if value is not None:
                qualifier = "at least"
        elif value is not None and companion is not None:
            value += 1
        after = sentence[match.end() :]
        figures.append(
            Figure(
                field_, value, _words(sentence[
                    span[0] if elliptical else match.start() if companion is None else companion
                    : match.end()
                ]),
                victims.strip(), qualifier or vague,
                bool(_FROM_INJURIES.match(after)) and field_ == "killed", match.start(),
            )
        )  # fmt: skip

    for field_, verbs in _VERBS.items():
        # "14 protesters were killed", "five members ... were abducted", "one died"
        pattern = rf"(?P<count>\b{QUANTITY})\s+{_SUBJECT}(?:{_AUX}\s+)?(?:{verbs})\b"
        for match in _overlapping(pattern, sentence):
            noun = match.group("noun") or ""
            if _looks_like_clause(noun):
                continue
            add(match, field_, noun, companion=_named_companion(sentence[: match.start()]))
        # "were killed and 40 injured": an elliptical second count
        pattern = (
            rf"(?:{_AUX})\s+(?:{'|'.join(_VERBS.values())})\s+and\s+"
            rf"(?P<count>{QUANTITY})\s+(?:{verbs})\b"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            add(match, field_, elliptical=True)
    for field_, participles in _PARTICIPLES.items():
        # "killing at least 35 civilians", "injuring three"
        pattern = (
            rf"\b(?:{participles})\s+(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,2}})"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if re.search(r"suspect", sentence[match.end() : match.end() + 30], re.IGNORECASE):
                continue
            add(match, field_, match.group("noun"))
    for field_, nouns in _NOUNS.items():
        # "leaving 12 dead", "faisant 35 morts et 10 blessés"
        pattern = rf"(?P<count>\b{QUANTITY})\s+(?:{nouns})\b"
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            add(match, field_)
    # "the fate of 19 people was not revealed", "le sort de 19 personnes reste inconnu"
    pattern = (
        rf"(?:fate|whereabouts|sort) (?:of|de) (?P<count>{QUANTITY})\s+"
        r"(?P<noun>[\w'’ -]{0,40}?)\s+"
        r"(?:was|were|is|are|remains?|remained|reste|restent|est|sont)\s+"
        r"(?:not|still|unknown|inconnu|non)"
    )
    for match in re.finditer(pattern, sentence, re.IGNORECASE):
        add(match, "missing", match.group("noun"))
    # Active voice with the victims as object: "Authorities arrested 11 people" (suspects are
    # left out: arresting suspects is not a count of victims).
    for field_ in ("killed", "detained"):
        pattern = (
            rf"\b(?:{_VERBS[field_]})\s+(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,3}})"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if re.search(r"suspect|accused", match.group("noun") + sentence[match.end() :][:20]):
                continue
            add(match, field_, match.group("noun"))
    figures.extend(_singular_figures(sentence, taken))
    return sorted(figures, key=lambda f: f.start)


def _overlapping(pattern: str, text: str):
    """Every match, including those starting inside an earlier (maybe rejected) match."""
    compiled = re.compile(pattern, re.IGNORECASE)
    position = 0
    while (match := compiled.search(text, position)) is not None:
        yield match
        position = match.start() + 1


def _words(text: str) -> str:
    return re.sub(r"\s+(?:and|et|,)$", "", text.strip(" ,"))


def _looks_like_clause(noun: str) -> bool:
    """'eight headed agents after he' is not a victim noun phrase: it runs into a new clause."""
    if re.search(QUANTITY, noun):  # "14 protesters and hundreds were ..." (never "UN staff")
        return True
    words = noun.lower().split()
    return any(w in ("he", "she", "they", "after", "before", "while", "when", "who", "which",
                     "that", "were", "was", "been", "are", "is", "il", "elle", "ils", "qui",
                     "après", "ont", "été", "sont") for w in words)  # fmt: skip


def _named_companion(before: str) -> int | None:
    """'Soumaila Cissé and five members ...': the named person counts too (+1). Returns where
    the name starts, or None."""
    found = re.search(r"([A-ZÀ-Ý][\w'’-]+\s+[A-ZÀ-Ý][\w'’-]+)\s+(?:and|et)\s+$", before)
    return found.start() if found else None


def _named_members(aside: str) -> int | None:
    """'several ministers, including the President, the Prime Minister and the Speaker, were
    detained' -> at least 3: the ones named (a conservative count)."""
    found = re.match(r",\s*(?:including|among them|dont|parmi)\s+(.+?),\s*$", aside)
    if not found:
        return None
    items = re.split(r",\s*|\s+(?:and|et)\s+", found.group(1))
    return len([i for i in items if i.strip()]) or None


_SINGULAR = re.compile(
    r"(?P<subject>(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bbut\s))[^,;:]{1,80}?)\s+"
    r"(?:was|has been|had been|a été|est)(?:\s+(?:also|reportedly|allegedly|later|then|"
    r"illegally|arbitrarily))*\s+"
    r"(?P<verb>" + "|".join(_VERBS.values()) + r")\b",
    re.IGNORECASE,
)
_NOT_A_PERSON = re.compile(
    r"^(?:it|this|that|which|there|nobody|no one|none|no-one|personne|aucun|aucune|"
    r"the (?:village|town|city|attack|area|camp|school|house|incident|investigation|convoy|"
    r"vehicle|building))\b",
    re.IGNORECASE,
)


def _singular_figures(sentence: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """'Her bodyguard was killed', 'a 17-year-old motorcyclist was killed': one person."""
    figures = []
    for match in _SINGULAR.finditer(sentence):
        subject = match.group("subject").strip()
        if _NOT_A_PERSON.match(subject) or (
            re.search(QUANTITY, subject, re.IGNORECASE)
            and any(a <= match.start("verb") <= b for a, b in taken)
        ):
            continue
        verb = match.group("verb").lower()
        field_ = next(f for f, v in _VERBS.items() if re.fullmatch(v, verb, re.IGNORECASE))
        if any(a < match.end() and match.start("verb") < b for a, b in taken):
            continue
        figures.append(Figure(field_, 1, f"{subject} was {verb}", subject, "",
                              False, match.start()))  # fmt: skip
    return figures


# --- dates -----------------------------------------------------------------------------------

_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_FR_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
# English month names only capitalised ("May", not the verb "may"); French ones in any case.
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
        # 7 May (2020), le 9 mai
        ("day_month", rf"\b{_D2}\s+{_M2}{_Y2}"),
        # March 25(, 2020)
        ("month_day", rf"{_M2}\s+{_D2}\b(?!\d){_Y2}"),
        # in February (2020), en juin
        ("month", rf"{_M2}{_Y2}"),
        # the following day
        ("next_day", r"\b(?:the (?:following|next) day|le lendemain)\b"),
    )
)
# A date shortly after these words is not when the incident happened: a release (which ends
# a detention) or a later step (a charge, an acquittal). The nearest word decides.
_DATE_ROLE_WORDS = re.compile(
    r"\b(?:(?P<release>released|freed|set free|libérée?s?|until|till|jusqu')|"
    r"(?P<later>acquitted|charged|sentenced|convicted|since|depuis))\b",
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
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            before = sentence[max(0, match.start() - 40) : match.start()]
            role = _date_role(before)
            mention = _mention(kind, match, year, previous)
            if mention is not None:
                found.append((match.start(), role, mention))
    return [(role, m) for _, role, m in sorted(found, key=lambda item: item[0])]


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


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


def document_year(text: str) -> int | None:
    """The year written most often next to a month name (ties: the latest)."""
    years = re.findall(rf"{MONTH}\s+({_YEAR})\b", text)
    if not years:
        return None
    counts = pd.Series([int(y) for y in years]).value_counts()
    best = counts.max()
    return int(max(y for y, n in counts.items() if n == best))


# --- places ----------------------------------------------------------------------------------

_NAME_WORD = r"[A-ZÀ-Ý][\w'’-]*[\wé]"
_NAME = (
    rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|du|de|des|d'))*?"
    rf"(?:\s+(?:[Cc]ercle|[Rr]egion|[Dd]istrict)(?:\s+{_NAME_WORD})?)?"
)
_LOCATIVE = (
    r"(?:\b(?:[Ii]n|at|near|of|from|around|outside|dans|à|près de|de|du|en|[Aa]u)\s+|\bd['’])"
    r"(?:the\s+|la\s+|le\s+|l')?"
    r"(?:(?:village|villages|town|towns|city|commune|communes|cercle|region|district|capital|"
    r"localit(?:y|ies|é|és)|ville|suburb|quarter|area)\s+(?:of\s+|de\s+|d'|du\s+)?)?"
)
_PLACE_LIST = re.compile(rf"{_LOCATIVE}(?P<names>{_NAME}(?:\s*(?:,|\band\b|\bet\b)\s*{_NAME})*)")
_PLACE_NOUN = re.compile(
    r"(?:villages?|towns?|communes?|localit(?:y|ies|é|és)|hameaux?|hamlets?)\s+(?:of|de|d')\s*$",
    re.IGNORECASE,
)
# Capitalised words that are never places here, even where a village has the name.
_NOT_PLACES = {
    normalize(w)
    for w in (
        "Mali", "MINUSMA", "UN", "United Nations", "GSIM", "JNIM", "ICC", "Islam", "Islamic",
        "State", "President", "Prime Minister", "Speaker", "National", "Assembly", "Court",
        "Government", "Army", "Police", "Sahara", "Sahel", "Africa", "West", "Northern",
        "Central", "Southern", "Eastern", "Western", "North", "South", "East", "Amnesty",
    )
}  # fmt: skip
_MIN_SCORE = 95.0  # exact, alternate-name or suffix matches only: no guesses on spelling


@dataclass(frozen=True)
class PlaceMention:
    name: str
    kind: str  # the gazetteer's kind, or "unlisted" for a named village the gazetteer lacks
    admin1: str | None
    admin2: str | None
    start: int
    in_list: bool = False


def find_places(sentence: str, geocoder: Any) -> list[PlaceMention]:
    """Malian places the sentence puts something in, at, near or of; first one first."""
    places: list[PlaceMention] = []
    for match in _PLACE_LIST.finditer(sentence):
        names = re.split(r"\s*(?:,|\band\b|\bet\b)\s*", match.group("names"))
        explicit = bool(_PLACE_NOUN.search(sentence[: match.start("names")]))
        offset = match.start("names")
        for name in names:
            for part in _split_district(name):
                mention = _place(part, geocoder, offset, explicit, len(names) > 1)
                if mention is not None and all(p.name != mention.name for p in places):
                    places.append(mention)
            offset += len(name)
    return sorted(places, key=lambda p: p.start)


def _split_district(name: str) -> list[str]:
    """'Kayes district Diandioumé' -> ['Kayes district', 'Diandioumé']."""
    found = re.match(r"(.+?\s+(?:district|region|cercle))\s+([A-ZÀ-Ý].+)$", name)
    return [found.group(1), found.group(2)] if found else [name]


def _place(name: str, geocoder: Any, start: int, explicit: bool, in_list: bool):
    name = name.strip()
    if not name or normalize(name) in _NOT_PLACES:
        return None
    match = geocoder.geocode(name).match
    if match is not None and match.score >= _MIN_SCORE:
        return PlaceMention(name, match.kind, match.admin1, match.admin2, start, in_list)
    if explicit:  # "the villages of Binédama and Yangassadiou": a place even if unlisted
        return PlaceMention(name, "unlisted", None, None, start, in_list)
    return None


_UNIT_KINDS = {"region", "cercle", "commune"}
_SEAT_KINDS = {"capital", "town"}


def choose_location(places: list[PlaceMention]) -> tuple[list[PlaceMention], str]:
    """The incident's place(s) and a hint: the first place named (with the places listed with
    it), and as hint a coarser unit or town named after it that contains it."""
    if not places:
        return [], ""
    first = places[0]
    if first.kind in _UNIT_KINDS:  # "the Kayes district Diandioumé": the village inside it
        inside = [p for p in places[1:] if p.kind not in _UNIT_KINDS and p.admin1 == first.admin1]
        if inside:
            return [inside[0]], first.name
    chosen = [first, *(p for p in places[1:] if first.in_list and p.in_list)]
    hint = ""
    for other in places[len(chosen) :]:
        contains = other.admin1 is not None and other.admin1 == first.admin1
        coarser = other.kind in _UNIT_KINDS or (
            other.kind in _SEAT_KINDS and first.kind not in _SEAT_KINDS | _UNIT_KINDS
        )
        if (contains and coarser) or (first.kind == "unlisted" and other.kind in _UNIT_KINDS):
            hint = other.name
            break
    return chosen, hint


# --- perpetrators and event types ------------------------------------------------------------

_PERPETRATOR_TYPES = (
    ("Identity militias", r"dozo|dan na? ambassagou|militia|hunters|self-defen|autodéfense"),
    ("Rebel groups", r"\bGSIM\b|\bJNIM\b|islamic state|\bISGS\b|al-qaeda|ansar|jihadist|katiba"),
    ("External/Other forces", r"barkhane|french forces|minusma|wagner|peacekeepers"),
    ("State forces", r"soldier|army|military|armed forces|security forces|police|gendarm|"
                     r"national guard|intelligence|\bFAMa\b|defen[cs]e forces|authorities"),
    ("Unidentified armed group", r"gunmen|armed (?:group|men)|assailants|attackers|unidentified"),
    ("Civilians", r"\bgang\b|villagers|mob"),
)  # fmt: skip
_ACTIVE_VERB = re.compile(
    r"(?<!were )(?<!was )(?<!been )(?<!being )"  # a passive verb has no agent as subject
    r"\b(?:attacked|opened fire|fired|killed|shot|abducted|kidnapped|arrested|surrounded|"
    r"ambushed|raided|executed|massacred|murdered|beat|burned|attaqué|ont ouvert le feu|"
    r"ont tiré|ont tué|ont exécuté|ont attaqué)\b"
)
_PASSIVE_BY = re.compile(
    r"\b(?:" + "|".join(_VERBS.values()) + r")\s+(?:\w+\s+){0,3}?(?:by|par)\s+(?P<agent>[^,;.]+?)"
    r"(?=\s+(?:in|at|on|during|while|after|following|for|near|before|dans|à|lors|pendant)\b|[,;.]|$)",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(?:in|on|between|during|as of|according to|following|after|since|from|en|le|selon|"
    r"entre|au|lors)\b",
    re.IGNORECASE,
)
_INSTRUMENTS = re.compile(r"gunshot|wounds|bullets|injuries|ammunition|fire\b", re.IGNORECASE)


def find_perpetrator(sentence: str) -> str:
    """Who did it, as the sentence says: the agent of a passive verb or the subject of an
    active one, e.g. 'soldiers', 'GSIM members', 'a group of Dozo (traditional hunters)'."""
    for match in _PASSIVE_BY.finditer(sentence):
        agent = match.group("agent").strip()
        if agent and not _INSTRUMENTS.search(agent):
            return agent
    verb = _ACTIVE_VERB.search(sentence)
    if verb is None:
        return ""
    segments = [s.strip() for s in sentence[: verb.start()].split(",")]
    while segments and (not segments[0] or _INTRO.match(segments[0])):
        segments.pop(0)
    subject = ", ".join(s for s in segments if s).strip()
    return subject if 0 < len(subject) <= 80 else ""


def perpetrator_type(perpetrator: str) -> str:
    for kind, pattern in _PERPETRATOR_TYPES:
        if re.search(pattern, perpetrator, re.IGNORECASE):
            return kind
    return "Unknown"


_PROTEST = re.compile(r"protest|demonstrat|manifestant|marchers", re.IGNORECASE)
_ABDUCTION = re.compile(r"abduct|kidnap|hostage|enlev|otage", re.IGNORECASE)
_COMBATANTS = re.compile(r"\bUN\b|peacekeep|soldiers|troops|personnel|casques", re.IGNORECASE)


def suggest_event_type(candidate: Candidate) -> tuple[str, str]:
    """An ACLED (event type, sub-event type) from the figures and the words of the quote."""
    text = candidate.quote
    harmed = (
        candidate.counts.get("killed") is not None or candidate.counts.get("injured") is not None
    )
    harmed = harmed or any(f.field in ("killed", "injured") for f in candidate.figures)
    if harmed and (_PROTEST.search(candidate.victims) or _PROTEST.search(text)):
        return "Protests", "Excessive force against protesters"
    if any(f.field == "detained" for f in candidate.figures) and _ABDUCTION.search(text):
        return "Violence against civilians", "Abduction/forced disappearance"
    if any(f.field == "detained" for f in candidate.figures) and not harmed:
        return "Strategic developments", "Arrests"
    if harmed and _COMBATANTS.search(candidate.victims):
        return "Battles", "Armed clash"
    return "Violence against civilians", "Attack"


# --- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "gen", "col", "lt", "capt", "sgt", "m",
                  "mme", "e.g", "i.e", "etc", "vs", "u.n", "jan", "feb", "aug", "sept", "oct",
                  "nov", "dec"}  # fmt: skip
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(«]?[A-ZÀ-Ý0-9])")


def paragraphs(text: str) -> list[str]:
    """Blocks of text; a line ending a sentence ends its paragraph, repeated lines are dropped
    (page headings repeated through an extracted report)."""
    blocks, current, seen = [], [], set()
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        key = normalize(line)
        if not line or (key in seen and len(line) < 120):
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        seen.add(key)
        current.append(line)
        if line.endswith((".", "!", "?", ".”", '."', "»")):
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def sentences(paragraph: str) -> list[str]:
    parts, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip('.!?"”’)')
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        parts.append(paragraph[start : match.start()].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]


# --- candidates ------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A candidate incident while it is being assembled."""

    quote: str
    date: DateMention | None
    places: list[PlaceMention]
    hint: str
    figures: list[Figure] = field(default_factory=list)
    counts: dict[str, int | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    perpetrator: str = ""
    victims: str = ""
    released: DateMention | None = None

    def note_release(self, releases: list[DateMention]) -> None:
        """A detention lasts until the release the text gives (the latest one)."""
        if releases and any(f.field == "detained" for f in self.figures):
            latest = max(releases, key=lambda m: m.end)
            if self.released is None or latest.end > self.released.end:
                self.released = latest

    def add(self, figures: list[Figure], quote: str) -> None:
        for figure in figures:
            known = self.counts.get(figure.field)
            if figure.from_injuries and self.counts.get("injured"):
                self.counts["injured"] = self.counts["injured"] - (figure.value or 0)
                self.notes.append(f"'{figure.text}': counted as killed, not also as injured")
            if known is None:
                self.counts[figure.field] = figure.value
            elif figure.value is not None and figure.value != known:
                self.notes.append(f"also '{figure.text}' ({figure.field} {figure.value} kept "
                                  f"as {known})")  # fmt: skip
            self.figures.append(figure)
            if (figure.victims and figure.field != "detained") or not self.victims:
                self.victims = self.victims or _clean_victims(figure.victims)
        if quote not in self.quote:
            self.quote = f"{self.quote} {quote}".strip()


def _clean_victims(noun: str) -> str:
    words = [w for w in noun.strip(" ,").split() if w.lower() not in ("of", "the", "and")]
    return " ".join(words[:5])


def extract_incidents(
    text: str,
    year: int | None = None,
    source: str = "",
    geocoder: Any = None,
    id_prefix: str = "EX",
) -> list[dict[str, Any]]:
    """Candidate incidents, one dict per candidate with the model's fields, ``source_quote``,
    ``year_inferred`` and, where the place was geocoded, admin1/admin2 and coordinates.
    Ids are ``{id_prefix}-001`` and so on, in document order."""
    if geocoder is None:
        from geo.geocoder import get_geocoder

        geocoder = get_geocoder()
    year_source = "--year" if year is not None else "the document"
    year = year if year is not None else document_year(text)
    candidates: list[Candidate] = []
    for paragraph in paragraphs(text):
        previous_sentence: tuple[str, DateMention | None, list[PlaceMention], str] | None = None
        previous_candidate: Candidate | None = None
        for sentence in sentences(paragraph):
            context_date = previous_sentence[1] if previous_sentence else None
            dates = find_dates(sentence, year, context_date)
            places, hint = choose_location(find_places(sentence, geocoder))
            figures = find_figures(sentence)
            own_date = dates[0] if dates else None
            releases = find_release_dates(sentence, year)
            if figures:
                continues = (
                    previous_candidate is not None
                    and not places
                    and (own_date is None or _within(own_date, previous_candidate.date))
                )
                if continues:
                    previous_candidate.add(figures, sentence)
                    previous_candidate.note_release(releases)
                else:
                    quote = sentence
                    date_ = own_date
                    if previous_sentence and (own_date is None or not places):
                        if not places and previous_sentence[2]:
                            places, hint = previous_sentence[2], previous_sentence[3]
                            quote = f"{previous_sentence[0]} {sentence}"
                        if own_date is None and previous_sentence[1] is not None:
                            date_ = previous_sentence[1]
                            quote = f"{previous_sentence[0]} {sentence}"
                    candidate = Candidate(quote, date_, places, hint)
                    candidate.perpetrator = find_perpetrator(sentence)
                    if not candidate.perpetrator and quote != sentence:
                        candidate.perpetrator = find_perpetrator(previous_sentence[0])
                    candidate.add(figures, "")
                    candidate.note_release(releases)
                    candidates.append(candidate)
                    previous_candidate = candidate
            else:
                if previous_candidate is not None and releases:  # "Others were released in
                    previous_candidate.note_release(releases)  # October."
                    if previous_candidate.released in releases:
                        previous_candidate.quote += f" {sentence}"
                previous_candidate = None
            previous_sentence = (sentence, own_date, places, hint)
    rows = [
        _row(c, f"{id_prefix}-{n:03d}", year, year_source, source)
        for n, c in enumerate(candidates, start=1)
    ]
    return _geocode(rows, geocoder)


def _within(inner: DateMention, outer: DateMention | None) -> bool:
    return outer is not None and outer.start <= inner.start and inner.end <= outer.end


def _row(
    candidate: Candidate, id_: str, year: int | None, year_source: str, source: str
) -> dict[str, Any]:
    when = candidate.date
    if when is None and year is not None:
        when = DateMention(date(year, 1, 1), date(year, 12, 31), "year", False)
        candidate.notes.append("no date in the text: the whole year")
    if when is not None and candidate.released is not None and candidate.released.end > when.end:
        when = DateMention(when.start, candidate.released.end, when.precision, when.year_written)
        candidate.notes.append(f"detention until the release on {when.end.isoformat()}")
    year_inferred = when is not None and not when.year_written
    if year_inferred:
        candidate.notes.append(f"year {when.start.year} inferred from {year_source}")
    event_type, sub_event_type = suggest_event_type(candidate)
    location = "; ".join(p.name for p in candidate.places)
    counts = {f: candidate.counts.get(f) for f in ("killed", "injured", "missing", "detained")}
    return {
        "id": id_,
        "title": _title(counts, candidate, location),
        "date_start": when.start.isoformat() if when else None,
        "date_end": when.end.isoformat() if when else None,
        "date_precision": when.precision if when else None,
        "year_inferred": year_inferred,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "perpetrator": candidate.perpetrator,
        "perpetrator_type": perpetrator_type(candidate.perpetrator),
        "victims": candidate.victims,
        "location": location,
        "geo_hint": candidate.hint,
        **counts,
        "casualty_note": "; ".join(_describe(f) for f in candidate.figures),
        "alt_figures": "",
        "source": source,
        "source_quote": candidate.quote,
        "notes": "; ".join(["extracted automatically: review before use", *candidate.notes]),
    }


def _describe(figure: Figure) -> str:
    value = "?" if figure.value is None else str(figure.value)
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    return f"{figure.field} {qualifier}{value}: '{figure.text}'"


def _title(counts: dict[str, int | None], candidate: Candidate, location: str) -> str:
    parts = [f"{v} {k}" for k, v in counts.items() if v is not None]
    parts += [f"{f.qualifier} {f.field}" for f in candidate.figures if f.value is None]
    return f"{', '.join(parts) or 'incident'} in {location or 'Mali'}"


def _geocode(rows: list[dict[str, Any]], geocoder: Any) -> list[dict[str, Any]]:
    """Admin units and coordinates by the same rules as the curated data (attach_places)."""
    if not rows:
        return []
    from incidents.geocoding import attach_places

    placed = attach_places(pd.DataFrame(rows), geocoder=geocoder)
    out = []
    for row, (_, geo) in zip(rows, placed.iterrows(), strict=True):
        lat, lon = geo["latitude"], geo["longitude"]
        out.append(
            {
                **row,
                "admin1": geo["admin1"],
                "admin2": geo["admin2"],
                "admin3": geo["admin3"],
                "latitude": None if pd.isna(lat) else round(float(lat), 5),
                "longitude": None if pd.isna(lon) else round(float(lon), 5),
                "geo_precision": geo["geo_precision"],
                "geocode_status": geo["geocode_status"],
            }
        )
    return out


# The columns a person reviews (and may edit) before candidates join a dataset.
REVIEW_COLUMNS = (
    "id", "title", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
    "perpetrator", "perpetrator_type", "victims", "location", "geo_hint", "killed", "injured",
    "missing", "detained", "casualty_note", "source", "source_quote", "notes", "admin1",
    "admin2",
)  # fmt: skip

__all__ = [
    "REVIEW_COLUMNS",
    "extract_incidents",
    "find_dates",
    "find_figures",
    "find_places",
    "number_value",
]
