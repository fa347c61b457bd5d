"""Opening the app under Streamlit's AppTest and reading what the sidebar and the URL show."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_app(page: str | None = None, **params: str | list[str]) -> AppTest:
    """The app opened on a link with these query parameters (then switched to ``page``)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def count_line(at: AppTest) -> str:
    """The sidebar's '### N of M incidents'."""
    (line,) = [m.value for m in at.sidebar.markdown if m.value.startswith("### ")]
    return line


def url(at: AppTest) -> dict[str, list[str]]:
    """The query string the run left, every value as a list."""
    return {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}


def param(at: AppTest, key: str) -> list[str]:
    return url(at).get(key, [])


def description(at: AppTest) -> str:
    """The page's first Markdown: the sentence describing the filters."""
    return at.markdown[0].value
