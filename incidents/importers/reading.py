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

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

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


# Rows handed out at a time by ``TableStream.chunks``: small enough that a chunk's cells, mapped
# rows and placed incidents stay a few hundred MB, large enough that per-chunk work is amortised.
CHUNK_ROWS = 50_000
# Bytes read at a time while checking a file's encoding.
_BLOCK_BYTES = 8 * 1024 * 1024
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REPLACEMENT_BYTES = REPLACEMENT.encode()

# A file to read: its bytes, or the path of a file on disk (read in blocks, never whole).
Source = bytes | str | os.PathLike[str]


def _opener(source: Source) -> Callable[[], BinaryIO]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return lambda: io.BytesIO(data)
    path = Path(source)
    return lambda: path.open("rb")


def source_size(source: Source) -> int:
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    return Path(source).stat().st_size


def _blocks(open_binary: Callable[[], BinaryIO]) -> Iterator[bytes]:
    with open_binary() as stream:
        while block := stream.read(_BLOCK_BYTES):
            yield block


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
    """Read CSV or .xlsx bytes whole. Raises ImportFileError when nothing usable can be read."""
    stream = stream_table(data, filename, max_bytes)
    kept = {number: cells for chunk in stream.chunks() for number, cells in chunk}
    table = pd.DataFrame.from_dict(kept, orient="index", columns=stream.columns, dtype=str)
    if not kept:
        table = pd.DataFrame(columns=stream.columns, dtype=str)
    table.index.name = "row"
    return RawTable(table, stream.encoding, stream.delimiter, stream.bad_rows)


def stream_table(
    source: Source, filename: str = "", max_bytes: int | None = None, chunk_rows: int = CHUNK_ROWS
) -> TableStream:
    """Open a CSV or .xlsx file (its bytes or its path) for reading in chunks of rows: the
    header is read at once (an unreadable file raises ImportFileError here), the rows by
    ``TableStream.chunks``."""
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    size = source_size(source)
    if size > max_bytes:  # checked before reading, so a huge file never fills memory
        raise ImportFileError(
            _("The file is {size}, over the {limit} import limit.").format(
                size=_size(size), limit=_size(max_bytes)
            )
        )
    open_binary = _opener(source)
    if _is_blank(open_binary):
        raise ImportFileError(_("The file is empty."))
    with open_binary() as stream:
        start = stream.read(len(OLE2_MAGIC))
    if start.startswith(XLSX_MAGIC):
        return TableStream.start(
            lambda: _xlsx_rows(open_binary), "xlsx", "", filename, _CellChecks(True, False),
            chunk_rows,
        )  # fmt: skip
    if start.startswith(OLE2_MAGIC):
        raise ImportFileError(
            _("This is a legacy Excel 97-2003 (.xls) or Office file: save it as .xlsx or CSV.")
        )
    text = _detect_encoding(open_binary)
    delimiter = _sniff_delimiter(_text_lines(open_binary, text))
    return TableStream.start(
        lambda: _csv_rows(_text_lines(open_binary, text), delimiter),
        text.encoding, delimiter, filename, _CellChecks(text.controls, text.replaced),
        chunk_rows, text.lines,
    )  # fmt: skip


def _is_blank(open_binary: Callable[[], BinaryIO]) -> bool:
    for number, block in enumerate(_blocks(open_binary)):
        if (block.removeprefix(b"\xef\xbb\xbf") if number == 0 else block).strip():
            return False
    return True


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("{megabytes} MB").format(megabytes=format_number(round(n / 1024 / 1024, 1)))
    return ngettext("{n} byte", "{n} bytes", n).format(n=format_number(n))


@dataclass(frozen=True)
class _Text:
    """How a text file is decoded, and what the check found in it."""

    encoding: str  # as reported: one of ENCODINGS, or utf-16
    errors: str  # "replace" for a UTF-8 file with a few bad bytes, else "strict"
    controls: bool  # whether some byte is a control character (cells must be cleaned)
    replaced: bool  # whether the decoder replaces bad bytes (U+FFFD) in some cells
    lines: int | None  # line ends counted (an estimate of the rows), None when not counted


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it; a binary file raises ImportFileError."""
    text = _detect_encoding(_opener(data))
    return data.decode(text.encoding, errors=text.errors), text.encoding


def _detect_encoding(open_binary: Callable[[], BinaryIO]) -> _Text:
    """The encoding of a text file, checked over the whole file block by block: UTF-8 (also with
    a few bad bytes, ``UTF8_MAJORITY``), else cp1252, else latin-1, which decodes any byte."""
    with open_binary() as stream:
        first = stream.read(8192)
    if first.startswith(UTF16_BOMS):  # Excel's "Unicode text" export
        decoder = codecs.getincrementaldecoder("utf-16")()
        try:
            for block in _blocks(open_binary):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file starts like UTF-16 text but cannot be decoded.")
            ) from exc
        return _Text("utf-16", "strict", True, False, None)
    if _control_ratio(first) > 0.05:
        raise ImportFileError(
            _("This looks like a binary file, not a CSV or .xlsx table of incidents.")
        )
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    bad = non_ascii = lines = 0
    controls, tail, last = False, b"", b"\n"
    for block in _blocks(open_binary):
        text = decoder.decode(block)
        # U+FFFD the file itself holds are not bad bytes (one may straddle two blocks)
        bad += text.count(REPLACEMENT) - (tail + block).count(_REPLACEMENT_BYTES)
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))
        lines += block.count(b"\n")
        controls = controls or _CONTROL_BYTES.search(block) is not None
        tail, last = block[-2:], block[-1:]
    text = decoder.decode(b"", final=True)
    bad += text.count(REPLACEMENT)
    rows = lines + (last != b"\n")  # a last line without its line end
    if not bad:
        return _Text("utf-8-sig", "strict", controls, False, rows)
    if non_ascii - bad >= UTF8_MAJORITY * bad:
        return _Text("utf-8-sig", "replace", controls, True, rows)
    try:
        cp1252 = codecs.getincrementaldecoder("cp1252")()
        for block in _blocks(open_binary):
            cp1252.decode(block)
        cp1252.decode(b"", final=True)
    except UnicodeDecodeError:
        return _Text("latin-1", "strict", controls, False, rows)
    return _Text("cp1252", "strict", controls, False, rows)


def _text_lines(open_binary: Callable[[], BinaryIO], text: _Text) -> Iterator[str]:
    """The file's lines, line ends kept, as ``io.StringIO(text, newline="")`` splits them."""
    with open_binary() as binary:
        stream = io.TextIOWrapper(binary, encoding=text.encoding, errors=text.errors, newline="")
        yield from stream


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls / max(len(sample), 1)


def _sniff_delimiter(lines: Iterator[str]) -> str:
    """The delimiter that splits the first non-empty line into the most fields."""
    pieces = (piece for line in lines for piece in line.splitlines())
    first = next((piece for piece in pieces if piece.strip()), "")
    lines.close()  # type: ignore[attr-defined]  # a generator: closes the file
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
    into cells, its number -> why, in a sentence (the record is then an empty list)."""
    rows: list[list[str]] = []
    failures: dict[int, str] = {}
    for number, record in _csv_rows(io.StringIO(text, newline=""), delimiter):
        if isinstance(record, str):
            failures[number] = record
            record = []
        rows.append(record)
    return rows, failures


class _Lines:
    """Lines for ``csv.reader``: remembers the lines of the record being read, and takes lines
    back to be read again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._source = iter(lines)
        self._back: list[str] = []  # lines to read again, the next one last
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else next(self._source)
        self.record.append(line)
        return line

    def put_back(self, lines: list[str]) -> None:
        self._back.extend(reversed(lines))

    def exhausted(self) -> bool:
        if self._back:
            return False
        try:
            self._back.append(next(self._source))
        except StopIteration:
            return True
        return False


def _csv_rows(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    """Each CSV record with its number (record 1 = the first): its cells, or why it cannot be
    split into cells, in a sentence.

    Quotes are read strictly first, so that a quote never closed is found instead of silently
    swallowing the rest of the file: that record is reported and reading resumes on its next
    line. A stray quote inside a record (``"a"b``) is read leniently, as spreadsheets do.
    """
    # The limit is process-wide and other libraries set it too (frictionless does): set it for
    # every read rather than once at import.
    csv.field_size_limit(FIELD_LIMIT)
    source = _Lines(lines)
    number, recoveries = 0, 0
    while True:
        reader = csv.reader(source, delimiter=delimiter, strict=True)
        while True:
            source.record = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                consumed = source.record
                if not (source.exhausted() or "field limit" in str(exc)):
                    # a stray quote: the record's own lines, read leniently
                    for row in csv.reader(consumed, delimiter=delimiter):
                        number += 1
                        yield number, row
                    continue
                number += 1
                recoveries += 1
                if recoveries > MAX_CSV_RECOVERIES:
                    yield (
                        number,
                        _(
                            "more than {n} rows have a quote that is never closed; the rest of "
                            "the file from this row is not imported"
                        ).format(n=format_number(MAX_CSV_RECOVERIES)),
                    )
                    return
                yield (
                    number,
                    _(
                        "a quote opened in this row is never closed, or a cell is longer than "
                        "{limit} characters; row not imported, reading resumed on the next line"
                    ).format(limit=format_number(FIELD_LIMIT)),
                )
                source.put_back(consumed[1:])
                break
            number += 1
            yield number, row


def _xlsx_rows(
    open_binary: Callable[[], BinaryIO], limits: WorkbookLimits = WORKBOOK_LIMITS
) -> Iterator[tuple[int, list[str] | str]]:
    """Each row of the workbook's first sheet with its number, as text cells."""
    import openpyxl.xml  # imported here: only workbooks need it
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    if not openpyxl.xml.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False, or defusedxml missing
        raise ImportFileError(_("Workbooks cannot be read safely here: import a CSV instead."))
    with open_binary() as binary:
        _check_archive(binary, limits)
        try:
            workbook = load_workbook(binary, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises anything on a broken part: one message
            if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
                raise _entities_refused() from exc
            raise ImportFileError(
                _("The file is a zip archive but not a readable .xlsx workbook.")
            ) from exc
        try:
            if not workbook.worksheets:
                raise ImportFileError(_("The workbook has no sheet."))
            yield from enumerate(_sheet_rows(workbook.worksheets[0], limits), start=1)
        except DefusedXmlException as exc:
            raise _entities_refused() from exc
        except ImportFileError:
            raise
        except Exception as exc:  # broken sheet XML, a missing shared string, a row numbered NaN
            raise ImportFileError(
                _(
                    "The workbook's first sheet is damaged ({problem}): open and save it "
                    "again in a spreadsheet, or export it as CSV."
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


def _check_archive(binary: BinaryIO, limits: WorkbookLimits) -> None:
    """Refuse a workbook whose zip declares more than ``limits`` allow, before unpacking."""
    try:
        with zipfile.ZipFile(binary) as archive:
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


def _sheet_rows(sheet: ReadOnlyWorksheet, limits: WorkbookLimits) -> Iterator[list[str]]:
    """The sheet's rows as text, trailing empty cells dropped; blank rows keep their numbers."""
    declared_rows, declared_columns = sheet.max_row, sheet.max_column  # from <dimension>
    if (declared_rows or 0) > limits.rows or (declared_columns or 0) > limits.columns:
        raise _sheet_too_big(limits)
    columns = min(declared_columns or limits.columns, limits.columns)
    width = 0  # the header's, once read: longer rows are cut to it when the rest is empty
    values_rows = sheet.iter_rows(max_row=limits.rows + 1, max_col=columns, values_only=True)
    for number, values in enumerate(values_rows, start=1):
        if number > limits.rows:  # openpyxl pads to max_row when it stops at a row beyond it
            raise _sheet_too_big(limits)
        if values.count(None) == len(values):  # blank (cheap: gaps come as one shared tuple)
            yield []
            continue
        if width and values[width:].count(None) == len(values) - width:
            values = values[:width]
        cells = [_cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if not width:
            width = len(cells)
        yield cells


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


Records = Iterator[tuple[int, list[str] | str]]  # (record number, cells or why unreadable)
Chunk = list[tuple[int, list[str]]]  # (row number, one str cell per column)


class TableStream:
    """A file being read: its header and how it was read, at once; its rows by ``chunks``, each
    of one cell per column, every cell cleaned (``_clean``), row errors gathered in
    ``bad_rows`` as the rows are read."""

    def __init__(
        self,
        records: Callable[[], Records],
        header_row: int,
        columns: list[str],
        encoding: str,
        delimiter: str,
        checks: _CellChecks,
        chunk_rows: int,
        expected_rows: int | None,
        bad_rows: list[RowError],
        rest: Records,
    ) -> None:
        self._records, self._rest, self._checks = records, rest, checks
        self.header_row, self.columns = header_row, columns
        self.encoding, self.delimiter = encoding, delimiter  # "xlsx", "" for a workbook
        self.chunk_rows = chunk_rows
        self.expected_rows = expected_rows  # about how many data rows: line ends, or None
        self.bad_rows = bad_rows  # rows that could not be read, and cells changed to be kept
        self.kept_rows = 0  # rows handed out so far
        self.dropped_rows = 0  # rows that could not be read so far

    @property
    def rows(self) -> int:
        """The data rows read so far, readable or not (all of them once ``chunks`` is done)."""
        return self.kept_rows + self.dropped_rows

    @classmethod
    def start(
        cls,
        records: Callable[[], Records],
        encoding: str,
        delimiter: str,
        filename: str,
        checks: _CellChecks,
        chunk_rows: int = CHUNK_ROWS,
        lines: int | None = None,
    ) -> TableStream:
        """Read the header: the first row with a cell (blank lines above keep their numbers)."""
        rest = records()
        first = next(
            (r for r in rest if isinstance(r[1], str) or any(c.strip() for c in r[1])), None
        )
        if first is None:
            raise ImportFileError(_("The file is empty."))
        header_row, header = first
        if isinstance(header, str):
            raise ImportFileError(
                _("The header row cannot be read: {reason}.").format(reason=header)
            )
        bad: list[RowError] = []
        header = _clean(header_row, header, [""] * len(header), bad, checks)
        columns = [_column_name(c) for c in header]
        while columns and not columns[-1]:  # trailing empty header cells (Excel, trailing ;)
            columns.pop()
        columns = _unique(columns)
        if len(columns) < 2:
            name = f" {filename}" if filename else ""
            raise ImportFileError(
                _(
                    "No recognisable header in the file{name}: its first line has {width} "
                    "column(s); expected a table of incidents with a header row."
                ).format(name=_preview(name), width=len(columns))
            )
        expected = None if lines is None else max(lines - header_row, 0)
        return cls(
            records, header_row, columns, encoding, delimiter, checks, chunk_rows, expected,
            bad, rest,
        )  # fmt: skip

    def chunks(self) -> Iterator[Chunk]:
        """The data rows, ``chunk_rows`` at a time (once: the file is read as they come)."""
        width = len(self.columns)
        bad, checks, chunk = self.bad_rows, self._checks, []
        for number, row in self._rest:
            if isinstance(row, str):
                bad.append(RowError(number, "", "", row, "bad_csv", DROPPED))
                self.dropped_rows += 1
                continue
            if not "".join(row).strip():  # blank
                continue
            cells = [c.strip() for c in row]
            while len(cells) > width and not cells[-1]:
                cells.pop()
            if len(cells) > width:
                message = _(
                    "the row has {cells} cells but the header has {width} columns (an unquoted "
                    "delimiter inside a value?); row not imported"
                ).format(cells=len(cells), width=width)
                preview = _preview((self.delimiter or ",").join(row))
                bad.append(RowError(number, "", preview, message, "bad_shape", DROPPED))
                self.dropped_rows += 1
                continue
            cells = cells + [""] * (width - len(cells))
            chunk.append((number, _clean(number, cells, self.columns, bad, checks)))
            self.kept_rows += 1
            if len(chunk) >= self.chunk_rows:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def scan(self, positions: Sequence[int]) -> Iterator[tuple[int, list[str]]]:
        """Read the file again for a few columns only (by position): each data row's number
        and those cells, cleaned as ``chunks`` cleans them. Cheap next to ``chunks``."""
        controls = self._checks.controls
        for number, row in self._records():
            if number > self.header_row and not isinstance(row, str):
                cells = [row[p] if p < len(row) else "" for p in positions]
                yield number, [_clean_cell(c, controls) for c in cells]


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


def _clean_cell(cell: str, controls: bool = True) -> str:
    """One cell as ``_clean`` keeps it, without reporting (``controls``: it may hold some)."""
    cell = cell.strip()
    return (_CONTROL.sub("", cell) if controls else cell)[:MAX_CELL_CHARS].strip()


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
