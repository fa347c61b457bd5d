"""Source records: loading, labels, citations, CSL-JSON (against its schema) and BibTeX."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from i18n import use_language
from incidents.sources import (
    SOURCE_COLUMNS,
    bibtex,
    bibtex_entry,
    bibtex_escape,
    bibtex_key,
    cite_incident,
    cite_source,
    cite_view,
    csl_json,
    load_sources,
    published_words,
    read_sources,
    source_label,
    sources_of,
)

# The CSL input schema, from github.com/citation-style-language/schema (MIT licence),
# schemas/input/csl-data.json.
CSL_SCHEMA = Path(__file__).parent / "schemas" / "csl-data.json"
REPORT = "002_5722450adf37214a.txt"
ACCESSED = date(2026, 12, 4)


@pytest.fixture(scope="module")
def sources():
    return load_sources()


def write_sources(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "sources.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SOURCE_COLUMNS)
        writer.writeheader()
        writer.writerows([dict.fromkeys(SOURCE_COLUMNS, "") | row for row in rows])
    return path


def test_the_project_sources_load_without_errors_as_typed_records():
    catalogue = read_sources()
    assert catalogue.errors.empty
    report = catalogue.sources[REPORT]
    assert report.publisher == "Amnesty International"
    assert report.published == "2021-04-07"
    assert (report.coverage_start, report.coverage_end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert report.coverage_scope == "country survey"
    with pytest.raises(AttributeError):
        report.title = "changed"  # frozen


def test_bad_rows_are_left_out_and_reported_with_their_cell(tmp_path):
    path = write_sources(
        tmp_path,
        [
            {"id": "a.txt", "title": "A", "publisher": "P", "coverage_start": "2020-01-01"},
            {"id": "b.txt", "title": "", "publisher": "P"},
            {"id": "c.txt", "title": "C", "publisher": "P", "coverage_start": "2020-13-01"},
            {"id": "d.txt", "title": "D", "publisher": "P", "coverage_scope": "everything"},
            {"id": "a.txt", "title": "A again", "publisher": "P"},
            {"id": "e.txt", "title": "E", "publisher": "P", "published": "2021-02-30"},
            {"id": "f.txt", "title": "F", "publisher": "P", "coverage_start": "2021-01-01",
             "coverage_end": "2020-01-01"},
        ],
    )  # fmt: skip
    catalogue = read_sources(path)
    assert list(catalogue.sources) == ["a.txt"]
    errors = catalogue.errors
    assert list(zip(errors["row"], errors["column"], errors["code"], strict=True)) == [
        (3, "title", "required"),
        (4, "coverage_start", "bad_date"),
        (5, "coverage_scope", "unknown_value"),
        (6, "id", "duplicate_id"),
        (7, "published", "bad_date"),
        (8, "coverage_end", "date_order"),
    ]
    assert set(errors["outcome"]) == {"dropped"}


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text("id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        read_sources(path)


def test_label_is_title_and_publisher_never_the_file_name(sources):
    label = source_label(REPORT, sources)
    assert label == (
        "Amnesty International Report 2020/21: The State of the World's Human Rights – Mali"
        " — Amnesty International"
    )
    assert ".txt" not in label
    # a curated source without a record is a data error; an imported one is shown as written
    assert source_label("UCDP GED") == "UCDP GED"


def test_sources_of_a_view_are_its_records_once_each(sources):
    found = sources_of([REPORT, "UCDP GED", REPORT, "000_87eb117972110176.txt"], sources)
    assert [s.id for s in found] == ["000_87eb117972110176.txt", REPORT]


@pytest.mark.parametrize(
    ("published", "english", "french"),
    [
        ("2021-04-07", "7 April 2021", "7 avril 2021"),
        ("2025-04", "April 2025", "avril 2025"),
        ("2025", "2025", "2025"),
        ("", "n.d.", ""),
    ],
)
def test_publication_dates_are_as_precise_as_known(published, english, french):
    assert published_words(published) == english
    if published:  # "n.d." is the translator's to word
        with use_language("fr"):
            assert published_words(published) == french


def test_source_citation_is_author_date_with_retrieval_and_link(sources):
    text = cite_source(sources[REPORT], ACCESSED)
    assert text == (
        "Amnesty International (7 April 2021). Amnesty International Report 2020/21: The State"
        " of the World's Human Rights – Mali. Retrieved 4 December 2026, from"
        " https://issuu.com/amnestynorway/docs/202021-air-english_2021-04-01_zz/239"
    )
    with_author = replace(sources[REPORT], author="A. Writer")
    assert cite_source(with_author).startswith("A. Writer (7 April 2021). Amnesty")
    assert ". Amnesty International. https://issuu.com" in cite_source(with_author)


def test_incident_citation_names_entry_version_access_date_link_and_source(sources):
    incident = {"id": "ML-2020-010", "title": "Binédama: 43 killed", "source": REPORT}
    url = "http://localhost:8501/incidents?id=ML-2020-010"
    text = cite_incident(incident, url, ACCESSED, "abc123def456", sources)
    assert text.startswith(
        "Mali incident map project (n.d.). ML-2020-010: Binédama: 43 killed [Data set entry]."
        " In Mali human-rights incidents (version abc123def456). Retrieved 4 December 2026,"
        f" from {url} Source: Amnesty International (7 April 2021)."
    )
    imported = {"id": "UCDP-1", "title": "Event", "source": "Reuters 2020-01-02"}
    assert cite_incident(imported, url, ACCESSED, "v", sources).endswith(
        "Source: Reuters 2020-01-02"
    )


def test_view_citation_has_the_filter_count_link_and_sources(sources):
    url = "http://localhost:8501/incidents?region=Mopti"
    text = cite_view("region Mopti", 4, url, ACCESSED, "v1", [sources[REPORT]])
    assert text.startswith(
        "Mali incident map project (n.d.). Mali human-rights incidents: 4 incidents (region"
        f" Mopti) [Data set, version v1]. Retrieved 4 December 2026, from {url} Sources:"
        " Amnesty International (7 April 2021)."
    )
    assert "1 incident (" in cite_view("x", 1, url, ACCESSED, "v1")


def test_citations_go_through_the_catalogue(sources):
    with use_language("qps"):
        text = cite_view("x", 2, "u", ACCESSED, "v", [sources[REPORT]])
    assert text.count("⟦") >= 3


def test_csl_json_validates_against_the_csl_schema(sources):
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    items = json.loads(csl_json(sources.values(), ACCESSED))
    jsonschema.validate(items, schema)
    report = next(i for i in items if i["id"] == REPORT)
    assert report["issued"] == {"date-parts": [[2021, 4, 7]]}
    assert report["accessed"] == {"date-parts": [[2026, 12, 4]]}
    assert report["author"] == [{"literal": "Amnesty International"}]
    assert report["type"] == "webpage" and report["URL"].startswith("https://issuu.com/")
    compilation = next(i for i in items if i["id"] == "factcheck-2020.md")
    assert compilation["type"] == "document" and "URL" not in compilation


def test_a_schema_violation_would_be_caught():
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "not-a-type"}], schema)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50% & more", r"50\% \& more"),
        ("a_b #1 $2", r"a\_b \#1 \$2"),
        ("{x} \\ ~ ^", r"\{x\} \textbackslash{} \textasciitilde{} \textasciicircum{}"),
        ("Ségou\n  line", "Ségou line"),
    ],
)
def test_bibtex_escapes_latex_specials(text, expected):
    assert bibtex_escape(text) == expected


def test_bibtex_entry_is_a_balanced_misc_with_a_corporate_author(sources):
    tricky = replace(
        sources[REPORT],
        title="Report {50%} & co_1",
        url="https://example.org/a b/{x}",
    )
    entry = bibtex_entry(tricky, ACCESSED)
    assert entry.startswith("@misc{002_5722450adf37214a,\n")
    assert "  author = {{Amnesty International}},\n" in entry
    assert r"  title = {Report \{50\%\} \& co\_1}," in entry
    assert "  url = {https://example.org/a%20b/%7Bx%7D}," in entry
    assert "  urldate = {2026-12-04}" in entry
    assert "  year = {2021},\n  date = {2021-04-07}," in entry
    body = re.sub(r"\\[{}]", "", entry)
    assert body.count("{") == body.count("}")


def test_bibtex_file_has_one_entry_per_source_with_unique_keys(sources):
    text = bibtex(sources.values())
    keys = re.findall(r"@misc\{([^,]+),", text)
    assert len(keys) == len(sources) == len(set(keys))
    assert bibtex_key("factcheck-2020.md") == "factcheck-2020"
    assert bibtex_key("a b?.txt") == "a-b"


FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|factcheck-2020\.md")


def test_no_label_or_citation_of_a_curated_incident_shows_a_file_name(curated_rows, sources):
    for incident in curated_rows:
        assert not FILE_NAME.search(source_label(incident["source"], sources)), incident["id"]
        text = cite_incident(incident, "http://h/incidents?id=x", ACCESSED, "v", sources)
        assert not FILE_NAME.search(text), incident["id"]
    assert not FILE_NAME.search(cite_view("all", 26, "u", ACCESSED, "v", sources.values()))
