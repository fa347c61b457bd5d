"""The project's own geodata copy: contents, size, attribution, and no reads of ../shared."""

import re
from pathlib import Path

import geo
from geo.boundaries import DATA_DIR
from geo.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[2]


def test_data_folder_is_small():
    total = sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file())
    assert total < 4_000_000


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
    assert len(geo.ATTRIBUTION) < 100  # one short footer line
    assert "Runfola" in geo.ATTRIBUTION_LONG and "geonames.org" in geo.ATTRIBUTION_LONG


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
