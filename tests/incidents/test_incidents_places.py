"""attach_places: the place-attaching contract shared by curated loading and imports."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from incidents import geocoding
from incidents.geocoding import (
    attach_places,
    learn_places,
    learned_places_path,
    read_learned_places,
    save_learned_places,
    split_places,
)
from tests.incidents.fakes import fake_locator


def records(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_several_places_are_one_incident_at_their_centroid(geocoder):
    gdf = attach_places(
        records(location=["Tori; Diallassagou"], geo_hint=["Bankass"]), geocoder, fake_locator
    )
    row = gdf.iloc[0]
    assert len(gdf) == 1
    assert row["latitude"] == pytest.approx((13.616 + 13.738) / 2)
    assert row["longitude"] == pytest.approx((-3.706 + -3.627) / 2)
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("Mopti", "Bankass", None)
    assert row["geo_precision"] == "cercle"
    assert geocoder.calls == [("Tori", "Bankass"), ("Diallassagou", "Bankass")]


def test_one_hint_per_place_and_a_fallback_makes_the_place_coarser(geocoder):
    gdf = attach_places(
        records(location=["Binédama; Yangassadiou"], geo_hint=["Koro; Mondoro"]),
        geocoder,
        fake_locator,
    )
    row = gdf.iloc[0]
    assert geocoder.calls == [("Binédama", "Koro"), ("Yangassadiou", "Mondoro")]
    assert (row["admin1"], row["admin2"]) == ("Mopti", None)
    assert row["geo_precision"] == "region"
    assert row["geocode_status"] == "fallback"
    assert "Yangassadiou" in row["geocode_note"]


def test_places_in_different_regions_are_not_drawn(geocoder):
    row = attach_places(records(location=["Kayes; Sikasso"], geo_hint=[""]), geocoder).iloc[0]
    assert row["geo_precision"] == "country"
    assert row["geometry"] is None


def test_a_place_not_found_among_several_still_places_the_others(geocoder):
    row = attach_places(records(location=["Tori; Atlantis"], geo_hint=[""]), geocoder).iloc[0]
    assert row["geocode_status"] == "fallback"
    assert "Atlantis: not_found" in row["geocode_note"]
    assert row["geometry"] is not None


def test_rows_with_coordinates_keep_them_and_their_precision(geocoder):
    frame = records(
        location=["Somewhere", "Abroad"],
        geo_hint=["", ""],
        latitude=[14.1, 48.85],
        longitude=[-5.9, 2.35],
        geo_precision=["region", ""],
        admin1=["Segou (their spelling)", "Paris"],
    )
    gdf = attach_places(frame, geocoder, fake_locator)
    assert geocoder.calls == []
    first, second = gdf.iloc[0], gdf.iloc[1]
    assert (first["latitude"], first["geo_precision"]) == (14.1, "region")
    # admin units recomputed from polygons; finer than the precision left empty
    assert (first["admin1"], first["admin2"], first["admin3"]) == ("Ségou", None, None)
    assert first["geocode_status"] == "override"
    assert second["geo_precision"] == "point" and second["admin1"] is None
    assert "outside Mali" in second["geocode_note"]


def test_a_failed_geocode_never_drops_the_row(geocoder):
    gdf = attach_places(records(location=["Ouagadougou", ""], geo_hint=["", ""]), geocoder)
    assert len(gdf) == 2
    assert list(gdf["geocode_status"]) == ["not_found", "no_place"]
    assert gdf.geometry.isna().all()
    assert all(math.isnan(v) for v in gdf["latitude"])
    assert gdf.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("location", "hint", "expected"),
    [
        ("Sinda", "Douentza", [("Sinda", "Douentza")]),
        ("A; B", "h", [("A", "h"), ("B", "h")]),
        ("A; B", "h1; h2", [("A", "h1"), ("B", "h2")]),
        ("A;; B ;", "", [("A", None), ("B", None)]),
        ("", "h", []),
    ],
)
def test_split_places(location, hint, expected):
    assert split_places(location, hint) == expected


def test_every_row_gets_the_ocha_pcodes_of_its_region_and_cercle(geocoder):
    gdf = attach_places(records(location=["Tori", "Kayes; Sikasso"], geo_hint=["Bankass", ""]),
                        geocoder, fake_locator)  # fmt: skip
    assert (gdf.loc[0, "admin1_pcode"], gdf.loc[0, "admin2_pcode"]) == ("ML05", "ML0503")
    assert gdf.loc[1, "admin1_pcode"] is None and gdf.loc[1, "admin2_pcode"] is None


def test_given_points_in_menaka_and_just_over_the_border_with_the_real_polygons():
    frame = records(
        location=["Inékar", "Kourémalé", "Siguiri"],
        latitude=[15.95, 11.95, 11.42],
        longitude=[3.15, -8.80, -9.17],
    )
    gdf = attach_places(frame)
    inekar, kouremale, siguiri = (gdf.iloc[i] for i in range(3))
    assert (inekar["admin1"], inekar["admin2"]) == ("Ménaka", "Inékar")
    assert (inekar["admin1_pcode"], inekar["admin2_pcode"]) == ("ML10", "ML1003")
    assert (kouremale["admin1"], kouremale["admin2_pcode"]) == ("Koulikoro", "ML0204")
    assert (
        "km outside our boundaries: placed in the nearest commune, Benkadi"
        in (kouremale["geocode_note"])
    )
    assert siguiri["admin1"] is None  # in Guinea, far beyond the snapping distance
    assert "outside Mali's boundaries" in siguiri["geocode_note"]


def test_places_an_import_locates_exactly_teach_the_geocoder():
    from geo.geocoder import Geocoder

    geocoder = Geocoder()  # a fresh one: learning must not leak into other tests
    assert geocoder.geocode("Tin Sabraten", "Ansongo").status == "fallback"
    frame = records(
        location=["Tin Sabraten", "Gao; Ansongo", "Somewhere rounded"],
        latitude=[15.61, 16.0, 15.0],
        longitude=[0.83, 0.5, 0.9],
        geo_precision=["point", "point", "cercle"],
    )
    assert learn_places(frame, "acled_mali.csv", geocoder) == 1  # one exact single place
    res = geocoder.geocode("Tin-Sabraten", "Ansongo")
    assert res.status == "matched" and res.match.source == "learned"
    assert (res.match.lat, res.match.lon) == (15.61, 0.83)
    assert "learned from your import acled_mali.csv" in res.note
    assert geocoder.geocode("Somewhere rounded").status == "not_found"


# A journalist's sheet: one village with its own coordinates, one named only (geocoded).
SHEET = (
    b"place,date,killed,latitude,longitude\n"
    b"Tin Sabraten,2020-03-02,3,15.61,0.83\n"
    b"Tori,2020-03-04,1,,\n"
)


@pytest.fixture
def fresh_shared(monkeypatch):
    """A fresh geocoder standing in for the shared one: learning must not leak."""
    import geo.geocoder

    def install():
        fresh = geo.geocoder.Geocoder()
        monkeypatch.setattr(geo.geocoder, "get_geocoder", lambda: fresh)
        return fresh

    return install


def test_an_import_teaches_the_geocoder_and_the_store_remembers(
    fresh_shared, tmp_path, monkeypatch
):
    from incidents.importers import read_incidents

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    geocoder = fresh_shared()
    assert geocoder.geocode("Tin Sabraten", "Ansongo").status == "fallback"
    result = read_incidents(SHEET, "reporter_sheet.csv")
    assert len(result.incidents) == 2
    # only the point the file gives is learned, not the one the geocoder found
    path = learned_places_path()
    assert path == tmp_path / "learned_places.csv"
    assert read_learned_places(path) == [("Tin Sabraten", 15.61, 0.83, "reporter_sheet.csv")]
    res = geocoder.geocode("Tin-Sabraten", "Ansongo")
    assert (res.status, res.match.source) == ("matched", "learned")
    assert "learned from your import reporter_sheet.csv" in res.note
    # the next start (a new geocoder) loads what this store learned; others do not
    restarted = fresh_shared()
    assert geocoding.default_geocoder() is restarted
    again = restarted.geocode("Tin Sabraten", "Ansongo")
    assert (again.match.source, again.match.lat) == ("learned", 15.61)
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path / "other_store"))
    other = fresh_shared()
    assert geocoding.default_geocoder().geocode("Tin Sabraten", "Ansongo").status == "fallback"
    assert other.geocode("Tin Sabraten", "Ansongo").status == "fallback"


def test_learned_places_are_saved_once_and_atomically(tmp_path, monkeypatch):
    path = tmp_path / "learned_places.csv"
    place = ("Tin Sabraten", 15.61, 0.83, "a.csv")
    save_learned_places([place, place], path)
    save_learned_places([place, ("Ber", 16.1, -2.98, "b.csv")], path)
    assert read_learned_places(path) == [place, ("Ber", 16.1, -2.98, "b.csv")]

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(geocoding.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_learned_places([("Tori", 13.6, -3.7, "c.csv")], path)
    assert len(read_learned_places(path)) == 2  # the old file whole
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_geocoder_that_cannot_learn_is_left_alone(geocoder):
    frame = records(location=["Tin Sabraten"], latitude=[15.61], longitude=[0.83],
                    geo_precision=["point"])  # fmt: skip
    assert learn_places(frame, "a.csv", geocoder) == 0  # the fake has no learn()
