"""Markdown and HTML in a file's header, a file name and a link's values reach the page's
messages and labels as text: no link, no image, no request (the ``app`` fixture fails on any
request leaving 127.0.0.1); and tables offer no CSV download of their own, whose cells would
go to a spreadsheet as they are."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from viz.text import WORD_JOINER

pytestmark = pytest.mark.browser

IMAGE = "![x](http://evil.example/hit.png)"
LINK = "[click](http://evil.example)"
HTML = '<img src="http://evil.example/x.png">'


def main_text(app) -> str:
    """What the page's main area reads (the invisible word joiners left out)."""
    return app.page.locator('[data-testid="stMain"]').inner_text().replace(WORD_JOINER, "")


def assert_no_link_or_image(app) -> None:
    main = app.page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="evil"], img[src*="evil"]').count() == 0


def test_header_cells_and_file_names_are_shown_as_text(app, page_path):
    app.open(page_path("Import"))
    table = f"{IMAGE};{LINK};{HTML}\nOgossagou;2020;x\n".encode()
    uploader = app.page.locator('[data-testid="stFileUploader"]').filter(has_text="ACLED")
    uploader.locator('input[type="file"]').set_input_files(
        {"name": f"{LINK}.csv", "mimeType": "text/csv", "buffer": table}
    )
    app.page.get_by_text("Preview of the first rows").wait_for()
    app.wait_until_idle()
    text = main_text(app)
    for payload in (IMAGE, LINK, HTML):
        assert payload in text
    assert_no_link_or_image(app)
    app.assert_no_exception()


def test_link_values_are_named_as_text(app, page_path):
    app.open(f"{page_path('Overview')}?dataset={quote(IMAGE)}&region={quote(LINK)}")
    app.page.get_by_text("matched nothing and was ignored").wait_for()
    text = main_text(app)
    assert f"region={LINK}" in text and IMAGE in text
    assert_no_link_or_image(app)


def test_tables_offer_no_download_of_their_own(app, page_path):
    app.open(page_path("Incidents"))
    table = app.page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    table.hover()
    app.page.locator('[data-testid="stElementToolbar"]').first.wait_for(state="attached")
    assert app.page.get_by_role("button", name="Download as CSV").count() == 0
    assert app.page.get_by_role("button", name="Search").count() >= 1  # the toolbar is there
