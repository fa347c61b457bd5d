"""``python -m incidents import``: replacing a dataset, the upload limit, hostile files."""

from pathlib import Path

import pytest

from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv


@pytest.fixture
def acled_file(tmp_path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(to_csv(ACLED_COLUMNS, [acled_row()]), encoding="utf-8")
    return path


def test_importing_over_an_existing_name_needs_replace(run, acled_file, tmp_path):
    data_dir = tmp_path / "ds"
    assert run("import", str(acled_file), "--name", "mine", data_dir=data_dir).returncode == 0
    saved = (data_dir / "mine.parquet").read_bytes()
    again = run("import", str(acled_file), "--name", "mine", data_dir=data_dir)
    assert again.returncode == 1
    assert "'mine' already exists" in again.stderr and "--replace" in again.stderr
    assert "Traceback" not in again.stderr
    assert (data_dir / "mine.parquet").read_bytes() == saved
    replaced = run("import", str(acled_file), "--name", "mine", "--replace", data_dir=data_dir)
    assert replaced.returncode == 0, replaced.stderr
    assert "saved as dataset 'mine'" in replaced.stdout


def test_a_file_over_the_upload_limit_is_refused_at_once(run, tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTS_MAX_UPLOAD_MB", "1")
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 300_000)  # 1.2 MB
    done = run("import", str(path), data_dir=tmp_path / "ds")
    assert done.returncode == 1
    assert "over the 1.0 MB import limit" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "change",
    [
        {"notes": "x" * 200_000},
        {"notes": '"an unclosed quote'},
        {"fatalities": "99999999999999999999"},
        {"event_date": "1500-01-01"},
        {"notes": "a\x00b"},
    ],
    ids=["long cell", "unclosed quote", "huge count", "year 1500", "NUL"],
)
def test_one_bad_cell_never_sinks_the_file(run, tmp_path, change):
    rows = [acled_row(event_id_cnty="GOOD1"), acled_row(event_id_cnty="BAD", **change),
            acled_row(event_id_cnty="GOOD2")]  # fmt: skip
    text = to_csv(ACLED_COLUMNS, rows)
    if change.get("notes", "").startswith('"'):  # written as it is, not quoted by the writer
        text = text.replace('"""an unclosed quote"', '"an unclosed quote')
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    done = run("import", str(path), "--name", "fuzz", data_dir=tmp_path / "ds")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "of 3 rows imported" in done.stdout
    assert "row 3" in done.stdout  # the bad row is named
