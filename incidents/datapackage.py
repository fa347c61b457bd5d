"""A view as a Frictionless Data Package: the rows, their schema, sources, filter and citation.

``package_files`` returns the files of the package of one filtered view, by name:

- ``incidents.csv`` and ``incidents.geojson``: exactly the view's rows (``incidents.export``);
- ``figures.csv``: every figure of those incidents, per source (``incidents.figures``);
- ``sources.csv``: the records of the documents they come from (``incidents.sources``);
- ``datapackage.json``: the descriptor (https://specs.frictionlessdata.io/data-package/): the
  schema of every CSV field (type, description, missing values, allowed values), the sources,
  the licences, and the properties a reader needs to trust and cite the file:
  ``dataset`` (its name), ``version`` (``dataset_version``: a hash of the whole dataset's
  content, so two exports of the same data carry the same version), ``created`` (export time,
  UTC), ``filter`` (in words and as the dashboard's query parameters), ``homepage`` (the view's
  link) and ``citation`` (the suggested citation, ``incidents.sources.cite_view``).

``write_package`` puts the files in a directory and ``package_zip`` in one zip archive (the
dashboard's download); each file's ``hash`` and ``bytes`` in the descriptor let the validator
check that nothing was changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from i18n import N_, _, ngettext
from incidents import model
from incidents.export import (
    SOURCE_TITLE_COLUMN,
    URL_COLUMN,
    export_columns,
    spreadsheet_safe,
    to_csv,
    to_geojson,
)
from incidents.figures import (
    FIGURE_COLUMNS,
    NUMBER_COLUMNS,
    QUALIFIERS,
    figures_for,
    read_figures,
)
from incidents.filters import IncidentFilter
from incidents.frame import COORDINATE_COLUMNS, INTEGER_COLUMNS
from incidents.links import export_filename, view_url
from incidents.sources import (
    COVERAGE_SCOPES,
    DATASET_AUTHOR,
    DATASET_TITLE,
    SOURCE_COLUMNS,
    Source,
    cite_view,
    load_sources,
    sources_of,
)
from incidents.store import CURATED

DESCRIPTOR = "datapackage.json"
INCIDENTS_CSV, INCIDENTS_GEOJSON = "incidents.csv", "incidents.geojson"
FIGURES_CSV, SOURCES_CSV = "figures.csv", "sources.csv"
MISSING_VALUES: list[str] = [""]
VERSION_LENGTH = 12

GEODATA_LICENCE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": N_("Place names, coordinates and admin units: GeoNames and geoBoundaries, CC BY 4.0"),
}
# Licences a source record may state, by the words it uses (sources.csv, licence).
KNOWN_LICENCES: dict[str, tuple[str, str]] = {
    "CC BY-NC-ND 4.0": ("CC-BY-NC-ND-4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "CC BY-NC 4.0": ("CC-BY-NC-4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC BY 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
}

# What each exported field means (data/README.md has the long form).
FIELD_DESCRIPTIONS: dict[str, str] = {
    "id": N_("Stable incident id, never reused"),
    "title": N_("Short title written by the curator"),
    "title_fr": N_("The title in French (empty: not translated)"),
    "date_start": N_("First day of the period the source allows"),
    "date_end": N_("Last day of that period (empty: the start date)"),
    "date_precision": N_("How precisely the source dates the incident"),
    "event_type": N_("Event type (ACLED's codebook, plus Judicial developments)"),
    "sub_event_type": N_("Sub-event type within the event type"),
    "perpetrator": N_("Who did it, as the source names them"),
    "perpetrator_type": N_("Actor category of the perpetrator"),
    "victims": N_("Who was targeted, in the source's terms"),
    "location": N_("Place name(s) as written in the source, separated by ';'"),
    "geo_hint": N_("Admin unit or nearby place that tells the geocoder which place is meant"),
    "killed": N_("People killed, as the source states it (empty: not stated, not zero)"),
    "injured": N_("People injured, as the source states it (empty: not stated)"),
    "missing": N_("People missing or forcibly disappeared (empty: not stated)"),
    "detained": N_("People arrested, abducted or held (empty: not stated)"),
    "casualty_note": N_("What the numbers cannot say: 'at least', ranges, who counts"),
    "casualty_note_fr": N_("The casualty note in French (empty: not translated)"),
    "alt_figures": N_("Summary of other sources' figures (each is a row of figures.csv)"),
    "source": N_("Source document: key of sources.csv (or an imported file's source text)"),
    "source_quote": N_("The exact sentence(s) of the source"),
    "quote_translation": N_(
        "A translation of the quote, where we have one (not the source's words)"
    ),
    "quote_translation_language": N_("Language of that translation (BCP 47)"),
    "notes": N_("Corrections of the source's slips and curation decisions"),
    "admin1": N_("Region (official name, from our boundaries)"),
    "admin2": N_("Cercle (empty when the place is coarser)"),
    "admin3": N_("Commune (empty when the place is coarser)"),
    "admin1_pcode": N_("OCHA P-code of the region (ML01-ML10), to join humanitarian data"),
    "admin2_pcode": N_("OCHA P-code of the cercle (e.g. ML0501)"),
    "latitude": N_("Latitude, decimal degrees WGS84 (empty: no place)"),
    "longitude": N_("Longitude, decimal degrees WGS84 (empty: no place)"),
    "geo_precision": N_("How precisely the place is known: point to country (not drawn)"),
    "source_event_id": N_("The imported file's own event id"),
    "source_admin1": N_("Region as the imported file names it"),
    "source_admin2": N_("Second-level unit as the imported file names it"),
    "source_admin3": N_("Third-level unit as the imported file names it"),
    "killed_low": N_("The imported file's low estimate of people killed (UCDP)"),
    "killed_high": N_("The imported file's high estimate of people killed (UCDP)"),
    "source_format": N_("Format of the imported file (acled, ucdp, native)"),
    "source_row": N_("Row of the imported file"),
    URL_COLUMN: N_("Permalink of the incident on the dashboard"),
    SOURCE_TITLE_COLUMN: N_("The source document's title and publisher (sources.csv)"),
    # figures.csv
    "incident_id": N_("The incident (id in incidents.csv)"),
    "source_id": N_("Key into sources.csv when the figure comes from one of our documents"),
    "measure": N_("What is counted: killed, injured, missing or detained"),
    "low": N_("Lower bound, or the number of 'at least N'"),
    "best": N_("The figure given as exact"),
    "high": N_("Upper bound of a range"),
    "qualifier": N_("The words around the number: at least, more than, about, hundreds..."),
    "quote": N_("The exact words that give the figure, where we have them"),
    "reported": N_("When the figure was published (ISO, as precise as known)"),
    "scope": N_("Empty: the whole incident; else the part or wider total the figure covers"),
    # sources.csv
    "publisher": N_("The organisation that published the document"),
    "author": N_("A named author (empty: the publisher is the author)"),
    "published": N_("Publication date, ISO, as precise as known"),
    "url_checked": N_("When and how the address was checked"),
    "language": N_("Language of our copy (BCP 47)"),
    "licence": N_("Licence the document states"),
    "coverage_start": N_("First day of the period the document reports on"),
    "coverage_end": N_("Last day of the period the document reports on"),
    "coverage_area": N_("Area the document reports on"),
    "coverage_scope": N_("How completely it covers that period and area"),
}
# Per table, the fields whose descriptions differ from an incident field of the same name.
_SOURCE_FIELD_DESCRIPTIONS: dict[str, str] = {
    "id": N_("The document's file name: the key incidents and figures refer to"),
    "title": N_("The document's title as published"),
    "url": N_("Published address, checked (empty when none was found)"),
    "notes": N_("What the reader of the document must know"),
}
_FIGURE_FIELD_DESCRIPTIONS: dict[str, str] = {
    "source": N_("Who gives the figure"),
    "notes": N_("Where the figure was read, how it was derived, why it may differ"),
}

# Allowed values of coded fields, checked by the validator.
_ENUMS: dict[str, Sequence[str]] = {
    "date_precision": model.DATE_PRECISIONS,
    "event_type": tuple(model.EVENT_TYPES),
    "perpetrator_type": model.PERPETRATOR_TYPES,
    "geo_precision": model.GEO_PRECISIONS,
    "measure": model.COUNT_FIELDS,
    "qualifier": tuple(q for q in QUALIFIERS if q),
    "coverage_scope": COVERAGE_SCOPES,
}
_DATE_COLUMNS: frozenset[str] = frozenset({*model.DATE_FIELDS, "coverage_start", "coverage_end"})
_INTEGER_COLUMNS: frozenset[str] = frozenset({*INTEGER_COLUMNS, *NUMBER_COLUMNS})


def _field(name: str, overrides: Mapping[str, str] | None = None) -> dict[str, object]:
    description = (overrides or {}).get(name) or FIELD_DESCRIPTIONS.get(name, "")
    field: dict[str, object] = {"name": name, "type": "string"}
    if name in _DATE_COLUMNS:
        field["type"] = "date"
    elif name in _INTEGER_COLUMNS:
        field["type"] = "integer"
        field["constraints"] = {"minimum": 0}
    elif name in COORDINATE_COLUMNS:
        field["type"] = "number"
    elif name == URL_COLUMN:
        field["format"] = "uri"
    if name in _ENUMS:
        field["constraints"] = {"enum": list(_ENUMS[name])}
    if description:
        field["description"] = _(description)
    return field


def _schema(
    columns: Sequence[str], key: str | None = None, overrides: Mapping[str, str] | None = None
) -> dict[str, object]:
    schema: dict[str, object] = {
        "fields": [_field(c, overrides) for c in columns],
        "missingValues": MISSING_VALUES,
    }
    if key:
        schema["primaryKey"] = [key]
    return schema


def dataset_version(incidents: pd.DataFrame) -> str:
    """A hash of the dataset's content (its rows in id order, without links): the version."""
    ordered = incidents.sort_values("id", kind="stable")
    columns = [c for c in export_columns(incidents) if c != URL_COLUMN]
    digest = hashlib.sha256(to_csv(ordered, columns).encode("utf-8"))
    return digest.hexdigest()[:VERSION_LENGTH]


def filter_words(selection: IncidentFilter) -> str:
    """The filter in words, as the package and the citation state it."""
    parts = selection.describe_parts()
    return "; ".join(parts) if parts else _("no filter: the whole dataset")


def view_citation(
    dataset_incidents: pd.DataFrame,
    selection: IncidentFilter,
    dataset: str = CURATED,
    *,
    accessed: date,
    base: str | None = None,
    sources: Mapping[str, Source] | None = None,
) -> str:
    """The suggested citation of a view: filter, count, dataset version, link and sources."""
    view = selection.apply(dataset_incidents)
    records = sources_of(view["source"], load_sources() if sources is None else sources)
    link = view_url(base, selection, dataset)
    version = dataset_version(dataset_incidents)
    return cite_view(filter_words(selection), len(view), link, accessed, version, records)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return spreadsheet_safe(str(value))


def _table_csv(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> str:
    """A table as CSV, like the incidents': CRLF line ends, formula-like text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _figure_rows(figures: pd.DataFrame) -> list[dict[str, object]]:
    rows = figures[list(FIGURE_COLUMNS)].astype(object).to_dict("records")
    return [{c: None if pd.isna(v) else v for c, v in row.items()} for row in rows]


def _licences(sources: Sequence[Source]) -> list[dict[str, str]]:
    licences = [{**GEODATA_LICENCE, "title": _(GEODATA_LICENCE["title"])}]
    for source in sources:
        for words, (name, path) in KNOWN_LICENCES.items():
            if words in source.licence:
                title = _("Quotes from {source}: {licence}").format(
                    source=source.label, licence=words
                )
                licences.append({"name": name, "path": path, "title": title})
                break
    return licences


def _resource(name: str, path: str, data: bytes, **properties: object) -> dict[str, object]:
    return {
        "name": name,
        "path": path,
        **properties,
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": hashlib.md5(data).hexdigest(),  # the spec's default algorithm, not for security
    }


def package_files(
    dataset_incidents: pd.DataFrame,
    selection: IncidentFilter,
    dataset: str = CURATED,
    *,
    base: str | None = None,
    created: datetime | None = None,
    figures: pd.DataFrame | None = None,
    sources: Mapping[str, Source] | None = None,
) -> dict[str, bytes]:
    """The package of the view ``selection`` of a dataset, as {file name: content}.

    ``dataset_incidents`` is the whole dataset (its version is hashed from it); ``figures`` and
    ``sources`` default to the project's tables.
    """
    created = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    catalogue = load_sources() if sources is None else sources
    view = selection.apply(dataset_incidents)
    records = sources_of(view["source"], catalogue)
    view_figures = figures_for(view, read_figures().figures if figures is None else figures)
    columns = export_columns(view)

    incidents_csv = to_csv(view, columns, dataset=dataset, base=base).encode("utf-8")
    geojson = to_geojson(view, columns, dataset=dataset, base=base).encode("utf-8")
    figures_csv = _table_csv(_figure_rows(view_figures), FIGURE_COLUMNS).encode("utf-8")
    sources_csv = _table_csv([vars(s) for s in records], SOURCE_COLUMNS).encode("utf-8")

    version = dataset_version(dataset_incidents)
    link = view_url(base, selection, dataset)
    words = filter_words(selection)
    count = len(view)
    citation = view_citation(
        dataset_incidents, selection, dataset, accessed=created.date(), base=base,
        sources=catalogue,
    )  # fmt: skip
    selection_words = ngettext("{n} incident", "{n} incidents", count).format(n=count)
    descriptor = {
        "name": Path(export_filename(selection, "x", dataset)).stem.replace("_", "-"),
        "title": _("{dataset}: {selection} ({filter})").format(
            dataset=_(DATASET_TITLE), selection=selection_words, filter=words
        ),
        "description": _(
            "Incidents of the dataset {dataset} kept by the filter: {filter}. Counts are the "
            "figures the incident's own source states (minimums where it says 'at least'); "
            "figures.csv gives every source's figure."
        ).format(dataset=dataset, filter=words),
        "version": version,
        "created": created.isoformat().replace("+00:00", "Z"),
        "homepage": link,
        "contributors": [{"title": _(DATASET_AUTHOR), "role": "author"}],
        "licenses": _licences(records),
        "sources": [{"title": s.label, **({"path": s.url} if s.url else {})} for s in records],
        "keywords": ["Mali", "human rights", "incidents"],
        "dataset": dataset,
        "filter": {"description": words, "query": selection.to_query_params()},
        "citation": citation,
        "resources": [
            _resource(
                "incidents", INCIDENTS_CSV, incidents_csv,
                profile="tabular-data-resource", format="csv", mediatype="text/csv",
                dialect={"lineTerminator": "\r\n"}, schema=_schema(columns, key="id"),
            ),
            _resource(
                "incidents-geojson", INCIDENTS_GEOJSON, geojson,
                format="geojson", mediatype="application/geo+json",
                description=_("The same incidents as GeoJSON (null geometry: no place)"),
            ),
            _resource(
                "figures", FIGURES_CSV, figures_csv,
                profile="tabular-data-resource", format="csv", mediatype="text/csv",
                dialect={"lineTerminator": "\r\n"},
                schema=_schema(FIGURE_COLUMNS, overrides=_FIGURE_FIELD_DESCRIPTIONS),
            ),
            _resource(
                "sources", SOURCES_CSV, sources_csv,
                profile="tabular-data-resource", format="csv", mediatype="text/csv",
                dialect={"lineTerminator": "\r\n"},
                schema=_schema(SOURCE_COLUMNS, key="id", overrides=_SOURCE_FIELD_DESCRIPTIONS),
            ),
        ],
    }  # fmt: skip
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return {
        DESCRIPTOR: text.encode("utf-8"),
        INCIDENTS_CSV: incidents_csv,
        INCIDENTS_GEOJSON: geojson,
        FIGURES_CSV: figures_csv,
        SOURCES_CSV: sources_csv,
    }


def write_package(files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write the package's files into ``out_dir`` (created if needed); their paths."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def package_zip(files: Mapping[str, bytes]) -> bytes:
    """The package as one zip archive, ``datapackage.json`` first (the dashboard's download)."""
    buffer = io.BytesIO()
    names = sorted(files, key=lambda n: (n != DESCRIPTOR, n))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, files[name])
    return buffer.getvalue()
