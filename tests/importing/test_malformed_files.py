"""Malformed and hostile files: good rows imported, the bad cell named, no traceback, fast.

Each case is one small file with one problem: an over-long cell or header, an unclosed quote,
a count or date no column can hold, control characters, workbooks with entity declarations,
broken references, zip bombs and absurd dimensions.
"""

import io
import struct
import time
import zipfile

import pytest
from openpyxl import Workbook

from incidents.importers import ImportFileError, read_incidents, reading
from incidents.importers.reading import (
    FIELD_LIMIT,
    MAX_CELL_CHARS,
    WORKBOOK_LIMITS,
    read_table,
)
from incidents.schema import MAX_COUNT
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv
from tests.incidents.fakes import FakeGeocoder

NATIVE_HEADER = (
    "id,title,date_start,date_end,date_precision,event_type,sub_event_type,perpetrator,"
    "perpetrator_type,victims,location,geo_hint,killed,injured,missing,detained,"
    "casualty_note,alt_figures,source,source_quote,notes"
)


def native_line(id_: str, date: str = "2020-05-12", killed: str = "2", notes: str = "") -> str:
    return (
        f"{id_},Tirs à Kayes,{date},,day,Protests,Excessive force against protesters,la police,"
        f"State forces,manifestants,Kayes,,{killed},,,,,,rapport.txt,deux personnes tuées,{notes}"
    )


def native_file(*lines: str) -> bytes:
    return "\r\n".join([NATIVE_HEADER, *lines]).encode("utf-8")


def imported(data: bytes, filename: str = "file.csv"):
    """Import ``data``; it must take well under the 10 s a person would wait."""
    started = time.monotonic()
    result = read_incidents(data, filename, geocoder=FakeGeocoder())
    assert time.monotonic() - started < 10
    return result


def errors_by_cell(result) -> dict[tuple[int, str], tuple[str, str]]:
    return {(e.row, e.column): (e.code, e.outcome) for e in result.errors.itertuples()}


# --- counts and dates no column can hold -----------------------------------------------------


@pytest.mark.parametrize(
    "killed", ["99999999999999999999", "1e19", str(2**63 - 1), "9.3e18", str(MAX_COUNT + 1)]
)
def test_a_huge_count_is_a_row_error_and_good_rows_stay(killed):
    result = imported(native_file(native_line("OK-1"), native_line("BIG", killed=killed)))
    assert list(result.incidents["id"]) == ["OK-1"]
    assert errors_by_cell(result) == {(3, "killed"): ("bad_number", "dropped")}
    [error] = result.errors.itertuples()
    assert error.value == killed


def test_the_largest_count_accepted_is_kept():
    result = imported(native_file(native_line("MAX", killed=str(MAX_COUNT))))
    assert result.errors.empty
    assert result.incidents["killed"].tolist() == [MAX_COUNT]


@pytest.mark.parametrize("date", ["1500-01-01", "3000-06-01", "9999-12-31", "1899-12-31"])
def test_a_date_outside_the_accepted_years_is_a_row_error(date):
    result = imported(native_file(native_line("OK-1"), native_line("OLD", date=date)))
    assert list(result.incidents["id"]) == ["OK-1"]
    [error] = result.errors.itertuples()
    assert (error.row, error.column, error.code) == (3, "date_start", "bad_date")
    assert "1900" in error.message and "2100" in error.message


# --- CSV cells the reader used to choke on ---------------------------------------------------


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 131_073, FIELD_LIMIT - 10])
def test_a_long_cell_is_cut_with_a_row_error(length):
    result = imported(native_file(native_line("LONG", notes="x" * length), native_line("OK-1")))
    assert sorted(result.incidents["id"]) == ["LONG", "OK-1"]
    long_notes = result.incidents.set_index("id").loc["LONG", "notes"]
    assert len(long_notes) == MAX_CELL_CHARS
    assert errors_by_cell(result) == {(2, "notes"): ("too_long", "kept")}


def test_a_long_header_cell_is_cut_with_a_row_error():
    raw = read_table(("location," + "h" * 200_000 + "\r\nSegou,1\r\n").encode())
    assert list(raw.table.columns) == ["location", "h" * MAX_CELL_CHARS]
    [error] = raw.bad_rows
    assert (error.row, error.code) == (1, "too_long")


def test_a_quote_never_closed_loses_only_its_row():
    lines = [native_line("OK-1"), native_line("OPEN", notes='"never closed'), native_line("OK-2")]
    result = imported(native_file(*lines))
    assert sorted(result.incidents["id"]) == ["OK-1", "OK-2"]
    assert errors_by_cell(result) == {(3, ""): ("bad_csv", "dropped")}
    assert "never closed" in result.errors.loc[0, "message"]


def test_an_unclosed_quote_longer_than_the_field_limit_loses_only_its_row():
    swallowed = "y" * (FIELD_LIMIT + 10)
    lines = [native_line("OK-1"), native_line("OPEN", notes='"' + swallowed), native_line("OK-2")]
    result = imported(native_file(*lines))
    assert sorted(result.incidents["id"]) == ["OK-1", "OK-2"]
    assert errors_by_cell(result) == {(3, ""): ("bad_csv", "dropped")}


def test_a_stray_quote_inside_a_row_is_read_as_spreadsheets_do():
    raw = read_table(b'location,notes\r\nSegou,"a" b\r\nMopti,c\r\n')
    assert raw.table["notes"].tolist() == ["a b", "c"]
    assert raw.bad_rows == []


def test_after_too_many_unclosed_quotes_the_rest_is_one_error(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CSV_RECOVERIES", 1)
    swallowed = "Mopti,y\r\n" * (FIELD_LIMIT // 9 + 10)  # longer than a field may be
    text = "location,notes\r\n" + ('Segou,"x\r\n' + swallowed) * 2
    started = time.monotonic()
    raw = read_table(text.encode())
    assert time.monotonic() - started < 10
    first, second = raw.bad_rows
    assert (first.row, first.code) == (2, "bad_csv")
    assert "reading resumed on the next line" in first.message
    assert "the rest of the file from this row is not imported" in second.message
    assert len(raw.table) == second.row - 3  # the lines the first quote swallowed, re-read
    assert set(raw.table["location"]) == {"Mopti"}


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f"])
def test_control_characters_are_removed_with_a_row_error(control):
    result = imported(native_file(native_line("NUL", notes=f"a{control}b"), native_line("OK-1")))
    assert sorted(result.incidents["id"]) == ["NUL", "OK-1"]
    assert result.incidents.set_index("id").loc["NUL", "notes"] == "ab"
    assert errors_by_cell(result) == {(2, "notes"): ("control_character", "kept")}


# --- workbooks -------------------------------------------------------------------------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def workbook(sheet_data: str, shared: str | None = None, dimension: str = "A1:B3") -> bytes:
    """A valid openpyxl workbook whose first sheet (and shared strings) are replaced."""
    book = Workbook()
    book.active.append(["location", "notes"])
    saved = io.BytesIO()
    book.save(saved)
    sheet = (
        f'<worksheet xmlns="{SHEET_NS}"><dimension ref="{dimension}"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            if item.filename == "[Content_Types].xml" and shared is not None:
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            z.writestr(item.filename, data)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{inline("A1", "location")}{inline("B1", "notes")}</row>'


def shared_strings(body: str, prolog: str = "") -> str:
    return f'{prolog}<sst xmlns="{SHEET_NS}">{body}</sst>'


def test_a_workbook_with_shared_strings_reads():
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'
    raw = read_table(workbook(rows, shared_strings("<si><t>Segou</t></si><si><t>ok</t></si>")))
    assert raw.table.loc[2].tolist() == ["Segou", "ok"]


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
).replace("&lol0;", "&lol;")
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("shared", "sheet_prolog"),
    [
        (shared_strings("<si><t>&lol9;</t></si>", BILLION_LAUGHS), ""),
        (shared_strings("<si><t>&e;</t></si>", EXTERNAL_ENTITY), ""),
        (None, BILLION_LAUGHS),
        (None, EXTERNAL_ENTITY),
    ],
    ids=["laughs in shared strings", "external entity in shared strings", "laughs in sheet",
         "external entity in sheet"],
)  # fmt: skip
def test_entity_declarations_are_refused(shared, sheet_prolog):
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    data = workbook(rows, shared)
    if sheet_prolog:
        data = _replace_member(data, "xl/worksheets/sheet1.xml", lambda xml: sheet_prolog + xml)
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="declares entities") as error:
        read_table(data)
    assert time.monotonic() - started < 10
    assert "root:" not in str(error.value)


def _replace_member(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                content = change(content.decode()).encode()
            target.writestr(item.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize(
    ("rows", "shared"),
    [
        ('<row r="2"><c r="A2" t="s"><v>7</v></c></row>', shared_strings("<si><t>a</t></si>")),
        ('<row r="NaN"><c r="A2" t="inlineStr"><is><t>a</t></is></c></row>', None),
        ('<row r="2"><c r="A2" t="d"><v>not a date</v></c></row>', None),
        ("<row r='2'><c r='A2'><v>1</v></c>", None),  # unclosed element
    ],
    ids=["missing shared string", "row numbered NaN", "bad ISO date cell", "broken XML"],
)
def test_a_damaged_sheet_gets_one_clear_message(rows, shared):
    with pytest.raises(ImportFileError, match="damaged") as error:
        read_table(workbook(HEADER_ROW + rows, shared))
    assert "\n" not in str(error.value)
    if 't="s"' in rows:
        assert "a shared text the workbook does not have" in str(error.value)


def test_a_shared_string_bomb_is_refused_within_seconds():
    bomb = shared_strings("<si><t>" + "a" * (64 * 1024 * 1024) + "</t></si>")
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    data = workbook(rows, bomb)
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="zip bomb"):
        read_table(data)
    assert time.monotonic() - started < 5


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size in the central directory set to ``size``."""
    entry = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            return data[: entry + 24] + struct.pack("<I", size) + data[entry + 28 :]
        entry = data.index(b"PK\x01\x02", entry + 4)


def test_a_part_declaring_2_gb_is_refused_before_unpacking():
    data = _declare_size(workbook(HEADER_ROW), "[Content_Types].xml", 2**31 + 5)
    with pytest.raises(ImportFileError, match="unpacks to more than"):
        read_table(data)


def test_rows_far_apart_read_quickly_and_keep_their_numbers():
    last = WORKBOOK_LIMITS.rows
    rows = HEADER_ROW + f'<row r="{last}">{inline(f"A{last}", "Mopti")}</row>'
    started = time.monotonic()
    raw = read_table(workbook(rows, dimension=f"A1:B{last}"))
    assert time.monotonic() - started < 10
    assert raw.table.index.tolist() == [last]


@pytest.mark.parametrize(
    ("rows", "dimension"),
    [
        ('<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>a</t></is></c></row>', "A1:B3"),
        ("", "A1:B2000000"),
        ("", "A1:XFD3"),
    ],
    ids=["row beyond the limit", "declared rows", "declared columns"],
)
def test_a_sheet_beyond_the_row_or_column_limit_is_refused(rows, dimension):
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="more than"):
        read_table(workbook(HEADER_ROW + rows, dimension=dimension))
    assert time.monotonic() - started < 10


def test_openpyxl_parses_workbooks_through_defusedxml():
    import openpyxl.xml
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML
    assert functions.iterparse.__module__.startswith("defusedxml")


# --- values a format mapper cannot represent --------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": "9999-12-30", "time_precision": "2"},  # a week past the last date
        {"fatalities": "9" * 400},  # past what a float can hold
        {"fatalities": "1e19"},
        {"event_date": "3000-01-01"},
    ],
    ids=["week after 9999-12-30", "400-digit count", "1e19", "year 3000"],
)
def test_an_acled_value_past_any_range_costs_its_row_only(change):
    rows = [acled_row(event_id_cnty="BAD", **change), acled_row(event_id_cnty="GOOD")]
    result = imported(to_csv(ACLED_COLUMNS, rows).encode())
    assert "GOOD" in set(result.incidents["id"])
    assert "BAD" not in set(result.incidents["id"]) or not result.errors.empty
    assert set(result.errors["row"]) == {2}


def test_a_few_bad_bytes_in_a_utf8_file_cost_their_cells_not_the_accents():
    lines = [native_line(f"OK-{i}") for i in range(12)]  # "à", "é" in UTF-8
    data = native_file(*lines) + b"\r\n"
    data += native_line("CP", notes="caf\xe9").encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9")
    raw = read_table(data)
    assert raw.encoding == "utf-8-sig"
    assert raw.table.loc[2, "title"] == "Tirs à Kayes"  # accents read as UTF-8
    assert raw.table.loc[14, "notes"] == "caf\ufffd"
    [error] = raw.bad_rows
    assert (error.row, error.column, error.code, error.outcome) == (
        14, "notes", "bad_encoding", "kept",
    )  # fmt: skip


def test_a_cp1252_file_is_still_read_as_cp1252():
    data = native_file(native_line("OK-1", notes="café")).decode().encode("cp1252")
    raw = read_table(data)
    assert raw.encoding == "cp1252"
    assert raw.table.loc[2, "notes"] == "café" and raw.bad_rows == []
