"""Saved datasets in a shared PostgreSQL + PostGIS store, for a team behind several app instances.

``incidents.store`` hands its calls to this module when ``$INCIDENTS_STORE_URL`` names a
PostgreSQL database (``postgresql://user:password@host:5432/db``); without it datasets stay
GeoParquet files on the machine. Every app instance given the same URL sees the same datasets.

The store is two tables in the connection's first schema (``search_path``, settable in the
URL with ``?options=-csearch_path%3Dteam,public``), created on first use, with the function
``incidents.filters.NORMALIZE``:

- ``incident_datasets``: one row per dataset (its name, how many writes, the last one's time);
- ``incident_rows``: the incidents of every dataset, the frame's columns (``incidents.frame``)
  typed as PostgreSQL types, ``geometry`` as a PostGIS point in EPSG:4326, ``incident_row``
  the incident's position in its dataset, and ``search_text``, the searched columns folded
  (``geo.normalize.fold_sql``), computed by the database at every write.

A save, replace, append or delete is one transaction holding an advisory lock on the
dataset's name: writers of one dataset run one after the other (no row is lost), readers see
the old version until the new one is committed whole, and a writer killed midway leaves the
old version as it was. PostGIS must be installed in the database (``CREATE EXTENSION
postgis``, done here if the user may), with ICU (as most PostgreSQL builds have).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import shapely
from psycopg import sql
from psycopg_pool import ConnectionPool

from geo.normalize import fold_sql, normalize_sql
from incidents import store
from incidents.filters import NORMALIZE, ROW, SEARCH_COLUMNS
from incidents.frame import COLUMNS, CRS, DTYPES, conform

__all__ = [
    "DATASETS",
    "GEOMETRY",
    "ROWS",
    "append_dataset",
    "close_pools",
    "connection",
    "dataset_relation",
    "delete_dataset",
    "list_datasets",
    "load_dataset",
    "save_chunks",
    "save_dataset",
    "saved_at",
]

DATASETS = "incident_datasets"
ROWS = "incident_rows"
GEOMETRY = "geometry"
SEARCHED = "search_text"
SRID = 4326
COPY_CHUNK_ROWS = 20_000  # rows turned into CSV at a time while writing
# The first key of the store's advisory locks ("incd"); the second is the dataset's name hashed
# (or 0 while the tables are created).
LOCK_CLASS = 0x696E6364
_SQL_TYPES = {
    "Int64": "bigint",
    "datetime64[ns]": "timestamp",
    "float64": "double precision",
    "object": "text",
    "str": "text NOT NULL DEFAULT ''",
}

_pools: dict[str, ConnectionPool] = {}
_ready: set[str] = set()
_pools_lock = threading.Lock()


def _pool(url: str) -> ConnectionPool:
    with _pools_lock:
        if url not in _pools:
            _pools[url] = ConnectionPool(
                url, min_size=1, max_size=8, open=True, check=ConnectionPool.check_connection
            )
        return _pools[url]


def close_pools() -> None:
    """Close every connection this process holds (a test's database is about to go)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()
        _ready.clear()


@contextmanager
def connection(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the store at ``url``, its tables ready; committed if the block ends
    normally, rolled back if it raises."""
    with _pool(url).connection() as conn:
        if url not in _ready:
            _create_tables(conn)
            conn.commit()
            _ready.add(url)
        yield conn


def _create_tables(conn: psycopg.Connection[Any]) -> None:
    """The store's tables and function, unless they are there (then a user who may only read
    and write rows can use the store)."""
    schema = "quote_ident(current_schema()) || '.'"  # where they are created, not elsewhere
    present = f"SELECT to_regclass({schema} || '{ROWS}'), "
    present += f"to_regprocedure({schema} || '{NORMALIZE}(text)')"
    if None not in (conn.execute(present).fetchone() or (None,)):
        return
    conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", [LOCK_CLASS])
    if conn.execute("SELECT to_regtype('geometry')").fetchone() == (None,):
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    columns = ",\n".join(f"{column} {_SQL_TYPES[DTYPES[column]]}" for column in COLUMNS)
    searched = " || ' ' || ".join(fold_sql(column, "postgres") for column in SEARCH_COLUMNS)
    conn.execute(
        f"""
        CREATE TABLE IF NOT EXISTS {DATASETS} (
            dataset_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE,
            version bigint NOT NULL DEFAULT 1,
            saved_at timestamptz NOT NULL DEFAULT clock_timestamp()
        )"""
    )
    conn.execute(
        f"""
        CREATE TABLE IF NOT EXISTS {ROWS} (
            dataset_id bigint NOT NULL,  -- of {DATASETS}; no foreign key: checked per row, it
                                         -- would double the time of a large save
            {ROW} bigint NOT NULL,
            {columns},
            {GEOMETRY} geometry(Point, {SRID}),
            {SEARCHED} text GENERATED ALWAYS AS ({searched}) STORED,
            PRIMARY KEY (dataset_id, {ROW})
        )"""
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS {ROWS}_id ON {ROWS} (dataset_id, id)")
    conn.execute(
        f"CREATE OR REPLACE FUNCTION {NORMALIZE}(value text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN {normalize_sql('value', 'postgres')}"
    )


def dataset_relation() -> str:
    """SQL for the incidents of the dataset named by its one parameter (``%s``): the frame's
    columns, ``geometry`` as WKB, ``ROW`` and the folded ``search_text``."""
    return (
        f"SELECT {', '.join(COLUMNS)}, ST_AsBinary({GEOMETRY}) AS {GEOMETRY}, {ROW}, "
        f"{SEARCHED} FROM {ROWS} WHERE dataset_id = "
        f"(SELECT dataset_id FROM {DATASETS} WHERE name = %s)"
    )


def _lock_dataset(conn: psycopg.Connection[Any], name: str) -> int | None:
    """Wait for the dataset's lock, held until the transaction ends; its id if it exists."""
    conn.execute(
        "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema() || '/' || %s))",
        [LOCK_CLASS, name],
    )
    found = conn.execute(f"SELECT dataset_id FROM {DATASETS} WHERE name = %s", [name]).fetchone()
    return None if found is None else int(found[0])


def _location(conn: psycopg.Connection[Any], name: str) -> Path:
    """Where the dataset is, to show a person: the store's schema and the dataset's name."""
    schema = conn.execute("SELECT current_schema()").fetchone()
    return Path(str(schema[0] if schema else "")) / name


def _csv_chunks(
    gdf: gpd.GeoDataFrame | pd.DataFrame, dataset_id: int, first_row: int
) -> Iterator[bytes]:
    """The rows of ``gdf`` as the frame contract has them, numbered from ``first_row``, as CSV
    for ``COPY``: every value quoted and a missing one left empty (NULL), so an empty text
    stays one; the geometry as hex EWKB. Written by Arrow a slice at a time, so a large
    frame is never all text at once."""
    frame = conform(gdf)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    for start in range(0, len(frame), COPY_CHUNK_ROWS):
        chunk = frame.iloc[start : start + COPY_CHUNK_ROWS]
        table = pa.Table.from_pandas(pd.DataFrame(chunk[list(COLUMNS)]), preserve_index=False)
        for column in COLUMNS:
            if DTYPES[column] == "datetime64[ns]":  # PostgreSQL keeps microseconds
                index = table.schema.get_field_index(column)
                table = table.set_column(index, column, table[column].cast(pa.timestamp("us")))
        points = shapely.set_srid(chunk.geometry.to_numpy(), SRID)
        rows = pa.array(range(first_row + start, first_row + start + len(chunk)), pa.int64())
        table = table.add_column(0, ROW, rows)
        table = table.add_column(0, "dataset_id", pa.array([dataset_id] * len(chunk), pa.int64()))
        table = table.append_column(
            GEOMETRY, pa.array(shapely.to_wkb(points, hex=True, include_srid=True), pa.string())
        )
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(table, sink, options)
        yield sink.getvalue().to_pybytes()


def _write_rows(
    conn: psycopg.Connection[Any], dataset_id: int, gdf: gpd.GeoDataFrame, first_row: int
) -> int:
    """Add ``gdf``'s rows to the dataset, numbered from ``first_row``; the next free number."""
    names = sql.SQL(", ").join(map(sql.Identifier, ["dataset_id", ROW, *COLUMNS, GEOMETRY]))
    query = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(sql.Identifier(ROWS), names)
    with conn.cursor() as cursor, cursor.copy(query) as copy:
        for data in _csv_chunks(gdf, dataset_id, first_row):
            copy.write(data)
    return first_row + len(gdf)


def save_dataset(url: str, name: str, gdf: gpd.GeoDataFrame, replace: bool = False) -> Path:
    """``incidents.store.save_dataset`` in the store at ``url``."""
    return save_chunks(url, name, [gdf], replace)


def save_chunks(
    url: str, name: str, chunks: Iterable[gpd.GeoDataFrame], replace: bool = False
) -> Path:
    """Save the incidents of ``chunks``, in order, as dataset ``name``: one transaction, so
    readers see the old version (or none) until the last chunk is in."""
    store.check_name(name)
    with connection(url) as conn:
        dataset_id = _lock_dataset(conn, name)
        if dataset_id is not None and not replace:
            raise store.exists_error(name)
        if dataset_id is None:
            dataset_id = _insert_dataset(conn, name)
        else:
            conn.execute(f"DELETE FROM {ROWS} WHERE dataset_id = %s", [dataset_id])
            _bump(conn, dataset_id)
        row = 0
        for chunk in chunks:
            row = _write_rows(conn, dataset_id, chunk, row)
        return _location(conn, name)


def _insert_dataset(conn: psycopg.Connection[Any], name: str) -> int:
    created = conn.execute(
        f"INSERT INTO {DATASETS} (name) VALUES (%s) RETURNING dataset_id", [name]
    ).fetchone()
    assert created is not None  # RETURNING gives the row inserted
    return int(created[0])


def _bump(conn: psycopg.Connection[Any], dataset_id: int) -> None:
    conn.execute(
        f"UPDATE {DATASETS} SET version = version + 1, saved_at = clock_timestamp() "
        "WHERE dataset_id = %s",
        [dataset_id],
    )


def append_dataset(url: str, name: str, gdf: gpd.GeoDataFrame) -> Path:
    """``incidents.store.append_dataset`` in the store at ``url``."""
    store.check_name(name)
    with connection(url) as conn:
        dataset_id = _lock_dataset(conn, name)
        if dataset_id is None:
            dataset_id, first_row = _insert_dataset(conn, name), 0
        else:
            clash = conn.execute(
                f"SELECT DISTINCT id FROM {ROWS} WHERE dataset_id = %s AND id = ANY(%s) "
                "ORDER BY id",
                [dataset_id, list(map(str, gdf["id"]))],
            ).fetchall()
            if clash:
                raise store.duplicate_ids_error(name, [found for (found,) in clash])
            last = conn.execute(
                f"SELECT max({ROW}) FROM {ROWS} WHERE dataset_id = %s", [dataset_id]
            ).fetchone()
            first_row = 0 if last is None or last[0] is None else int(last[0]) + 1
            _bump(conn, dataset_id)
        _write_rows(conn, dataset_id, gdf, first_row)
        return _location(conn, name)


def delete_dataset(url: str, name: str) -> bool:
    """Remove dataset ``name`` from the store at ``url``; False if there was none."""
    store.check_name(name)
    with connection(url) as conn:
        dataset_id = _lock_dataset(conn, name)
        if dataset_id is not None:
            conn.execute(f"DELETE FROM {ROWS} WHERE dataset_id = %s", [dataset_id])
            conn.execute(f"DELETE FROM {DATASETS} WHERE dataset_id = %s", [dataset_id])
        return dataset_id is not None


def list_datasets(url: str) -> list[str]:
    """The names of the datasets in the store at ``url``, A-Z."""
    with connection(url) as conn:
        return sorted(name for (name,) in conn.execute(f"SELECT name FROM {DATASETS}"))


def saved_at(url: str, name: str) -> float:
    """When dataset ``name`` was last written, in seconds since the epoch (0.0 if it is not)."""
    with connection(url) as conn:
        found = conn.execute(
            f"SELECT extract(epoch FROM saved_at) FROM {DATASETS} WHERE name = %s", [name]
        ).fetchone()
    return 0.0 if found is None else float(found[0])


def load_dataset(url: str, name: str) -> gpd.GeoDataFrame:
    """``incidents.store.load_dataset`` from the store at ``url``."""
    store.check_name(name)
    with connection(url) as conn, conn.cursor() as cursor:
        if conn.execute(f"SELECT 1 FROM {DATASETS} WHERE name = %s", [name]).fetchone() is None:
            raise FileNotFoundError(f"no saved dataset called {name!r} in the shared store")
        cursor.execute(f"SELECT * FROM ({dataset_relation()}) AS dataset ORDER BY {ROW}", [name])
        names = [column.name for column in cursor.description or []]
        rows = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
    points = shapely.from_wkb(rows.pop(GEOMETRY).to_numpy())
    return conform(gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(points, crs=CRS)))
