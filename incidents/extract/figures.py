"""Casualty figures in one sentence: who was killed, injured, missing or detained, and how many."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidents.extract.numbers import APPROXIMATE_NOUNS, QUANTITY, number_value, qualifier_of

# What each count field is called in text, as passive/intransitive verbs and as participles.
# People abducted, kidnapped or taken hostage are missing (their fate is in their captors'
# hands); arrested and detained people are detained.
VERBS = {
    "killed": (
        r"shot and killed|shot dead|killed|murdered|executed|died|beaten to death|"
        r"burned to death|lost their lives?|massacred|(?:a|ont) perdu la vie|tué(?:e|s|es)?|"
        r"exécuté(?:e|s|es)?|mort(?:e|s|es)?|décédé(?:e|s|es)?|assassiné(?:e|s|es)?|massacré(?:e|s|es)?"
    ),
    "injured": r"injured|wounded|hurt|blessé(?:e|s|es)?",
    "missing": (
        r"subjected to enforced disappearance|forcibly disappeared|disappeared|missing|"
        r"abducted|kidnapped|taken hostage|held hostage|seized|"
        r"porté(?:e|s|es)? disparu(?:e|s|es)?|disparu(?:e|s|es)?|enlevé(?:e|s|es)?|"
        r"kidnappé(?:e|s|es)?|pris(?:es?)? en otages?"
    ),
    "detained": (
        r"arrested|detained|arrêté(?:e|s|es)?|détenu(?:e|s|es)?|"
        r"interpellé(?:e|s|es)?|incarcéré(?:e|s|es)?|jailed|imprisoned"
    ),
}
# Verbs whose object is the victims ("killed 42 soldiers", "a enlevé 24 autres personnes").
_ACTIVE = {
    "killed": (
        r"killed|kill|murdered|executed|massacred|shot dead|lost|tué|tue|tuent|exécuté|"
        r"massacré|assassiné|perdu"
    ),
    "injured": r"injured|wounded|injure|wound|blessé",
    "missing": (
        r"abducted|kidnapped|abduct|kidnap|seized|enlevé|kidnappé|enlèvent|enlève|"
        r"(?:sont |est )?partis? avec|emmené|emmenant"
    ),
    "detained": r"arrested|detained|arrest|detain|arrêté|interpellé|détenu",
}
_PARTICIPLES = {
    "killed": r"killing|tuant",
    "injured": r"injuring|wounding|blessant",
    "missing": r"abducting|kidnapping|enlevant",
    "detained": r"arresting|detaining",
}
# Nouns of the harm, with the victims after "of": "the killings of at least 32 villagers",
# "la mort de 95 personnes", "l'enlèvement, ce jour-là, de 36 personnes".
_HARM_NOUNS = {
    "killed": (
        r"killings?|deaths?|murders?|massacre|executions?|bodies|mort|assassinats?|exécutions?|"
        r"corps|cadavres|dépouilles"
    ),
    "missing": r"abductions?|kidnappings?|disappearances?|enlèvements?|disparitions?|rapt",
    "detained": r"arrests?|detentions?|arrestations?|détentions?",
}
_NOUNS = {
    "killed": r"dead|morts?|deaths?|tués|pertes en vies humaines",
    "injured": r"injured|wounded|blessés?",
}
_AUX = (
    r"(?:were|was|have been|has been|had been|are|is|ont été|a été|sont|est|furent|fut|"
    r"(?:had |have |has )?gone|went|remain|remains|remained)"
    r"(?:\s+(?:also|reportedly|allegedly|seriously|severely|fatally|illegally|arbitrarily|"
    r"unlawfully|later|then|all|still|grièvement|gravement|illégalement|sommairement|"
    r"également|aussi|tous|toutes|à leur tour|in turn))*(?:\s*[\"“«]\s*)?"
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
    qualifier: str = ""  # at least | more than | about | up to, or the vague word ("dozens")
    from_injuries: bool = False  # "one died from their injuries": one of the injured
    start: int = 0
    end: int = 0
    claimant: str = ""  # who gives the figure, as the text names them
    disputed: bool = False  # another party disputes it: never counted, kept as another figure
    counted: bool = False  # it is the candidate's count of its measure


def _quantity(match: re.Match[str]) -> tuple[int | None, str]:
    """The value and qualifier of the quantity in ``match``: 'une trentaine' -> (30, 'about'),
    'plus d'une centaine' -> (100, 'more than'), 'dozens' -> (None, 'dozens')."""
    qualifier = qualifier_of(match.group("qual"))
    if match.group("vague"):
        return None, qualifier or match.group("vague").lower()
    if match.group("approx"):
        return APPROXIMATE_NOUNS[match.group("approx").lower()], qualifier or "about"
    return number_value(match.group("num") or match.group("word")), qualifier


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
        value, qualifier = _quantity(match)
        if value is None and not qualifier:
            return  # words that look like a number and are not one
        taken.append(claim)
        if value is None and "aside" in match.re.groupindex:
            value = _named_members(match.group("aside") or "")
            if value is not None:
                qualifier = "at least"
        elif value is not None and companion is not None:
            value += 1
        after = sentence[match.end() :]
        first = span[0] if elliptical else match.start() if companion is None else companion
        figures.append(
            Figure(
                field_, value, _words(sentence[first : match.end()]), _clean(victims),
                qualifier, bool(_FROM_INJURIES.match(after)) and field_ == "killed",
                match.start(), match.end(),
            )
        )  # fmt: skip

    # Verbs before their count first: in "killed at least 23 people and wounded 12", 23 is the
    # object of "killed", not the subject of "wounded".
    for field_, verbs in _ACTIVE.items():
        # "Soldiers killed 37 combatants", "a enlevé 24 autres personnes", "perdu 38 soldats"
        pattern = (
            rf"\b(?:{verbs})\s+(?:(?:on|le|ce|the)\s+\w+\s+)?(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,3}})"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if _SUSPECTS.search(match.group("noun") + sentence[match.end() :][:20]):
                continue
            if _NOT_PEOPLE.match(match.group("noun").strip()):
                continue  # "seized 3 vehicles", "a perdu 2 véhicules"
            add(match, field_, match.group("noun"))
    for field_, participles in _PARTICIPLES.items():
        # "killing at least 35 civilians", "injuring three", "tuant 12 civils"
        pattern = (
            rf"\b(?:{participles})\s+(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,2}})"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if _SUSPECTS.search(sentence[match.end() : match.end() + 30]):
                continue
            add(match, field_, match.group("noun"))
    for field_, nouns in _HARM_NOUNS.items():
        # "the killings of at least 32 villagers", "l'enlèvement, ce jour-là, de 36 personnes"
        pattern = (
            rf"\b(?:{nouns})(?:,[^,]{{1,30}},)?\s+(?:of|de|d['’])\s*(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,2}})"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if not _LEGAL.search(sentence[max(0, match.start() - 60) : match.start()]):
                add(match, field_, match.group("noun"))
    for field_, verbs in VERBS.items():
        # "14 protesters were killed", "five members ... were abducted", "one died",
        # "Over 110 civilians, abducted by ..."
        pattern = rf"(?P<count>\b{QUANTITY})\s+{_SUBJECT}(?:,\s*)?(?:\b{_AUX}\s+)?\b(?:{verbs})\b"
        for match in _overlapping(pattern, sentence):
            noun = match.group("noun") or ""
            if _looks_like_clause(noun):
                continue
            add(match, field_, noun, companion=_named_companion(sentence[: match.start()]))
        # "were killed and 40 injured": an elliptical second count
        pattern = (
            rf"(?:{_AUX})\s+(?:{'|'.join(VERBS.values())})\s+(?:and|et)\s+"
            rf"(?P<count>{QUANTITY})\s+(?:(?:people|personnes)\s+)?(?:{verbs})\b"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            add(match, field_, elliptical=True)
    for field_, nouns in _NOUNS.items():
        # "leaving 12 dead", "faisant 35 morts et 10 blessés", "une vingtaine de morts"
        pattern = (
            rf"(?P<count>\b{QUANTITY})(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,2}}?)"
            rf"\s+(?:{nouns})\b"
        )
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            add(match, field_, match.group("noun"))
    for field_, nouns in (*_NOUNS.items(), ("missing", "disparus")):
        # "des disparus", "des morts et des blessés": the harm without a number
        for match in re.finditer(rf"\b(?P<count>des)\s+(?:{nouns})\b", sentence, re.I):
            taken.append(match.span())
            figures.append(Figure(field_, None, match.group(0), "", "des", False,
                                  match.start(), match.end()))  # fmt: skip
    # "killed hundreds of soldiers, including 27 soldiers during an attack on Mondoro": the
    # number the vague total includes is the figure stated
    for vague in [f for f in figures if f.value is None]:
        pattern = (
            rf",?\s*(?:including|among them|dont|parmi eux)\s+(?P<count>{QUANTITY})"
            rf"(?P<noun>(?:\s+(?!{_STOP_WORDS})[a-zà-ÿ'’-]+){{0,2}})"
        )
        included = re.compile(pattern, re.IGNORECASE).search(sentence, vague.end)
        if included and included.start() - vague.end < 40:
            add(included, vague.field, included.group("noun"))
    # "the fate of 19 people was not revealed", "le sort de 19 personnes reste inconnu"
    pattern = (
        rf"(?:fate|whereabouts|sort) (?:of|de) (?P<count>{QUANTITY})\s+"
        r"(?P<noun>[\w'’ -]{0,40}?)\s+"
        r"(?:was|were|is|are|remains?|remained|reste|restent|est|sont)\s+"
        r"(?:not|still|unknown|unaccounted|inconnu|non)"
    )
    for match in re.finditer(pattern, sentence, re.IGNORECASE):
        add(match, "missing", match.group("noun"))
    figures.extend(_breakdown(sentence, figures, taken))
    figures.extend(_singular_figures(sentence, taken))
    return _without_vague_totals(sorted(figures, key=lambda f: f.start))


# "charged with complicity in the murder of 21 soldiers": a charge names a crime, it does not
# report one.
_LEGAL = re.compile(
    r"charged|accused|convicted|trial|complicity|indicted|inculpés?|accusés?|procès|jugés?|"
    r"condamnés?|complicité",
    re.IGNORECASE,
)
_SUSPECTS = re.compile(r"suspect|accused", re.IGNORECASE)
# Objects of "seized", "lost", "killed" that are not people.
_NOT_PEOPLE = re.compile(
    r"(?:\w+\s+)?(?:vehicles?|cars?|trucks?|motorcycles?|motorbikes?|weapons?|guns?|rifles?|"
    r"cattle|heads?|animals?|livestock|houses?|homes?|shops?|tons?|kg|kilos?|véhicules?|"
    r"voitures?|camions?|motos?|armes?|fusils?|têtes?|bétail|bœufs?|boeufs?|animaux|maisons?|"
    r"cases?|boutiques?|tonnes?)\b",
    re.IGNORECASE,
)


_IN_PLACE = re.compile(r"\s+(?:in|at|à|dans)\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*")
_NEXT_PART = re.compile(
    rf"(?:,|\s+and|\s+et)\s+(?P<count>{QUANTITY})(?=\s+(?:in|at|à|dans)\s+[A-ZÀ-Ý])",
    re.IGNORECASE,
)


def _breakdown(sentence: str, figures: list[Figure], taken: list[tuple[int, int]]) -> list[Figure]:
    """'15 were killed in Djimdo, 16 in Gouari and two in Pangadougou': each part of a
    breakdown by place is a count of the measure stated first."""
    parts = []
    for figure in figures:
        position = figure.end
        while (at := _IN_PLACE.match(sentence, position)) and (
            match := _NEXT_PART.match(sentence, at.end())
        ):
            value, qualifier = _quantity(match)
            if value is None or any(a < match.end() and match.start() < b for a, b in taken):
                break
            taken.append(match.span("count"))
            parts.append(Figure(figure.field, value, match.group("count"), figure.victims,
                                qualifier, False, match.start("count"), match.end()))  # fmt: skip
            position = match.end()
    return parts


def _without_vague_totals(figures: list[Figure]) -> list[Figure]:
    """'killed hundreds of soldiers, including 27 soldiers during an attack on Mondoro': a
    vague total next to a count of the same measure is the wider story, not an incident."""
    counted = {f.field for f in figures if f.value is not None}
    return [f for f in figures if f.value is not None or f.field not in counted]


def _clean(noun: str) -> str:
    return noun.strip(" ,")


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
    r"(?P<subject>(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bbut\s))[^,;:]{1,80}?),?\s+"
    r"\b(?:was|has been|had been|a été|est)(?:\s+(?:also|reportedly|allegedly|later|then|"
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
        figures.append(Figure(field_, 1, _words(match.group(0)), subject, "",
                              False, match.start(), match.end()))  # fmt: skip
    return figures
