"""Validation and loading: bad rows are reported with row and column, good rows still load.

These tests use the fake geocoder (tests/incidents/fakes.py): no geodata needed.
"""

from __future__ import annotations

import hashlib
import math

import pandas as pd
import pytest

from incidents import model
from incidents.errors import ERROR_COLUMNS
from incidents.load import IncidentDataError, load_incidents
from incidents.schema import validate_rows
from tests.incidents.conftest import good_row
from tests.incidents.fakes import fake_locator


def errors_at(errors: pd.DataFrame, row: int) -> dict[str, str]:
    part = errors[errors["row"] == row]
    return dict(zip(part["column"], part["message"], strict=True))


@pytest.mark.parametrize(
    ("column", "value", "message_part", "code"),
    [
        ("killed", "-3", "negative", "bad_number"),
        ("injured", "many", "not a whole number", "bad_number"),
        ("missing", "2.5", "not a whole number", "bad_number"),
        ("date_start", "2020-02-30", "not a real date", "bad_date"),
        ("date_start", "30/02/2020", "YYYY-MM-DD", "bad_date"),
        ("date_start", "", "required", "required"),
        ("date_end", "2020-13-01", "not a real date", "bad_date"),
        ("date_end", "2020-08-31", "before date_start", "date_order"),
        (
            "date_precision",
            "season",
            "'season' is not one of: day, week, month, year",
            "unknown_value",
        ),
        ("event_type", "Massacre", "'Massacre' is not one of: Battles", "unknown_value"),
        (
            "sub_event_type",
            "Arrests",
            "the sub-types of 'Violence against civilians'",
            "unknown_value",
        ),
        ("perpetrator_type", "Gang", "'Gang' is not one of", "unknown_value"),
        ("id", "", "required", "required"),
        ("title", "  ", "required", "required"),
        ("source", "", "required", "required"),
        ("source_quote", "", "required", "required"),
        ("geo_override", "14.2", "latitude,longitude", "bad_coordinate"),
        ("geo_override", "-5.8,14.2", "outside Mali", "outside_mali"),
        ("geo_override", "14.2,-5.8,country", "precision 'country' is not one of", "unknown_value"),
        ("geo_override", "14.2,-5.8", "say why", "required"),  # no reason given
    ],
)
def test_each_bad_cell_is_reported_with_its_column_and_code(column, value, message_part, code):
    result = validate_rows([good_row(**{column: value})])
    assert result.records == []
    errors = result.errors
    assert list(errors.columns) == list(ERROR_COLUMNS)
    reported = "geo_override_reason" if message_part == "say why" else column
    assert reported in set(errors["column"]), errors.to_string()
    error = errors[errors["column"] == reported].iloc[0]
    assert message_part in error["message"]
    assert (error["code"], error["outcome"]) == (code, "dropped")
    assert (errors["row"] == 2).all()


def test_all_errors_of_a_row_are_collected_not_just_the_first():
    bad = good_row(killed="-1", date_start="2020-02-30", event_type="Massacre", title="")
    errors = validate_rows([bad]).errors
    assert set(errors["column"]) == {"killed", "date_start", "event_type", "title"}


def test_valid_cells_are_typed():
    record = validate_rows([good_row(killed="2", injured="", date_end="")]).records[0]
    assert record.killed == 2 and record.injured is None
    assert str(record.date_end) == "2020-09-01"  # empty end = the start day
    assert record.geo_override is None


def test_duplicate_ids_are_errors():
    errors = validate_rows([good_row(), good_row()]).errors
    assert errors.to_dict("records") == [
        {
            "row": 3,
            "column": "id",
            "value": "T-001",
            "message": "duplicate id: already used in row 2",
            "code": "duplicate_id",
            "outcome": "dropped",
        }
    ]


def test_broken_rows_are_reported_with_their_row_number_and_the_others_load(write_csv, load_fake):
    path = write_csv(
        [
            good_row(id="A"),
            good_row(id="B", killed="-3"),  # row 3
            good_row(id="C", date_start="2020-02-30", date_end="2020-03-01"),  # row 4
            good_row(id="D", event_type="Massacre"),  # row 5
            good_row(id="E", location="Sinda", geo_hint="Douentza"),
        ]
    )
    result = load_fake(path)
    assert list(result.incidents["id"]) == ["A", "E"]
    assert errors_at(result.errors, 3) == {"killed": "'-3' is negative: counts are 0 or more"}
    assert list(errors_at(result.errors, 4)) == ["date_start"]
    assert list(errors_at(result.errors, 5)) == ["event_type"]
    assert result.errors["value"].tolist() == ["-3", "2020-02-30", "Massacre"]


def test_a_row_with_the_wrong_number_of_cells_is_an_error_not_a_crash(tmp_path, load_fake):
    header = ",".join(model.CURATED_FIELDS)
    good = ",".join(good_row(id="A").values())
    path = tmp_path / "incidents.csv"
    path.write_text(f"{header}\n{good}\nX,too,few\n\n{good.replace('A,', 'B,', 1)}\n", "utf-8")
    result = load_fake(path)
    assert list(result.incidents["id"]) == ["A", "B"]
    assert result.errors.to_dict("records") == [
        {
            "row": 3,
            "column": "",
            "value": "3 cells",
            "message": f"expected {len(model.CURATED_FIELDS)} cells, one per header column",
            "code": "bad_shape",
            "outcome": "dropped",
        }
    ]


@pytest.mark.parametrize(
    ("content", "message_part"),
    [
        (b"id,title\nA,B\n", "missing column(s) date_start"),
        (b"", "empty"),
        (b'{"type": "FeatureCollection", "features": []}', "missing column(s)"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV text file"),
        ("id,title\nA,Ségou\n".encode("cp1252"), "not UTF-8"),
    ],
)
def test_a_malformed_file_raises_one_clear_error(tmp_path, content, message_part):
    path = tmp_path / "incidents.csv"
    path.write_bytes(content)
    with pytest.raises(IncidentDataError, match=r"incidents\.csv") as info:
        load_incidents(path, geocoder=object(), locator=fake_locator)
    assert message_part in str(info.value)


def test_a_missing_file_raises_the_same_error(tmp_path):
    with pytest.raises(IncidentDataError, match="cannot read"):
        load_incidents(tmp_path / "nope.csv")


def test_loading_never_modifies_the_file(write_csv, load_fake):
    path = write_csv([good_row(id="A"), good_row(id="B", killed="-1")])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    load_fake(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_utf8_bom_is_accepted(write_csv, load_fake):
    path = write_csv([good_row(id="A")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert list(load_fake(path).incidents["id"]) == ["A"]


def test_an_override_keeps_its_coordinates_and_admin_units_come_from_polygons(
    write_csv, load_fake, geocoder
):
    path = write_csv(
        [
            good_row(
                id="A",
                location="Nowhere-in-gazetteer",
                geo_override="14.25,-5.75,near",
                geo_override_reason="village missing from GeoNames; position from the source",
            )
        ]
    )
    row = load_fake(path).incidents.iloc[0]
    assert (row["latitude"], row["longitude"]) == (14.25, -5.75)
    assert row["geo_precision"] == "near"
    assert row["geocode_status"] == "override"
    assert "village missing from GeoNames" in row["geocode_note"]
    assert (row["admin1"], row["admin2"]) == ("Ségou", "Niono")  # the fake locator's answer
    assert geocoder.calls == []  # an override is never geocoded


def test_an_unknown_place_keeps_the_row_without_geometry(write_csv, load_fake):
    row = load_fake(write_csv([good_row(location="Paris")])).incidents.iloc[0]
    assert row["geocode_status"] == "not_found"
    assert row["geometry"] is None and math.isnan(row["latitude"])
    assert row["admin1"] is None


def test_no_location_means_country_precision_and_no_geometry(write_csv, load_fake, geocoder):
    row = load_fake(write_csv([good_row(location="", geo_hint="")])).incidents.iloc[0]
    assert (row["geo_precision"], row["geocode_status"]) == ("country", "no_place")
    assert row["geometry"] is None
    assert geocoder.calls == []
