"""The compact GeoNames gazetteer for Mali, with the exonym, alias and foreign-name tables.

``load_gazetteer()`` returns one row per GeoNames feature with its admin units computed from
our polygons (``geo.boundaries.locate_points``), never from GeoNames' admin codes.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.boundaries import ADMIN_COLUMNS, ADMIN_ID_COLUMNS, DATA_DIR, locate_communes

GAZETTEER_FILE = DATA_DIR / "gazetteer.tsv"
SETTLEMENTS_FILE = DATA_DIR / "settlements.tsv"
SETTLEMENT_COLUMNS = ["pcode", "name", "latitude", "longitude"]
OSM_PLACES_FILE = DATA_DIR / "osm_places.tsv"
OSM_PLACE_COLUMNS = ["osm_id", "name", "latitude", "longitude"]
GAZETTEER_COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "population",
]

# Feature code -> the kind shown to users. Unlisted populated places are villages; unlisted
# other features keep a generic kind from their class.
FEATURE_KINDS: dict[str, str] = {
    "PPLC": "capital",
    "PPLA": "town",
    "PPLA2": "town",
    "PPLA3": "town",
    "PPLA4": "town",
    "PPL": "village",
    "PPLL": "locality",
    "PPLX": "quarter",
    "PPLQ": "abandoned village",
    "PPLW": "destroyed village",
    "PPLF": "village",
    "PPLS": "village",
    "STLMT": "village",
    "LCTY": "locality",
    "RGN": "area",
    "AREA": "area",
    "CMP": "camp",
    "WLL": "well",
    "WLLS": "well",
    "WTRH": "water hole",
    "SPNG": "spring",
    "LK": "lake",
    "LKI": "lake",
    "LKS": "lake",
    "AIRP": "airport",
    "AIRF": "airfield",
    "MKT": "market",
    "MILB": "military base",
}
CLASS_KINDS = {"P": "village", "A": "admin area", "S": "site", "H": "water", "L": "area"}
# Every kind a candidate can have (admin units: region, cercle, commune, Bamako's district),
# translated where shown (``pgettext("place kind", kind)``; i18n/vocabulary.py extracts them).
PLACE_KINDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [*FEATURE_KINDS.values(), *CLASS_KINDS.values(), "place", "region", "cercle", "commune",
         "district"]
    )
)  # fmt: skip
# A populated place this large reads as a town even if GeoNames codes it PPL.
TOWN_POPULATION = 5000

# Extra spellings users write that the gazetteer lacks, name -> GeoNames ids (preferred first).
# Exonyms of the big towns are mostly in GeoNames' own alternate names already; these close gaps.
ALIASES: dict[str, tuple[int, ...]] = {
    # GeoNames lists Ogossagou as two adjoining hamlets, "Ogassagou-Peulh" and "Ogassagou-Dogon";
    # the Peulh one (attacked in 2019 and 2020) comes first.
    "Ogossagou": (12232587, 2452382),
    # the Moura of March 2022 is GeoNames' "Mora" (alternate names Mourra, Mourrari).
    "Moura": (2453345,),
    "Nioro du Sahel": (2452651,),
}

# Exonyms and other spellings of towns and admin units, variant -> the name we look up
# instead, when the name as written finds nothing exact ("Timbuktu region" -> Tombouctou).
# Case, accents, hyphens and spaces need no entry: the lookup keys ignore them.
# fmt: off
EXONYMS: dict[str, str] = {
    "Timbuktu": "Tombouctou", "Timbouctou": "Tombouctou", "Tombouctu": "Tombouctou",
    "Tumbuktu": "Tombouctou", "Koulikouro": "Koulikoro", "Kulikoro": "Koulikoro",
    "Segu": "Ségou", "Jenne": "Djenné", "Niafounké": "Niafunké", "Rharous": "Gourma-Rharous",
    "Nioro du Sahel": "Nioro",
}
# fmt: on

# Ethnic or descriptive words appended to village names ("Ogassagou-Peulh", "Diengueni-Habé"):
# a name with one of them stripped is still the same village for a query without it, and a
# query with one finds the village without it when nothing has it. Not compass words: an
# "In-Ekar Ouest" can lie a hundred km from In Ékar.
# fmt: off
NAME_SUFFIXES = frozenset(
    {
        "peulh", "peul", "peuhl", "peulhs", "peuls", "fulbe", "dogon", "bambara", "bozo",
        "sonrai", "sonrhai", "songhai", "tamasheq", "touareg", "maure", "maures", "sarakole",
        "soninke", "bobo", "mossi", "marka", "somono", "rimaibe", "minianka", "malinke",
        "habe", "habbe", "bella",
    }
)
# fmt: on

# Regions newer than our units, name -> (level, our unit that covers them). Taoudénit was
# carved out of Tombouctou region (OCHA's units still count it there).
NEWER_REGIONS: dict[str, tuple[int, str]] = {
    "Taoudénit": (1, "Tombouctou"),
    "Taoudeni": (1, "Tombouctou"),
}

# Well-known places outside Mali, name -> country. A query naming one of these is never
# matched by spelling similarity, and an exact Malian namesake (there are villages called
# Dori, Siguiri, Kano) is only used with a hint that places it. Names common among Malian
# villages (Kaya, Néma) are left out: in this dataset they more likely mean the village.
# fmt: off
FOREIGN_PLACES: dict[str, str] = {
    "Abidjan": "Côte d'Ivoire", "Bouaké": "Côte d'Ivoire", "Yamoussoukro": "Côte d'Ivoire",
    "Korhogo": "Côte d'Ivoire",
    "Ouagadougou": "Burkina Faso", "Bobo-Dioulasso": "Burkina Faso", "Djibo": "Burkina Faso",
    "Dori": "Burkina Faso", "Ouahigouya": "Burkina Faso", "Fada N'Gourma": "Burkina Faso",
    "Niamey": "Niger", "Tillabéri": "Niger", "Agadez": "Niger", "Zinder": "Niger",
    "Maradi": "Niger", "Tahoua": "Niger", "Dakar": "Senegal", "Saint-Louis": "Senegal",
    "Tambacounda": "Senegal", "Nouakchott": "Mauritania", "Kiffa": "Mauritania",
    "Conakry": "Guinea", "Kankan": "Guinea", "Siguiri": "Guinea", "Alger": "Algeria",
    "Algiers": "Algeria", "Tamanrasset": "Algeria", "Accra": "Ghana", "Lomé": "Togo",
    "Cotonou": "Benin", "Lagos": "Nigeria", "Abuja": "Nigeria", "Kano": "Nigeria",
    "N'Djamena": "Chad", "Rabat": "Morocco", "Tunis": "Tunisia", "Tripoli": "Libya",
    "Cairo": "Egypt", "Le Caire": "Egypt", "Paris": "France", "Lyon": "France",
    "Marseille": "France", "London": "United Kingdom", "Londres": "United Kingdom",
    "Geneva": "Switzerland", "Genève": "Switzerland", "Brussels": "Belgium",
    "Bruxelles": "Belgium", "Berlin": "Germany", "Madrid": "Spain", "Rome": "Italy",
    "Moscow": "Russia", "Moscou": "Russia", "Washington": "United States",
    "New York": "United States", "Beijing": "China", "Pékin": "China",
    "Nairobi": "Kenya", "Kampala": "Uganda", "Kinshasa": "DR Congo", "Douala": "Cameroon",
    "Yaoundé": "Cameroon", "Bangui": "Central African Republic", "Khartoum": "Sudan",
    "Addis Ababa": "Ethiopia", "Asmara": "Eritrea", "Freetown": "Sierra Leone",
    "Monrovia": "Liberia", "Banjul": "Gambia", "Bissau": "Guinea-Bissau",
}
# fmt: on


def feature_kind(feature_class: str, feature_code: str, population: int) -> str:
    kind = FEATURE_KINDS.get(feature_code) or CLASS_KINDS.get(feature_class, "place")
    if kind == "village" and population >= TOWN_POPULATION:
        return "town"
    return kind


@lru_cache(maxsize=1)
def load_gazetteer() -> pd.DataFrame:
    """GeoNames features for Mali with kind and admin1/admin2/admin3 from our polygons.

    Columns: geonameid (int), name, asciiname, alternatenames (list of str), latitude,
    longitude, feature_class, feature_code, population (int), kind, admin1, admin2, admin3,
    and the units' shape ids admin1_id, admin2_id, admin3_id (commune names repeat), and
    outside_km: how far outside our polygons a point placed in the nearest commune lies
    (NaN inside; see ``geo.boundaries.SNAP_KM``).
    Cached: treat the result as read-only.
    """
    gaz = pd.read_csv(GAZETTEER_FILE, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    gaz["geonameid"] = gaz["geonameid"].astype(int)
    gaz["latitude"] = gaz["latitude"].astype(float)
    gaz["longitude"] = gaz["longitude"].astype(float)
    gaz["population"] = gaz["population"].astype(int)
    gaz["alternatenames"] = [a.split(",") if a else [] for a in gaz["alternatenames"]]
    codes = zip(gaz["feature_class"], gaz["feature_code"], gaz["population"], strict=True)
    gaz["kind"] = [feature_kind(c, f, p) for c, f, p in codes]
    admins = locate_communes(gaz["longitude"].to_numpy(), gaz["latitude"].to_numpy())
    for column in ADMIN_COLUMNS + ADMIN_ID_COLUMNS:
        # object dtype keeps None (pandas 3 would infer str and turn None into NaN)
        gaz[column] = pd.Series(admins[column].to_numpy(dtype=object), dtype=object)
    gaz["outside_km"] = admins["outside_km"].to_numpy()
    return gaz


@lru_cache(maxsize=1)
def load_settlements() -> pd.DataFrame:
    """OCHA's settlements of Mali (P-code, name, point) with admin units from our polygons.

    Columns: pcode, name, latitude, longitude, admin1, admin2, admin3, admin1_id, admin2_id,
    admin3_id. Cached: treat the result as read-only.
    """
    table = pd.read_csv(SETTLEMENTS_FILE, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    table["latitude"] = table["latitude"].astype(float)
    table["longitude"] = table["longitude"].astype(float)
    admins = locate_communes(table["longitude"].to_numpy(), table["latitude"].to_numpy())
    for column in ADMIN_COLUMNS + ADMIN_ID_COLUMNS:
        table[column] = pd.Series(admins[column].to_numpy(dtype=object), dtype=object)
    return table


@lru_cache(maxsize=1)
def load_osm_places() -> pd.DataFrame:
    """OpenStreetMap's named place nodes of Mali: node id, name, point. Cached: read-only."""
    table = pd.read_csv(OSM_PLACES_FILE, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    table["latitude"] = table["latitude"].astype(float)
    table["longitude"] = table["longitude"].astype(float)
    return table
