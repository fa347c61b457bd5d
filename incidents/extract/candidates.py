"""Candidate incidents assembled from the sentences of a report, as rows for review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from geo.normalize import normalize
from i18n import _
from incidents.extract.actors import find_perpetrator, perpetrator_type, suggest_event_type
from incidents.extract.claims import disputes, find_claimant
from incidents.extract.dates import (
    DateMention,
    dates_without_year,
    document_year,
    find_dates,
    find_release_dates,
)
from incidents.extract.figures import Figure, find_figures
from incidents.extract.places import UNIT_KINDS, PlaceMention, choose_location, find_places
from incidents.extract.sentences import paragraphs, sentences


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
        """A detention or an abduction lasts until the release the text gives (the latest)."""
        if releases and any(f.field in ("detained", "missing") for f in self.figures):
            latest = max(releases, key=lambda m: m.end)
            if self.released is None or latest.end > self.released.end:
                self.released = latest

    def has(self, figure: Figure) -> bool:
        """The candidate already carries this figure (the same words of quantity)."""
        return any(_same_figure(figure, known) for known in self.figures)

    def add(self, figures: list[Figure], quote: str) -> None:
        """Figures join the candidate. The first figure of a measure that nobody disputes is
        its count; other figures of that measure (another source's, a disputed one) are kept
        as other-source figures, never summed."""
        for figure in figures:
            if self.has(figure):
                continue
            known = self.counts.get(figure.field)
            injured = self.counts.get("injured")
            if figure.from_injuries and injured:
                self.counts["injured"] = injured - (figure.value or 0)
                self.notes.append(
                    _("'{words}': counted as killed, not also as injured").format(words=figure.text)
                )
            if self._held_after_abduction(figure):
                # "kidnapped by agents ... detained by the intelligence services": the same
                # people, whose fate is now known: held, no longer missing
                self.counts.pop("missing")
                self.figures = [replace(f, counted=False) if f.field == "missing" else f
                                for f in self.figures]  # fmt: skip
                self.notes.append(
                    _("'{words}': the people abducted are held: counted as detained, not also "
                      "as missing").format(words=figure.text)
                )  # fmt: skip
            if figure.field not in self.counts and not figure.disputed:
                self.counts[figure.field] = figure.value
                figure = replace(figure, counted=True)
            elif known is None and figure.value is not None and not figure.disputed:
                self.counts[figure.field] = figure.value  # a number after "dozens"
                self.figures = [replace(f, counted=False) if f.field == figure.field else f
                                for f in self.figures]  # fmt: skip
                figure = replace(figure, counted=True)
            self.figures.append(figure)
            if (figure.victims and figure.field != "detained") or not self.victims:
                self.victims = self.victims or _clean_victims(figure.victims)
        if quote not in self.quote:
            self.quote = f"{self.quote} {quote}".strip()

    def _held_after_abduction(self, figure: Figure) -> bool:
        """A first detention figure equal to the missing count: the people taken are held."""
        return (
            figure.field == "detained"
            and figure.value is not None
            and not figure.disputed
            and "detained" not in self.counts
            and self.counts.get("missing") == figure.value
        )


def _same_figure(a: Figure, b: Figure) -> bool:
    return (a.field, a.value, a.qualifier) == (b.field, b.value, b.qualifier)


def _clean_victims(noun: str) -> str:
    words = [w for w in noun.strip(" ,").split() if w.lower() not in ("of", "the", "and")]
    return " ".join(words[:5])


@dataclass
class _Sentence:
    """One sentence of the document with what it states."""

    text: str
    paragraph: int
    dates: list[DateMention]
    places: list[PlaceMention]
    hint: str
    figures: list[Figure]
    releases: list[DateMention]
    all_places: list[PlaceMention]

    @property
    def date(self) -> DateMention | None:
        return self.dates[0] if self.dates else None


# How far a figure without a place of its own looks for one: sentences before it (of any
# paragraph), then after it (a report often names the village once the toll is given).
_LOOK_BACK, _LOOK_AHEAD = 4, 3
# Words that point back to the incident just told: "le même village", "the incident
# occurred", "les faits".
_ANAPHORA = re.compile(
    r"\b(?:the same|this|that|le même|la même|cette|cet|ce|ladite|ledit)\s+(?:village|town|"
    r"city|area|place|camp|localité|ville|commune|zone|lieu|endroit|attaque|attack)\b|"
    r"\bthe (?:incident|attack|kidnapping|abduction|massacre|killings?)\b|"
    r"\b(?:l['’](?:attaque|incident|enlèvement)|le massacre|les faits|des faits)\b",
    re.IGNORECASE,
)
# Places too wide for an incident when the text names villages near by; a commune is not.
_AREA_KINDS = {"region", "cercle"}


def extract_incidents(
    text: str,
    year: int | None = None,
    source: str = "",
    geocoder: Any = None,
    id_prefix: str = "EX",
    first_number: int = 1,
) -> list[dict[str, Any]]:
    """Candidate incidents, one dict per candidate with the model's fields, ``source_quote``,
    ``year_inferred``, ``figures`` (every figure it carries, counted or not), ``warnings``
    (e.g. a date without a year) and, where the place was geocoded, admin1/admin2 and
    coordinates. Ids are ``{id_prefix}-{first_number:03d}`` and on, in document order."""
    if geocoder is None:
        from geo.geocoder import get_geocoder

        geocoder = get_geocoder()
    year_source = "--year" if year is not None else _("the document")
    year = year if year is not None else document_year(text)
    read = _read_sentences(text, year, geocoder)
    candidates: list[Candidate] = []
    previous_candidate: Candidate | None = None
    for index, sentence in enumerate(read):
        if not sentence.figures:
            if previous_candidate is not None and sentence.releases:  # "Others were released
                previous_candidate.note_release(sentence.releases)  # in October."
                if previous_candidate.released in sentence.releases:
                    previous_candidate.quote += f" {sentence.text}"
            if previous_candidate is not None and disputes(sentence.text):
                _mark_disputed(previous_candidate, read[index - 1].figures, sentence.text)
            previous_candidate = None
            continue
        claimant = find_claimant(sentence.text)
        disputed = disputes(sentence.text)
        for places, hint, figures in _figure_groups(sentence):
            figures = [replace(f, claimant=claimant, disputed=disputed and f.value is not None
                               and len(sentence.figures) == 1) for f in figures]  # fmt: skip
            own_date = sentence.date
            if (
                previous_candidate is not None
                and (not places or _same_places(places, previous_candidate.places))
                and (own_date is None or _within(own_date, previous_candidate.date))
            ):
                previous_candidate.add(figures, sentence.text)
                previous_candidate.note_release(sentence.releases)
                continue
            quote, date_ = sentence.text, own_date
            previous = (
                read[index - 1]
                if index and read[index - 1].paragraph == sentence.paragraph
                else None
            )
            if previous is not None and (own_date is None or not places):
                if not places and previous.places:
                    places, hint = previous.places, previous.hint
                    quote = f"{previous.text} {sentence.text}"
                if own_date is None and previous.date is not None:
                    date_ = previous.date
                    quote = f"{previous.text} {sentence.text}"
            if not places or all(p.kind in _AREA_KINDS for p in places):
                places, hint = _nearby_places(read, index, places, hint)
            if date_ is None:
                date_ = _nearby_date(read, index)
            same = next((c for c in candidates if _same_places(places, c.places)
                         and c.date == date_ and all(c.has(f) for f in figures)), None)  # fmt: skip
            if same is not None:  # "about 40 people were killed", said again
                same.add(figures, sentence.text)
                previous_candidate = same
                continue
            candidate = Candidate(quote, date_, places, hint)
            candidate.perpetrator = find_perpetrator(sentence.text)
            if not candidate.perpetrator and previous is not None and quote != sentence.text:
                candidate.perpetrator = find_perpetrator(previous.text)
            candidate.add(figures, "")
            candidate.note_release(sentence.releases)
            candidates.append(candidate)
            previous_candidate = candidate
    rows = [
        _row(c, f"{id_prefix}-{n:03d}", year, year_source, source)
        for n, c in enumerate(candidates, start=first_number)
    ]
    return _geocode(rows, geocoder)


def _read_sentences(text: str, year: int | None, geocoder: Any) -> list[_Sentence]:
    read: list[_Sentence] = []
    known: set[str] = set()  # villages the text has named that the gazetteer lacks
    for number, paragraph in enumerate(paragraphs(text)):
        for sentence in sentences(paragraph):
            for clause in _clauses(sentence):
                context_date = read[-1].date if read and read[-1].paragraph == number else None
                found = find_places(clause, geocoder, frozenset(known))
                known.update(normalize(p.name) for p in found if p.kind == "unlisted")
                places, hint = choose_location(found)
                read.append(_Sentence(
                    clause, number, find_dates(clause, year, context_date), places, hint,
                    find_figures(clause), find_release_dates(clause, year), found,
                ))  # fmt: skip
    return read


def _clauses(sentence: str) -> list[str]:
    """A sentence that lists incidents ("Koulogon - 39 Peuls tués le 1er janvier - ;
    Ogossagou - 160 Peuls tués le 23 mars - ; ...") is read one item at a time."""
    parts = [p.strip(" -–") for p in re.split(r"\s*;\s*", sentence)]
    with_figures = [p for p in parts if p and find_figures(p)]
    return parts if len(with_figures) > 1 else [sentence]


def _figure_groups(sentence: _Sentence) -> list[tuple[list[PlaceMention], str, list[Figure]]]:
    """The sentence's figures by place: "two peacekeepers were killed and 11 were injured
    ... in Ber and four peacekeepers from Togo were injured in an attack in Konna" gives Ber
    (2 killed, 11 injured) and Konna (4 injured). A figure takes the first place named after
    it and before the next figure; one with none shares the next figure's place."""
    figures = sentence.figures
    own: list[PlaceMention | None] = []
    for i, figure in enumerate(figures):
        limit = figures[i + 1].start if i + 1 < len(figures) else len(sentence.text)
        own.append(next((p for p in sentence.all_places if figure.start < p.start < limit), None))
    if len({p.name for p in own if p is not None}) < 2:
        return [(sentence.places, sentence.hint, figures)]
    groups: list[tuple[list[PlaceMention], str, list[Figure]]] = []
    waiting: list[Figure] = []
    for figure, place in zip(figures, own, strict=True):
        waiting.append(figure)
        if place is not None:
            places, _hint = choose_location(
                [p for p in sentence.all_places if p.start >= place.start]
            )
            groups.append((places[:1] if place.group == -1 else places, sentence.hint, waiting))
            waiting = []
    if waiting:
        groups[-1][2].extend(waiting)
    return groups


def _nearby_places(
    read: list[_Sentence], index: int, places: list[PlaceMention], hint: str
) -> tuple[list[PlaceMention], str]:
    """Places for a figure whose sentence names none: the nearest sentence before it, then
    after it, that names one. For a figure placed only in a region or cercle, the places
    named just after it inside that unit ("... in Mali's central Mopti region ... the
    villages of Gouari, Djimdo ..."), the unit becoming the hint. A sentence with a date of
    its own starts a new account: it looks no further than its paragraph."""
    for other in _neighbours(read, index, forward_first=bool(places)):
        found = read[other].places
        if not found:
            continue
        if not places:
            return found, read[other].hint
        unit = places[0]
        inside = unit.admin1 is None or found[0].admin1 in (None, unit.admin1)
        if inside and not all(p.kind in UNIT_KINDS for p in found):
            return found, read[other].hint or hint or unit.hint
    return places, hint


def _neighbours(
    read: list[_Sentence], index: int, forward_first: bool, for_dates: bool = False
) -> list[int]:
    here = read[index]
    points_back = bool(_ANAPHORA.search(here.text))

    def reachable(i: int) -> bool:
        """A sentence after it may name the place of the toll it follows, unless it starts
        an account of its own (a date of its own outside the toll's, and no word pointing
        back). Before it:
        the sentence just before; then, unless it starts an account of its own, sentences
        of its paragraph and sentences without a date of their own; any when it points back
        ("le même village") or when a date is sought (an undated toll keeps the date told
        before it)."""
        if i > index:
            later = read[i].date
            return (
                later is None
                or bool(_ANAPHORA.search(read[i].text))
                or (here.date is not None and _within(later, here.date))
            )
        if i == index - 1 or points_back or for_dates:
            return True
        return here.date is None and (read[i].paragraph == here.paragraph or read[i].date is None)

    window = range(max(0, index - _LOOK_BACK), min(len(read), index + 1 + _LOOK_AHEAD))
    before = [i for i in reversed(window) if i < index and reachable(i)]
    after = [i for i in window if i > index and reachable(i)]
    return [*after, *before] if forward_first else [*before, *after]


def _nearby_date(read: list[_Sentence], index: int) -> DateMention | None:
    """The date of the nearest sentence before (or else after) that has one."""
    for other in _neighbours(read, index, forward_first=False, for_dates=True):
        if read[other].date is not None:
            return read[other].date
    return None


def _same_places(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    return bool(a) and {p.name for p in a} == {p.name for p in b}


def _mark_disputed(candidate: Candidate, figures: list[Figure], sentence: str) -> None:
    """'L'armée malienne avait fait état de 132 civils tués. Un chiffre que la Minusma ne
    confirme pas.': the figures just given are disputed; they leave the counts."""
    for position, known in enumerate(candidate.figures):
        if any(_same_figure(known, f) for f in figures) and not known.disputed:
            if known.counted:
                candidate.counts.pop(known.field, None)
            candidate.figures[position] = replace(known, disputed=True, counted=False)
            candidate.notes.append(
                _("'{words}' is disputed: '{sentence}'").format(words=known.text, sentence=sentence)
            )
    for position, other in enumerate(candidate.figures):  # an undisputed figure takes over
        if other.field not in candidate.counts and not other.disputed and other.value is not None:
            candidate.counts[other.field] = other.value
            candidate.figures[position] = replace(other, counted=True)
    candidate.quote += f" {sentence}"


def _within(inner: DateMention, outer: DateMention | None) -> bool:
    return outer is not None and outer.start <= inner.start and inner.end <= outer.end


def _row(
    candidate: Candidate, id_: str, year: int | None, year_source: str, source: str
) -> dict[str, Any]:
    when = candidate.date
    warnings: list[str] = []
    if when is None and year is not None:
        when = DateMention(date(year, 1, 1), date(year, 12, 31), "year", False)
        candidate.notes.append(_("no date in the text: the whole year"))
    if when is None:
        undated = dates_without_year(candidate.quote)
        if undated:
            warnings.append(
                _("'{words}' has no year and none was given: give the year to date it").format(
                    words=undated[0]
                )
            )
    if when is not None and candidate.released is not None and candidate.released.end > when.end:
        when = DateMention(when.start, candidate.released.end, when.precision, when.year_written)
        candidate.notes.append(
            _("held until the release on {day}").format(day=when.end.isoformat())
        )
    year_inferred = when is not None and not when.year_written
    if when is not None and year_inferred:
        candidate.notes.append(
            _("year {year} inferred from {where}").format(year=when.start.year, where=year_source)
        )
        if when.precision != "year":
            warnings.append(
                _("the text gives no year for this date: {year} taken from {where}").format(
                    year=when.start.year, where=year_source
                )
            )
    event_type, sub_event_type = suggest_event_type(candidate)
    location = "; ".join(p.name for p in candidate.places)
    hint = candidate.hint
    if not hint and len(candidate.places) == 1 and candidate.places[0].label:
        hint = candidate.places[0].label  # "cercle de Bankass": the unit, not its town
    counts = {f: candidate.counts.get(f) for f in ("killed", "injured", "missing", "detained")}
    counted = [f for f in candidate.figures if f.counted]
    others = [f for f in candidate.figures if not f.counted]
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
        "geo_hint": hint,
        **counts,
        "casualty_note": "; ".join(_describe(f) for f in counted),
        "alt_figures": "; ".join(_describe(f) for f in others),
        "figures": [
            {
                "measure": f.field,
                "value": f.value,
                "qualifier": f.qualifier,
                "source": f.claimant,
                "disputed": f.disputed,
                "counted": f.counted,
                "text": f.text,
            }
            for f in candidate.figures
        ],
        "source": source,
        "source_quote": candidate.quote,
        "notes": "; ".join([_("extracted automatically: review before use"), *candidate.notes]),
        "warnings": warnings,
    }


def _describe(figure: Figure) -> str:
    """'killed at least 35: 'killing at least 35 civilians' (MINUSMA)'; a quantity without a
    number says that it leaves the count empty."""
    if figure.value is None:
        text = _("{measure}: '{words}' states no number, left empty").format(
            measure=figure.field, words=figure.text
        )
    else:
        qualifier = f"{figure.qualifier} " if figure.qualifier else ""
        text = f"{figure.field} {qualifier}{figure.value}: '{figure.text}'"
    if figure.claimant:
        text += f" ({figure.claimant})"
    if figure.disputed:
        text += " " + _("(disputed)")
    return text


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
    for row, (_index, geo) in zip(rows, placed.iterrows(), strict=True):
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
    "missing", "detained", "casualty_note", "alt_figures", "source", "source_quote", "notes",
    "admin1", "admin2",
)  # fmt: skip
