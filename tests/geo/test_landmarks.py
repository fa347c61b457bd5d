"""The rivers and main towns every map draws, and how the rivers are built from Natural Earth."""

import geopandas as gpd
import pytest
import shapely

from geo.boundaries import CRS, admin_units
from geo.build_data import read_rivers
from geo.landmarks import main_towns, rivers

# Towns on the Niger's banks, and how close (km) the drawn river passes them.
NIGER_TOWNS = ("Bamako", "Ségou", "Mopti", "Gao")
NIGER_TOLERANCE_KM = 12


def _km_from(line: shapely.Geometry, lon: float, lat: float) -> float:
    projected = gpd.GeoSeries([line, shapely.Point(lon, lat)], crs=CRS).to_crs("EPSG:32630")
    return projected.iloc[0].distance(projected.iloc[1]) / 1000


def test_the_niger_runs_past_its_towns_and_the_senegal_through_kayes():
    drawn = rivers().set_index("name").geometry
    assert {"Niger", "Sénégal"} <= set(drawn.index)
    towns = main_towns().set_index("name").geometry
    for town in NIGER_TOWNS:
        assert _km_from(drawn["Niger"], towns[town].x, towns[town].y) < NIGER_TOLERANCE_KM, town
    assert _km_from(drawn["Sénégal"], towns["Kayes"].x, towns["Kayes"].y) < NIGER_TOLERANCE_KM


def test_rivers_stay_near_mali_and_are_small():
    west, south, east, north = admin_units(1).total_bounds
    minx, miny, maxx, maxy = rivers().total_bounds
    assert minx >= west - 1.001 and maxx <= east + 1.001
    assert miny >= south - 1.001 and maxy <= north + 1.001
    assert sum(shapely.get_num_coordinates(g) for g in rivers().geometry) < 1_000


def test_main_towns_are_the_capital_the_region_seats_and_the_large_towns():
    towns = main_towns()
    assert towns.loc[towns["capital"], "name"].tolist() == ["Bamako"]
    seats = set(towns.loc[towns["seat"], "name"])
    # every region's seat, under the names the project uses (not GeoNames' "Timbuktu")
    assert {"Kayes", "Koulikoro", "Sikasso", "Ségou", "Mopti", "Tombouctou", "Gao", "Kidal",
            "Ménaka"} <= seats  # fmt: skip
    assert "Timbuktu" not in set(towns["name"])
    others = towns[~towns["seat"]]
    assert "Koutiala" in set(others["name"])  # ~99,000 people, not a region's seat
    assert towns["name"].iloc[0] == "Bamako"  # largest first


def test_read_rivers_keeps_rivers_crossing_the_country_clipped_to_its_box(tmp_path):
    country = shapely.box(0, 0, 10, 10)
    source = gpd.GeoDataFrame(
        {"name": ["Big", "Big", "Elsewhere", None]},
        geometry=[
            shapely.LineString([(-5, 5), (5, 5)]),  # two segments of one river, crossing
            shapely.LineString([(5, 5), (5, 20)]),
            shapely.LineString([(30, 30), (40, 40)]),  # never crosses the country
            shapely.LineString([(1, 1), (2, 2)]),  # no name
        ],
        crs=CRS,
    )
    path = tmp_path / "rivers.geojson"
    source.to_file(path)

    built = read_rivers(path, country)

    assert built["name"].tolist() == ["Big"]
    minx, miny, maxx, maxy = built.total_bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((-1, 5, 5, 11))  # box widened by 1°
    assert built.geometry.iloc[0].geom_type == "LineString"  # segments merged into one line
