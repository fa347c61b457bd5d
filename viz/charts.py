"""plotly figures for the Timeline page, built from ``incidents.aggregate`` tables.

Colours follow ``viz.style`` (the map's event-type palette). Month-precision incidents are
drawn as their month (bars per month; whole-month ranges), never on an invented day.

Every text is in the reader's language. plotly names months and groups digits in the browser,
in English, so the month ticks and the hover texts are written here (``i18n``) and the figure
carries the language's decimal and thousands marks (``layout.separators``).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from i18n import N_, _, format_month, format_number, format_short_month
from incidents import aggregate
from incidents.model import label
from viz.style import (
    MEASURES,
    event_colour,
    format_period,
    measure_count,
    ordered_event_types,
    precision_words,
)

COUNTING_NOTE = N_(
    "Each incident counts once, in the month its period starts (known only to the month: that "
    "month).<br>Figures are sums of those the sources state: at least."
)
PER_MONTH_TITLES: dict[str, str] = {
    "incidents": N_("Incidents per month, by event type"),
    "killed": N_("Killed per month, by event type"),
    "injured": N_("Injured per month, by event type"),
    "missing": N_("Missing per month, by event type"),
    "detained": N_("Detained per month, by event type"),
}
PER_MONTH_AXES: dict[str, str] = {
    "incidents": N_("Incidents"),
    "killed": N_("Killed (stated)"),
    "injured": N_("Injured (stated)"),
    "missing": N_("Missing (stated)"),
    "detained": N_("Detained (stated)"),
}
FIGURE_COLOURS = {  # Okabe-Ito, distinct from one another in every common colour deficiency
    "killed": "#D55E00",
    "injured": "#E69F00",
    "missing": "#0072B2",
    "detained": "#009E73",
}
_LAYOUT = {
    "template": "plotly_white",
    "font": {"size": 14},
    "margin": {"l": 60, "r": 20, "t": 90, "b": 40},
    # below the plot: a legend above it would collide with the title when it wraps
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0, "traceorder": "normal"},
    "hovermode": "closest",
}
NOT_COVERED_COLOUR = "#D9D9D9"
NOT_COVERED = N_("Not covered: no source surveys this month")
TIME_RANGE_NOTE = N_(
    "Hatched: the source gives only the month (or week, year); the whole period is drawn."
)
# Months between two labelled ticks, the smallest that keeps at most MAX_MONTH_TICKS labels.
MONTH_TICK_STEPS = (1, 2, 3, 6, 12, 24, 60)
MAX_MONTH_TICKS = 8


def _separators() -> str:
    """plotly's decimal and thousands marks for the reader's language (".," / ", ")."""
    sample = format_number(1234.5)  # "1,234.5" / "1 234,5"
    return sample[-2] + sample[1]


def _layout(title: str, note: str = "", **extra: object) -> dict:
    """Title with the counting rule as its subtitle, so a screenshot carries it."""
    return {
        **_LAYOUT,
        "title": {"text": title, "subtitle": {"text": note}},
        "separators": _separators(),
        **extra,
    }


def _month_ticks(first: pd.Timestamp, last: pd.Timestamp) -> dict:
    """A date axis's ticks from ``first`` to ``last``, named in the reader's language."""
    months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
    step = next(
        (s for s in MONTH_TICK_STEPS if len(months) <= s * MAX_MONTH_TICKS), MONTH_TICK_STEPS[-1]
    )
    if step < 12:
        ticks = [m for m in months if (m.month - 1) % step == 0]
        labels = [format_short_month(m) for m in ticks]
    else:  # years: a number, the same in every language
        ticks = [m for m in months if m.month == 1 and m.year % (step // 12) == 0]
        labels = [str(m.year) for m in ticks]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": labels}


def _empty(title: str) -> go.Figure:
    fig = go.Figure(layout=_layout(title))
    fig.add_annotation(
        text=_("No incident matches the filters"), showarrow=False, font={"size": 18}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"`measure` was {measure!r} but is expected to be in {tuple(MEASURES)}")


def not_covered_runs(coverage: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The unbroken runs of months ``coverage`` (``incidents.coverage.coverage_months``) marks
    not covered, each as (its first month's first day, the first day after its last month)."""
    runs: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for month, covered in zip(coverage["month"], coverage["covered"], strict=True):
        if covered:
            continue
        after = month + pd.offsets.MonthBegin(1)
        if runs and runs[-1][1] == month:
            runs[-1] = (runs[-1][0], after)
        else:
            runs.append((month, after))
    return runs


def _draw_not_covered(fig: go.Figure, coverage: pd.DataFrame) -> None:
    """Grey bands behind the months no source covers, with their legend entry: such a month
    is not covered, never a month of zero."""
    runs = not_covered_runs(coverage)
    for start, after in runs:
        fig.add_vrect(
            x0=start, x1=after, fillcolor=NOT_COVERED_COLOUR, opacity=0.6, layer="below",
            line_width=0,
        )  # fmt: skip
    if runs:
        fig.add_bar(
            x=[None], y=[None], name=_(NOT_COVERED), marker_color=NOT_COVERED_COLOUR,
            legendrank=1000, hoverinfo="skip",
        )  # fmt: skip


def per_month_figure(
    incidents: pd.DataFrame, measure: str = "incidents", coverage: pd.DataFrame | None = None
) -> go.Figure:
    """Stacked monthly bars of ``measure`` (incidents or a figure), one colour per event type.

    With ``coverage`` (``incidents.coverage.coverage_months`` over the chart's months), the
    months no source covers are drawn as grey "not covered" bands.
    """
    _check_measure(measure)
    title = _(PER_MONTH_TITLES[measure])
    table = aggregate.per_month(incidents)
    if table.empty:
        return _empty(title)
    fig = go.Figure(
        layout=_layout(title, _(COUNTING_NOTE), barmode="stack", legend_title_text=_("Event type"))
    )
    for rank, event_type in enumerate(ordered_event_types(table["event_type"])):
        rows = table[table["event_type"] == event_type]
        name = _plain(label("event type", event_type))
        fig.add_bar(
            legendrank=rank,
            x=rows["month"],
            y=rows[measure],
            name=name,
            marker_color=event_colour(event_type),
            marker_line={"color": "#222", "width": 0.5},
            xperiod="M1",
            xperiodalignment="middle",
            customdata=[
                f"{format_month(month)}<br>{name}<br>{measure_count(measure, value)}"
                for month, value in zip(rows["month"], rows[measure], strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    first, last = table["month"].min(), table["month"].max()
    if coverage is not None and len(coverage):
        _draw_not_covered(fig, coverage)
        first, last = min(first, coverage["month"].min()), max(last, coverage["month"].max())
    fig.update_xaxes(
        title_text=_("Month (start of the incident)"),
        range=[first, last + pd.offsets.MonthBegin(1)],
        **_month_ticks(first, last),
    )
    fig.update_yaxes(title_text=_(PER_MONTH_AXES[measure]))
    _whole_numbers(fig, table.groupby("month")[measure].sum().max())
    return fig


def clicked_month(points: list[dict]) -> str | None:
    """The month (``YYYY-MM``) of the first bar a click on ``per_month_figure`` selected
    (plotly's selection points); None when no bar was (the grey bands are not bars)."""
    for point in points:
        try:
            return pd.Timestamp(point["x"]).strftime("%Y-%m")
        except (KeyError, TypeError, ValueError):
            continue
    return None


def cumulative_figure(incidents: pd.DataFrame) -> go.Figure:
    """Running totals of the stated figures (killed, injured, missing, detained) by month."""
    title = _("Cumulative figures (sums of stated figures)")
    table = aggregate.monthly_totals(incidents)
    if table.empty:
        return _empty(title)
    fig = go.Figure(layout=_layout(title, _(COUNTING_NOTE)))
    for rank, (figure, colour) in enumerate(FIGURE_COLOURS.items()):
        totals = table[f"cumulative_{figure}"]
        fig.add_scatter(
            legendrank=rank,
            x=table["month"],
            y=totals,
            name=_(MEASURES[figure]),
            mode="lines+markers",
            line={"color": colour, "width": 3, "shape": "hv"},
            marker={"size": 5},
            customdata=[
                _("by end of {month}").format(month=format_month(month))
                + f"<br>{measure_count(figure, value)}"
                for month, value in zip(table["month"], totals, strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_xaxes(
        title_text=_("Month"), **_month_ticks(table["month"].min(), table["month"].max())
    )
    fig.update_yaxes(title_text=_("Running total (at least)"))
    _whole_numbers(fig, max(table[f"cumulative_{f}"].max() for f in FIGURE_COLOURS))
    return fig


def time_ranges_figure(incidents: pd.DataFrame, limit: int = 60) -> go.Figure:
    """Incidents lasting more than a day as horizontal bars over their whole period.

    A period known only to the month (or year) is drawn as that whole month, hatched, so it is
    never read as exact dates. Longest first, at most ``limit`` rows.
    """
    title = _("Incidents that last (sieges, series of killings, detentions)")
    rows = aggregate.lasting(incidents, limit=limit)
    if rows.empty:
        return _empty(title)
    rows = rows.iloc[::-1]  # longest on top
    ends = rows["date_end"].fillna(rows["date_start"]) + pd.Timedelta(days=1)  # inclusive end
    fig = go.Figure(layout=_layout(title, _(TIME_RANGE_NOTE), barmode="overlay"))
    labels = pd.Series([_row_label(row) for _, row in rows.iterrows()], index=rows.index)
    rank = 0
    for event_type in ordered_event_types(rows["event_type"]):
        for exact in (True, False):
            keep = (rows["event_type"] == event_type) & ((rows["date_precision"] == "day") == exact)
            part = rows[keep.to_numpy(dtype=bool)]
            if part.empty:
                continue
            rank += 1
            name = _plain(label("event type", event_type))
            fig.add_bar(
                legendrank=rank,
                y=labels[part.index],
                x=(ends[part.index] - part["date_start"]).dt.total_seconds() * 1000,
                base=part["date_start"],
                orientation="h",
                name=name
                if exact
                else _("{event_type} (month or year only)").format(event_type=name),
                marker={
                    "color": event_colour(event_type),
                    "line": {"color": "#222", "width": 0.5},
                    "pattern": {"shape": "" if exact else "/", "fgcolor": "#222"},
                },
                customdata=[_period_label(row) for _, row in part.iterrows()],
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
    fig.update_xaxes(
        type="date",
        title_text=_("Period the source gives"),
        **_month_ticks(rows["date_start"].min(), ends.max()),
    )
    # one row per incident, longest at the top (a category axis draws its first entry lowest)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=list(labels))
    fig.update_layout(height=max(360, 160 + 28 * len(rows)))
    return fig


def _whole_numbers(fig: go.Figure, largest: float) -> None:
    """Counts have no fractions: integer ticks, from zero."""
    fig.update_yaxes(rangemode="tozero", tickformat=",d", dtick=1 if largest < 8 else None)


def _plain(text: object) -> str:
    """Data text for plotly labels, which understand a few HTML tags: shown, never parsed."""
    return html.escape(str(text), quote=False)


def _row_label(row: pd.Series, length: int = 55) -> str:
    title = str(row["title"])
    title = title if len(title) <= length else title[: length - 1] + "…"
    return _plain(f"{title} · {row['id']}")


def _period_label(row: pd.Series) -> str:
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = precision_words(row["date_precision"])
    return _plain(_("{period} ({precision})").format(period=period, precision=precision))
