"""The dashboard in French in a real browser: from a link's ``?lang=fr`` and from a browser
that asks for French (what st.context.locale reads, which AppTest cannot send)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORT, AppPage, BrowserLog, _stay_local

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'


def test_a_french_link_shows_french_labels(app):
    app.open("/?lang=fr")
    app.assert_no_exception()
    nav = app.nav_links()
    assert {"Vue d’ensemble", "Carte", "Chronologie", "Importer"} <= {
        label.split("\n")[-1].strip() for label in nav
    }, nav
    sidebar = app.page.locator(SIDEBAR)
    sidebar.get_by_text("Filtres", exact=True).wait_for()
    sidebar.get_by_text("Effacer les filtres").wait_for()
    main = app.page.locator('[data-testid="stMain"]')
    main.get_by_text("Tués, au moins").wait_for()
    main.get_by_text("Atteintes aux droits humains au Mali").wait_for()
    assert "lang=fr" in app.page.url


def test_a_french_browser_opens_in_french_and_the_link_says_so(browser, app_url):
    log = BrowserLog()
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url, locale="fr-FR")
    context.route("**/*", _stay_local(log))
    try:
        app = AppPage(context.new_page(), log).open("/")
        app.page.locator(SIDEBAR).get_by_text("Filtres", exact=True).wait_for()
        app.page.wait_for_url("**lang=fr**")
    finally:
        context.close()
    assert not log.problems(), log.problems()
