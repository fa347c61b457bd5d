"""Row validation: one pydantic model per incident row, every error collected with its cell.

``IncidentRecord`` validates one row given as text cells (as a CSV or spreadsheet gives them);
``validate_rows`` runs it over a table and splits good rows from an error table
(``incidents.errors``: ``row`` = the spreadsheet row number, header = 1). Each validator raises
its error with a stable code of ``incidents.errors.CODES``. Importers reuse the same model, so an
imported row obeys the curated rules.

Values are bounded so that no cell can overflow a column later: a count is at most
``MAX_COUNT`` (the deadliest single events on record are far below it, and a total of a
million such rows still fits in 64 bits); a date lies in ``FIRST_YEAR``..``LAST_YEAR``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from i18n import _, format_number
from incidents import model
from incidents.errors import CODES, DROPPED, RowError, error_frame

FIRST_DATA_ROW = 2  # spreadsheet numbering: the header is row 1
MAX_COUNT = 10_000_000
FIRST_YEAR, LAST_YEAR = 1900, 2100

# Mali's bounding box with a small margin: an override outside it is a typo (swapped lat/lon).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LAT_RANGE = (10.0, 25.5)
_LON_RANGE = (-12.5, 4.5)


def _invalid(code: str, message: str) -> PydanticCustomError:
    """A validation error whose pydantic type is the error code (see ``row_errors``)."""
    return PydanticCustomError(code, message)


# Fields whose value must be one of a fixed vocabulary of incidents.model.
_VOCABULARIES: dict[str, Collection[str]] = {
    "date_precision": model.DATE_PRECISIONS,
    "event_type": model.EVENT_TYPES,
    "perpetrator_type": model.PERPETRATOR_TYPES,
}


def _one_of(value: str, allowed: Iterable[str]) -> str:
    return f"{value!r} is not one of: " + ", ".join(allowed)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == ""


class GeoOverride(BaseModel):
    """Explicit coordinates for a row the geocoder cannot place: ``"lat,lon[,precision]"``."""

    model_config = ConfigDict(frozen=True)

    latitude: float
    longitude: float
    precision: str = "point"


class IncidentRecord(BaseModel):
    """One incident. Fields are declared in file order so cross-field checks see earlier ones."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    id: str
    title: str
    title_fr: str = ""
    date_start: date
    date_end: date | None = Field(default=None, validate_default=True)  # None -> date_start
    date_precision: str
    event_type: str
    sub_event_type: str
    perpetrator: str = ""
    perpetrator_type: str
    victims: str = ""
    location: str = ""
    geo_hint: str = ""
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    detained: int | None = None
    killed_low: int | None = None  # an imported estimate's range (UCDP GED)
    killed_high: int | None = None
    casualty_note: str = ""
    casualty_note_fr: str = ""
    alt_figures: str = ""
    source: str
    source_quote: str
    quote_translation: str = ""
    quote_translation_language: str = ""
    notes: str = ""
    geo_override: GeoOverride | None = None
    geo_override_reason: str = ""

    @field_validator(*model.REQUIRED_FIELDS, mode="before")
    @classmethod
    def _required(cls, value: Any) -> Any:
        if _blank(value) or not str(value).strip():
            raise _invalid("required", "required: this cell must not be empty")
        return value

    @field_validator(*model.DATE_FIELDS, mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if _blank(value):
            return None
        if isinstance(value, date):
            return _in_date_range(value)
        text = str(value).strip()
        if not _ISO_DATE.fullmatch(text):
            raise _invalid("bad_date", f"{text!r} is not a date written YYYY-MM-DD")
        try:
            day = date.fromisoformat(text)
        except ValueError as exc:
            raise _invalid("bad_date", f"{text!r} is not a real date: {exc}") from None
        return _in_date_range(day)

    @field_validator("date_end")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_start")
        if value is None or start is None:
            return start if value is None else value
        if value < start:
            raise _invalid("date_order", f"date_end {value} is before date_start {start}")
        return value

    @field_validator(*_VOCABULARIES)
    @classmethod
    def _in_vocabulary(cls, value: str, info: ValidationInfo) -> str:
        if info.field_name is None:  # only a model validator has no field
            raise TypeError("a vocabulary check validates one field")
        allowed = _VOCABULARIES[info.field_name]
        if value not in allowed:
            raise _invalid("unknown_value", _one_of(value, allowed))
        return value

    @field_validator("sub_event_type")
    @classmethod
    def _sub_event_type(cls, value: str, info: ValidationInfo) -> str:
        event_type = info.data.get("event_type")
        if event_type is None:  # the event type itself is wrong: reported there
            return value
        allowed = model.EVENT_TYPES[event_type]
        if value not in allowed:
            raise _invalid(
                "unknown_value", f"{_one_of(value, allowed)} (the sub-types of {event_type!r})"
            )
        return value

    @field_validator(*model.COUNT_FIELDS, *model.RANGE_COUNT_FIELDS, mode="before")
    @classmethod
    def _count(cls, value: Any) -> int | None:
        if _blank(value):
            return None
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            raise _invalid(
                "bad_number",
                f"{text!r} is not a whole number (write 'at least', ranges and words "
                "in casualty_note; leave empty when the source states none)",
            )
        if number < 0:
            raise _invalid("bad_number", f"{text!r} is negative: counts are 0 or more")
        if number > MAX_COUNT:
            message = _("{value} is more than {limit}, the largest count accepted").format(
                value=_short(text), limit=format_number(MAX_COUNT)
            )
            raise _invalid("bad_number", message)
        return int(number)

    @field_validator("quote_translation_language")
    @classmethod
    def _translation_language(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("quote_translation") and not value:
            raise _invalid(
                "required",
                _("quote_translation is set: give its language as a BCP 47 code (fr, en)"),
            )
        return value

    @field_validator("geo_override", mode="before")
    @classmethod
    def _override(cls, value: Any) -> GeoOverride | None:
        if _blank(value):
            return None
        if isinstance(value, GeoOverride):
            return value
        return parse_override(str(value))

    @field_validator("geo_override_reason")
    @classmethod
    def _override_reason(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("geo_override") is not None and not value:
            raise _invalid(
                "required", "geo_override is set: say why the geocoder cannot place this incident"
            )
        return value


def _in_date_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        message = _("{day} is outside the years {first} to {last} that dates may have").format(
            day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
        )
        raise _invalid("bad_date", message)
    return day


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_override(text: str) -> GeoOverride:
    """``"14.4,-3.1"`` or ``"14.4,-3.1,near"`` -> GeoOverride; raise a readable error."""
    parts = [p.strip() for p in text.split(",")]
    usage = "expected 'latitude,longitude' or 'latitude,longitude,precision' in decimal degrees"
    if len(parts) not in (2, 3):
        raise _invalid("bad_coordinate", f"{text!r}: {usage}")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise _invalid("bad_coordinate", f"{text!r}: {usage}") from None
    if not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1]):
        raise _invalid(
            "outside_mali",
            f"{text!r} is outside Mali (latitude {_LAT_RANGE[0]}..{_LAT_RANGE[1]}, "
            f"longitude {_LON_RANGE[0]}..{_LON_RANGE[1]}): latitude comes first",
        )
    precision = parts[2] if len(parts) == 3 else "point"
    placed = model.GEO_PRECISIONS[:-1]  # an override is a place: never "country"
    if precision not in placed:
        raise _invalid("unknown_value", f"{text!r}: precision {_one_of(precision, placed)}")
    return GeoOverride(latitude=lat, longitude=lon, precision=precision)


@dataclass(frozen=True)
class Validated:
    """Good rows as typed records (with their spreadsheet row numbers) and the rows' errors."""

    records: list[IncidentRecord]
    rows: list[int]
    problems: list[RowError]

    @property
    def errors(self) -> pd.DataFrame:
        return error_frame(self.problems)


def row_errors(cells: Mapping[str, Any], row: int) -> tuple[IncidentRecord | None, list[RowError]]:
    """Validate one row; return the record or, when invalid, every error of the row (the row is
    dropped)."""
    try:
        return IncidentRecord.model_validate(dict(cells)), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            column = str(err["loc"][0]) if err["loc"] else ""
            missing = err["type"] == "missing"
            code = "required" if missing else err["type"] if err["type"] in CODES else "invalid"
            errors.append(
                RowError(
                    row=row,
                    column=column,
                    value=cells.get(column, "") if column else "",
                    message="required column" if missing else err["msg"],
                    code=code,
                    outcome=DROPPED,
                )
            )
        return None, errors


def duplicate_id(row: int, record_id: str, first_row: int) -> RowError:
    """The error for a row reusing the id of an earlier row (which is kept)."""
    message = f"duplicate id: already used in row {first_row}"
    return RowError(row, "id", record_id, message, "duplicate_id", DROPPED)


def validate_rows(
    rows: Iterable[Mapping[str, Any]], row_numbers: Iterable[int] | None = None
) -> Validated:
    """Validate every row, collecting all errors; ids must be unique across the table.

    ``row_numbers`` gives each row's spreadsheet number (default 2, 3, ...).
    """
    records: list[IncidentRecord] = []
    numbers: list[int] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    row_numbers = row_numbers if row_numbers is not None else itertools.count(FIRST_DATA_ROW)
    for row, cells in zip(row_numbers, rows, strict=False):
        record, problems = row_errors(cells, row)
        if record is not None and record.id in seen:
            problems.append(duplicate_id(row, record.id, seen[record.id]))
        if record is None or problems:
            errors.extend(problems)
            continue
        seen[record.id] = row
        records.append(record)
        numbers.append(row)
    return Validated(records, numbers, errors)
