"""Text normalisation for place names, shared by the gazetteer, the geocoder and extraction.

Three levels, each built on the previous one:

- ``normalize("Cercle d’Abeïbara")`` -> ``"cercle d abeibara"``: lower case, no accents,
  every run of punctuation / apostrophes / hyphens / whitespace becomes one space.
- ``name_key("Tin-Essako")`` -> ``"tinessako"``: the normalised form without spaces, so
  "Tin Essako", "Tin-Essako" and "Ti-n-Essako" share one key. Exact lookups use it.
- ``sound_key("Niafounké")`` -> ``"niafunk"``: folds the spelling variants that French and
  English transcriptions of Malian names produce ("ou"/"w"/"u", doubled letters,
  "dj"/"j"/"di", "gn"/"ni", "y"/"i", a final mute e, the Tamasheq prefixes Tin / Ti-n- / In
  / I-n-, the Arabic article Al / El, a leading N' or M'), so "Farabugu" meets
  "Farabougou", "Tin Zaouaten" meets "Ti-n-Zaouâtene" and "Tombuctou" meets "Tombouctou".
- a final number is one word in Arabic or Roman numerals: "Dafara I" and "Dafara 1" share
  a key (``split_number``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

# Letters that Unicode decomposition leaves alone but that occur in Malian names
# (Bambara/Fulfulde orthography uses ɔ, ɛ, ɲ, ŋ).
_EXTRA_LETTERS = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ß": "ss",
        "đ": "d",
        "ł": "l",
        "ɔ": "o",
        "ɛ": "e",
        "ɲ": "ny",
        "ŋ": "ng",
        "ƴ": "y",
        "ɓ": "b",
        "ɗ": "d",
        "ı": "i",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Ordered rewrites for sound_key; each maps a spelling to the form its variants share.
_SOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        # Tamasheq "place of" prefixes: Tin / Ti-n- / Ti and In / I-n- (Ti-n-Zaouâtene,
        # Tin Zaouaten; I-n-Tamede, In Tamede)
        (r"^tin+(?=[a-z])", "ti"),
        (r"^[ae]l(?=[a-z]{3})", "el"),  # the Arabic article: Almassola / El Massola
        (r"^in+(?=[^aeiouy])", "i"),
        (r"^[nm](?=[bdgjkpt])", ""),  # N'Djikouna / Djikouna, M'Pessoba / Pessoba
        (r"([a-z])\1+", r"\1"),  # doubled letters: Ogossagou / Ogosagou
        (r"ou|oo|w", "u"),  # Farabougou / Farabugu, Kéniéroba / Keniyeroba
        (r"dj|dy|di(?=[aeou])", "j"),  # Djenné / Jenne, Dioura / Djoura
        (r"gn(?=[aeiou])", "ni"),  # Kersignané / Kersiniané
        (r"tch|tsh|ch|sh", "s"),  # Tchad / Shad / Chad
        (r"ph", "f"),
        (r"gh|kh", "g"),  # Rharous / Gharous
        (r"qu|ck|q|c(?=[aoukrlt]|$)", "k"),  # Tombouctou / Timbuktu-style k/c
        (r"y", "i"),
        (r"h", ""),  # silent or optional h
        (r"([a-z])\1+", r"\1"),  # doubles produced by the rules above
        (r"(?<=[a-z]{3})e$", ""),  # a final mute e: Zaouatene / Zaouaten
    )
)
# Numbered villages: "Dafara I", "Gangafani 2", "Heremakono II" - the number is one word at
# the end, in Arabic or Roman numerals, and both forms are one key.
_ROMAN_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
                  "ix": 9, "x": 10}  # fmt: skip
_NUMBERED = re.compile(r"^(.+?) (\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)$")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces ("" for empty input)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", str(text).casefold().translate(_EXTRA_LETTERS))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    ascii_text = ascii_text.translate(_EXTRA_LETTERS)
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def is_number_word(word: str) -> bool:
    """True for "4", "iv" and the other number words ``split_number`` reads."""
    return bool(_NUMBERED.match(f"x {word}"))


def split_number(norm: str) -> tuple[str, int | None]:
    """("gangafani 2") -> ("gangafani", 2), also "dafara i" -> ("dafara", 1); else (norm, None)."""
    found = _NUMBERED.match(norm)
    if not found:
        return norm, None
    number = found.group(2)
    return found.group(1), int(number) if number.isdigit() else _ROMAN_NUMBERS[number]


def name_key(text: str) -> str:
    """Exact-lookup key: the normalised text without spaces, a final number in digits."""
    base, number = split_number(normalize(text))
    return base.replace(" ", "") + ("" if number is None else str(number))


@lru_cache(maxsize=65536)
def sound_key(text: str) -> str:
    """Key that folds common transcription variants of the same name."""
    key = name_key(text)
    for pattern, repl in _SOUND_RULES:
        key = pattern.sub(repl, key)
    return key


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Unicode's combining marks (accents), as ``unicodedata.combining`` finds them in Latin text.
_COMBINING_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
SqlDialect = Literal["duckdb", "postgres"]


def fold_sql(expression: str, dialect: SqlDialect = "duckdb") -> str:
    """SQL for ``expression`` folded as ``normalize`` folds it, separators left as is.

    Its runs of letters and digits are the words of ``normalize``'s result, so a word (letters
    and digits only) is in one exactly when it is in the other; cheaper than ``normalize_sql``.
    ``expression`` is repeated: give a column, not a parameter. A NULL stays NULL.

    In DuckDB, equal for Latin, French and Bambara/Fulfulde text: ``strip_accents`` removes
    accents but does not unfold compatibility forms (ligatures such as "ﬁ", superscripts),
    which stay separators. In PostgreSQL (a UTF-8 database with ICU, as most builds have) the
    text is decomposed (NFKD) and its combining marks dropped, as ``normalize`` does.
    """
    letters = {chr(code): replacement for code, replacement in _EXTRA_LETTERS.items()}
    singles = {letter: repl for letter, repl in letters.items() if len(repl) == 1}
    if dialect == "duckdb":
        lowered, length = f"lower({expression})", f"strlen({expression})"
        stripped = f"strip_accents({lowered})"
    else:
        # ICU's root locale: the same lower case whatever the database's own locale.
        lowered, length = f'lower({expression} COLLATE "und-x-icu")', f"octet_length({expression})"
        stripped = f"regexp_replace(normalize({lowered}, NFKD), '{_COMBINING_MARKS}', '', 'g')"
    # After stripping: a letter with an accent (ǿ) is first reduced to its base (ø).
    folded = (
        f"translate({stripped}, "
        f"{_sql_text(''.join(singles))}, {_sql_text(''.join(singles.values()))})"
    )
    for letter, replacement in letters.items():
        if len(replacement) > 1:
            folded = f"replace({folded}, {_sql_text(letter)}, {_sql_text(replacement)})"
    # ASCII text (as many bytes as characters) only needs lower case: stripping is slow.
    return f"CASE WHEN {length} = length({expression}) THEN {lowered} ELSE {folded} END"


def normalize_sql(expression: str, dialect: SqlDialect = "duckdb") -> str:
    """The SQL twin of ``normalize`` applied to ``expression`` (see ``fold_sql``)."""
    return f"trim(regexp_replace({fold_sql(expression, dialect)}, '[^a-z0-9]+', ' ', 'g'))"
