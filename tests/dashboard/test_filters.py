"""IncidentFilter: each filter, combinations, describe(), and the URL round trip."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from incidents.filters import FILTER_PARAMS, IncidentFilter


def ids(frame) -> set[str]:
    return set(frame["id"])


def test_default_filter_keeps_everything(incidents):
    assert len(IncidentFilter().apply(incidents)) == len(incidents)
    assert not IncidentFilter().is_active


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (IncidentFilter(regions=("Ségou",)), {"ML-2020-003", "ML-2020-005", "ML-2020-009"}),
        # case- and accent-insensitive, as a hand-typed URL would write it
        (IncidentFilter(regions=("segou",)), {"ML-2020-003", "ML-2020-005", "ML-2020-009"}),
        (IncidentFilter(cercles=("Bankass",)), {"ML-2020-001", "ML-2020-002"}),
        (
            IncidentFilter(regions=("Mopti", "Bamako")),
            {
                "ML-2020-001",
                "ML-2020-002",
                "ML-2020-007",
                "ML-2020-008",
                "ML-2020-004",
                "ML-2024-001",
                "ML-2025-001",
            },
        ),
        (IncidentFilter(event_types=("Protests",)), {"ML-2020-004"}),
        (
            IncidentFilter(perpetrator_types=("State forces",)),
            {"ML-2020-003", "ML-2020-004", "ML-2024-001", "ML-2025-001"},
        ),
        (IncidentFilter(min_killed=14), {"ML-2020-001", "ML-2020-004"}),
        (
            IncidentFilter(with_casualties=True),
            {
                "ML-2020-001",
                "ML-2020-003",
                "ML-2020-004",
                "ML-2020-006",
                "ML-2020-007",
                "ML-2020-009",
            },
        ),
        (IncidentFilter(text="OGOSSAGOU"), {"ML-2020-001", "ML-2020-002"}),
        (IncidentFilter(text="villagers ogossagou"), {"ML-2020-001"}),  # every word, any field
        (IncidentFilter(text="segou"), {"ML-2020-009"}),  # accent-insensitive
        (IncidentFilter(years=(2025,)), {"ML-2024-001", "ML-2025-001"}),  # detention 2024-25
        (IncidentFilter(years=(2024, 2025)), {"ML-2024-001", "ML-2025-001"}),
    ],
)
def test_each_filter(incidents, flt, expected):
    assert ids(flt.apply(incidents)) == expected


def test_period_keeps_overlapping_incidents(incidents):
    # 1-10 March 2020: only the Niono killings (3 Feb - 10 Mar) and the year-long MINUSMA row
    kept = IncidentFilter(date_from=date(2020, 3, 1), date_to=date(2020, 3, 10)).apply(incidents)
    assert ids(kept) == {"ML-2020-003", "ML-2020-006"}
    # a month-precision incident (July 2020) is in any period touching July
    kept = IncidentFilter(date_from=date(2020, 7, 20), date_to=date(2020, 7, 21)).apply(incidents)
    assert "ML-2020-004" in ids(kept)
    assert ids(IncidentFilter(date_from=date(2025, 1, 1)).apply(incidents)) == {
        "ML-2024-001",
        "ML-2025-001",
    }
    assert ids(IncidentFilter(date_to=date(2020, 1, 31)).apply(incidents)) == {"ML-2020-006"}


def test_reversed_dates_are_swapped():
    flt = IncidentFilter(date_from=date(2021, 1, 1), date_to=date(2020, 1, 1))
    assert (flt.date_from, flt.date_to) == (date(2020, 1, 1), date(2021, 1, 1))


def test_combinations_intersect(incidents):
    flt = IncidentFilter(regions=("Mopti",), years=(2020,), min_killed=10)
    assert ids(flt.apply(incidents)) == {"ML-2020-001"}
    flt = IncidentFilter(regions=("Bamako",), perpetrator_types=("State forces",), text="sissoko")
    assert ids(flt.apply(incidents)) == {"ML-2024-001", "ML-2025-001"}
    assert IncidentFilter(regions=("Ségou",), event_types=("Protests",)).apply(incidents).empty


def test_placeless_incidents_leave_with_any_place_filter(incidents):
    assert "ML-2020-006" in ids(IncidentFilter(years=(2020,)).apply(incidents))
    assert "ML-2020-006" not in ids(IncidentFilter(regions=("Mopti",)).apply(incidents))


def test_apply_keeps_the_geodataframe(incidents):
    kept = IncidentFilter(regions=("Mopti",)).apply(incidents)
    assert kept.crs == incidents.crs
    assert list(kept.columns) == list(incidents.columns)


def test_describe_in_one_sentence(incidents):
    flt = IncidentFilter(regions=("Mopti",), years=(2020,), min_killed=10)
    shown = len(flt.apply(incidents))
    assert flt.describe(shown, len(incidents)) == (
        "Showing 1 of 11 incidents: region Mopti; 2020; at least 10 killed."
    )
    assert IncidentFilter().describe(11, 11) == "Showing all 11 incidents (no filter)."
    many = IncidentFilter(
        regions=("Mopti", "Ségou"),
        cercles=("Niono",),
        date_from=date(2020, 2, 1),
        date_to=date(2020, 3, 31),
        years=(2020, 2021),
        event_types=("Protests",),
        perpetrator_types=("State forces",),
        with_casualties=True,
        text="market",
    )
    assert many.describe(0, 11) == (
        "Showing 0 of 11 incidents: regions Mopti or Ségou; cercle Niono; "
        "from 1 February 2020 to 31 March 2020; 2020 or 2021; event type Protests; "
        "perpetrator type State forces; with people killed or injured; "
        'title or quote containing "market".'
    )
    assert IncidentFilter(date_to=date(2020, 1, 5)).describe_parts() == ["until 5 January 2020"]


@pytest.mark.parametrize(
    "flt",
    [
        IncidentFilter(),
        IncidentFilter(regions=("Ségou", "Mopti"), cercles=("Niono",)),
        IncidentFilter(date_from=date(2020, 2, 1), date_to=date(2020, 3, 31), years=(2020,)),
        IncidentFilter(
            event_types=("Explosions/Remote violence",),
            perpetrator_types=("External/Other forces",),
        ),
        IncidentFilter(min_killed=5, with_casualties=True, text="Ogossagou & <b>"),
    ],
)
def test_query_params_round_trip(flt):
    assert IncidentFilter.from_query_params(flt.to_query_params()) == flt


def test_query_params_use_the_published_names():
    everything = IncidentFilter(
        regions=("Mopti",),
        cercles=("Bankass",),
        date_from=date(2020, 1, 1),
        date_to=date(2020, 12, 31),
        years=(2020,),
        event_types=("Protests",),
        perpetrator_types=("State forces",),
        min_killed=1,
        with_casualties=True,
        verification=("disputed",),
        text="x",
    )
    assert set(everything.to_query_params()) == set(FILTER_PARAMS)


def test_query_params_are_typed_and_minimal():
    flt = IncidentFilter(regions=("Mopti",), years=(2020,), min_killed=3, with_casualties=True)
    assert flt.to_query_params() == {
        "region": ["Mopti"],
        "year": ["2020"],
        "min_killed": "3",
        "casualties": "1",
    }
    assert IncidentFilter().to_query_params() == {}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"utm_source": "x", "zoom": "5"}, IncidentFilter()),
        ({"year": ["2020", "abc", "99999", "-3"]}, IncidentFilter(years=(2020,))),
        ({"year": "2020"}, IncidentFilter(years=(2020,))),
        ({"from": "2020-02-30", "to": "yesterday"}, IncidentFilter()),
        ({"from": "2020-02-01"}, IncidentFilter(date_from=date(2020, 2, 1))),
        ({"min_killed": "-4"}, IncidentFilter()),
        ({"min_killed": "1e9"}, IncidentFilter()),
        ({"min_killed": ["2", "7"]}, IncidentFilter(min_killed=7)),  # the last one wins
        ({"casualties": "maybe"}, IncidentFilter()),
        ({"casualties": "true"}, IncidentFilter(with_casualties=True)),
        ({"region": ["", "  "]}, IncidentFilter()),
        ({"region": 5, "type": None}, IncidentFilter()),
        ({"q": "x" * 5000}, IncidentFilter(text="x" * 200)),
        ({"q": "  two   words "}, IncidentFilter(text="two words")),
    ],
)
def test_junk_query_params_never_crash(params, expected):
    assert IncidentFilter.from_query_params(params) == expected


def test_filters_are_hashable_and_normalised():
    a = IncidentFilter(regions=["Mopti", "Mopti"], years=[2021, 2020])
    b = IncidentFilter(regions=("Mopti",), years=(2020, 2021))
    assert a == b and hash(a) == hash(b)


def test_text_search_reads_the_french_title_too():
    frame = pd.DataFrame(
        {
            "title": ["Villagers killed in Ogossagou", "Protest in Bamako"],
            "title_fr": ["Villageois tués à Ogossagou", "Manifestation à Bamako"],
            "source_quote": ["", ""],
        }
    )
    assert IncidentFilter(text="tues ogossagou").mask(frame).tolist() == [True, False]
    assert IncidentFilter(text="manifestation").mask(frame).tolist() == [False, True]
