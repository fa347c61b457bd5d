"""Mali's regions (ADM1), cercles (ADM2) and communes (ADM3) with official names.

The polygons in ``geo/data/`` are OCHA's units (COD-AB): 9 regions + the Bamako district
(Ménaka among them), 53 cercles, 701 communes, built from the 2021 geoBoundaries release,
whose Ménaka is still a cercle of Gao; ``geo.build_data`` derives the Ménaka region and its
four cercles from that cercle's communes (``MENAKA_CERCLES``). geoBoundaries publishes ASCII
names ("Segou", "Koulikouro"); the official accented spellings come from the tables below
(regions and cercles) and, for communes, from the gazetteer at data-build time. Every unit of
levels 1-2 carries OCHA's P-code (``ADMIN1_PCODES``, ``ADMIN2_PCODES``). Every admin name
shown by the project comes from here, by point-in-polygon; a point a little outside every
polygon (up to ``SNAP_KM``) goes to the nearest commune.
"""

from __future__ import annotations

import math
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
    "Menaka": "Ménaka",
    "Mopti": "Mopti",
    "Segou": "Ségou",
    "Sikasso": "Sikasso",
    "Tombouctou": "Tombouctou",
}

OFFICIAL_ADMIN2_NAMES: dict[str, str] = {
    "Abeibara": "Abeïbara",
    "Anderamboukane": "Andéramboukane",
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
    "Inekar": "Inékar",
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
    "Tidermene": "Tidermène",
    "Tin-Essako": "Tin-Essako",
    "Tombouctou": "Tombouctou",
    "Tominian": "Tominian",
    "Yanfolila": "Yanfolila",
    "Yelimane": "Yélimané",
    "Yorosso": "Yorosso",
    "Youwarou": "Youwarou",
}

# Ménaka region is geoBoundaries' Ménaka cercle; its cercles are made of these 2017 communes
# (official cercle name -> geoBoundaries commune names). Alata, a later commune, lies inside
# the Ménaka commune's polygon.
MENAKA_REGION_CERCLE = "Menaka"
MENAKA_CERCLES: dict[str, tuple[str, ...]] = {
    "Ménaka": ("Menaka",),
    "Andéramboukane": ("Anderamboukane",),
    "Inékar": ("Inekar",),
    "Tidermène": ("Tidermene",),
}

# OCHA P-codes (COD-AB) by official name. ML01-ML09 and their cercles as in OCHA's Mali
# settlements table (HDX mali-settlements, 2015); ML10 and its cercles ML1001-ML1004 follow
# OCHA's numbering of the Ménaka region (see geo/data/README.md for how each was checked).
ADMIN1_PCODES: dict[str, str] = {
    "Kayes": "ML01", "Koulikoro": "ML02", "Sikasso": "ML03", "Ségou": "ML04", "Mopti": "ML05",
    "Tombouctou": "ML06", "Gao": "ML07", "Kidal": "ML08", "Bamako": "ML09", "Ménaka": "ML10",
}  # fmt: skip
ADMIN2_PCODES: dict[str, str] = {
    "Kayes": "ML0101", "Bafoulabé": "ML0102", "Diéma": "ML0103", "Kéniéba": "ML0104",
    "Kita": "ML0105", "Nioro": "ML0106", "Yélimané": "ML0107",
    "Koulikoro": "ML0201", "Banamba": "ML0202", "Dioïla": "ML0203", "Kangaba": "ML0204",
    "Kati": "ML0205", "Kolokani": "ML0206", "Nara": "ML0207",
    "Kadiolo": "ML0301", "Yorosso": "ML0302", "Kolondiéba": "ML0303", "Yanfolila": "ML0304",
    "Koutiala": "ML0305", "Bougouni": "ML0306", "Sikasso": "ML0307",
    "Barouéli": "ML0401", "Ségou": "ML0402", "Bla": "ML0403", "San": "ML0404",
    "Niono": "ML0405", "Tominian": "ML0406", "Macina": "ML0407",
    "Mopti": "ML0501", "Bandiagara": "ML0502", "Bankass": "ML0503", "Youwarou": "ML0504",
    "Djenné": "ML0505", "Douentza": "ML0506", "Koro": "ML0507", "Ténenkou": "ML0508",
    "Tombouctou": "ML0601", "Diré": "ML0602", "Goundam": "ML0603",
    "Gourma-Rharous": "ML0604", "Niafunké": "ML0605",
    "Gao": "ML0701", "Ansongo": "ML0702", "Bourem": "ML0703",
    "Kidal": "ML0801", "Tin-Essako": "ML0802", "Abeïbara": "ML0803", "Tessalit": "ML0804",
    "Bamako": "ML0901",
    "Ménaka": "ML1001", "Andéramboukane": "ML1002", "Inékar": "ML1003", "Tidermène": "ML1004",
}  # fmt: skip

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
    "Ménaka",
)
OFFICIAL_ADMIN2: tuple[str, ...] = tuple(sorted(ADMIN2_PCODES))


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km between two (lon, lat) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


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
    if level <= 2:
        table = ADMIN1_PCODES if level == 1 else ADMIN2_PCODES
        out["pcode"] = out["name"].map(table)
    out = out.astype(object)
    return gpd.GeoDataFrame(out, geometry=raw.geometry.to_numpy(), crs=CRS)


def admin_units(level: int) -> gpd.GeoDataFrame:
    """Admin units of one level (1 region, 2 cercle, 3 commune), EPSG:4326.

    Columns: shape_id, name (official), admin1 (levels 2-3), pcode (OCHA's, levels 1-2),
    admin2 (level 3), geometry.
    Returns a copy, so callers may modify it.
    """
    _check_level(level)
    return _units(level).copy()


ADMIN_COLUMNS = ("admin1", "admin2", "admin3")
ADMIN_ID_COLUMNS = ("admin1_id", "admin2_id", "admin3_id")
PCODE_COLUMNS = ("admin1_pcode", "admin2_pcode")
LOCATED_COLUMNS = (*ADMIN_COLUMNS, *PCODE_COLUMNS, "outside_km")
# A point this close outside our polygons is placed in the nearest commune: the simplified
# borders are generalised (a border village such as Kouremalé falls just outside) and source
# coordinates are often rounded to 0.01-0.05 degree (1-5 km).
SNAP_KM = 5.0
# Distances to the polygons are measured in an equidistant projection centred on Mali.
METRIC_CRS = "+proj=aeqd +lat_0=17 +lon_0=-4 +datum=WGS84 +units=m +no_defs"


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


def _pcode_columns(admin1: Sequence[object], admin2: Sequence[object]) -> dict[str, list]:
    return {
        "admin1_pcode": [ADMIN1_PCODES.get(a) if isinstance(a, str) else None for a in admin1],
        "admin2_pcode": [ADMIN2_PCODES.get(a) if isinstance(a, str) else None for a in admin2],
    }


def admin_pcodes(admin1: Sequence[object], admin2: Sequence[object]) -> pd.DataFrame:
    """OCHA P-codes of regions and cercles given by official name (None when unknown)."""
    return pd.DataFrame(_pcode_columns(admin1, admin2), dtype=object)


@lru_cache(maxsize=1)
def _communes_metric() -> gpd.GeoDataFrame:
    return _commune_table()[["geometry"]].to_crs(METRIC_CRS)


def _nearest_communes(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index into the commune table of the nearest commune within ``SNAP_KM``, and the km."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=CRS).to_crs(METRIC_CRS)
    near = gpd.sjoin_nearest(
        points, _communes_metric(), how="inner", max_distance=SNAP_KM * 1000,
        distance_col="metres",
    )  # fmt: skip
    near = near[~near.index.duplicated(keep="first")]
    return near.index.to_numpy(), near[["index_right", "metres"]].to_numpy()


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
    outside_km = np.full(lon.size, np.nan)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        points = gpd.GeoDataFrame(
            {"row": np.flatnonzero(ok)}, geometry=gpd.points_from_xy(lon[ok], lat[ok]), crs=CRS
        )
        table = _commune_table()
        joined = gpd.sjoin(points, table, how="inner", predicate="intersects")
        # a point on a shared border touches two communes: keep the first, deterministically
        joined = joined.sort_values(["row", "index_right"]).drop_duplicates(subset="row")
        rows = joined["row"].to_numpy()
        for column in columns:
            result.loc[rows, column] = joined[column].to_numpy(dtype=object)
        missed = np.setdiff1d(np.flatnonzero(ok), rows)
        if missed.size:
            found, nearest = _nearest_communes(lon[missed], lat[missed])
            if found.size:
                snapped = missed[found]
                units = table.iloc[nearest[:, 0].astype(int)]
                for column in columns:
                    result.loc[snapped, column] = units[column].to_numpy(dtype=object)
                outside_km[snapped] = np.round(nearest[:, 1] / 1000, 1)
    for column, values in _pcode_columns(result["admin1"], result["admin2"]).items():
        result[column] = pd.Series(values, index=result.index, dtype=object)
    result["outside_km"] = outside_km
    return result


def locate_points(lons: Sequence[float], lats: Sequence[float]) -> pd.DataFrame:
    """Region, cercle and commune containing each point, with the OCHA P-codes of the first
    two (admin1_pcode, admin2_pcode), and ``outside_km``.

    A point outside every polygon but within ``SNAP_KM`` of one (a border village, a
    coordinate a little off) goes to the nearest commune, and ``outside_km`` says how far
    out it lies (NaN for a point inside); further out, or NaN, every unit is None.
    Vectorised: one spatial join against the communes, whose parents are known.
    The result has one row per input point, in input order, with a 0..n-1 index.
    """
    return locate_communes(lons, lats)[list(LOCATED_COLUMNS)]
