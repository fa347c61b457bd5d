"""The project's own geodata copy: contents, size, attribution, and no reads of ../shared."""

import re
import sqlite3
from pathlib import Path

import pandas as pd

import geo
from geo.boundaries import DATA_DIR
from geo.build_data import read_osm_places
from geo.gazetteer import load_gazetteer, load_osm_places
from geo.normalize import name_key

ROOT = Path(__file__).resolve().parents[2]


def test_data_folder_is_small():
    total = sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file())
    assert total < 4_500_000


def test_licence_metadata_and_readme_are_carried():
    names = {p.name for p in DATA_DIR.iterdir()}
    for level in (1, 2, 3):
        assert f"geoBoundaries-MLI-ADM{level}-metaData.json" in names
        assert f"geoBoundaries-MLI-ADM{level}-metaData.txt" in names
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for needed in (
        "CC BY 4.0",
        "geoBoundaries",
        "GeoNames",
        "Runfola",
        "PLoS ONE 15(4): e0231866",
        "2021",
        "8 regions and the Bamako district",
        "50 cercles",
        "701",
        "Ménaka",
        "Taoudénit",
        "53 cercles",
        "ML10",
        "ML1001",
        "MENAKA_CERCLES",
        "SNAP_KM",
        "5 km",
    ):
        assert needed in readme, needed


def test_attribution_strings():
    assert "geoBoundaries" in geo.ATTRIBUTION and "GeoNames" in geo.ATTRIBUTION
    assert "CC BY 4.0" in geo.ATTRIBUTION
    assert len(geo.ATTRIBUTION) < 130  # one short footer line
    assert "Runfola" in geo.ATTRIBUTION_LONG and "geonames.org" in geo.ATTRIBUTION_LONG
    assert "OpenStreetMap" in geo.ATTRIBUTION and "ODbL" in geo.ATTRIBUTION
    assert "openstreetmap.org/copyright" in geo.ATTRIBUTION_LONG


def test_osm_places_are_named_settlements_without_the_evaluation_names(tmp_path):
    db_path = tmp_path / "mali.sqlite"
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE NODE (ID, NAME, LAT, LON, TAG, VALUE)")
        db.executemany(
            "INSERT INTO NODE VALUES (?, ?, ?, ?, ?, ?)",
            [
                (30, "Kalabougou Nord", 13.9512348, -6.32, "place", "hamlet"),  # kept
                (20, "Sirakoro", 12.7, -7.1, "place", "village;hamlet"),  # kept
                (40, "Dara-Ouest", 14.1, -5.2, "place", "village"),  # an evaluation name
                (50, "Hamdallaye", 12.64, -8.0, "place", "suburb"),  # a quarter
                (60, "Ecole de Sirakoro", 12.7, -7.1, "amenity", "school"),  # not a place
                (70, None, 13.0, -6.0, "place", "village"),  # no name
            ],
        )
    table = read_osm_places(db_path, ["Dara Ouest"])
    assert table.to_dict("records") == [
        {"osm_id": 20, "name": "Sirakoro", "latitude": 12.7, "longitude": -7.1},
        {"osm_id": 30, "name": "Kalabougou Nord", "latitude": 13.951235, "longitude": -6.32},
    ]


def test_osm_places_leave_out_every_name_of_the_independent_evaluation_set():
    evaluation = pd.read_csv(ROOT / "scripts" / "eval_data" / "osm_place_names.csv", dtype=str)
    osm = load_osm_places()
    assert len(osm) > 4000 and osm["osm_id"].is_unique
    assert not set(evaluation["name"].map(name_key)) & set(osm["name"].map(name_key))


def test_gazetteer_keeps_places_and_admin_units_come_from_polygons():
    gaz = load_gazetteer()
    assert (gaz["feature_class"] == "P").sum() == 15448  # every populated place
    assert gaz["geonameid"].is_unique
    selingue = gaz[gaz["geonameid"] == 2451395].iloc[0]  # GeoNames admin1 "00"
    assert (selingue["admin1"], selingue["admin2"]) == ("Sikasso", "Yanfolila")
    assert "00" not in set(gaz["admin1"].dropna())


def test_code_never_reads_the_shared_reference_folder():
    pattern = re.compile(r"\.\./shared|/work/shared")
    files = [
        *(ROOT / "geo").rglob("*.py"),
        *(ROOT / "tests" / "geo").rglob("*.py"),
        ROOT / "scripts" / "benchmark_geocoder.py",
    ]
    offenders = [
        str(f.relative_to(ROOT))
        for f in files
        if f.exists() and f.name != Path(__file__).name and pattern.search(f.read_text())
    ]
    assert offenders == []


def test_core_does_not_import_streamlit():
    imports = re.compile(r"^\s*(import|from)\s+streamlit", re.MULTILINE)
    for path in (ROOT / "geo").rglob("*.py"):
        assert not imports.search(path.read_text()), path
