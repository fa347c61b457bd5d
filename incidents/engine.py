"""The query engine: filters, counts, aggregates and options answered by DuckDB, on the data.

A saved dataset's GeoParquet file is read in place by every query (only the columns and row
groups the query needs), so what a query costs follows its result, not the dataset, and no
copy of the dataset is kept in memory. The curated dataset, a small CSV, is loaded like any
dataset (``incidents.load``) and copied into the engine once.

Every query reads one view, ``incidents``, with the frame's columns and types
(``incidents.frame``) whatever the file's age: a column an older save lacks reads as empty.
The SQL of each filter comes from its spec (``FilterSpec.sql`` beside ``FilterSpec.mask``),
so the engine and ``IncidentFilter.apply`` keep the same rows.

Text search reads ``search_text``, the searched columns folded once (``geo.normalize.fold_sql``)
and kept in the engine from the first search on (or from ``prepare_search``, which a server may
run in the background as soon as it opens the engine): folding accents costs about a second per
100,000 incidents, too much for every search. It is folded again if the file has changed.

``Engine`` asks its queries in SQL that DuckDB and PostgreSQL both read; ``DuckDBEngine`` runs
them on a file or a frame (the default, nothing to install), ``incidents.pgengine`` on a
dataset in a shared PostgreSQL store (``incidents.pgstore``), which ``Engine.open`` picks when
the store is configured so.

One ``Engine`` may serve several threads (a Streamlit server): each query runs on its own
cursor.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.normalize import fold_sql, normalize_sql
from incidents import store
from incidents.aggregate import FIGURES
from incidents.filters import (
    INCIDENTS,
    NORMALIZE,
    ROW,
    SEARCH_COLUMNS,
    SEARCH_TEXT,
    IncidentFilter,
    SqlCondition,
)
from incidents.frame import COLUMNS, CRS, DTYPES, conform

__all__ = ["AGGREGATE_KEYS", "EVERYTHING", "DuckDBEngine", "Engine"]

GEOMETRY = "geometry"
EVERYTHING = IncidentFilter()  # the default filter: every incident
_SQL_TYPES = {
    "Int64": "BIGINT",
    "datetime64[ns]": "TIMESTAMP_NS",
    "float64": "DOUBLE",
    "object": "VARCHAR",
    "str": "VARCHAR",
}
# What ``aggregate`` groups by: an incident counts in the month its period starts.
AGGREGATE_KEYS: dict[str, str] = {
    "admin1": "admin1",
    "admin2": "admin2",
    "event_type": "event_type",
    "month": "date_trunc('month', date_start)",
}
_ENDS = "coalesce(date_end, date_start)"  # an incident's last day
_TEXT_COLUMNS = frozenset(c for c in COLUMNS if DTYPES[c] in ("str", "object"))


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column_sql(column: str, present: set[str]) -> str:
    """The view's expression for ``column``: the source's, or empty as the frame makes it."""
    sql_type = _SQL_TYPES[DTYPES[column]]
    if column in present:
        return f"CAST({column} AS {sql_type}) AS {column}"
    empty = "''" if DTYPES[column] == "str" else "NULL"
    return f"CAST({empty} AS {sql_type}) AS {column}"


class Engine(ABC):
    """Queries on one dataset: ``open`` one by name, or build a DuckDB one with
    ``from_parquet`` or ``from_frame``.

    A query is SQL over the relation ``INCIDENTS`` (the frame's columns, ``geometry`` as WKB and
    ``ROW``, the incidents' order) with ``?`` placeholders; a subclass runs it.
    """

    @classmethod
    def open(cls, name: str, data_dir: str | os.PathLike[str] | None = None) -> Engine:
        """The engine of dataset ``name`` (``curated`` or one saved in the store)."""
        if name == store.CURATED:
            return cls.from_frame(store.load_dataset(name))
        if store.store_url() is not None:
            from incidents.pgengine import PostgresEngine

            return PostgresEngine.open_dataset(name)
        path = store.dataset_path(name, data_dir)
        if not path.is_file():
            raise FileNotFoundError(f"no saved dataset called {name!r} in {path.parent}")
        return cls.from_parquet(path)

    @classmethod
    def from_parquet(cls, path: str | os.PathLike[str]) -> DuckDBEngine:
        """An engine reading the (Geo)Parquet file at ``path`` in place, at every query."""
        source = f"read_parquet({_sql_text(str(Path(path)))}, file_row_number = true)"
        return DuckDBEngine(duckdb.connect(), source, "file_row_number", Path(path))

    @classmethod
    def from_frame(cls, incidents: pd.DataFrame) -> DuckDBEngine:
        """An engine holding a copy of ``incidents`` (a small frame, such as the curated one);
        of its columns, those of the frame contract (``incidents.frame.COLUMNS``)."""
        rows = pd.DataFrame(incidents[[c for c in COLUMNS if c in incidents.columns]])
        rows = rows.reset_index(drop=True).assign(**{ROW: range(len(rows))})
        if isinstance(incidents, gpd.GeoDataFrame):
            wkb = shapely.to_wkb(incidents.geometry.to_numpy())
            rows[GEOMETRY] = wkb
        connection = duckdb.connect()
        connection.register("incoming", pa.Table.from_pandas(rows, preserve_index=False))
        connection.execute("CREATE TABLE dataset AS SELECT * FROM incoming")
        connection.unregister("incoming")
        return DuckDBEngine(connection, "dataset", ROW)

    def prepare_search(self) -> None:
        """Make text search ready now, so that no search waits for it; safe to call from any
        thread, at any time (an engine that searches the data as it is needs nothing)."""
        return None

    @staticmethod
    def _page(params: list[Any], limit: int | None, offset: int | None) -> str:
        """The ``LIMIT``/``OFFSET`` clause of a page of rows (its values appended to ``params``)."""
        page = ""
        if limit is not None:
            page += " LIMIT ?"
            params.append(max(0, int(limit)))
        if offset:
            page += " OFFSET ?"
            params.append(max(0, int(offset)))
        return page

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of a query."""

    @abstractmethod
    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        """The result of a query as a frame, one column per selected expression."""

    def _prepare(self, flt: IncidentFilter) -> SqlCondition:
        """``flt``'s condition, with what it reads ready."""
        return flt.where()

    # -- queries --------------------------------------------------------------------------

    def select(
        self,
        flt: IncidentFilter = EVERYTHING,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> pd.DataFrame:
        """A page of the incidents ``flt`` keeps, in the dataset's order, with the frame's dtypes.

        All columns (a GeoDataFrame, as ``store.load_dataset`` gives) unless ``columns`` names
        some: then exactly those, a GeoDataFrame only if ``geometry`` is one of them.
        """
        wanted = [*COLUMNS, GEOMETRY] if columns is None else list(columns)
        unknown = sorted(set(wanted) - {*COLUMNS, GEOMETRY})
        if unknown:
            raise ValueError(f"unknown column(s) {', '.join(unknown)}")
        frame_columns = [c for c in COLUMNS if c in wanted]
        read = [*frame_columns, GEOMETRY] if GEOMETRY in wanted else frame_columns
        if "year" in wanted and "date_start" not in read:
            read.append("date_start")  # ``conform`` derives the year from it
        where, params = self._prepare(flt)
        page = self._page(params, limit, offset)
        rows = self._frame(
            f"SELECT {', '.join(read)} FROM {INCIDENTS} WHERE {where} ORDER BY {ROW}{page}", params
        )
        if GEOMETRY in read:
            points = shapely.from_wkb(rows.pop(GEOMETRY).to_numpy())
            rows = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(points, crs=CRS))
        result = conform(rows, [c for c in COLUMNS if c in read])
        if GEOMETRY in wanted:
            return result[[*[c for c in wanted if c != GEOMETRY], GEOMETRY]]
        return pd.DataFrame(result[wanted])

    def positions(self, flt: IncidentFilter = EVERYTHING, limit: int | None = None) -> np.ndarray:
        """The positions (0-based, ascending) in the dataset of the incidents ``flt`` keeps,
        the first ``limit`` of them if given: to take those rows from a frame of the dataset."""
        where, params = self._prepare(flt)
        page = self._page(params, limit, None)
        rows = self._frame(
            f"SELECT {ROW} FROM {INCIDENTS} WHERE {where} ORDER BY {ROW}{page}", params
        )
        return rows.iloc[:, 0].to_numpy().astype(np.int64, copy=False)

    def spanning_positions(self, columns: Sequence[str]) -> np.ndarray:
        """The positions (ascending) of a few incidents that hold every value each of
        ``columns`` takes in the dataset, the incident that starts first and the one that
        ends last: a sample on which option lists and the period read as on the whole."""
        unknown = sorted(set(columns) - set(COLUMNS))
        if unknown:
            raise ValueError(f"unknown column(s) {', '.join(unknown)}")
        firsts = [f"SELECT min({ROW}) FROM {INCIDENTS} GROUP BY {column}" for column in columns]
        ends = [
            f"SELECT {ROW} FROM {INCIDENTS} WHERE date_start IS NOT NULL "
            f"ORDER BY date_start, {ROW} LIMIT 1",
            f"SELECT {ROW} FROM {INCIDENTS} WHERE {_ENDS} IS NOT NULL "
            f"ORDER BY {_ENDS} DESC, {ROW} LIMIT 1",
        ]
        union = " UNION ".join(f"({query})" for query in [*firsts, *ends])
        rows = self._frame(
            f"SELECT * FROM ({union}) AS p(position) WHERE position IS NOT NULL ORDER BY 1", []
        )
        return rows.iloc[:, 0].to_numpy().astype(np.int64, copy=False)

    def count(self, flt: IncidentFilter = EVERYTHING) -> int:
        """How many incidents ``flt`` keeps."""
        where, params = self._prepare(flt)
        return int(self._rows(f"SELECT count(*) FROM {INCIDENTS} WHERE {where}", params)[0][0])

    def aggregate(self, flt: IncidentFilter = EVERYTHING, by: str = "admin1") -> pd.DataFrame:
        """Per value of ``by`` (``AGGREGATE_KEYS``): incidents and the sums of stated figures.

        Columns ``by``, ``incidents``, then ``incidents.aggregate.FIGURES``, one row per value
        the kept incidents hold, in order; incidents without one are left out (as
        ``incidents.aggregate`` does). A figure a source does not state adds nothing.
        """
        if by not in AGGREGATE_KEYS:
            raise ValueError(f"`by` was {by!r} but is expected to be in {tuple(AGGREGATE_KEYS)}")
        key = AGGREGATE_KEYS[by]
        where, params = self._prepare(flt)
        sums = ", ".join(f"CAST(coalesce(sum({f}), 0) AS BIGINT) AS {f}" for f in FIGURES)
        result = self._frame(
            f"SELECT {key} AS {by}, count(*) AS incidents, {sums} FROM {INCIDENTS} "
            f"WHERE ({where}) AND {key} IS NOT NULL GROUP BY 1",
            params,
        )
        for measure in ("incidents", *FIGURES):
            result[measure] = result[measure].astype("int64")
        if by == "month":
            result[by] = pd.to_datetime(result[by]).astype("datetime64[ns]")
        # Sorted here, by code point: a database's collation may order text otherwise.
        return result.sort_values(by, ignore_index=True)

    def options(self, column: str) -> list[str]:
        """The distinct non-empty values of a text column, A-Z (a sidebar's choices)."""
        if column not in _TEXT_COLUMNS:
            raise ValueError(f"{column!r} is not a text column of the incidents")
        rows = self._rows(
            f"SELECT DISTINCT {column} FROM {INCIDENTS} "
            f"WHERE {column} IS NOT NULL AND {column} <> ''",
            [],
        )
        return sorted(value for (value,) in rows)

    def period(
        self, flt: IncidentFilter = EVERYTHING
    ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """The first day an incident of ``flt`` starts and the last day one ends (None if none)."""
        where, params = self._prepare(flt)
        first, last = self._rows(
            f"SELECT min(date_start), max({_ENDS}) FROM {INCIDENTS} WHERE {where}",
            params,
        )[0]
        return (
            None if first is None else pd.Timestamp(first),
            None if last is None else pd.Timestamp(last),
        )


class DuckDBEngine(Engine):
    """Queries on a GeoParquet file or a frame, run by an embedded DuckDB."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        source: str,
        row: str,
        path: Path | None = None,
    ) -> None:
        """``source`` is a SQL table expression holding the dataset, ``row`` its row order;
        ``path`` the file it reads, if any."""
        self._connection = connection
        self._path = path
        self._searched_version: tuple[int, int] | None = None
        self._search_lock = threading.Lock()
        with self._cursor() as cursor:
            described = cursor.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            present = {name for name, *_ in described}
            columns = [_column_sql(column, present) for column in COLUMNS]
            geometry = f"CAST({GEOMETRY} AS BLOB)" if GEOMETRY in present else "NULL::BLOB"
            cursor.execute(
                f"CREATE VIEW {INCIDENTS} AS SELECT {', '.join(columns)}, "
                f"{geometry} AS {GEOMETRY}, {row} AS {ROW} FROM {source}"
            )
            cursor.execute(f"CREATE MACRO {NORMALIZE}(value) AS {normalize_sql('value')}")

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _version(self) -> tuple[int, int]:
        if self._path is None:
            return (0, 0)
        stat = self._path.stat()
        return (stat.st_mtime_ns, stat.st_size)

    def prepare_search(self) -> None:
        """Fold the searched text now (if not done for this version of the file)."""
        with self._search_lock:
            version = self._version()
            if version != self._searched_version:
                folded = ", ".join(fold_sql(column) for column in SEARCH_COLUMNS)
                with self._cursor() as cursor:
                    cursor.execute(
                        f"CREATE OR REPLACE TABLE {SEARCH_TEXT} AS SELECT {ROW}, "
                        f"concat_ws(' ', {folded}) AS text FROM {INCIDENTS}"
                    )
                self._searched_version = version

    def _prepare(self, flt: IncidentFilter) -> SqlCondition:
        """``flt``'s condition, with the folded search text ready if it searches."""
        if flt.text:
            self.prepare_search()
        return flt.where()

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._cursor() as cursor:
            return cursor.execute(sql, list(params)).fetchall()

    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        with self._cursor() as cursor:
            return cursor.sql(sql, params=list(params)).to_arrow_table().to_pandas()
