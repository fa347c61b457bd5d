"""plotly figures for the Timeline page, built from ``incidents.aggregate`` tables.

Colours follow ``viz.style`` (the map's event-type palette). Month-precision incidents are
drawn as their month (bars per month; whole-month ranges), never on an invented day.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from incidents import aggregate
from viz.style import (
    MEASURES,
    PRECISION_WORDS,
    event_colour,
    format_period,
    ordered_event_types,
)

COUNTING_NOTE = (
    "Each incident counts once, in the month its period starts (known only to the month: that "
    "month).<br>Figures are sums of those the sources state: at least."
)
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
TIME_RANGE_NOTE = (
    "Hatched: the source gives only the month (or week, year); the whole period is drawn."
)


def _layout(title: str, note: str = "", **extra: object) -> dict:
    """Title with the counting rule as its subtitle, so a screenshot carries it."""
    return {**_LAYOUT, "title": {"text": title, "subtitle": {"text": note}}, **extra}


def _empty(title: str) -> go.Figure:
    fig = go.Figure(layout=_layout(title))
    fig.add_annotation(text="No incident matches the filters", showarrow=False, font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"`measure` was {measure!r} but is expected to be in {tuple(MEASURES)}")


def per_month_figure(incidents: pd.DataFrame, measure: str = "incidents") -> go.Figure:
    """Stacked monthly bars of ``measure`` (incidents or a figure), one colour per event type."""
    _check_measure(measure)
    label = MEASURES[measure]
    title = f"{label} per month, by event type"
    table = aggregate.per_month(incidents)
    if table.empty:
        return _empty(title)
    fig = go.Figure(layout=_layout(title, COUNTING_NOTE, barmode="stack"))
    for rank, event_type in enumerate(ordered_event_types(table["event_type"])):
        rows = table[table["event_type"] == event_type]
        fig.add_bar(
            legendrank=rank,
            x=rows["month"],
            y=rows[measure],
            name=event_type,
            marker_color=event_colour(event_type),
            marker_line={"color": "#222", "width": 0.5},
            xperiod="M1",
            xperiodalignment="middle",
            hovertemplate=f"%{{x|%B %Y}}<br>{event_type}: %{{y:,}} {label.lower()}<extra></extra>",
        )
    fig.update_xaxes(title_text="Month (start of the incident)", tickformat="%b %Y")
    fig.update_yaxes(title_text=label if measure == "incidents" else f"{label} (stated)")
    _whole_numbers(fig, table.groupby("month")[measure].sum().max())
    return fig


def cumulative_figure(incidents: pd.DataFrame) -> go.Figure:
    """Running totals of the stated figures (killed, injured, missing, detained) by month."""
    title = "Cumulative figures (sums of stated figures)"
    table = aggregate.monthly_totals(incidents)
    if table.empty:
        return _empty(title)
    fig = go.Figure(layout=_layout(title, COUNTING_NOTE))
    for rank, (figure, colour) in enumerate(FIGURE_COLOURS.items()):
        fig.add_scatter(
            legendrank=rank,
            x=table["month"],
            y=table[f"cumulative_{figure}"],
            name=MEASURES[figure],
            mode="lines+markers",
            line={"color": colour, "width": 3, "shape": "hv"},
            marker={"size": 5},
            hovertemplate=f"by end of %{{x|%B %Y}}: %{{y:,}} {figure}<extra></extra>",
        )
    fig.update_xaxes(title_text="Month", tickformat="%b %Y")
    fig.update_yaxes(title_text="Running total (at least)")
    _whole_numbers(fig, max(table[f"cumulative_{f}"].max() for f in FIGURE_COLOURS))
    return fig


def time_ranges_figure(incidents: pd.DataFrame, limit: int = 60) -> go.Figure:
    """Incidents lasting more than a day as horizontal bars over their whole period.

    A period known only to the month (or year) is drawn as that whole month, hatched, so it is
    never read as exact dates. Longest first, at most ``limit`` rows.
    """
    title = "Incidents that last (sieges, series of killings, detentions)"
    rows = aggregate.lasting(incidents, limit=limit)
    if rows.empty:
        return _empty(title)
    rows = rows.iloc[::-1]  # longest on top
    ends = rows["date_end"].fillna(rows["date_start"]) + pd.Timedelta(days=1)  # inclusive end
    fig = go.Figure(layout=_layout(title, TIME_RANGE_NOTE, barmode="overlay"))
    labels = pd.Series([_row_label(row) for _, row in rows.iterrows()], index=rows.index)
    rank = 0
    for event_type in ordered_event_types(rows["event_type"]):
        for exact in (True, False):
            keep = (rows["event_type"] == event_type) & ((rows["date_precision"] == "day") == exact)
            part = rows[keep.to_numpy(dtype=bool)]
            if part.empty:
                continue
            rank += 1
            fig.add_bar(
                legendrank=rank,
                y=labels[part.index],
                x=(ends[part.index] - part["date_start"]).dt.total_seconds() * 1000,
                base=part["date_start"],
                orientation="h",
                name=event_type if exact else f"{event_type} (month or year only)",
                marker={
                    "color": event_colour(event_type),
                    "line": {"color": "#222", "width": 0.5},
                    "pattern": {"shape": "" if exact else "/", "fgcolor": "#222"},
                },
                customdata=[_period_label(row) for _, row in part.iterrows()],
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
    fig.update_xaxes(type="date", title_text="Period the source gives")
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
    precision = PRECISION_WORDS.get(row["date_precision"], row["date_precision"])
    return _plain(f"{period} ({precision})")
