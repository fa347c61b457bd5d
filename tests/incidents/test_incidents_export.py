"""CSV / GeoJSON writers and ``python -m incidents export`` end to end, through ``main(argv)``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from incidents import cli, model
from incidents.export import (
    SOURCE_TITLE_COLUMN,
    URL_COLUMN,
    is_formula_like,
    spreadsheet_safe,
    spreadsheet_safe_frame,
    to_csv,
    to_geojson,
)
from tests.conftest import CallMain, CliResult
from tests.incidents.conftest import good_row

ROOT = Path(__file__).resolve().parents[2]
EXPORTED = [*model.EXPORT_FIELDS, URL_COLUMN, SOURCE_TITLE_COLUMN]


@pytest.fixture
def run_cli(call_main: CallMain):
    def run(*args: str) -> CliResult:
        return call_main(cli.main, *args)

    return run


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def loaded(write_csv, load_fake):
    rows = [
        good_row(id="A", title='=HYPERLINK("http://evil")', location="Farabougou"),
        good_row(id="B", title="-2 killed", perpetrator="@group", victims="+1"),
        good_row(id="C", location="", geo_hint="", killed=""),
        good_row(id="D", location="Kayes", geo_hint=""),
    ]
    gdf = load_fake(write_csv(rows)).incidents
    # validation strips surrounding whitespace, so cells starting with tab/CR are set here
    gdf.loc[gdf["id"] == "B", "notes"] = "\tx"
    gdf.loc[gdf["id"] == "D", "notes"] = "\rcarriage\r\nline two"
    return gdf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33", "'+33"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("\ufeff=cmd|' /C calc'!A0", "'\ufeff=cmd|' /C calc'!A0"),
        ('\uff1dHYPERLINK("http://h")', '\'\uff1dHYPERLINK("http://h")'),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\x0b=1", "'\x0b=1"),
        ("\x0c=1", "'\x0c=1"),
        ("\nline", "'\nline"),
        ("  =1+1", "'  =1+1"),
        ("\u00a0\u3000@x", "'\u00a0\u3000@x"),
        ("\u200b=1", "'\u200b=1"),
        (" \ufeff+1", "' \ufeff+1"),
        ("Ségou", "Ségou"),
        (" Ségou", " Ségou"),
        ("1+1=2", "1+1=2"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text, expected):
    assert spreadsheet_safe(text) == expected


def test_a_frame_for_a_table_download_has_no_formula_cell_and_keeps_its_numbers():
    frame = pd.DataFrame(
        {
            '=HYPERLINK("http://h")': ["=cmd|' /C calc'!A0", "Ségou", None],
            "killed": pd.array([3, None, 1], dtype="Int64"),
            "longitude": [-3.5, -4.0, 1.0],
            "notes": pd.array(["\uff1d1", "+2", "ok"], dtype="str"),
        }
    )
    safe = spreadsheet_safe_frame(frame)
    assert list(safe.columns) == ['\'=HYPERLINK("http://h")', "killed", "longitude", "notes"]
    assert safe.iloc[:, 0].tolist()[:2] == ["'=cmd|' /C calc'!A0", "Ségou"]
    assert safe.iloc[:, 0].isna().tolist() == [False, False, True]
    assert safe["notes"].tolist() == ["'\uff1d1", "'+2", "ok"]
    assert safe["killed"].dtype == "Int64" and safe["longitude"].tolist() == [-3.5, -4.0, 1.0]
    text_cells = [v for c in safe.columns for v in safe[c] if isinstance(v, str)]
    assert not any(is_formula_like(v) for v in [*text_cells, *safe.columns])
    assert frame.iloc[0, 0] == "=cmd|' /C calc'!A0"  # the original is left as it is


def test_csv_has_every_export_field_and_neutralises_formula_text(loaded):
    rows = csv_rows(to_csv(loaded))
    assert list(rows[0]) == EXPORTED
    a, b, c, d = rows
    assert a["title"] == '\'=HYPERLINK("http://evil")'
    assert (b["title"], b["perpetrator"], b["victims"]) == ("'-2 killed", "'@group", "'+1")
    assert b["notes"] == "'\tx" and d["notes"] == "'\rcarriage\r\nline two"
    # numbers stay numbers: negative longitudes are not quoted
    assert float(a["longitude"]) == pytest.approx(-5.787)
    assert float(a["latitude"]) == pytest.approx(14.176)
    assert a["killed"] == "2" and a["date_start"] == "2020-09-01"
    # no place: empty coordinates, precision country
    assert (c["latitude"], c["longitude"], c["geo_precision"]) == ("", "", "country")
    assert c["killed"] == "" and c["admin1"] == ""


def test_geojson_is_a_feature_collection_with_null_geometry_for_no_place(loaded):
    data = json.loads(to_geojson(loaded))
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["id"]: f for f in data["features"]}
    assert features["A"]["geometry"] == {"type": "Point", "coordinates": [-5.787, 14.176]}
    assert features["C"]["geometry"] is None
    props = features["C"]["properties"]
    assert list(props) == EXPORTED
    assert props["latitude"] is None and props["killed"] is None
    assert props["geo_precision"] == "country"
    assert features["A"]["properties"]["killed"] == 2
    assert features["B"]["properties"]["title"] == "-2 killed"  # JSON is not a spreadsheet


def test_every_row_links_to_its_incident_on_the_configured_dashboard(loaded, monkeypatch):
    monkeypatch.delenv("INCIDENTS_BASE_URL", raising=False)
    rows = csv_rows(to_csv(loaded, dataset="ucdp-2020", base="https://maps.example.org/"))
    assert rows[0]["url"] == "https://maps.example.org/incidents?id=A&dataset=ucdp-2020"
    data = json.loads(to_geojson(loaded))
    assert data["features"][1]["properties"]["url"] == "http://localhost:8501/incidents?id=B"


def test_writers_accept_an_empty_frame(loaded):
    empty = loaded.iloc[0:0]
    assert to_csv(empty) == ",".join(EXPORTED) + "\r\n"
    assert json.loads(to_geojson(empty)) == {"type": "FeatureCollection", "features": []}


# --- the CLI end to end, on the curated data (real geocoder) ----------------------------------


def test_cli_export_csv_writes_the_whole_curated_dataset(curated):
    """The one run in a child process: ``python -m incidents export`` as a user types it."""
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "export"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert len(rows) == len(curated.incidents)
    assert list(rows[0]) == EXPORTED
    minusma = next(r for r in rows if r["id"] == "ML-2020-014")
    assert (minusma["latitude"], minusma["longitude"]) == ("", "")
    kayes = next(r for r in rows if r["id"] == "ML-2020-008")
    assert float(kayes["longitude"]) < 0


@pytest.mark.parametrize("region", ["Segou", "SÉGOU", "ségou", "Ségou"])
def test_cli_export_region_ignores_accents_and_case(run_cli, region):
    done = run_cli("export", "--region", region)
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert {r["id"] for r in rows} == {"ML-2020-003", "ML-2020-016"}
    assert {r["admin1"] for r in rows} == {"Ségou"}


def test_cli_export_geojson_with_year_filter(run_cli):
    done = run_cli("export", "--format", "geojson", "--year", "2024")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    ids = sorted(f["properties"]["id"] for f in data["features"])
    assert ids == ["ML-2024-001", "ML-2024-002", "ML-2024-003"]
    no_place = [f for f in data["features"] if f["geometry"] is None]
    assert [f["properties"]["id"] for f in no_place] == ["ML-2024-002"]


def test_cli_export_region_and_year_together(run_cli):
    done = run_cli("export", "--region", "tombouctou", "--year", "2020", "--format", "geojson")
    ids = sorted(f["properties"]["id"] for f in json.loads(done.stdout)["features"])
    assert ids == ["ML-2020-005", "ML-2020-020"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--region", "Paris"], "unknown region 'Paris'"),
        (["export", "--year", "20x"], "not a year"),
        (["export", "--format", "xlsx"], "invalid choice"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(run_cli, args, message):
    done = run_cli(*args)
    assert done.returncode != 0
    assert done.stdout == ""
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_bad_data_file_is_one_line_error(monkeypatch, tmp_path, capsys):
    bad = tmp_path / "incidents.csv"
    bad.write_bytes(b"\xff\xfe not utf-8")
    monkeypatch.setattr("incidents.load.DEFAULT_PATH", bad)
    assert cli.main(["export"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not UTF-8" in err


def test_other_modules_can_register_subcommands_and_export_sources(monkeypatch, capsys, loaded):
    monkeypatch.setattr(cli, "_SUBCOMMANDS", dict(cli._SUBCOMMANDS))
    monkeypatch.setattr(cli, "_EXPORT_SOURCES", [])

    def configure(parser):
        parser.add_argument("name")

    cli.register_subcommand("hello", "say hello", configure, lambda a: print(f"hi {a.name}"))
    cli.register_export_source(
        lambda p: p.add_argument("--dataset", metavar="NAME"),
        lambda a: loaded if a.dataset == "fake" else None,
    )
    assert cli.main(["hello", "Awa"]) == 0
    assert capsys.readouterr().out == "hi Awa\n"
    assert cli.main(["export", "--dataset", "fake", "--region", "Ségou"]) == 0
    out = capsys.readouterr().out
    assert [r["id"] for r in csv_rows(out)] == ["A", "B"]  # the fake locator says Ségou


def test_filter_incidents_by_year_and_region(loaded):
    assert list(cli.filter_incidents(loaded, year=2020)["id"]) == ["A", "B", "C", "D"]
    assert cli.filter_incidents(loaded, year=2019).empty
    kayes = cli.filter_incidents(loaded, region="Kayes")
    assert list(kayes["id"]) == ["D"]
    assert isinstance(kayes, pd.DataFrame)


def test_cli_export_skips_invalid_rows_with_a_warning(monkeypatch, capsys, write_csv):
    path = write_csv([good_row(id="A"), good_row(id="B", killed="-3")])
    monkeypatch.setattr("incidents.load.DEFAULT_PATH", path)
    assert cli.main(["export"]) == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in csv_rows(captured.out)] == ["A"]
    assert "1 invalid row left out (row 3, killed:" in captured.err


def test_imported_fields_are_exported_when_the_dataset_has_them(loaded):
    imported = loaded.head(2).copy()
    imported["source_admin1"] = ["Segou", None]
    imported["killed_low"] = pd.array([10, None], dtype="Int64")
    imported["killed_high"] = pd.array([40, None], dtype="Int64")
    imported["source_row"] = pd.array([None, None], dtype="Int64")  # no value: not exported
    rows = csv_rows(to_csv(imported))
    assert list(rows[0])[-5:] == [
        "url", "source_title", "source_admin1", "killed_low", "killed_high",
    ]  # fmt: skip
    assert (rows[0]["source_admin1"], rows[0]["killed_low"], rows[0]["killed_high"]) == (
        "Segou",
        "10",
        "40",
    )
    assert "source_row" not in rows[0]
    properties = json.loads(to_geojson(imported))["features"][0]["properties"]
    assert (properties["killed_low"], properties["killed_high"]) == (10, 40)


def test_cli_year_means_what_the_dashboard_year_means(run_cli):
    # the detention of 2024-03 to 2025-03-27 touches 2025, as on the dashboard's Year filter
    done = run_cli("export", "--year", "2025")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in csv_rows(done.stdout)] == ["ML-2024-001", "ML-2025-001"]


def test_the_export_names_each_source_by_its_title_beside_its_key(loaded):
    from incidents.sources import load_sources, source_label

    rows = csv_rows(to_csv(loaded))
    records = load_sources()
    assert all(r["source_title"] == source_label(r["source"]) for r in rows)
    assert any(r["source"] in records and r["source_title"] != r["source"] for r in rows)
