"""Fixtures for the incident core. Tests marked as using ``curated`` need the real geodata."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from incidents import model
from incidents.load import DEFAULT_PATH, LoadResult, load_incidents
from tests.incidents.fakes import FakeGeocoder, fake_locator


@pytest.fixture(scope="session")
def curated() -> LoadResult:
    """The curated data/incidents.csv loaded with the real geocoder and polygons."""
    return load_incidents()


@pytest.fixture(scope="session")
def curated_rows() -> list[dict[str, str]]:
    with DEFAULT_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def geocoder() -> FakeGeocoder:
    return FakeGeocoder()


def good_row(**cells: str) -> dict[str, str]:
    """A valid curated row (a Farabougou-like incident) with some cells replaced."""
    row = dict.fromkeys(model.CURATED_FIELDS, "")
    row.update(
        id="T-001",
        title="Test incident",
        date_start="2020-09-01",
        date_end="2020-09-30",
        date_precision="month",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        perpetrator_type="Unidentified armed group",
        location="Farabougou",
        geo_hint="Niono",
        killed="2",
        source="002_5722450adf37214a.txt",
        source_quote="A sentence.",
    )
    row.update(cells)
    return row


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (dicts) to a CSV file with the curated header; returns its path."""

    def write(rows: list[dict[str, str]], name: str = "incidents.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=model.CURATED_FIELDS)  # CRLF: quotes a CR
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def load_fake(geocoder: FakeGeocoder) -> Callable[[Path], LoadResult]:
    """load_incidents with the fake geocoder and locator (no geodata needed)."""
    return lambda path: load_incidents(path, geocoder=geocoder, locator=fake_locator)
