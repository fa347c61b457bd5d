"""folium maps of incidents: a static vector base map and the data layers drawn over it.

The dashboard sends the base map (regions, their names, attribution) once and passes the data
layers to streamlit-folium as ``feature_group_to_add``: the base map's JavaScript never depends
on the data, so changing a filter swaps the layers without remounting (no flicker).
``build_incident_map`` assembles both into one ``folium.Map`` (tests, standalone HTML).

Rendering strategy (see docs/dashboard.md): markers are built in the browser from one data
array (``IncidentCluster``) and clustered only where they touch, so the DOM holds the markers in
view and the page holds one short row per incident, never one folium element per incident. Up to
``MARKER_THRESHOLD`` placed incidents, each row carries the full popup (title, period with its
precision, figures, perpetrator, place and its precision, source quote and source: ~0.8 kB);
above it, rows are compact (~65 bytes) and the popup names the incident id, date and figures.
Incidents at the same spot form a numbered cluster that spiderfies when clicked.

Every text from the data is escaped (``viz.style.escape_html``) before it reaches HTML.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.plugins import FastMarkerCluster
from folium.template import Template

from incidents import aggregate
from viz.assets import use_local_assets
from viz.style import (
    CHOROPLETH_COLOURS,
    MEASURES,
    PRECISION_WORDS,
    escape_html,
    event_colour,
    format_figure,
    format_period,
    ordered_event_types,
)

LEVELS: dict[str, str] = {"admin1": "Regions", "admin2": "Cercles"}
LEVEL_SINGULAR: dict[str, str] = {"admin1": "region", "admin2": "cercle"}

# Above this many placed incidents, marker rows drop the full popup. Measured: a full row costs
# ~0.8 kB of page (2,000: ~1.6 MB), a compact row ~65 bytes (20,000: ~1.3 MB). Pages of a few
# MB are where streamlit-folium starts failing (streamlit #1408, folium #1244, #1399).
MARKER_THRESHOLD = 2_000

# Display-only simplification of the polygons (degrees, ~1 km), and coordinate rounding.
SIMPLIFY_TOLERANCE = 0.01
COORD_GRID = 1e-4
COARSE_PRECISIONS = frozenset({"commune", "cercle", "region"})
GEO_PRECISION_WORDS: dict[str, str] = {
    "point": "the named place itself",
    "near": "near the named place (within ~25 km)",
    "commune": "somewhere in the commune (drawn at its centre)",
    "cercle": "somewhere in the cercle (drawn at its centre)",
    "region": "somewhere in the region (drawn at its centre)",
    "country": "Mali, no place given",
}
MARKER_MIN_PX, MARKER_MAX_PX = 10, 40
# A tile-less map must name its zoom range itself (Leaflet.markercluster needs maxZoom).
ZOOM_OPTIONS = {"minZoom": 4, "maxZoom": 15, "zoomSnap": 0.25}  # fractional: Mali fills the box
BASE_FILL = "#efece6"
CLUSTER_OPTIONS = {
    "maxClusterRadius": 20,  # only markers that touch are clustered: places stay visible
    "spiderfyOnMaxZoom": True,
    "showCoverageOnHover": False,
    "chunkedLoading": True,
}

_CSS = """
<style>
.region-label {font: 600 13px/1.2 sans-serif; color: #222; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; text-align: center;}
.incident-marker > div {border-radius: 50%; border: 1.5px solid #222; opacity: 0.9;
  box-sizing: border-box;}
.incident-marker.approx > div {border-style: dashed; opacity: 0.6;}
.map-legend {background: rgba(255,255,255,0.93); padding: 5px 8px; font: 11px/1.3 sans-serif;
  color: #222; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); max-width: 230px;}
.incident-cluster > div {width: 100%; height: 100%; border-radius: 50%; background: #333;
  color: #fff; border: 2px solid #fff; box-sizing: border-box; display: flex;
  align-items: center; justify-content: center; font: 600 12px sans-serif;}
.map-legend h4 {margin: 0 0 3px; font-size: 12px;}
.map-legend .classes {display: flex; flex-wrap: wrap; gap: 2px 6px;}
.map-legend .classes > div {display: flex; flex-direction: column; align-items: center;}
.map-legend .classes .swatch {margin: 0 0 1px;}
.map-legend summary {cursor: pointer; font-weight: 600;}
.leaflet-control-attribution {font-size: 10px; line-height: 1.3;}
.map-legend .swatch {display: inline-block; width: 14px; height: 12px; margin-right: 5px;
  border: 1px solid #555; vertical-align: middle;}
.map-legend .dot {display: inline-block; border-radius: 50%; border: 1.5px solid #222;
  margin-right: 5px; vertical-align: middle; box-sizing: border-box;}
.incident-popup {font: 13px/1.4 sans-serif; max-height: 320px; overflow-y: auto;}
.incident-popup blockquote {margin: 4px 0; padding-left: 6px; border-left: 3px solid #999;
  font-style: italic;}
.incident-popup .meta {color: #555; font-size: 11px;}
</style>
"""


class Attribution(folium.MacroElement):
    """Adds an (escaped) attribution line to the map's attribution control."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = escape_html(text)


class RegionLabels(folium.MacroElement):
    """Region names as non-interactive labels in their own pane, under the markers.

    Built directly with L.divIcon: a folium.Marker first draws Leaflet's default pin image
    (which the app does not serve) before its DivIcon replaces it.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.createPane("region-labels");
            map.getPane("region-labels").style.zIndex = 550;
            map.getPane("region-labels").style.pointerEvents = "none";
            {{ this.labels_json }}.forEach(function (label) {
                var div = document.createElement("div");
                div.className = "region-label";
                div.textContent = label[2];
                L.marker([label[0], label[1]], {
                    icon: L.divIcon({className: "region-label-icon", html: div.outerHTML,
                                     iconSize: [140, 18], iconAnchor: [70, 9]}),
                    interactive: false, keyboard: false, pane: "region-labels"
                }).addTo(map);
            });
        })();
        {% endmacro %}"""
    )

    def __init__(self, labels: list[tuple[float, float, str]]) -> None:
        super().__init__()
        self._name = "RegionLabels"
        self.labels_json = _js_json(
            [[round(lat, 4), round(lon, 4), name] for lat, lon, name in labels]
        )


class Legend(folium.MacroElement):
    """A legend control shown while its parent layer is on the map (our HTML, no CDN).

    It folds when a popup opens: Leaflet draws controls above popups.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var legend = L.control({position: "topleft"});  // Mauritania's corner: no data
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "map-legend");
                div.innerHTML = "<details{{ ' open' if this.open else '' }}><summary>Legend" +
                                "</summary>" + {{ this.html|tojson }} + "</details>";
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            function fold() {
                var details = legend.getContainer() && legend.getContainer().firstChild;
                if (details) { details.open = false; }
            }
            var map = null;
            function show() {
                if (!group._map) { return; }
                map = group._map;
                legend.addTo(map);
                map.on("popupopen", fold);
            }
            group.on("add", show);
            group.on("remove", function () {
                legend.remove();
                if (map) { map.off("popupopen", fold); }
            });
            show();
        })();
        {% endmacro %}"""
    )

    def __init__(self, html: str, *, open_: bool = True) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.open = open_


class IncidentCluster(FastMarkerCluster):
    """Incident markers built in the browser from one data array, clustered where they touch.

    One template for all markers (folium compiles a Jinja template per element, so one
    ``folium.Marker`` per incident costs ~10 ms each to render), added in one bulk call.
    Each row is ``[lat, lon, event type index, size px, approximate (0/1), ...]`` followed by
    either ``tooltip html, popup html`` (full rows, escaped in Python) or ``killed (-1 = not
    stated), id, start date, date precision index`` (compact rows, popup built with
    ``textContent``).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            {{ this.callback }}
            var data = {{ this.data_json }};
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            {%- if this.icon_create_function is not none %}
            cluster.options.iconCreateFunction = {{ this.icon_create_function.strip() }};
            {%- endif %}
            var markers = new Array(data.length);
            for (var i = 0; i < data.length; i++) { markers[i] = callback(data[i]); }
            cluster.addLayers(markers);
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}"""
    )

    def __init__(self, rows: list[list[object]], *, callback: str, **options: object) -> None:
        super().__init__(rows, callback=callback, **options)
        self.data_json = _js_json(self.data)


# Neutral clusters (the default green/yellow/orange would read as event types).
_CLUSTER_ICON = """function (cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 26 : count < 100 ? 32 : 40;
    return L.divIcon({html: "<div>" + count + "</div>", iconSize: [size, size],
                      className: "marker-cluster incident-cluster"});
}"""

# FastMarkerCluster wraps this expression as `var callback = ...;`.
_MARKER_CALLBACK = """(function () {
    var types = %(types)s, colours = %(colours)s, precisions = %(precisions)s;
    function line(parent, text) {
        var p = document.createElement("div"); p.textContent = text; parent.appendChild(p);
    }
    function shortPopup(row) {
        var div = document.createElement("div");
        div.className = "incident-popup";
        line(div, "Incident " + row[6]);
        line(div, types[row[2]]);
        line(div, "Starts " + row[7] + " (" + precisions[row[8]] + ")");
        line(div, "Killed: " + (row[5] < 0 ? "not stated" : row[5]));
        line(div, "Full record and source quote: Incidents page, search this id.");
        return div;
    }
    return function (row) {
        var size = row[3];
        var icon = L.divIcon({
            className: "incident-marker" + (row[4] ? " approx" : ""),
            iconSize: [size, size],
            html: '<div style="background:' + colours[row[2]] + ";width:" + size +
                  "px;height:" + size + 'px"></div>'
        });
        var marker = L.marker([row[0], row[1]], {icon: icon});
        if (row.length === 7) {
            marker.bindTooltip(row[5]);
            marker.bindPopup(row[6], {maxWidth: 380});
        } else {
            marker.bindPopup(function () { return shortPopup(row); });
        }
        return marker;
    };
})()"""


@dataclass(frozen=True)
class MapLayers:
    """The data layers of a map and what they leave out."""

    groups: list[folium.FeatureGroup]
    units: gpd.GeoDataFrame  # per-unit table drawn as the choropleth
    drawn: int  # incidents drawn as markers
    placeless: pd.DataFrame  # incidents with no place: listed beside the map
    unplaced_at_level: int  # incidents with no unit at this level (no place or coarser)
    strategy: str  # "full" (full popups) or "compact" (short popups)


def _check(name: str, value: str, allowed: object) -> None:
    if value not in allowed:
        raise ValueError(f"`{name}` was {value!r} but is expected to be in {tuple(allowed)}")


_JS_UNSAFE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&{}"})


def _js_json(value: object) -> str:
    """JSON safe inline in a <script> and through folium's second Jinja pass: no < > & { }."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JS_UNSAFE)


def display_geometry(units: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Polygons simplified for the screen (never used for counting)."""
    simplified = units.geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    return gpd.GeoSeries(shapely.set_precision(simplified.to_numpy(), COORD_GRID), crs=units.crs)


def _label_point(geometry: shapely.Geometry) -> tuple[float, float]:
    point = geometry.representative_point()
    return point.y, point.x


def build_base_map(regions: gpd.GeoDataFrame, *, attribution: str) -> folium.Map:
    """The static map: no tiles, region polygons as the base layer, region names, attribution.

    Nothing here depends on the incidents, so its JavaScript is the same on every rerun.
    """
    minx, miny, maxx, maxy = regions.total_bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        **ZOOM_OPTIONS,
    )
    m.get_root().header.add_child(folium.Element(_CSS), name="incident_map_css")
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
        name="Regions (base layer)",
        style_function=lambda _: {
            "fillColor": BASE_FILL,
            "fillOpacity": 1,
            "color": "#555",
            "weight": 1.2,
        },
        interactive=False,
        control=False,
    ).add_to(m)
    RegionLabels(
        [
            (*_label_point(g), name)
            for name, g in zip(regions["name"], regions.geometry, strict=True)
        ]
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    Attribution(attribution).add_to(m)
    return use_local_assets(m)


def class_breaks(values: pd.Series, classes: int = 4) -> list[int]:
    """Upper bounds of up to ``classes`` classes for the non-zero values (zero has its own)."""
    positive = np.sort(values[values > 0].to_numpy(dtype=float))
    if positive.size == 0:
        return []
    quantiles = np.quantile(positive, np.linspace(0, 1, classes + 1)[1:], method="higher")
    return sorted({math.ceil(q) for q in quantiles})


def class_colour(value: float, breaks: list[int]) -> str:
    if not value or value <= 0:
        return CHOROPLETH_COLOURS[0]
    for index, upper in enumerate(breaks):
        if value <= upper:
            return CHOROPLETH_COLOURS[index + 1 + (4 - len(breaks))]
    return CHOROPLETH_COLOURS[-1]


def _class_labels(breaks: list[int]) -> list[tuple[str, str]]:
    labels = [(CHOROPLETH_COLOURS[0], "0")]
    lower = 1
    for upper in breaks:
        text = f"{lower:,}" if lower == upper else f"{lower:,}–{upper:,}"
        labels.append((class_colour(upper, breaks), text))
        lower = upper + 1
    return labels


def _unit_label(row: pd.Series, level: str, measure: str) -> str:
    name = escape_html(row["name"])
    if level == "admin2":
        name += f" <small>({escape_html(row['admin1'])})</small>"
    value = int(row[measure])
    noun = MEASURES[measure].lower()
    figure = f"{value:,} {noun}" if measure == "incidents" else f"{value:,} {noun} (stated)"
    return f"<b>{name}</b><br>{figure}<br><i>Click to filter to this {LEVEL_SINGULAR[level]}</i>"


def _choropleth(table: gpd.GeoDataFrame, level: str, measure: str) -> folium.GeoJson:
    breaks = class_breaks(table[measure])
    features = []
    for (_, row), geometry in zip(table.iterrows(), display_geometry(table), strict=True):
        features.append(
            {
                "type": "Feature",
                "id": str(row["shape_id"]),
                "geometry": shapely.geometry.mapping(geometry),
                "properties": {
                    "name": row["name"],
                    "admin1": row["admin1"],
                    "level": level,
                    "value": int(row[measure]),
                    "fill": class_colour(row[measure], breaks),
                    "label": _unit_label(row, level, measure),
                },
            }
        )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=f"{MEASURES[measure]} per {LEVEL_SINGULAR[level]}",
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "fillOpacity": 0.75,
            "color": "#444", "weight": 1.5 if level == "admin1" else 0.7,
        },
        highlight_function=lambda _: {"weight": 3, "color": "#000"},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
        zoom_on_click=False,
    )  # fmt: skip


def marker_sizes(incidents: pd.DataFrame) -> np.ndarray:
    """Marker diameter in pixels: grows with the square root of killed + injured (stated)."""
    casualties = np.zeros(len(incidents))
    for column in ("killed", "injured"):
        casualties += incidents[column].fillna(0).to_numpy(dtype=float)
    sizes = MARKER_MIN_PX + 3 * np.sqrt(casualties)
    return np.minimum(MARKER_MAX_PX, sizes).astype(int)


def incident_popup_html(row: pd.Series) -> str:
    """The full popup of one incident; every data text escaped."""
    e = escape_html
    period = format_period(row["date_start"], row["date_end"], row["date_precision"])
    precision = PRECISION_WORDS.get(row["date_precision"], row["date_precision"])
    figures = "".join(
        f"<tr><td>{label}</td><td>{e(format_figure(row[column]))}</td></tr>"
        for column, label in (("killed", "Killed"), ("injured", "Injured"),
                              ("missing", "Missing"), ("detained", "Detained"))
        if not pd.isna(row[column])
    ) or "<tr><td colspan=2>No figure stated</td></tr>"  # fmt: skip
    note = f"<div>Figures: {e(row['casualty_note'])}</div>" if row.get("casualty_note") else ""
    alt = f"<div>Other sources: {e(row['alt_figures'])}</div>" if row.get("alt_figures") else ""
    place_precision = GEO_PRECISION_WORDS.get(row["geo_precision"], row["geo_precision"])
    admin = ", ".join(e(v) for v in (row["admin2"], row["admin1"]) if isinstance(v, str) and v)
    perpetrator = row["perpetrator"] or "not named by the source"
    geocoding = (  # how the place was found, when that matters for trusting it
        f"<div class=meta>{e(row['geocode_note'])}</div>"
        if row.get("geocode_status") in ("ambiguous", "fallback", "override")
        and row.get("geocode_note")
        else ""
    )
    return (
        f'<div class="incident-popup"><b>{e(row["title"])}</b>'
        f"<div>{e(period)} <span class=meta>({e(precision)})</span></div>"
        f"<div>{e(row['event_type'])} / {e(row['sub_event_type'])}</div>"
        f"<table>{figures}</table>{note}{alt}"
        f"<div>Perpetrator: {e(perpetrator)} <span class=meta>({e(row['perpetrator_type'])})"
        "</span></div>"
        f"<div>Place: {e(row['location'])}{' — ' + admin if admin else ''}"
        f" <span class=meta>({e(place_precision)})</span></div>{geocoding}"
        f"<blockquote>{e(row['source_quote'])}</blockquote>"
        f"<div class=meta>Source: {e(row['source'])} · {e(row['id'])}</div></div>"
    )


def marker_rows(placed: pd.DataFrame, types: list[str], *, full: bool) -> list[list[object]]:
    """One array per placed incident for ``IncidentCluster`` (layout in its docstring)."""
    type_index = {t: i for i, t in enumerate(types)}
    columns: list[list[object]] = [
        np.round(placed.geometry.y.to_numpy(), 5).tolist(),
        np.round(placed.geometry.x.to_numpy(), 5).tolist(),
        placed["event_type"].map(type_index).fillna(0).astype(int).tolist(),
        marker_sizes(placed).tolist(),
        placed["geo_precision"].isin(COARSE_PRECISIONS).astype(int).tolist(),
    ]
    if full:
        columns.append([escape_html(t) for t in placed["title"]])
        columns.append([incident_popup_html(row) for _, row in placed.iterrows()])
    else:
        precision_index = {p: i for i, p in enumerate(PRECISION_WORDS)}
        columns += [
            placed["killed"].fillna(-1).astype(int).tolist(),
            placed["id"].astype(str).tolist(),
            placed["date_start"].dt.strftime("%Y-%m-%d").fillna("").tolist(),
            placed["date_precision"].map(precision_index).fillna(0).astype(int).tolist(),
        ]
    return [list(row) for row in zip(*columns, strict=True)]


def _incident_cluster(placed: pd.DataFrame, *, full: bool) -> IncidentCluster:
    types = ordered_event_types(placed["event_type"])
    callback = _MARKER_CALLBACK % {
        "types": _js_json(types),
        "colours": _js_json([event_colour(t) for t in types]),
        "precisions": _js_json(list(PRECISION_WORDS.values())),
    }
    return IncidentCluster(
        marker_rows(placed, types, full=full),
        callback=callback,
        name="Incidents",
        icon_create_function=_CLUSTER_ICON,
        **CLUSTER_OPTIONS,
    )


def _legend_html(
    table: gpd.GeoDataFrame, level: str, measure: str, placed: pd.DataFrame, strategy: str
) -> str:
    breaks = class_breaks(table[measure])
    noun = MEASURES[measure]
    title = f"{noun} per {LEVEL_SINGULAR[level]}"
    if measure != "incidents":
        title += " (sum of stated figures)"
    parts = [f"<h4>{escape_html(title)}</h4>"]
    # classes side by side: the legend stays short enough to clear Kayes on a 720-pixel screen
    parts.append('<div class="classes">')
    parts += [
        f'<div><span class="swatch" style="background:{colour}"></span>{escape_html(text)}</div>'
        for colour, text in _class_labels(breaks)
    ]
    parts.append("</div>")
    types = ordered_event_types(placed["event_type"])
    if types:
        parts.append("<h4 style='margin-top:6px'>Incidents by event type</h4>")
        parts += [
            f'<div><span class="dot" style="background:{event_colour(t)};width:12px;'
            f'height:12px"></span>{escape_html(t)}</div>'
            for t in types
        ]
        parts.append(
            f'<div><span class="dot" style="width:{MARKER_MIN_PX}px;height:{MARKER_MIN_PX}px">'
            f'</span>→<span class="dot" style="width:24px;height:24px"></span>'
            "size: killed + injured</div>"
            '<div><span class="dot" style="border-style:dashed;width:12px;height:12px">'
            "</span>dashed: located only to commune/cercle/region</div>"
            '<div><span class="dot" style="width:14px;height:14px;background:#333"></span>'
            "several at one spot: click</div>"
        )
        if strategy == "compact":
            parts.append(f"<div><i>{len(placed):,} incidents: short popups; see the "
                         "Incidents page for full records.</i></div>")  # fmt: skip
    return "".join(parts)


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

    ``legend_open=False`` starts the legend folded (small maps)."""
    _check("measure", measure, MEASURES)
    _check("level", level, LEVELS)
    table = aggregate.per_unit(incidents, units, level)
    if "admin1" not in table:
        table["admin1"] = table["name"]
    placeless = aggregate.placeless(incidents)
    placed = incidents.drop(index=placeless.index)
    strategy = "full" if len(placed) <= marker_threshold else "compact"

    areas = folium.FeatureGroup(name=f"{MEASURES[measure]} per {LEVEL_SINGULAR[level]}")
    _choropleth(table, level, measure).add_to(areas)
    Legend(_legend_html(table, level, measure, placed, strategy), open_=legend_open).add_to(areas)

    points = folium.FeatureGroup(name="Incidents")
    _incident_cluster(placed, full=strategy == "full").add_to(points)
    groups = _localised([areas, points])
    return MapLayers(
        groups=groups,
        units=table,
        drawn=len(placed),
        placeless=placeless,
        unplaced_at_level=aggregate.unplaced_count(incidents, level),
        strategy=strategy,
    )


def _localised(groups: list[folium.FeatureGroup]) -> list[folium.FeatureGroup]:
    """Point the layers' plugin assets at our vendored copies.

    ``use_local_assets`` works on a map (it checks the zoom range clustering needs), so the
    layers are checked on a stand-in map with the base map's options; streamlit-folium (or
    ``build_incident_map``) then re-parents them onto the real map.
    """
    holder = folium.Map(tiles=None, **ZOOM_OPTIONS)
    for group in groups:
        holder.add_child(group)
    use_local_assets(holder)
    return groups


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
