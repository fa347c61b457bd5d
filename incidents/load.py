"""Load the curated incident file: read, validate, geocode -> ``LoadResult``.

A file that cannot be read as our CSV (not UTF-8, not text, missing columns) raises
``IncidentDataError`` naming the problem. A bad row is left out and reported in
``LoadResult.errors``; it never stops the other rows. The file is only read, never written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from incidents import model
from incidents.errors import DROPPED, RowError, error_frame
from incidents.frame import CURATED_COLUMNS, conform
from incidents.geocoding import Geocoder, Locator, attach_places
from incidents.schema import FIRST_DATA_ROW, IncidentRecord, validate_rows

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_PATH = DATA_DIR / "incidents.csv"
SOURCES_DIR = DATA_DIR / "sources"


class IncidentDataError(ValueError):
    """The incident file cannot be used at all. The message is one sentence for the user."""


@dataclass(frozen=True)
class LoadResult:
    incidents: gpd.GeoDataFrame  # incidents.frame.CURATED_COLUMNS
    errors: pd.DataFrame  # incidents.errors.error_frame: the rows left out


def read_table(path: str | os.PathLike[str]) -> tuple[list[str], list[list[str]], list[RowError]]:
    """The file's header, its data rows as lists of text cells, and an error for each row the
    CSV reader cannot split (that row comes back as an empty list)."""
    # Imported here: the importers package imports this module.
    from incidents.importers.reading import split_csv

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IncidentDataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"\x00" in data[:4096]:
        raise IncidentDataError(f"{path.name} is not a CSV text file (it contains binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IncidentDataError(
            f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}): save it as CSV UTF-8"
        ) from None
    records, failures = split_csv(text)
    if 1 in failures:
        raise IncidentDataError(f"{path.name}: the header row cannot be read: {failures[1]}")
    header = [h.strip() for h in (records[0] if records else [])]
    if not any(header):
        raise IncidentDataError(f"{path.name} is empty: expected a CSV header row")
    _check_header(path.name, header)
    errors = [RowError(row, "", "", why, "bad_csv", DROPPED) for row, why in failures.items()]
    return header, records[1:], errors


def _check_header(name: str, header: list[str]) -> None:
    required = [f for f in model.FIELDS if f not in model.TRANSLATION_FIELDS]
    missing = [f for f in required if f not in header]
    if missing:
        raise IncidentDataError(
            f"{name} is missing column(s) {', '.join(missing)}; the header must contain: "
            + ", ".join(required)
        )
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise IncidentDataError(f"{name} has duplicated column(s) {', '.join(duplicated)}")


def split_by_width(
    header: list[str], rows: list[list[str]], errors: list[RowError] | None = None
) -> tuple[list[dict[str, str]], list[int], list[RowError]]:
    """Rows with one cell per header column as dicts (with row numbers); errors for the others
    (added to ``errors``, the rows already reported)."""
    width = len(header)
    good, numbers, errors = [], [], list(errors or [])
    for row, cells in enumerate(rows, start=FIRST_DATA_ROW):
        if len(cells) == width:
            good.append(dict(zip(header, cells, strict=True)))
            numbers.append(row)
        elif any(c.strip() for c in cells):  # a blank line is not an error
            message = f"expected {width} cells, one per header column"
            errors.append(RowError(row, "", f"{len(cells)} cells", message, "bad_shape", DROPPED))
    return good, numbers, errors


def records_frame(records: list[IncidentRecord]) -> pd.DataFrame:
    """Typed records -> one row each: the model fields, and the override's coordinates where a
    record has one (dtypes are set by ``incidents.frame.conform``)."""
    frame = pd.DataFrame(
        [r.model_dump(exclude={"geo_override"}) for r in records],
        columns=[*model.FIELDS, "geo_override_reason"],
    )
    overrides = [r.geo_override for r in records]
    frame["latitude"] = [o.latitude if o else float("nan") for o in overrides]
    frame["longitude"] = [o.longitude if o else float("nan") for o in overrides]
    frame["geo_precision"] = [o.precision if o else "" for o in overrides]
    frame["geocode_status"] = ["override" if o else "" for o in overrides]
    frame["geocode_note"] = [
        f"explicit coordinates: {r.geo_override_reason}" if r.geo_override else "" for r in records
    ]
    return frame.drop(columns=["geo_override_reason"])


def load_incidents(
    path: str | os.PathLike[str] | None = None,
    geocoder: Geocoder | None = None,
    locator: Locator | None = None,
) -> LoadResult:
    """Read, validate and geocode an incident CSV (default: the curated ``data/incidents.csv``).

    ``geocoder`` / ``locator`` default to ``geo``'s; tests inject small fakes.
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    good, numbers, shape_errors = split_by_width(*read_table(path))
    validated = validate_rows(good, numbers)
    errors = error_frame([*shape_errors, *validated.problems])

    places = attach_places(records_frame(validated.records), geocoder=geocoder, locator=locator)
    return LoadResult(conform(places, CURATED_COLUMNS), errors)
