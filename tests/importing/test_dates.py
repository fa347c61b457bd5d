from datetime import date

import pytest

from incidents.calendar_words import LANGUAGES, MONTHS, month_names
from incidents.importers.dates import parse_date, parse_period, period


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 févr. 2020", date(2020, 2, 14)), ("14 fev 2020", date(2020, 2, 14)),
        ("3 Sept 2020", date(2020, 9, 3)), ("3 sept. 2020", date(2020, 9, 3)),
        ("3 AOÛT 2020", date(2020, 8, 3)), ("3 aout 2020", date(2020, 8, 3)),
        ("mardi 3 mars 2020", date(2020, 3, 3)), ("Tue 3 Mar 2020", date(2020, 3, 3)),
        ("3 juil. 2020", date(2020, 7, 3)), ("3 déc 2020", date(2020, 12, 3)),
    ],
)  # fmt: skip
def test_month_abbreviations_and_accents(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("abbreviated", [False, True])
def test_every_month_name_of_the_locale_data_is_read(language, abbreviated):
    names = month_names(language, abbreviated=abbreviated)
    assert sorted(set(names.values())) == list(range(1, 13))
    for name, number in names.items():
        assert parse_date(f"3 {name} 2020") == date(2020, number, 3)


def test_month_table_keys_are_accent_free_and_lower_case():
    assert MONTHS["fevrier"] == MONTHS["fevr"] == MONTHS["feb"] == 2
    assert "février" not in MONTHS and "Feb" not in MONTHS


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


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("14/02/2020", date(2020, 2, 14), date(2020, 2, 14), "day"),
        ("9-May-20", date(2020, 5, 9), date(2020, 5, 9), "day"),
        ("février 2020", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("Feb. 2020", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("02/2020", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ],
)
def test_period_precision_is_how_the_date_is_written(text, start, end, precision):
    assert parse_period(text) == (start, end, precision)


@pytest.mark.parametrize("text", ["13/2020", "février", "2020 2021", "hier"])
def test_period_rejects_what_is_no_date(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_period(text)
