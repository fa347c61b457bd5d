"""Saved datasets: round trip, names, and atomic replacement under a crash or a kill.

The tests that take ``store_backend`` run against each backend of ``incidents.store``: the
GeoParquet files and a PostgreSQL store (``tests.postgres``); the others are the files'.
"""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from incidents import store
from tests.incidents.test_engine import synthetic_frame

REPO = Path(__file__).resolve().parents[2]


def frame(n: int, killed: int = 1) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [f"T-{i}" for i in range(n)],
            "date_start": pd.to_datetime(["2020-02-14"] * n).astype("datetime64[ns]"),
            "killed": pd.array([killed] * (n - 1) + [None], dtype="Int64"),
            "admin1": ["Mopti"] * (n - 1) + [None],
            "source_admin1": ["Mopti"] * n,
        },
        geometry=[Point(-3.6, 14.3)] * (n - 1) + [None],
        crs="EPSG:4326",
    )


def files(folder: Path) -> list[str]:
    """The directory's files, the store's lock file aside."""
    return sorted(p.name for p in folder.iterdir() if p.name != store.LOCK_NAME)


def test_a_dataset_is_a_parquet_file_in_the_data_dir(tmp_path):
    assert store.save_dataset("acled-2020", frame(3), tmp_path) == tmp_path / "acled-2020.parquet"
    assert store.load_dataset("acled-2020", tmp_path)["id"].tolist() == ["T-0", "T-1", "T-2"]


@pytest.mark.usefixtures("store_backend")
def test_round_trip_keeps_types_missing_values_and_empty_geometry(tmp_path):
    path = store.save_dataset("acled-2020", frame(3, killed=7), tmp_path)
    assert path.stem == "acled-2020"
    loaded = store.load_dataset("acled-2020", tmp_path)
    assert loaded.crs == "EPSG:4326"
    assert loaded["killed"].tolist()[:2] == [7, 7]
    assert loaded["killed"].isna().tolist() == [False, False, True]
    assert str(loaded["killed"].dtype) == "Int64"
    assert loaded["date_start"].dtype == "datetime64[ns]"
    assert loaded.geometry.iloc[2] is None
    # columns of the curated GeoDataFrame a file lacks are added empty
    assert {"title", "geo_precision", "latitude", "injured"} <= set(loaded.columns)


@pytest.mark.usefixtures("store_backend")
def test_round_trip_gives_back_the_frame_saved(tmp_path):
    incidents = synthetic_frame(count=120, seed=3)
    store.save_dataset("synthetic", incidents, tmp_path)
    loaded = store.load_dataset("synthetic", tmp_path)
    pd.testing.assert_frame_equal(pd.DataFrame(loaded), pd.DataFrame(incidents))
    assert loaded.crs == incidents.crs


@pytest.mark.usefixtures("store_backend")
def test_list_datasets_curated_first_then_names(tmp_path):
    assert store.list_datasets(tmp_path / "missing") == ["curated"]
    store.save_dataset("zeta", frame(2), tmp_path)
    store.save_dataset("alpha", frame(2), tmp_path)
    (tmp_path / "notes.txt").write_text("not a dataset")
    assert store.list_datasets(tmp_path) == ["curated", "alpha", "zeta"]


def test_data_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.save_dataset("env", frame(2))
    assert (tmp_path / "env.parquet").is_file()
    assert store.list_datasets() == ["curated", "env"]


@pytest.mark.parametrize(
    "name", ["../escape", "a/b", "..", "", ".hidden", "x" * 65, "curated", "CURATED", "a b"]
)
@pytest.mark.usefixtures("store_backend")
def test_names_that_could_escape_or_replace_the_curated_data_are_refused(name, tmp_path):
    with pytest.raises(store.DatasetNameError):
        store.save_dataset(name, frame(2), tmp_path)
    with pytest.raises(store.DatasetNameError):
        store.append_dataset(name, frame(2), tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert store.list_datasets(tmp_path) == ["curated"]


def test_a_crash_mid_write_keeps_the_previous_version(tmp_path, monkeypatch):
    store.save_dataset("demo", frame(2, killed=1), tmp_path)
    before = (tmp_path / "demo.parquet").read_bytes()

    def crash(_self, stream, **_kwargs):
        stream.write(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        store.save_dataset("demo", frame(5, killed=9), tmp_path, replace=True)
    monkeypatch.undo()
    assert (tmp_path / "demo.parquet").read_bytes() == before
    assert files(tmp_path) == ["demo.parquet"]  # temp file removed
    assert store.load_dataset("demo", tmp_path)["killed"].tolist()[0] == 1


def test_a_process_killed_mid_write_keeps_the_previous_version(tmp_path):
    store.save_dataset("demo", frame(2, killed=1), tmp_path)
    before = (tmp_path / "demo.parquet").read_bytes()
    script = textwrap.dedent(
        f"""
        import time
        import geopandas as gpd
        from incidents import store
        from tests.importing.test_store import frame

        def slow_write(self, stream, **kwargs):
            stream.write(b"PAR1" + b"x" * 4096)
            stream.flush()
            print("writing", flush=True)
            time.sleep(60)

        gpd.GeoDataFrame.to_parquet = slow_write
        store.save_dataset("demo", frame(5, killed=9), {str(tmp_path)!r}, replace=True)
        """
    )
    child = subprocess.Popen(  # -c puts the working directory, the repo, on the import path
        [sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "writing"
        assert any(p.suffix == ".tmp" for p in tmp_path.iterdir())
    finally:
        child.kill()
        child.wait(timeout=10)
    assert (tmp_path / "demo.parquet").read_bytes() == before
    assert store.list_datasets(tmp_path) == ["curated", "demo"]
    assert files(tmp_path) == ["demo.parquet"]  # listing removed the killed save's temp file
    assert store.load_dataset("demo", tmp_path)["killed"].tolist()[0] == 1


@pytest.mark.usefixtures("store_backend")
def test_loading_an_unknown_dataset_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved dataset called 'nope'"):
        store.load_dataset("nope", tmp_path)


@pytest.mark.usefixtures("store_backend")
def test_append_adds_rows_and_refuses_duplicate_ids(tmp_path):
    store.append_dataset("grow", frame(2), tmp_path)  # created
    more = frame(2).assign(id=["U-1", "U-2"])
    store.append_dataset("grow", more, tmp_path)
    assert list(store.load_dataset("grow", tmp_path)["id"]) == ["T-0", "T-1", "U-1", "U-2"]
    with pytest.raises(ValueError, match="already has incident id"):
        store.append_dataset("grow", more, tmp_path)
    assert len(store.load_dataset("grow", tmp_path)) == 4


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("ACLED Mali 2020.csv", "acled-mali-2020"),
        ("../../Évènements_2020.xlsx", "evenements-2020"),
        ("curated.csv", "import-curated"),
        ("!!!.csv", "import"),
    ],
)
def test_dataset_name_from_a_file_name_is_always_valid(filename, name):
    assert store.name_from_filename(filename) == name
    assert store.check_name(name) == name


@pytest.mark.usefixtures("store_backend")
def test_saving_over_an_existing_dataset_needs_replace(tmp_path):
    store.save_dataset("demo", frame(2, killed=1), tmp_path)
    with pytest.raises(store.DatasetExistsError, match="'demo' already exists"):
        store.save_dataset("demo", frame(3, killed=9), tmp_path)
    assert len(store.load_dataset("demo", tmp_path)) == 2
    store.save_dataset("demo", frame(3, killed=9), tmp_path, replace=True)
    assert store.load_dataset("demo", tmp_path)["killed"].tolist()[:2] == [9, 9]


@pytest.mark.usefixtures("store_backend")
def test_saved_at_changes_at_every_write(tmp_path):
    assert store.saved_at("demo", tmp_path) == 0.0
    store.save_dataset("demo", frame(2), tmp_path)
    first = store.saved_at("demo", tmp_path)
    time.sleep(0.01)
    store.append_dataset("demo", frame(1).assign(id=["more"]), tmp_path)
    appended = store.saved_at("demo", tmp_path)
    time.sleep(0.01)
    store.save_dataset("demo", frame(2), tmp_path, replace=True)
    assert 0 < first < appended < store.saved_at("demo", tmp_path)
    assert store.saved_at(store.CURATED) > 0


@pytest.mark.usefixtures("store_backend")
def test_a_deleted_dataset_is_gone_and_its_name_free(tmp_path):
    assert not store.delete_dataset("demo", tmp_path)
    store.save_dataset("demo", frame(2), tmp_path)
    store.save_dataset("kept", frame(3), tmp_path)
    assert store.delete_dataset("demo", tmp_path)
    assert store.list_datasets(tmp_path) == ["curated", "kept"]
    with pytest.raises(FileNotFoundError):
        store.load_dataset("demo", tmp_path)
    store.save_dataset("demo", frame(4), tmp_path)  # no replace needed
    assert len(store.load_dataset("demo", tmp_path)) == 4
    assert len(store.load_dataset("kept", tmp_path)) == 3


def test_a_save_removes_temp_files_left_by_killed_saves(tmp_path):
    store.save_dataset("demo", frame(2), tmp_path)
    (tmp_path / ".demo.abc123.tmp").write_bytes(b"PAR1 half")
    (tmp_path / ".other.xyz.tmp").write_bytes(b"PAR1 half")
    store.save_dataset("more", frame(2), tmp_path)
    assert files(tmp_path) == ["demo.parquet", "more.parquet"]


def test_temp_files_are_kept_while_a_save_holds_the_lock(tmp_path):
    leftover = tmp_path / ".demo.abc123.tmp"
    leftover.write_bytes(b"PAR1 half")
    with store.FileLock(tmp_path / store.LOCK_NAME):
        assert store.remove_stale_temp_files(tmp_path) == []
    assert leftover.exists()
    assert store.remove_stale_temp_files(tmp_path) == [leftover]
    assert not leftover.exists()


def batch(worker: int, size: int = 25) -> gpd.GeoDataFrame:
    return frame(size).assign(id=[f"W{worker}-{i}" for i in range(size)])


@pytest.mark.usefixtures("store_backend")
def test_concurrent_appends_from_threads_keep_every_row(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    workers = 6
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda w: store.append_dataset("shared", batch(w), tmp_path), range(workers)))
    ids = store.load_dataset("shared", tmp_path)["id"]
    assert len(ids) == workers * 25
    assert set(ids) == {f"W{w}-{i}" for w in range(workers) for i in range(25)}


@pytest.mark.usefixtures("store_backend")
def test_concurrent_appends_from_processes_keep_every_row(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from incidents import store
        from test_store import batch

        worker = int(sys.argv[1])
        for round in range(3):
            store.append_dataset("shared", batch(worker * 10 + round), {str(tmp_path)!r})
        """
    )
    children = [subprocess.Popen([sys.executable, "-c", script, str(w)]) for w in range(2)]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    ids = store.load_dataset("shared", tmp_path)["id"]
    assert len(ids) == 2 * 3 * 25
    assert {i.split("-")[0] for i in ids} == {"W0", "W1", "W2", "W10", "W11", "W12"}
