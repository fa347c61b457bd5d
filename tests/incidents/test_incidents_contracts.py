"""The two shared contracts: the error table (incidents.errors) and the incident frame
(incidents.frame), and that loading, importing and the store all hand out the same frame."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from incidents import model, store
from incidents.errors import CODES, ERROR_COLUMNS, OUTCOMES, RowError, error_frame
from incidents.frame import COLUMNS, CURATED_COLUMNS, DTYPES, conform
from incidents.importers import read_incidents
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv
from tests.incidents.conftest import good_row
from tests.incidents.fakes import FakeGeocoder

# --- error table ---------------------------------------------------------------------------


def test_error_frame_has_the_fixed_columns_even_when_empty():
    empty = error_frame()
    assert list(empty.columns) == list(ERROR_COLUMNS)
    assert empty.empty and empty["row"].dtype == "int64"


def test_error_frame_sorts_by_row_keeping_the_order_within_a_row():
    errors = [
        RowError(5, "killed", "many", "m1", "bad_number", "defaulted"),
        RowError(3, "event_date", "x", "m2", "bad_date", "dropped"),
        RowError(5, "admin1", "Menaka", "m3", "admin_mismatch", "kept"),
    ]
    table = error_frame(errors)
    assert table[["row", "column", "code", "outcome"]].values.tolist() == [
        [3, "event_date", "bad_date", "dropped"],
        [5, "killed", "bad_number", "defaulted"],
        [5, "admin1", "admin_mismatch", "kept"],
    ]


def test_a_row_error_keeps_its_value_as_text():
    assert RowError(2, "killed", None, "m", "required", "dropped").value == ""
    assert RowError(2, "killed", math.nan, "m", "required", "dropped").value == ""
    assert RowError("7", "killed", 12, "m", "bad_number", "dropped") == RowError(
        7, "killed", "12", "m", "bad_number", "dropped"
    )


@pytest.mark.parametrize(("code", "outcome"), [("typo", "dropped"), ("bad_date", "lost")])
def test_a_row_error_accepts_only_known_codes_and_outcomes(code, outcome):
    with pytest.raises(ValueError, match="unknown"):
        RowError(2, "date_start", "x", "m", code, outcome)


def test_every_code_and_outcome_is_documented():
    assert set(OUTCOMES) == {"dropped", "kept", "defaulted"}
    assert all(CODES.values())


# --- the incident frame --------------------------------------------------------------------


def test_conform_adds_missing_columns_empty_with_their_dtype_and_drops_unknown_ones():
    frame = pd.DataFrame(
        {"id": ["A", "B"], "date_start": ["2020-02-14", "2021-01-01"], "killed": [3, None],
         "stray": [1, 2]}, index=[7, 9],
    )  # fmt: skip
    got = conform(frame)
    assert list(got.columns) == [*COLUMNS, "geometry"]
    assert list(got.index) == [0, 1]
    assert got.crs == "EPSG:4326"
    assert {c: str(got[c].dtype) for c in COLUMNS} == {
        c: str(pd.Series(dtype=DTYPES[c]).dtype) for c in COLUMNS
    }
    assert got["killed"].tolist()[0] == 3 and pd.isna(got["killed"].iloc[1])
    assert got["year"].tolist() == [2020, 2021]  # derived from date_start
    assert got["title"].tolist() == ["", ""] and got["admin1"].tolist() == [None, None]
    assert got.geometry.isna().all()


def test_conform_twice_changes_nothing():
    frame = gpd.GeoDataFrame(
        {"id": ["A"], "date_start": ["2020-02-14"], "latitude": ["14.3"]},
        geometry=[Point(-3.6, 14.3)],
        crs="EPSG:4326",
    )
    once = conform(frame, CURATED_COLUMNS)
    assert list(once.columns) == [*CURATED_COLUMNS, "geometry"]
    assert once["latitude"].iloc[0] == 14.3
    pd.testing.assert_frame_equal(conform(once, CURATED_COLUMNS), once)


def test_loading_importing_and_the_store_hand_out_the_contract_frame(
    write_csv, load_fake, tmp_path
):
    loaded = load_fake(write_csv([good_row()])).incidents
    pd.testing.assert_frame_equal(loaded, conform(loaded, CURATED_COLUMNS))

    data = to_csv(ACLED_COLUMNS, [acled_row()]).encode("utf-8")
    imported = read_incidents(data, "acled.csv", geocoder=FakeGeocoder()).incidents
    assert len(imported) == 1
    pd.testing.assert_frame_equal(imported, conform(imported))

    store.save_dataset("contract", imported, tmp_path)
    pd.testing.assert_frame_equal(store.load_dataset("contract", tmp_path), imported)


def test_the_curated_columns_are_the_model_fields_places_year_and_verification():
    assert (*model.FIELDS, *model.PLACE_FIELDS, "year", "verification") == CURATED_COLUMNS
    assert (*CURATED_COLUMNS, *model.IMPORT_FIELDS) == COLUMNS
