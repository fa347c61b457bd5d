"""The hand-written evaluation corpus: real report passages with the facts each one states.

These tests keep the corpus honest: every fact must be checkable against its own passage (its
place, region, claimant and figure are written in the text), and every passage must say where
it came from and when.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from num2words import num2words

CORPUS = Path(__file__).resolve().parents[1] / "extraction_corpus" / "passages.json"

PASSAGE_KEYS = {
    "id", "url", "publisher", "published", "published_from", "language", "year_hint", "text",
    "facts", "note",
}  # fmt: skip
FACT_KEYS = {
    "place", "other_places", "region", "month", "measure", "value", "qualifier", "claimant",
}  # fmt: skip
LANGUAGES = {"en", "fr"}
MEASURES = {"killed", "injured", "missing", "detained"}
QUALIFIERS = {"at least", "more than", "about", ""}
# How the publication date was established: from the address, from the page's own date, from
# a full date in the passage, or from the dated event the passage reports.
DATE_SOURCES = {"url", "page", "text", "event"}
# Nouns of approximate quantity ("une vingtaine de morts"): the number a reader takes from them.
APPROXIMATE_NOUNS = {
    "fr": {10: "dizaine", 12: "douzaine", 15: "quinzaine", 20: "vingtaine", 30: "trentaine",
           40: "quarantaine", 50: "cinquantaine", 60: "soixantaine", 100: "centaine"},
    "en": {12: "dozen"},
}  # fmt: skip
# "Un chef de village a été enlevé": the article as the number one.
ONE = {"fr": {"un", "une"}, "en": {"one"}}
CONJUNCTIONS = {"et", "and"}
# Every word num2words writes for 0-999 and the thousands: the vocabulary of number phrases.
NUMBER_WORDS = {
    language: {
        word
        for n in [*range(1000), 1000, 2000]
        for word in re.findall(r"[^\W\d_]+", num2words(n, lang=language))
    }
    for language in ("en", "fr")
}


def _number_phrases(text: str, language: str) -> set[str]:
    """Every maximal run of number words in the text, lower case, joined by single spaces."""
    phrases, run = set(), []
    for word in [*re.findall(r"[^\W\d_]+|\d+", text.lower()), ""]:
        if word in NUMBER_WORDS[language] or word in ONE[language]:
            run.append(word)
            continue
        while run and run[0] in CONJUNCTIONS:
            run.pop(0)
        while run and run[-1] in CONJUNCTIONS:
            run.pop()
        if run:
            phrases.add(" ".join(run))
        run = []
    return phrases


def value_is_stated(text: str, value: int, language: str) -> bool:
    """Whether the passage writes this number, in digits or in words of its language."""
    grouped = f"{value:,}"
    for written in {str(value), grouped, grouped.replace(",", " "), grouped.replace(",", "\u00a0")}:
        # Not a part of a longer number: "2" is not stated by "2 000" nor "12".
        if re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d]|[ \u00a0,.]\d{{3}})", text):
            return True
    spelled = {" ".join(re.findall(r"[^\W\d_]+", num2words(value, lang=language)))}
    if value == 1:
        spelled |= ONE[language]
    if spelled & _number_phrases(text, language):
        return True
    noun = APPROXIMATE_NOUNS[language].get(value)
    return noun is not None and re.search(rf"\b{noun}s?\b", text, re.IGNORECASE) is not None


def _published(text: str) -> tuple[int, int]:
    """Year and month (1 when only the year is known) of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in text.split("-")]
    date(*(parts + [1] * (3 - len(parts))))  # raises on an impossible date
    return parts[0], (parts[1] if len(parts) > 1 else 12)


def _contains(text: str, phrase: str) -> bool:
    return phrase.casefold() in text.casefold()


PASSAGES = json.loads(CORPUS.read_text(encoding="utf-8"))
FACTS = [
    pytest.param(p["id"], fact, id=f"{p['id']}-{i}")
    for p in PASSAGES
    for i, fact in enumerate(p["facts"])
]
BY_ID = {p["id"]: p for p in PASSAGES}


@pytest.mark.parametrize(
    ("text", "value", "language", "stated"),
    [
        ("killing at least 33 people", 33, "en", True),
        ("killing at least 33 people", 3, "en", False),
        ("Forty-two Malian soldiers were killed", 42, "en", True),
        ("Forty-two Malian soldiers were killed", 40, "en", False),
        ("Quarante-deux soldats maliens ont été tués", 42, "fr", True),
        ("Dix-neuf militaires maliens ont été tués", 19, "fr", True),
        ("Dix-neuf militaires maliens ont été tués", 10, "fr", False),
        ("Trente et un villageois ont été tués", 31, "fr", True),
        ("une vingtaine de morts", 20, "fr", True),
        ("forçant environ 2 000 villageois à fuir", 2000, "fr", True),
        ("forçant environ 2 000 villageois à fuir", 2, "fr", False),
        ("Un chef de village a été enlevé", 1, "fr", True),
        ("tuant 12 civils", 1, "fr", False),
        ("Deux cents personnes ont été arrêtées", 200, "fr", True),
        ("quatre-vingt-dix morts", 90, "fr", True),
        ("quatre-vingt-dix morts", 20, "fr", False),
    ],
)
def test_value_is_stated_reads_digits_and_number_words(
    text: str, value: int, language: str, stated: bool
) -> None:
    assert value_is_stated(text, value, language) is stated


def test_corpus_size_and_languages() -> None:
    languages = [p["language"] for p in PASSAGES]
    assert len(PASSAGES) >= 16
    assert languages.count("fr") >= 6
    assert languages.count("en") >= 6
    assert set(languages) <= LANGUAGES


def test_passage_ids_and_texts_are_unique() -> None:
    assert len(BY_ID) == len(PASSAGES)
    assert len({p["text"] for p in PASSAGES}) == len(PASSAGES)


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_passage_shape(passage: dict) -> None:
    assert set(passage) == PASSAGE_KEYS
    assert passage["id"].startswith(passage["language"] + "-")
    assert re.fullmatch(r"https?://\S+", passage["url"])
    assert passage["publisher"].strip()
    assert passage["published_from"] in DATE_SOURCES
    assert isinstance(passage["note"], str)
    sentences = re.split(r"(?<=[.!?»\"”])\s+(?=[A-ZÀ-Ý«\"“])", passage["text"].strip())
    assert 1 <= len(sentences) <= 6
    assert passage["facts"], "a passage states at least one fact"


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_passage_dates(passage: dict) -> None:
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", passage["published"])
    year, month = _published(passage["published"])
    assert 2012 <= year <= date.today().year
    hint = passage["year_hint"]
    assert isinstance(hint, int)
    assert year - 1 <= hint <= year
    for fact in passage["facts"]:
        if fact["month"] is not None:
            assert (int(fact["month"][:4]), int(fact["month"][5:])) <= (year, month)


@pytest.mark.parametrize("fact", [pytest.param(f.values[1], id=f.id) for f in FACTS])
def test_fact_shape(fact: dict) -> None:
    assert set(fact) == FACT_KEYS
    assert fact["measure"] in MEASURES
    assert fact["qualifier"] in QUALIFIERS
    assert isinstance(fact["other_places"], list)
    month = fact["month"]
    assert month is None or re.fullmatch(r"20\d{2}-(0[1-9]|1[0-2])", month)
    value = fact["value"]
    assert value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


@pytest.mark.parametrize(("passage_id", "fact"), FACTS)
def test_fact_is_written_in_its_passage(passage_id: str, fact: dict) -> None:
    passage = BY_ID[passage_id]
    text = passage["text"]
    for name in [fact["place"], *fact["other_places"]]:
        assert name.strip() and _contains(text, name), name
    for phrase in (fact["region"], fact["claimant"]):
        assert not phrase or _contains(text, phrase), phrase
    if fact["value"] is not None:
        assert value_is_stated(text, fact["value"], passage["language"]), fact["value"]


def test_stated_months_have_their_month_in_the_text() -> None:
    months = {
        "en": ["january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"],
    }  # fmt: skip
    for param in FACTS:
        passage_id, fact = param.values
        if fact["month"] is None:
            continue
        passage = BY_ID[passage_id]
        name = months[passage["language"]][int(fact["month"][5:]) - 1]
        assert _contains(passage["text"], name), (passage_id, fact["month"])
