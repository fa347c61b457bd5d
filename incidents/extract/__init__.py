"""Candidate incidents from the text of a report (English or French), by rules.

Deterministic and offline: sentence splitting, date, place, casualty and perpetrator patterns,
and our gazetteer (through ``geo``) to keep only real Malian places. Every candidate keeps the
sentence(s) it came from; a person reviews candidates before they join a dataset.

    candidates = extract_incidents(text, year=2020, source="002_5722450adf37214a.txt")

How sentences become candidates:
- a sentence stating a casualty figure (killed, injured, missing, detained; numbers in digits
  or words, "at least", vague words like "hundreds" kept in ``casualty_note``) is a candidate,
  one per place when it gives figures for several places;
- with no date or place of its own it takes them from the sentence just before it in the
  same paragraph ("In Sikasso on 7 May, ... . Five demonstrators were injured ..."), and when
  that sentence is already a candidate, it adds to it ("Her bodyguard was killed during the
  kidnapping") instead of starting a new one; failing that, from the nearest sentences around
  it that continue the same account (a dispatch often names the village after the toll);
- the first figure of each measure is the count; other sources' figures and disputed ones go
  to ``alt_figures`` (and ``figures``, with their source), never summed;
- the year comes from the text, else from ``year`` (the user's), else from the document (the
  most frequent year written with a month); a year not written in the sentence is flagged, and
  a date with no year at all is a warning (``warnings``).

One module per job: ``numbers`` (quantities), ``figures`` (casualty figures), ``dates``,
``places``, ``actors`` (perpetrators, event types), ``claims`` (who gives a figure, disputes),
``sentences`` (paragraphs, sentences), ``candidates`` (sentences assembled into rows) and
``joining`` (ids that continue a dataset's, likely duplicates of its incidents). Month names
come from ``incidents.calendar_words``, identity-militia words from ``incidents.model``.
"""

from incidents.extract.candidates import REVIEW_COLUMNS, extract_incidents
from incidents.extract.dates import document_year, find_dates, find_release_dates
from incidents.extract.figures import find_figures
from incidents.extract.joining import continue_ids, likely_duplicates, next_number
from incidents.extract.numbers import number_value
from incidents.extract.places import find_places

__all__ = [
    "REVIEW_COLUMNS",
    "continue_ids",
    "document_year",
    "extract_incidents",
    "find_dates",
    "find_figures",
    "find_places",
    "find_release_dates",
    "likely_duplicates",
    "next_number",
    "number_value",
]
