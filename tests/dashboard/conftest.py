"""Synthetic incidents and tiny polygons with exactly the loaded-data contract's columns.

Seeded and small, so every number in the tests can be checked by hand. The real curated data
is not used here.
"""

from __future__ import annotations

import random

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

CRS = "EPSG:4326"
ATTRIBUTION = "Boundaries: geoBoundaries (CC BY 4.0) & test <b>data</b>"

CONTRACT_COLUMNS = [
    "id",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "perpetrator",
    "perpetrator_type",
    "victims",
    "location",
    "geo_hint",
    "killed",
    "injured",
    "missing",
    "detained",
    "casualty_note",
    "alt_figures",
    "source",
    "source_quote",
    "notes",
    "admin1",
    "admin2",
    "admin3",
    "latitude",
    "longitude",
    "geo_precision",
    "geocode_status",
    "geocode_note",
    "year",
    "geometry",
]

# region -> (bounding box, {cercle: bounding box})
UNITS = {
    "Mopti": (
        (-5.0, 13.0, -1.0, 16.0),
        {"Bankass": (-5.0, 13.0, -3.0, 16.0), "Bandiagara": (-3.0, 13.0, -1.0, 16.0)},
    ),
    "Ségou": (
        (-8.0, 12.0, -5.0, 15.0),
        {"Niono": (-8.0, 13.5, -5.0, 15.0), "Ségou": (-8.0, 12.0, -5.0, 13.5)},
    ),
    "Bamako": ((-9.0, 12.0, -8.2, 13.0), {"Bamako": (-9.0, 12.0, -8.2, 13.0)}),
}


def _row(
    id_,
    title,
    start,
    end,
    precision,
    event_type,
    sub,
    perp_type,
    place,
    killed=None,
    injured=None,
    missing=None,
    detained=None,
    note="",
    quote="",
    geo_precision="point",
    admin=(None, None, None),
):
    lon, lat = place if place else (np.nan, np.nan)
    return {
        "id": id_,
        "title": title,
        "date_start": pd.Timestamp(start),
        "date_end": pd.Timestamp(end),
        "date_precision": precision,
        "event_type": event_type,
        "sub_event_type": sub,
        "perpetrator": "" if perp_type == "Unknown" else perp_type,
        "perpetrator_type": perp_type,
        "victims": "civilians",
        "location": title.split()[0],
        "geo_hint": admin[1] or "",
        "killed": killed,
        "injured": injured,
        "missing": missing,
        "detained": detained,
        "casualty_note": note,
        "alt_figures": "",
        "source": "002_report.txt",
        "source_quote": quote or f"Quote about {title}.",
        "notes": "",
        "admin1": admin[0],
        "admin2": admin[1],
        "admin3": admin[2],
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision if place else "country",
        "geocode_status": "matched" if place else "no_place",
        "geocode_note": "",
        "geometry": Point(lon, lat) if place else None,
    }


VAC, PROTESTS, STRAT, JUDICIAL, BATTLES = (
    "Violence against civilians",
    "Protests",
    "Strategic developments",
    "Judicial developments",
    "Battles",
)
OGOSSAGOU = (-4.1, 14.3)


def _incident_rows() -> list[dict]:
    mopti = ("Mopti", "Bankass", "Ogossagou")
    # fmt: off
    return [
        _row("ML-2020-001", "Ogossagou massacre", "2020-02-14", "2020-02-14", "day", VAC,
             "Attack", "Identity militias", OGOSSAGOU, killed=35, note="at least",
             admin=mopti, quote="Gunmen killed at least 35 villagers in Ogossagou."),
        _row("ML-2020-002", "Ogossagou houses burned", "2020-02-14", "2020-02-14", "day", VAC,
             "Looting/property destruction", "Identity militias", OGOSSAGOU, missing=19,
             admin=mopti),
        _row("ML-2020-003", "Niono killings", "2020-02-03", "2020-03-10", "day", VAC, "Attack",
             "State forces", (-6.0, 14.2), killed=10, admin=("Ségou", "Niono", "Niono")),
        _row("ML-2020-004", "Bamako protests shootings", "2020-07-01", "2020-07-31", "month",
             PROTESTS, "Excessive force against protesters", "State forces", (-8.6, 12.6),
             killed=14, injured=300, note="hundreds injured",
             admin=("Bamako", "Bamako", "Commune III")),
        _row("ML-2020-005", "Farabougou siege", "2020-10-01", "2020-12-31", "month", BATTLES,
             "Armed clash", "Identity militias", (-6.5, 14.0),
             admin=("Ségou", "Niono", "Farabougou")),
        _row("ML-2020-006", "Attacks on MINUSMA", "2020-01-01", "2020-12-31", "year", BATTLES,
             "Armed clash", "Identity militias", None, killed=8),
        _row("ML-2020-007", "<script>alert(1)</script> raid", "2020-05-02", "2020-05-02", "day",
             VAC, "Attack", "Unknown", (-2.0, 14.5), killed=3, injured=2,
             admin=("Mopti", "Bandiagara", "Sangha"), note="`${alert(2)}` \\u",
             quote="They said <img src=x onerror=alert(3)> & {{ 7*7 }} {% raw %} left."),
        _row("ML-2020-008", "Mopti region abductions", "2020-08-10", "2020-08-16", "week", VAC,
             "Abduction/forced disappearance", "Identity militias", (-3.0, 14.5),
             missing=4, geo_precision="region", admin=("Mopti", None, None)),
        _row("ML-2024-001", "Sissoko detention", "2024-05-05", "2025-02-01", "day", STRAT,
             "Arrests", "State forces", (-8.7, 12.65), detained=1,
             admin=("Bamako", "Bamako", "Commune I")),
        _row("ML-2025-001", "Sissoko trial", "2025-03-12", "2025-03-12", "day", JUDICIAL,
             "Trial", "State forces", (-8.7, 12.65), admin=("Bamako", "Bamako", "Commune I")),
        _row("ML-2020-009", "Ségou market attack", "2020-02-20", "2020-02-20", "day", VAC,
             "Attack", "Identity militias", (-6.2, 12.8), killed=0, injured=5,
             admin=("Ségou", "Ségou", "Ségou")),
    ]
    # fmt: on


def as_contract_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows)
    for column in ("killed", "injured", "missing", "detained"):
        frame[column] = frame[column].astype("Int64")
    for column in ("admin1", "admin2", "admin3"):
        frame[column] = frame[column].astype(object)
    frame["date_start"] = frame["date_start"].astype("datetime64[ns]")
    frame["date_end"] = frame["date_end"].astype("datetime64[ns]")
    frame["year"] = frame["date_start"].dt.year.astype("Int64")
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)
    return gdf[CONTRACT_COLUMNS]


# Verification statuses as the dashboard joins them when a dataset loads (the synthetic rows
# have no figures table, so they are set here).
VERIFICATION = {"ML-2020-001": "disputed", "ML-2020-003": "corroborated"}


@pytest.fixture
def incidents() -> gpd.GeoDataFrame:
    frame = as_contract_frame(_incident_rows())
    frame["verification"] = frame["id"].map(VERIFICATION).fillna("single")
    return frame


def make_units(level: int) -> gpd.GeoDataFrame:
    rows = []
    for region, (bounds, cercles) in UNITS.items():
        if level == 1:
            rows.append({"shape_id": f"R-{region}", "name": region, "geometry": box(*bounds)})
        else:
            rows.extend(
                {"shape_id": f"C-{name}", "name": name, "admin1": region, "geometry": box(*b)}
                for name, b in cercles.items()
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


@pytest.fixture
def regions() -> gpd.GeoDataFrame:
    return make_units(1)


@pytest.fixture
def cercles() -> gpd.GeoDataFrame:
    return make_units(2)


@pytest.fixture
def attribution() -> str:
    return ATTRIBUTION


@pytest.fixture
def many_incidents():
    """Factory: ``many_incidents(count)`` placed synthetic incidents (large-data path)."""
    return _many_incidents


def _many_incidents(count: int, seed: int = 42) -> gpd.GeoDataFrame:
    """``count`` placed incidents spread over the test regions (for the large-data path)."""
    rng = random.Random(seed)
    types = [VAC, PROTESTS, STRAT, BATTLES]
    rows = []
    for i in range(count):
        region = rng.choice(list(UNITS))
        _, cercles = UNITS[region]
        cercle = rng.choice(list(cercles))
        x0, y0, x1, y1 = cercles[cercle]
        day = pd.Timestamp("2019-01-01") + pd.Timedelta(days=rng.randrange(0, 2000))
        rows.append(
            _row(
                f"BIG-{i:06d}",
                f"Event {i} <b>",
                day,
                day,
                "day",
                rng.choice(types),
                "Attack",
                "State forces",
                (rng.uniform(x0, x1), rng.uniform(y0, y1)),
                killed=rng.choice([None, 0, 1, 5, 20]),
                admin=(region, cercle, None),
            )
        )
    return as_contract_frame(rows)
