"""The choropleth of a measure per region or cercle: classes, their colours, labels and layer.

Classes are quantiles of the non-zero values (zero has a class of its own), coloured with the
grey ramp of ``viz.style.CHOROPLETH_COLOURS``; each unit's tooltip names it and its figure.
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from i18n import N_, _, format_number
from viz.markup import render_html
from viz.style import CHOROPLETH_COLOURS, measure_count

# What the shading shows, by (measure, level): one whole message each, for the translators.
AREA_TITLES: dict[tuple[str, str], str] = {
    ("incidents", "admin1"): N_("Incidents per region"),
    ("incidents", "admin2"): N_("Incidents per cercle"),
    ("killed", "admin1"): N_("Killed per region"),
    ("killed", "admin2"): N_("Killed per cercle"),
    ("injured", "admin1"): N_("Injured per region"),
    ("injured", "admin2"): N_("Injured per cercle"),
    ("missing", "admin1"): N_("Missing per region"),
    ("missing", "admin2"): N_("Missing per cercle"),
    ("detained", "admin1"): N_("Detained per region"),
    ("detained", "admin2"): N_("Detained per cercle"),
}


def area_title(measure: str, level: str) -> str:
    """The shading's title in the reader's language: "Killed per cercle"."""
    return _(AREA_TITLES[measure, level])


def class_breaks(values: pd.Series, classes: int = 4) -> list[int]:
    """Upper bounds of up to ``classes`` classes for the non-zero values (zero has its own)."""
    positive = np.sort(values[values > 0].to_numpy(dtype=float))
    if positive.size == 0:
        return []
    quantiles = np.quantile(positive, np.linspace(0, 1, classes + 1)[1:], method="higher")
    return sorted({math.ceil(q) for q in quantiles})


def class_colour(value: float, breaks: list[int]) -> str:
    """The fill of ``value``: the lightest for none, the darkest class for the largest values."""
    if not value or value <= 0:
        return CHOROPLETH_COLOURS[0]
    for index, upper in enumerate(breaks):
        if value <= upper:
            return CHOROPLETH_COLOURS[index + 1 + (4 - len(breaks))]
    return CHOROPLETH_COLOURS[-1]


def class_labels(breaks: list[int]) -> list[tuple[str, str]]:
    """(colour, range text) of each class, zero first: what the legend shows."""
    labels = [(CHOROPLETH_COLOURS[0], "0")]
    lower = 1
    for upper in breaks:
        text = (
            format_number(lower)
            if lower == upper
            else f"{format_number(lower)}–{format_number(upper)}"
        )
        labels.append((class_colour(upper, breaks), text))
        lower = upper + 1
    return labels


def unit_label(row: pd.Series, level: str, measure: str) -> str:
    """The tooltip of one unit: its name (a cercle with its region) and its figure, as HTML."""
    return render_html(
        "unit_label.html",
        name=row["name"],
        region=row["admin1"] if level == "admin2" else "",
        figure=measure_count(measure, row[measure]),
        level=level,
    )


def choropleth_layer(
    table: gpd.GeoDataFrame, geometry: gpd.GeoSeries, level: str, measure: str
) -> folium.GeoJson:
    """The units of ``table`` drawn with ``geometry``, filled by class of ``measure``.

    Each feature carries ``name``, ``admin1`` and ``level``, which a click on the map returns.
    """
    breaks = class_breaks(table[measure])
    features = [
        {
            "type": "Feature",
            "id": str(row["shape_id"]),
            "geometry": shapely.geometry.mapping(shape),
            "properties": {
                "name": row["name"],
                "admin1": row["admin1"],
                "level": level,
                "value": int(row[measure]),
                "fill": class_colour(row[measure], breaks),
                "label": unit_label(row, level, measure),
            },
        }
        for (_, row), shape in zip(table.iterrows(), geometry, strict=True)
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=area_title(measure, level),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.75,
            "color": "#444",
            "weight": 1.5 if level == "admin1" else 0.7,
        },
        highlight_function=lambda _: {"weight": 3, "color": "#000"},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
        zoom_on_click=False,
    )
