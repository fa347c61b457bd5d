"""The Frictionless Data Package of a view: valid, exactly the view's rows, described, citable."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

from incidents import store
from incidents.datapackage import (
    DESCRIPTOR,
    FIGURES_CSV,
    INCIDENTS_CSV,
    INCIDENTS_GEOJSON,
    SOURCES_CSV,
    dataset_version,
    package_files,
    package_zip,
    view_citation,
    write_package,
)
from incidents.export import export_columns, to_csv
from incidents.filters import IncidentFilter

ROOT = Path(__file__).resolve().parents[2]
MOPTI_2020 = IncidentFilter(regions=("Mopti",), years=(2020,))
CREATED = datetime(2026, 12, 4, 10, 30, tzinfo=UTC)
REPORT = "002_5722450adf37214a.txt"


@pytest.fixture(autouse=True)
def no_configured_base(monkeypatch):
    monkeypatch.delenv("INCIDENTS_BASE_URL", raising=False)


@pytest.fixture(scope="module")
def dataset(curated) -> pd.DataFrame:
    return curated.incidents


@pytest.fixture(scope="module")
def files(dataset) -> dict[str, bytes]:
    return package_files(dataset, MOPTI_2020, created=CREATED)


@pytest.fixture(scope="module")
def descriptor(files) -> dict:
    return json.loads(files[DESCRIPTOR])


def valid(files: dict[str, bytes], folder: Path) -> tuple[bool, list]:
    write_package(files, folder)
    report = validate(folder / DESCRIPTOR)
    return report.valid, report.flatten(["type", "note"])


def test_the_package_of_a_filtered_view_passes_frictionless_validate(files, tmp_path):
    assert set(files) == {DESCRIPTOR, INCIDENTS_CSV, INCIDENTS_GEOJSON, FIGURES_CSV, SOURCES_CSV}
    assert valid(files, tmp_path) == (True, [])


def test_its_csv_rows_are_exactly_the_views_rows(files, dataset):
    view = MOPTI_2020.apply(dataset)
    assert len(view) == 4
    assert files[INCIDENTS_CSV].decode() == to_csv(view)
    geojson = json.loads(files[INCIDENTS_GEOJSON])
    assert [f["properties"]["id"] for f in geojson["features"]] == list(view["id"])


def test_every_field_has_a_type_and_a_description(descriptor, dataset):
    resource = next(r for r in descriptor["resources"] if r["name"] == "incidents")
    schema = resource["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == list(export_columns(dataset))
    assert all(f["description"] for f in fields.values())
    assert schema["missingValues"] == [""] and schema["primaryKey"] == ["id"]
    assert (fields["killed"]["type"], fields["date_start"]["type"]) == ("integer", "date")
    assert (fields["latitude"]["type"], fields["url"]["format"]) == ("number", "uri")
    assert "Violence against civilians" in fields["event_type"]["constraints"]["enum"]
    assert fields["url"]["description"] == "Permalink of the incident on the dashboard"
    for other in ("figures", "sources"):
        tabular = next(r for r in descriptor["resources"] if r["name"] == other)
        assert all(f.get("description") for f in tabular["schema"]["fields"])


def test_the_descriptor_names_dataset_version_filter_time_sources_licence_citation(
    descriptor, dataset
):
    assert descriptor["name"] == "mali-incidents-mopti-2020"
    assert descriptor["dataset"] == "curated"
    assert descriptor["version"] == dataset_version(dataset)
    assert descriptor["created"] == "2026-12-04T10:30:00Z"
    assert descriptor["filter"] == {
        "description": "region Mopti; 2020",
        "query": {"region": ["Mopti"], "year": ["2020"]},
    }
    assert descriptor["homepage"] == "http://localhost:8501/incidents?region=Mopti&year=2020"
    assert descriptor["sources"] == [
        {
            "title": "Amnesty International Report 2020/21: The State of the World's Human"
            " Rights – Mali — Amnesty International",
            "path": "https://issuu.com/amnestynorway/docs/202021-air-english_2021-04-01_zz/239",
        }
    ]
    assert {lic["name"] for lic in descriptor["licenses"]} == {"CC-BY-4.0", "CC-BY-NC-ND-4.0"}
    citation = descriptor["citation"]
    assert "4 incidents (region Mopti; 2020)" in citation
    assert descriptor["version"] in citation and descriptor["homepage"] in citation
    assert "Retrieved 4 December 2026" in citation


def test_figures_and_sources_of_the_view_travel_with_it(files):
    figures = pd.read_csv(io.BytesIO(files[FIGURES_CSV]), dtype=str, keep_default_na=False)
    assert set(figures["incident_id"]) == {"ML-2020-001", "ML-2020-002", "ML-2020-010",
                                           "ML-2020-011"}  # fmt: skip
    assert "HRW" in set(figures["source"])
    sources = pd.read_csv(io.BytesIO(files[SOURCES_CSV]), dtype=str, keep_default_na=False)
    assert list(sources["id"]) == [REPORT]


def test_version_is_the_content_not_the_view_or_the_time(dataset):
    version = dataset_version(dataset)
    assert version == dataset_version(dataset.iloc[::-1])  # row order is not content
    changed = dataset.copy()
    changed.loc[0, "title"] = changed.loc[0, "title"] + "!"
    assert dataset_version(changed) != version
    assert len(version) == 12 and int(version, 16) >= 0


def test_a_changed_file_or_a_value_outside_the_schema_fails_validation(files, dataset, tmp_path):
    tampered = dict(files)
    tampered[INCIDENTS_CSV] = files[INCIDENTS_CSV].replace(b"Ogossagou", b"Ogossagoo")
    assert valid(tampered, tmp_path / "tampered")[0] is False

    odd = dataset.copy()
    odd.loc[odd["id"] == "ML-2020-002", "event_type"] = "Nonsense"
    is_valid, errors = valid(package_files(odd, MOPTI_2020), tmp_path / "odd")
    assert not is_valid and errors[0][0] == "constraint-error"


def test_an_imported_dataset_keeps_its_low_best_high(dataset, tmp_path):
    imported = dataset.head(3).copy()
    imported["id"] = ["UCDP-1", "UCDP-2", "UCDP-3"]
    imported["source"] = "Reuters"
    imported["source_format"] = "ucdp"
    imported["killed"] = pd.array([12, None, 2], dtype="Int64")
    imported["killed_low"] = pd.array([10, None, 2], dtype="Int64")
    imported["killed_high"] = pd.array([40, None, 5], dtype="Int64")
    files = package_files(imported, IncidentFilter(), "ucdp-2020", created=CREATED)
    assert valid(files, tmp_path) == (True, [])
    descriptor = json.loads(files[DESCRIPTOR])
    assert descriptor["name"] == "mali-incidents-ucdp-2020"
    assert descriptor["sources"] == []
    figures = pd.read_csv(io.BytesIO(files[FIGURES_CSV]), dtype=str, keep_default_na=False)
    first = figures.iloc[0]
    assert (first["source"], first["low"], first["best"], first["high"]) == (
        "UCDP GED", "10", "12", "40",
    )  # fmt: skip
    rows = pd.read_csv(io.BytesIO(files[INCIDENTS_CSV]), dtype=str, keep_default_na=False)
    assert rows["url"].iloc[0] == "http://localhost:8501/incidents?id=UCDP-1&dataset=ucdp-2020"


def test_zip_holds_the_same_files_descriptor_first(files):
    archive = zipfile.ZipFile(io.BytesIO(package_zip(files)))
    assert archive.namelist()[0] == DESCRIPTOR
    assert {n: archive.read(n) for n in archive.namelist()} == files


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "incidents", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.usefixtures("dataset")
def test_cli_writes_a_valid_package_of_the_filtered_rows(tmp_path):
    out = tmp_path / "package"
    done = run_cli("export", "--format", "datapackage", "--out", str(out), "--region", "segou")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out / DESCRIPTOR)
    assert validate(out / DESCRIPTOR).valid
    rows = pd.read_csv(out / INCIDENTS_CSV, dtype=str, keep_default_na=False)
    assert list(rows["id"]) == ["ML-2020-003", "ML-2020-016"]
    descriptor = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    assert descriptor["filter"]["query"] == {"region": ["Ségou"]}


def test_cli_packages_a_saved_dataset_under_its_name(tmp_path, dataset):
    store.save_dataset("sahel-2020", dataset.head(3), tmp_path / "datasets")
    out = tmp_path / "package"
    done = run_cli(
        "export", "--format", "datapackage", "--out", str(out), "--dataset", "sahel-2020",
        env={"INCIDENTS_DATA_DIR": str(tmp_path / "datasets"), "INCIDENTS_BASE_URL": "https://m.example"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert validate(out / DESCRIPTOR).valid
    descriptor = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    assert (descriptor["dataset"], descriptor["name"]) == (
        "sahel-2020",
        "mali-incidents-sahel-2020",
    )
    assert descriptor["version"] == dataset_version(
        store.load_dataset("sahel-2020", tmp_path / "datasets")
    )
    rows = pd.read_csv(out / INCIDENTS_CSV, dtype=str, keep_default_na=False)
    first = dataset["id"].iloc[0]
    assert rows["url"].iloc[0] == f"https://m.example/incidents?id={first}&dataset=sahel-2020"


def test_cli_datapackage_needs_an_output_directory():
    done = run_cli("export", "--format", "datapackage")
    assert done.returncode == 1
    assert "--out DIR" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("export", "--out", "somewhere")
    assert done.returncode == 1 and "--format datapackage" in done.stderr


def test_the_pages_view_citation_is_the_packages(descriptor, dataset):
    assert view_citation(dataset, MOPTI_2020, accessed=CREATED.date()) == descriptor["citation"]
    whole = view_citation(dataset, IncidentFilter(), accessed=CREATED.date())
    assert f"{len(dataset)} incidents (no filter: the whole dataset)" in whole
