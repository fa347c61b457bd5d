"""Which counts a dataset's source codes: "not recorded" is not 0."""

import pandas as pd

from incidents import model
from incidents.frame import NO_MEASURES, format_measures, is_recorded, recorded_measures
from incidents.importers import import_file, read_incidents
from incidents.load import DEFAULT_PATH
from tests.importing.fixtures import UCDP_COLUMNS, to_csv, ucdp_row


def test_ucdp_records_best_low_and_high_deaths_only():
    result = read_incidents(to_csv(UCDP_COLUMNS, [ucdp_row()]).encode())
    assert recorded_measures(result.incidents) == {"killed", "killed_low", "killed_high"}
    assert not is_recorded(result.incidents, "injured").any()
    assert result.incidents[["injured", "missing", "detained"]].isna().all().all()


def test_the_curated_data_and_its_native_import_record_every_count():
    result = import_file(DEFAULT_PATH)
    assert recorded_measures(result.incidents) == set(model.COUNT_FIELDS)
    curated = result.incidents.drop(columns="recorded_measures")
    assert recorded_measures(curated) == set(model.COUNT_FIELDS)
    assert is_recorded(curated, "detained").all()


def test_a_row_that_codes_a_count_keeps_it_and_an_uncoded_one_is_unknown():
    rows = pd.DataFrame({"recorded_measures": ["killed", NO_MEASURES, ""]})
    assert list(is_recorded(rows, "killed")) == [True, False, True]  # "" = the curated rule
    assert list(is_recorded(rows, "injured")) == [False, False, True]
    assert recorded_measures(rows.iloc[:2]) == {"killed"}


def test_format_measures_keeps_the_model_order():
    assert format_measures({"injured", "killed"}) == "killed,injured"
    assert format_measures([]) == NO_MEASURES
