"""Entry point: `streamlit run app.py`. Runs the chosen page inside the shared sidebar."""

import streamlit as st

from i18n import _
from ui import navigation, sidebar, state

state.start_run()  # the language first: every text below is in it
st.set_page_config(page_title=_("Mali human-rights incidents"), page_icon="🗺️", layout="wide")

pages = navigation.app_pages()
page = st.navigation(pages.all)
with state.entrypoint_run():
    state.language_selector()
    if page is not pages.import_data:  # the filters mean nothing while importing
        sidebar.show()
    page.run()
