"""A Babel extractor for the model's vocabularies, so each code is defined once, in the model.

``incidents.model.VOCABULARIES`` holds the stored codes (ACLED's English event types, our
precision words, ...). Rather than repeat every code under a gettext marker, ``babel.cfg`` runs
this extractor on ``incidents/model.py``: it yields one ``pgettext(vocabulary, code)`` entry per
code, which is how the dashboard translates them (``incidents.model.label``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any


def extract_vocabularies(
    fileobj: IO[bytes],  # noqa: ARG001 - Babel's extractor signature; the model is imported
    keywords: Any,  # noqa: ARG001
    comment_tags: Any,  # noqa: ARG001
    options: Any,  # noqa: ARG001
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    from incidents.model import VOCABULARIES

    for vocabulary, codes in VOCABULARIES.items():
        for code in codes:
            yield 1, "pgettext", (vocabulary, code), [f"stored {vocabulary} code"]


def extract_place_kinds(
    fileobj: IO[bytes],  # noqa: ARG001 - as above
    keywords: Any,  # noqa: ARG001
    comment_tags: Any,  # noqa: ARG001
    options: Any,  # noqa: ARG001
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """The gazetteer's kinds of place (``geo.gazetteer.PLACE_KINDS``), as the geocoder's notes
    name them ("village Farabougou")."""
    from geo.gazetteer import PLACE_KINDS

    for kind in PLACE_KINDS:
        yield 1, "pgettext", ("place kind", kind), ["a kind of place, before its name"]
