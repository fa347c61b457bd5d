"""Briefings: an ordered list of views a presenter steps through, kept as a small JSON file.

A briefing file (``data/briefings/<name>.json``) reads::

    {
      "title": "Central Mali, 2020",
      "dataset": "curated",
      "views": [
        {"caption": "Mopti region, 2020",
         "filters": {"region": ["Mopti"], "year": ["2020"]},
         "extent": [-5.5, 13.5, -1.0, 16.5]}
      ]
    }

``filters`` holds the dashboard's query parameters (the same keys and values as a link, read
with ``IncidentFilter.from_query_params``); ``extent`` (optional) is the map's box as
``[west, south, east, north]`` in degrees; ``caption`` is the presenter's words, either one
string or one per language (``{"en": "...", "fr": "..."}``). ``load_briefing`` checks all of
it and raises ``BriefingError`` naming the file, the view and the field at fault.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from i18n import DEFAULT_LANGUAGE, _, current_language
from incidents.filters import FILTER_PARAMS, IncidentFilter
from incidents.store import CURATED

BRIEFINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "briefings"
# Names are file stems and appear in links (?briefing=central-mali-2020).
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_VIEWS = 50
MAX_FILE_BYTES = 100_000
# A box that holds Mali with room around it; an extent outside it is a typo.
WORLD_BOX = (-20.0, 5.0, 10.0, 30.0)


class BriefingError(ValueError):
    """A briefing that cannot be shown, and why (already in the reader's language)."""


@dataclass(frozen=True)
class BriefingView:
    """One step of a briefing: what it filters, where the map looks, what the presenter says."""

    caption: str
    filter: IncidentFilter
    extent: tuple[float, float, float, float] | None  # west, south, east, north; None: fit


@dataclass(frozen=True)
class Briefing:
    name: str
    title: str
    dataset: str
    views: tuple[BriefingView, ...]


def briefing_names(directory: Path = BRIEFINGS_DIR) -> list[str]:
    """The briefings the project carries, by name (A-Z)."""
    return sorted(p.stem for p in directory.glob("*.json") if NAME_PATTERN.match(p.stem))


def _text(value: object, where: str) -> str:
    """A caption or title: one string, or one per language (the reader's, else English)."""
    if isinstance(value, Mapping):
        chosen = value.get(current_language()) or value.get(DEFAULT_LANGUAGE)
        if chosen is None and value:
            chosen = next(iter(value.values()))
        value = chosen
    if not isinstance(value, str) or not value.strip():
        raise BriefingError(
            _("{where}: expected a text, found {value!r}").format(where=where, value=value)
        )
    return " ".join(value.split())


def _filters(value: object, where: str) -> IncidentFilter:
    if value is None:
        return IncidentFilter()
    if not isinstance(value, Mapping):
        raise BriefingError(
            _("{where}: expected an object of filters such as {example}").format(
                where=where, example='{"region": ["Mopti"], "year": ["2020"]}'
            )
        )
    unknown = sorted(set(value) - set(FILTER_PARAMS))
    if unknown:
        raise BriefingError(
            _("{where}: unknown filter {names}; known filters: {known}").format(
                where=where, names=", ".join(unknown), known=", ".join(FILTER_PARAMS)
            )
        )
    params: dict[str, list[str]] = {}
    for key, raw in value.items():
        items = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
            raise BriefingError(
                _("{where}.{key}: expected a text, a number or a list of them").format(
                    where=where, key=key
                )
            )
        params[key] = [str(item) for item in items]
    selection = IncidentFilter.from_query_params(params)
    ignored = sorted(key for key in params if key not in selection.to_query_params())
    if ignored:
        raise BriefingError(
            _("{where}: the value of {names} is not valid").format(
                where=where, names=", ".join(ignored)
            )
        )
    return selection


def _extent(value: object, where: str) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise BriefingError(
            _("{where}: expected [west, south, east, north] in degrees").format(where=where)
        )
    west, south, east, north = (float(v) for v in value)
    inside = (
        WORLD_BOX[0] <= west < east <= WORLD_BOX[2]
        and WORLD_BOX[1] <= south < north <= WORLD_BOX[3]
    )
    if not inside:
        raise BriefingError(
            _(
                "{where}: [{west}, {south}, {east}, {north}] is not a box around Mali "
                "(west < east, south < north, within {box})"
            ).format(
                where=where, west=west, south=south, east=east, north=north, box=list(WORLD_BOX)
            )
        )
    return west, south, east, north


def parse_briefing(document: object, name: str) -> Briefing:
    """The briefing described by ``document`` (parsed JSON); ``BriefingError`` if invalid."""
    if not isinstance(document, Mapping):
        raise BriefingError(_("{name}: expected a JSON object").format(name=name))
    unknown = sorted(set(document) - {"title", "dataset", "views"})
    if unknown:
        raise BriefingError(
            _("{name}: unknown field {fields}").format(name=name, fields=", ".join(unknown))
        )
    title = _text(document.get("title"), f"{name}: title")
    dataset = document.get("dataset", CURATED)
    if not isinstance(dataset, str) or not dataset.strip():
        raise BriefingError(_("{name}: dataset must be a dataset's name").format(name=name))
    raw_views = document.get("views")
    if not isinstance(raw_views, list) or not raw_views:
        raise BriefingError(
            _("{name}: views must be a list of at least one view").format(name=name)
        )
    if len(raw_views) > MAX_VIEWS:
        raise BriefingError(
            _("{name}: {count} views; a briefing holds at most {most}").format(
                name=name, count=len(raw_views), most=MAX_VIEWS
            )
        )
    views = []
    for number, raw in enumerate(raw_views, start=1):
        where = _("{name}: view {number}").format(name=name, number=number)
        if not isinstance(raw, Mapping):
            raise BriefingError(_("{where}: expected an object").format(where=where))
        extra = sorted(set(raw) - {"caption", "filters", "extent"})
        if extra:
            raise BriefingError(
                _("{where}: unknown field {fields}").format(where=where, fields=", ".join(extra))
            )
        views.append(
            BriefingView(
                caption=_text(raw.get("caption"), f"{where}: caption"),
                filter=_filters(raw.get("filters"), f"{where}: filters"),
                extent=_extent(raw.get("extent"), f"{where}: extent"),
            )
        )
    return Briefing(name=name, title=title, dataset=dataset.strip(), views=tuple(views))


def load_briefing(name: str, directory: Path = BRIEFINGS_DIR) -> Briefing:
    """The briefing ``<directory>/<name>.json``; ``BriefingError`` when missing or invalid."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise BriefingError(
            _("{name!r} is not a briefing name (lower-case letters, digits and hyphens)").format(
                name=name
            )
        )
    path = directory / f"{name}.json"
    if not path.is_file():
        known = ", ".join(briefing_names(directory)) or _("none")
        raise BriefingError(
            _("no briefing named {name}; briefings: {known}").format(name=name, known=known)
        )
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BriefingError(
            _("{name}: the file is larger than {size} bytes").format(name=name, size=MAX_FILE_BYTES)
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BriefingError(
            _("{name}: not valid JSON ({error})").format(name=name, error=exc)
        ) from None
    return parse_briefing(document, name)
