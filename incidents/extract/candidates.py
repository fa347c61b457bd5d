"""Candidate incidents assembled from the sentences of a report, as rows for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from incidents.extract.actors import find_perpetrator, perpetrator_type, suggest_event_type
from incidents.extract.dates import DateMention, document_year, find_dates, find_release_dates
from incidents.extract.figures import Figure, find_figures
from incidents.extract.places import PlaceMention, choose_location, find_places
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
        """A detention lasts until the release the text gives (the latest one)."""
        if releases and any(f.field in ("detained", "missing") for f in self.figures):
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
        "figures": [
            {"measure": f.field, "value": f.value, "qualifier": f.qualifier, "text": f.text}
            for f in candidate.figures
        ],
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
