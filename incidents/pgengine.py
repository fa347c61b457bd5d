"""The query engine on a dataset of the shared PostgreSQL + PostGIS store (``incidents.pgstore``).

The same queries as the DuckDB engine (``incidents.engine.Engine``), run by the database: the
relation ``INCIDENTS`` is the dataset's rows of the store's table, given to every query as a
common table expression PostgreSQL folds into it (``NOT MATERIALIZED``), so a filter reads
only what its conditions select. Every query reads the dataset as committed at that moment:
another app instance's save is seen at once, and nothing is cached here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from incidents import pgstore, store
from incidents.engine import Engine
from incidents.filters import INCIDENTS, ROW, SEARCH_TEXT

__all__ = ["PostgresEngine"]


def _placeholders(query: str) -> str:
    """The engine's ``?`` placeholders as psycopg's ``%s`` (its SQL holds no other '?')."""
    return query.replace("%", "%%").replace("?", "%s")


class PostgresEngine(Engine):
    """Queries on dataset ``name`` of the store at ``url``."""

    def __init__(self, url: str, name: str) -> None:
        self._url = url
        self._name = store.check_name(name)
        self._with = (
            f"WITH {INCIDENTS} AS NOT MATERIALIZED ({pgstore.dataset_relation()}), "
            f"{SEARCH_TEXT} AS NOT MATERIALIZED "
            f"(SELECT {ROW}, search_text AS text FROM {INCIDENTS}) "
        )

    @classmethod
    def open_dataset(cls, name: str) -> PostgresEngine:
        """The engine of dataset ``name`` of the store ``$INCIDENTS_STORE_URL`` names."""
        url = store.store_url()
        if url is None:
            raise RuntimeError(f"{store.STORE_URL_VARIABLE} is not set")
        if name not in pgstore.list_datasets(url):
            raise FileNotFoundError(f"no saved dataset called {name!r} in the shared store")
        return cls(url, name)

    def _query(self, query: str) -> str:
        return self._with + _placeholders(query)

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with pgstore.connection(self._url) as conn:
            return conn.execute(self._query(sql), [self._name, *params]).fetchall()

    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        with pgstore.connection(self._url) as conn, conn.cursor() as cursor:
            cursor.execute(self._query(sql), [self._name, *params])
            names = [column.name for column in cursor.description or []]
            return pd.DataFrame.from_records(cursor.fetchall(), columns=names)
