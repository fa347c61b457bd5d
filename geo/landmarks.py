"""What an audience orients itself by on a map of Mali: the main rivers and the main towns.

Both come from the project's own copy of the data (``geo/data/``), so every map draws them
offline: the rivers from Natural Earth (``rivers.geojson``, built by ``geo.build_data``), the
towns from the GeoNames gazetteer. Names are data and are shown as they are, with the
spellings the project uses elsewhere (Tombouctou, not GeoNames' Timbuktu).
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd

from geo.boundaries import CRS, DATA_DIR
from geo.gazetteer import EXONYMS, load_gazetteer

RIVERS_FILE = DATA_DIR / "rivers.geojson"
# Seats of regions (PPLA) and the capital (PPLC), as GeoNames codes them.
SEAT_CODES = ("PPLC", "PPLA")
# Any other populated place at least this large (GeoNames' figure) is a main town too.
MAIN_TOWN_POPULATION = 40_000


@lru_cache(maxsize=1)
def rivers() -> gpd.GeoDataFrame:
    """The main rivers around Mali, one (multi)line per river: ``name``, EPSG:4326."""
    return gpd.read_file(RIVERS_FILE).set_crs(CRS, allow_override=True)[["name", "geometry"]]


@lru_cache(maxsize=1)
def main_towns() -> gpd.GeoDataFrame:
    """The capital, the region seats and the other towns of ``MAIN_TOWN_POPULATION`` or more:
    ``name``, ``capital`` (Bamako), ``seat`` (the capital or a region's seat), EPSG:4326,
    largest first."""
    gazetteer = load_gazetteer()
    seat = gazetteer["feature_code"].isin(SEAT_CODES)
    large = (gazetteer["feature_class"] == "P") & (gazetteer["population"] >= MAIN_TOWN_POPULATION)
    towns = gazetteer[seat | large].sort_values("population", ascending=False, kind="stable")
    return gpd.GeoDataFrame(
        {
            "name": [EXONYMS.get(name, name) for name in towns["name"]],
            "capital": (towns["feature_code"] == "PPLC").to_numpy(),
            "seat": towns["feature_code"].isin(SEAT_CODES).to_numpy(),
        },
        geometry=gpd.points_from_xy(towns["longitude"], towns["latitude"]),
        crs=CRS,
    )
