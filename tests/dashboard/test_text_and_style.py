"""Shared text helpers: periods with their precision, figures, and escaping."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ui.blocks import md
from viz.style import escape_html, event_colour, format_figure, format_period


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2020-02-14", "2020-02-14", "day", "14 February 2020"),
        ("2020-02-03", "2020-03-10", "day", "3 February 2020 – 10 March 2020"),
        ("2020-02-01", "2020-02-29", "month", "February 2020"),  # never an invented day
        ("2020-10-01", "2020-12-31", "month", "October 2020 – December 2020"),
        ("2020-08-10", "2020-08-16", "week", "week of 10 August 2020 – 16 August 2020"),
        ("2020-01-01", "2020-12-31", "year", "2020"),
        (None, None, "day", "date unknown"),
    ],
)
def test_format_period(start, end, precision, expected):
    first, last = (pd.Timestamp(v) if v else pd.NaT for v in (start, end))
    assert format_period(first, last, precision) == expected


@pytest.mark.parametrize(
    ("value", "note", "expected"),
    [
        (35, "at least", "35 (at least)"),
        (pd.NA, "", "not stated"),
        (1200, None, "1,200"),
        (0, "", "0"),
    ],
)
def test_format_figure(value, note, expected):
    assert format_figure(value, note) == expected


def test_escape_html_neutralises_html_js_and_jinja():
    text = escape_html("<script>`${x}`</script> {{ 7*7 }} {% if %} \\u & \"'")
    assert not re.search(r"[<>`${}\\\"']", text)
    assert escape_html(None) == "" and escape_html(float("nan")) == ""


def test_markdown_escape_keeps_data_inert():
    text = md("[click](http://evil) :red[alert] **bold** <b>x</b> $x$ # title")
    assert not re.search(r"(?<!\\)[\[\]()*<>$#:]", text)
    assert md("Ségou  Mopti\nKayes") == "Ségou Mopti Kayes"


def test_unknown_event_type_gets_the_neutral_colour():
    assert event_colour("Something new") == "#999999"
    assert event_colour("Protests") == "#56B4E9"
