"""Entry point: `streamlit run app.py`. Declares the pages and the shared sidebar."""

from pathlib import Path

import streamlit as st

from ui import shared

st.set_page_config(page_title="Mali human-rights incidents", page_icon="🗺️", layout="wide")

PAGES = Path(__file__).resolve().parent / "pages"
pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/map:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/incidents.py", title="Incidents", icon=":material/table:"),
]
IMPORT_PAGE = PAGES / "import_data.py"
if IMPORT_PAGE.exists():  # written by the import work (issue 5)
    pages.append(st.Page("pages/import_data.py", title="Import", icon=":material/upload:"))

page = st.navigation(pages)
shared.entrypoint_started()
try:
    if page.title != "Import":  # the filters mean nothing while importing
        shared.sidebar()
    page.run()
finally:
    shared.entrypoint_finished()
