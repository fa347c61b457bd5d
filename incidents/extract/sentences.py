"""Report text cut into paragraphs and sentences."""

from __future__ import annotations

import re

from geo.normalize import normalize

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "gen", "col", "lt", "capt", "sgt", "m",
                  "mme", "e.g", "i.e", "etc", "vs", "u.n", "jan", "feb", "aug", "sept", "oct",
                  "nov", "dec"}  # fmt: skip
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(«]?[A-ZÀ-Ý0-9])")


def paragraphs(text: str) -> list[str]:
    """Blocks of text; a line ending a sentence ends its paragraph, repeated lines are dropped
    (page headings repeated through an extracted report)."""
    blocks: list[str] = []
    current: list[str] = []
    seen: set[str] = set()
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        key = normalize(line)
        if not line or (key in seen and len(line) < 120):
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        seen.add(key)
        current.append(line)
        if line.endswith((".", "!", "?", ".”", '."', "»")):
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


_ELISION = re.compile(r"\s*\[(?:…|\.\.\.)\]\s*")


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences; a cut marked "[…]" ends one too."""
    return [s for part in _ELISION.split(paragraph) for s in _sentences(part)]


def _sentences(paragraph: str) -> list[str]:
    parts, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip('.!?"”’)')
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        parts.append(paragraph[start : match.start()].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]
