"""plotly figure builders: traces, totals, colours and the month-precision rule."""

from __future__ import annotations

import pandas as pd
import pytest

from incidents.filters import IncidentFilter
from viz import charts
from viz.style import EVENT_TYPE_COLOURS


def traces(fig) -> dict[str, object]:
    return {t.name: t for t in fig.data}


def test_incidents_per_month_by_event_type(incidents):
    fig = charts.per_month_figure(incidents)
    assert fig.layout.barmode == "stack"
    by_type = traces(fig)
    assert sum(sum(t.y) for t in fig.data) == len(incidents)  # every incident once
    vac = by_type["Violence against civilians"]
    assert dict(zip(pd.to_datetime(vac.x), vac.y, strict=True))[pd.Timestamp("2020-02-01")] == 4
    assert vac.marker.color == EVENT_TYPE_COLOURS["Violence against civilians"]
    # the July 2020 (month-precision) protests sit in July, drawn across the month
    protests = by_type["Protests"]
    assert list(pd.to_datetime(protests.x)) == [pd.Timestamp("2020-07-01")]
    assert protests.xperiod == "M1"
    assert "counts once, in the month its period starts" in fig.layout.title.subtitle.text


def test_casualties_per_month_sum_stated_figures(incidents):
    fig = charts.per_month_figure(incidents, "killed")
    assert sum(sum(t.y) for t in fig.data) == 70
    assert "Killed per month" in fig.layout.title.text


def test_cumulative_figures_end_at_the_totals(incidents):
    fig = charts.cumulative_figure(incidents)
    finals = {t.name: t.y[-1] for t in fig.data}
    assert finals == {"Killed": 70, "Injured": 307, "Missing": 23, "Detained": 1}


def test_cumulative_follows_filters(incidents):
    mopti = IncidentFilter(regions=("Mopti",)).apply(incidents)
    finals = {t.name: t.y[-1] for t in charts.cumulative_figure(mopti).data}
    assert finals["Killed"] == 38


def test_time_ranges_draw_whole_periods(incidents):
    fig = charts.time_ranges_figure(incidents)
    rows = {}
    for trace in fig.data:
        for label, base, width in zip(trace.y, trace.base, trace.x, strict=True):
            rows[label.split(" · ")[-1]] = (
                trace,
                pd.Timestamp(base),
                pd.Timedelta(milliseconds=width),
            )
    assert set(rows) == {
        "ML-2020-006",
        "ML-2024-001",
        "ML-2020-005",
        "ML-2020-003",
        "ML-2020-004",
        "ML-2020-008",
    }
    trace, start, width = rows["ML-2020-004"]  # July 2020, month precision: the whole month
    assert (start, start + width) == (pd.Timestamp("2020-07-01"), pd.Timestamp("2020-08-01"))
    assert trace.marker.pattern.shape == "/"
    trace, start, width = rows["ML-2020-003"]  # 3 February - 10 March, exact days
    assert (start, start + width) == (pd.Timestamp("2020-02-03"), pd.Timestamp("2020-03-11"))
    assert trace.marker.pattern.shape == ""
    order = [label.split(" · ")[-1] for label in fig.layout.yaxis.categoryarray]
    assert order[-1] == "ML-2020-006"  # the longest (a whole year) is drawn at the top


def test_chart_labels_show_markup_as_text(incidents):
    evil = incidents.copy()
    evil.loc[evil["id"] == "ML-2020-003", "title"] = "<b>bold</b> <a href='x'>link</a>"
    fig = charts.time_ranges_figure(evil)
    labels = [label for t in fig.data for label in t.y]
    assert any("&lt;b&gt;bold&lt;/b&gt;" in label for label in labels)
    assert not any("<b>" in label or "<a" in label for label in labels)


@pytest.mark.parametrize(
    "build", [charts.per_month_figure, charts.cumulative_figure, charts.time_ranges_figure]
)
def test_empty_selection_says_so(incidents, build):
    fig = build(incidents.iloc[0:0])
    assert not fig.data
    assert fig.layout.annotations[0].text == "No incident matches the filters"


def test_bad_measure_is_named(incidents):
    with pytest.raises(ValueError, match="`measure` was 'dead'"):
        charts.per_month_figure(incidents, "dead")


def test_not_covered_months_are_grey_bands_merged_into_runs():
    coverage = pd.DataFrame(
        {
            "month": pd.date_range("2020-01-01", periods=6, freq="MS"),
            "covered": [True, False, False, True, False, True],
        }
    )
    assert charts.not_covered_runs(coverage) == [
        (pd.Timestamp("2020-02-01"), pd.Timestamp("2020-04-01")),
        (pd.Timestamp("2020-05-01"), pd.Timestamp("2020-06-01")),
    ]


def test_the_per_month_chart_draws_months_no_source_covers(incidents):
    months = pd.date_range("2020-01-01", "2025-03-01", freq="MS")
    coverage = pd.DataFrame({"month": months, "covered": months.year == 2020})
    fig = charts.per_month_figure(incidents, "incidents", coverage)
    bands = [(pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in fig.layout.shapes]
    assert bands == [(pd.Timestamp("2021-01-01"), pd.Timestamp("2025-04-01"))]
    assert {s.fillcolor for s in fig.layout.shapes} == {charts.NOT_COVERED_COLOUR}
    (legend,) = [t for t in fig.data if t.name == charts.NOT_COVERED]
    assert legend.marker.color == charts.NOT_COVERED_COLOUR
    assert fig.layout.xaxis.range[0] == pd.Timestamp("2020-01-01")
    assert not charts.per_month_figure(incidents, "incidents").layout.shapes  # no coverage given


def test_a_click_on_a_bar_names_its_month():
    assert charts.clicked_month([{"x": "2020-02-01", "y": 3}]) == "2020-02"
    assert charts.clicked_month([{"y": 1}, {"x": "2021-07-01 00:00:00"}]) == "2021-07"
    assert charts.clicked_month([]) is None
