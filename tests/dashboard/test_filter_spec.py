"""Every filter is driven by its spec in ``incidents.filters.FILTERS``.

Each spec is checked the same way: its URL parameter round-trips, it masks the incidents, it
reads as its phrase, and the sidebar draws a widget for it that is seeded from a link and that
filters when changed. Adding a filter is one field of ``IncidentFilter`` plus one row of
``EXAMPLES``; the first test fails until the row exists.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode

import pytest
from streamlit.testing.v1 import AppTest

from incidents.filters import FILTER_PARAMS, FILTERS, FilterSpec, IncidentFilter
from tests.dashboard.apptest_helpers import count_line, open_app, url
from ui import sidebar

# field -> (an active value, the synthetic incidents it keeps, how it reads in the sentence)
EXAMPLES: dict[str, tuple[object, set[str], str]] = {
    "regions": (("Ségou",), {"ML-2020-003", "ML-2020-005", "ML-2020-009"}, "region Ségou"),
    "cercles": (("Bankass",), {"ML-2020-001", "ML-2020-002"}, "cercle Bankass"),
    "date_from": (date(2025, 1, 1), {"ML-2024-001", "ML-2025-001"}, "from 1 January 2025"),
    "date_to": (date(2020, 1, 31), {"ML-2020-006"}, "until 31 January 2020"),
    "years": ((2025,), {"ML-2024-001", "ML-2025-001"}, "2025"),
    "event_types": (("Protests",), {"ML-2020-004"}, "event type Protests"),
    "perpetrator_types": (
        ("State forces",),
        {"ML-2020-003", "ML-2020-004", "ML-2024-001", "ML-2025-001"},
        "perpetrator type State forces",
    ),
    "min_killed": (14, {"ML-2020-001", "ML-2020-004"}, "at least 14 killed"),
    "with_casualties": (
        True,
        {"ML-2020-001", "ML-2020-003", "ML-2020-004", "ML-2020-006", "ML-2020-007", "ML-2020-009"},
        "with people killed or injured",
    ),
    "verification": (("disputed",), {"ML-2020-001"}, "verification disputed"),
    "text": ("OGOSSAGOU", {"ML-2020-001", "ML-2020-002"}, 'title or quote containing "OGOSSAGOU"'),
}
# AppTest's accessor for each widget the sidebar may draw.
WIDGET_TYPES = ("multiselect", "date_input", "number_input", "checkbox", "text_input")


ENGLISH = {"lang": ["en"]}  # every link the app writes names its language


def example(spec: FilterSpec) -> IncidentFilter:
    return IncidentFilter(**{spec.name: EXAMPLES[spec.name][0]})


each_filter = pytest.mark.parametrize("spec", FILTERS, ids=[spec.name for spec in FILTERS])


def test_every_filter_has_an_example():
    assert [spec.name for spec in FILTERS] == list(EXAMPLES)


def test_published_parameter_names_never_change():
    # Links already shared depend on these names.
    assert FILTER_PARAMS == (
        "region", "cercle", "from", "to", "year", "type", "perp", "min_killed", "casualties",
        "verification", "q",
    )  # fmt: skip


@each_filter
def test_the_default_keeps_everything_and_the_example_is_active(spec):
    assert not spec.is_active(IncidentFilter())
    assert spec.is_active(example(spec))
    assert [s.name for s in FILTERS if s.is_active(example(spec))] == [spec.name]


@each_filter
def test_round_trips_through_the_url(spec):
    flt = example(spec)
    params = flt.to_query_params()
    assert list(params) == [spec.param]
    assert IncidentFilter.from_query_params(params) == flt
    as_text = urlencode(params, doseq=True)  # what a copied link holds
    assert IncidentFilter.from_query_params(parse_qs(as_text)) == flt


@each_filter
def test_masks_the_incidents(spec, incidents):
    kept = set(example(spec).apply(incidents)["id"])
    assert kept == EXAMPLES[spec.name][1]
    assert kept != set(incidents["id"])


@each_filter
def test_reads_as_its_phrase(spec):
    phrase = EXAMPLES[spec.name][2]
    assert example(spec).describe_parts() == [phrase]
    assert example(spec).describe(1, 11) == f"Showing 1 of 11 incidents: {phrase}."


@each_filter
def test_has_a_sidebar_widget_with_words(spec):
    assert spec.kind in sidebar.WIDGETS
    assert spec.label.strip()


def widget(at: AppTest, spec: FilterSpec):
    key = sidebar.widget_key(spec)
    (found,) = [w for kind in WIDGET_TYPES for w in at.sidebar.get(kind) if w.key == key]
    return found


def test_a_link_with_every_filter_seeds_every_widget_and_survives():
    link = {"region": "mopti", "cercle": "Bankass", "from": "2019-01-01", "to": "2020-12-31",
            "year": "2020", "type": "Violence against civilians", "perp": "Identity militias",
            "min_killed": "10", "casualties": "1", "verification": "disputed",
            "q": "Ogossagou"}  # fmt: skip
    at = open_app(**link)
    flt = IncidentFilter.from_query_params(link)
    for spec in FILTERS:
        value = spec.value(flt)
        seeded = widget(at, spec).value
        if isinstance(value, tuple):
            assert [str(v).casefold() for v in seeded] == [str(v).casefold() for v in value]
        else:
            assert seeded == value, spec.name
    assert url(at) == {**parse_qs(urlencode(link, doseq=True)), "region": ["Mopti"], **ENGLISH}


def test_each_widget_filters_and_clearing_undoes_it():
    at = open_app()
    total = count_line(at)
    for spec in FILTERS:
        value = EXAMPLES[spec.name][0]
        widget(at, spec).set_value(list(value) if isinstance(value, tuple) else value).run()
        assert not at.exception, spec.name
        assert url(at) == {
            **parse_qs(urlencode(example(spec).to_query_params(), doseq=True)),
            **ENGLISH,
        }
        assert count_line(at) != total, spec.name
        at.button[0].click().run()  # Clear filters
        assert count_line(at) == total and url(at) == ENGLISH, spec.name
