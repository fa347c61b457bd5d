"""Read a messy tabular file (CSV in any common encoding and delimiter, or .xlsx) into strings.

Every cell comes back as a ``str`` ("" for an empty cell): interpreting values is the job of
the format mappers, which can then name the row, the column and the value that failed.
The DataFrame index is the spreadsheet row number (header = row 1, first data row = row 2).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from incidents.errors import DROPPED, RowError

MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
# Tried in order: utf-8-sig also reads plain UTF-8; cp1252 is what French Excel writes;
# latin-1 decodes any byte, so the last resort never fails (cp1252 leaves 5 bytes undefined).
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class ImportFileError(ValueError):
    """The file cannot be read at all. The message is one sentence meant for the user."""


@dataclass(frozen=True)
class RawTable:
    """A file's cells as text, with what was needed to read it."""

    table: pd.DataFrame  # str cells; index = spreadsheet row number
    encoding: str  # "xlsx" for a workbook
    delimiter: str  # "" for a workbook
    bad_rows: list[RowError]  # rows that could not be split into the header's columns


def read_table(data: bytes, filename: str = "", max_bytes: int = MAX_BYTES) -> RawTable:
    """Read CSV or .xlsx bytes. Raises ImportFileError when nothing usable can be read."""
    if len(data) > max_bytes:
        raise ImportFileError(
            f"The file is {_size(len(data))}, over the {_size(max_bytes)} import limit."
        )
    if not data.strip().removeprefix(b"\xef\xbb\xbf").strip():
        raise ImportFileError("The file is empty.")
    if data.startswith(XLSX_MAGIC):
        rows, encoding, delimiter = _xlsx_rows(data), "xlsx", ""
    elif data.startswith(OLE2_MAGIC):
        raise ImportFileError(
            "This is a legacy Excel 97-2003 (.xls) or Office file: save it as .xlsx or CSV."
        )
    else:
        text, encoding = decode_text(data)
        delimiter = _sniff_delimiter(text)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _to_table(rows, encoding, delimiter, filename)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it; a binary file raises ImportFileError."""
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                "The file starts like UTF-16 text but cannot be decoded."
            ) from exc
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise ImportFileError(
            "This looks like a binary file, not a CSV or .xlsx table of incidents."
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls / max(len(sample), 1)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-empty line into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d))) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep the first: comma
    return best if counts[best] > 1 else ","


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only workbooks need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            "The file is a zip archive but not a readable .xlsx workbook."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Workbook cells as the text a CSV would carry (dates ISO, whole floats without .0)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_table(rows: list[list[str]], encoding: str, delimiter: str, filename: str) -> RawTable:
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise ImportFileError("The file is empty.")
    _, header = numbered[0]  # blank lines above the header keep their row numbers
    columns = [_column_name(c) for c in header]
    while columns and not columns[-1]:  # trailing empty header cells (Excel, trailing ;)
        columns.pop()
    columns = _unique(columns)
    width = len(columns)
    if width < 2:
        name = f" {filename}" if filename else ""
        raise ImportFileError(
            f"No recognisable header in the file{name}: its first line has "
            f"{width} column(s); expected a table of incidents with a header row."
        )
    kept: dict[int, list[str]] = {}
    bad: list[RowError] = []
    for number, row in numbered[1:]:
        cells = [c.strip() for c in row]
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) > width:
            message = (
                f"the row has {len(cells)} cells but the header has {width} "
                "columns (an unquoted delimiter inside a value?); row not imported"
            )
            preview = _preview(delimiter or ",", row)
            bad.append(RowError(number, "", preview, message, "bad_shape", DROPPED))
            continue
        kept[number] = cells + [""] * (width - len(cells))
    table = pd.DataFrame.from_dict(kept, orient="index", columns=columns, dtype=str)
    if not kept:
        table = pd.DataFrame(columns=columns, dtype=str)
    table.index.name = "row"
    return RawTable(table, encoding, delimiter, bad)


def _column_name(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip()


def _unique(columns: list[str]) -> list[str]:
    """Repeated header cells get a suffix (notes, notes.2) so no column hides another."""
    seen: dict[str, int] = {}
    unique = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        unique.append(column if seen[column] == 1 else f"{column}.{seen[column]}")
    return unique


def _preview(delimiter: str, row: list[str], limit: int = 80) -> str:
    text = delimiter.join(row)
    return text if len(text) <= limit else text[: limit - 1] + "…"
