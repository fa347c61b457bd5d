"""Headline totals, per-unit tables (with zero rows) and per-month tables."""

from __future__ import annotations

import pandas as pd

from incidents import aggregate
from incidents.filters import IncidentFilter


def test_headline_totals_sum_stated_figures(incidents):
    totals = aggregate.headline_totals(incidents)
    assert totals.incidents == 11
    assert (totals.killed, totals.injured, totals.missing, totals.detained) == (70, 307, 23, 1)
    assert totals.stated == {"killed": 6, "injured": 3, "missing": 2, "detained": 1}
    assert totals.first_day == pd.Timestamp("2020-01-01")
    assert totals.last_day == pd.Timestamp("2025-03-12")


def test_headline_totals_count_each_incident_once(incidents):
    doubled = pd.concat([incidents, incidents.iloc[[0]]])
    assert aggregate.headline_totals(doubled).killed == 70


def test_headline_totals_of_nothing(incidents):
    totals = aggregate.headline_totals(incidents.iloc[0:0])
    assert totals.incidents == 0 and totals.killed == 0 and totals.first_day is None


def test_per_region_includes_zero_rows(incidents, regions):
    mopti_only = IncidentFilter(regions=("Mopti",)).apply(incidents)
    table = aggregate.per_unit(mopti_only, regions, "admin1").set_index("name")
    assert table.loc["Mopti", ["incidents", "killed", "missing"]].tolist() == [4, 38, 23]
    assert table.loc["Ségou", "incidents"] == 0 and table.loc["Bamako", "killed"] == 0
    assert len(table) == len(regions)


def test_per_cercle_uses_region_and_cercle(incidents, cercles):
    table = aggregate.per_unit(incidents, cercles, "admin2").set_index(["admin1", "name"])
    assert table.loc[("Ségou", "Niono"), "incidents"] == 2
    assert table.loc[("Ségou", "Ségou"), "injured"] == 5
    assert table.loc[("Mopti", "Bankass"), "killed"] == 35
    # the region-precision abduction has no cercle; the placeless row has no region
    assert table["incidents"].sum() == 9
    assert aggregate.unplaced_count(incidents, "admin2") == 2
    assert aggregate.unplaced_count(incidents, "admin1") == 1


def test_placeless(incidents):
    assert list(aggregate.placeless(incidents)["id"]) == ["ML-2020-006"]


def test_per_month_counts_start_month(incidents):
    table = aggregate.per_month(incidents)
    feb = table[table["month"] == pd.Timestamp("2020-02-01")].set_index("event_type")
    # Ogossagou x2, Niono killings (Feb-Mar: counted once, in February), Ségou market
    assert feb.loc["Violence against civilians", "incidents"] == 4
    assert feb.loc["Violence against civilians", "killed"] == 45
    assert pd.Timestamp("2020-03-01") not in set(table["month"])
    # the month-precision protests (July 2020) are in July
    july = table[table["month"] == pd.Timestamp("2020-07-01")]
    assert july[["event_type", "incidents", "killed"]].values.tolist() == [["Protests", 1, 14]]
    assert table["incidents"].sum() == 11


def test_monthly_totals_fill_gaps_and_accumulate(incidents):
    table = aggregate.monthly_totals(incidents).set_index("month")
    assert table.index[0] == pd.Timestamp("2020-01-01")
    assert table.index[-1] == pd.Timestamp("2025-03-01")
    assert len(table) == 63  # every month, zeros included
    assert table.loc["2020-03-01", "incidents"] == 0
    assert table["cumulative_killed"].iloc[-1] == 70
    assert table.loc["2020-02-01", "cumulative_killed"] == 8 + 45


def test_empty_tables(incidents):
    assert aggregate.per_month(incidents.iloc[0:0]).empty
    assert aggregate.monthly_totals(incidents.iloc[0:0]).empty


def test_lasting_incidents_longest_first(incidents):
    table = aggregate.lasting(incidents)
    assert list(table["id"]) == [
        "ML-2020-006",
        "ML-2024-001",
        "ML-2020-005",
        "ML-2020-003",
        "ML-2020-004",
        "ML-2020-008",
    ]
    assert len(aggregate.lasting(incidents, limit=2)) == 2
