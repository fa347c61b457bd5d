"""Each format's field mapping, precision codes included, end to end through attach_places."""

import io
import math
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from incidents.errors import ERROR_COLUMNS
from incidents.importers import ImportFileError, import_file, incidents_from_rows, read_incidents
from incidents.importers.detect import detect_format
from incidents.load import DEFAULT_PATH
from tests.importing.fixtures import (
    ACLED_COLUMNS,
    UCDP_COLUMNS,
    acled_row,
    to_csv,
    ucdp_row,
)
from tests.incidents.fakes import FakeGeocoder


def acled(*rows, **kwargs) -> bytes:
    return to_csv(ACLED_COLUMNS, list(rows), **kwargs).encode("utf-8")


def one(result, **where):
    table = result.incidents
    for column, value in where.items():
        table = table[table[column] == value]
    assert len(table) == 1, f"expected one row with {where}, found {len(table)}"
    return table.iloc[0]


# --- ACLED ---------------------------------------------------------------------------------


def test_acled_current_export_maps_every_field():
    result = read_incidents(acled(acled_row()), "acled.csv")
    assert result.format == "acled"
    assert (result.rows, result.imported) == (1, 1)
    assert result.errors.empty
    row = result.incidents.iloc[0]
    assert row["id"] == row["source_event_id"] == "MLI1001"
    assert row["date_start"] == row["date_end"] == pd.Timestamp("2020-02-14")
    assert row["date_precision"] == "day"
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["perpetrator"] == "Dan Na Ambassagou"
    assert row["perpetrator_type"] == "Identity militias"
    assert row["victims"] == "Civilians (Mali) (with Fulani Ethnic Group (Mali))"
    assert row["killed"] == 35
    assert pd.isna(row["injured"])
    assert "most conservative" in row["casualty_note"]
    assert row["source"] == "MINUSMA; AFP"
    assert row["source_quote"].startswith("On 14 February 2020")
    assert "ACLED disorder_type: Political violence" in row["notes"]
    assert (row["latitude"], row["longitude"]) == (13.95625, -3.57102)
    assert row["geo_precision"] == "point"
    # the file's admin names are kept apart; ours come from the polygons
    assert (row["source_admin1"], row["source_admin2"]) == ("Mopti", "Bankass")
    assert (row["admin1"], row["admin2"]) == ("Mopti", "Bankass")
    assert row["source_format"] == "acled"
    assert row["year"] == 2020
    assert row.geometry.x == pytest.approx(-3.57102)


@pytest.mark.parametrize(
    ("code", "precision", "admin2_known"),
    [("1", "point", True), ("2", "near", True), ("3", "region", False)],
)
def test_acled_geo_precision_codes(code, precision, admin2_known):
    row = read_incidents(acled(acled_row(geo_precision=code))).incidents.iloc[0]
    assert row["geo_precision"] == precision
    assert (row["admin2"] is not None) == admin2_known
    assert row["admin1"] == "Mopti"


@pytest.mark.parametrize(
    ("code", "precision", "start", "end"),
    [
        ("1", "day", "2020-02-14", "2020-02-14"),
        ("2", "week", "2020-02-11", "2020-02-17"),
        ("3", "month", "2020-02-01", "2020-02-29"),
    ],
)
def test_acled_time_precision_codes_become_periods(code, precision, start, end):
    row = read_incidents(acled(acled_row(time_precision=code))).incidents.iloc[0]
    assert row["date_precision"] == precision
    assert (row["date_start"], row["date_end"]) == (pd.Timestamp(start), pd.Timestamp(end))


def test_acled_older_variant_with_numeric_inter_codes_and_upper_case_header():
    # fmt: off
    columns = ["DATA_ID", "ISO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR",
               "TIME_PRECISION", "EVENT_TYPE", "SUB_EVENT_TYPE", "ACTOR1", "ALLY_ACTOR_1",
               "INTER1", "ACTOR2", "INTER2", "INTERACTION", "REGION", "COUNTRY", "ADMIN1",
               "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION",
               "SOURCE", "SOURCE_SCALE", "NOTES", "FATALITIES", "TIMESTAMP", "ISO3"]
    row = dict(zip(columns, [
        "6654321", "466", "MLI2002", "2002", "10-July-2020", "2020", "1", "Protests",
        "Excessive force against protesters", "Police Forces of Mali (2013-)", "", "1",
        "Protesters (Mali)", "6", "16", "Western Africa", "Mali", "Bamako", "Bamako", "",
        "Bamako", "12.6392", "-8.0029", "1", "AFP", "International",
        "Security forces fired on protesters.", "4", "1594425600", "MLI",
    ], strict=True))
    # fmt: on
    result = read_incidents(to_csv(columns, [row]).encode())
    assert result.format == "acled"
    got = result.incidents.iloc[0]
    assert got["id"] == "MLI2002"
    assert got["date_start"] == pd.Timestamp("2020-07-10")
    assert got["perpetrator_type"] == "State forces"
    assert got["killed"] == 4
    assert got["admin1"] == "Bamako"


def test_acled_row_without_coordinates_is_geocoded_from_its_location():
    row = acled_row(
        location="Sikasso", latitude="", longitude="", admin1="Sikasso", admin2="Sikasso", admin3=""
    )
    got = read_incidents(acled(row)).incidents.iloc[0]
    assert got["geocode_status"] == "matched"
    assert got["admin1"] == "Sikasso"
    assert got["latitude"] == pytest.approx(11.3, abs=0.1)


def test_acled_admin1_disagreeing_with_our_polygons_is_reported_not_hidden():
    # the file puts Gao town in Kidal region; our polygons put it in Gao
    row = acled_row(
        admin1="Kidal", admin2="Kidal", location="Gao", latitude="16.2717", longitude="-0.0447"
    )
    result = read_incidents(
        acled(acled_row(event_id_cnty="MLI1"), {**row, "event_id_cnty": "MLI2"})
    )
    assert result.imported == 2
    assert result.admin_mismatches.to_dict("records") == [
        {"row": 3, "id": "MLI2", "location": "Gao", "source_admin1": "Kidal", "admin1": "Gao"}
    ]
    error = result.errors.iloc[0]
    assert (error["row"], error["column"], error["value"]) == (3, "admin1", "Kidal")
    assert "Gao" in error["message"] and "row imported" in error["message"]
    assert (error["code"], error["outcome"]) == ("admin_mismatch", "kept")
    assert one(result, id="MLI2")["source_admin1"] == "Kidal"


def test_acled_menaka_region_agrees_with_ochas_units():
    row = acled_row(admin1="Menaka", admin2="Menaka", location="Menaka", latitude="15.9182",
                    longitude="2.4022")  # fmt: skip
    result = read_incidents(acled(row))
    assert result.admin_mismatches.empty
    incident = result.incidents.iloc[0]
    assert (incident["admin1"], incident["admin1_pcode"]) == ("Ménaka", "ML10")


def test_exonyms_of_our_region_names_are_not_disagreements():
    row = acled_row(admin1="Timbuktu", location="Niafunke", latitude="15.9322", longitude="-3.9906")
    result = read_incidents(acled(row))
    assert result.admin_mismatches.empty
    assert result.incidents.iloc[0]["admin1"] == "Tombouctou"


def test_rows_outside_mali_are_reported_and_left_out():
    ouaga = acled_row(
        event_id_cnty="BFO1",
        country="Burkina Faso",
        location="Ouagadougou",
        latitude="12.3714",
        longitude="-1.5197",
    )
    result = read_incidents(acled(acled_row(), ouaga))
    assert result.imported == 1
    assert result.errors.to_dict("records") == [
        {"row": 3, "column": "latitude, longitude", "value": "12.3714, -1.5197",
         "message": "the point is outside Mali; row not imported", "code": "outside_mali",
         "outcome": "dropped"}
    ]  # fmt: skip


# --- UCDP GED ------------------------------------------------------------------------------


def ucdp(*rows) -> bytes:
    return to_csv(UCDP_COLUMNS, list(rows)).encode("utf-8")


def test_ucdp_export_maps_best_low_high_and_sides():
    result = read_incidents(ucdp(ucdp_row()), "ged.csv")
    assert result.format == "ucdp"
    assert result.errors.empty
    row = result.incidents.iloc[0]
    assert row["id"] == "UCDP-334455"
    assert row["source_event_id"] == "334455"
    assert (row["killed"], row["killed_low"], row["killed_high"]) == (31, 31, 35)
    assert "civilians 31" in row["casualty_note"]
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (row["perpetrator"], row["perpetrator_type"]) == (
        "Dan Na Ambassagou",
        "Identity militias",
    )
    assert row["victims"] == "Civilians"
    assert row["location"] == "Ogossagou village"
    assert row["date_start"] == pd.Timestamp("2020-02-14")
    assert row["source_quote"] == "Mali: 31 killed in attack on Peul village"
    assert (row["source_admin1"], row["source_admin2"]) == ("Mopti region", "Bankass cercle")
    assert row["admin1"] == "Mopti"
    assert result.admin_mismatches.empty  # "Mopti region" is Mopti


@pytest.mark.parametrize(
    ("code", "precision"),
    [
        ("1", "point"),
        ("2", "near"),
        ("3", "cercle"),
        ("4", "region"),
        ("5", "region"),
        ("6", "country"),
        ("7", "country"),
    ],
)
def test_ucdp_where_prec_codes(code, precision):
    row = read_incidents(ucdp(ucdp_row(where_prec=code))).incidents.iloc[0]
    assert row["geo_precision"] == precision
    if precision == "country":  # no place: never drawn as a point
        assert row.geometry is None and math.isnan(row["latitude"])
        assert row["location"] == ""
        assert "not drawn" in row["notes"]
    else:
        assert row.geometry is not None


@pytest.mark.parametrize(
    ("code", "precision"),
    [("1", "day"), ("2", "week"), ("3", "week"), ("4", "month"), ("5", "year")],
)
def test_ucdp_date_prec_codes_keep_ucdp_start_and_end(code, precision):
    row = read_incidents(
        ucdp(ucdp_row(date_prec=code, date_start="2020-02-01", date_end="2020-02-29"))
    ).incidents.iloc[0]
    assert row["date_precision"] == precision
    assert (row["date_start"], row["date_end"]) == (
        pd.Timestamp("2020-02-01"),
        pd.Timestamp("2020-02-29"),
    )


def test_ucdp_government_side_is_state_forces():
    row = ucdp_row(type_of_violence="1", side_a="Government of Mali", side_b="JNIM")
    got = read_incidents(ucdp(row)).incidents.iloc[0]
    assert (got["event_type"], got["sub_event_type"]) == ("Battles", "Armed clash")
    assert got["perpetrator_type"] == "State forces"


# --- our own format ------------------------------------------------------------------------


def test_the_curated_file_imports_as_native_and_is_not_modified():
    before = DEFAULT_PATH.read_bytes()
    result = import_file(DEFAULT_PATH)
    assert result.format == "native"
    assert result.errors.empty
    assert result.imported == result.rows == len(pd.read_csv(DEFAULT_PATH))
    assert DEFAULT_PATH.read_bytes() == before


NATIVE_HEADER = (
    "id;title;date_start;date_end;date_precision;event_type;sub_event_type;"
    "perpetrator;perpetrator_type;victims;location;geo_hint;killed;injured;missing;"
    "detained;casualty_note;alt_figures;source;source_quote;notes"
)


def native_line(id_: str, date: str, killed: str = "2") -> str:
    return (
        f"{id_};Tirs à Kayes;{date};;day;Protests;Excessive force against protesters;"
        f"la police;State forces;manifestants;Kayes;;{killed};;;;;;rapport.txt;"
        "« deux personnes tuées »;"
    )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
@pytest.mark.parametrize(
    "date", ["2020-05-12", "12/05/2020", "12 mai 2020", "May 12, 2020", "12 May 2020"]
)
def test_french_spreadsheet_semicolons_any_encoding_any_date_form(encoding, date):
    data = "\r\n".join([NATIVE_HEADER, native_line("X-1", date)]).encode(encoding)
    result = read_incidents(data, "fr.csv")
    assert result.errors.empty, result.errors.to_dict("records")
    row = result.incidents.iloc[0]
    assert row["date_start"] == pd.Timestamp("2020-05-12")
    assert row["title"] == "Tirs à Kayes"
    assert row["source_quote"] == "« deux personnes tuées »"
    assert row["admin1"] == "Kayes"


def test_xlsx_workbook():
    book = Workbook()
    sheet = book.active
    sheet.append(ACLED_COLUMNS)
    values = acled_row()
    values["event_date"] = datetime(2020, 2, 14)
    sheet.append([values[c] for c in ACLED_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_incidents(buffer.getvalue(), "acled.xlsx")
    assert (result.format, result.encoding, result.imported) == ("acled", "xlsx", 1)
    assert result.incidents.iloc[0]["date_start"] == pd.Timestamp("2020-02-14")


# --- bad rows, detection and forcing -------------------------------------------------------


def test_bad_rows_never_stop_good_rows_and_the_error_table_names_each_cell():
    rows = [
        acled_row(event_id_cnty="OK1"),
        acled_row(event_id_cnty="BAD1", event_date="32/13/2020"),
        acled_row(event_id_cnty="BAD2", event_type="Picnic"),
        acled_row(event_id_cnty="HALF", fatalities="many"),
        acled_row(event_id_cnty="OK2", event_date="February 14, 2020"),
    ]
    result = read_incidents(acled(*rows))
    assert list(result.errors.columns) == list(ERROR_COLUMNS)
    assert result.errors["row"].dtype == "int64"
    assert (result.rows, result.imported) == (5, 3)
    assert list(result.incidents["id"]) == ["OK1", "HALF", "OK2"]
    errors = {(e.row, e.column): e for e in result.errors.itertuples()}
    assert errors[(3, "event_date")].value == "32/13/2020"
    assert "row not imported" in errors[(3, "event_date")].message
    assert errors[(4, "event_type")].value == "Picnic"
    assert "not one of" in errors[(4, "event_type")].message
    assert errors[(5, "fatalities")].value == "many"
    assert "left empty, row imported" in errors[(5, "fatalities")].message
    assert {key: (e.code, e.outcome) for key, e in errors.items()} == {
        (3, "event_date"): ("bad_date", "dropped"),
        (4, "event_type"): ("unknown_value", "dropped"),
        (5, "fatalities"): ("bad_number", "defaulted"),
    }
    assert pd.isna(one(result, id="HALF")["killed"])
    summary = result.summary()
    assert set(summary) == {"format", "rows", "imported", "errors"}
    assert summary["errors"][0] == {
        "row": 3,
        "column": "event_date",
        "value": "32/13/2020",
        "message": errors[(3, "event_date")].message,
        "code": "bad_date",
        "outcome": "dropped",
    }


@pytest.mark.parametrize(
    ("header", "fmt"),
    [
        (ACLED_COLUMNS, "acled"),
        (UCDP_COLUMNS, "ucdp"),
        (NATIVE_HEADER.split(";"), "native"),
        (["Event Date", "Event Type", "Location", "Fatalities"], "acled"),
    ],
)
def test_format_detected_from_header(header, fmt):
    assert detect_format(list(header)) == fmt


def test_no_recognisable_header():
    with pytest.raises(
        ImportFileError, match=r"No recognisable header.*first row reads: name, age"
    ):
        read_incidents(b"name,age\nAmadou,30\n")


def test_forced_format_must_fit_the_file():
    assert read_incidents(acled(acled_row()), fmt="acled").format == "acled"
    with pytest.raises(
        ImportFileError, match="lacks the columns UCDP GED needs: date_start, where_prec"
    ):
        read_incidents(acled(acled_row()), fmt="ucdp")


def test_missing_file_and_size_limit(tmp_path):
    with pytest.raises(ImportFileError, match="No such file"):
        import_file(tmp_path / "nope.csv")
    big = tmp_path / "big.csv"
    big.write_bytes(acled(acled_row()))
    with pytest.raises(ImportFileError, match=r"over the 0\.0 MB import limit"):
        import_file(big, max_bytes=100)


def test_reviewed_rows_go_through_the_schema():
    rows = pd.DataFrame(
        [
            {
                "id": "EX-1",
                "title": "t",
                "date_start": "2020-05-07",
                "date_end": "2020-05-07",
                "date_precision": "day",
                "event_type": "Protests",
                "sub_event_type": "Excessive force against protesters",
                "perpetrator_type": "State forces",
                "location": "Sikasso",
                "killed": 1.0,
                "injured": float("nan"),
                "source": "r.txt",
                "source_quote": "q",
            },
            {
                "id": "EX-2",
                "title": "t",
                "date_start": "2020-05-07",
                "date_precision": "day",
                "event_type": "Picnic",
                "sub_event_type": "x",
                "perpetrator_type": "Unknown",
                "location": "Kayes",
                "source": "r.txt",
                "source_quote": "q",
            },
        ]
    )
    incidents, errors = incidents_from_rows(rows, "extract")
    assert list(incidents["id"]) == ["EX-1"]
    assert incidents.iloc[0]["killed"] == 1 and pd.isna(incidents.iloc[0]["injured"])
    assert incidents.iloc[0]["admin1"] == "Sikasso"
    assert (errors.iloc[0]["row"], errors.iloc[0]["column"]) == (2, "event_type")


def test_reviewed_rows_are_placed_by_the_geocoder_given():
    geocoder = FakeGeocoder()
    rows = pd.DataFrame(
        [
            {"id": "EX-1", "title": "t", "date_start": "2020-05-07", "date_precision": "day",
             "event_type": "Protests", "sub_event_type": "Peaceful protest",
             "perpetrator_type": "Protesters", "location": "Binédama", "geo_hint": "Koro",
             "source": "r.txt", "source_quote": "q"},
        ]
    )  # fmt: skip
    incidents, errors = incidents_from_rows(rows, "extract", geocoder=geocoder)
    assert errors.empty
    assert geocoder.calls == [("Binédama", "Koro")]
    got = incidents.iloc[0]
    assert (got["latitude"], got["longitude"]) == (14.463, -3.059)  # the fake's coordinates
    assert (got["admin3"], got["geocode_status"]) == ("Dioungani", "matched")
