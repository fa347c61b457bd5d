"""Permalinks of incidents and views, and export file names."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from incidents.filters import IncidentFilter
from incidents.links import MAX_STEM_LENGTH, export_filename, incident_url, view_url


@pytest.fixture(autouse=True)
def no_configured_base(monkeypatch):
    monkeypatch.delenv("INCIDENTS_BASE_URL", raising=False)


def test_incident_url_opens_the_incidents_page_on_it():
    assert incident_url(None, "ML-2020-010") == "http://localhost:8501/incidents?id=ML-2020-010"
    assert (
        incident_url("https://maps.example.org/app/", "UCDP-7", "ucdp-2020")
        == "https://maps.example.org/app/incidents?id=UCDP-7&dataset=ucdp-2020"
    )
    assert incident_url(None, "ML-1", "curated").endswith("?id=ML-1")


def test_base_url_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv("INCIDENTS_BASE_URL", "https://published.example/")
    assert incident_url(None, "A") == "https://published.example/incidents?id=A"
    assert incident_url("http://other", "A") == "http://other/incidents?id=A"


def test_view_url_round_trips_the_filter():
    selection = IncidentFilter(
        regions=("Ségou", "Mopti"),
        years=(2020,),
        date_from=date(2020, 2, 1),
        text="Dozo & co",
        with_casualties=True,
    )
    url = view_url(None, selection, "acled-mali")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://localhost:8501/incidents"
    params = parse_qs(parts.query)
    assert params["dataset"] == ["acled-mali"]
    assert IncidentFilter.from_query_params(params) == selection


def test_view_url_of_no_filter_and_other_pages():
    assert view_url(None, IncidentFilter()) == "http://localhost:8501/incidents"
    assert view_url(None, IncidentFilter(years=(2020,)), page="") == (
        "http://localhost:8501?year=2020"
    )
    assert view_url("http://h/", IncidentFilter(years=(2020,)), page="/map") == (
        "http://h/map?year=2020"
    )


@pytest.mark.parametrize(
    ("selection", "dataset", "name"),
    [
        (IncidentFilter(regions=("Mopti",), years=(2020,)), "curated", "mali-incidents_mopti_2020"),
        (IncidentFilter(), "curated", "mali-incidents"),
        (IncidentFilter(regions=("Ségou", "Tombouctou")), "curated",
         "mali-incidents_segou_tombouctou"),
        (IncidentFilter(event_types=("Explosions/Remote violence",)), "UCDP Mali",
         "mali-incidents_ucdp-mali_explosions-remote-violence"),
        (IncidentFilter(date_from=date(2020, 2, 1), date_to=date(2020, 3, 31), min_killed=10),
         "curated", "mali-incidents_2020-02-01-to-2020-03-31_killed-10-plus"),
        (IncidentFilter(date_to=date(2020, 3, 31), with_casualties=True), "curated",
         "mali-incidents_to-2020-03-31_with-casualties"),
    ],
)  # fmt: skip
def test_export_filename_says_what_the_file_holds(selection, dataset, name):
    assert export_filename(selection, "csv", dataset) == f"{name}.csv"
    assert export_filename(selection, ".geojson", dataset) == f"{name}.geojson"


def test_long_filters_give_bounded_distinct_names():
    many = tuple(f"Cercle {n} d’Abeïbara" for n in range(20))
    first = export_filename(IncidentFilter(cercles=many), "csv")
    second = export_filename(IncidentFilter(cercles=(*many, "Niono")), "csv")
    assert first != second
    for name in (first, second):
        stem = name.removesuffix(".csv")
        assert len(stem) <= MAX_STEM_LENGTH
        assert stem.isascii() and stem.startswith("mali-incidents_cercle-0-d-abeibara")
        assert " " not in stem and "/" not in stem
