"""Quantities in report prose: numbers in digits or words (English and French, read by
``text2num``), nouns of approximate quantity ("une trentaine"), qualifiers ("at least") and
vague amounts ("hundreds", which state no number)."""

from __future__ import annotations

import re

from text_to_num import text2num

# The words number phrases are made of; text2num gives their value.
_EN_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand",
)  # fmt: skip
_FR_WORDS = (
    "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante",
    "cinquante", "soixante", "septante", "huitante", "octante", "nonante", "cent", "cents",
    "mille",
)  # fmt: skip
_NUMBER_WORD = "|".join(sorted({*_EN_WORDS, *_FR_WORDS}, key=len, reverse=True))
# "twenty-five", "one hundred and five", "vingt et un", "quatre-vingt-dix", "deux cents";
# never "two UN" (a space joins words only before hundred/thousand/cent/mille, after
# "quatre" in "quatre vingt", or around "and"/"et").
_WORD_NUMBER = (
    rf"(?:(?:{_NUMBER_WORD})(?:(?:-|\s+(?:and|et)\s+|\s+(?=(?:hundred|thousand|cents?|mille|"
    rf"vingts?)\b))(?:{_NUMBER_WORD}))*)"
)
_DIGITS = r"\d{1,3}(?:[,\u202f\xa0 ]\d{3})+|\d+"
# Nouns of approximate quantity and the number a reader takes from them.
APPROXIMATE_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "dozen": 12,
}  # fmt: skip
_APPROXIMATE = rf"(?:une|a|an)\s+(?P<approx>{'|'.join(APPROXIMATE_NOUNS)})(?:\s+(?:de|d['’]|of))?"
# Quantities without a number: the count stays empty and the words go to casualty_note.
VAGUE = (
    "dozens", "hundreds", "thousands", "scores", "several", "many", "numerous", "some",
    "dizaines", "centaines", "milliers", "plusieurs", "nombreux", "nombreuses", "quelques",
)  # fmt: skip
QUALIFIERS = {
    "at least": "at least", "au moins": "at least", "more than": "more than",
    "over": "more than", "plus de": "more than", "plus d'": "more than", "plus d’": "more than",
    "nearly": "about", "almost": "about", "about": "about", "around": "about",
    "approximately": "about", "près de": "about", "pres de": "about",
    "près d'": "about", "près d’": "about", "environ": "about", "up to": "up to",
    "jusqu'à": "up to",
}  # fmt: skip
_QUALIFIER = (
    r"(?P<qual>at least|more than|over|nearly|almost|about|around|approximately|up to|"
    r"au moins|plus de|plus d['’]|près de|pres de|près d['’]|environ|jusqu'à)"
)
QUANTITY = (
    rf"(?:{_QUALIFIER}\s*)?(?:{_APPROXIMATE}|(?P<num>{_DIGITS})|(?P<word>{_WORD_NUMBER})|"
    rf"(?P<vague>{'|'.join(VAGUE)}))\b(?!\s*(?:%|per ?cent\b|(?:-year|-month|-day|years?|months?|"
    r"days?|weeks?|hours?|ans?|mois|jours?|heures?|km|kilomet\w*|h\d*)\b|[.,:]\d))"
)


def number_value(text: str) -> int | None:
    """'14' -> 14, '1,261' -> 1261, 'three' -> 3, 'twenty-five' -> 25, 'vingt-cinq' -> 25,
    'quatre-vingt-dix' -> 90, 'deux cents' -> 200, 'une trentaine' -> 30; None for words that
    are not a number."""
    digits = re.sub(r"[,\u202f\xa0 ]", "", text)
    if digits.isdigit():
        return int(digits)
    words = text.lower().strip()
    approximate = re.fullmatch(_APPROXIMATE, words)
    if approximate:
        return APPROXIMATE_NOUNS[approximate.group("approx")]
    for language in ("en", "fr"):
        try:
            return int(text2num(words, language))
        except ValueError:
            continue
    return None


def qualifier_of(words: str | None) -> str:
    """The qualifier's one English name: 'au moins' -> 'at least', 'plus d’' -> 'more than'."""
    return QUALIFIERS.get(re.sub(r"\s+", " ", (words or "").lower()), "")
