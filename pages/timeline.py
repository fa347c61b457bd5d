"""Timeline: incidents and figures per month by event type, the months no source covers,
running totals, lasting incidents; and the incidents behind any month's bar."""

import pandas as pd
import streamlit as st

from i18n import _, format_month, format_number, ngettext
from incidents import aggregate
from incidents.coverage import coverage_months, dataset_sources
from ui import blocks, data, downloads, state
from viz import charts

view = state.current_view()
blocks.page_header(_("Timeline"), view)
measure = state.page_setting("measure", _("Count per month"), blocks.measure_options(), "incidents")
CONFIG = {"displaylogo": False}
# Worked out once per view for every session (ui.data.of_view), and only read here.
counted = data.of_view(view, blocks.started_per_month)
months = [pd.Timestamp(month) for month in counted]
coverage = None
if months:
    sources = dataset_sources(view.dataset.name, view.dataset.incidents)
    coverage = coverage_months(sources, months[0].date(), months[-1].date())
PER_MONTH_CHART = "per_month_chart"


def _on_bar_click() -> None:
    """A click on a month's bar lists that month's incidents below the chart."""
    month = charts.clicked_month(st.session_state[PER_MONTH_CHART].selection.points)
    if month is not None:
        state.choose_page_setting("month", month)


st.plotly_chart(
    data.of_view(view, charts.per_month_figure, measure, coverage),
    config=CONFIG,
    key=PER_MONTH_CHART,
    on_select=_on_bar_click,
    selection_mode="points",
)
st.caption(blocks.coverage_note(view))

if months:
    options = {
        "": _("Choose a month"),
        **{
            key: ngettext("{month}: {n} incident", "{month}: {n} incidents", n).format(
                month=format_month(pd.Timestamp(key)), n=format_number(n)
            )
            for key, n in counted.items()
        },
    }
    chosen = state.page_setting(
        "month",
        _("The incidents behind a month's bar (or click the bar)"),
        options,
        "",
        selectbox=True,
    )
    if chosen:
        behind = data.of_view(view, aggregate.started_in, pd.Timestamp(chosen))
        blocks.counted_list(behind, measure, key="month_incidents")

for chart in (charts.time_ranges_figure, charts.cumulative_figure):
    st.plotly_chart(data.of_view(view, chart), config=CONFIG)
downloads.view_downloads(view, measure)
