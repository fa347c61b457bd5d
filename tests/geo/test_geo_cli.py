"""`python -m geo.geocode` end to end, through ``main(argv)`` and once as a command."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo import geocode
from tests.conftest import CallMain, CliResult

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(call_main: CallMain):
    def run(*args: str) -> CliResult:
        return call_main(geocode.main, *args)

    return run


def test_one_json_object_per_name_and_line():
    """The one run in a child process: ``python -m geo.geocode`` as a user types it."""
    args = ["--hint", "Niono", "Farabougou", "Paris", "Ségou region"]
    proc = subprocess.run(
        [sys.executable, "-m", "geo.geocode", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["query"] for r in records] == ["Farabougou", "Paris", "Ségou region"]
    for record in records:
        assert set(record) == {"query", "match", "candidates"}
    farabougou, paris, segou = records
    assert farabougou["match"] == {
        "name": "Farabougou",
        "lat": 14.8921,
        "lon": -6.1414,
        "admin1": "Ségou",
        "admin2": "Niono",
        "admin3": "Dogofry",
        "precision": "point",
        "score": 100.0,
    }
    assert farabougou["candidates"] == 1
    assert paris == {"query": "Paris", "match": None, "candidates": 0}
    assert (segou["match"]["precision"], segou["match"]["admin1"]) == ("region", "Ségou")


def test_no_match_still_exits_zero(run):
    proc = run("Yangassadiou")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"query": "Yangassadiou", "match": None, "candidates": 0}


def test_ambiguous_name_reports_its_candidate_count(run):
    record = json.loads(run("Farabougou").stdout)
    assert record["candidates"] == 9
    assert record["match"]["admin2"] == "Niono"


def test_fallback_through_the_cli(run):
    record = json.loads(run("--hint", "Douentza", "Yangassadiou").stdout)
    assert record["match"]["precision"] == "cercle"
    assert record["match"]["name"] == "Douentza"


def test_note_flag_adds_status_and_note(run):
    record = json.loads(run("--note", "Farabougou").stdout)
    assert record["status"] == "ambiguous" and record["ambiguous"] is True
    assert record["note"].startswith("9 places called Farabougou")


def test_missing_name_is_a_usage_error(run):
    proc = run()
    assert proc.returncode == 2
    assert "NAME" in proc.stderr
