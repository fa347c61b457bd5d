"""``ui.state.ignored_link_values``: what a link asked for that the view it opened ignores."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.filters import IncidentFilter
from ui.state import ignored_link_values


@pytest.mark.parametrize(
    ("params", "flt", "ignored"),
    [
        (
            {"region": ["Atlantis", "segou"]},
            IncidentFilter(regions=("Ségou",)),
            ["region=Atlantis"],
        ),
        ({"cercle": ["Bankass"]}, IncidentFilter(), ["cercle=Bankass"]),  # not in the region
        (
            {"year": ["2020", "20x0", "1800"]},
            IncidentFilter(years=(2020,)),
            ["year=20x0", "year=1800"],
        ),
        (
            {"from": ["2020-13-01"], "to": ["2020-02-01"]},
            IncidentFilter(date_to=date(2020, 2, 1)),
            ["from=2020-13-01"],
        ),
        ({"min_killed": ["lots"]}, IncidentFilter(), ["min_killed=lots"]),
        ({"min_killed": ["0"], "casualties": ["no"]}, IncidentFilter(), []),
        ({"casualties": ["perhaps"]}, IncidentFilter(), ["casualties=perhaps"]),
        ({"casualties": ["yes"]}, IncidentFilter(with_casualties=True), []),
        ({"q": ["no such words"]}, IncidentFilter(text="no such words"), []),
        ({"type": ["Alien landing"], "junk": ["1"]}, IncidentFilter(), ["type=Alien landing"]),
    ],
)
def test_each_value_that_matched_nothing_is_named(params, flt, ignored):
    assert ignored_link_values(params, flt, "curated") == (None, ignored)


def test_a_dataset_this_server_lacks_is_named():
    assert ignored_link_values({"dataset": ["gone"]}, IncidentFilter(), "curated") == ("gone", [])
    assert ignored_link_values({"dataset": ["mine"]}, IncidentFilter(), "mine") == (None, [])
    assert ignored_link_values({}, IncidentFilter(), "curated") == (None, [])
