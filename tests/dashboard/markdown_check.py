"""What a reader sees of a Streamlit message, label or caption, and whether data in it stayed
inert: rendered with the checker of ``test_inert_markdown`` (markdown-it-py with GFM's
autolinks, the closest Python renderer to Streamlit's react-markdown with remark-gfm)."""

from __future__ import annotations

from tests.dashboard.test_inert_markdown import (
    GFM_LITERALS,
    LINK_TOKENS,
    SHORT_CODES,
    rendered_text,
)
from viz.text import WORD_JOINER


def shown(markdown: str) -> str:
    """The text a reader sees of ``markdown`` (the invisible word joiners left out)."""
    return rendered_text(markdown)[1].replace(WORD_JOINER, "")


def assert_inert(markdown: str) -> None:
    """No link, image, autolink, HTML or short code in what ``markdown`` renders to."""
    types, text = rendered_text(markdown)
    assert not LINK_TOKENS & set(types), (markdown, types)
    for pattern in [*GFM_LITERALS, *SHORT_CODES]:
        assert not pattern.search(text), (markdown, text)
