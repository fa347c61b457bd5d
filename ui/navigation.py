"""The app's pages, declared once, and the way out of Streamlit's legacy page mode.

``app.py`` passes ``app_pages().all`` to ``st.navigation`` and runs the page it returns. The
``pages/`` folder beside ``app.py`` has a cost: until a session has called ``st.navigation``,
Streamlit treats the folder as a legacy multipage app, so a shared link straight to ``/map``
runs ``pages/map.py`` alone, without ``app.py`` (no sidebar, no view).
``leave_legacy_multipage_mode`` is the one place that handles it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NoReturn

import streamlit as st

from i18n import _


@dataclass(frozen=True)
class AppPages:
    """This run's page objects; ``st.navigation`` returns one of them (compare with ``is``)."""

    overview: st.Page
    map: st.Page
    timeline: st.Page
    incidents: st.Page
    import_data: st.Page
    present: st.Page

    @property
    def all(self) -> list[st.Page]:
        """The pages in the navigation menu's order."""
        return [getattr(self, page.name) for page in fields(self)]


def app_pages() -> AppPages:
    """New page objects, made on every run (a page object holds state for the run it is in),
    titled in this run's language."""
    return AppPages(
        overview=st.Page("pages/overview.py", title=_("Overview"), icon="📊", default=True),
        map=st.Page("pages/map.py", title=_("Map"), icon="🗺️"),
        timeline=st.Page("pages/timeline.py", title=_("Timeline"), icon="📈"),
        incidents=st.Page("pages/incidents.py", title=_("Incidents"), icon="📋"),
        import_data=st.Page("pages/import_data.py", title=_("Import"), icon="📥"),
        present=st.Page("pages/present.py", title=_("Present"), icon="🖥️"),
    )


def leave_legacy_multipage_mode() -> NoReturn:
    """Rerun a page that Streamlit ran alone, through ``app.py``: same URL, same page.

    Streamlit documents that once any session calls ``st.navigation``, the app ignores the
    ``pages/`` folder for every session; the rerun then runs the entry point. A test in
    ``tests/dashboard/test_navigation.py`` fails if a Streamlit upgrade changes either half.
    """
    st.navigation(app_pages().all, position="hidden")
    st.rerun()
