"""Entry point: `streamlit run app.py`. Runs the chosen page inside the shared sidebar."""

import streamlit as st

from ui import navigation, sidebar, state

st.set_page_config(page_title="Mali human-rights incidents", page_icon="🗺️", layout="wide")

pages = navigation.app_pages()
page = st.navigation(pages.all)
with state.entrypoint_run():
    if page is not pages.import_data:  # the filters mean nothing while importing
        sidebar.show()
    page.run()
