"""Casualty figures in one sentence: who was killed, injured, missing or detained, and how many."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidents.extract.numbers import QUANTITY, number_value

# What each count field is called in text, as passive/intransitive verbs and as participles.
VERBS = {
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

    for field_, verbs in VERBS.items():
        # "14 protesters were killed", "five members ... were abducted", "one died"
        pattern = rf"(?P<count>\b{QUANTITY})\s+{_SUBJECT}(?:{_AUX}\s+)?(?:{verbs})\b"
        for match in _overlapping(pattern, sentence):
            noun = match.group("noun") or ""
            if _looks_like_clause(noun):
                continue
            add(match, field_, noun, companion=_named_companion(sentence[: match.start()]))
        # "were killed and 40 injured": an elliptical second count
        pattern = (
            rf"(?:{_AUX})\s+(?:{'|'.join(VERBS.values())})\s+and\s+"
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
            rf"\b(?:{VERBS[field_]})\s+(?P<count>{QUANTITY})"
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
    r"(?P<verb>" + "|".join(VERBS.values()) + r")\b",
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
        field_ = next(f for f, v in VERBS.items() if re.fullmatch(v, verb, re.IGNORECASE))
        if any(a < match.end() and match.start("verb") < b for a, b in taken):
            continue
        figures.append(Figure(field_, 1, f"{subject} was {verb}", subject, "",
                              False, match.start()))  # fmt: skip
    return figures
