"""The query engine keeps exactly the rows ``IncidentFilter.apply`` keeps, on a frame, a file or
a PostgreSQL store.

Every filter spec has example values below (the first test fails until a new spec has some);
each is run by each engine on a seeded synthetic frame, registered in DuckDB, saved as
GeoParquet and saved in a PostgreSQL + PostGIS store (``tests.postgres``: skipped without a
server), and compared with pandas row for row. Counts, aggregates, options and pages are
checked the same way.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import psycopg
import pytest

from geo.normalize import SqlDialect, fold_sql, normalize, normalize_sql
from incidents import pgstore, store
from incidents.aggregate import FIGURES, per_month
from incidents.engine import AGGREGATE_KEYS, Engine
from incidents.filters import FILTERS, IncidentFilter
from incidents.frame import conform
from incidents.pgengine import PostgresEngine
from tests.postgres import fresh_store

# field -> active values; each is checked alone, and the first of each with the others.
EXAMPLES: dict[str, list[object]] = {
    "regions": [("Ségou",), ("segou", "MOPTI"), ("Tombouctou", "Nowhere")],
    "cercles": [("Bankass",), ("niono", "Djenné")],
    "date_from": [date(2021, 3, 15), date(2023, 1, 1)],
    "date_to": [date(2020, 6, 30), date(2022, 2, 28)],
    "years": [(2021,), (2019, 2023)],
    "event_types": [("Battles",), ("protests", "Violence against civilians")],
    "perpetrator_types": [("State forces",), ("jihadist group", "Unknown")],
    "min_killed": [1, 10],
    "with_casualties": [True],
    "verification": [("corroborated",), ("Disputed", "single")],
    "text": ["marche", "ATTAQUÉ village", "d'Abeïbara", "oeuvre", "nyogo", "!!!", "zzz"],
}
COMBINED = [
    IncidentFilter(regions=("Mopti",), years=(2021,)),
    IncidentFilter(text="civils", min_killed=1, event_types=("Battles", "Protests")),
    IncidentFilter(date_from=date(2020, 2, 10), date_to=date(2020, 2, 20), with_casualties=True),
    IncidentFilter(cercles=("Bankass", "Niono"), perpetrator_types=("Unknown",), text="tues"),
]

REGIONS = {
    "Mopti": ["Bankass", "Djenné", "Douentza"],
    "Ségou": ["Niono", "Macina"],
    "Tombouctou": ["Niafunké", "Goundam"],
}
TITLES = [
    "Attaque du marché de {place}",
    "Des civils tués à {place}",
    "ATTAQUÉ : le village d’Abeïbara près de {place}",
    "Clashes near {place} market",
    "L'œuvre détruite à {place}",
    "Ɲɔgɔ jɛ à {place}",
    "",
]
EVENT_TYPES = ["Battles", "Protests", "Violence against civilians", "", "Riots"]
PERPETRATORS = ["State forces", "Jihadist group", "Unknown", "", "Communal militia"]


def synthetic_frame(count: int = 400, seed: int = 7) -> gpd.GeoDataFrame:
    """Incidents with every case the filters treat apart: accents and case, no unit, no count,
    open periods, periods over a year's end, empty texts, no place."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        region = rng.choice([*REGIONS, None])
        cercle = rng.choice(REGIONS[region]) if region and rng.random() < 0.8 else None
        start = pd.Timestamp("2019-01-01") + pd.Timedelta(days=rng.randrange(0, 5 * 365))
        span = rng.choice([None, 0, 3, 40, 400])
        place = cercle or region or "Mali"
        rows.append(
            {
                "id": f"SYN-{i:04d}",
                "title": rng.choice(TITLES).format(place=place),
                "title_fr": rng.choice(["", "Civils tués à {place}", "Marché attaqué"]).format(
                    place=place
                ),
                "source_quote": rng.choice(["", "Selon des témoins, les assaillants ont tué."]),
                "quote_translation": rng.choice(["", "Witnesses said the market burned."]),
                "date_start": None if rng.random() < 0.03 else start,
                "date_end": None if span is None else start + pd.Timedelta(days=span),
                "event_type": rng.choice(EVENT_TYPES),
                "perpetrator_type": rng.choice(PERPETRATORS),
                "killed": rng.choice([None, 0, 1, 4, 10, 25]),
                "injured": rng.choice([None, 0, 2]),
                "missing": rng.choice([None, 0, 3]),
                "admin1": region,
                "admin2": cercle,
                "verification": rng.choice(["single", "corroborated", "disputed", ""]),
                "latitude": None if region is None else rng.uniform(11, 20),
                "longitude": None if region is None else rng.uniform(-8, 1),
            }
        )
    frame = pd.DataFrame(rows)
    points = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
    geometry = gpd.GeoSeries(points).where(frame["latitude"].notna(), None)
    return conform(gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326"))


@pytest.fixture(scope="module")
def incidents() -> gpd.GeoDataFrame:
    return synthetic_frame()


@pytest.fixture(scope="module")
def saved(incidents: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store.save_dataset("synthetic", incidents, tmp_path_factory.mktemp("datasets"))


@pytest.fixture(scope="module")
def postgres_store(postgres_server: str) -> Iterator[str]:
    """A store of this module's own on the test server."""
    with fresh_store(postgres_server) as url:
        yield url


@pytest.fixture(scope="module", params=["frame", "parquet", "postgres"])
def engine(request: pytest.FixtureRequest, incidents: gpd.GeoDataFrame, saved: Path) -> Engine:
    if request.param == "frame":
        return Engine.from_frame(incidents)
    if request.param == "parquet":
        return Engine.from_parquet(saved)
    url = request.getfixturevalue("postgres_store")
    pgstore.save_dataset(url, "synthetic", incidents, replace=True)
    return PostgresEngine(url, "synthetic")


def alone() -> list[IncidentFilter]:
    return [
        IncidentFilter(**{name: value}) for name, values in EXAMPLES.items() for value in values
    ]


def examples() -> list[IncidentFilter]:
    together = IncidentFilter(**{name: values[0] for name, values in EXAMPLES.items()})
    return [IncidentFilter(), *alone(), together, *COMBINED]


# The examples meant to keep every row (no word to search) or none.
KEEP_ALL_OR_NONE = (IncidentFilter(text="!!!"), IncidentFilter(text="zzz"))


def test_every_filter_has_examples():
    assert [spec.name for spec in FILTERS] == list(EXAMPLES)


@pytest.mark.parametrize("flt", examples(), ids=lambda flt: str(flt.to_query_params()))
def test_engine_keeps_the_rows_apply_keeps(engine: Engine, incidents, flt: IncidentFilter):
    expected = flt.apply(incidents)
    assert list(engine.select(flt, columns=["id"])["id"]) == list(expected["id"])
    assert engine.count(flt) == len(expected)


@pytest.mark.parametrize("flt", [IncidentFilter(), *COMBINED], ids=lambda flt: str(flt))
def test_positions_take_the_rows_apply_keeps(engine: Engine, incidents, flt: IncidentFilter):
    expected = flt.apply(incidents)
    positions = engine.positions(flt)
    pd.testing.assert_frame_equal(incidents.iloc[positions], expected)
    assert list(engine.positions(flt, limit=3)) == list(positions[:3])


def test_spanning_positions_hold_every_value_and_the_whole_period(engine: Engine, incidents):
    columns = ["event_type", "admin1", "admin2"]
    sample = incidents.iloc[engine.spanning_positions(columns)]
    assert len(sample) < len(incidents) / 4
    for column in columns:
        everywhere = set(incidents[column].dropna())
        assert set(sample[column].dropna()) == everywhere
        assert sample[column].isna().any() == incidents[column].isna().any()
    ends = incidents["date_end"].fillna(incidents["date_start"])
    assert sample["date_start"].min() == incidents["date_start"].min()
    assert sample["date_end"].fillna(sample["date_start"]).max() == ends.max()
    with pytest.raises(ValueError, match="unknown column"):
        engine.spanning_positions(["nonsense"])


def test_a_frame_with_joined_columns_is_held_by_its_contract_columns(incidents):
    joined = incidents.assign(figures_by_source=[(("killed", "x"),)] * len(incidents))
    engine = Engine.from_frame(joined)
    flt = IncidentFilter(verification=("corroborated",), text="civils")
    assert list(engine.select(flt)["id"]) == list(flt.apply(incidents)["id"])


def test_search_text_folded_ahead_from_another_thread_serves_every_search(incidents):
    engine = Engine.from_frame(incidents)
    folding = [threading.Thread(target=engine.prepare_search) for _ in range(3)]
    for thread in folding:
        thread.start()
    flt = IncidentFilter(text="marche")
    assert engine.count(flt) == len(flt.apply(incidents)) > 0  # waits for the folding
    for thread in folding:
        thread.join()
    assert engine.count(flt) == len(flt.apply(incidents))


def test_examples_keep_some_rows_and_leave_some_out(incidents):
    # An example that keeps all rows or none would not tell a wrong condition from a right one.
    for flt in [*alone(), *COMBINED]:
        if flt not in KEEP_ALL_OR_NONE:
            assert 0 < len(flt.apply(incidents)) < len(incidents), flt


def test_full_rows_equal_the_loaded_dataset(engine: Engine, incidents):
    flt = IncidentFilter(regions=("Mopti", "Ségou"), text="civils")
    expected = flt.apply(incidents).reset_index(drop=True)
    got = engine.select(flt)
    assert isinstance(got, gpd.GeoDataFrame)
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(expected))
    assert got.crs == expected.crs


def test_a_page_is_a_slice_of_the_result_in_the_dataset_order(engine: Engine, incidents):
    flt = IncidentFilter(event_types=("Battles",))
    expected = flt.apply(incidents)
    page = engine.select(flt, columns=["year", "id", "killed"], limit=10, offset=20)
    assert list(page.columns) == ["year", "id", "killed"]
    assert not isinstance(page, gpd.GeoDataFrame)
    assert list(page["id"]) == list(expected["id"][20:30])
    assert list(page["year"]) == list(expected["year"][20:30])
    assert page.dtypes.to_dict() == expected[["year", "id", "killed"]].dtypes.to_dict()
    assert engine.select(flt, columns=["id"], limit=5, offset=len(expected)).empty


def test_selected_geometry_is_the_incidents_geometry(engine: Engine, incidents):
    page = engine.select(IncidentFilter(), columns=["id", "geometry"], limit=50)
    expected = incidents.geometry[:50].reset_index(drop=True)
    assert page.geometry.isna().equals(expected.isna())
    assert page.geometry[expected.notna()].geom_equals(expected[expected.notna()]).all()


@pytest.mark.parametrize("by", [b for b in AGGREGATE_KEYS if b != "month"])
def test_aggregates_equal_pandas_group_sums(engine: Engine, incidents, by: str):
    flt = IncidentFilter(with_casualties=True)
    kept = flt.apply(incidents)
    grouped = kept.groupby(by, sort=True)
    expected = grouped[list(FIGURES)].sum().astype("int64")
    expected.insert(0, "incidents", grouped.size().astype("int64"))
    expected = expected.reset_index()
    got = engine.aggregate(flt, by=by)
    assert list(got.columns) == [by, "incidents", *FIGURES]
    assert got[by].tolist() == expected[by].tolist()
    for measure in ("incidents", *FIGURES):
        assert got[measure].tolist() == expected[measure].tolist(), measure


def test_monthly_aggregate_equals_the_month_table(engine: Engine, incidents):
    flt = IncidentFilter(regions=("Mopti",))
    months = per_month(flt.apply(incidents)).groupby("month")[["incidents", *FIGURES]].sum()
    got = engine.aggregate(flt, by="month").set_index("month")
    assert got.index.dtype == "datetime64[ns]"  # the frame's resolution for days
    months.index = months.index.astype("datetime64[ns]")
    pd.testing.assert_frame_equal(got, months, check_names=False)


def test_options_are_the_distinct_values_a_to_z(engine: Engine, incidents):
    assert engine.options("event_type") == sorted(v for v in set(incidents["event_type"]) if v)
    assert engine.options("admin2") == sorted(set(incidents["admin2"].dropna()))


def test_period_spans_the_kept_incidents(engine: Engine, incidents):
    flt = IncidentFilter(years=(2021,))
    kept = flt.apply(incidents)
    assert engine.period(flt) == (
        kept["date_start"].min(),
        kept["date_end"].fillna(kept["date_start"]).max(),
    )
    assert engine.period(IncidentFilter(text="zzz")) == (None, None)


def test_bad_requests_are_refused(engine: Engine):
    with pytest.raises(ValueError, match="unknown column"):
        engine.select(IncidentFilter(), columns=["id", "id; DROP TABLE incidents"])
    with pytest.raises(ValueError, match="by"):
        engine.aggregate(IncidentFilter(), by="perpetrator")
    with pytest.raises(ValueError, match="text column"):
        engine.options("killed")


def test_a_column_an_older_file_lacks_reads_empty(incidents, tmp_path):
    older = pd.DataFrame(incidents.drop(columns=["title_fr", "admin2"]))
    path = tmp_path / "older.parquet"
    gpd.GeoDataFrame(older, geometry="geometry").to_parquet(path)
    engine = Engine.from_parquet(path)
    rows = engine.select(IncidentFilter(), columns=["id", "title_fr", "admin2"])
    assert (rows["title_fr"] == "").all() and rows["admin2"].isna().all()
    flt = IncidentFilter(text="attaque")
    assert engine.count(flt) == len(flt.apply(store.load_dataset("older", tmp_path)))


@pytest.mark.usefixtures("store_backend")
def test_a_search_after_the_dataset_is_saved_again_reads_the_new_text(incidents, tmp_path):
    store.save_dataset("changing", incidents, tmp_path)
    engine = Engine.open("changing", tmp_path)
    searched = IncidentFilter(text="renamed")
    assert engine.count(searched) == 0
    ten_killed = incidents["killed"].eq(10).fillna(False).astype(bool)
    store.save_dataset(
        "changing",
        incidents.assign(title=incidents["title"].mask(ten_killed, "Renamed")),
        tmp_path,
        replace=True,
    )
    assert engine.count(searched) == int(ten_killed.sum()) > 0


@pytest.mark.usefixtures("store_backend")
def test_the_curated_dataset_opens_like_any_dataset():
    curated = store.load_dataset(store.CURATED)
    engine = Engine.open(store.CURATED)
    flt = IncidentFilter(text="ogossagou")
    assert engine.count() == len(curated)
    assert list(engine.select(flt)["id"]) == list(flt.apply(curated)["id"])
    with pytest.raises(FileNotFoundError):
        Engine.open("no-such-dataset")


TEXTS = [
    "Ségou",
    "Cercle d’Abeïbara",
    "ÇA VA",
    "Straße",
    "Œuvre, cœur",
    "ɲɔgɔ ŋaa ƴ ɓ ɗ ı đ ł æ ø",
    "ǿre",
    "  Tin-Essako  ",
    "e\u0301cole",
    "İstanbul",
    "12 tués / 3 blessés",
    "",
]


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def dialect(request: pytest.FixtureRequest) -> SqlDialect:
    return request.param


@pytest.fixture(scope="module")
def sql_of(dialect: SqlDialect, request: pytest.FixtureRequest) -> Iterator:
    """Run ``SELECT expression`` on one text, ``text``, in ``dialect``'s database."""
    if dialect == "duckdb":
        connection = duckdb.connect()
        query = "SELECT {} FROM (SELECT CAST(? AS VARCHAR) AS text) AS given"
        yield lambda expression, text: connection.execute(query.format(expression), [text])
    else:
        with psycopg.connect(request.getfixturevalue("postgres_server")) as connection:
            query = "SELECT {} FROM (SELECT CAST(%s AS text) AS text) AS given"
            yield lambda expression, text: connection.execute(query.format(expression), [text])


@pytest.mark.parametrize("text", TEXTS)
def test_sql_normalisation_equals_normalize(dialect: SqlDialect, sql_of, text: str):
    normalised = sql_of(normalize_sql("text", dialect), text).fetchone()[0]
    assert normalised == normalize(text)
    folded = sql_of(fold_sql("text", dialect), text).fetchone()[0]
    assert " ".join("".join(c if c.isascii() and c.isalnum() else " " for c in folded).split()) == (
        normalize(text)
    )
