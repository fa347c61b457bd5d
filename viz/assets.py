"""Serve every Leaflet asset from the app itself, never from a CDN.

folium elements name their JS/CSS as CDN URLs (``default_js`` / ``default_css``), and
streamlit-folium loads exactly those URLs inside its iframe. ``use_local_assets`` rewrites
them, element by element, to the copies vendored under ``static/vendor/`` which Streamlit
serves at ``/app/static/vendor/...`` (absolute URLs: relative ones 404 inside the iframe).
The project's own map script and stylesheet live beside them under ``static/map/``.

An element that asks for an asset we do not vendor raises ``OfflineAssetError``, so a new
plugin cannot reach the internet unnoticed: vendor it (see ``static/vendor/README.md``) and add
its URL to ``LOCAL_ASSETS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import folium
from branca.colormap import ColorMap
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"
MAP_URL = f"{STATIC_URL}/map"

# The incident map's own files, named by the elements that call into them.
MAP_ASSETS_JS: list[tuple[str, str]] = [("incident_map", f"{MAP_URL}/incident-map.js")]
MAP_ASSETS_CSS: list[tuple[str, str]] = [
    ("incident_map_css", f"{MAP_URL}/incident-map.css"),
    ("print_css", f"{STATIC_URL}/print.css"),  # a printed map has no tooltip or popup
]
# Loaded right after leaflet.js: tells Leaflet where its default marker images are before any
# marker exists (see the file for why Leaflet's own guess fails here).
LEAFLET_IMAGE_PATH_JS = ("leaflet_image_path", f"{MAP_URL}/leaflet-images.js")

# CDN URL named by folium 0.20 -> our vendored copy (path under static/vendor/), or None when
# the asset is not needed by anything we draw and is dropped.
# fmt: off
LOCAL_ASSETS: dict[str, str | None] = {
    # folium.Map base assets
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    # jQuery: folium.Popup builds its content with $(...); LayerControl ordering uses it too.
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    # Awesome markers: folium.Icon and FastMarkerCluster's default callback call
    # L.AwesomeMarkers. Their glyph fonts (Glyphicons, Font Awesome) are not vendored, so
    # such pins draw without a glyph; draw symbols with CircleMarker or DivIcon instead.
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js":
        "leaflet.awesome-markers/leaflet.awesome-markers.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        "leaflet.awesome-markers/leaflet.awesome-markers.css",
    # Not used by folium's templates: Bootstrap (JS, CSS), glyph fonts and icon rotation CSS.
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": None,
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": None,
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": None,
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css":
        None,
    # MarkerCluster and FastMarkerCluster
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        "leaflet.markercluster/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css":
        "leaflet.markercluster/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        "leaflet.markercluster/MarkerCluster.Default.css",
}
# fmt: on


class OfflineAssetError(ValueError):
    """A map element needs a file from the internet that the app does not serve itself."""


def local_url(vendor_path: str) -> str:
    """The absolute URL at which Streamlit serves ``static/vendor/<vendor_path>``."""
    return f"{VENDOR_URL}/{vendor_path}"


def static_file_for_url(url: str) -> Path | None:
    """The file on disk behind an ``/app/static/...`` URL, or None for any other URL."""
    if not url.startswith(STATIC_URL + "/"):
        return None
    return STATIC_DIR / url.removeprefix(STATIC_URL + "/")


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point every element of ``m`` at the vendored JS/CSS; returns ``m`` (changed in place).

    The map also loads ``static/map/leaflet-images.js`` right after Leaflet, so Leaflet finds
    its default marker images whatever order the stylesheets arrive in.

    Call it once the map is complete (after the last ``add_child`` / ``add_to``) and before
    rendering or passing it to ``st_folium``. Calling it again is harmless.

    Raises ``OfflineAssetError`` when an element needs an asset that is not vendored, when a
    branca colormap is present (streamlit-folium then adds d3 from a CDN by itself), or when an
    online tile layer is shown by default (online tiles must be opt-in: ``show=False``).
    Raises ``ValueError`` for a marker cluster on a map with neither tiles nor ``maxZoom``
    (Leaflet.markercluster then throws "Map has no maxZoom specified" in the browser).
    """
    elements = list(_walk(m))
    _check_cluster_zoom(m, elements)
    for element in elements:
        _refuse_online_only(element)
        if isinstance(element, JSCSSMixin):
            owner = type(element).__name__
            element.default_js = local_assets(owner, element.default_js)
            element.default_css = local_assets(owner, element.default_css)
    _name_leaflet_image_path(m)
    return m


def _name_leaflet_image_path(m: folium.Map) -> None:
    """Load the image-path script right after leaflet.js (the map's scripts load first)."""
    if LEAFLET_IMAGE_PATH_JS in m.default_js:
        return
    leaflet = next(i for i, (name, _) in enumerate(m.default_js) if name == "leaflet")
    m.default_js = [
        *m.default_js[: leaflet + 1],
        LEAFLET_IMAGE_PATH_JS,
        *m.default_js[leaflet + 1 :],
    ]


def _walk(element: Element) -> Iterator[Element]:
    """The element and all its descendants, as streamlit-folium and folium traverse them."""
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def local_assets(owner: str, assets: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """``assets`` as folium names them, pointed at the app's copies (unneeded ones dropped).

    ``owner`` names the element in the error. Raises ``OfflineAssetError`` for an asset the
    app does not serve. Element classes of our own use it to name local files up front.
    """
    localised: list[tuple[str, str]] = []
    for name, url in assets or []:
        if url.startswith(STATIC_URL + "/"):  # the app's own file, or localised already
            localised.append((name, url))
            continue
        if url not in LOCAL_ASSETS:
            raise OfflineAssetError(
                f"{owner} wants {name!r} from {url}, which the app does not "
                "serve. Vendor it under static/vendor/ (see static/vendor/README.md) and map "
                "its URL in viz.assets.LOCAL_ASSETS, or do without this element."
            )
        vendor_path = LOCAL_ASSETS[url]
        if vendor_path is not None:
            localised.append((name, local_url(vendor_path)))
    return localised


def _refuse_online_only(element: Element) -> None:
    if isinstance(element, ColorMap):
        raise OfflineAssetError(
            f"{type(element).__name__} (a branca colormap, also added by folium.Choropleth "
            "when it has data) makes streamlit-folium load d3 from cdnjs and d3js.org. Colour "
            "the features with a style_function and draw the legend as an HTML element instead."
        )
    if isinstance(element, folium.TileLayer) and element.show and _is_online(element.tiles):
        raise OfflineAssetError(
            f"Tile layer {element.layer_name!r} fetches tiles from {element.tiles} as soon as "
            "the map opens. Online tiles must be opt-in: create it with show=False and add a "
            "folium.LayerControl, or build the map with tiles=None."
        )


def _check_cluster_zoom(m: folium.Map, elements: list[Element]) -> None:
    # Without a tile layer nothing gives the map a maximum zoom, which clustering needs.
    if "maxZoom" in getattr(m, "options", {}):
        return
    if any(isinstance(e, folium.TileLayer) and e.show for e in elements):
        return
    if any(isinstance(e, MarkerCluster) for e in elements):
        raise ValueError(
            "A marker cluster on a map without tiles needs the map's maximum zoom, or "
            "Leaflet.markercluster fails in the browser: folium.Map(..., tiles=None, maxZoom=18)."
        )


def _is_online(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))
