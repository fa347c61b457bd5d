"""Shared Streamlit UI: cached data access (``ui.data``) and the sidebar, URL state and
common blocks every page uses (``ui.shared``). Pages only wire these to the core."""
