"""`python -m geo.geocode` end to end, in a subprocess, as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo.geocode", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_one_json_object_per_name_and_line():
    proc = run("--hint", "Niono", "Farabougou", "Paris", "Ségou region")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["query"] for r in records] == ["Farabougou", "Paris", "Ségou region"]
    for record in records:
        assert set(record) == {"query", "match", "candidates"}
    farabougou, paris, segou = records
    assert farabougou["match"] == {
        "name": "Farabougou", "lat": 14.8921, "lon": -6.1414, "admin1": "Ségou",
        "admin2": "Niono", "admin3": "Dogofry", "precision": "point", "score": 100.0,
    }  # fmt: skip
    assert farabougou["candidates"] == 1
    assert paris == {"query": "Paris", "match": None, "candidates": 0}
    assert (segou["match"]["precision"], segou["match"]["admin1"]) == ("region", "Ségou")


def test_no_match_still_exits_zero():
    proc = run("Yangassadiou")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"query": "Yangassadiou", "match": None, "candidates": 0}


def test_ambiguous_name_reports_its_candidate_count():
    record = json.loads(run("Farabougou").stdout)
    assert record["candidates"] == 9
    assert record["match"]["admin2"] == "Niono"


def test_fallback_through_the_cli():
    record = json.loads(run("--hint", "Douentza", "Yangassadiou").stdout)
    assert record["match"]["precision"] == "cercle"
    assert record["match"]["name"] == "Douentza"


def test_note_flag_adds_status_and_note():
    record = json.loads(run("--note", "Farabougou").stdout)
    assert record["status"] == "ambiguous" and record["ambiguous"] is True
    assert record["note"].startswith("9 places called Farabougou")


def test_missing_name_is_a_usage_error():
    proc = run()
    assert proc.returncode == 2
    assert "NAME" in proc.stderr
