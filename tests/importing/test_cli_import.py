"""``python -m incidents import`` and ``export --dataset`` end to end, through ``main(argv)``."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from incidents import store
from incidents.frame import recorded_measures
from incidents.load import DEFAULT_PATH
from tests.importing.fixtures import (
    ACLED_COLUMNS,
    MONADIC_COLUMNS,
    MONADIC_EVENTS,
    acled_row,
    monadic_rows,
    to_csv,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def acled_file(tmp_path) -> Path:
    rows = [acled_row(), acled_row(event_id_cnty="MLI9", event_date="not a date")]
    path = tmp_path / "ACLED Mali 2020.csv"
    path.write_text(to_csv(ACLED_COLUMNS, rows), encoding="utf-8-sig")
    return path


def test_import_json_summary_saves_the_dataset_and_export_reads_it(run, acled_file, tmp_path):
    data_dir = tmp_path / "datasets"
    checksum = hashlib.sha256(DEFAULT_PATH.read_bytes()).hexdigest()
    done = run("import", str(acled_file), "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert list(summary) == ["format", "rows", "imported", "errors"]
    assert (summary["format"], summary["rows"], summary["imported"]) == ("acled", 2, 1)
    assert summary["errors"][0]["row"] == 3
    assert summary["errors"][0]["column"] == "event_date"
    assert summary["errors"][0]["value"] == "not a date"
    first = summary["errors"][0]
    assert (first["code"], first["outcome"]) == ("bad_date", "dropped")
    assert (data_dir / "acled-mali-2020.parquet").is_file()

    exported = run("export", "--dataset", "acled-mali-2020", data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    curated = run("export", data_dir=data_dir)
    header = exported.stdout.splitlines()[0].split(",")
    curated_header = curated.stdout.splitlines()[0].split(",")
    # the curated columns, then the file's own admin names and ids beside ours
    assert header[: len(curated_header)] == curated_header
    assert {"source_event_id", "source_admin1", "source_format"} <= set(header)
    row = pd.read_csv(pd.io.common.StringIO(exported.stdout)).iloc[0]
    assert (row["id"], row["killed"], row["admin1"]) == ("MLI1001", 35, "Mopti")
    assert (row["source_admin1"], row["source_format"]) == ("Mopti", "acled")

    exported_geojson = run(
        "export", "--dataset", "acled-mali-2020", "--format", "geojson", data_dir=data_dir
    )
    geojson = json.loads(exported_geojson.stdout)
    assert geojson["type"] == "FeatureCollection" and len(geojson["features"]) == 1
    # nothing is lost: the curated file is untouched by imports
    assert hashlib.sha256(DEFAULT_PATH.read_bytes()).hexdigest() == checksum


def test_import_human_report_names_the_dataset_and_the_problems(run, acled_file, tmp_path):
    done = run("import", str(acled_file), "--name", "mine", "--format", "acled", data_dir=tmp_path)
    assert done.returncode == 0
    assert "1 of 2 rows imported" in done.stdout
    assert "saved as dataset 'mine'" in done.stdout
    assert "row 3, event_date = 'not a date'" in done.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "The file is empty."),
        (b"\x00\x01\x02binary\x00", (), "binary file"),
        (b"name,age\nAmadou,30\n", (), "No recognisable header"),
        (b"a,b\n1,2\n", ("--name", "../../etc"), "invalid dataset name"),
        (b"a,b\n1,2\n", ("--name", "curated"), "cannot be replaced"),
    ],
)
def test_unreadable_input_exits_1_with_one_line_and_no_traceback(
    run, tmp_path, content, args, message
):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    done = run("import", str(path), *args, data_dir=tmp_path / "ds")
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "ds").exists()


def test_missing_file_and_unknown_dataset(run, tmp_path):
    done = run("import", str(tmp_path / "nope.csv"), data_dir=tmp_path)
    assert done.returncode == 1 and "No such file" in done.stderr
    done = run("export", "--dataset", "nope", data_dir=tmp_path)
    assert done.returncode == 1 and "no saved dataset called 'nope'" in done.stderr


def test_import_runs_as_a_command(acled_file, tmp_path):
    """The one run in a child process: ``python -m incidents import`` as a user types it."""
    imported = subprocess.run(
        [sys.executable, "-m", "incidents", "import", str(acled_file), "--name", "smoke", "--json"],
        cwd=REPO,
        env={**os.environ, "INCIDENTS_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["imported"] == 1
    assert store.load_dataset("smoke", tmp_path)["id"].tolist() == ["MLI1001"]


def test_a_real_shaped_monadic_acled_export_imports_every_event_once(run, tmp_path):
    path = tmp_path / "acled-mali-monadic.csv"
    path.write_text(to_csv(MONADIC_COLUMNS, monadic_rows()), encoding="utf-8")
    done = run("import", str(path), "--json", data_dir=tmp_path / "ds")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["rows"], summary["imported"]) == (8, len(MONADIC_EVENTS))
    assert [e["code"] for e in summary["errors"]] == ["merged_rows"]
    saved = store.load_dataset("acled-mali-monadic", tmp_path / "ds")
    assert sorted(saved["id"]) == sorted(e[0] for e in MONADIC_EVENTS)
    # the killed total equals the file's, counted per event
    assert int(saved["killed"].sum()) == sum(int(e[6]) for e in MONADIC_EVENTS)
    assert recorded_measures(saved) == {"killed"}  # survives the save
    assert saved["injured"].isna().all()


def test_map_option_reads_a_table_and_the_report_lists_the_columns(run, tmp_path):
    path = tmp_path / "releve.csv"
    lines = ["Quartier;Jour;Bilan humain;Observations", "Banconi;12/05/2020;3;tirs"]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    done = run("import", str(path), "--map", "Quartier=location", "--map",
               "Bilan humain=killed", data_dir=tmp_path / "ds")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 of 1 rows imported" in done.stdout
    assert "  Quartier -> location" in done.stdout
    assert "  Observations -> notes" in done.stdout
    saved = store.load_dataset("releve", tmp_path / "ds")
    assert (saved.iloc[0]["location"], saved.iloc[0]["killed"]) == ("Banconi", 3)
    assert recorded_measures(saved) == {"killed"}


def test_map_option_errors_exit_1(run, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"lieu;date\nKayes;2020-01-01\n")
    done = run("import", str(path), "--map", "lieu", data_dir=tmp_path / "ds")
    assert done.returncode == 2 and "expected COLUMN=field" in done.stderr
    done = run("import", str(path), "--map", "Village=location", data_dir=tmp_path / "ds")
    assert done.returncode == 1 and "no column 'Village'" in done.stderr
    assert not (tmp_path / "ds").exists()


def test_a_table_with_no_importable_row_saves_nothing(run, tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes("lieu;date\n;2020-01-01\nKayes;jamais\n".encode("cp1252"))
    done = run("import", str(path), data_dir=tmp_path / "ds")
    assert done.returncode == 0, done.stderr
    assert "0 of 2 rows imported" in done.stdout
    assert "nothing saved" in done.stdout
    assert "row 2, location = ''" in done.stdout
    assert "row 3, date_start = 'jamais'" in done.stdout
    assert not (tmp_path / "ds").exists()
