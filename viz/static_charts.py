"""The monthly chart as an image for slides, drawn on the server with matplotlib.

The interactive chart (``viz.charts.per_month_figure``, plotly) needs a browser to become an
image; this draws the same table (``incidents.aggregate.per_month``) with the same colours,
in the slide frame of ``viz.slides`` (the filter as title, source line), offline.
"""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from i18n import _, format_number, format_short_month
from incidents import aggregate
from viz.slides import DEFAULT_SIZE, QUIET_COLOUR, figure_bytes, slide
from viz.style import MEASURES, event_colour, ordered_event_types

LEGEND_WIDTH = 0.25  # of the content area, right of the chart
BAR_DAYS = 24  # a month's bar, centred in its month


def _subtitle(measure: str) -> str:
    label = _(MEASURES[measure])
    if measure == "incidents":
        return _(
            "{measure} per month, by event type. Each incident counts once, in the month its "
            "period starts."
        ).format(measure=label)
    return _(
        "{measure} per month, by event type: sums of the figures the sources state (at least), "
        "each incident in the month its period starts."
    ).format(measure=label)


def monthly_table(incidents: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Months (every month from the first to the last, zeros included) x event types with
    something to show."""
    table = aggregate.per_month(incidents)
    if table.empty:
        return pd.DataFrame()
    wide = table.pivot_table(
        index="month", columns="event_type", values=measure, aggfunc="sum", fill_value=0
    )
    months = pd.date_range(wide.index.min(), wide.index.max(), freq="MS")
    wide = wide.reindex(months, fill_value=0)
    wide = wide.loc[:, wide.sum() > 0]  # a type with nothing to stack has no legend entry
    return wide[ordered_event_types(wide.columns)]


def monthly_chart_figure(
    incidents: pd.DataFrame,
    measure: str = "incidents",
    *,
    title: str,
    size: tuple[int, int] = DEFAULT_SIZE,
    source: str = "",
    attribution: str = "",
) -> Figure:
    """Stacked monthly bars of ``measure``, one colour per event type, in the slide frame."""
    if measure not in MEASURES:
        raise ValueError(f"`measure` was {measure!r} but is expected to be in {tuple(MEASURES)}")
    frame = slide(
        size, title=title, subtitle=_subtitle(measure), source=source, attribution=attribution
    )
    figure = frame.figure
    left, bottom, width, height = frame.content
    ax = figure.add_axes(
        (left + 0.05, bottom + 0.05, width * (1 - LEGEND_WIDTH) - 0.05, height - 0.06)
    )
    table = monthly_table(incidents, measure)
    if table.empty:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            _("No incident matches the filters"),
            ha="center",
            va="center",
            fontsize=16,
            color=QUIET_COLOUR,
            transform=ax.transAxes,
        )
        return figure
    centres = table.index + pd.Timedelta(days=14)
    below = np.zeros(len(table))
    for event_type in table.columns:
        values = table[event_type].to_numpy(dtype=float)
        ax.bar(
            centres,
            values,
            width=BAR_DAYS,
            bottom=below,
            label=event_type,
            color=event_colour(event_type),
            edgecolor="#222222",
            linewidth=0.5,
        )
        below += values
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(1.0, below.max()) * 1.08)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(int(value))))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: format_short_month(mdates.num2date(value)))
    )
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=10)
    ax.set_xlabel(_("Month (start of the incident)"), fontsize=10.5)
    label = _(MEASURES[measure])
    ax.set_ylabel(
        label if measure == "incidents" else _("{measure} (stated)").format(measure=label),
        fontsize=10.5,
    )
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
        fontsize=9.5,
        title=_("Event type"),
        title_fontsize=10.5,
        alignment="left",
    )
    return figure


def monthly_chart_png(incidents: pd.DataFrame, measure: str = "incidents", **options: Any) -> bytes:
    """The monthly chart slide as PNG bytes (options: ``monthly_chart_figure``'s)."""
    return figure_bytes(monthly_chart_figure(incidents, measure, **options), "png")


def monthly_chart_svg(incidents: pd.DataFrame, measure: str = "incidents", **options: Any) -> bytes:
    """The monthly chart slide as SVG (options: ``monthly_chart_figure``'s)."""
    return figure_bytes(monthly_chart_figure(incidents, measure, **options), "svg")
