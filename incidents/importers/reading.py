"""Read a messy tabular file (CSV in any common encoding and delimiter, or .xlsx) into strings.

Every cell comes back as a ``str`` ("" for an empty cell): interpreting values is the job of
the format mappers, which can then name the row, the column and the value that failed.
The DataFrame index is the spreadsheet row number (header = row 1, first data row = row 2).

One bad cell never sinks the file: a row the CSV reader cannot split (an unclosed quote, a cell
over ``FIELD_LIMIT`` characters), a cell over ``MAX_CELL_CHARS`` (cut to that length) and
invisible control characters (removed) become row errors. Only a file that cannot be read at
all raises ``ImportFileError``, with one sentence for the user. Workbooks are checked before
they are opened (declared sizes, compression ratio, rows, columns: ``WORKBOOK_LIMITS``) and
their XML is parsed by openpyxl through ``defusedxml``, which refuses entity declarations.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from i18n import _, format_number, ngettext
from incidents.errors import DROPPED, KEPT, RowError

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# The one upload limit, in megabytes of 1024 * 1024 bytes (Streamlit's unit): the CLI, the
# Import page and the server's ``server.maxUploadSize`` (.streamlit/config.toml) use it. The
# default fits a Sahel-wide ACLED export (about 150 MB of CSV).
UPLOAD_LIMIT_ENV = "INCIDENTS_MAX_UPLOAD_MB"
DEFAULT_UPLOAD_LIMIT_MB = 200


def upload_limit_mb(environ: Mapping[str, str] = os.environ) -> int:
    """The upload limit in MB: ``$INCIDENTS_MAX_UPLOAD_MB``, else ``DEFAULT_UPLOAD_LIMIT_MB``."""
    text = environ.get(UPLOAD_LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_UPLOAD_LIMIT_MB
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{UPLOAD_LIMIT_ENV} must be a whole number of megabytes, not {text!r}")
    return int(text)


def max_upload_bytes() -> int:
    """The upload limit in bytes, read when a file is read (a changed setting applies at once)."""
    return upload_limit_mb() * 1024 * 1024


# The longest cell kept: Excel's own limit, so whatever we keep also fits in a spreadsheet.
MAX_CELL_CHARS = 32_767
# The longest field the CSV reader accepts (its default, 131,072, would sink a whole file with
# one long cell). A longer "cell" is an unclosed quote swallowing the lines after it: that
# row is reported and reading resumes on the next line, at most MAX_CSV_RECOVERIES times.
FIELD_LIMIT = 1024 * 1024
MAX_CSV_RECOVERIES = 100


@dataclass(frozen=True)
class WorkbookLimits:
    """What an .xlsx may hold; checked on the zip's declared sizes before anything is unpacked
    (the zip module never unpacks more than a member declares)."""

    unpacked_bytes: int = 1024 * 1024 * 1024  # all members together
    shared_strings_bytes: int = 256 * 1024 * 1024  # the text table, held in memory whole
    members: int = 10_000
    # A member unpacking to over 100 times its packed size is a zip bomb (Apache POI's rule);
    # small members are exempt, as tiny XML parts compress that well.
    inflate_ratio: int = 100
    ratio_exempt_bytes: int = 1024 * 1024
    rows: int = 1_048_576  # Excel's own sheet limits for rows...
    columns: int = 1_024  # ...but far fewer columns: our formats have under 60


WORKBOOK_LIMITS = WorkbookLimits()

DELIMITERS = (",", ";", "\t", "|")
# Tried in order: utf-8-sig also reads plain UTF-8; cp1252 is what French Excel writes;
# latin-1 decodes any byte, so the last resort never fails (cp1252 leaves 5 bytes undefined).
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 controls other than tab and line ends, and DEL: invisible, and a NUL truncates text in C.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A file in UTF-8 but for a few bytes (a cell pasted from elsewhere) is read as UTF-8, each
# bad byte shown as U+FFFD and its cell reported, rather than read as cp1252 with every accent
# of the file garbled. "But for a few": this many well-formed non-ASCII characters per bad byte.
UTF8_MAJORITY = 10
REPLACEMENT = "\ufffd"


class ImportFileError(ValueError):
    """The file cannot be read at all. The message is one sentence meant for the user."""


@dataclass(frozen=True)
class RawTable:
    """A file's cells as text, with what was needed to read it."""

    table: pd.DataFrame  # str cells; index = spreadsheet row number
    encoding: str  # "xlsx" for a workbook
    delimiter: str  # "" for a workbook
    bad_rows: list[RowError]  # rows that could not be read, and cells changed to be kept

    @property
    def rows(self) -> int:
        """The file's data rows, readable or not."""
        return len(self.table) + len({e.row for e in self.bad_rows if e.outcome == DROPPED})


def read_table(data: bytes, filename: str = "", max_bytes: int | None = None) -> RawTable:
    """Read CSV or .xlsx bytes. Raises ImportFileError when nothing usable can be read."""
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is {size}, over the {limit} import limit.").format(
                size=_size(len(data)), limit=_size(max_bytes)
            )
        )
    if not data.strip().removeprefix(b"\xef\xbb\xbf").strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        rows, failures = _xlsx_rows(data), dict[int, str]()
        encoding, delimiter, controls, replaced = "xlsx", "", True, False
    elif data.startswith(OLE2_MAGIC):
        raise ImportFileError(
            _("This is a legacy Excel 97-2003 (.xls) or Office file: save it as .xlsx or CSV.")
        )
    else:
        text, encoding = decode_text(data)
        delimiter = _sniff_delimiter(text)
        rows, failures = split_csv(text, delimiter)
        controls = _CONTROL.search(text) is not None
        replaced = encoding == "utf-8-sig" and _replaced_bytes(data, text) > 0
    return _to_table(rows, failures, encoding, delimiter, filename, controls, replaced)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("{megabytes} MB").format(megabytes=format_number(round(n / 1024 / 1024, 1)))
    return ngettext("{n} byte", "{n} bytes", n).format(n=format_number(n))


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it; a binary file raises ImportFileError."""
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file starts like UTF-16 text but cannot be decoded.")
            ) from exc
    if _control_ratio(data[:8192]) > 0.05:
        raise ImportFileError(
            _("This looks like a binary file, not a CSV or .xlsx table of incidents.")
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            if encoding == "utf-8-sig" and (text := _mostly_utf8(data)) is not None:
                return text, encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _mostly_utf8(data: bytes) -> str | None:
    """The UTF-8 text with bad bytes replaced, when they are few (``UTF8_MAJORITY``)."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = _replaced_bytes(data, text)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text if non_ascii - bad >= UTF8_MAJORITY * bad else None


def _replaced_bytes(data: bytes, text: str) -> int:
    """How many U+FFFD in ``text`` stand for undecodable bytes of ``data`` (UTF-8)."""
    return text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls / max(len(sample), 1)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-empty line into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _field_count(first, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep the first: comma
    return best if counts[best] > 1 else ","


def _field_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error:  # a first line over FIELD_LIMIT: count the delimiters themselves
        return line.count(delimiter) + 1


def split_csv(text: str, delimiter: str = ",") -> tuple[list[list[str]], dict[int, str]]:
    """CSV text -> its records (record 1 = the first), and for each record that cannot be split
    into cells, its number -> why, in a sentence (the record is then an empty list).

    Quotes are read strictly first, so that a quote never closed is found instead of silently
    swallowing the rest of the file: that record is reported and reading resumes on its next
    line. A stray quote inside a record (``"a"b``) is read leniently, as spreadsheets do.
    """
    # The limit is process-wide and other libraries set it too (frictionless does): set it for
    # every read rather than once at import.
    csv.field_size_limit(FIELD_LIMIT)
    lines = io.StringIO(text, newline="").readlines()
    rows: list[list[str]] = []
    failures: dict[int, str] = {}
    start, recoveries = 0, 0
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), delimiter=delimiter, strict=True)
        while True:
            first = start + reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return rows, failures
            except csv.Error as exc:
                end = start + reader.line_num
                unclosed = end >= len(lines) or "field limit" in str(exc)
                if not unclosed:  # a stray quote: the record's own lines, read leniently
                    rows.extend(csv.reader(lines[first:end], delimiter=delimiter))
                    continue
                rows.append([])
                recoveries += 1
                if recoveries > MAX_CSV_RECOVERIES:
                    failures[len(rows)] = _(
                        "more than {n} rows have a quote that is never closed; the rest of "
                        "the file from this row is not imported"
                    ).format(n=format_number(MAX_CSV_RECOVERIES))
                    return rows, failures
                failures[len(rows)] = _(
                    "a quote opened in this row is never closed, or a cell is longer than "
                    "{limit} characters; row not imported, reading resumed on the next line"
                ).format(limit=format_number(FIELD_LIMIT))
                start = first + 1
                break
            rows.append(row)
    return rows, failures


def _xlsx_rows(data: bytes, limits: WorkbookLimits = WORKBOOK_LIMITS) -> list[list[str]]:
    import openpyxl.xml  # imported here: only workbooks need it
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    if not openpyxl.xml.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False, or defusedxml missing
        raise ImportFileError(_("Workbooks cannot be read safely here: import a CSV instead."))
    _check_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything on a broken part: one message
        if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise _entities_refused() from exc
        raise ImportFileError(
            _("The file is a zip archive but not a readable .xlsx workbook.")
        ) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        return _sheet_rows(workbook.worksheets[0], limits)
    except DefusedXmlException as exc:
        raise _entities_refused() from exc
    except ImportFileError:
        raise
    except Exception as exc:  # broken sheet XML, a missing shared string, a row numbered NaN
        raise ImportFileError(
            _(
                "The workbook's first sheet is damaged ({problem}): open and save it again "
                "in a spreadsheet, or export it as CSV."
            ).format(problem=_sheet_problem(exc))
        ) from exc
    finally:
        workbook.close()


def _sheet_problem(exc: Exception) -> str:
    if isinstance(exc, IndexError):  # openpyxl looks shared strings up by position
        return _("a cell refers to a shared text the workbook does not have")
    return _preview(str(exc) or type(exc).__name__)


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _entities_refused() -> ImportFileError:
    return ImportFileError(
        _("The workbook's XML declares entities, which are refused: export it as CSV.")
    )


def _check_archive(data: bytes, limits: WorkbookLimits) -> None:
    """Refuse a workbook whose zip declares more than ``limits`` allow, before unpacking."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            _("The file is a zip archive but not a readable .xlsx workbook.")
        ) from exc
    too_big = _("The workbook unpacks to more than {limit}: refused as a possible zip bomb.")
    if len(members) > limits.members:
        raise ImportFileError(
            _("The workbook holds more than {n} parts: refused.").format(
                n=format_number(limits.members)
            )
        )
    if sum(m.file_size for m in members) > limits.unpacked_bytes:
        raise ImportFileError(too_big.format(limit=_size(limits.unpacked_bytes)))
    for member in members:
        shared = member.filename.lower().endswith("sharedstrings.xml")
        if shared and member.file_size > limits.shared_strings_bytes:
            raise ImportFileError(too_big.format(limit=_size(limits.shared_strings_bytes)))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_exempt_bytes and ratio > limits.inflate_ratio:
            raise ImportFileError(
                _(
                    "A part of the workbook unpacks to {ratio} times its size: refused as a "
                    "zip bomb."
                ).format(ratio=format_number(int(ratio)))
            )


def _sheet_rows(sheet: ReadOnlyWorksheet, limits: WorkbookLimits) -> list[list[str]]:
    """The sheet's rows as text, trailing empty cells dropped; blank rows keep their numbers."""
    declared_rows, declared_columns = sheet.max_row, sheet.max_column  # from <dimension>
    if (declared_rows or 0) > limits.rows or (declared_columns or 0) > limits.columns:
        raise _sheet_too_big(limits)
    columns = min(declared_columns or limits.columns, limits.columns)
    rows: list[list[str]] = []
    width = 0  # the header's, once read: longer rows are cut to it when the rest is empty
    values_rows = sheet.iter_rows(max_row=limits.rows + 1, max_col=columns, values_only=True)
    for number, values in enumerate(values_rows, start=1):
        if number > limits.rows:  # openpyxl pads to max_row when it stops at a row beyond it
            raise _sheet_too_big(limits)
        if values.count(None) == len(values):  # blank (cheap: gaps come as one shared tuple)
            rows.append([])
            continue
        if width and values[width:].count(None) == len(values) - width:
            values = values[:width]
        cells = [_cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if not width:
            width = len(cells)
        rows.append(cells)
    return rows


def _sheet_too_big(limits: WorkbookLimits) -> ImportFileError:
    return ImportFileError(
        _("The sheet has more than {rows} rows or {columns} columns: refused.").format(
            rows=format_number(limits.rows), columns=format_number(limits.columns)
        )
    )


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


def _to_table(
    rows: list[list[str]],
    failures: dict[int, str],
    encoding: str,
    delimiter: str,
    filename: str,
    controls: bool = True,
    replaced: bool = False,
) -> RawTable:
    """``controls``: whether any cell may hold a control character (False skips the search);
    ``replaced``: whether the decoder replaced bad bytes (U+FFFD) in some cells."""
    checks = _CellChecks(controls, replaced)
    numbered = [
        (n, row)
        for n, row in enumerate(rows, start=1)
        if n in failures or any(c.strip() for c in row)
    ]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    header_row, header = numbered[0]  # blank lines above the header keep their row numbers
    if header_row in failures:
        raise ImportFileError(
            _("The header row cannot be read: {reason}.").format(reason=failures[header_row])
        )
    bad: list[RowError] = []
    header = _clean(header_row, header, [""] * len(header), bad, checks)
    columns = [_column_name(c) for c in header]
    while columns and not columns[-1]:  # trailing empty header cells (Excel, trailing ;)
        columns.pop()
    columns = _unique(columns)
    width = len(columns)
    if width < 2:
        name = f" {filename}" if filename else ""
        raise ImportFileError(
            _(
                "No recognisable header in the file{name}: its first line has {width} "
                "column(s); expected a table of incidents with a header row."
            ).format(name=_preview(name), width=width)
        )
    kept: dict[int, list[str]] = {}
    for number, row in numbered[1:]:
        if number in failures:
            bad.append(RowError(number, "", "", failures[number], "bad_csv", DROPPED))
            continue
        cells = [c.strip() for c in row]
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) > width:
            message = _(
                "the row has {cells} cells but the header has {width} columns (an unquoted "
                "delimiter inside a value?); row not imported"
            ).format(cells=len(cells), width=width)
            preview = _preview((delimiter or ",").join(row))
            bad.append(RowError(number, "", preview, message, "bad_shape", DROPPED))
            continue
        cells = cells + [""] * (width - len(cells))
        kept[number] = _clean(number, cells, columns, bad, checks)
    table = pd.DataFrame.from_dict(kept, orient="index", columns=columns, dtype=str)
    if not kept:
        table = pd.DataFrame(columns=columns, dtype=str)
    table.index.name = "row"
    return RawTable(table, encoding, delimiter, bad)


@dataclass(frozen=True)
class _CellChecks:
    controls: bool  # a cell may hold control characters
    replaced: bool  # a cell may hold bytes the decoder replaced


def _clean(
    row: int, cells: list[str], columns: Iterable[str], bad: list[RowError], checks: _CellChecks
) -> list[str]:
    """Cells without control characters and cut to MAX_CELL_CHARS, each change reported, and
    cells with undecodable bytes reported."""
    too_long = max(map(len, cells), default=0) > MAX_CELL_CHARS
    controls = checks.controls and any(map(_CONTROL.search, cells))
    replaced = checks.replaced and any(REPLACEMENT in c for c in cells)
    if not (too_long or controls or replaced):
        return cells  # the usual case, checked fast
    clean = []
    for cell, column in zip(cells, columns, strict=False):
        if replaced and REPLACEMENT in cell:
            message = _(
                "some bytes are not UTF-8 text, unlike the rest of the file: shown as \ufffd, "
                "row imported"
            )
            bad.append(RowError(row, column, _preview(cell), message, "bad_encoding", KEPT))
        if _CONTROL.search(cell):
            message = _("invisible control characters (NUL, ...) removed; row imported")
            bad.append(RowError(row, column, _preview(cell), message, "control_character", KEPT))
            cell = _CONTROL.sub("", cell)
        if len(cell) > MAX_CELL_CHARS:
            message = _(
                "the cell has {length} characters, more than the {limit} kept; cut to "
                "{limit}, row imported"
            ).format(length=format_number(len(cell)), limit=format_number(MAX_CELL_CHARS))
            bad.append(RowError(row, column, _preview(cell), message, "too_long", KEPT))
            cell = cell[:MAX_CELL_CHARS]
        clean.append(cell)
    return clean + cells[len(clean) :]


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


def _preview(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
