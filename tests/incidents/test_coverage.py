"""Coverage from the sources: months a country survey covers, and the period covered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from i18n import use_language
from incidents.coverage import coverage_months, period_covered, period_covered_text
from incidents.sources import load_sources

REPORT = "002_5722450adf37214a.txt"


def survey(source_id: str, start: date, end: date):
    return replace(load_sources()[REPORT], id=source_id, coverage_start=start, coverage_end=end)


def test_only_the_annual_report_covers_months_single_cases_do_not():
    months = coverage_months(load_sources().values(), date(2018, 6, 15), date(2025, 3, 27))
    assert months["month"].iloc[0] == pd.Timestamp("2018-06-01")
    assert months["month"].iloc[-1] == pd.Timestamp("2025-03-01")
    covered = months[months["covered"]]
    assert list(covered["month"]) == list(pd.date_range("2020-01-01", "2020-12-01", freq="MS"))
    assert set(covered["surveys"]) == {(REPORT,)}
    # 2024: the Sissoko case is there, but it surveys nothing: not covered
    march_2024 = months[months["month"] == pd.Timestamp("2024-03-01")].iloc[0]
    assert not march_2024["covered"]
    assert "000_87eb117972110176.txt" in march_2024["sources"]
    june_2018 = months[months["month"] == pd.Timestamp("2018-06-01")].iloc[0]
    assert (june_2018["covered"], june_2018["sources"]) == (False, ())


def test_a_survey_covers_every_month_it_touches():
    part = survey("s", date(2021, 3, 20), date(2021, 5, 2))
    months = coverage_months([part], date(2021, 2, 1), date(2021, 6, 30))
    assert list(months["covered"]) == [False, True, True, True, False]


def test_period_covered_comes_from_the_sources_not_the_incidents():
    assert period_covered_text(load_sources().values()) == "January 2020 – December 2020"
    with use_language("fr"):
        assert period_covered_text(load_sources().values()) == "janvier 2020 – décembre 2020"
    assert period_covered_text([]) == "no period: no source surveys the whole country"


def test_periods_merge_when_they_overlap_or_follow_and_stay_apart_otherwise():
    sources = [
        survey("b", date(2021, 1, 1), date(2021, 6, 30)),
        survey("a", date(2020, 1, 1), date(2020, 12, 31)),
        survey("c", date(2023, 3, 5), date(2023, 3, 20)),
    ]
    periods = period_covered(sources)
    assert [(p.start, p.end, p.source_ids) for p in periods] == [
        (date(2020, 1, 1), date(2021, 6, 30), ("a", "b")),
        (date(2023, 3, 5), date(2023, 3, 20), ("c",)),
    ]
    assert period_covered_text(sources) == (
        "January 2020 – June 2021; 5 March 2023 – 20 March 2023"
    )
