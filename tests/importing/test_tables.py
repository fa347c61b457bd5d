"""Tables a person made: journalists' sheets in French and English, as CSV and .xlsx, headers
recognised by their words, a column mapping for the rest, defaults for everything but a place
and a date, nothing typed lost."""

import io

import pandas as pd
import pytest
from openpyxl import Workbook

from incidents import model
from incidents.frame import recorded_measures
from incidents.importers import ImportFileError, import_file, preview_table, read_incidents
from incidents.importers.table import field_for

FRENCH = [
    ["lieu", "date", "tués", "blessés", "description", "source", "témoin"],
    ["Ogossagou", "23/03/2019", "157", "", "Attaque du village peul. Des dizaines de morts.",
     "https://example.org/ogossagou", "un habitant"],
    ["Kayes", "mai 2020", "au moins 2", "3", "", "Radio Kayes", ""],
    ["Sikasso", "2020", "0", "0", "Manifestation dispersée.", "", ""],
]  # fmt: skip
ENGLISH = [
    ["place", "date", "killed", "injured", "description", "source"],
    ["Ogossagou", "2019-03-23", "157", "", "Attack on the Fulani village.", "HRW"],
    ["Kayes", "May 2020", "2", "3", "", "Radio Kayes"],
]


def csv_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    return "\r\n".join(delimiter.join(r) for r in rows).encode(encoding)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append([int(c) if c.isdigit() and len(c) < 4 else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (csv_bytes(FRENCH, ";", "cp1252"), "journaliste.csv"),
        (xlsx_bytes(FRENCH), "journaliste.xlsx"),
    ],
)
def test_french_journalist_sheet(data, filename):
    result = read_incidents(data, filename)
    assert result.format == "table"
    assert (result.rows, result.imported) == (3, 3)
    assert result.columns == {
        "lieu": "location", "date": "date_start", "tués": "killed", "blessés": "injured",
        "description": "source_quote", "source": "source", "témoin": "",
    }  # fmt: skip
    got = result.incidents.set_index("location")
    ogossagou = got.loc["Ogossagou"]
    assert ogossagou["date_start"] == pd.Timestamp("2019-03-23")
    assert ogossagou["date_precision"] == "day"
    assert ogossagou["killed"] == 157 and pd.isna(ogossagou["injured"])
    assert ogossagou["title"] == "Attaque du village peul."
    assert ogossagou["source_quote"] == "Attaque du village peul. Des dizaines de morts."
    assert ogossagou["source"] == "https://example.org/ogossagou"
    assert ogossagou["notes"] == "témoin: un habitant"  # an unmapped column, kept
    assert (ogossagou["event_type"], ogossagou["sub_event_type"]) == ("unspecified",) * 2
    assert ogossagou["perpetrator_type"] == "Unknown"
    assert ogossagou["admin1"] == "Mopti"
    assert ogossagou["id"].startswith("T-")
    kayes = got.loc["Kayes"]
    assert kayes["date_precision"] == "month"
    assert (kayes["date_start"], kayes["date_end"]) == (
        pd.Timestamp("2020-05-01"),
        pd.Timestamp("2020-05-31"),
    )
    assert (kayes["killed"], kayes["injured"]) == (2, 3)
    assert kayes["casualty_note"] == "killed: au moins 2"
    assert kayes["title"] == "Incident in Kayes"
    # no description: the quote is the row as typed, under the person's own headers
    assert (
        kayes["source_quote"]
        == "lieu: Kayes; date: mai 2020; tués: au moins 2; blessés: 3; source: Radio Kayes"
    )
    sikasso = got.loc["Sikasso"]
    assert sikasso["date_precision"] == "year"
    assert sikasso["source"] == filename  # no source typed: the file it came from
    # what the sheet records, and what it does not
    assert recorded_measures(result.incidents) == {"killed", "injured"}
    assert result.incidents["missing"].isna().all() and result.incidents["detained"].isna().all()


@pytest.mark.parametrize(
    ("data", "filename"),
    [(csv_bytes(ENGLISH, ",", "utf-8"), "sheet.csv"), (xlsx_bytes(ENGLISH), "sheet.xlsx")],
)
def test_english_journalist_sheet(data, filename):
    result = read_incidents(data, filename)
    assert (result.format, result.imported) == ("table", 2)
    errors = result.errors.to_dict("records")
    assert [(e["row"], e["column"], e["code"], e["outcome"]) for e in errors] == [
        (1, "event_type", "missing_column", "defaulted"),
    ]
    got = result.incidents.set_index("location")
    assert got.loc["Ogossagou", "killed"] == 157
    assert got.loc["Ogossagou", "title"] == "Attack on the Fulani village."
    assert got.loc["Kayes", "date_precision"] == "month"
    assert got.loc["Kayes", "source"] == "Radio Kayes"


def test_ids_come_from_the_row_content_and_stay_stable():
    data = csv_bytes(FRENCH, ";", "cp1252")
    first = read_incidents(data, "a.csv").incidents["id"].tolist()
    again = read_incidents(data, "b.csv").incidents["id"].tolist()
    assert first == again and len(set(first)) == 3
    edited = [row[:] for row in FRENCH]
    edited[1][2] = "158"
    assert read_incidents(csv_bytes(edited, ";", "cp1252")).incidents["id"].tolist()[0] != first[0]


def test_a_repeated_row_is_a_duplicate_not_a_second_incident():
    rows = [*ENGLISH, ENGLISH[1]]
    result = read_incidents(csv_bytes(rows, ",", "utf-8"))
    assert result.imported == 2
    assert "duplicate_id" in set(result.errors["code"])


def test_type_column_picks_our_types_or_stays_unspecified_with_the_words_kept():
    rows = [
        ["lieu", "date", "catégorie"],
        ["Kidal", "2020-01-01", "Battles"],
        ["Kidal", "2020-01-02", "abduction/forced disappearance"],
        ["Kidal", "2020-01-03", "Enlèvement"],
    ]
    got = read_incidents(csv_bytes(rows, ";", "utf-8")).incidents.set_index("date_start")
    types = got[["event_type", "sub_event_type", "source_event_type"]].values.tolist()
    assert types == [
        ["Battles", model.UNSPECIFIED, "Battles"],
        ["Violence against civilians", "Abduction/forced disappearance",
         "abduction/forced disappearance"],
        [model.UNSPECIFIED, model.UNSPECIFIED, "Enlèvement"],
    ]  # fmt: skip


def test_coordinates_stand_for_a_place():
    rows = [["date", "lat", "lon", "morts"], ["2020-06-01", "14.35", "-3.61", "4"]]
    got = read_incidents(csv_bytes(rows, ",", "utf-8")).incidents.iloc[0]
    assert (got["latitude"], got["longitude"], got["geo_precision"]) == (14.35, -3.61, "point")
    assert got["admin1"] == "Mopti"


def test_a_row_without_place_or_date_is_reported_by_row_and_column():
    rows = [
        ["lieu", "date", "tués"],
        ["", "2020-01-01", "1"],
        ["Kayes", "", "1"],
        ["Kayes", "hier", "1"],
        ["Kayes", "2020-01-04", "beaucoup"],
    ]
    result = read_incidents(csv_bytes(rows, ";", "utf-8"))
    assert result.imported == 1
    found = [(e["row"], e["column"], e["value"], e["code"], e["outcome"])
             for e in result.errors.to_dict("records") if e["row"] > 1]  # fmt: skip
    assert found == [
        (2, "location", "", "required", "dropped"),
        (3, "date_start", "", "required", "dropped"),
        (4, "date_start", "hier", "bad_date", "dropped"),
        (5, "killed", "beaucoup", "bad_number", "defaulted"),
    ]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Lieu", "location"), ("Localité", "location"), ("VILLAGE", "location"),
        ("Date de l'incident", "date_start"), ("Date de fin", "date_end"),
        ("Nombre de tués", "killed"), ("Morts", "killed"), ("Deaths", "killed"),
        ("Fatalities", "killed"), ("Blessés", "injured"), ("Wounded", "injured"),
        ("Disparus", "missing"), ("Détenus", "detained"), ("Arrêtés", "detained"),
        ("Résumé", "source_quote"), ("Notes", "source_quote"), ("Lien", "source"),
        ("URL", "source"), ("Type", "event_type"), ("Catégorie", "event_type"),
        ("Date et lieu", None), ("Témoin", None),
    ],
)  # fmt: skip
def test_header_synonyms(header, field):
    assert field_for(header) == field


def test_column_mapping_names_what_recognition_cannot(tmp_path):
    rows = [["Quartier", "Jour", "Bilan humain", "Observations"],
            ["Banconi", "12/05/2020", "3", "tirs"]]  # fmt: skip
    data = csv_bytes(rows, ";", "utf-8")
    with pytest.raises(ImportFileError, match="No recognisable header"):
        read_incidents(data)
    mapping = {"Quartier": "location", "bilan humain": "tués"}  # a synonym names a field too
    result = read_incidents(data, mapping=mapping)
    got = result.incidents.iloc[0]
    assert (got["location"], got["killed"]) == ("Banconi", 3)
    assert got["date_start"] == pd.Timestamp("2020-05-12")
    assert got["notes"] == "Observations: tirs"
    assert result.columns == {"Quartier": "location", "Jour": "date_start",
                              "Bilan humain": "killed", "Observations": ""}  # fmt: skip
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    assert import_file(path, mapping=mapping).imported == 1


def test_column_mapping_errors_name_the_column_or_field():
    data = csv_bytes(FRENCH, ";", "cp1252")
    with pytest.raises(ImportFileError, match="no column 'Village'"):
        read_incidents(data, mapping={"Village": "location"})
    with pytest.raises(ImportFileError, match="'age' is not a field"):
        read_incidents(data, mapping={"lieu": "age"})
    with pytest.raises(ImportFileError, match="column mapping is for a table"):
        read_incidents(data, fmt="acled", mapping={"lieu": "location"})


def test_a_mapping_can_send_a_recognised_column_to_notes():
    result = read_incidents(csv_bytes(FRENCH, ";", "cp1252"), mapping={"blessés": "notes"})
    got = result.incidents.set_index("location").loc["Kayes"]
    assert pd.isna(got["injured"])
    assert "blessés: 3" in got["notes"]
    assert recorded_measures(result.incidents) == {"killed"}


def test_preview_shows_the_first_rows_mapped():
    rows = [["Quartier", "Jour", "Bilan"], *[["Banconi", f"{d}/05/2020", "1"] for d in range(1, 9)]]
    data = csv_bytes(rows, ";", "utf-8")
    before = preview_table(data, "t.csv")
    assert before.mapping == {"Quartier": "", "Jour": "date_start", "Bilan": "casualty_note"}
    assert before.rows.empty
    assert set(before.errors["column"]) == {"location"}
    after = preview_table(data, "t.csv", {"Quartier": "location", "Bilan": "killed"}, rows=3)
    assert after.mapping == {"Quartier": "location", "Jour": "date_start", "Bilan": "killed"}
    assert after.errors.empty
    assert list(after.rows["location"]) == ["Banconi"] * 3
    assert list(after.rows["killed"]) == [1, 1, 1]
    assert list(after.rows["date_start"].astype(str)) == [
        "2020-05-01",
        "2020-05-02",
        "2020-05-03",
    ]


def test_a_cercle_alone_is_a_place_and_odd_words_are_kept():
    rows = [["cercle", "date", "précision de la date"], ["Bankass", "2020-03-01", "environ"]]
    result = read_incidents(csv_bytes(rows, ";", "utf-8"))
    got = result.incidents.iloc[0]
    assert (got["location"], got["geo_hint"]) == ("Bankass", "")
    assert got["admin2"] == "Bankass"
    assert got["date_precision"] == "day"
    assert got["notes"] == "précision de la date: environ"  # under the person's header
