"""folium maps of incidents: a static vector base map and the data layers drawn over it.

The dashboard sends the base map (regions, their names, attribution) once and passes the data
layers to streamlit-folium as ``feature_group_to_add``: the base map's JavaScript never depends
on the data, so changing a filter swaps the layers without remounting (no flicker).
``build_incident_map`` assembles both into one ``folium.Map`` (tests, standalone HTML).

Rendering strategy (see docs/dashboard.md), chosen by the number of placed incidents:

- ``"full"`` (at most ``MARKER_THRESHOLD``): one marker per incident, built in the browser from
  one data array (``IncidentCluster``) and clustered only where they touch; each row carries the
  full popup (title, period with its precision, figures, perpetrator, place and its precision,
  source quote and source: ~0.8 kB). Incidents at one spot form a cluster that spiderfies.
- ``"grid"`` (more): one proportional circle per occupied grid cell (``GridCells``) with the
  cell's counts and figure sums by event type, beside the choropleth's per-unit totals. The
  page then grows with the number of cells, bounded by the country's area, never with the
  number of incidents; narrowing the filter (a click on a region or cercle) brings the
  incidents themselves back once at most ``MARKER_THRESHOLD`` remain.
- ``"view"`` (zoomed in on a grid: ``zoomed_in``): once the visible extent, which
  streamlit-folium returns after every move, holds at most ``MARKER_THRESHOLD`` of the
  filter's incidents, those are drawn as in ``"full"``; zooming out brings the grid back.

The map's behaviour and look live in ``static/map/`` (served like the vendored libraries); each
element here is one call into ``static/map/incident-map.js`` with its data as JSON. HTML comes
from the autoescaped templates in ``viz/templates/`` (``viz.markup``): every text from the data
is escaped with ``viz.style.escape_html`` before it reaches HTML, and reaches scripts as JSON.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import ClassVar, TypeVar

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

from geo import landmarks
from i18n import _, current_language, format_number, ngettext
from incidents import aggregate
from incidents.model import label
from viz.assets import MAP_ASSETS_CSS, MAP_ASSETS_JS, local_assets, use_local_assets
from viz.choropleth import area_title, choropleth_layer, class_breaks, class_labels
from viz.markers import GRID_DEGREES, MARKER_MIN_PX, grid_cells, marker_rows
from viz.markup import render_html, script_template
from viz.style import LEVEL_SINGULAR as LEVEL_SINGULAR  # the pages name their unit from here
from viz.style import (
    LEVELS,
    MEASURES,
    escape_html,
    event_colour,
    ordered_event_types,
)

# Above this many placed incidents, the map draws grid cells instead of markers. Measured: a
# marker row with its full popup costs ~0.8 kB of page (2,000: ~1.6 MB); pages of a few MB are
# where streamlit-folium starts failing (streamlit #1408, folium #1244, #1399).
MARKER_THRESHOLD = 2_000
GRID_COLUMNS = ["event_type", *aggregate.FIGURES, "geometry"]  # what ``grid_cells`` reads
Extent = tuple[float, float, float, float]  # west, south, east, north (degrees)

# Display-only simplification of the polygons (degrees, ~1 km), and coordinate rounding.
SIMPLIFY_TOLERANCE = 0.01
COORD_GRID = 1e-4
BASE_FILL = "#efece6"
# Towns that are not a region's seat are named from this zoom on (below, they crowd the seats).
MINOR_TOWN_ZOOM = 7
# One river name per this much river inside Mali (degrees along the line, ~500 km).
RIVER_LABEL_SPACING = 4.5
# A region name this close (degrees, ~100 km) to a region seat moves off the seat's name.
TOWN_CLEARANCE = 0.9
LABEL_SHIFT_PX = 16
CLUSTER_OPTIONS = {
    "maxClusterRadius": 20,  # only markers that touch are clustered: places stay visible
    "spiderfyOnMaxZoom": True,
    "showCoverageOnHover": False,
    "chunkedLoading": True,
}

_JS_UNSAFE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&{}"})
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def js_json(value: object) -> str:
    """JSON safe inline in a <script> and through folium's second Jinja pass.

    Strings carry no < > & { } (as \\u escapes); the structure's own braces stay, and never
    form a Jinja delimiter (``{`` is always followed by a quote or ``}``).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda string: string.group().translate(_JS_UNSAFE), text)


class MapCall(JSCSSMixin):
    """One call ``incidentMap.<function>(parent layer, data)`` into static/map/incident-map.js.

    The element's own script and stylesheet come with it, so any map or layer holding it
    loads them (streamlit-folium collects ``default_js``/``default_css`` from every element).
    """

    _template = script_template("map_call.js.jinja")
    default_js = MAP_ASSETS_JS
    default_css = MAP_ASSETS_CSS
    function: ClassVar[str]

    def __init__(self, data: object) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.data_json = js_json(data)


class RegionLabels(MapCall):
    """Region names as non-interactive labels in their own pane, under the markers; ``shift``
    moves a name north (+1) or south (-1) by ``LABEL_SHIFT_PX``, off a town's name."""

    function = "regionLabels"

    def __init__(self, labels: list[tuple[float, float, str, int]]) -> None:
        super().__init__(
            [
                {"lat": round(lat, 4), "lon": round(lon, 4), "name": name,
                 "dy": -shift * LABEL_SHIFT_PX}
                for lat, lon, name, shift in labels
            ]
        )  # fmt: skip


class Landmarks(MapCall):
    """The rivers (lines and names) and the main towns (dots and names), inert, under the data;
    towns that are no region's seat are named from ``MINOR_TOWN_ZOOM`` on."""

    function = "landmarks"

    def __init__(
        self,
        rivers: dict[str, object],
        river_labels: list[tuple[float, float, str]],
        towns: list[dict[str, object]],
    ) -> None:
        super().__init__(
            {
                "rivers": rivers,
                "riverLabels": [
                    {"lat": round(lat, 4), "lon": round(lon, 4), "name": name}
                    for lat, lon, name in river_labels
                ],
                "towns": towns,
                "minorZoom": MINOR_TOWN_ZOOM,
            }
        )


class FitBox(MapCall):
    """Fits the map to a box (west, south, east, north) when its layer is added, unless that
    box was the last one fitted (``fit_layer``)."""

    function = "fitBox"

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        super().__init__([round(float(v), 4) for v in box])


class Legend(MapCall):
    """A legend control shown while its parent layer is on the map; ``html`` is its content."""

    function = "legend"

    def __init__(self, html: str) -> None:
        self.html = html
        super().__init__({"html": html})


class Attribution(MapCall):
    """Adds an (escaped) attribution line to the map's attribution control."""

    function = "attribution"

    def __init__(self, text: str) -> None:
        super().__init__(escape_html(text))


# Leaflet.markercluster's own files (the app's copies), then the incident map's.
_CLUSTER_JS = [*local_assets("MarkerCluster", MarkerCluster.default_js), *MAP_ASSETS_JS]
_CLUSTER_CSS = [*local_assets("MarkerCluster", MarkerCluster.default_css), *MAP_ASSETS_CSS]


class IncidentCluster(MarkerCluster):
    """Incident markers built in the browser from one data array, clustered where they touch.

    One call for all markers (folium compiles a Jinja template per element, so one
    ``folium.Marker`` per incident costs ~10 ms each to render). ``rows`` are
    ``viz.markers.marker_rows``; ``types`` names the event type of each index. Every word the
    browser shows comes with the data, in the reader's language.
    """

    _template = MapCall._template
    default_js = _CLUSTER_JS
    default_css = _CLUSTER_CSS
    function = "incidentCluster"

    def __init__(self, rows: list[list[object]], types: list[str], *, name: str) -> None:
        super().__init__(name=name, **CLUSTER_OPTIONS)
        self._name = "IncidentCluster"
        self.data = rows
        self.data_json = js_json(
            {
                "rows": rows,
                "types": [label("event type", t) for t in types],
                "colours": [event_colour(t) for t in types],
                "options": self.options,
            }
        )


class GridCells(MapCall):
    """Grid cells drawn as circles whose area follows their incidents, coloured by the cell's
    most frequent event type; a click shows the cell's counts (``viz.markers.grid_cells``).
    """

    function = "gridCells"
    # streamlit-folium loads a map's scripts once, when it mounts: the grid brings those of
    # the markers a narrower filter or a zoom draws later in the same map.
    default_js = _CLUSTER_JS
    default_css = _CLUSTER_CSS

    def __init__(self, cells: list[list[object]], types: list[str]) -> None:
        self.cells = cells
        super().__init__(
            {
                "cells": cells,
                "types": [label("event type", t) for t in types],
                "colours": [event_colour(t) for t in types],
                "language": current_language(),
                # Whole messages the browser fills with a cell's numbers ({n}, {type}).
                "labels": {
                    "title": _("Incidents in this area (grid cell)"),
                    "incidents": _("Incidents: {n}"),
                    "killed": _("Killed: {n}"),
                    "injured": _("Injured: {n}"),
                    "missing": _("Missing: {n}"),
                    "detained": _("Detained: {n}"),
                    "byType": _("By event type"),
                    "type": _("{type}: {n}"),
                    "hint": _(
                        "Zoom in, click the region or cercle, or filter, to see each incident."
                    ),
                },
            }
        )


_E = TypeVar("_E", bound=Element)


def _copy_tree(element: _E) -> _E:
    """A copy of ``element`` and of its children, sharing their data (which rendering only
    reads): streamlit-folium adds the layers it is given to its map and renames them."""
    copied = copy.copy(element)
    copied._parent = None
    copied._children = OrderedDict()
    for name, child in element._children.items():
        child_copy = _copy_tree(child)
        child_copy._parent = copied
        copied._children[name] = child_copy
    return copied


@dataclass(frozen=True)
class MapLayers:
    """The data layers of a map and what they leave out.

    One ``MapLayers`` may serve many renders at once (it is cached across sessions), so it
    never hands out its own layers: ``groups`` gives fresh copies on every call.
    """

    templates: tuple[folium.FeatureGroup, ...]  # never rendered: copied by ``groups``
    units: gpd.GeoDataFrame  # per-unit table drawn as the choropleth
    drawn: int  # placed incidents: drawn as markers (those in view), or in the grid cells
    placeless: pd.DataFrame  # incidents with no place: listed beside the map
    unplaced_at_level: int  # incidents with no unit at this level (no place or coarser)
    # "full" (a marker per incident), "grid" (a circle per grid cell) or "view" (a marker per
    # incident in view, zoomed in on a grid: ``zoomed_in``)
    strategy: str

    @property
    def groups(self) -> list[folium.FeatureGroup]:
        """The layers to draw (the shading with its legend, then the incidents or cells)."""
        return [_copy_tree(group) for group in self.templates]


def _check(name: str, value: str, allowed: Collection[str]) -> None:
    if value not in allowed:
        raise ValueError(f"`{name}` was {value!r} but is expected to be in {tuple(allowed)}")


@functools.lru_cache(maxsize=4)
def _simplified(wkb: tuple[bytes, ...]) -> np.ndarray:
    shapes = shapely.from_wkb(np.array(wkb, dtype=object))
    simplified = shapely.simplify(shapes, SIMPLIFY_TOLERANCE, preserve_topology=True)
    return shapely.set_precision(simplified, COORD_GRID)


def display_geometry(units: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Polygons simplified for the screen (never used for counting).

    Kept for the few sets of units a server draws (regions, cercles), known by their exact
    shapes: simplifying costs about a hundred times reading the shapes.
    """
    simplified = _simplified(tuple(shapely.to_wkb(units.geometry.to_numpy())))
    return gpd.GeoSeries(simplified.copy(), crs=units.crs)


def _region_label(name: str, geometry: shapely.Geometry, seats: gpd.GeoSeries) -> tuple:
    point = geometry.representative_point()
    return point.y, point.x, name, away_from_towns(point, seats, TOWN_CLEARANCE)


def away_from_towns(point: shapely.Point, towns: gpd.GeoSeries, clearance: float) -> int:
    """Which way a label at ``point`` moves off the nearest town's name: -1 south (the town
    is north of it or level), +1 north, 0 when no town is closer than ``clearance``."""
    distances = shapely.distance(towns.to_numpy(), point)  # in the frame's own units
    if not len(distances) or distances.min() >= clearance:
        return 0
    return -1 if towns.iloc[int(distances.argmin())].y >= point.y else 1


def river_label_points(
    rivers: gpd.GeoDataFrame, within: shapely.Geometry, spacing: float
) -> list[tuple[float, float, str]]:
    """Where to name each river (y, x, name), in the frame's coordinates: along its course
    inside ``within``, one name per ``spacing`` of river, centred on its share of the stretch;
    the longest stretch in view is named at least once, shorter ones only if long enough."""
    points = []
    for name, line in zip(rivers["name"], rivers.geometry, strict=True):
        inside = shapely.line_merge(shapely.intersection(line, within))
        stretches = sorted(
            (p for p in shapely.get_parts(inside) if p.geom_type == "LineString"),
            key=lambda part: -part.length,
        )
        for number, stretch in enumerate(stretches):
            count = round(stretch.length / spacing) or (1 if number == 0 else 0)
            for k in range(count):
                point = stretch.interpolate((k + 0.5) / count, normalized=True)
                points.append((point.y, point.x, name))
    return points


def town_rows(towns: gpd.GeoDataFrame) -> list[dict[str, object]]:
    """``geo.landmarks.main_towns`` as the browser draws them (position rounded to ~10 m)."""
    return [
        {"name": name, "lat": round(point.y, 4), "lon": round(point.x, 4),
         "capital": bool(capital), "seat": bool(seat)}
        for name, point, capital, seat in zip(
            towns["name"], towns.geometry, towns["capital"], towns["seat"], strict=True
        )
    ]  # fmt: skip


def river_lines(rivers: gpd.GeoDataFrame) -> dict[str, object]:
    """The rivers as a GeoJSON FeatureCollection of lines with their names."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name},
             "geometry": shapely.geometry.mapping(geometry)}
            for name, geometry in zip(rivers["name"], rivers.geometry, strict=True)
        ],
    }  # fmt: skip


def _landmarks(regions: gpd.GeoDataFrame) -> Landmarks:
    shown = landmarks.rivers()
    country = shapely.union_all(regions.geometry.to_numpy())
    return Landmarks(
        river_lines(shown),
        river_label_points(shown, country, RIVER_LABEL_SPACING),
        town_rows(landmarks.main_towns()),
    )


def build_base_map(regions: gpd.GeoDataFrame, *, attribution: str) -> folium.Map:
    """The static map: no tiles, region polygons as the base layer, region names, the rivers
    and main towns (``geo.landmarks``), attribution.

    Nothing here depends on the incidents, so its JavaScript is the same on every rerun (of a
    language). ``attribution`` is a catalogue message (marked where it is defined), shown in
    the reader's language; the region names are data and stay as they are.
    """
    minx, miny, maxx, maxy = regions.total_bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        # a tile-less map must name its zoom range itself (Leaflet.markercluster needs
        # maxZoom); the zoom is fractional so that Mali fills the box
        minZoom=4,
        maxZoom=15,
        zoomSnap=0.25,
    )
    base = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(sid), "properties": {},
             "geometry": shapely.geometry.mapping(geom)}
            for sid, geom in zip(regions["shape_id"], display_geometry(regions), strict=True)
        ],
    }  # fmt: skip
    folium.GeoJson(
        base,
        name=_("Regions (base layer)"),
        style_function=lambda _: {
            "fillColor": BASE_FILL,
            "fillOpacity": 1,
            "color": "#555",
            "weight": 1.2,
        },
        interactive=False,
        control=False,
    ).add_to(m)
    _landmarks(regions).add_to(m)
    towns = landmarks.main_towns()
    seats = towns.geometry[towns["seat"]]
    RegionLabels(
        [
            _region_label(name, g, seats)
            for name, g in zip(regions["name"], regions.geometry, strict=True)
        ]
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    Attribution(_(attribution)).add_to(m)
    return use_local_assets(m)


def fit_layer(box: tuple[float, float, float, float]) -> folium.FeatureGroup:
    """A layer that draws nothing and fits the map to ``box`` (west, south, east, north): sent
    beside the data layers, it zooms the map to the chosen place without remounting it, and
    only when the place changes (``FitBox``)."""
    group = folium.FeatureGroup(control=False)
    FitBox(box).add_to(group)
    return group


def _legend_html(
    table: gpd.GeoDataFrame,
    level: str,
    measure: str,
    types: list[str],
    *,
    grid_note: str,
    open_: bool,
) -> str:
    return render_html(
        "legend.html",
        open=open_,
        title=area_title(measure, level),
        stated_figures=measure != "incidents",
        classes=class_labels(class_breaks(table[measure])),
        event_types=[(label("event type", t), event_colour(t)) for t in types],
        smallest_marker_px=MARKER_MIN_PX,
        grid_note=grid_note,
    )


def _grid_note(placed: int, marker_threshold: int) -> str:
    return ngettext(
        "{count} incident: more than {threshold}, so each circle sums a grid cell of "
        "{degrees}° (circle area: incidents; colour: its most frequent event type; click it "
        "for the counts). Zoom in until at most {threshold} are in view, click a region or "
        "cercle, or narrow the filters, to see each incident with its full record.",
        "{count} incidents: more than {threshold}, so each circle sums a grid cell of "
        "{degrees}° (circle area: incidents; colour: its most frequent event type; click it "
        "for the counts). Zoom in until at most {threshold} are in view, click a region or "
        "cercle, or narrow the filters, to see each incident with its full record.",
        placed,
    ).format(
        count=format_number(placed),
        threshold=format_number(marker_threshold),
        degrees=format_number(GRID_DEGREES),
    )


def _marker_group(placed: pd.DataFrame, types: list[str]) -> folium.FeatureGroup:
    points = folium.FeatureGroup(name=_("Incidents"))
    IncidentCluster(marker_rows(placed, types), types, name=_("Incidents")).add_to(points)
    return points


def build_layers(
    incidents: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    measure: str = "incidents",
    level: str = "admin1",
    marker_threshold: int = MARKER_THRESHOLD,
    legend_open: bool = True,
) -> MapLayers:
    """The data layers for ``incidents`` over ``units`` (regions or cercles of ``level``).

    ``legend_open=False`` starts the legend folded (small maps). Every element of the layers
    names the app's own copies of its scripts and stylesheets.
    """
    _check("measure", measure, MEASURES)
    _check("level", level, LEVELS)
    summary = aggregate.unit_summary(incidents, units, level)
    table = summary.table
    if "admin1" not in table:
        table["admin1"] = table["name"]
    has_point = aggregate.has_place(incidents)
    placeless = incidents[~has_point]
    placed_count = int(has_point.sum())
    strategy = "full" if placed_count <= marker_threshold else "grid"
    # The grid reads only these columns: copying the others would cost more than the grid.
    columns = incidents.columns if strategy == "full" else GRID_COLUMNS
    placed = incidents.loc[has_point, columns] if len(placeless) else incidents[columns]
    types = ordered_event_types(placed["event_type"].unique())

    areas = folium.FeatureGroup(name=area_title(measure, level))
    choropleth_layer(table, display_geometry(table), level, measure).add_to(areas)
    grid_note = _grid_note(placed_count, marker_threshold) if strategy == "grid" else ""
    legend = _legend_html(table, level, measure, types, grid_note=grid_note, open_=legend_open)
    Legend(legend).add_to(areas)

    if strategy == "full":
        points = _marker_group(placed, types)
    else:
        points = folium.FeatureGroup(name=_("Incidents"))
        GridCells(grid_cells(placed, types), types).add_to(points)
    return MapLayers(
        templates=(areas, points),
        units=table,
        drawn=placed_count,
        placeless=placeless,
        unplaced_at_level=summary.unplaced,
        strategy=strategy,
    )


def in_extent(incidents: pd.DataFrame, extent: Extent) -> np.ndarray:
    """Which incidents have a place inside ``extent`` (west, south, east, north), as a mask."""
    west, south, east, north = extent
    geometry = incidents.geometry.to_numpy()
    lon, lat = shapely.get_x(geometry), shapely.get_y(geometry)  # NaN without a point
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)


def zoomed_in(
    layers: MapLayers,
    incidents: gpd.GeoDataFrame,
    extent: Extent,
    *,
    marker_threshold: int = MARKER_THRESHOLD,
) -> MapLayers | None:
    """``layers`` (of ``incidents``) with the incidents inside ``extent`` drawn one by one,
    with their popups, instead of the grid: when the view holds at most ``marker_threshold``.

    None when it holds more, or when ``layers`` already draw every incident. The shading and
    the legend stay those of all of ``incidents``.
    """
    if layers.strategy != "grid":
        return None
    inside = in_extent(incidents, extent)
    count = int(inside.sum())
    if count > marker_threshold:
        return None
    placed = incidents[inside]
    points = _marker_group(placed, ordered_event_types(placed["event_type"].unique()))
    return replace(layers, templates=(layers.templates[0], points), drawn=count, strategy="view")


def build_incident_map(
    incidents: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    *,
    attribution: str,
    units: gpd.GeoDataFrame | None = None,
    measure: str = "incidents",
    level: str = "admin1",
    marker_threshold: int = MARKER_THRESHOLD,
) -> folium.Map:
    """The whole map in one object: base map plus data layers (``units`` default: regions)."""
    m = build_base_map(regions, attribution=attribution)
    layers = build_layers(
        incidents,
        regions if units is None else units,
        measure=measure,
        level=level,
        marker_threshold=marker_threshold,
    )
    for group in layers.groups:
        group.add_to(m)
    return use_local_assets(m)
