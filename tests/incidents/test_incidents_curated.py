"""The curated dataset itself: every incident of the sources, where and how the source says.

Uses the real geocoder and polygons (``curated`` fixture), as the dashboard does.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from incidents import model
from incidents.load import SOURCES_DIR

S002 = "002_5722450adf37214a.txt"
S000 = "000_87eb117972110176.txt"

# id -> (a phrase of its quote, admin1, admin2 or None, killed, injured, missing, detained)
# Counts are the ones the source states (see casualty_note for the two derived ones).
EXPECTED = {
    "ML-2020-001": ("village of Sinda", "Mopti", "Douentza", 14, None, None, None),
    "ML-2020-002": ("village of Ogossagou", "Mopti", "Bankass", 35, 3, 19, None),
    "ML-2020-003": ("Niono Cercle", "Ségou", "Niono", 23, None, 27, None),
    "ML-2020-004": ("At least three candidates", None, None, None, None, 2, None),
    "ML-2020-005": ("Soumaila Cissé", "Tombouctou", "Niafunké", 1, None, 6, None),
    "ML-2020-006": ("In Sikasso on 7 May", "Sikasso", "Sikasso", 1, 4, None, None),
    "ML-2020-007": ("Clément Dembelé was kidnapped", "Bamako", "Bamako", None, None, None, 1),
    "ML-2020-008": ("17-year-old motorcyclist", "Kayes", "Kayes", 1, None, None, None),
    "ML-2020-009": ("12-year-old boy", "Kayes", "Kayes", 2, None, None, None),
    "ML-2020-010": ("Binédama and Yangassadiou", "Mopti", None, 43, None, None, None),
    "ML-2020-011": ("Tori and Diallassagou", "Mopti", "Bankass", 32, None, None, None),
    "ML-2020-012": ("Between 10 and 12 July", "Bamako", "Bamako", 14, None, None, None),
    "ML-2020-013": ("Following the August coup", None, None, None, None, None, 3),
    "ML-2020-014": ("targeted MINUSMA", None, None, 2, 40, None, None),
    "ML-2020-015": ("beaten to death", "Kayes", "Nioro", 4, 3, None, None),
    "ML-2020-016": ("village of Farabougou", "Ségou", "Niono", None, None, None, None),
    "ML-2020-017": ("In November, 15 people", None, None, None, None, None, None),
    "ML-2020-018": ("acquitted of all charges", None, None, None, None, None, None),
    "ML-2020-019": ("Amadou Haya Sanogo", "Sikasso", "Yanfolila", None, None, None, None),
    "ML-2020-020": ("before the ICC", "Tombouctou", "Tombouctou", None, None, None, None),
    "ML-2020-021": ("Radisson Blu", "Bamako", "Bamako", None, None, None, None),
    "ML-2018-001": ("In June 2018", "Kayes", "Nioro", None, None, None, None),
    "ML-2024-001": (
        "after spending a year in arbitrary detention",
        "Koulikoro",
        "Kati",
        None,
        None,
        None,
        1,
    ),
    "ML-2024-002": ("sentenced on May 20, 2024", None, None, None, None, None, None),
    "ML-2024-003": (
        "provisional release on October 14, 2024",
        "Koulikoro",
        "Kati",
        None,
        None,
        None,
        None,
    ),
    "ML-2025-001": (
        "released from prison on March 27, 2025",
        "Koulikoro",
        "Kati",
        None,
        None,
        None,
        None,
    ),
}


def by_id(result) -> pd.DataFrame:
    return result.incidents.set_index("id")


def test_curated_file_loads_without_errors(curated):
    assert curated.errors.empty, curated.errors.to_string()
    assert len(curated.incidents) == len(EXPECTED)
    assert set(curated.incidents["id"]) == set(EXPECTED)


def test_loaded_frame_follows_the_contract(curated):
    gdf = curated.incidents
    assert gdf.crs.to_epsg() == 4326
    expected = [*model.FIELDS, *model.PLACE_FIELDS, "year", "verification", "geometry"]
    assert list(gdf.columns) == expected
    assert str(gdf["date_start"].dtype) == "datetime64[ns]"
    for column in model.COUNT_FIELDS:
        assert str(gdf[column].dtype) == "Int64"
    assert (gdf["date_end"] >= gdf["date_start"]).all()
    assert set(gdf["geocode_status"]) <= set(model.GEOCODE_STATUSES)
    assert set(gdf["geo_precision"]) <= set(model.GEO_PRECISIONS)


@pytest.mark.parametrize("incident_id", sorted(EXPECTED))
def test_incident_is_present_in_its_region_with_the_stated_numbers(curated, incident_id):
    phrase, admin1, admin2, killed, injured, missing, detained = EXPECTED[incident_id]
    row = by_id(curated).loc[incident_id]
    assert phrase in row["source_quote"]
    assert row["admin1"] == admin1
    if admin2 is not None:
        assert row["admin2"] == admin2
    for column, value in zip(model.COUNT_FIELDS, (killed, injured, missing, detained), strict=True):
        assert (None if pd.isna(row[column]) else int(row[column])) == value, column
    if admin1 is None:
        assert row["geometry"] is None
        assert row["geo_precision"] == "country"
        assert math.isnan(row["latitude"]) and math.isnan(row["longitude"])
    else:
        assert row["geometry"] is not None


def test_every_incident_sentence_of_002_is_covered(curated):
    """Each sentence of 002 that reports an incident is quoted by some row."""
    quotes = " ".join(curated.incidents["source_quote"])
    for sentence in (
        "attacked the village of Sinda in January, killing 14 civilians.",
        "attacked the village of Ogossagou",
        "communes of Tori and Diallassagou",
        "Armed groups also targeted MINUSMA.",
        "surrounded the village of Farabougou",
        "At least three candidates were kidnapped",
        "On March 25, opposition leader Soumaila Cissé",
        "Between 3 February and 10 March",
        "villages of Binédama and Yangassadiou",
        "In Sikasso on 7 May",
        "On May 11, a 17-year-old motorcyclist",
        "This incident sparked demonstrations in the city the following day",
        "Between 10 and 12 July",
        "On 9 May, anti-corruption activist",
        "He was acquitted of all charges on September 29.",
        "Following the August coup",
        "In June 2018, the village head",
        "In September, after the judicial authorities",
        "In January, the Assizes Court in Bamako temporarily released",
        "before the ICC started in July",
        "by the Bamako Assizes Court",
        "In November, 15 people were found guilty",
    ):
        assert sentence in quotes, sentence


def test_multi_village_incident_is_one_row_counted_once(curated):
    gdf = curated.incidents
    both = gdf[gdf["location"].str.contains("Binédama")]
    assert len(both) == 1
    assert not gdf["location"].str.contains("Yangassadiou").sum() > 1
    row = both.iloc[0]
    assert row["location"] == "Binédama; Yangassadiou"
    assert row["killed"] == 43
    assert row["geo_precision"] == "region"  # Koro and Douentza cercles share only Mopti
    tori = gdf[gdf["location"].str.contains("Tori")]
    assert len(tori) == 1 and tori.iloc[0]["killed"] == 32
    assert tori.iloc[0]["geo_precision"] == "cercle"


def test_minusma_attacks_have_no_place_and_are_never_drawn(curated):
    row = by_id(curated).loc["ML-2020-014"]
    assert row["location"] == ""
    assert row["geo_precision"] == "country"
    assert row["geocode_status"] == "no_place"
    assert row["geometry"] is None


def test_placeless_rows_are_exactly_those_with_no_location(curated):
    gdf = curated.incidents
    no_location = gdf["location"] == ""
    assert (gdf.loc[no_location, "geo_precision"] == "country").all()
    assert gdf.loc[~no_location, "geometry"].notna().all()


def test_incidents_the_geocoder_must_disambiguate(curated):
    rows = by_id(curated)
    assert rows.loc["ML-2020-016", "admin2"] == "Niono"  # one of several Farabougou
    assert rows.loc["ML-2024-001", "admin2"] == "Kati"  # the Kéniéroba near Bamako
    assert rows.loc["ML-2020-010", "geocode_status"] == "fallback"  # Yangassadiou missing
    assert "Yangassadiou" in rows.loc["ML-2020-010", "geocode_note"]


def test_every_source_quote_is_verbatim_in_its_source_file(curated_rows):
    for row in curated_rows:
        path = SOURCES_DIR / row["source"]
        assert path.is_file(), f"{row['id']}: no source file {row['source']}"
        text = path.read_text(encoding="utf-8")
        for piece in row["source_quote"].split(" [...] "):
            assert piece in text, f"{row['id']}: quote not verbatim: {piece[:60]!r}"


def test_002_incidents_are_of_2020_except_the_2018_eviction(curated):
    gdf = curated.incidents
    from_002 = gdf[gdf["source"] == S002]
    assert set(from_002["year"]) == {2018, 2020}
    assert list(from_002.loc[from_002["year"] == 2018, "id"]) == ["ML-2018-001"]
    sissoko = gdf[gdf["source"] == S000]
    assert set(sissoko["year"]) == {2024, 2025}


def test_judicial_developments_are_our_documented_extension(curated):
    judicial = curated.incidents[curated.incidents["event_type"] == model.JUDICIAL]
    assert set(judicial["sub_event_type"]) <= set(model.EVENT_TYPES[model.JUDICIAL])
    assert len(judicial) == 8
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text("utf-8")
    assert model.JUDICIAL in readme


def test_the_file_is_diffable_and_stable(curated_rows):
    text = (SOURCES_DIR.parent / "incidents.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == list(model.CURATED_FIELDS)
    assert len(text.splitlines()) == len(curated_rows) + 1  # one line per incident
    ids = [r["id"] for r in curated_rows]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert "\r" not in text


def test_coordinates_are_never_typed_by_hand(curated_rows):
    for row in curated_rows:
        if row["geo_override"]:
            assert row["geo_override_reason"], row["id"]
        assert not {"latitude", "longitude", "admin1"} & set(row)


def test_data_readme_documents_every_field_and_vocabulary():
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text("utf-8")
    for term in (
        *model.CURATED_FIELDS,
        *model.DATE_PRECISIONS,
        *model.GEO_PRECISIONS,
        *model.GEOCODE_STATUSES,
    ):
        assert f"`{term}`" in readme, term
    for event_type, sub_types in model.EVENT_TYPES.items():
        assert event_type in readme
        for sub_type in sub_types:
            assert sub_type in readme, sub_type
    for perpetrator_type in model.PERPETRATOR_TYPES:
        assert perpetrator_type in readme, perpetrator_type


@pytest.mark.parametrize(
    ("incident_id", "start", "end"),
    [
        ("ML-2020-003", "2020-02-03", "2020-03-10"),  # "Between 3 February and 10 March"
        ("ML-2020-005", "2020-03-25", "2020-10-08"),  # abducted 25 March, freed 8 October
        ("ML-2020-007", "2020-05-09", "2020-05-21"),  # held 12 days, released 21 May
        ("ML-2020-012", "2020-07-10", "2020-07-12"),
        ("ML-2020-016", "2020-09-01", "2020-12-31"),  # September to the end of the year
        ("ML-2024-001", "2024-03-01", "2025-03-27"),  # the whole detention, to his release
    ],
)
def test_lasting_incidents_span_the_period_the_source_gives(curated, incident_id, start, end):
    row = by_id(curated).loc[incident_id]
    assert (str(row["date_start"].date()), str(row["date_end"].date())) == (start, end)
