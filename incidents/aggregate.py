"""Tables behind the headline numbers, the choropleth and the time charts.

Every total is a sum of the figures the sources state ("at least" semantics): an incident
whose source gives no number adds nothing, and each incident counts once (one row per id).
Time tables place an incident in the month its period starts: a "February 2020" incident is
in February, and an incident spanning February to March counts once, in February.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from incidents.model import COUNT_FIELDS

FIGURES: tuple[str, ...] = COUNT_FIELDS  # killed, injured, missing, detained
MEASURES: tuple[str, ...] = ("incidents", *FIGURES)
LEVEL_COLUMNS: dict[str, str] = {"admin1": "admin1", "admin2": "admin2"}


@dataclass(frozen=True)
class Totals:
    """Headline figures for a set of incidents."""

    incidents: int
    killed: int
    injured: int
    missing: int
    detained: int
    # how many incidents state a figure for each measure (the rest state none)
    stated: dict[str, int]
    first_day: pd.Timestamp | None
    last_day: pd.Timestamp | None


def unique_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per incident id (a defensive guard: each incident is counted once)."""
    if "id" not in incidents or incidents["id"].is_unique:
        return incidents
    return incidents.drop_duplicates(subset="id", keep="first")


def headline_totals(incidents: pd.DataFrame) -> Totals:
    rows = unique_incidents(incidents)
    sums = {f: int(rows[f].sum(skipna=True)) if len(rows) else 0 for f in FIGURES}
    stated = {f: int(rows[f].notna().sum()) for f in FIGURES}
    first = rows["date_start"].min() if len(rows) else None
    last = rows["date_end"].fillna(rows["date_start"]).max() if len(rows) else None
    return Totals(
        incidents=len(rows),
        stated=stated,
        first_day=None if pd.isna(first) else first,
        last_day=None if pd.isna(last) else last,
        **sums,
    )


def _check_level(level: str) -> str:
    if level not in LEVEL_COLUMNS:
        raise ValueError(f"`level` was {level!r} but is expected to be in {tuple(LEVEL_COLUMNS)}")
    return level


def _sum_figures(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of ``keys``: number of incidents and the sums of stated figures."""
    grouped = rows.groupby(keys, sort=True)
    table = grouped[list(FIGURES)].sum().astype("int64")
    table.insert(0, "incidents", grouped.size().astype("int64"))
    return table.reset_index()


@dataclass(frozen=True)
class UnitSummary:
    """A level's per-unit table (``per_unit``) and its unplaced count (``unplaced_count``)."""

    table: gpd.GeoDataFrame
    unplaced: int


def _unit_table(rows: pd.DataFrame, units: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    keys = ["admin1"] if level == "admin1" else ["admin1", "admin2"]
    located = rows[[*keys, *FIGURES]].dropna(subset=keys)  # only what is summed: no wide copy
    counts = _sum_figures(located, keys)
    table = units.copy()
    if level == "admin1":
        table["admin1"] = table["name"]
    else:
        table["admin2"] = table["name"]
    table = table.merge(counts, on=keys, how="left")
    for measure in MEASURES:
        table[measure] = table[measure].fillna(0).astype("int64")
    return gpd.GeoDataFrame(table, geometry="geometry", crs=units.crs)


def _unplaced(rows: pd.DataFrame, level: str) -> int:
    column = LEVEL_COLUMNS[level]
    return int(rows[column].isna().sum() + (rows[column] == "").sum())


def per_unit(incidents: pd.DataFrame, units: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """The units (regions for ``admin1``, cercles for ``admin2``) with incidents and figures.

    Every unit gets a row, with zeros when it has no incident. Units are matched by their
    official names (and, for cercles, their region too, so a name reused elsewhere is safe).
    Incidents without a unit at this level are left out here: see ``unplaced_count``.
    """
    return _unit_table(unique_incidents(incidents), units, _check_level(level))


def unplaced_count(incidents: pd.DataFrame, level: str) -> int:
    """Incidents with no unit at this level (no place, or located only more coarsely)."""
    return _unplaced(unique_incidents(incidents), _check_level(level))


def unit_summary(incidents: pd.DataFrame, units: gpd.GeoDataFrame, level: str) -> UnitSummary:
    """``per_unit`` and ``unplaced_count`` together, from one pass over the incident ids."""
    rows = unique_incidents(incidents)
    return UnitSummary(_unit_table(rows, units, _check_level(level)), _unplaced(rows, level))


def has_place(incidents: pd.DataFrame) -> np.ndarray:
    """Which incidents are drawn: those with a place (a point), as a boolean array."""
    geometry = incidents.geometry.to_numpy()
    return ~(pd.isna(geometry) | shapely.is_empty(geometry))


def placeless(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents that are not drawn: no place at all (country precision or not found)."""
    return incidents[~has_place(incidents)]


def _month(series: pd.Series) -> pd.Series:
    return series.dt.to_period("M").dt.to_timestamp()


def per_month(incidents: pd.DataFrame) -> pd.DataFrame:
    """Columns: month (first day), event_type, incidents, killed, injured, missing, detained.

    An incident counts once, in the month its period starts; its figures go to that month.
    """
    rows = unique_incidents(incidents).dropna(subset=["date_start"])
    columns = ["month", "event_type", "incidents", *FIGURES]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns}).astype(
            {"month": "datetime64[ns]", "event_type": object}
        )
    rows = rows.assign(month=_month(rows["date_start"]))
    table = _sum_figures(rows, ["month", "event_type"])
    return table[columns]


def stating(incidents: pd.DataFrame, figure: str) -> pd.DataFrame:
    """The incidents a headline total of ``figure`` counts: those stating it, once each."""
    rows = unique_incidents(incidents)
    return rows[rows[figure].notna().to_numpy(dtype=bool)]


def started_in(incidents: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """The incidents ``per_month`` counts in ``month``: those whose period starts in it."""
    rows = unique_incidents(incidents).dropna(subset=["date_start"])
    wanted = pd.Timestamp(month).to_period("M").to_timestamp()
    return rows[(_month(rows["date_start"]) == wanted).to_numpy(dtype=bool)]


def months_with_incidents(incidents: pd.DataFrame) -> list[pd.Timestamp]:
    """The months ``per_month`` has a bar for, in order."""
    starts = unique_incidents(incidents)["date_start"].dropna()
    return sorted(set(_month(starts)))


def monthly_totals(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar month from the first to the last start month (zeros included),
    with incidents, the figures, and their running totals (``cumulative_killed``, ...)."""
    table = per_month(incidents)
    columns = ["month", "incidents", *FIGURES]
    if table.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        for f in FIGURES:
            empty[f"cumulative_{f}"] = pd.Series(dtype="int64")
        return empty.astype({"month": "datetime64[ns]"})
    summed = table.groupby("month")[["incidents", *FIGURES]].sum()
    months = pd.date_range(summed.index.min(), summed.index.max(), freq="MS")
    summed = summed.reindex(months, fill_value=0).rename_axis("month").reset_index()
    for f in FIGURES:
        summed[f"cumulative_{f}"] = summed[f].cumsum()
    return summed


def lasting(incidents: pd.DataFrame, limit: int = 200) -> pd.DataFrame:
    """Incidents whose period covers more than one day, longest first (at most ``limit``).

    Month- or year-precision incidents are included: their period is the whole month or year
    the source gives, drawn as such rather than on an invented day.
    """
    rows = unique_incidents(incidents).dropna(subset=["date_start"])
    ends = rows["date_end"].fillna(rows["date_start"])
    duration = ends - rows["date_start"]
    longer = rows[(duration > pd.Timedelta(0)).to_numpy(dtype=bool)]
    order = (
        (ends - longer["date_start"]).loc[longer.index].sort_values(ascending=False, kind="stable")
    )
    return longer.loc[order.index[:limit]]
