"""Quantities in report prose: numbers in digits or words (English and French), qualifiers
("at least") and vague amounts ("hundreds")."""

from __future__ import annotations

import re

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
