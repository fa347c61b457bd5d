"""The figures-per-source table (data/figures.csv) and the source records (data/sources.csv).

Each curated count must be the figure its own source gives, every disagreeing figure of
``alt_figures`` must be a row of its own, and every source an incident names must be a record
with a title and a publisher.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from incidents.load import DATA_DIR, SOURCES_DIR

FIGURES_PATH = DATA_DIR / "figures.csv"
SOURCES_PATH = DATA_DIR / "sources.csv"

FIGURE_FIELDS = ["incident_id", "source", "source_id", "measure", "low", "best", "high",
                 "qualifier", "quote", "reported", "notes", "scope"]  # fmt: skip
SOURCE_FIELDS = ["id", "title", "publisher", "author", "published", "url", "url_checked",
                 "language", "licence", "coverage_start", "coverage_end", "coverage_area",
                 "coverage_scope", "notes"]  # fmt: skip
MEASURES = ("killed", "injured", "missing", "detained")
# Qualifiers that bound a number from below, and those that stand for a number not given.
LOWER_BOUNDS = {"at least", "more than"}
NO_NUMBER = {"hundreds", "dozens"}
QUALIFIERS = {"", "about", "up to"} | LOWER_BOUNDS | NO_NUMBER
PARTIAL_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def figures() -> list[dict[str, str]]:
    return read_csv(FIGURES_PATH)[1]


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in read_csv(SOURCES_PATH)[1]}


@pytest.fixture(scope="module")
def incidents(curated_rows) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in curated_rows}


def own_rows(figures, incident: dict[str, str], measure: str) -> list[dict[str, str]]:
    """Rows of the incident's own source document for one measure."""
    return [
        f
        for f in figures
        if f["incident_id"] == incident["id"]
        and f["source_id"] == incident["source"]
        and f["measure"] == measure
    ]


def stated_number(figure: dict[str, str]) -> int | None:
    """The number a figure states: its best, or its low bound for "at least"."""
    cell = figure["low"] if figure["qualifier"] == "at least" else figure["best"]
    return int(cell) if cell else None


def is_partial_iso_date(text: str) -> bool:
    if not PARTIAL_ISO_DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    date(*parts[:3])  # raises on 2020-02-30
    return True


def test_files_have_the_documented_columns():
    assert read_csv(FIGURES_PATH)[0] == FIGURE_FIELDS
    assert read_csv(SOURCES_PATH)[0] == SOURCE_FIELDS


def test_every_figure_belongs_to_a_curated_incident(figures, incidents):
    unknown = {f["incident_id"] for f in figures} - incidents.keys()
    assert not unknown


def test_measures_and_qualifiers_are_from_the_allowed_sets(figures):
    assert {f["measure"] for f in figures} <= set(MEASURES)
    assert {f["qualifier"] for f in figures} <= QUALIFIERS


def test_every_figure_names_who_gives_it_and_a_known_source_id(figures, sources):
    assert all(f["source"].strip() for f in figures)
    assert {f["source_id"] for f in figures} - {""} <= sources.keys()


def test_numbers_are_whole_ordered_and_match_their_qualifier(figures):
    for f in figures:
        where = f"{f['incident_id']} {f['source']} {f['measure']}"
        numbers = {k: f[k] for k in ("low", "best", "high") if f[k] != ""}
        assert all(v.isdigit() for v in numbers.values()), where
        given = [int(numbers[k]) for k in ("low", "best", "high") if k in numbers]
        assert given == sorted(given), f"{where}: low <= best <= high"
        if f["qualifier"] in LOWER_BOUNDS:
            assert "low" in numbers and "best" not in numbers, f"{where}: a bound is a low"
        if f["qualifier"] in NO_NUMBER:
            assert not numbers, f"{where}: {f['qualifier']!r} states no number"
        else:
            assert numbers, f"{where}: a figure without a number needs a qualifier saying so"


def test_reported_dates_are_iso(figures):
    for f in figures:
        if f["reported"]:
            assert is_partial_iso_date(f["reported"]), f


def test_own_source_quotes_are_verbatim_in_the_source_file(figures, incidents):
    own = [f for f in figures if f["source_id"] == incidents[f["incident_id"]]["source"]]
    assert own
    for f in own:
        text = (SOURCES_DIR / f["source_id"]).read_text(encoding="utf-8")
        assert f["quote"] and f["quote"] in text, f


@pytest.mark.parametrize("measure", MEASURES)
def test_each_curated_count_is_its_own_source_figure(figures, incidents, measure):
    for incident in incidents.values():
        numbered = [f for f in own_rows(figures, incident, measure) if stated_number(f) is not None]
        count = incident[measure]
        if count:
            assert len(numbered) == 1, f"{incident['id']} {measure}: one own-source figure"
            assert stated_number(numbered[0]) == int(count), f"{incident['id']} {measure}"
        else:
            assert not numbered, f"{incident['id']} {measure}: no count, so no own figure"


def test_every_incident_with_other_figures_has_rows_from_another_source(figures, incidents):
    with_alternatives = [i for i in incidents.values() if i["alt_figures"].strip()]
    assert with_alternatives
    for incident in with_alternatives:
        others = [
            f
            for f in figures
            if f["incident_id"] == incident["id"] and f["source_id"] != incident["source"]
        ]
        assert others, f"{incident['id']}: alt_figures has no figure row"


def test_every_incident_source_is_a_record_with_title_and_publisher(incidents, sources):
    for name in {i["source"] for i in incidents.values()}:
        assert name in sources, name
        assert sources[name]["title"].strip() and sources[name]["publisher"].strip(), name


def test_source_records_are_complete_and_consistent(sources):
    for sid, s in sources.items():
        assert (SOURCES_DIR / sid).is_file(), sid
        assert s["language"] in {"en", "fr"}, sid
        assert s["url"] == "" or s["url"].startswith("https://"), sid
        assert s["url_checked"].strip(), f"{sid}: say how the URL was checked, or why there is none"
        assert is_partial_iso_date(s["published"]), sid
        start = date.fromisoformat(s["coverage_start"])
        assert start <= date.fromisoformat(s["coverage_end"]), sid
        assert s["coverage_area"].strip() and s["licence"].strip(), sid


@pytest.mark.parametrize(
    ("path", "fields"), [(FIGURES_PATH, FIGURE_FIELDS), (SOURCES_PATH, SOURCE_FIELDS)]
)
def test_tables_are_one_line_per_row_and_documented(path, fields):
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    assert len(text.splitlines()) == len(read_csv(path)[1]) + 1
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for column in fields:
        assert f"`{column}`" in readme, column
