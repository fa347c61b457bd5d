"""Fixtures for the tests that need a PostgreSQL + PostGIS server.

``$INCIDENTS_TEST_POSTGRES_URL`` names the server (``tools/postgis.sh start`` prints the URL of
a throwaway one). Each test, or module, gets a schema of its own, dropped afterwards, so tests
never see each other's datasets. Without a URL these tests are skipped, with the reason; in CI
(``CI=true``) they fail instead: there the server must have been started (``.ci/run``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from incidents import pgstore, store

TEST_URL_VARIABLE = "INCIDENTS_TEST_POSTGRES_URL"
BACKENDS = ("files", "postgres")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The test server's URL; skips (fails in CI) when there is none."""
    url = os.environ.get(TEST_URL_VARIABLE)
    if not url:
        reason = f"no PostgreSQL server: set {TEST_URL_VARIABLE} (tools/postgis.sh start)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; in CI .ci/run starts one", pytrace=False)
        pytest.skip(reason)
    with psycopg.connect(url, connect_timeout=10) as conn:
        found = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
    assert found, f"the database {TEST_URL_VARIABLE} names has no PostGIS extension"
    return url


@contextmanager
def fresh_store(server: str) -> Iterator[str]:
    """The URL of an empty store: a new schema, first in the search path (PostGIS after it)."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(server, options=f"-c search_path={schema},public")
    finally:
        pgstore.close_pools()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """An empty store of this test's own."""
    with fresh_store(postgres_server) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each backend in turn behind ``incidents.store``: files (the default), then an empty
    PostgreSQL store named by ``$INCIDENTS_STORE_URL``."""
    if request.param == "postgres":
        monkeypatch.setenv(store.STORE_URL_VARIABLE, request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.delenv(store.STORE_URL_VARIABLE, raising=False)
    return str(request.param)
