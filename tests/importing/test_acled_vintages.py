"""ACLED files as people have them: the pre-2019 codebook (upper-case headers, cp1252, trailing
empty header cells, spreadsheet dates), monadic exports (one row per actor) and exports with
fewer columns. Each shape is a small file written here."""

from pathlib import Path

import pandas as pd
import pytest

from incidents import model
from incidents.frame import recorded_measures
from incidents.importers import import_file, read_incidents
from incidents.importers.taxonomy import event_types_from_acled, riots_or_protests
from tests.importing.fixtures import (
    ACLED_COLUMNS,
    MONADIC_COLUMNS,
    MONADIC_EVENTS,
    PLACES,
    acled_row,
    monadic_rows,
    to_csv,
)

# The pre-2019 codebook's columns, as its exports wrote them (no sub_event_type, ALLY_ACTOR_*).
OLD_COLUMNS = [
    "GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION",
    "EVENT_TYPE", "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2",
    "INTERACTION", "COUNTRY", "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE",
    "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES", "FATALITIES",
]  # fmt: skip
# (id, date as a spreadsheet writes it, old type, inter1, inter2, interaction, place, killed,
#  expected event type, expected sub-event type)
OLD_EVENTS = [
    ("MLI101", "9-May-17", "Battle-No change of territory", "2", "1", "12", "Kidal", "4",
     "Battles", "Armed clash"),
    ("MLI102", "10-May-17", "Battle-Non-state actor overtakes territory", "2", "1", "12",
     "Kidal", "0", "Battles", "Non-state actor overtakes territory"),
    ("MLI103", "11-Jun-17", "Battle-Government regains territory", "1", "2", "12", "Gao", "7",
     "Battles", "Government regains territory"),
    ("MLI104", "2-Jul-17", "Remote violence", "2", "8", "28", "Gao", "2",
     "Explosions/Remote violence", model.PRE_2019_SUB_EVENT),
    ("MLI105", "3-Aug-17", "Riots/Protests", "5", "", "50", "Bamako", "0",
     "Riots", model.PRE_2019_SUB_EVENT),
    ("MLI106", "4-Aug-17", "Riots/Protests", "6", "", "60", "Bamako", "0",
     "Protests", model.PRE_2019_SUB_EVENT),
    ("MLI107", "5-Aug-17", "Riots/Protests", "1", "6", "16", "Bamako", "1",
     "Protests", model.PRE_2019_SUB_EVENT),
    ("MLI108", "6-Aug-17", "Riots/Protests", "1", "5", "15", "Ségou", "0",
     "Riots", model.PRE_2019_SUB_EVENT),
    ("MLI109", "14-Feb-18", "Violence against civilians", "4", "7", "47", "Ogossagou", "35",
     "Violence against civilians", model.PRE_2019_SUB_EVENT),
    ("MLI110", "1-Mar-18", "Strategic development", "2", "", "20", "Kidal", "0",
     "Strategic developments", model.PRE_2019_SUB_EVENT),
    ("MLI111", "2-Mar-18", "Headquarters or base established", "2", "", "20", "Kidal", "0",
     "Strategic developments", "Headquarters or base established"),
    ("MLI112", "3-Mar-18", "Non-violent transfer of territory", "3", "", "30", "Sikasso", "0",
     "Strategic developments", "Non-violent transfer of territory"),
]  # fmt: skip


def old_codebook_file(path: Path) -> Path:
    """What French Excel makes of an old export: ';', cp1252, three empty header cells at the
    end of each line, dates as 9-May-17."""
    lines = [";".join([*OLD_COLUMNS, "", "", ""])]
    for event in OLD_EVENTS:
        event_id, day, kind, inter1, inter2, interaction, place, killed = event[:8]
        admin1, lat, lon = PLACES[place]
        cells = [
            "432", event_id, event_id[3:], day, "20" + day[-2:], "1", kind, "Actor A",
            "Ally of A" if event_id == "MLI101" else "",
            inter1, "Actor B" if inter2 else "", "", inter2, interaction, "Mali", admin1, "", "",
            place, lat, lon, "1", "Studio Tamani", f"Événement à {place}.", killed, "", "", "",
        ]  # fmt: skip
        lines.append(";".join(cells))
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def test_every_pre_2019_event_type_maps_to_todays_taxonomy(tmp_path):
    result = import_file(old_codebook_file(tmp_path / "ACLED_Mali_2017.csv"))
    assert (result.format, result.encoding, result.delimiter) == ("acled", "cp1252", ";")
    assert (result.rows, result.imported) == (len(OLD_EVENTS), len(OLD_EVENTS))
    got = result.incidents.set_index("id")
    for event_id, day, kind, *_, place, killed, event_type, sub_event_type in OLD_EVENTS:
        row = got.loc[event_id]
        assert (row["event_type"], row["sub_event_type"]) == (event_type, sub_event_type)
        assert row["source_event_type"] == kind
        assert row["killed"] == int(killed)
        assert row["location"] == place
        assert row["date_start"] == pd.to_datetime(day, format="%d-%b-%y")
    assert got.loc["MLI109", "source_quote"] == "Événement à Ogossagou."
    assert got.loc["MLI109", "admin1"] == "Mopti"
    assert got.loc["MLI101", "perpetrator"] == "Actor A (with Ally of A)"  # ALLY_ACTOR_1
    assert got.loc["MLI107", "victims"] == "Actor B"
    assert int(result.incidents["killed"].sum()) == sum(int(e[7]) for e in OLD_EVENTS)


def test_old_file_reports_each_missing_column_once_and_rejects_no_row(tmp_path):
    result = import_file(old_codebook_file(tmp_path / "old.csv"))
    errors = result.errors
    assert set(errors["outcome"]) == {"defaulted"}
    assert list(errors["code"]) == ["missing_column"]  # sub_event_type: the only one it lacks
    only = errors.iloc[0]
    assert (only["row"], only["column"]) == (1, "sub_event_type")
    assert "pre-2019 codebook" in only["message"]


def test_riots_protests_without_crowd_codes_is_protests_and_said():
    row = acled_row(event_type="Riots/Protests", sub_event_type="", inter1="1", inter2="7",
                    interaction="17")  # fmt: skip
    result = read_incidents(to_csv(ACLED_COLUMNS, [row]).encode())
    got = result.incidents.iloc[0]
    assert (got["event_type"], got["sub_event_type"]) == ("Protests", model.PRE_2019_SUB_EVENT)
    error = result.errors.iloc[0]
    assert (error["row"], error["column"], error["value"]) == (2, "event_type", "Riots/Protests")
    assert (error["code"], error["outcome"]) == ("unknown_value", "defaulted")


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["5", "", "50"], "Riots"),
        (["6", "", "60"], "Protests"),
        (["1", "5", "15"], "Riots"),
        (["1", "6", "16"], "Protests"),
        (["5.0", "6.0", "56"], "Riots"),  # rioters among protesters: a riot
        (["Protesters", "", "Protesters only"], "Protests"),
        (["State forces", "Rioters", "State forces-Rioters"], "Riots"),
        (["1", "7", "17"], None),
    ],
)
def test_riots_or_protests_from_the_inter_codes(codes, expected):
    assert riots_or_protests(codes) == expected


def test_current_types_keep_their_sub_event_type_and_old_names_ignore_spelling():
    assert event_types_from_acled("Battles", "Armed clash") == ("Battles", "Armed clash")
    assert event_types_from_acled("BATTLE - NO CHANGE OF TERRITORY", "") == (
        "Battles",
        "Armed clash",
    )
    assert event_types_from_acled("Battles", "") == ("Battles", model.UNSPECIFIED)


# --- monadic exports -----------------------------------------------------------------------


def test_monadic_export_imports_each_event_once_with_its_actors_joined(tmp_path):
    path = tmp_path / "acled_monadic.csv"
    path.write_text(to_csv(MONADIC_COLUMNS, monadic_rows()), encoding="utf-8")
    result = import_file(path)
    assert result.rows == sum(len(e[4]) for e in MONADIC_EVENTS) == 8
    assert list(result.incidents["id"]) == [e[0] for e in MONADIC_EVENTS]
    assert result.incidents["id"].is_unique
    # fatalities counted once per event, not once per actor row
    assert int(result.incidents["killed"].sum()) == sum(int(e[6]) for e in MONADIC_EVENTS)
    got = result.incidents.set_index("id")
    assert got.loc["TST-MON-1", "perpetrator"] == "Dan Na Ambassagou"
    assert got.loc["TST-MON-1", "perpetrator_type"] == "Identity militias"
    assert got.loc["TST-MON-1", "victims"] == "Civilians (Mali)"
    assert got.loc["TST-MON-4", "victims"] == "MINUSMA: United Nations; Civilians (Mali)"
    assert got.loc["TST-MON-3", "victims"] == ""
    assert "ACLED rows 2, 3: one per actor" in got.loc["TST-MON-1", "notes"]
    assert got.loc["TST-MON-2", "source_row"] == 4
    merged = result.errors[result.errors["code"] == "merged_rows"]
    assert len(merged) == 1  # said once, not once per row
    assert (merged.iloc[0]["row"], merged.iloc[0]["outcome"]) == (1, "kept")
    assert merged.iloc[0]["message"].startswith("4 rows repeat the event of an earlier row")
    assert set(result.errors["code"]) == {"merged_rows"}  # nothing rejected


def test_rows_sharing_an_id_but_not_an_event_are_still_duplicates():
    rows = monadic_rows()[:2]
    rows[1] = {**rows[1], "event_date": "1 January 2021"}
    result = read_incidents(to_csv(MONADIC_COLUMNS, rows).encode())
    assert result.imported == 1
    duplicate = result.errors[result.errors["code"] == "duplicate_id"].iloc[0]
    assert (duplicate["row"], duplicate["column"], duplicate["value"]) == (3, "id", "TST-MON-1")
    assert duplicate["outcome"] == "dropped"


def test_dyadic_rows_with_one_id_are_not_merged():
    rows = [acled_row(), acled_row(actor1="Someone else")]
    result = read_incidents(to_csv(ACLED_COLUMNS, rows).encode())
    assert result.imported == 1
    assert "duplicate_id" in set(result.errors["code"])


# --- fewer columns -------------------------------------------------------------------------


def test_export_without_inter1_defaults_it_once_and_imports_every_row():
    columns = [c for c in ACLED_COLUMNS if c not in ("inter1", "inter2", "interaction")]
    rows = [
        {c: v for c, v in acled_row(event_id_cnty=f"MLI{n}").items() if c in columns}
        for n in range(3)
    ]
    result = read_incidents(to_csv(columns, rows).encode(), "api.csv")
    assert (result.rows, result.imported) == (3, 3)
    assert set(result.incidents["perpetrator_type"]) == {"Unknown"}
    errors = result.errors.to_dict("records")
    assert errors == [
        {"row": 1, "column": "inter1", "value": "",
         "message": "the file has no inter1 column: perpetrator_type 'Unknown', for every row",
         "code": "missing_column", "outcome": "defaulted"},
    ]  # fmt: skip


def test_export_with_only_a_few_columns_still_imports():
    columns = ["event_date", "event_type", "location", "admin1"]
    rows = [{"event_date": "2020-02-14", "event_type": "Battles", "location": "Kidal",
             "admin1": "Kidal"}]  # fmt: skip
    result = read_incidents(to_csv(columns, rows).encode())
    assert result.imported == 1
    got = result.incidents.iloc[0]
    assert (got["event_type"], got["sub_event_type"]) == ("Battles", model.UNSPECIFIED)
    assert (got["perpetrator_type"], got["source"]) == ("Unknown", "ACLED")
    assert got["admin1"] == "Kidal"
    assert pd.isna(got["killed"])  # no fatalities column: not recorded, not 0
    assert recorded_measures(result.incidents) == set()
    defaulted = set(result.errors.loc[result.errors["code"] == "missing_column", "column"])
    assert {"inter1", "fatalities", "sub_event_type", "latitude", "notes"} <= defaulted


# --- what ACLED records --------------------------------------------------------------------


def test_acled_records_fatalities_only():
    result = read_incidents(to_csv(ACLED_COLUMNS, [acled_row()]).encode())
    assert recorded_measures(result.incidents) == {"killed"}
    row = result.incidents.iloc[0]
    assert row["recorded_measures"] == "killed"
    for measure in ("injured", "missing", "detained"):
        assert pd.isna(row[measure])


def test_shapefile_exports_ten_letter_column_names():
    columns = ["EVENT_ID_C", "EVENT_DATE", "TIME_PRECI", "EVENT_TYPE", "SUB_EVENT_",
               "ACTOR1", "INTER1", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECIS",
               "FATALITIES"]  # fmt: skip
    row = dict(zip(columns, ["MLI7", "2020-02-14", "3", "Battles", "Armed clash", "JNIM", "2",
                             "Kidal", "18.4411", "1.4078", "2", "5"], strict=True))  # fmt: skip
    result = read_incidents(to_csv(columns, [row]).encode())
    got = result.incidents.iloc[0]
    assert (got["id"], got["date_precision"], got["geo_precision"]) == ("MLI7", "month", "near")
    assert (got["sub_event_type"], got["killed"]) == ("Armed clash", 5)
