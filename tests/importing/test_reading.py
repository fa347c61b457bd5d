"""Messy real-world files: encodings, delimiters, workbooks, and files that cannot be read."""

import io

import pytest
from openpyxl import Workbook

from incidents.importers.reading import ImportFileError, read_table

ROWS = [
    ["location", "date_start", "killed"],
    ["Ségou", "14/02/2020", "3"],
    ["Niafunké", "2020-03-25", ""],
]


def csv_bytes(delimiter=",", encoding="utf-8", rows=ROWS) -> bytes:
    return "\r\n".join(delimiter.join(r) for r in rows).encode(encoding)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (csv_bytes(encoding="utf-8"), "utf-8-sig"),
        (csv_bytes(encoding="utf-8-sig"), "utf-8-sig"),
        (csv_bytes(encoding="cp1252"), "cp1252"),
        (csv_bytes(delimiter="\t", encoding="utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp1252", "utf-16 (Excel unicode text)"],
)
def test_reads_accents_in_every_usual_encoding(data, encoding):
    raw = read_table(data)
    assert raw.encoding == encoding
    assert list(raw.table.columns) == ["location", "date_start", "killed"]
    assert list(raw.table["location"]) == ["Ségou", "Niafunké"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_detects_the_delimiter(delimiter):
    raw = read_table(csv_bytes(delimiter))
    assert raw.delimiter == delimiter
    assert raw.table.loc[2, "killed"] == "3"


def test_quoted_delimiters_and_newlines_stay_in_their_cell():
    data = b'location;notes;killed\n"Tori; Diallassagou";"line one\nline two";32\n'
    raw = read_table(data)
    assert raw.table.loc[2, "location"] == "Tori; Diallassagou"
    assert raw.table.loc[2, "notes"] == "line one\nline two"


def test_index_is_the_spreadsheet_row_number_and_blank_lines_are_skipped():
    data = b"location,killed\nSegou,1\n\n,\nMopti,2\n"
    raw = read_table(data)
    assert list(raw.table.index) == [2, 5]
    assert list(raw.table["location"]) == ["Segou", "Mopti"]


def test_short_rows_are_padded_and_long_rows_reported():
    raw = read_table(b"location,date_start,killed\nSegou,2020-01-01\nMopti,2020-01-01,1,oops\n")
    assert raw.table.loc[2, "killed"] == ""
    [bad] = raw.bad_rows
    assert (bad.row, bad.column, bad.value) == (3, "", "Mopti,2020-01-01,1,oops")
    assert (bad.code, bad.outcome) == ("bad_shape", "dropped")
    assert "4 cells but the header has 3" in bad.message


def test_xlsx_first_sheet_with_dates_and_numbers():
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["location", "date_start", "killed"])
    sheet.append(["Ségou", datetime(2020, 2, 14), 3])
    sheet.append([None, None, None])
    sheet.append(["Kayes", "12/05/2020", 2.0])
    buffer = io.BytesIO()
    book.save(buffer)
    raw = read_table(buffer.getvalue(), "incidents.xlsx")
    assert raw.encoding == "xlsx"
    assert raw.table.loc[2].tolist() == ["Ségou", "2020-02-14", "3"]
    assert raw.table.loc[4].tolist() == ["Kayes", "12/05/2020", "2"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n\r\n", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (b"PK\x03\x04 not really a workbook", "not a readable .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "legacy Excel"),
        (b"just one column\nvalue\n", "No recognisable header"),
    ],
    ids=["empty", "only BOM and blank lines", "binary", "broken zip", "xls", "one column"],
)
def test_unreadable_files_get_one_clear_message(data, message):
    with pytest.raises(ImportFileError, match=message) as error:
        read_table(data)
    assert "\n" not in str(error.value)


def test_size_limit():
    with pytest.raises(ImportFileError, match=r"over the 100 bytes import limit"):
        read_table(csv_bytes() * 10, max_bytes=100)
