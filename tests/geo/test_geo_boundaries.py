"""Boundaries: official names and point-in-polygon on known towns (uses the real geo/data)."""

import math

import numpy as np
import pytest
import shapely

from geo.boundaries import (
    OFFICIAL_ADMIN1,
    OFFICIAL_ADMIN1_NAMES,
    OFFICIAL_ADMIN2,
    SNAP_KM,
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
    "Ménaka": ((2.4022, 15.9182), ("Ménaka", "Ménaka", "Ménaka")),
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
    assert list(result.columns) == [
        "admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode", "outside_km"
    ]  # fmt: skip
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


@pytest.mark.parametrize(("level", "count"), [(1, 10), (2, 53), (3, 701)])
def test_admin_units_levels(level, count):
    units = admin_units(level)
    assert len(units) == count
    assert units.crs.to_epsg() == 4326
    expected = {
        1: ["shape_id", "name", "pcode"],
        2: ["shape_id", "name", "admin1", "pcode"],
        3: ["shape_id", "name", "admin1", "admin2"],
    }[level]
    assert list(units.columns) == [*expected, "geometry"]
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
    assert cercles.loc["Ménaka", "admin1"] == "Ménaka"  # OCHA's tenth region
    communes = admin_units(3)
    assert communes[["admin1", "admin2"]].notna().all().all()
    dogofry = communes[communes["name"] == "Dogofry"]
    assert sorted(dogofry["admin2"]) == ["Nara", "Niono"]  # duplicated names, told apart


def test_commune_names_recover_accents_from_the_gazetteer():
    names = set(admin_units(3)["name"])
    assert {"Ségou Commune", "Djenné Commune", "Diédougou", "Kéniéba", "Sébékoro"} <= names
    assert "Segou Commune" not in names
    assert {"Commune I", "Commune VI", "Tagandougou"} <= names  # unaccented names kept


def test_menaka_region_and_its_four_cercles_as_ocha_has_them():
    regions = admin_units(1).set_index("name")
    assert regions.loc["Ménaka", "pcode"] == "ML10"
    cercles = admin_units(2)
    menaka = cercles[cercles["admin1"] == "Ménaka"].set_index("name")["pcode"].to_dict()
    assert menaka == {
        "Ménaka": "ML1001", "Andéramboukane": "ML1002", "Inékar": "ML1003", "Tidermène": "ML1004"
    }  # fmt: skip
    assert set(cercles.loc[cercles["admin1"] == "Gao", "name"]) == {"Gao", "Ansongo", "Bourem"}
    # the region is the former cercle: its cercles fill it, and Gao no longer covers it
    region = regions.loc["Ménaka", "geometry"]
    union = shapely.union_all(cercles[cercles["admin1"] == "Ménaka"].geometry.to_numpy())
    assert abs(union.area - region.area) < 1e-4 * region.area  # two simplified sources
    assert regions.loc["Gao", "geometry"].intersection(region).area < 1e-6


def test_every_region_and_cercle_has_its_ocha_pcode():
    regions, cercles = admin_units(1), admin_units(2)
    assert sorted(regions["pcode"]) == [f"ML{n:02d}" for n in range(1, 11)]
    assert cercles["pcode"].is_unique and cercles["pcode"].notna().all()
    parents = regions.set_index("name")["pcode"]
    assert all(
        pcode.startswith(parents[region])
        for pcode, region in zip(cercles["pcode"], cercles["admin1"], strict=True)
    )
    assert cercles.set_index("name").loc[["Kayes", "Niono", "Bamako"], "pcode"].tolist() == [
        "ML0101", "ML0405", "ML0901"
    ]  # fmt: skip


def test_locate_points_gives_pcodes():
    row = locate_points([-5.73261], [13.99364]).iloc[0]  # Macina town
    assert (row["admin1_pcode"], row["admin2_pcode"]) == ("ML04", "ML0407")
    assert math.isnan(row["outside_km"])


def test_a_point_just_outside_goes_to_the_nearest_commune_with_its_distance():
    # Kouremalé on the Guinea border: GeoNames' point falls outside the simplified polygon
    row = locate_points([-8.80], [11.95]).iloc[0]
    assert (row["admin1"], row["admin2"], row["admin1_pcode"]) == ("Koulikoro", "Kangaba", "ML02")
    assert 0 < row["outside_km"] <= SNAP_KM


def test_a_point_far_outside_stays_outside():
    row = locate_points([-8.80 - 0.1], [11.95 - 0.05]).iloc[0]  # about 12 km into Guinea
    assert row[["admin1", "admin2", "admin3", "admin1_pcode"]].isna().all()
    assert math.isnan(row["outside_km"])
