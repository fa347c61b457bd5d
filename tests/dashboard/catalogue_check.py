"""Finding text on a page that bypasses the message catalogue.

A page run in the pseudo-language ``qps`` shows every translated string in ``⟦…⟧``. Every text a
person reads (labels, help, placeholders, options, headers, messages, table headers and cells)
is collected from the rendered element tree; what is left of a text once its bracketed parts,
the data (incident fields, place names, dates as the pages write them, numbers) and punctuation
are taken out must hold no letter. A letter left over is English that no ``_()`` translated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pandas as pd
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

import i18n
from geo.boundaries import admin_units
from i18n import PSEUDO_CLOSE, PSEUDO_OPEN, use_language
from incidents.model import VOCABULARY_COLUMNS

# The proto fields that hold words a person reads (at any depth of an element or block).
TEXT_FIELDS = frozenset({"label", "body", "help", "placeholder", "options", "caption"})
_BRACKETED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LETTER = re.compile(r"[^\W\d_]")


def _clean(text: str) -> str:
    return " ".join(_MD_ESCAPE.sub(r"\1", text).split())


def data_words(incidents: pd.DataFrame, *extra: str) -> set[str]:
    """What a page shows as it is: every text field of the incidents except the vocabulary codes
    (those must go through the catalogue), every admin unit's name, the incidents' dates and
    months as the pages write them in English (the pseudo-language formats as English), the
    language names, and ``extra``."""
    words = {_clean(str(v)) for v in extra}
    words |= {*i18n.LANGUAGE_NAMES.values(), i18n.PSEUDO_LANGUAGE}
    for column in incidents.columns:
        if column in VOCABULARY_COLUMNS or column == "geometry":
            continue
        for value in incidents[column].dropna():
            if isinstance(value, str) and value.strip():
                words.add(_clean(value))
    for level in (1, 2, 3):
        words |= set(admin_units(level)["name"])
    with use_language("en"):
        for column in ("date_start", "date_end"):
            for day in incidents[column].dropna():
                words |= {i18n.format_day(day), i18n.format_month(day)}
    return {w for w in words if w}


def _proto_texts(message: Message) -> Iterator[str]:
    for descriptor, value in message.ListFields():
        if descriptor.name in TEXT_FIELDS:
            if isinstance(value, str):
                yield value
            elif not isinstance(value, Message | bytes):
                yield from (v for v in value if isinstance(v, str))
        if isinstance(value, Message):
            yield from _proto_texts(value)


def _editor_labels(proto: Message) -> Iterator[str]:
    """A data editor's or dataframe's column labels (its column configuration, as JSON)."""
    columns = json.loads(getattr(proto, "columns", "") or "{}")
    for config in columns.values():
        if isinstance(config, dict) and isinstance(config.get("label"), str):
            yield config["label"]


def _table_texts(frame: pd.DataFrame) -> Iterator[str]:
    yield from (str(c) for c in frame.columns)
    for column in frame.columns:
        yield from (v for v in frame[column].dropna() if isinstance(v, str))


def visible_texts(at: AppTest) -> list[str]:
    """Every text of the rendered page a person reads (st_folium and plotly are not ours)."""
    texts: list[str] = []

    def walk(node: object) -> None:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in {"component_instance", "plotly_chart"}:
            return
        if kind == "html" and proto.body.lstrip().startswith("<style>"):
            return  # a stylesheet: nothing a person reads
        if kind in {"dataframe", "arrow_data_frame", "data_editor"}:
            texts.extend(_table_texts(node.value))
            texts.extend(_editor_labels(proto))
        elif isinstance(proto, Message):
            texts.extend(_proto_texts(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [t for t in texts if t.strip()]


def untranslated(texts: Iterable[str], data: set[str]) -> list[str]:
    """The texts with words that are neither bracketed by ``qps`` nor data."""
    by_length = sorted(data, key=len, reverse=True)
    found = []
    for text in texts:
        left = _clean(text)
        while True:  # innermost brackets first: phrases sit inside sentences
            stripped = _BRACKETED.sub(" ", left)
            if stripped == left:
                break
            left = stripped
        for word in by_length:
            if word in left:
                left = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", left)
        if _LETTER.search(left):
            found.append(text)
    return found
