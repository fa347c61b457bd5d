"""The PostgreSQL store shared by several app instances: what only a shared store must show.

Separate processes, each with a data directory of its own (as on separate machines), given
the same ``$INCIDENTS_STORE_URL``, see the same datasets; a write that fails or is killed
midway leaves the previous version whole and the dataset free for the next writer. The
behaviour both backends share is in ``test_store``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from incidents import pgstore, store
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv
from tests.importing.test_store import frame
from tests.incidents.test_engine import synthetic_frame
from tests.postgres import fresh_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """This process uses the test's store, as the app would with the URL set."""
    monkeypatch.setenv(store.STORE_URL_VARIABLE, postgres_url)
    return postgres_url


def instance(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` as another app instance: its own data directory, the shared store."""
    data_dir.mkdir(exist_ok=True)
    env = {**os.environ, store.STORE_URL_VARIABLE: url, "INCIDENTS_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done


def test_two_app_processes_see_the_dataset_one_imported(shared, tmp_path):
    rows = [
        acled_row(event_id_cnty="MLI1001"),
        acled_row(
            event_id_cnty="MLI1002",
            admin1="Segou",
            admin2="Niono",
            location="Niono",
            latitude="14.2526",
            longitude="-5.9930",
        ),
        acled_row(event_id_cnty="MLI1003", fatalities="4"),
    ]
    upload = tmp_path / "acled.csv"
    upload.write_text(to_csv(ACLED_COLUMNS, rows), encoding="utf-8")

    imported = instance(
        shared, tmp_path / "a", "-m", "incidents", "import", str(upload), "--name", "team", "--json"
    )
    assert json.loads(imported.stdout)["imported"] == 3
    assert not list((tmp_path / "a").glob("*.parquet"))  # the rows are in the database

    exported = instance(shared, tmp_path / "b", "-m", "incidents", "export", "--dataset", "team")
    ids = pd.read_csv(io.StringIO(exported.stdout))["id"].tolist()
    assert ids == ["MLI1001", "MLI1002", "MLI1003"]

    query = textwrap.dedent(
        """
        import json
        from incidents import store
        from incidents.engine import Engine
        from incidents.filters import IncidentFilter

        engine = Engine.open("team")
        print(json.dumps({
            "datasets": store.list_datasets(),
            "engine": type(engine).__name__,
            "mopti": engine.count(IncidentFilter(regions=("mopti",))),
            "killed": engine.aggregate(by="admin1")[["admin1", "killed"]].values.tolist(),
        }))
        """
    )
    seen = json.loads(instance(shared, tmp_path / "c", "-c", query).stdout)
    assert seen == {
        "datasets": ["curated", "team"],
        "engine": "PostgresEngine",
        "mopti": 2,
        "killed": [["Mopti", 35 + 4], ["Ségou", 35]],
    }
    assert store.list_datasets() == ["curated", "team"]  # and this process too


@pytest.mark.usefixtures("shared")
def test_a_write_that_fails_midway_keeps_the_previous_version(monkeypatch):
    store.save_dataset("demo", frame(2, killed=1))
    saved = store.saved_at("demo")
    written = pgstore._csv_chunks

    def failing(*args):
        yield next(written(*args))
        raise OSError("connection to the importer lost")

    with monkeypatch.context() as patched:
        patched.setattr(pgstore, "_csv_chunks", failing)
        with pytest.raises(OSError, match="importer lost"):
            store.save_dataset("demo", frame(5, killed=9), replace=True)
        with pytest.raises(OSError, match="importer lost"):
            store.append_dataset("demo", frame(5).assign(id=[f"N-{i}" for i in range(5)]))
        with pytest.raises(OSError, match="importer lost"):
            store.save_dataset("new", frame(5))
    assert store.list_datasets() == ["curated", "demo"]
    assert store.load_dataset("demo")["killed"].tolist()[:1] == [1]
    assert len(store.load_dataset("demo")) == 2
    assert store.saved_at("demo") == saved
    assert store.saved_at("new") == 0.0


def test_a_writer_killed_midway_leaves_the_old_version_to_readers_and_frees_the_dataset(shared):
    store.save_dataset("demo", frame(2, killed=1))
    script = textwrap.dedent(
        """
        import time
        from incidents import pgstore, store
        from tests.importing.test_store import frame

        written = pgstore._csv_chunks

        def slow(*args):
            yield next(written(*args))
            print("writing", flush=True)
            time.sleep(60)

        pgstore.COPY_CHUNK_ROWS = 2
        pgstore._csv_chunks = slow
        store.save_dataset("demo", frame(5, killed=9), replace=True)
        """
    )
    env = {**os.environ, store.STORE_URL_VARIABLE: shared}
    child = subprocess.Popen(  # -c puts the working directory, the repo, on the import path
        [sys.executable, "-c", script], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
        # mid-write, with the old rows deleted in the writer's transaction: readers see them
        assert store.load_dataset("demo")["id"].tolist() == ["T-0", "T-1"]
    finally:
        child.kill()
        child.wait(timeout=10)
    store.append_dataset("demo", frame(1).assign(id=["after-the-kill"]))  # not locked any more
    assert store.load_dataset("demo")["id"].tolist() == ["T-0", "T-1", "after-the-kill"]


@pytest.mark.usefixtures("shared")
def test_a_frame_is_written_a_slice_at_a_time_and_chunks_in_order(monkeypatch):
    incidents = synthetic_frame(count=50, seed=11)
    monkeypatch.setattr(pgstore, "COPY_CHUNK_ROWS", 7)
    store.save_dataset("sliced", incidents)
    pd.testing.assert_frame_equal(store.load_dataset("sliced"), incidents)

    url = store.store_url()
    assert url is not None
    pgstore.save_chunks(url, "chunked", [incidents[:20], incidents[20:21], incidents[21:]])
    pd.testing.assert_frame_equal(store.load_dataset("chunked"), incidents)
    with pytest.raises(store.DatasetExistsError):
        pgstore.save_chunks(url, "chunked", [incidents[:1]])


def test_an_instance_that_may_only_read_and_write_rows_uses_the_store(
    postgres_server, postgres_url
):
    assert pgstore.list_datasets(postgres_url) == []  # the first instance creates the tables
    with psycopg.connect(postgres_url) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
    role = f"writer_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
        )
        conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    try:
        writer = make_conninfo(postgres_url, user=role)
        pgstore.save_dataset(writer, "by-the-writer", frame(3))
        pgstore.append_dataset(writer, "by-the-writer", frame(1).assign(id=["more"]))
        assert pgstore.list_datasets(postgres_url) == ["by-the-writer"]
        assert len(pgstore.load_dataset(postgres_url, "by-the-writer")) == 4
        with psycopg.connect(writer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"CREATE TABLE {schema}.not_allowed (x int)")
    finally:
        pgstore.close_pools()
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_a_store_is_its_schema_alone_whatever_else_the_search_path_holds(postgres_server):
    with fresh_store(postgres_server) as first, fresh_store(postgres_server) as second:
        pgstore.save_dataset(first, "first", frame(2))
        with psycopg.connect(first) as conn:
            first_schema = conn.execute("SELECT current_schema()").fetchone()[0]
        with psycopg.connect(second) as conn:
            second_schema = conn.execute("SELECT current_schema()").fetchone()[0]
        path = f"{second_schema},{first_schema},public"
        behind = make_conninfo(postgres_server, options=f"-c search_path={path}")
        assert pgstore.list_datasets(behind) == []
        pgstore.save_dataset(behind, "second", frame(3))
        assert pgstore.list_datasets(behind) == ["second"]
        assert pgstore.list_datasets(first) == ["first"]
