"""Imports read in chunks: the same incidents and row errors as a file read whole, ACLED events
merged and duplicate ids found across chunks, each place geocoded once, progress told per
chunk, and datasets written batch by batch into one GeoParquet file."""

import json

import duckdb
import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest

from incidents import store
from incidents.importers import read_incidents, stream_file
from incidents.importers.reading import stream_table
from tests.importing.fixtures import (
    ACLED_COLUMNS,
    MONADIC_COLUMNS,
    MONADIC_EVENTS,
    acled_row,
    monadic_rows,
    to_csv,
)
from tests.incidents.fakes import FakeGeocoder


def _acled_file(tmp_path, rows, name="acled.csv"):
    path = tmp_path / name
    path.write_text(to_csv(ACLED_COLUMNS, rows), encoding="utf-8")
    return path


def _mixed_rows() -> list[dict[str, str]]:
    """Good rows and each kind of bad one, spread over several chunks of two."""
    return [
        acled_row(event_id_cnty="A1"),
        acled_row(event_id_cnty="A2", fatalities="many"),  # kept, count left empty
        acled_row(event_id_cnty="A3", event_date="someday"),  # dropped: no date
        acled_row(event_id_cnty="A4", latitude="", longitude="", location="Sikasso"),
        acled_row(event_id_cnty="A1", actor1="Someone else"),  # duplicate of row 2
        acled_row(event_id_cnty="A6", latitude="48.85", longitude="2.35"),  # outside Mali
        acled_row(event_id_cnty="A7", latitude="", longitude="", location="Sikasso"),
        acled_row(event_id_cnty="A8", notes="a\x00b"),  # control character removed
        acled_row(event_id_cnty="A9", admin1="Kayes"),  # the file's region differs from ours
    ]


@pytest.mark.parametrize("chunk_rows", [1, 2, 3])
def test_a_file_read_in_chunks_gives_what_it_gives_read_whole(tmp_path, chunk_rows):
    path = _acled_file(tmp_path, _mixed_rows())
    whole = stream_file(path, geocoder=FakeGeocoder(), chunk_rows=10_000).result()
    chunked = stream_file(path, geocoder=FakeGeocoder(), chunk_rows=chunk_rows).result()
    assert (chunked.rows, chunked.imported) == (whole.rows, whole.imported) == (9, 6)
    assert list(chunked.incidents["id"]) == ["A1", "A2", "A4", "A7", "A8", "A9"]
    pd.testing.assert_frame_equal(
        chunked.incidents.drop(columns="geometry"), whole.incidents.drop(columns="geometry")
    )
    pd.testing.assert_frame_equal(chunked.errors, whole.errors)
    pd.testing.assert_frame_equal(chunked.admin_mismatches, whole.admin_mismatches)
    by_code = dict(zip(chunked.errors["code"], chunked.errors["row"], strict=True))
    assert by_code["duplicate_id"] == 6 and by_code["bad_date"] == 4
    assert by_code["outside_mali"] == 7 and by_code["control_character"] == 9
    duplicate = chunked.errors[chunked.errors["code"] == "duplicate_id"].iloc[0]
    assert duplicate["message"] == "duplicate id: already used in row 2; row not imported"


def test_each_place_name_is_geocoded_once_across_chunks(tmp_path):
    rows = [
        acled_row(event_id_cnty=f"G{n}", latitude="", longitude="", location=place, admin2="")
        for n, place in enumerate(["Sikasso", "Kayes", "Sikasso", "Kayes", "Sikasso", "Tori"])
    ]
    geocoder = FakeGeocoder()
    result = stream_file(_acled_file(tmp_path, rows), geocoder=geocoder, chunk_rows=2).result()
    assert result.imported == 6
    assert sorted(geocoder.calls) == [("Kayes", "Mopti"), ("Sikasso", "Mopti"), ("Tori", "Mopti")]


def test_monadic_rows_of_one_event_merge_across_chunks_wherever_they_are(tmp_path):
    rows = monadic_rows()
    rows.append(rows.pop(1))  # the second row of the first event now ends the file
    path = tmp_path / "monadic.csv"
    path.write_text(to_csv(MONADIC_COLUMNS, rows), encoding="utf-8")
    whole = stream_file(path, geocoder=FakeGeocoder(), chunk_rows=10_000).result()
    chunked = stream_file(path, geocoder=FakeGeocoder(), chunk_rows=1).result()
    assert list(chunked.incidents["id"]) == [e[0] for e in MONADIC_EVENTS]
    first = chunked.incidents.set_index("id").loc["TST-MON-1"]
    assert first["victims"] == "Civilians (Mali)"
    assert "ACLED rows 2, 9: one per actor" in first["notes"]
    assert int(chunked.incidents["killed"].sum()) == sum(int(e[6]) for e in MONADIC_EVENTS)
    pd.testing.assert_frame_equal(
        chunked.incidents.drop(columns="geometry"), whole.incidents.drop(columns="geometry")
    )
    pd.testing.assert_frame_equal(chunked.errors, whole.errors)
    assert list(chunked.errors["code"]) == ["merged_rows"]


def test_a_repeated_id_that_is_not_the_same_event_is_a_duplicate_across_chunks(tmp_path):
    rows = monadic_rows()[:2]
    rows[1] = {**rows[1], "event_date": "1 January 2021"}
    path = tmp_path / "monadic.csv"
    path.write_text(to_csv(MONADIC_COLUMNS, rows), encoding="utf-8")
    result = stream_file(path, geocoder=FakeGeocoder(), chunk_rows=1).result()
    assert result.imported == 1
    duplicate = result.errors[result.errors["code"] == "duplicate_id"].iloc[0]
    assert (duplicate["row"], duplicate["value"]) == (3, "TST-MON-1")


def test_progress_is_told_after_each_chunk_with_the_rows_read(tmp_path):
    rows = [acled_row(event_id_cnty=f"P{n}") for n in range(5)]
    told = []
    stream = stream_file(
        _acled_file(tmp_path, rows), geocoder=FakeGeocoder(), chunk_rows=2,
        progress=lambda done, expected: told.append((done, expected)),
    )  # fmt: skip
    list(stream.batches())
    assert told == [(2, 5), (4, 5), (5, 5)]
    assert stream.report().imported == 5


def test_the_report_waits_for_every_batch(tmp_path):
    stream = stream_file(_acled_file(tmp_path, [acled_row()]), geocoder=FakeGeocoder())
    with pytest.raises(RuntimeError, match="read every batch first"):
        stream.report()


def test_a_quote_never_closed_is_recovered_in_a_streamed_file(tmp_path):
    rows = [acled_row(event_id_cnty=f"Q{n}", notes="no comma", source="AFP") for n in range(4)]
    text = to_csv(ACLED_COLUMNS, rows)  # no quoted cell
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace("Ogossagou,", '"Ogossagou,', 1)  # row 3: a quote never closed
    path = tmp_path / "quote.csv"
    path.write_text("".join(lines), encoding="utf-8")
    table = stream_table(path, chunk_rows=1)
    read = [number for chunk in table.chunks() for number, _cells in chunk]
    assert read == [2, 4, 5]
    assert [(e.row, e.code) for e in table.bad_rows] == [(3, "bad_csv")]
    assert table.rows == 4


def _batches(count: int, size: int) -> list[gpd.GeoDataFrame]:
    """``count`` imported incidents, ``size`` a batch, one point 0.01 degree north of the last."""
    rows = [
        acled_row(event_id_cnty=f"B{n}", latitude=f"{13.95 + n / 100:.2f}") for n in range(count)
    ]
    data = to_csv(ACLED_COLUMNS, rows).encode()
    incidents = read_incidents(data, geocoder=FakeGeocoder()).incidents
    return [incidents.iloc[i : i + size].reset_index(drop=True) for i in range(0, count, size)]


def test_a_dataset_saved_in_batches_reads_back_whole(tmp_path):
    batches = _batches(5, 2)
    batches[0]["admin3"] = None  # a first batch whose column holds nothing (Arrow's null type)
    path = store.save_dataset_batches("streamed", iter(batches), tmp_path)
    assert path == tmp_path / "streamed.parquet"
    assert pq.read_metadata(path).num_row_groups == 3
    store.save_dataset("whole", pd.concat(batches, ignore_index=True), tmp_path)
    whole = store.load_dataset("whole", tmp_path)
    pd.testing.assert_frame_equal(store.load_dataset("streamed", tmp_path), whole)
    assert whole["admin3"].isna().sum() == 2 and whole["admin3"].notna().sum() == 3
    geo = json.loads(pq.read_metadata(path).metadata[b"geo"])["columns"]["geometry"]
    assert geo["bbox"][1] == pytest.approx(13.95) and geo["bbox"][3] == pytest.approx(13.99)
    assert geo["geometry_types"] == ["Point"]
    ((count, first),) = duckdb.sql(
        f"SELECT count(*), min(id) FROM read_parquet('{path}')"
    ).fetchall()
    assert (count, first) == (5, "B0")
    assert not list(tmp_path.glob(store.TEMP_PATTERN))


def test_no_batch_saves_nothing(tmp_path):
    assert store.save_dataset_batches("empty", iter([]), tmp_path / "ds") is None
    assert not (tmp_path / "ds").exists()


def test_a_batched_save_never_replaces_unasked(tmp_path):
    store.save_dataset_batches("taken", iter(_batches(2, 1)), tmp_path)
    before = (tmp_path / "taken.parquet").read_bytes()
    with pytest.raises(store.DatasetExistsError):
        store.save_dataset_batches("taken", iter(_batches(3, 1)), tmp_path)
    assert (tmp_path / "taken.parquet").read_bytes() == before
    store.save_dataset_batches("taken", iter(_batches(3, 1)), tmp_path, replace=True)
    assert len(store.load_dataset("taken", tmp_path)) == 3


def test_an_import_failing_half_way_keeps_the_previous_dataset(tmp_path):
    store.save_dataset_batches("kept", iter(_batches(2, 1)), tmp_path)
    before = (tmp_path / "kept.parquet").read_bytes()

    def failing():
        yield from _batches(2, 1)
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        store.save_dataset_batches("kept", failing(), tmp_path, replace=True)
    assert (tmp_path / "kept.parquet").read_bytes() == before
    assert not list(tmp_path.glob(store.TEMP_PATTERN))


def test_the_cli_tells_progress_on_stderr_and_keeps_stdout_the_json(run, tmp_path):
    path = _acled_file(tmp_path, [acled_row(event_id_cnty=f"C{n}") for n in range(3)])
    done = run("import", str(path), "--json", data_dir=tmp_path / "ds")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 3
    assert done.stderr.strip().splitlines() == ["3 of about 3 rows read"]
