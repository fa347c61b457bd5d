"""``inert_markdown`` against Markdown/HTML payloads, rendered as Streamlit would render them.

Streamlit renders messages with react-markdown and remark-gfm. The closest Python renderer is
markdown-it-py (CommonMark) with GFM tables and strikethrough, and linkify-it for literal
autolinks (without its fuzzy bare domains, which GFM does not link). remark-gfm also links
URLs and e-mails found in the final text (after escapes are resolved): ``GFM_LITERALS`` are
the patterns of mdast-util-gfm-autolink-literal, checked on the rendered text, and so do
emoji and icon short codes (``SHORT_CODES``).
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from viz.text import WORD_JOINER, inert_markdown

PAYLOADS = [
    "![x](http://HOST/hit.png)",
    "![x][ref]\n\n[ref]: http://HOST/hit.png",
    '![alt](http://HOST/hit.png "title")',
    "[click](http://evil.example)",
    "[click](javascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[a][b]\n[b]: http://evil.example",
    "[click](<http://evil.example>)",
    "[![img](http://h/i.png)](http://evil.example)",
    "<http://evil.example>",
    "<https://evil.example/path?q=1>",
    "<mailto:someone@evil.example>",
    "<someone@evil.example>",
    "http://evil.example",
    "https://evil.example/a?b=c#d",
    "HTTP://EVIL.EXAMPLE",
    "hTTpS://evil.example",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE/path",
    "visit www.evil.example/x today",
    "(http://evil.example)",
    "x http://evil.example y",
    "someone@evil.example",
    "mailto:someone@evil.example",
    "xmpp:someone@evil.example",
    "first.last+tag@evil.example.org",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="http://HOST/hit.png">',
    "<iframe src=http://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<a href='http://evil.example'>x</a>",
    "<details open ontoggle=alert(1)>",
    "<!-- comment -->",
    "<style>body{display:none}</style>",
    "<b>bold</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x&#62;",
    "&#x3C;b&#x3E;",
    "**bold** _it_ ~~gone~~",
    "`code` ``more``",
    "# Heading",
    "## Heading",
    "> quote",
    "- item\n- item",
    "1. item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "---",
    "    indented code",
    "```\nfenced\n```",
    "line one\n\nline two",
    "trailing  \nbreak",
    ":red[alert]",
    ":material/warning:",
    ":smile:",
    ":+1: :-1: :thumbs_up:",
    "at 10:30:45",
    ":blue-background[x]",
    "$x^2$",
    "$$\\int x$$",
    "[^1]\n\n[^1]: note",
    "\\[escaped\\](http://evil.example)",
    "\\\\[x](http://evil.example)",
    "[x](http://evil.example){target=_blank}",
    "[x](http://evil.example\\)",
    "![x](data:image/png;base64,AAAA)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](//evil.example)",
    "[x](/relative)",
    "[x](#anchor)",
    "[x]: http://evil.example",
    "ftp://evil.example",
    "http://127.0.0.1:8501/",
    "http://[::1]/",
    "https://evil.example/%3Cscript%3E",
    "javascript:alert(document.cookie)",
    '=HYPERLINK("http://evil.example","x")',
    "Ségou & Mopti < Kayes > Gao",
    "50% of 3 * 4 = 12 #tag @user",
    "C:\\Users\\x\\file.csv",
    "../../etc/passwd",
    "Ｈｔｔｐ：／／ｅｘ．ｃｏｍ",
    "http\u200b://evil.example",
    "a\u2060b",
    "",
    "   ",
    "\ud83d\ude00 emoji",
]

LINK_TOKENS = {"link_open", "image", "html_inline", "html_block", "autolink"}
GFM_LITERALS = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),
    re.compile(r"(?<![-.\w+])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
]

SHORT_CODES = [re.compile(r":[\w+-]+:"), re.compile(r":material/[a-z0-9_]+:")]


def renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True, "fuzzy_ip": False})
    return md


RENDERER = renderer()


def rendered_text(markdown: str) -> tuple[list[str], str]:
    """The token types the Markdown renders to, and the text a reader sees."""
    tokens = RENDERER.parse(markdown)
    types = [t.type for t in tokens]
    text = ""
    for token in tokens:
        for child in token.children or []:
            types.append(child.type)
            text += child.content if child.type == "text" else ""
    return types, text


def test_the_renderer_links_what_streamlit_links():
    """The check is only worth something if the unescaped payloads do render as links."""
    for payload in ["![x](http://h/x.png)", "<http://h>", "http://h.org", "<b>x</b>"]:
        types, _ = rendered_text(payload)
        assert LINK_TOKENS & set(types), payload
    _, text = rendered_text("www.evil.example and a@b.org")
    assert all(pattern.search(text) for pattern in GFM_LITERALS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_render_as_their_own_text_without_links_images_or_html(payload):
    markdown = inert_markdown(payload)
    types, text = rendered_text(markdown)
    assert set(types) <= {"paragraph_open", "inline", "paragraph_close", "text"}, types
    assert text.replace(WORD_JOINER, "") == " ".join(payload.replace(WORD_JOINER, "").split())
    for pattern in [*GFM_LITERALS, *SHORT_CODES]:
        assert not pattern.search(text), (payload, text)
    assert "\n" not in markdown


def test_plain_text_is_unchanged_but_for_escapes():
    assert inert_markdown("Ségou Mopti") == "Ségou Mopti"
    assert inert_markdown("Ségou  Mopti\nKayes") == "Ségou Mopti Kayes"
    assert inert_markdown(42) == "42"
    assert inert_markdown("a.b") == "a\\.b"
