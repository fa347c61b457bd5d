"""Import incidents from ACLED, UCDP GED, our own files or any table a person made (CSV in
any usual encoding, .xlsx).

    result = import_file("mali_acled.csv")          # or read_incidents(bytes, filename)
    result.incidents   # GeoDataFrame with the curated columns plus import extras
    result.errors      # incidents.errors.error_frame (row = spreadsheet row, header = 1)
    result.summary()   # {"format", "rows", "imported", "errors": [one dict per error row]}

    stream = stream_file("africa.csv", progress=print)  # a file too big to hold whole
    store.save_dataset_batches("africa", stream.batches())  # chunk by chunk, ~50,000 rows
    stream.report()    # as result, without the incidents

    preview = preview_table(bytes, filename, mapping={"Village": "location"})
    preview.mapping    # {column: field, "" = kept in notes}, recognised and given
    preview.rows       # the first rows as they would be imported (not yet placed)

A file that cannot be read at all raises ``ImportFileError`` with one sentence for the user;
anything wrong with single rows lands in ``errors`` and never stops the other rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.gazetteer import EXONYMS
from geo.geocoder import split_qualifier
from geo.normalize import name_key, normalize, sound_key
from i18n import _
from incidents.errors import DEFAULTED, DROPPED, KEPT, RowError, error_frame
from incidents.frame import INTEGER_COLUMNS, conform
from incidents.geocoding import (
    Geocoder,
    LearnedPlace,
    PlaceCache,
    attach_places,
    learnable_places,
    learned_key,
    teach_places,
)
from incidents.importers import table as table_format
from incidents.importers.columns import Cells, iter_row_cells
from incidents.importers.detect import (
    FALLBACK,
    FORMATS,
    LABELS,
    canonical_columns,
    check_forced,
    detect_format,
)
from incidents.importers.reading import (
    CHUNK_ROWS,
    ImportFileError,
    TableStream,
    max_upload_bytes,
    stream_table,
)
from incidents.load import records_frame
from incidents.model import IMPORT_FIELDS
from incidents.schema import IncidentRecord, duplicate_id, row_errors

__all__ = [
    "FORMATS",
    "PREVIEW_FIELDS",
    "TARGETS",
    "ImportFileError",
    "ImportReport",
    "ImportResult",
    "IncidentStream",
    "Progress",
    "TablePreview",
    "import_file",
    "max_upload_bytes",
    "preview_table",
    "read_incidents",
    "stream_file",
]

# The fields a column of a person's table can fill (``mapping`` values), in the order a
# mapping step offers them.
TARGETS = table_format.TARGETS
# What a table preview shows of each mapped row.
PREVIEW_FIELDS: tuple[str, ...] = (
    "id", "title", "date_start", "date_end", "date_precision", "event_type", "location",
    "geo_hint", "latitude", "longitude", "killed", "injured", "missing", "detained", "source",
    "source_quote", "notes",
)  # fmt: skip


# Told after each chunk of rows: the data rows read so far, and about how many the file has
# (its line ends, or a workbook's declared rows; None when not known).
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import found, without the incidents themselves."""

    format: str  # acled | ucdp | native | table
    rows: int  # data rows in the file, readable or not
    imported: int  # incidents imported
    errors: pd.DataFrame  # incidents.errors.error_frame
    admin_mismatches: pd.DataFrame  # the file's admin1 disagrees with our polygons
    encoding: str
    delimiter: str
    # A person's table: each column as written -> the field it filled ("" = kept in notes).
    columns: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        errors = [{**e, "row": int(e["row"])} for e in self.errors.to_dict("records")]
        return {
            "format": self.format,
            "rows": self.rows,
            "imported": self.imported,
            "errors": errors,
        }


@dataclass(frozen=True, kw_only=True)
class ImportResult(ImportReport):
    incidents: gpd.GeoDataFrame  # the curated columns plus import extras, in file order


def import_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    geocoder: Geocoder | None = None,
    max_bytes: int | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read and import the file at ``path`` (never modifies it)."""
    return stream_file(path, fmt, geocoder, max_bytes, mapping, progress).result()


def stream_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    geocoder: Geocoder | None = None,
    max_bytes: int | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> IncidentStream:
    """Start importing the file at ``path`` chunk by chunk (``IncidentStream``)."""
    file = Path(path)
    if not file.is_file():
        raise ImportFileError(f"No such file: {file}")
    size = file.stat().st_size
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    if size > max_bytes:  # checked before reading, so a huge file never fills memory
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB, over the "
            f"{max_bytes / 1024 / 1024:.1f} MB import limit."
        )
    table = stream_table(file, file.name, max_bytes, chunk_rows)
    return IncidentStream(table, file.name, fmt, geocoder, mapping, progress)


def read_incidents(
    data: bytes,
    filename: str = "",
    fmt: str = "auto",
    geocoder: Geocoder | None = None,
    max_bytes: int | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a file's bytes: detect or check the format, map the rows, attach places.

    ``mapping`` (``{column as written: field}``, fields of ``TARGETS``; "" or "notes" keeps a
    column in notes) reads the file as a person's table, with those columns named.
    """
    table = stream_table(data, filename, max_bytes)
    return IncidentStream(table, filename, fmt, geocoder, mapping, progress).result()


class IncidentStream:
    """An import read, checked and placed one chunk of rows at a time, so that its memory
    follows the chunk, not the file: ``batches()`` hands out each chunk's incidents (e.g. to
    ``incidents.store.save_dataset_batches``), then ``report()`` says what the whole file
    gave. Each place name is geocoded once for the whole file; ids are unique across chunks;
    the rows of one ACLED event are merged wherever they are in the file (the file is read
    ahead once for its ids). Places the file locates exactly are learned at the end, so they
    never change how the file's own rows are placed.
    """

    def __init__(
        self,
        table: TableStream,
        filename: str = "",
        fmt: str = "auto",
        geocoder: Geocoder | None = None,
        mapping: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._table, self._geocoder, self._progress = table, geocoder, progress
        self._filename = Path(filename).name
        self.format, self._names, self._errors = _mapped_table(table.columns, fmt, mapping)
        self._placer = _Placer(geocoder)
        self._learned: dict[tuple[str, float, float], LearnedPlace] = {}
        self._mismatches: list[pd.DataFrame] = []
        self.imported = 0
        self._done = False

    def batches(self) -> Iterator[gpd.GeoDataFrame]:
        """Each chunk's incidents (chunks with none are skipped), once."""
        module = FORMATS[self.format]
        merger = None
        if hasattr(module, "EventMerger"):  # a format whose events may span rows (ACLED's)
            id_columns = module.ID_COLUMNS
            positions = [i for i, name in enumerate(self._names) if name in id_columns]
            ids = sorted(positions, key=lambda i: id_columns.index(self._names[i]))
            merger = module.EventMerger(module.repeated_ids(self._table.scan(ids)))
        errors, headers = self._errors, self._table.columns
        for chunk in self._table.chunks():
            cells = iter_row_cells(chunk, self._names, errors, self._filename, headers)
            mapped = _map_rows(cells, module.map_row, errors)
            if merger is not None:
                mapped = merger.add(mapped, chunk[-1][0])
            incidents = self._place(mapped)
            if len(incidents):
                yield incidents
            if self._progress is not None:
                self._progress(self._table.rows, self._table.expected_rows)
        if merger is not None:
            incidents = self._place(merger.finish(errors))
            if len(incidents):
                yield incidents
        # the file's exact points help later geocodes (the shared geocoder saves them per store)
        teach_places(list(self._learned.values()), self._geocoder)
        self._done = True

    def report(self) -> ImportReport:
        """What the file gave, once ``batches()`` is exhausted."""
        return ImportReport(**self._report_fields())

    def result(self) -> ImportResult:
        """Every batch in one frame, in file order, with the report."""
        frames = list(self.batches()) or [self._place([])]
        incidents = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        incidents = incidents.sort_values("source_row", kind="stable", ignore_index=True)
        return ImportResult(incidents=incidents, **self._report_fields())

    def _report_fields(self) -> dict[str, Any]:
        if not self._done:
            raise RuntimeError("the import is not finished: read every batch first")
        table = self._table
        columns = dict(zip(table.columns, _fields_of(self._names), strict=True))
        mismatches = self._mismatches or [pd.DataFrame(columns=list(MISMATCH_COLUMNS))]
        return {
            "format": self.format,
            "rows": table.rows,
            "imported": self.imported,
            "errors": error_frame([*table.bad_rows, *self._errors]),
            "admin_mismatches": pd.concat(mismatches, ignore_index=True),
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "columns": columns if self.format == FALLBACK else {},
        }

    def _place(self, mapped: list[dict[str, object]]) -> gpd.GeoDataFrame:
        errors = self._errors
        incidents = _drop_outside_mali(self._placer.incidents(mapped, errors), errors)
        origin = self._filename or LABELS.get(self.format, self.format)
        for place in learnable_places(incidents, origin):
            self._learned.setdefault(learned_key(place), place)
        mismatches = _admin_mismatches(incidents)
        for m in mismatches.itertuples(index=False):
            message = (
                f"the file's admin1 differs from our boundaries ({m.admin1}); ours kept, "
                "the file's in source_admin1, row imported"
            )
            errors.append(
                RowError(m.row, "admin1", m.source_admin1, message, "admin_mismatch", KEPT)
            )
        if len(mismatches):
            self._mismatches.append(mismatches)
        self.imported += len(incidents)
        return incidents


def _fields_of(names: list[str]) -> list[str]:
    """The field each column of a mapped table fills, "" for a column kept in notes."""
    return [c if c in table_format.SYNONYMS else "" for c in names]


def _mapped_table(
    columns: list[str], fmt: str, mapping: Mapping[str, str] | None
) -> tuple[str, list[str], list[RowError]]:
    """The format, the names its mapper reads the columns under, and each optional column the
    file lacks (an error said once)."""
    resolved = None
    if mapping:
        if fmt not in ("auto", FALLBACK):
            raise ImportFileError(
                _(
                    "A column mapping is for a table a person made, not for a file read as "
                    "{label}: leave the format to detection or choose the table format."
                ).format(label=LABELS.get(fmt, fmt))
            )
        fmt = FALLBACK
        try:
            resolved = table_format.resolve_mapping(columns, mapping)
        except ValueError as exc:
            raise ImportFileError(f"{exc}.") from None
    if fmt == "auto":
        fmt = detect_format(columns)
    else:
        check_forced(columns, fmt, resolved)
    names = canonical_columns(columns, fmt, resolved)
    errors = []
    for column, default in getattr(FORMATS[fmt], "DEFAULTS", {}).items():
        if column not in names:
            message = _("the file has no {column} column: {default}, for every row").format(
                column=column, default=_(default)
            )
            errors.append(RowError(1, column, "", message, "missing_column", DEFAULTED))
    return fmt, names, errors


@dataclass(frozen=True)
class TablePreview:
    """What a person's table becomes under a column mapping, before anything is imported."""

    mapping: dict[str, str]  # column as written -> field ("" = kept in notes as column: value)
    rows: pd.DataFrame  # the first rows mapped, columns PREVIEW_FIELDS (places not yet looked up)
    errors: pd.DataFrame  # those rows' problems, incidents.errors.error_frame


def preview_table(
    data: bytes,
    filename: str = "",
    mapping: Mapping[str, str] | None = None,
    rows: int = 5,
    max_bytes: int | None = None,
) -> TablePreview:
    """The first ``rows`` rows of a file read as a person's table, with ``mapping`` applied
    over the recognised headers: the live preview of a column-mapping step. Fast: no
    geocoding, no validation beyond the mapping's own. Raises ImportFileError like imports."""
    table = stream_table(data, filename, max_bytes, chunk_rows=rows)
    columns = table.columns
    try:
        resolved = table_format.resolve_mapping(columns, mapping or {})
    except ValueError as exc:
        raise ImportFileError(f"{exc}.") from None
    names = table_format.table_columns(columns, resolved)
    errors: list[RowError] = []
    head = next(table.chunks(), [])
    cells = iter_row_cells(head, names, errors, Path(filename).name, columns)
    mapped = _map_rows(cells, table_format.map_row, errors)
    frame = pd.DataFrame([{f: r.get(f) for f in PREVIEW_FIELDS} for r in mapped],
                         columns=list(PREVIEW_FIELDS))  # fmt: skip
    fields = dict(zip(columns, _fields_of(names), strict=True))
    return TablePreview(fields, frame, error_frame(errors))


def _map_rows(
    rows: Iterable[Cells],
    map_row: Callable[[Cells], dict[str, object] | None],
    errors: list[RowError],
) -> list[dict[str, object]]:
    """Each row through the format's mapper; a value the mapper cannot handle (a number or
    date past what Python can represent) costs that row only, reported, never the file."""
    mapped = []
    for cells in rows:
        try:
            item = map_row(cells)
        except (ArithmeticError, ValueError, TypeError, KeyError, IndexError) as exc:
            message = _("this row cannot be read ({problem}); row not imported").format(
                problem=str(exc)[:120] or type(exc).__name__
            )
            errors.append(RowError(cells.row, "", "", message, "invalid", DROPPED))
            continue
        if item is not None:
            mapped.append(item)
    return mapped


def records_to_incidents(
    mapped: list[dict[str, object]], errors: list[RowError], geocoder: Geocoder | None = None
) -> gpd.GeoDataFrame:
    """Validate mapped rows with the curated schema, then attach places.

    Each mapped row carries ``source_row`` (its spreadsheet row) and may carry its own
    ``latitude``/``longitude``/``geo_precision`` and the import extras.
    """
    return _Placer(geocoder).incidents(mapped, errors)


class _Placer:
    """``records_to_incidents`` for the chunks of one file: ids unique across the chunks, each
    place name geocoded once."""

    def __init__(self, geocoder: Geocoder | None = None) -> None:
        self._geocoder = geocoder
        self._seen: dict[str, int] = {}  # record id -> the row that first used it
        self._places: PlaceCache = {}

    def incidents(
        self, mapped: list[dict[str, object]], errors: list[RowError]
    ) -> gpd.GeoDataFrame:
        records: list[IncidentRecord] = []
        kept: list[dict[str, object]] = []
        seen = self._seen
        for item in mapped:
            row = item["source_row"]
            if not isinstance(row, int):
                raise TypeError(f"source_row must be a row number, not {row!r}")
            record, problems = row_errors(item, row)
            if record is not None and record.id in seen:
                problems = [duplicate_id(row, record.id, seen[record.id])]
            errors.extend(replace(p, message=f"{p.message}; row not imported") for p in problems)
            if record is not None and not problems:
                seen[record.id] = row
                records.append(record)
                kept.append(item)
        frame = records_frame(records)
        given = [_has_point(item) for item in kept]
        for column in ("latitude", "longitude", "geo_precision"):
            values = [
                item.get(column) if has else old
                for item, has, old in zip(kept, given, frame[column], strict=True)
            ]
            frame[column] = values
        for column in IMPORT_FIELDS:
            frame[column] = [item.get(column) for item in kept]
        return conform(attach_places(frame, geocoder=self._geocoder, cache=self._places))


def incidents_from_rows(
    rows: pd.DataFrame, source_format: str, geocoder: Geocoder | None = None
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Rows typed or reviewed by a person (e.g. extraction candidates in an editable table) ->
    incidents, through the same schema and place rules as files. ``row`` in the error table is
    the table's row number, counting from 1."""
    errors: list[RowError] = []
    mapped: list[dict[str, object]] = []
    for number, row in enumerate(rows.to_dict("records"), start=1):
        item: dict[str, object] = {k: (None if _missing(v) else v) for k, v in row.items()}
        for column in INTEGER_COLUMNS:
            value = item.get(column)
            if isinstance(value, float) and value.is_integer():
                item[column] = int(value)
        for column in ("latitude", "longitude", "geo_precision"):  # placed again from location
            item.pop(column, None)
        item.update(source_format=source_format, source_row=number)
        mapped.append(item)
    return records_to_incidents(mapped, errors, geocoder), error_frame(errors)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value)))


def _has_point(item: dict[str, object]) -> bool:
    return item.get("latitude") is not None and item.get("longitude") is not None


def _drop_outside_mali(gdf: gpd.GeoDataFrame, errors: list[RowError]) -> gpd.GeoDataFrame:
    """Rows whose given coordinates fall outside Mali are reported and left out."""
    outside = gdf["latitude"].notna() & gdf["admin1"].isna()
    for row in gdf[outside].itertuples():
        errors.append(
            RowError(
                row.source_row,
                "latitude, longitude",
                f"{row.latitude}, {row.longitude}",
                "the point is outside Mali; row not imported",
                "outside_mali",
                DROPPED,
            )
        )
    return gdf[~outside].reset_index(drop=True)


# The table of rows whose file admin1 differs from ours.
MISMATCH_COLUMNS = ("row", "id", "location", "source_admin1", "admin1")


def _admin_mismatches(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    given = gdf["source_admin1"].fillna("").astype(str).str.strip()
    ours = gdf["admin1"].fillna("").astype(str)
    differs = [
        bool(a) and bool(b) and not same_admin_name(a, b) for a, b in zip(given, ours, strict=True)
    ]
    table = gdf.loc[differs, ["source_row", "id", "location", "source_admin1", "admin1"]]
    table = table.rename(columns={"source_row": "row"}).reset_index(drop=True)
    return pd.DataFrame(table[list(MISMATCH_COLUMNS)])


# Other spellings of our unit names (Timbuktu, Koulikouro, Taoudénit), keyed like the geocoder.
_EXONYMS = {name_key(k): normalize(v) for k, v in EXONYMS.items()}


def same_admin_name(theirs: str, ours: str) -> bool:
    """'Mopti region', 'MOPTI' and 'Mopti' are one name; so are exonyms of our names."""
    _, name = split_qualifier(theirs)
    name = _EXONYMS.get(name.replace(" ", ""), name)
    return sound_key(name) == sound_key(ours)
