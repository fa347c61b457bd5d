"""The real-name evaluation set and the scoring rules of its benchmark."""

import importlib.util
import sys
from pathlib import Path

from geo.geocoder import Candidate, GeocodeResult

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "benchmark_geocoder_real", ROOT / "scripts" / "benchmark_geocoder_real.py"
)
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)


def _result(lat: float, lon: float, *, status="matched", ambiguous=False, precision="point"):
    match = Candidate("X", lat, lon, "Mopti", "Koro", None, "village", precision, 100.0)
    return GeocodeResult("X", match, (match,), ambiguous, status, "")


def test_eval_set_is_distinct_attributed_points_in_mali():
    places = bench.read_places(bench.DEFAULT_CSV)
    assert len(places) >= 300
    keys = [bench.name_key(p.name) for p in places]
    assert len(set(keys)) == len(keys)
    assert all(10.1 < p.lat < 25.0 and -12.3 < p.lon < 4.3 for p in places)
    assert all(bench.official_region(p.admin1) for p in places)
    text = bench.DEFAULT_CSV.read_text(encoding="utf-8")
    assert "CC BY-IGO" in text and "fousseynoubah/ssm" in text


def test_source_regions_map_onto_our_ten():
    assert bench.official_region("Koulikouro") == "Koulikoro"
    assert bench.official_region("Segou") == "Ségou"
    assert bench.official_region("Ménaka") == "Ménaka"
    older = bench.Place("Inékar", "Menaka", "Gao", 15.9, 3.2)  # a table older than ML10
    assert bench.expected_region(older) == "Ménaka"
    assert bench.official_region("Taoudénit") == "Tombouctou"
    assert bench.official_region("Atlantis") is None


def test_a_match_on_the_source_point_counts_as_within():
    place = bench.Place("X", "Koro", "Mopti", 14.0, -3.0)
    assert bench.within(place, _result(14.0, -3.0), 10.0)
    assert not bench.within(place, _result(14.2, -3.0), 10.0)  # about 22 km north


def test_confidently_wrong_is_a_far_unambiguous_point():
    place = bench.Place("X", "Koro", "Mopti", 14.0, -3.0)
    far = (15.0, -3.0)  # about 111 km
    assert bench.confidently_wrong(place, _result(*far))
    assert not bench.confidently_wrong(place, _result(*far, ambiguous=True, status="ambiguous"))
    assert not bench.confidently_wrong(place, _result(*far, status="fallback", precision="cercle"))
    assert not bench.confidently_wrong(place, _result(14.3, -3.0))  # about 33 km


def test_independent_set_is_distinct_attributed_points_with_our_cercles():
    places = bench.read_places(bench.INDEPENDENT_CSV)
    assert len(places) >= 500
    keys = [bench.name_key(p.name) for p in places]
    assert len(set(keys)) == len(keys)
    assert all(bench.official_region(p.admin1) for p in places)
    assert {bench.expected_region(p) for p in places} == set(bench.OFFICIAL_ADMIN1)
    text = bench.INDEPENDENT_CSV.read_text(encoding="utf-8")
    assert "ODbL" in text and "ObiWanLansi/GeoData" in text


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_osm_place_names", ROOT / "scripts" / "eval_data" / "build_osm_place_names.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_osm_selection_keeps_unique_mapped_villages_and_drops_copies_of_the_gazetteer():
    import pandas as pd

    build = _load_builder()
    nodes = pd.DataFrame(
        [
            # (ID, NAME, LAT, LON, VALUE)
            (1, "Kalabougou Nord", 13.95, -6.32, "hamlet"),  # kept
            (2, "Sirakoro Ba", 12.7, -7.1, "village"),  # a name twice: which one is meant?
            (3, "Sirakoro-Ba", 13.1, -6.5, "hamlet"),
            (4, "Farabougou", 14.8921, -6.1414, "village"),  # GeoNames' own point: a copy
            (5, "Farabougou Est", 14.95, -6.10, "village"),  # kept: not at GeoNames' point
            (6, "Niamey", 13.51, 2.11, "city"),  # not a town, village or hamlet
            (7, "Dori Ouest", 14.03, -0.03, "town"),  # in Burkina Faso
            (8, "Mare de Tin", 15.3, -1.2, "locality"),  # not a settlement
        ],
        columns=["ID", "NAME", "LAT", "LON", "VALUE"],
    )
    out = build.build(nodes, per_region=10, seed=1)
    assert sorted(out["name"]) == ["Farabougou Est", "Kalabougou Nord"]
    assert set(out["licence"]) == {build.LICENCE}
    assert set(out["hint"]) == {"Niono", "Ségou"}
    assert set(out["admin1"]) == {"Ségou"}
