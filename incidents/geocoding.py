"""Attach places to incident records: coordinates, admin units, precision and geocode status.

Shared by the curated loader and the importers (contract in docs/architecture.md):

- a row with ``latitude``/``longitude`` keeps them and its ``geo_precision``; its admin units are
  recomputed from our polygons;
- otherwise ``location`` (several places separated by ``;``) is geocoded with ``geo_hint`` (one
  hint for all places, or one per place separated by ``;``). Several places are one incident: the
  point is their centroid, the admin units those all places share, the precision the finest
  admin level they share;
- a row whose source names no place gets precision ``country`` and no geometry; a failed geocode
  keeps the row, with no geometry and status ``not_found``.

Admin units finer than a row's precision are left empty (a cercle-level place names no commune).
Each row also gets the OCHA P-codes of its region and cercle (``admin1_pcode``,
``admin2_pcode``, from ``geo.boundaries.admin_pcodes``). Given coordinates a little outside
our polygons (up to ``geo.boundaries.SNAP_KM``) are placed in the nearest commune, and the
note says how far out they lie.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from filelock import FileLock

from geo.boundaries import admin_pcodes
from i18n import _, format_conjunction, format_number, pgettext
from incidents.frame import CRS
from incidents.model import (
    ADMIN_FIELDS,
    ADMIN_LEVELS_KNOWN,
    GEO_PRECISIONS,
    NO_PLACE_PRECISION,
    PCODE_FIELDS,
)
from incidents.store import resolve_data_dir

Admin = tuple[str | None, str | None, str | None]  # region, cercle, commune
Locator = Callable[[Sequence[float], Sequence[float]], pd.DataFrame]
_PLACED = GEO_PRECISIONS[:-1]
# Worst status wins when several places make one incident.
_STATUS_ORDER = ("matched", "ambiguous", "fallback", "not_found")
# Finest admin level shared by several places -> the precision of their combined place.
_SHARED_LEVEL_PRECISION = {3: "commune", 2: "cercle", 1: "region", 0: NO_PLACE_PRECISION}
# Places imports located exactly, saved beside the store's datasets: name, point, origin.
LEARNED_PLACES_FILE = "learned_places.csv"
LEARNED_PLACES_LOCK = ".learned_places.lock"
LEARNED_PLACES_LOCK_TIMEOUT_S = 60.0
LEARNED_COLUMNS = ("name", "latitude", "longitude", "origin")
LearnedPlace = tuple[str, float, float, str]
# A row placed by its own coordinates has no status of a geocoder's ("override" once placed).
_GIVEN_STATUSES = ("", "override")
# Stores whose learned places the shared geocoder has loaded: (id of the geocoder, file).
_LOADED_STORES: set[tuple[int, Path]] = set()


class Geocoder(Protocol):
    def geocode(self, name: str, hint: str | None = None) -> Any: ...


@dataclass(frozen=True)
class Place:
    """Where one incident is: what attach_places writes into its row."""

    latitude: float = math.nan
    longitude: float = math.nan
    admin: Admin = (None, None, None)
    precision: str = NO_PLACE_PRECISION
    status: str = "no_place"
    note: str = ""

    @property
    def drawable(self) -> bool:
        return self.precision != NO_PLACE_PRECISION and not math.isnan(self.latitude)


def default_geocoder() -> Geocoder:
    """The shared geocoder, with the places earlier imports into this store taught it
    (``learned_places_path``) loaded the first time it is used with that store."""
    from geo.geocoder import get_geocoder  # imported late: loading geo/data takes a moment

    geocoder = get_geocoder()
    path = learned_places_path()
    if (id(geocoder), path) not in _LOADED_STORES:
        _LOADED_STORES.add((id(geocoder), path))
        by_origin: dict[str, list[tuple[str, float, float]]] = {}
        for name, lat, lon, origin in read_learned_places(path):
            by_origin.setdefault(origin, []).append((name, lat, lon))
        for origin, places in by_origin.items():
            names, lats, lons = zip(*places, strict=True)
            geocoder.learn(list(names), list(lats), list(lons), origin)
    return geocoder


def learned_places_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The store's file of learned places, beside its saved datasets."""
    return resolve_data_dir(data_dir) / LEARNED_PLACES_FILE


def read_learned_places(path: Path) -> list[LearnedPlace]:
    """The places saved in ``path`` (none when it does not exist; unreadable lines skipped)."""
    if not path.is_file():
        return []
    places = []
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (KeyError, TypeError, ValueError):
                continue
            name = (row.get("name") or "").strip()
            if name and not (math.isnan(lat) or math.isnan(lon)):
                places.append((name, lat, lon, (row.get("origin") or "").strip()))
    return places


def save_learned_places(places: Sequence[LearnedPlace], path: Path) -> None:
    """Add ``places`` to the file at ``path`` (once each), written atomically: a temporary
    file in the same folder renamed over the old one, under a lock so two imports at once
    both land."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.parent / LEARNED_PLACES_LOCK, timeout=LEARNED_PLACES_LOCK_TIMEOUT_S):
        known = read_learned_places(path)
        seen = {learned_key(p) for p in known}
        new = []
        for place in places:
            if learned_key(place) not in seen:
                seen.add(learned_key(place))
                new.append(place)
        if not new:
            return
        handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(LEARNED_COLUMNS)
                writer.writerows(known + new)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise


def learned_key(place: LearnedPlace) -> tuple[str, float, float]:
    """What makes two learned places one: the name and the point to about a metre."""
    name, lat, lon, _origin = place
    return name, round(lat, 5), round(lon, 5)


def default_locator() -> Locator:
    from geo.boundaries import locate_points

    return locate_points


def split_places(location: str, hint: str) -> list[tuple[str, str | None]]:
    """``("A; B", "h1; h2")`` -> ``[("A", "h1"), ("B", "h2")]``; one hint serves every place."""
    names = [n.strip() for n in str(location or "").split(";") if n.strip()]
    hints = [h.strip() for h in str(hint or "").split(";")]
    if len(hints) != len(names):
        hints = [str(hint or "").strip()] * len(names)
    return [(name, h or None) for name, h in zip(names, hints, strict=True)]


def keep_known_admin(admin: Sequence[Any], precision: str) -> Admin:
    """Blank the admin units finer than ``precision`` (and missing values become None)."""
    known = ADMIN_LEVELS_KNOWN.get(precision, 0)
    admin1, admin2, admin3 = (
        (str(a) if isinstance(a, str) and a else None) if level <= known else None
        for level, a in enumerate(admin[:3], start=1)
    )
    return admin1, admin2, admin3


def _single(name: str, result: Any) -> Place:
    match = getattr(result, "match", None) if result is not None else None
    note = getattr(result, "note", "") or ""
    if match is None:
        fallback_note = _("no place called “{name}” found in Mali").format(name=name)
        return Place(status="not_found", note=note or fallback_note)
    status = getattr(result, "status", None) or ("ambiguous" if result.ambiguous else "matched")
    precision = match.precision if match.precision in _PLACED else "point"
    admin = keep_known_admin((match.admin1, match.admin2, match.admin3), precision)
    return Place(float(match.lat), float(match.lon), admin, precision, status, note)


def _shared_admin(places: Sequence[Place]) -> tuple[Admin, int]:
    shared: list[str | None] = [None, None, None]
    level = 0
    for index in range(3):
        values = {p.admin[index] for p in places}
        if len(values) != 1 or None in values:
            break
        shared[index] = values.pop()
        level = index + 1
    return (shared[0], shared[1], shared[2]), level


def combine(places: Sequence[tuple[str, Place]]) -> Place:
    """One place for an incident that the source puts at several places."""
    if len(places) == 1:
        return places[0][1]
    found = [p for _, p in places if not math.isnan(p.latitude)]
    note = "; ".join(
        (_("{place}: {status} ({note})") if p.note else _("{place}: {status}")).format(
            place=name, status=pgettext("geocode status", p.status), note=p.note
        )
        for name, p in places
    )
    if not found:
        return Place(status="not_found", note=note)
    statuses = [p.status for _, p in places]
    worst = max(statuses, key=_STATUS_ORDER.index)
    status = "fallback" if worst == "not_found" else worst  # placed from the places found
    admin, level = _shared_admin(found)
    precision = _SHARED_LEVEL_PRECISION[level]
    if precision == NO_PLACE_PRECISION:
        note = _("{note}; the places share no region: not drawn").format(note=note)
        return Place(status=status, note=note)
    lat = float(np.mean([p.latitude for p in found]))
    lon = float(np.mean([p.longitude for p in found]))
    summary = _("one incident at {places}: centroid, {precision} they share. {notes}").format(
        places=format_conjunction([name for name, _place in places]),
        precision=pgettext("place precision", precision),
        notes=note,
    )
    return Place(lat, lon, admin, precision, status, summary)


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as strings, "" where missing (or where the frame has no such column)."""
    if column not in frame:
        return [""] * len(frame)
    values = frame[column]
    return values.astype(object).where(values.notna(), "").map(str).tolist()


def _coordinates(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


# Each (place name, hint) geocoded once: what a name found, shared by the calls of one import.
PlaceCache = dict[tuple[str, str | None], Place]


def attach_places(
    records: pd.DataFrame,
    geocoder: Geocoder | None = None,
    locator: Locator | None = None,
    cache: PlaceCache | None = None,
) -> gpd.GeoDataFrame:
    """Add admin1-3, latitude, longitude, geo_precision, geocode_status/note and geometry.

    ``cache``: the places already geocoded (filled here), so that a file read in chunks
    geocodes each name once."""
    # Column-wise lists rather than row-by-row pandas access: imports bring tens of thousands.
    lats, lons = _coordinates(records, "latitude"), _coordinates(records, "longitude")
    given = ~(np.isnan(lats) | np.isnan(lons))
    places: list[Place] = [Place()] * len(records)
    cache = {} if cache is None else cache
    locations, hints = _texts(records, "location"), _texts(records, "geo_hint")
    for pos in np.flatnonzero(~given):
        parts = split_places(locations[pos], hints[pos])
        if not parts:
            places[pos] = Place(note="the source names no place")
            continue
        geocoder = geocoder or default_geocoder()
        resolved = []
        for name, hint in parts:
            if (name, hint) not in cache:
                cache[(name, hint)] = _single(name, geocoder.geocode(name, hint=hint))
            resolved.append((name, cache[(name, hint)]))
        places[pos] = combine(resolved)
    if given.any():
        _place_given(records, np.flatnonzero(given), lats, lons, places, locator)
    return _to_frame(records, places)


def learn_places(records: pd.DataFrame, origin: str, geocoder: Any = None) -> int:
    """Teach the geocoder the places an imported file locates exactly (``learnable_places``).
    They join the gazetteer below GeoNames and OCHA's settlements
    (``geo.geocoder.Geocoder.learn``), and the note of a result they give says "learned from
    your import ORIGIN". Without ``geocoder`` the shared one learns them and they are saved
    with the store (``learned_places_path``), so the next start knows them too; a given
    geocoder only learns them (one without ``learn``, nothing). Returns how many places were
    new to the geocoder."""
    return teach_places(learnable_places(records, origin), geocoder)


def learnable_places(records: pd.DataFrame, origin: str) -> list[LearnedPlace]:
    """The places ``records`` locate exactly, once each: rows whose own coordinates placed
    them (no geocode status of a geocoder's, or ``override``), precision ``point`` (ACLED's
    geo_precision 1) and one place name."""
    lats, lons = _coordinates(records, "latitude"), _coordinates(records, "longitude")
    precisions, locations = _texts(records, "geo_precision"), _texts(records, "location")
    statuses = _texts(records, "geocode_status")
    places: dict[tuple[str, float, float], LearnedPlace] = {}
    for lat, lon, precision, location, status in zip(
        lats, lons, precisions, locations, statuses, strict=True
    ):
        if (
            precision == "point"
            and status in _GIVEN_STATUSES
            and location.strip()
            and (";" not in location and not (math.isnan(lat) or math.isnan(lon)))
        ):
            place = (location.strip(), float(lat), float(lon), origin)
            places.setdefault(learned_key(place), place)
    return list(places.values())


def teach_places(places: Sequence[LearnedPlace], geocoder: Any = None) -> int:
    """``learn_places`` for places already gathered (``learnable_places``)."""
    if not places:
        return 0
    shared = geocoder is None
    geocoder = geocoder or default_geocoder()
    if not hasattr(geocoder, "learn"):
        return 0
    by_origin: dict[str, list[LearnedPlace]] = {}
    for place in places:
        by_origin.setdefault(place[3], []).append(place)
    added = 0
    for origin, group in by_origin.items():
        names, lats, lons, _origins = zip(*group, strict=True)
        added += geocoder.learn(list(names), list(lats), list(lons), origin)
    if shared:
        save_learned_places(places, learned_places_path())
    return added


def _place_given(
    records: pd.DataFrame,
    positions: np.ndarray,
    lats: np.ndarray,
    lons: np.ndarray,
    places: list[Place],
    locator: Locator | None,
) -> None:
    rows = records.iloc[positions]
    admins = (locator or default_locator())(lons[positions], lats[positions])
    admin_rows = admins[list(ADMIN_FIELDS)].itertuples(index=False, name=None)
    # how far outside our polygons a point placed in the nearest commune lies (NaN: inside)
    outside = _coordinates(admins, "outside_km")
    for pos, precision, admin_row, note, status, km in zip(
        positions,
        _texts(rows, "geo_precision"),
        admin_rows,
        _texts(rows, "geocode_note"),
        _texts(rows, "geocode_status"),
        outside,
        strict=True,
    ):
        precision = precision if precision in GEO_PRECISIONS else "point"
        admin = keep_known_admin(admin_row, precision)
        note = note or "coordinates given with the record"
        if admin[0] is None:
            note += "; the point is outside Mali's boundaries"
        elif not math.isnan(km):
            note += "; " + _(
                "the point lies {km} km outside our boundaries: placed in the nearest commune, "
                "{commune}"
            ).format(km=format_number(km), commune=admin_row[2])
        places[pos] = Place(
            float(lats[pos]), float(lons[pos]), admin, precision, status or "override", note
        )


def _to_frame(records: pd.DataFrame, places: list[Place]) -> gpd.GeoDataFrame:
    frame = records.drop(columns=["geometry"], errors="ignore")
    for index, column in enumerate(ADMIN_FIELDS):
        frame[column] = pd.Series([p.admin[index] for p in places], index=frame.index, dtype=object)
    pcodes = admin_pcodes(frame["admin1"].tolist(), frame["admin2"].tolist())
    for column in PCODE_FIELDS:
        frame[column] = pd.Series(pcodes[column].to_numpy(), index=frame.index, dtype=object)
    frame["latitude"] = [p.latitude if p.drawable else math.nan for p in places]
    frame["longitude"] = [p.longitude if p.drawable else math.nan for p in places]
    frame["latitude"] = frame["latitude"].astype("float64")
    frame["longitude"] = frame["longitude"].astype("float64")
    for column, attribute in (
        ("geo_precision", "precision"),
        ("geocode_status", "status"),
        ("geocode_note", "note"),
    ):
        values = [getattr(p, attribute) for p in places]
        frame[column] = pd.Series(values, index=frame.index, dtype="str")
    drawable = np.array([p.drawable for p in places], dtype=bool)
    geometry = shapely.points(frame["longitude"].to_numpy(), frame["latitude"].to_numpy())
    geometry[~drawable] = None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index), crs=CRS)
