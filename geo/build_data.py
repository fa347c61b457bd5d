"""Build the project's compact copy of the geodata in ``geo/data/``.

Run once when the reference data changes (inputs are arguments; nothing is read implicitly):

    python -m geo.build_data --boundaries DIR --gazetteer ML.txt --settlements localites.xlsx
        --rivers ne_50m_rivers_lake_centerlines.shp --osm mali.sqlite
        --osm-exclude scripts/eval_data/osm_place_names.csv [--out geo/data]

``DIR`` holds ``mli_adm{1,2,3}.geojson``, ``mli_adm3_parents.csv`` and the geoBoundaries
metadata files; ``ML.txt`` is the GeoNames country dump for Mali; ``localites.xlsx`` is
OCHA's settlements table (HDX ``mali-settlements``); the rivers file is Natural Earth's
river and lake centre lines (any format geopandas reads); ``mali.sqlite`` is an extract of
OpenStreetMap's point nodes of Mali (table ``NODE``: ``ID``, ``NAME``, ``LAT``, ``LON``,
``TAG``, ``VALUE``), and ``--osm-exclude`` a CSV whose ``name`` column lists the names
left out of OpenStreetMap's places (the evaluation set, so it stays independent). The
output keeps only the properties and gazetteer columns/features the project uses, with
official names:
regions and cercles from the tables in ``geo.boundaries``; communes get their accents back
where the gazetteer spells the same ASCII name with accents (closest occurrence first).
geoBoundaries' Ménaka cercle becomes OCHA's Ménaka region and its communes the region's four
cercles (``split_menaka``), so the units are OCHA's 10 first-level units and 53 cercles.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import (
    ADMIN1_PCODES,
    ADMIN2_PCODES,
    CRS,
    DATA_DIR,
    MENAKA_CERCLES,
    MENAKA_REGION_CERCLE,
    OFFICIAL_ADMIN1_NAMES,
    OFFICIAL_ADMIN2_NAMES,
    polygonal,
)
from geo.gazetteer import (
    GAZETTEER_COLUMNS,
    GAZETTEER_FILE,
    OSM_PLACE_COLUMNS,
    OSM_PLACES_FILE,
    SETTLEMENT_COLUMNS,
    SETTLEMENTS_FILE,
)
from geo.landmarks import RIVERS_FILE
from geo.normalize import name_key, normalize

GEONAMES_COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modified",
]

# Feature classes kept whole, and the codes kept from the others: settlements, admin
# features, and the camps, wells, water points, markets and localities incidents happen at.
KEEP_CLASSES = {"P", "A", "S"}
KEEP_CODES = {"LCTY", "RGN", "AREA", "WLL", "WLLS", "WTRH", "LK", "LKI", "LKS", "SPNG"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_latin(text: str) -> bool:
    """True when every letter is Latin script (alternate names in Arabic, Tifinagh... go)."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text) and bool(
        normalize(text)
    )


def _clean_alternates(value: str, name: str) -> str:
    seen = {name}
    kept = []
    for alt in value.split(","):
        alt = alt.strip()
        code = alt.isupper() and len(alt) <= 4  # airport / postal codes such as "TOM"
        if alt and alt not in seen and not code and _is_latin(alt):
            seen.add(alt)
            kept.append(alt)
    return ",".join(kept)


def read_geonames(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        path,
        sep="\t",
        header=None,
        names=GEONAMES_COLUMNS,
        dtype=str,
        keep_default_na=False,
        quoting=3,
    )
    keep = raw["feature_class"].isin(KEEP_CLASSES) | raw["feature_code"].isin(KEEP_CODES)
    gaz = raw.loc[keep, GAZETTEER_COLUMNS].copy()
    gaz["alternatenames"] = [
        _clean_alternates(alts, name)
        for alts, name in zip(gaz["alternatenames"], gaz["name"], strict=True)
    ]
    gaz["population"] = pd.to_numeric(gaz["population"]).fillna(0).astype(int)
    return gaz.sort_values("geonameid", key=lambda s: s.astype(int)).reset_index(drop=True)


def _repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 ("MÃ©naka") back to what was written ("Ménaka")."""
    if "Ã" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read_settlements(path: Path) -> pd.DataFrame:
    """OCHA's settlements: P-code, name (mojibake repaired) and point of each settlement."""
    raw = pd.read_excel(path, dtype={"pcode": str})
    table = pd.DataFrame(
        {"pcode": raw["pcode"], "name": raw["featureNam"].astype(str).str.strip(),
         "latitude": raw["latitude"].round(6), "longitude": raw["longitude"].round(6)}
    )  # fmt: skip
    table["name"] = table["name"].map(_repair_mojibake)
    table = table.dropna().query("name != ''")
    return table[SETTLEMENT_COLUMNS].sort_values("pcode").reset_index(drop=True)


# OpenStreetMap ``place`` values that name a settlement (quarters, suburbs and farms go; a
# value may list two, "village;hamlet").
OSM_SETTLEMENT_PLACES = {"city", "town", "village", "hamlet", "isolated_dwelling", "locality"}


def read_osm_places(path: Path, excluded_names: list[str]) -> pd.DataFrame:
    """OpenStreetMap's named settlement nodes, without those whose name has the name key of
    one of ``excluded_names``; node id, name and point, by node id."""
    with sqlite3.connect(path) as db:
        raw = pd.read_sql_query(
            "SELECT ID, NAME, LAT, LON, VALUE FROM NODE WHERE TAG = 'place' AND NAME IS NOT NULL",
            db,
        )
    settlement = [bool(OSM_SETTLEMENT_PLACES & set(v.split(";"))) for v in raw["VALUE"]]
    excluded = {name_key(name) for name in excluded_names}
    keys = raw["NAME"].astype(str).map(name_key)
    keep = pd.Series(settlement, index=raw.index) & (keys != "") & ~keys.isin(excluded)
    table = pd.DataFrame(
        {"osm_id": raw["ID"].astype("int64"), "name": raw["NAME"].astype(str).str.strip(),
         "latitude": raw["LAT"].round(6), "longitude": raw["LON"].round(6)}
    )[keep]  # fmt: skip
    return table[OSM_PLACE_COLUMNS].sort_values("osm_id").reset_index(drop=True)


# Rivers are kept within Mali's box widened by this much (degrees): the Niger and the Sénégal
# run on past the border, and a map zoomed to a border region still shows where they go.
RIVER_MARGIN = 1.0
# Display lines: simplified to ~1 km (degrees) and rounded, like the boundaries' quantisation.
RIVER_TOLERANCE = 0.01
RIVER_GRID = 1e-3


def read_rivers(path: Path, country: shapely.Geometry) -> gpd.GeoDataFrame:
    """Natural Earth's rivers that cross ``country``, clipped to its box widened by
    ``RIVER_MARGIN``, simplified, one line feature per river name."""
    west, south, east, north = country.bounds
    box = shapely.box(
        west - RIVER_MARGIN, south - RIVER_MARGIN, east + RIVER_MARGIN, north + RIVER_MARGIN
    )
    raw = gpd.read_file(path).to_crs(CRS)
    merged = raw[raw["name"].notna()].dissolve(by="name", as_index=False)[["name", "geometry"]]
    merged = merged[merged.intersects(country)]
    lines = shapely.line_merge(shapely.intersection(merged.geometry.to_numpy(), box))
    lines = shapely.set_precision(shapely.simplify(lines, RIVER_TOLERANCE), RIVER_GRID)
    rivers = gpd.GeoDataFrame({"name": merged["name"].to_numpy()}, geometry=lines, crs=CRS)
    return rivers.sort_values("name").reset_index(drop=True)


def _official(table: dict[str, str], gb_names: pd.Series, level: int) -> pd.Series:
    unknown = sorted(set(gb_names) - set(table))
    if unknown:
        raise ValueError(f"ADM{level} names missing from the official-name table: {unknown}")
    return gb_names.map(table)


def _containing(children: gpd.GeoDataFrame, parents: gpd.GeoDataFrame) -> list[str]:
    """Parent shape_id of each child; the levels nest, so a point inside the child decides."""
    points = gpd.GeoDataFrame(geometry=children.representative_point(), crs=CRS)
    joined = gpd.sjoin(points, parents[["shape_id", "geometry"]], predicate="within")
    if not joined.index.is_unique or len(joined) != len(children):
        raise ValueError("every child unit must lie inside exactly one parent unit")
    return joined["shape_id"].sort_index().tolist()


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Compact GeoJSON, one feature per line (small, and diffs stay readable)."""
    features = json.loads(gdf.to_json(drop_id=True))["features"]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )


def _accented_spellings(
    gb_name: str, gaz_points: gpd.GeoDataFrame, commune_id: str, cercle_id: str
) -> str | None:
    """The gazetteer's accented spelling of exactly this ASCII name, nearest scope first."""
    same = gaz_points[gaz_points["plain"] == gb_name.casefold()]
    if same.empty:
        return None
    for scope in (same["adm3_id"] == commune_id, same["adm2_id"] == cercle_id, None):
        rows = same if scope is None else same[scope]
        if not rows.empty:
            return Counter(rows["name"]).most_common(1)[0][0]
    return None


def _commune_names(adm3: gpd.GeoDataFrame, gaz: pd.DataFrame) -> list[str]:
    accented = gaz[gaz["name"] != gaz["name"].map(strip_accents)]
    points = gpd.GeoDataFrame(
        {
            "name": accented["name"].to_numpy(),
            "plain": accented["name"].map(lambda s: strip_accents(s).casefold()).to_numpy(),
        },
        geometry=gpd.points_from_xy(
            accented["longitude"].astype(float), accented["latitude"].astype(float)
        ),
        crs=CRS,
    )
    located = gpd.sjoin(points, adm3[["shape_id", "adm2_id", "geometry"]], how="left")
    located = located.rename(columns={"shape_id": "adm3_id"})
    names = []
    for gb_name, commune_id, cercle_id in zip(
        adm3["gb_name"], adm3["shape_id"], adm3["adm2_id"], strict=True
    ):
        stem, suffix = gb_name, ""
        if gb_name.endswith(" Commune"):  # "Segou Commune": the cercle town's own commune
            stem, suffix = gb_name.removesuffix(" Commune"), " Commune"
        official = OFFICIAL_ADMIN2_NAMES.get(stem) or _accented_spellings(
            stem, located, commune_id, cercle_id
        )
        names.append((official or stem) + suffix)
    return names


def _derived_id(level: int, name: str) -> str:
    """Shape id of a unit this project derived (not a geoBoundaries id): its P-code."""
    pcode = (ADMIN1_PCODES if level == 1 else ADMIN2_PCODES)[name]
    return f"MLI-ADM{level}-{pcode}"


def split_menaka(
    adm1: gpd.GeoDataFrame, adm2: gpd.GeoDataFrame, adm3: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """OCHA's Ménaka region from geoBoundaries' Ménaka cercle, its cercles from its communes.

    The region's polygon is the cercle's, cut out of Gao region; each new cercle is the union
    of its communes (``MENAKA_CERCLES``). The communes keep their polygons and ids and take
    the new cercle and region as parents.
    """
    old = adm2.loc[adm2["gb_name"] == MENAKA_REGION_CERCLE].iloc[0]
    region_id = _derived_id(1, "Ménaka")
    gao = adm1["shape_id"] == old["adm1_id"]
    adm1 = adm1.copy()
    adm1.loc[gao, "geometry"] = [
        polygonal(shapely.make_valid(g.difference(old.geometry))) for g in adm1.geometry[gao]
    ]
    region = gpd.GeoDataFrame(
        {"shape_id": [region_id], "gb_name": [old["gb_name"]], "name": ["Ménaka"],
         "iso": ["ML-9"]},
        geometry=[old.geometry], crs=CRS,
    )  # fmt: skip
    adm1 = pd.concat([adm1, region], ignore_index=True)

    inside = adm3["adm2_id"] == old["shape_id"]
    adm3 = adm3.copy()
    cercles = []
    for name, communes in MENAKA_CERCLES.items():
        members = inside & adm3["gb_name"].isin(communes)
        if members.sum() != len(communes):
            raise ValueError(f"communes of the new {name} cercle not found: {communes}")
        cercle_id = _derived_id(2, name)
        adm3.loc[members, ["adm2_id", "adm1_id"]] = [cercle_id, region_id]
        geometry = polygonal(shapely.make_valid(shapely.union_all(adm3.geometry[members])))
        cercles.append(
            {"shape_id": cercle_id, "gb_name": "+".join(communes), "name": name,
             "adm1_id": region_id, "geometry": geometry}
        )  # fmt: skip
    if (adm3["adm2_id"] == old["shape_id"]).any():
        raise ValueError("every commune of the Ménaka cercle must go to one new cercle")
    adm2 = pd.concat(
        [adm2[adm2["shape_id"] != old["shape_id"]], gpd.GeoDataFrame(cercles, crs=CRS)],
        ignore_index=True,
    )
    return adm1, gpd.GeoDataFrame(adm2, crs=CRS), adm3


def _check_pcodes(adm1: gpd.GeoDataFrame, adm2: gpd.GeoDataFrame) -> None:
    for level, gdf, table in ((1, adm1, ADMIN1_PCODES), (2, adm2, ADMIN2_PCODES)):
        if set(gdf["name"]) != set(table) or not gdf["name"].is_unique:
            raise ValueError(f"ADM{level} names and the P-code table differ")


def build(
    boundaries: Path,
    gazetteer: Path,
    settlements: Path,
    rivers: Path,
    osm: Path,
    osm_exclude: Path,
    out: Path,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    gaz = read_geonames(gazetteer)
    read_settlements(settlements).to_csv(out / SETTLEMENTS_FILE.name, sep="\t", index=False)
    excluded = pd.read_csv(osm_exclude, dtype=str, keep_default_na=False)["name"].tolist()
    read_osm_places(osm, excluded).to_csv(out / OSM_PLACES_FILE.name, sep="\t", index=False)

    adm1 = gpd.read_file(boundaries / "mli_adm1.geojson")
    adm1 = gpd.GeoDataFrame(
        {
            "shape_id": adm1["shapeID"],
            "gb_name": adm1["shapeName"],
            "name": _official(OFFICIAL_ADMIN1_NAMES, adm1["shapeName"], 1),
            "iso": adm1["shapeISO"],
        },
        geometry=adm1.geometry,
        crs=CRS,
    )

    adm2 = gpd.read_file(boundaries / "mli_adm2.geojson")
    adm2 = gpd.GeoDataFrame(
        {
            "shape_id": adm2["shapeID"],
            "gb_name": adm2["shapeName"],
            "name": _official(OFFICIAL_ADMIN2_NAMES, adm2["shapeName"], 2),
        },
        geometry=adm2.geometry,
        crs=CRS,
    )
    adm2["adm1_id"] = _containing(adm2, adm1)

    adm3 = gpd.read_file(boundaries / "mli_adm3.geojson")
    parents = pd.read_csv(boundaries / "mli_adm3_parents.csv", dtype=str).set_index("adm3_shapeID")
    adm3 = gpd.GeoDataFrame(
        {
            "shape_id": adm3["shapeID"],
            "gb_name": adm3["shapeName"],
            "adm2_id": adm3["shapeID"].map(parents["adm2_shapeID"]),
            "adm1_id": adm3["shapeID"].map(parents["adm1_shapeID"]),
        },
        geometry=[polygonal(g) for g in shapely.make_valid(adm3.geometry.to_numpy())],
        crs=CRS,
    )
    if adm3[["adm2_id", "adm1_id"]].isna().any().any():
        raise ValueError("some communes have no parent in mli_adm3_parents.csv")
    adm3.insert(2, "name", _commune_names(adm3, gaz))
    adm1, adm2, adm3 = split_menaka(adm1, adm2, adm3)
    _check_pcodes(adm1, adm2)

    for level, gdf in ((1, adm1), (2, adm2), (3, adm3)):
        write_geojson(gdf, out / f"mli_adm{level}.geojson")
    country = shapely.union_all(adm1.geometry.to_numpy())
    write_geojson(read_rivers(rivers, country), out / RIVERS_FILE.name)
    gaz.to_csv(out / GAZETTEER_FILE.name, sep="\t", index=False)
    for meta in sorted(boundaries.glob("geoBoundaries-MLI-ADM*-metaData.*")):
        shutil.copyfile(meta, out / meta.name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", type=Path, required=True, help="geoBoundaries folder")
    parser.add_argument("--gazetteer", type=Path, required=True, help="GeoNames ML.txt")
    parser.add_argument(
        "--settlements", type=Path, required=True, help="OCHA settlements, localites.xlsx"
    )
    parser.add_argument(
        "--rivers", type=Path, required=True, help="Natural Earth rivers and lake centre lines"
    )
    parser.add_argument(
        "--osm", type=Path, required=True, help="OpenStreetMap point nodes of Mali, SQLite"
    )
    parser.add_argument(
        "--osm-exclude", type=Path, required=True, help="CSV of names left out of --osm"
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    build(
        args.boundaries, args.gazetteer, args.settlements, args.rivers, args.osm,
        args.osm_exclude, args.out,
    )  # fmt: skip


if __name__ == "__main__":
    main()
