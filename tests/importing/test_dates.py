from datetime import date

import pytest

from incidents.importers.dates import parse_date, period


@pytest.mark.parametrize(
    "text",
    [
        "2020-02-14",
        "2020/02/14",
        "2020-02-14T00:00:00",
        "14/02/2020",
        "14.02.2020",
        "14-02-2020",
        "14/02/20",
        "02/14/2020",
        "14 février 2020",
        "14 FEVRIER 2020",
        "vendredi 14 février 2020",
        "February 14, 2020",
        "Feb 14 2020",
        "14 February 2020",
        "14-Feb-2020",
        "14-Feb-20",
    ],
)
def test_accepted_forms(text):
    assert parse_date(text) == date(2020, 2, 14)


def test_french_first_of_month():
    assert parse_date("1er mars 2020") == date(2020, 3, 1)


def test_numeric_dates_are_day_first():
    assert parse_date("03/02/2020") == date(2020, 2, 3)


@pytest.mark.parametrize("text", ["", "soon", "2020", "February 2020", "31/02/2020", "14/14/2020"])
def test_rejected_forms_name_what_is_expected(text):
    with pytest.raises(ValueError, match="expected a date such as 2020-02-14"):
        parse_date(text)


@pytest.mark.parametrize(
    ("precision", "start", "end"),
    [
        ("day", date(2020, 2, 14), date(2020, 2, 14)),
        ("week", date(2020, 2, 11), date(2020, 2, 17)),
        ("month", date(2020, 2, 1), date(2020, 2, 29)),
        ("year", date(2020, 1, 1), date(2020, 12, 31)),
    ],
)
def test_period_of_a_coded_date(precision, start, end):
    assert period(date(2020, 2, 14), precision) == (start, end)
