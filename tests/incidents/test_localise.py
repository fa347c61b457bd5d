"""Our text in both languages, quotes in their source's language: the curated translations,
``incidents.localise`` and the translation columns through loading, export and import."""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import pandas as pd
import pytest

from i18n import use_language
from incidents import model
from incidents.export import to_csv
from incidents.frame import DTYPES
from incidents.importers import read_incidents
from incidents.localise import language_name, localised, quote_language, quote_translation
from incidents.sources import load_sources
from tests.importing.fixtures import ACLED_COLUMNS, acled_row
from tests.importing.fixtures import to_csv as fixture_csv
from tests.incidents.conftest import good_row

AMNESTY_REPORT = "002_5722450adf37214a.txt"


def numbers(text: str) -> list[str]:
    """The digits of a text, in order, whatever separates thousands ("7,200" = "7 200")."""
    return re.findall(r"\d+", text)


# --- the curated translations --------------------------------------------------------------


def test_every_curated_incident_has_a_french_title(curated_rows):
    assert len(curated_rows) == 26
    for row in curated_rows:
        assert row["title_fr"].strip(), row["id"]
        assert row["title_fr"] != row["title"], row["id"]
        assert numbers(row["title_fr"]) == numbers(row["title"]), row["id"]


def test_a_french_casualty_note_exactly_where_there_is_a_note(curated_rows):
    noted = [r["id"] for r in curated_rows if r["casualty_note"]]
    assert len(noted) == 20
    for row in curated_rows:
        assert bool(row["casualty_note_fr"].strip()) == bool(row["casualty_note"]), row["id"]
        assert numbers(row["casualty_note_fr"]) == numbers(row["casualty_note"]), row["id"]


@pytest.mark.parametrize(("english", "french"), [("at least", "au moins"), ("killed", "tué")])
def test_the_french_keeps_the_qualifiers(curated_rows, english, french):
    for row in curated_rows:
        for field in ("title", "casualty_note"):
            if english in row[field].lower():
                assert french in row[f"{field}_fr"].lower(), (row["id"], field)


def test_region_and_cercle_names_keep_their_official_french_forms(curated_rows):
    niono = next(r for r in curated_rows if r["id"] == "ML-2020-003")
    assert "cercle de Niono" in niono["title_fr"]
    timbuktu = next(r for r in curated_rows if r["id"] == "ML-2020-020")
    assert "Tombouctou" in timbuktu["title_fr"]  # the French form, where English has Timbuktu


def test_a_curated_quote_translation_names_a_language_other_than_its_source(curated_rows):
    sources = load_sources()
    for row in curated_rows:
        language = row["quote_translation_language"]
        assert bool(row["quote_translation"]) == bool(language), row["id"]
        if language:
            assert language != sources[row["source"]].language, row["id"]


# --- localised --------------------------------------------------------------------------------


ROW = {
    "title": "Gunmen kill at least 32 civilians",
    "title_fr": "Des hommes armés tuent au moins 32 civils",
    "casualty_note": "at least 32 killed",
    "casualty_note_fr": "",
}


def test_localised_row_in_each_language():
    with use_language("fr"):
        assert localised(ROW, "title") == "Des hommes armés tuent au moins 32 civils"
        assert localised(ROW, "casualty_note") == "at least 32 killed"  # not translated yet
    with use_language("en"):
        assert localised(ROW, "title") == "Gunmen kill at least 32 civilians"
    with use_language("qps"):  # the pseudo-language has no data: the original
        assert localised(ROW, "title") == "Gunmen kill at least 32 civilians"


def test_localised_accepts_a_series_with_missing_cells():
    row = pd.Series({"title": "Sinda attacked", "title_fr": float("nan")})
    with use_language("fr"):
        assert localised(row, "title") == "Sinda attacked"


def test_localised_frame_falls_back_row_by_row():
    frame = pd.DataFrame(
        {"title": ["Sinda attacked", "Kayes: two killed"], "title_fr": ["Sinda attaqué", " "]}
    )
    with use_language("fr"):
        got = localised(frame, "title")
    assert got.tolist() == ["Sinda attaqué", "Kayes: two killed"]
    assert got.name == "title"
    with use_language("en"):
        assert localised(frame, "title").tolist() == ["Sinda attacked", "Kayes: two killed"]
    with use_language("fr"):  # a frame with no translation column at all
        assert localised(frame[["title"]], "title").tolist() == frame["title"].tolist()


def test_only_our_own_text_is_localised():
    with pytest.raises(ValueError, match="'source_quote' is not translated"):
        localised({"source_quote": "x"}, "source_quote")


def test_the_curated_frame_in_french(curated):
    incidents = curated.incidents.set_index("id", drop=False)
    with use_language("fr"):
        titles = localised(incidents, "title")
        notes = localised(incidents, "casualty_note")
    assert titles["ML-2025-001"] == "Etienne Sissoko libéré de la prison de Kéniéroba"
    assert notes["ML-2020-002"].startswith("au moins 35 tués")
    assert notes["ML-2020-008"] == ""  # no note in either language
    with use_language("en"):
        assert localised(incidents, "title").equals(incidents["title"].rename("title"))


def test_imported_rows_have_no_translation_and_show_their_own_text():
    result = read_incidents(fixture_csv(ACLED_COLUMNS, [acled_row()]).encode(), "acled.csv")
    row = result.incidents.iloc[0]
    assert row["title_fr"] == row["casualty_note_fr"] == ""
    with use_language("fr"):
        assert localised(row, "title") == row["title"] != ""
        assert "most conservative" in localised(row, "casualty_note")
        assert localised(result.incidents, "title").tolist() == [row["title"]]
        assert quote_language(row) is None  # ACLED names its sources in free text
        assert quote_translation(row) == ""


# --- quotes -----------------------------------------------------------------------------------


def test_quote_language_is_the_source_records(curated):
    row = curated.incidents.set_index("id").loc["ML-2020-001"].to_dict()
    assert quote_language(row) == "en"
    french = dataclasses.replace(load_sources()[AMNESTY_REPORT], language="fr")
    assert quote_language(row, {AMNESTY_REPORT: french}) == "fr"
    assert quote_language(row, {}) is None


TRANSLATED = {
    "source": AMNESTY_REPORT,
    "source_quote": "a group of Dozo attacked the village of Sinda",
    "quote_translation": "un groupe de Dozos a attaqué le village de Sinda",
    "quote_translation_language": "fr-FR",
}


def test_a_quote_translation_is_given_only_in_its_language():
    with use_language("fr"):
        assert quote_translation(TRANSLATED) == "un groupe de Dozos a attaqué le village de Sinda"
    with use_language("en"):
        assert quote_translation(TRANSLATED) == ""
    with use_language("fr"):
        assert quote_translation(TRANSLATED | {"quote_translation_language": ""}) == ""


@pytest.mark.parametrize(
    ("reader", "code", "name"),
    [
        ("fr", "en", "anglais"),
        ("en", "en", "English"),
        ("en", "fr", "French"),
        ("fr", "en-GB", "anglais (Royaume-Uni)"),
        ("qps", "fr", "French"),
        ("fr", "zz-unknown", "zz-unknown"),
    ],
)
def test_language_name_in_the_readers_language(reader, code, name):
    with use_language(reader):
        assert language_name(code) == name


def test_a_translation_without_its_language_is_a_row_error(write_csv, load_fake):
    path = write_csv(
        [
            good_row(id="A", quote_translation="une phrase"),
            good_row(id="B", quote_translation="une phrase", quote_translation_language="fr"),
        ]
    )
    result = load_fake(path)
    assert result.incidents["id"].tolist() == ["B"]
    errors = result.errors.to_dict("records")
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [
        (2, "quote_translation_language", "required")
    ]


# --- loading, export, import ------------------------------------------------------------------


def test_translations_round_trip_through_load_export_and_import(write_csv, load_fake):
    rows = [
        good_row(id="A", title_fr="Incident de test", casualty_note="at least 2 killed")
        | {"casualty_note_fr": "au moins 2 tués", **{k: TRANSLATED[k] for k in TRANSLATED}},
        good_row(id="B"),
    ]
    loaded = load_fake(write_csv(rows)).incidents
    for column in model.TRANSLATION_FIELDS:
        assert loaded[column].dtype == pd.Series(dtype=DTYPES[column]).dtype, column
    assert loaded["title_fr"].tolist() == ["Incident de test", ""]
    assert loaded["quote_translation_language"].tolist() == ["fr-FR", ""]

    text = to_csv(loaded)
    exported = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert set(model.TRANSLATION_FIELDS) <= set(header)
    assert header.index("title_fr") == header.index("title") + 1
    assert exported[0]["casualty_note_fr"] == "au moins 2 tués"
    assert exported[0]["quote_translation"] == TRANSLATED["quote_translation"]
    assert exported[1]["title_fr"] == ""

    again = read_incidents(text.encode("utf-8"), "export.csv")
    assert again.format == "native"
    assert again.errors.empty, again.errors.to_dict("records")
    for column in model.TRANSLATION_FIELDS:
        assert again.incidents[column].tolist() == loaded[column].tolist(), column


def test_a_file_without_the_translation_columns_loads_untranslated(tmp_path, load_fake):
    fields = [f for f in model.CURATED_FIELDS if f not in model.TRANSLATION_FIELDS]
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerow(good_row(id="A", title="Old file"))
    result = load_fake(path)
    assert result.errors.empty
    row = result.incidents.iloc[0]
    assert row["title_fr"] == ""
    with use_language("fr"):
        assert localised(row, "title") == "Old file"


def test_the_curated_export_keeps_both_languages(curated):
    exported = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(curated.incidents)))}
    assert exported["ML-2020-001"]["title"] == "Dozo hunters attack the village of Sinda"
    assert (
        exported["ML-2020-001"]["title_fr"] == "Des chasseurs dozos attaquent le village de Sinda"
    )
    assert exported["ML-2020-001"]["casualty_note_fr"] == (
        "14 tués, chiffre que 002 attribue à la MINUSMA."
    )
