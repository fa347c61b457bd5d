"""Mali's regions (ADM1), cercles (ADM2) and communes (ADM3) with official names.

The polygons are the 2021 geoBoundaries release kept in ``geo/data/`` (8 regions + the
Bamako district, 50 cercles, 701 communes). geoBoundaries publishes ASCII names ("Segou",
"Koulikouro"); the official accented spellings come from the two tables below (regions and
cercles) and, for communes, from the gazetteer at data-build time (see ``geo.build_data``).
Every admin name shown by the project comes from here, by point-in-polygon.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

DATA_DIR = Path(__file__).resolve().parent / "data"
CRS = "EPSG:4326"
LEVELS = (1, 2, 3)

# geoBoundaries name -> official name. Spellings checked against GeoNames (seat towns and
# admin features); GeoNames writes "Djénné" and "Dioila", the official forms are Djenné, Dioïla.
OFFICIAL_ADMIN1_NAMES: dict[str, str] = {
    "Bamako": "Bamako",
    "Gao": "Gao",
    "Kayes": "Kayes",
    "Kidal": "Kidal",
    "Koulikouro": "Koulikoro",
    "Mopti": "Mopti",
    "Segou": "Ségou",
    "Sikasso": "Sikasso",
    "Tombouctou": "Tombouctou",
}

OFFICIAL_ADMIN2_NAMES: dict[str, str] = {
    "Abeibara": "Abeïbara",
    "Ansongo": "Ansongo",
    "Bafoulabe": "Bafoulabé",
    "Bamako": "Bamako",
    "Banamba": "Banamba",
    "Bandiagara": "Bandiagara",
    "Bankass": "Bankass",
    "Baroueli": "Barouéli",
    "Bla": "Bla",
    "Bougouni": "Bougouni",
    "Bourem": "Bourem",
    "Diema": "Diéma",
    "Dioila": "Dioïla",
    "Dire": "Diré",
    "Djenne": "Djenné",
    "Douentza": "Douentza",
    "Gao": "Gao",
    "Goundam": "Goundam",
    "Gourma-Rharous": "Gourma-Rharous",
    "Kadiolo": "Kadiolo",
    "Kangaba": "Kangaba",
    "Kati": "Kati",
    "Kayes": "Kayes",
    "Kenieba": "Kéniéba",
    "Kidal": "Kidal",
    "Kita": "Kita",
    "Kolokani": "Kolokani",
    "Kolondieba": "Kolondiéba",
    "Koro": "Koro",
    "Koulikoro": "Koulikoro",
    "Koutiala": "Koutiala",
    "Macina": "Macina",
    "Menaka": "Ménaka",
    "Mopti": "Mopti",
    "Nara": "Nara",
    "Niafunke": "Niafunké",
    "Niono": "Niono",
    "Nioro": "Nioro",
    "San": "San",
    "Segou": "Ségou",
    "Sikasso": "Sikasso",
    "Tenenkou": "Ténenkou",
    "Tessalit": "Tessalit",
    "Tin-Essako": "Tin-Essako",
    "Tombouctou": "Tombouctou",
    "Tominian": "Tominian",
    "Yanfolila": "Yanfolila",
    "Yelimane": "Yélimané",
    "Yorosso": "Yorosso",
    "Youwarou": "Youwarou",
}

# The regions in the order the project lists them (Bamako district first, then west to east).
OFFICIAL_ADMIN1: tuple[str, ...] = (
    "Bamako",
    "Kayes",
    "Koulikoro",
    "Sikasso",
    "Ségou",
    "Mopti",
    "Tombouctou",
    "Gao",
    "Kidal",
)
OFFICIAL_ADMIN2: tuple[str, ...] = tuple(sorted(OFFICIAL_ADMIN2_NAMES.values()))


def _check_level(level: int) -> None:
    if level not in LEVELS:
        raise ValueError(f"`level` was {level!r} but is expected to be in {LEVELS}")


@lru_cache(maxsize=3)
def _raw_units(level: int) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(DATA_DIR / f"mli_adm{level}.geojson")
    gdf = gdf.set_crs(CRS, allow_override=True)
    invalid = ~gdf.geometry.is_valid
    if invalid.any():  # 3 communes carry tiny self-intersections from upstream simplification
        fixed = shapely.make_valid(gdf.geometry[invalid].to_numpy())
        gdf.loc[invalid, "geometry"] = [polygonal(geom) for geom in fixed]
    return gdf


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts of a make_valid result (drops stray lines/points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


@lru_cache(maxsize=3)
def _units(level: int) -> gpd.GeoDataFrame:
    raw = _raw_units(level)
    out = pd.DataFrame({"shape_id": raw["shape_id"].astype(object), "name": raw["name"]})
    if level >= 2:
        adm1 = _raw_units(1).set_index("shape_id")["name"]
        out["admin1"] = raw["adm1_id"].map(adm1).to_numpy()
    if level == 3:
        adm2 = _raw_units(2).set_index("shape_id")["name"]
        out["admin2"] = raw["adm2_id"].map(adm2).to_numpy()
    out = out.astype(object)
    return gpd.GeoDataFrame(out, geometry=raw.geometry.to_numpy(), crs=CRS)


def admin_units(level: int) -> gpd.GeoDataFrame:
    """Admin units of one level (1 region, 2 cercle, 3 commune), EPSG:4326.

    Columns: shape_id, name (official), admin1 (levels 2-3), admin2 (level 3), geometry.
    Returns a copy, so callers may modify it.
    """
    _check_level(level)
    return _units(level).copy()


ADMIN_COLUMNS = ("admin1", "admin2", "admin3")
ADMIN_ID_COLUMNS = ("admin1_id", "admin2_id", "admin3_id")


@lru_cache(maxsize=1)
def _commune_table() -> gpd.GeoDataFrame:
    raw = _raw_units(3)
    units = _units(3)
    return gpd.GeoDataFrame(
        {
            "admin1": units["admin1"],
            "admin2": units["admin2"],
            "admin3": units["name"],
            "admin1_id": raw["adm1_id"].astype(object),
            "admin2_id": raw["adm2_id"].astype(object),
            "admin3_id": units["shape_id"],
        },
        geometry=units.geometry,
        crs=CRS,
    )


def locate_communes(lons: Sequence[float], lats: Sequence[float]) -> pd.DataFrame:
    """Like ``locate_points`` plus the units' shape ids (admin1_id, admin2_id, admin3_id).

    Commune names repeat (4 "Diédougou"), so code that joins units should use the ids.
    """
    lon = np.asarray(lons, dtype=float)
    lat = np.asarray(lats, dtype=float)
    if lon.shape != lat.shape:
        raise ValueError(f"`lons` and `lats` differ in length: {lon.size} != {lat.size}")
    columns = ADMIN_COLUMNS + ADMIN_ID_COLUMNS
    result = pd.DataFrame(
        dict.fromkeys(columns), index=pd.RangeIndex(lon.size), columns=list(columns), dtype=object
    )
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return result
    points = gpd.GeoDataFrame(
        {"row": np.flatnonzero(ok)}, geometry=gpd.points_from_xy(lon[ok], lat[ok]), crs=CRS
    )
    joined = gpd.sjoin(points, _commune_table(), how="inner", predicate="intersects")
    # a point on a shared border touches two communes: keep the first, deterministically
    joined = joined.sort_values(["row", "index_right"]).drop_duplicates(subset="row")
    rows = joined["row"].to_numpy()
    for column in columns:
        result.loc[rows, column] = joined[column].to_numpy(dtype=object)
    return result


def locate_points(lons: Sequence[float], lats: Sequence[float]) -> pd.DataFrame:
    """Region, cercle and commune containing each point (None outside Mali or for NaN).

    Vectorised: one spatial join against the communes, whose parents are known.
    The result has one row per input point, in input order, with a 0..n-1 index.
    """
    return locate_communes(lons, lats)[list(ADMIN_COLUMNS)]
