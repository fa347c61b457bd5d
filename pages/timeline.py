"""Timeline: incidents and figures per month by event type, running totals, lasting incidents."""

import streamlit as st

from i18n import _
from ui import blocks, downloads, state
from viz import charts

view = state.current_view()
blocks.page_header(_("Timeline"), view)
measure = state.page_setting("measure", _("Count per month"), blocks.measure_options(), "incidents")
CONFIG = {"displaylogo": False}
st.plotly_chart(charts.per_month_figure(view.filtered, measure), config=CONFIG)
st.plotly_chart(charts.time_ranges_figure(view.filtered), config=CONFIG)
st.plotly_chart(charts.cumulative_figure(view.filtered), config=CONFIG)
downloads.view_downloads(view, measure)
