"""Where incidents come from, in words: full citations and the one-line source of an image.

The curated incidents name their source by its id in the source register
(``data/sources.csv``: title, publisher, date, address); an imported incident carries the
source text of its file (ACLED's ``source``, UCDP's article) and the file's format.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from i18n import _, format_number, ngettext
from incidents.importers.detect import LABELS
from incidents.load import DATA_DIR

SOURCES_FILE = DATA_DIR / "sources.csv"
MAX_NAMED_SOURCES = 3


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> pd.DataFrame:
    del mtime  # part of the cache key only: an edited register is read again
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return table.set_index("id", drop=False)


def read_sources(path: Path = SOURCES_FILE) -> pd.DataFrame:
    """The source register, one row per source id (text columns; "" when empty)."""
    return _read(path, path.stat().st_mtime)


def citation(source: str, sources: pd.DataFrame) -> str:
    """The full reference of ``source``: title, publisher, date and address from the register,
    or the source text itself when the register does not hold it (imported data)."""
    if source not in sources.index:
        return str(source).strip()
    row = sources.loc[source]
    parts = [row["title"], row["publisher"], row["published"]]
    text = ". ".join(part.strip() for part in parts if part.strip())
    return f"{text}. {row['url'].strip()}" if row["url"].strip() else text


def _publisher(source: str, source_format: str, sources: pd.DataFrame) -> str:
    if source in sources.index and sources.loc[source, "publisher"].strip():
        return sources.loc[source, "publisher"].strip()
    return LABELS.get(source_format, "") if source_format != "native" else str(source).strip()


def source_line(incidents: pd.DataFrame, dataset: str, sources: pd.DataFrame) -> str:
    """'Sources: Amnesty International, … (dataset curated). Figures: at least those stated.'

    Publishers are named most cited first; an imported file's rows are named by its format.
    """
    formats = incidents.get("source_format")
    pairs = zip(
        incidents["source"].astype(str),
        formats.astype(str) if formats is not None else [""] * len(incidents),
        strict=True,
    )
    counts = Counter(name for s, f in pairs if (name := _publisher(s, f, sources)))
    named = [name for name, _count in counts.most_common(MAX_NAMED_SOURCES)]
    others = len(counts) - len(named)
    if not named:
        return _("Dataset {dataset}. Figures: at least those the sources state.").format(
            dataset=dataset
        )
    if others:
        names = ngettext("{names} and {n} other", "{names} and {n} others", others).format(
            names=", ".join(named), n=format_number(others)
        )
    else:
        names = ", ".join(named)
    return _(
        "Sources: {names} (dataset {dataset}). Figures: at least those the sources state."
    ).format(names=names, dataset=dataset)
