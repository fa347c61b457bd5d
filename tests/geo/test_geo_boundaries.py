"""Boundaries: official names and point-in-polygon on known towns (uses the real geo/data)."""

import math

import numpy as np
import pytest

from geo.boundaries import (
    OFFICIAL_ADMIN1,
    OFFICIAL_ADMIN1_NAMES,
    OFFICIAL_ADMIN2,
    admin_units,
    locate_points,
)

# (lon, lat) from GeoNames; expected (region, cercle, commune or None to skip)
KNOWN_TOWNS = {
    "Bamako": ((-8.0, 12.65), ("Bamako", "Bamako", "Commune III")),
    "Ségou": ((-6.25947, 13.44032), ("Ségou", "Ségou", "Ségou Commune")),
    "Mopti": ((-4.18296, 14.4843), ("Mopti", "Mopti", "Mopti Commune")),
    "Tombouctou": ((-3.00742, 16.77348), ("Tombouctou", "Tombouctou", "Tombouctou")),
    "Kidal": ((1.40778, 18.44111), ("Kidal", "Kidal", "Kidal")),
    "Sélingué": ((-8.23333, 11.61667), ("Sikasso", "Yanfolila", "Tagandougou")),
    "Kéniéroba": ((-8.32795, 12.10927), ("Koulikoro", "Kati", "Bancoumana")),
    "Farabougou": ((-6.1414, 14.8921), ("Ségou", "Niono", "Dogofry")),
    "Niafunké": ((-3.9906, 15.9322), ("Tombouctou", "Niafunké", "Soboundou")),
    "Ménaka": ((2.4022, 15.9182), ("Gao", "Ménaka", "Ménaka")),
    "Djenné": ((-4.55332, 13.90608), ("Mopti", "Djenné", "Djenné Commune")),
}


@pytest.mark.parametrize("town", sorted(KNOWN_TOWNS))
def test_locate_points_puts_known_towns_in_their_units(town):
    (lon, lat), expected = KNOWN_TOWNS[town]
    row = locate_points([lon], [lat]).iloc[0]
    assert (row["admin1"], row["admin2"], row["admin3"]) == expected


def test_locate_points_is_vectorised_and_keeps_input_order():
    lons = [lon for (lon, _), _ in KNOWN_TOWNS.values()]
    lats = [lat for (_, lat), _ in KNOWN_TOWNS.values()]
    result = locate_points(lons, lats)
    assert list(result.columns) == ["admin1", "admin2", "admin3"]
    assert result["admin1"].tolist() == [exp[0] for _, exp in KNOWN_TOWNS.values()]


@pytest.mark.parametrize(
    ("place", "lon", "lat"),
    [
        ("Niamey, Niger", 2.1254, 13.5116),
        ("Ouagadougou, Burkina Faso", -1.5197, 12.3714),
        ("Dakar, Senegal", -17.4467, 14.6928),
        ("Gulf of Guinea", 0.0, 0.0),
    ],
)
def test_points_outside_mali_get_none(place, lon, lat):
    row = locate_points([lon], [lat]).iloc[0]
    assert row.isna().all(), place
    assert row["admin1"] is None


def test_missing_coordinates_give_none_and_do_not_fail():
    result = locate_points([math.nan, -8.0, None], [12.65, math.nan, None])
    assert result.isna().all().all()
    assert len(result) == 3


def test_lengths_must_match():
    with pytest.raises(ValueError, match="differ in length"):
        locate_points([1.0, 2.0], [1.0])


def test_many_points_in_one_call():
    rng = np.random.default_rng(42)
    lons, lats = rng.uniform(-12.5, 4.5, 20_000), rng.uniform(10, 25, 20_000)
    result = locate_points(lons, lats)
    assert len(result) == 20_000
    inside = result["admin1"].notna()
    assert 0.3 < inside.mean() < 0.7  # Mali fills roughly half of that box
    assert set(result.loc[inside, "admin1"]) <= set(OFFICIAL_ADMIN1)


@pytest.mark.parametrize(("level", "count"), [(1, 9), (2, 50), (3, 701)])
def test_admin_units_levels(level, count):
    units = admin_units(level)
    assert len(units) == count
    assert units.crs.to_epsg() == 4326
    expected = [*["shape_id", "name", "admin1", "admin2"][: level + 1], "geometry"]
    assert list(units.columns) == expected
    assert units["shape_id"].is_unique
    assert units.geometry.is_valid.all()
    assert units.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_admin_units_returns_a_copy():
    units = admin_units(1)
    units.loc[0, "name"] = "changed"
    assert "changed" not in admin_units(1)["name"].tolist()


def test_bad_level_names_the_allowed_levels():
    with pytest.raises(ValueError, match=r"`level` was 4 but is expected to be in \(1, 2, 3\)"):
        admin_units(4)


def test_official_region_names():
    assert set(admin_units(1)["name"]) == set(OFFICIAL_ADMIN1)
    assert OFFICIAL_ADMIN1_NAMES["Koulikouro"] == "Koulikoro"
    assert {"Ségou", "Tombouctou", "Koulikoro"} <= set(OFFICIAL_ADMIN1)


@pytest.mark.parametrize(
    "cercle",
    [
        "Ségou",
        "Tombouctou",
        "Koulikoro",
        "Ténenkou",
        "Niafunké",
        "Diré",
        "Djenné",
        "Ménaka",
        "Kéniéba",
        "Bafoulabé",
        "Yélimané",
        "Diéma",
        "Kolondiéba",
        "Dioïla",
        "Barouéli",
        "Abeïbara",
        "Tin-Essako",
        "Gourma-Rharous",
    ],
)
def test_official_cercle_names(cercle):
    assert cercle in set(admin_units(2)["name"])
    assert cercle in OFFICIAL_ADMIN2


def test_cercles_and_communes_know_their_parents():
    cercles = admin_units(2).set_index("name")
    assert cercles.loc["Niono", "admin1"] == "Ségou"
    assert cercles.loc["Ménaka", "admin1"] == "Gao"  # 2021 boundaries: Ménaka inside Gao
    communes = admin_units(3)
    assert communes[["admin1", "admin2"]].notna().all().all()
    dogofry = communes[communes["name"] == "Dogofry"]
    assert sorted(dogofry["admin2"]) == ["Nara", "Niono"]  # duplicated names, told apart


def test_commune_names_recover_accents_from_the_gazetteer():
    names = set(admin_units(3)["name"])
    assert {"Ségou Commune", "Djenné Commune", "Diédougou", "Kéniéba", "Sébékoro"} <= names
    assert "Segou Commune" not in names
    assert {"Commune I", "Commune VI", "Tagandougou"} <= names  # unaccented names kept
