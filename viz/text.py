"""Text from data or users made inert for Streamlit's Markdown (messages, captions, labels).

``inert_markdown`` returns text that Streamlit's Markdown renderer (react-markdown with
remark-gfm) shows exactly as written: no link, image, autolink, HTML, emphasis, heading, list,
colour or icon directive, emoji short code or formula. Two things are needed:

- every ASCII punctuation mark is backslash-escaped (CommonMark lets any of them be), which
  disarms all Markdown syntax, ``<...>`` autolinks and raw HTML;
- remark-gfm also turns *bare* URLs and e-mail addresses into links after escapes are
  resolved (``http\\:\\/\\/`` is still ``http://`` to it), and emoji and icon short codes
  (``:smile:``, ``:material/home:``) are replaced in the same late way, so a word joiner
  (U+2060, invisible and never a line break) is put after ``http``/``https``/``www``, before
  ``@`` and after a ``:`` followed by a word, where none of them matches.

Runs of whitespace, line breaks included, become one space: a message is one paragraph.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Where remark-gfm's literal autolinks start (a scheme before "://", "www" before ".", the "@"
# of an e-mail address) and where a short code starts (":" then a word).
_AUTOLINK_OR_SHORT_CODE_STARTS = re.compile(r"(?i)(?:https?(?=:)|www(?=\.))|(?=@)|:(?=[\w+-])")


def inert_markdown(text: object) -> str:
    """``text`` as Markdown that renders as exactly that text, on one line (see module)."""
    flat = " ".join(str(text).split())
    broken = _AUTOLINK_OR_SHORT_CODE_STARTS.sub(lambda m: m.group(0) + WORD_JOINER, flat)
    return _ASCII_PUNCTUATION.sub(r"\\\1", broken)
