"""The incident map as an image for slides (PNG, SVG, PDF), drawn on the server with matplotlib.

The same inputs as the interactive map (``viz.maps``): the filtered incidents, the units to
shade (regions or cercles from ``geo.boundaries.admin_units``), the measure and its classes
(``viz.choropleth``), the event-type colours (``viz.style``) and marker sizes
(``viz.markers``). Nothing is fetched: boundaries, rivers and towns come from ``geo/data``
(``geo.landmarks``), so the image renders offline. The map is drawn in UTM zone 30N
(metres; under ~1 % scale error across Mali), which gives the scale bar true distances.
Labels, legend and notes sit beside the map, never over it; the title, source line and
attribution are the slide's frame (``viz.slides``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.ops import polylabel

import geo
from geo.boundaries import admin_units
from geo.landmarks import main_towns, rivers
from geo.normalize import normalize
from i18n import N_, _, format_number, ngettext
from incidents import aggregate
from incidents.filters import IncidentFilter
from viz.choropleth import class_breaks, class_colour, class_labels
from viz.maps import away_from_towns, display_geometry, river_label_points
from viz.markers import COARSE_PRECISIONS, marker_sizes
from viz.slides import DEFAULT_SIZE, QUIET_COLOUR, TEXT_COLOUR, figure_bytes, slide, wrap_to_width
from viz.style import MEASURES, event_colour, ordered_event_types

MAP_CRS = "EPSG:32630"  # WGS 84 / UTM zone 30N
LEGEND_WIDTH = 0.25  # of the content area, right of the map
EXTENT_MARGIN = 0.06  # of the extent's larger side, around a zoomed map
TOWN_CLEARANCE_M = 100_000  # a region name this close to a town moves off its label
REGION_LABEL_SHIFT_PT = 18
MARKER_BASE_DPI = 100  # marker_sizes are pixels of a 1280x720 slide
UNIT_FILL_ALPHA = 0.8
OUTSIDE_COLOUR = "#fbfbf8"
RIVER_COLOUR = "#6b9ac4"  # a quiet blue: a landmark, never read as data
RIVER_LABEL_SPACING_M = 500_000  # one name per this much river in view
LEGEND_TITLES = {"admin1": N_("{measure} per region"), "admin2": N_("{measure} per cercle")}
STATED_NOTE = N_("sum of the figures the sources state")


@dataclass(frozen=True)
class MapView:
    """What a slide map shows for a filter: the units to shade, their level, the extent."""

    units: gpd.GeoDataFrame
    level: str  # "admin1" (regions) or "admin2" (cercles)
    extent: tuple[float, float, float, float] | None  # lon/lat bounds; None = all of Mali


def unit_level(units: gpd.GeoDataFrame) -> str:
    """``admin2`` for cercles (they name their region), ``admin1`` for regions."""
    return "admin2" if "admin1" in units.columns else "admin1"


def view_for_filter(selection: IncidentFilter) -> MapView:
    """Regions for the whole country; cercles, zoomed to the selected units, when the filter
    names regions or cercles (a narrow view, where regions alone would be one flat colour)."""
    if not (selection.regions or selection.cercles):
        return MapView(admin_units(1), "admin1", None)
    cercles = admin_units(2)
    if selection.cercles:
        chosen = _named(cercles, "name", selection.cercles)
    else:
        chosen = _named(cercles, "admin1", selection.regions)
    extent = _total_bounds(cercles[chosen]) if chosen.any() else None
    return MapView(cercles, "admin2", extent)


def _total_bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The frame's bounds (min x, min y, max x, max y) in its own coordinates."""
    minx, miny, maxx, maxy = frame.total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def _named(units: gpd.GeoDataFrame, column: str, names: tuple[str, ...]) -> pd.Series:
    wanted = {normalize(name) for name in names}
    return units[column].map(lambda value: normalize(str(value)) in wanted)


@lru_cache(maxsize=1)
def projected_towns() -> gpd.GeoDataFrame:
    """``geo.landmarks.main_towns`` in the map's projection."""
    return main_towns().to_crs(MAP_CRS)


@lru_cache(maxsize=1)
def _projected_rivers() -> gpd.GeoDataFrame:
    return rivers().to_crs(MAP_CRS)


@lru_cache(maxsize=1)
def _projected_country() -> shapely.Geometry:
    return shapely.union_all(admin_units(1).to_crs(MAP_CRS).geometry.to_numpy())


def _projected_bounds(
    extent: tuple[float, float, float, float], crs: object
) -> tuple[float, float, float, float]:
    box = gpd.GeoSeries.from_xy([extent[0], extent[2]], [extent[1], extent[3]], crs=crs)
    minx, miny, maxx, maxy = box.to_crs(MAP_CRS).total_bounds
    pad = EXTENT_MARGIN * max(maxx - minx, maxy - miny, 20_000)
    return minx - pad, miny - pad, maxx + pad, maxy + pad


def _fill_box(bounds: tuple, ax: Any) -> tuple[float, float, float, float]:
    """``bounds`` widened on one axis to the shape of the axes: true scale, box filled."""
    minx, miny, maxx, maxy = bounds
    box = ax.get_position(original=True)
    box_ratio = (box.height * ax.figure.get_figheight()) / (box.width * ax.figure.get_figwidth())
    width, height = maxx - minx, maxy - miny
    if height / width < box_ratio:
        grow = (width * box_ratio - height) / 2
        return minx, miny - grow, maxx, maxy + grow
    grow = (height / box_ratio - width) / 2
    return minx - grow, miny, maxx + grow, maxy


def _legend_title(level: str, measure: str) -> str:
    title = _(LEGEND_TITLES[level]).format(measure=_(MEASURES[measure]))
    return title if measure == "incidents" else f"{title}\n({_(STATED_NOTE)})"


def _draw_points(ax: Any, placed: gpd.GeoDataFrame) -> None:
    """Incidents as dots: event-type colour, area from killed + injured, dashed edge when only
    the commune, cercle or region is known. Larger dots first, so small ones stay visible."""
    if placed.empty:
        return
    sizes_pt = marker_sizes(placed) * 72 / MARKER_BASE_DPI
    order = np.argsort(-sizes_pt, kind="stable")
    points = placed.geometry.to_crs(MAP_CRS).iloc[order]
    colours = [event_colour(t) for t in placed["event_type"].iloc[order]]
    coarse = placed["geo_precision"].isin(COARSE_PRECISIONS).to_numpy()[order]
    areas = sizes_pt[order] ** 2
    for dashed in (True, False):
        keep = coarse == dashed
        if keep.any():
            ax.scatter(
                points.x.to_numpy()[keep],
                points.y.to_numpy()[keep],
                s=areas[keep],
                c=[colour for colour, k in zip(colours, keep, strict=True) if k],
                edgecolors="#222222",
                linewidths=0.7,
                linestyles="--" if dashed else "-",
                alpha=1.0,  # opaque: a dot is its event type's exact colour
                zorder=5,  # over the town squares: the data comes first
            )


def _inside(point: Any, bounds: tuple) -> bool:
    minx, miny, maxx, maxy = bounds
    return minx <= point.x <= maxx and miny <= point.y <= maxy


def _cercle_labels(ax: Any, cercles: gpd.GeoDataFrame, bounds: tuple) -> None:
    """Cercle names, on a zoomed map, for the cercles whose centre is in view."""
    for name, point in zip(cercles["name"], cercles.representative_point(), strict=True):
        if _inside(point, bounds):
            ax.annotate(
                name,
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=8.5,
                color="#333333",
                style="italic",
                zorder=3,
            )


def _shown_towns(zoomed: bool) -> gpd.GeoDataFrame:
    """The whole country shows the capital and the region seats; a zoomed map every main town."""
    towns = projected_towns()
    return towns if zoomed else towns[towns["seat"]]


def _towns(ax: Any, bounds: tuple, *, zoomed: bool) -> None:
    """The main towns in view (``_shown_towns``): a square and a name, under the data."""
    towns = _shown_towns(zoomed)
    for name, capital, point in zip(towns["name"], towns["capital"], towns.geometry, strict=True):
        if not _inside(point, bounds):
            continue
        ax.scatter(
            [point.x],
            [point.y],
            s=30 if capital else 18,
            marker="s",
            c="#111111",
            edgecolors="white",
            linewidths=0.8,
            zorder=4,
        )
        ax.annotate(
            name,
            (point.x, point.y),
            xytext=(5, 3),
            textcoords="offset points",
            fontsize=10 if capital else 9,
            fontweight="bold",
            color=TEXT_COLOUR,
            zorder=6,
            path_effects=_halo(),
        )


def _halo() -> list:
    return [patheffects.withStroke(linewidth=2.5, foreground="white")]


def _rivers(ax: Any, bounds: tuple) -> None:
    """The rivers as thin blue lines over the shading, named in italics inside Mali."""
    view = shapely.intersection(shapely.box(*bounds), _projected_country())
    shown = _projected_rivers()
    shown.plot(ax=ax, color=RIVER_COLOUR, linewidth=1.4, zorder=2.5)
    for lat, lon, name in river_label_points(shown, view, RIVER_LABEL_SPACING_M):
        ax.annotate(
            name,
            (lon, lat),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8.5,
            style="italic",
            color="#24527a",
            zorder=3,
            path_effects=_halo(),
        )


def _region_labels(ax: Any, regions: gpd.GeoDataFrame, bounds: tuple, *, zoomed: bool) -> None:
    """Region names at each region's visual centre, moved off a town label that sits there."""
    towns = _shown_towns(zoomed).geometry
    for name, shape in zip(regions["name"], regions.geometry, strict=True):
        point = polylabel(shape.geoms[0] if shape.geom_type == "MultiPolygon" else shape, 1000)
        if not _inside(point, bounds):
            continue
        shift = REGION_LABEL_SHIFT_PT * away_from_towns(point, towns, TOWN_CLEARANCE_M)
        ax.annotate(
            name.upper(),
            (point.x, point.y),
            xytext=(0, shift),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=9,
            color="#444444",
            zorder=3,
            path_effects=_halo(),
        )


def _draw_legend(
    ax: Any,
    table: gpd.GeoDataFrame,
    level: str,
    measure: str,
    placed: pd.DataFrame,
    unplaced: int,
) -> None:
    ax.set_axis_off()
    classes = [
        Patch(facecolor=colour, edgecolor="#444444", alpha=UNIT_FILL_ALPHA, label=text)
        for colour, text in class_labels(class_breaks(table[measure]))
    ]
    shading = ax.legend(
        handles=classes,
        title=_legend_title(level, measure),
        loc="upper left",
        frameon=False,
        fontsize=9.5,
        title_fontsize=10.5,
        alignment="left",
    )
    ax.add_artist(shading)
    types = ordered_event_types(placed["event_type"])
    markers = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=event_colour(t),
            markeredgecolor="#222222",
            label=t,
        )
        for t in types
    ]
    notes = [_("Dot size: killed + injured, as stated")]
    if placed["geo_precision"].isin(COARSE_PRECISIONS).any():
        notes.append(_("Dashed: located only to a commune, cercle or region"))
    if unplaced:
        notes.append(
            ngettext(
                "{n} incident has no place and is not drawn",
                "{n} incidents have no place and are not drawn",
                unplaced,
            ).format(n=format_number(unplaced))
        )
    title = ngettext("{n} incident drawn", "{n} incidents drawn", len(placed)).format(
        n=format_number(len(placed))
    )
    ax.legend(
        handles=markers,
        title=title,
        loc="upper left",
        bbox_to_anchor=(0, 0.6),
        frameon=False,
        fontsize=9.5,
        title_fontsize=10.5,
        alignment="left",
    )
    width_inches = ax.get_position().width * ax.figure.get_figwidth()
    text = "\n".join(wrap_to_width(note, width_inches, 8.5) for note in notes)
    ax.text(
        0.0,
        0.0,
        text,
        transform=ax.transAxes,
        va="bottom",
        fontsize=8.5,
        color=QUIET_COLOUR,
        linespacing=1.4,
    )


def map_figure(
    incidents: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    title: str,
    size: tuple[int, int] = DEFAULT_SIZE,
    measure: str = "incidents",
    extent: tuple[float, float, float, float] | None = None,
    regions: gpd.GeoDataFrame | None = None,
    source: str = "",
    attribution: str = geo.ATTRIBUTION,
) -> Figure:
    """The map slide: ``units`` shaded by class of ``measure``, ``incidents`` as dots.

    ``units`` are regions or cercles (``unit_level``); cercles are drawn with the region
    outlines over them. ``extent`` (lon/lat bounds) zooms in; by default the map shows
    ``regions`` (all of Mali: ``admin_units(1)``) whole.
    """
    if measure not in MEASURES:
        raise ValueError(f"`measure` was {measure!r} but is expected to be in {tuple(MEASURES)}")
    level = unit_level(units)
    regions = admin_units(1) if regions is None else regions
    table = aggregate.per_unit(incidents, units, level)
    placeless = aggregate.placeless(incidents)
    placed = incidents.drop(index=placeless.index)

    frame = slide(size, title=title, source=source, attribution=attribution)
    figure = frame.figure
    left, bottom, width, height = frame.content
    map_ax = figure.add_axes((left, bottom, width * (1 - LEGEND_WIDTH), height))
    legend_ax = figure.add_axes(
        (left + width * (1 - LEGEND_WIDTH) + 0.01, bottom, width * LEGEND_WIDTH - 0.01, height)
    )
    map_ax.set_facecolor(OUTSIDE_COLOUR)
    for spine in map_ax.spines.values():
        spine.set_color("#bbbbbb")
    map_ax.set_xticks([])
    map_ax.set_yticks([])

    breaks = class_breaks(table[measure])
    shaded = gpd.GeoDataFrame(
        {"fill": [class_colour(v, breaks) for v in table[measure]]},
        geometry=display_geometry(table).to_numpy(),
        crs=units.crs,
    ).to_crs(MAP_CRS)
    shaded.plot(
        ax=map_ax,
        color=shaded["fill"],
        alpha=UNIT_FILL_ALPHA,
        edgecolor="#555555",
        linewidth=0.5 if level == "admin2" else 0.9,
        zorder=1,
    )
    outlines = gpd.GeoSeries(display_geometry(regions).to_numpy(), crs=regions.crs).to_crs(MAP_CRS)
    outlines.boundary.plot(ax=map_ax, color="#222222", linewidth=1.3, zorder=2)

    bounds = _projected_bounds(
        extent if extent is not None else _total_bounds(regions), regions.crs
    )
    _rivers(map_ax, bounds)
    _draw_points(map_ax, placed)
    if level == "admin2" and extent is not None:
        _cercle_labels(map_ax, units.to_crs(MAP_CRS), bounds)
    else:
        _region_labels(map_ax, regions.to_crs(MAP_CRS), bounds, zoomed=extent is not None)
    _towns(map_ax, bounds, zoomed=extent is not None)
    minx, miny, maxx, maxy = _fill_box(bounds, map_ax)
    map_ax.set_xlim(minx, maxx)
    map_ax.set_ylim(miny, maxy)
    map_ax.set_aspect("equal", adjustable="box")
    map_ax.set_xlabel("")
    map_ax.set_ylabel("")
    map_ax.add_artist(
        ScaleBar(
            1,
            "m",
            location="lower left",
            length_fraction=0.22,
            box_alpha=0.75,
            font_properties={"size": 9},
            scale_loc="top",
        )
    )
    _draw_legend(legend_ax, table, level, measure, placed, len(placeless))
    return figure


def map_png(incidents: gpd.GeoDataFrame, units: gpd.GeoDataFrame, **options: Any) -> bytes:
    """The map slide as PNG bytes of exactly ``size`` pixels (options: ``map_figure``'s)."""
    return figure_bytes(map_figure(incidents, units, **options), "png")


def map_svg(incidents: gpd.GeoDataFrame, units: gpd.GeoDataFrame, **options: Any) -> bytes:
    """The map slide as SVG (vector: scales to any slide; options: ``map_figure``'s)."""
    return figure_bytes(map_figure(incidents, units, **options), "svg")


def map_pdf(incidents: gpd.GeoDataFrame, units: gpd.GeoDataFrame, **options: Any) -> bytes:
    """The map slide as a one-page vector PDF (options: ``map_figure``'s)."""
    return figure_bytes(map_figure(incidents, units, **options), "pdf")
