"""Source documents as records: labels, suggested citations, CSL-JSON and BibTeX.

``data/sources.csv`` (documented in ``data/README.md``) has one row per document in
``data/sources/``, keyed by its file name. The file name is only a key: a person always reads
the document's title and publisher (``source_label``). An imported dataset names its sources in
free text (a UCDP article, "ACLED"); such a source has no record and is shown as its text.

Citations follow APA 7 (author-date): author or publisher, date, title, publisher when it is not
the author, "Retrieved <access date>, from <link>". Dates are written in the reader's language
(``i18n.format_day``), which is APA-like rather than APA's "2021, April 7".
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

import pandas as pd

from i18n import N_, _, format_day, format_month, format_number, ngettext
from incidents.errors import DROPPED, RowError, error_frame
from incidents.load import DATA_DIR, IncidentDataError
from incidents.schema import FIRST_DATA_ROW

SOURCES_PATH = DATA_DIR / "sources.csv"

# How completely a document covers its period and area (data/README.md, coverage_scope).
COUNTRY_SURVEY, SINGLE_CASE, COMPILATION = "country survey", "single case", "compilation"
COVERAGE_SCOPES: tuple[str, ...] = (COUNTRY_SURVEY, SINGLE_CASE, COMPILATION)
COVERAGE_SCOPE_WORDS: dict[str, str] = {
    COUNTRY_SURVEY: N_("survey of the whole country"),
    SINGLE_CASE: N_("a single case"),
    COMPILATION: N_("our compilation"),
}

# The dataset as a citable work: its title and who curates it.
DATASET_TITLE = N_("Mali human-rights incidents")
DATASET_AUTHOR = N_("Mali incident map project")

_PARTIAL_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))
# Characters a URL keeps as they are in a BibTeX url field (braces, backslashes and spaces are
# percent-encoded so the field stays balanced and verbatim).
_URL_SAFE = ":/?&=#%+,;@!$'()*~._-"


@dataclass(frozen=True)
class Source:
    """One source document (a row of sources.csv)."""

    id: str
    title: str
    publisher: str
    author: str
    published: str  # ISO date, as precise as known: 2021-04-07, 2025-04, 2025
    url: str
    url_checked: str
    language: str
    licence: str
    coverage_start: date | None
    coverage_end: date | None
    coverage_area: str
    coverage_scope: str
    notes: str

    @property
    def label(self) -> str:
        """'title — publisher', as every page shows a source."""
        return f"{self.title} — {self.publisher}"

    @property
    def creator(self) -> str:
        """Who a citation names first: the named author, else the publisher (corporate)."""
        return self.author or self.publisher


SOURCE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Source))
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "title", "publisher")


@dataclass(frozen=True)
class SourceCatalogue:
    """The source records by id, and the rows that could not be read (``error_frame``)."""

    sources: Mapping[str, Source]
    errors: pd.DataFrame


def read_records(path: Path, columns: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """A small CSV table as (spreadsheet row number, cells) pairs; every column required.

    A file that is not a readable UTF-8 CSV with those columns raises ``IncidentDataError``.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IncidentDataError(
            _("cannot read {file}: {reason}").format(file=Path(path).name, reason=exc)
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise IncidentDataError(
            _("{file} is missing column(s) {columns}").format(
                file=Path(path).name, columns=", ".join(missing)
            )
        )
    try:
        return [
            (row, {k: (v or "").strip() for k, v in cells.items() if k is not None})
            for row, cells in enumerate(reader, start=FIRST_DATA_ROW)
        ]
    except csv.Error as exc:
        raise IncidentDataError(
            _("{file} is not valid CSV: {reason}").format(file=Path(path).name, reason=exc)
        ) from None


def is_partial_iso_date(text: str) -> bool:
    """``2021-04-07``, ``2021-04`` or ``2021``, and a real date."""
    if not _PARTIAL_ISO.fullmatch(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        return False
    return True


def _source(row: int, cells: dict[str, str]) -> tuple[Source | None, list[RowError]]:
    def error(column: str, message: str, code: str) -> RowError:
        return RowError(row, column, cells[column], message, code, DROPPED)

    errors = [
        error(c, _("{column} is required").format(column=c), "required")
        for c in REQUIRED_COLUMNS
        if not cells[c]
    ]
    dates: dict[str, date | None] = {}
    for column in ("coverage_start", "coverage_end"):
        try:
            dates[column] = date.fromisoformat(cells[column]) if cells[column] else None
        except ValueError:
            errors.append(error(column, _("not an ISO date (YYYY-MM-DD)"), "bad_date"))
    if cells["published"] and not is_partial_iso_date(cells["published"]):
        message = _("not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        errors.append(error("published", message, "bad_date"))
    if cells["coverage_scope"] and cells["coverage_scope"] not in COVERAGE_SCOPES:
        message = _("not one of: {values}").format(values=", ".join(COVERAGE_SCOPES))
        errors.append(error("coverage_scope", message, "unknown_value"))
    start, end = dates.get("coverage_start"), dates.get("coverage_end")
    if start and end and end < start:
        message = _("the end of the coverage is before its start")
        errors.append(error("coverage_end", message, "date_order"))
    if errors:
        return None, errors
    source = Source(
        id=cells["id"],
        title=cells["title"],
        publisher=cells["publisher"],
        author=cells["author"],
        published=cells["published"],
        url=cells["url"],
        url_checked=cells["url_checked"],
        language=cells["language"],
        licence=cells["licence"],
        coverage_start=start,
        coverage_end=end,
        coverage_area=cells["coverage_area"],
        coverage_scope=cells["coverage_scope"],
        notes=cells["notes"],
    )
    return source, []


def read_sources(path: str | os.PathLike[str] | None = None) -> SourceCatalogue:
    """Read and check sources.csv (default: the project's); bad rows are left out, reported."""
    records: dict[str, Source] = {}
    errors: list[RowError] = []
    for row, cells in read_records(Path(path or SOURCES_PATH), SOURCE_COLUMNS):
        if not any(cells.values()):
            continue
        record, problems = _source(row, cells)
        if record is not None and record.id in records:
            message = _("an id already used by an earlier row")
            problems = [RowError(row, "id", record.id, message, "duplicate_id", DROPPED)]
        errors.extend(problems)
        if record is not None and not problems:
            records[record.id] = record
    return SourceCatalogue(records, error_frame(errors))


@functools.cache
def _project_sources() -> Mapping[str, Source]:
    return MappingProxyType(dict(read_sources().sources))  # shared: read-only


def load_sources(path: str | os.PathLike[str] | None = None) -> Mapping[str, Source]:
    """The source records by id (the project's file is read once per process)."""
    return read_sources(path).sources if path is not None else _project_sources()


def source_label(source_id: str, sources: Mapping[str, Source] | None = None) -> str:
    """'title — publisher' for a source with a record; the source's own text otherwise."""
    record = (load_sources() if sources is None else sources).get(source_id)
    return record.label if record is not None else source_id


def sources_of(
    source_ids: Iterable[str], sources: Mapping[str, Source] | None = None
) -> list[Source]:
    """The records behind a view's ``source`` values, once each, in id order."""
    catalogue = load_sources() if sources is None else sources
    return [catalogue[i] for i in sorted(set(source_ids)) if i in catalogue]


def with_source_columns(
    incidents: pd.DataFrame, sources: Mapping[str, Source] | None = None
) -> pd.DataFrame:
    """``incidents`` with ``source_title`` ('title — publisher', or the source's own text) and
    ``source_url`` (the record's address, "" when none), so a page never shows a file name."""
    catalogue = load_sources() if sources is None else sources
    keys = incidents["source"].fillna("").astype(str)
    joined = incidents.copy()
    joined["source_title"] = [source_label(k, catalogue) for k in keys]
    joined["source_url"] = [catalogue[k].url if k in catalogue else "" for k in keys]
    return joined


def sources_table(
    incidents: pd.DataFrame, sources: Mapping[str, Source] | None = None
) -> pd.DataFrame:
    """The sources behind ``incidents``, most cited first: ``source_title``, ``publisher``,
    ``published``, ``source_url``, ``coverage_start``/``coverage_end`` (the period each
    reports on), ``coverage_scope`` and ``incidents`` (how many rows cite it)."""
    catalogue = load_sources() if sources is None else sources
    counts = incidents["source"].fillna("").astype(str).value_counts(sort=True)
    rows = []
    for key, count in counts.items():
        record = catalogue.get(key)
        rows.append(
            {
                "source_title": record.title if record else key,
                "publisher": record.publisher if record else "",
                "published": record.published if record else "",
                "source_url": record.url if record else "",
                "coverage_start": record.coverage_start if record else None,
                "coverage_end": record.coverage_end if record else None,
                "coverage_scope": record.coverage_scope if record else "",
                "incidents": int(count),
            }
        )
    columns = ["source_title", "publisher", "published", "source_url", "coverage_start",
               "coverage_end", "coverage_scope", "incidents"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


MAX_NAMED_SOURCES = 3


def _publisher(source: str, source_format: str, sources: Mapping[str, Source]) -> str:
    record = sources.get(source)
    if record is not None and record.publisher:
        return record.publisher
    from incidents.importers.detect import LABELS  # the importers need this module's neighbours

    return LABELS.get(source_format, "") if source_format != "native" else str(source).strip()


def source_line(
    incidents: pd.DataFrame, dataset: str, sources: Mapping[str, Source] | None = None
) -> str:
    """'Sources: Amnesty International, … (dataset curated). Figures: at least those stated.'

    The line under an image of a view: publishers most cited first; an imported file's rows
    are named by its format.
    """
    catalogue = load_sources() if sources is None else sources
    formats = incidents.get("source_format")
    pairs = zip(
        incidents["source"].astype(str),
        formats.astype(str) if formats is not None else [""] * len(incidents),
        strict=True,
    )
    counts = Counter(name for s, f in pairs if (name := _publisher(s, f, catalogue)))
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


# -- citations ----------------------------------------------------------------------------------


def _date_parts(text: str) -> list[int]:
    return [int(p) for p in text.split("-")] if text and is_partial_iso_date(text) else []


def published_words(text: str) -> str:
    """A publication date as precise as known, in the reader's language ("n.d." if none)."""
    parts = _date_parts(text)
    if len(parts) == 3:
        return format_day(date(*parts))
    if len(parts) == 2:
        return format_month(date(parts[0], parts[1], 1))
    if parts:
        return str(parts[0])
    return _("n.d.")


def cite_source(source: Source, accessed: date | None = None) -> str:
    """The source in APA-like style; with ``accessed``, its retrieval date and link."""
    publisher = source.publisher if source.author else ""
    text = _("{creator} ({published}). {title}.").format(
        creator=source.creator, published=published_words(source.published), title=source.title
    )
    if publisher:
        text += " " + _("{publisher}.").format(publisher=publisher)
    if source.url:
        if accessed is None:
            text += " " + source.url
        else:
            text += " " + _("Retrieved {accessed}, from {url}").format(
                accessed=format_day(accessed), url=source.url
            )
    return text


def cite_source_id(source_id: str, sources: Mapping[str, Source] | None = None) -> str:
    """The full reference of a source by id, or the source text itself (imported data)."""
    record = (load_sources() if sources is None else sources).get(source_id)
    return cite_source(record) if record is not None else str(source_id).strip()


def cite_incident(
    incident: Mapping[str, object],
    url: str,
    accessed: date,
    version: str,
    sources: Mapping[str, Source] | None = None,
) -> str:
    """An incident of the dataset, with its permalink, and the document it comes from."""
    entry = _(
        "{author} (n.d.). {incident_id}: {title} [Data set entry]. In {dataset} (version "
        "{version}). Retrieved {accessed}, from {url}"
    ).format(
        author=_(DATASET_AUTHOR),
        incident_id=incident["id"],
        title=incident["title"],
        dataset=_(DATASET_TITLE),
        version=version,
        accessed=format_day(accessed),
        url=url,
    )
    source_id = str(incident.get("source") or "")
    record = (load_sources() if sources is None else sources).get(source_id)
    cited = cite_source(record) if record is not None else source_id
    return entry + " " + _("Source: {source}").format(source=cited) if cited else entry


def cite_view(
    description: str,
    count: int,
    url: str,
    accessed: date,
    version: str,
    sources: Iterable[Source] = (),
) -> str:
    """A filtered view of the dataset (``description``: the filter in words), with its link."""
    selection = ngettext("{n} incident", "{n} incidents", count).format(n=count)
    text = _(
        "{author} (n.d.). {dataset}: {selection} ({description}) [Data set, version "
        "{version}]. Retrieved {accessed}, from {url}"
    ).format(
        author=_(DATASET_AUTHOR),
        dataset=_(DATASET_TITLE),
        selection=selection,
        description=description,
        version=version,
        accessed=format_day(accessed),
        url=url,
    )
    cited = [cite_source(s) for s in sources]
    if cited:
        text += " " + _("Sources: {sources}").format(sources=" ".join(cited))
    return text


# -- reference-manager formats ------------------------------------------------------------------


def _csl_type(source: Source) -> str:
    # sources.csv has no document type: a document with an address is cited as a web page,
    # our own compilation (no address) as a document.
    return "webpage" if source.url else "document"


def csl_item(source: Source, accessed: date | None = None) -> dict[str, object]:
    """One CSL-JSON item (schema: citationstyles.org csl-data.json)."""
    item: dict[str, object] = {
        "id": source.id,
        "type": _csl_type(source),
        "title": source.title,
        "author": [{"literal": source.creator}],
        "publisher": source.publisher,
    }
    parts = _date_parts(source.published)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if source.url:
        item["URL"] = source.url
        if accessed is not None:
            item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    if source.language:
        item["language"] = source.language
    return item


def csl_json(sources: Iterable[Source], accessed: date | None = None) -> str:
    """The sources as a CSL-JSON array (Zotero, Mendeley, pandoc import it)."""
    items = [csl_item(s, accessed) for s in sources]
    return json.dumps(items, ensure_ascii=False, indent=2)


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX's special characters escaped, braces balanced."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_SPECIALS[m.group()], " ".join(text.split()))


def bibtex_key(source_id: str) -> str:
    """A citation key from the id: letters, digits, '-', '_' and ':' only."""
    key = re.sub(r"[^A-Za-z0-9_:-]+", "-", Path(source_id).stem).strip("-")
    return key or "source"


def bibtex_entry(source: Source, accessed: date | None = None) -> str:
    """One @misc entry (understood by BibTeX and biblatex); the author in double braces is
    a corporate name, never split into first and last names."""
    values: list[tuple[str, str]] = [
        ("author", "{" + bibtex_escape(source.creator) + "}"),
        ("title", bibtex_escape(source.title)),
        ("publisher", bibtex_escape(source.publisher)),
    ]
    parts = _date_parts(source.published)
    if parts:
        values.append(("year", str(parts[0])))
        values.append(("date", source.published))
    if source.url:
        values.append(("url", quote(source.url, safe=_URL_SAFE)))
        if accessed is not None:
            values.append(("urldate", accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in values)
    return f"@misc{{{bibtex_key(source.id)},\n{body}\n}}\n"


def bibtex(sources: Iterable[Source], accessed: date | None = None) -> str:
    """The sources as a BibTeX file."""
    return "\n".join(bibtex_entry(s, accessed) for s in sources)
