"""Seeded random damage to valid files: every import either succeeds or says why in one line.

A mutation flips, inserts, deletes or repeats bytes of a valid ACLED CSV or .xlsx export (or
of one XML part inside the workbook). The
import must then return its rows and errors or raise ``ImportFileError`` (one sentence), never
another exception, and take well under 10 s.
"""

import io
import random
import time
import zipfile

import pytest
from openpyxl import Workbook

from incidents.errors import CODES, DROPPED, ERROR_COLUMNS
from incidents.importers import ImportFileError, read_incidents
from incidents.schema import FIRST_YEAR, LAST_YEAR, MAX_COUNT
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv
from tests.incidents.fakes import FakeGeocoder

ROWS = [acled_row(event_id_cnty=f"MLI{i}", fatalities=str(i)) for i in range(8)]
CSV = to_csv(ACLED_COLUMNS, ROWS).encode("utf-8")
SPECIAL = [b'"', b",", b"\r\n", b"\x00", b"\xff", b"9" * 30, b"=", b"<", b"&", b"\xc3"]


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(ACLED_COLUMNS)
    for row in ROWS:
        book.active.append([row[c] for c in ACLED_COLUMNS])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


XLSX = _workbook()


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out))
        kind = rng.choice(["flip", "insert", "delete", "repeat", "truncate"])
        if kind == "flip":
            out[at] = rng.randrange(256)
        elif kind == "insert":
            out[at:at] = rng.choice(SPECIAL)
        elif kind == "delete":
            del out[at : at + rng.randint(1, 20)]
        elif kind == "repeat":
            out[at:at] = out[at : at + rng.randint(1, 50)] * rng.randint(2, 200)
        else:
            del out[at:]
        if not out:
            break
    return bytes(out)


def mutate_part(workbook: bytes, rng: random.Random) -> bytes:
    """The workbook, zipped again, with one of its XML parts (most often the sheet) damaged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        names = [item.filename for item in source.infolist()]
        target = rng.choice([*names, *["xl/worksheets/sheet1.xml"] * len(names)])
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as damaged:
            for name in names:
                part = source.read(name)
                damaged.writestr(name, mutate(part, rng) if name == target else part)
    return out.getvalue()


@pytest.mark.parametrize(
    ("original", "seed"),
    [(CSV, seed) for seed in range(60)] + [(XLSX, seed) for seed in range(60)],
    ids=[f"csv-{s}" for s in range(60)] + [f"xlsx-{s}" for s in range(60)],
)
def test_a_damaged_file_imports_or_says_why(original, seed):
    rng = random.Random(seed)
    # workbooks: bytes of the zip itself (mostly refused whole), or of one XML part inside
    data = mutate_part(original, rng) if original is XLSX and seed % 3 else mutate(original, rng)
    started = time.monotonic()
    try:
        result = read_incidents(data, "damaged", geocoder=FakeGeocoder())
    except ImportFileError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert list(result.errors.columns) == list(ERROR_COLUMNS)
        assert set(result.errors["code"]) <= set(CODES)
        # nothing lost silently: a row not imported is named in the error table
        dropped = set(result.errors.loc[result.errors["outcome"] == DROPPED, "row"])
        assert result.imported + len(dropped) >= result.rows
        # what was imported fits its columns
        incidents = result.incidents
        assert (incidents["killed"].dropna() <= MAX_COUNT).all()
        years = incidents["date_start"].dt.year
        assert years.between(FIRST_YEAR, LAST_YEAR).all()
    assert time.monotonic() - started < 10
