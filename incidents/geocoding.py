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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo.boundaries import admin_pcodes
from i18n import _, format_number
from incidents.frame import CRS
from incidents.model import (
    ADMIN_FIELDS,
    ADMIN_LEVELS_KNOWN,
    GEO_PRECISIONS,
    NO_PLACE_PRECISION,
    PCODE_FIELDS,
)

Admin = tuple[str | None, str | None, str | None]  # region, cercle, commune
Locator = Callable[[Sequence[float], Sequence[float]], pd.DataFrame]
_PLACED = GEO_PRECISIONS[:-1]
# Worst status wins when several places make one incident.
_STATUS_ORDER = ("matched", "ambiguous", "fallback", "not_found")
# Finest admin level shared by several places -> the precision of their combined place.
_SHARED_LEVEL_PRECISION = {3: "commune", 2: "cercle", 1: "region", 0: NO_PLACE_PRECISION}


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
    from geo.geocoder import get_geocoder  # imported late: loading geo/data takes a moment

    return get_geocoder()


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
        return Place(status="not_found", note=note or f"no place called {name!r} found in Mali")
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
        f"{name}: {p.status}" + (f" ({p.note})" if p.note else "") for name, p in places
    )
    if not found:
        return Place(status="not_found", note=note)
    statuses = [p.status for _, p in places]
    worst = max(statuses, key=_STATUS_ORDER.index)
    status = "fallback" if worst == "not_found" else worst  # placed from the places found
    admin, level = _shared_admin(found)
    precision = _SHARED_LEVEL_PRECISION[level]
    if precision == NO_PLACE_PRECISION:
        return Place(status=status, note=f"{note}; the places share no region: not drawn")
    lat = float(np.mean([p.latitude for p in found]))
    lon = float(np.mean([p.longitude for p in found]))
    names = " and ".join(name for name, _ in places)
    summary = f"one incident at {names}: centroid, {precision} they share"
    return Place(lat, lon, admin, precision, status, f"{summary}. {note}")


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as strings, "" where missing (or where the frame has no such column)."""
    if column not in frame:
        return [""] * len(frame)
    return ["" if value is None or pd.isna(value) else str(value) for value in frame[column]]


def _coordinates(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def attach_places(
    records: pd.DataFrame, geocoder: Geocoder | None = None, locator: Locator | None = None
) -> gpd.GeoDataFrame:
    """Add admin1-3, latitude, longitude, geo_precision, geocode_status/note and geometry."""
    # Column-wise lists rather than row-by-row pandas access: imports bring tens of thousands.
    lats, lons = _coordinates(records, "latitude"), _coordinates(records, "longitude")
    given = ~(np.isnan(lats) | np.isnan(lons))
    places: list[Place] = [Place()] * len(records)
    cache: dict[tuple[str, str | None], Place] = {}
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
    """Teach the geocoder the places an imported file locates exactly: rows with coordinates,
    precision ``point`` (ACLED's geo_precision 1) and one place name. They join the gazetteer
    below GeoNames and OCHA's settlements (``geo.geocoder.Geocoder.learn``); returns how many
    were new. Call it after a successful import."""
    lats, lons = _coordinates(records, "latitude"), _coordinates(records, "longitude")
    precisions, locations = _texts(records, "geo_precision"), _texts(records, "location")
    keep = [
        i
        for i, (lat, lon, precision, location) in enumerate(
            zip(lats, lons, precisions, locations, strict=True)
        )
        if precision == "point" and location.strip() and ";" not in location
        and not (math.isnan(lat) or math.isnan(lon))
    ]  # fmt: skip
    if not keep:
        return 0
    geocoder = geocoder or default_geocoder()
    return geocoder.learn(
        [locations[i].strip() for i in keep], lats[keep].tolist(), lons[keep].tolist(), origin
    )


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
    geometry = [Point(p.longitude, p.latitude) if p.drawable else None for p in places]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
