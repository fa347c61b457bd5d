"""The map loads Leaflet and its plugins from the app, never from the internet."""

from __future__ import annotations

import re
from pathlib import Path

import branca.colormap
import folium
import geopandas as gpd
import pytest
import streamlit_folium
from folium import plugins
from shapely.geometry import box

from viz.assets import (
    LEAFLET_IMAGE_PATH_JS,
    LOCAL_ASSETS,
    STATIC_DIR,
    STATIC_URL,
    VENDOR_URL,
    OfflineAssetError,
    static_file_for_url,
    use_local_assets,
)

CIRCLE_CALLBACK = "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1])); }"
ASSET_URL = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)\s*=\s*"([^"]+)"', re.IGNORECASE)


def dashboard_map() -> folium.Map:
    """A map with every kind of element the dashboard draws."""
    m = folium.Map(location=[17.5, -4.0], zoom_start=5, tiles=None, prefer_canvas=True, maxZoom=18)
    regions = gpd.GeoDataFrame(
        {"name": ["Mopti", "Ségou"]},
        geometry=[box(-5, 13, -2, 16), box(-7, 12, -5, 15)],
        crs="EPSG:4326",
    )
    folium.GeoJson(
        regions,
        name="Regions",
        style_function=lambda _: {"fillColor": "#0072B2", "weight": 1},
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
        popup=folium.GeoJsonPopup(fields=["name"]),
    ).add_to(m)
    markers = folium.FeatureGroup(name="Incidents").add_to(m)
    folium.CircleMarker(
        [14.5, -4.2], radius=8, popup=folium.Popup("Ogossagou"), tooltip="Ogossagou"
    ).add_to(markers)
    cluster = plugins.MarkerCluster(name="Clustered").add_to(m)
    folium.Marker([12.6, -8.0], icon=folium.Icon(color="red")).add_to(cluster)
    folium.Marker([12.7, -8.1]).add_to(cluster)
    plugins.FastMarkerCluster([[14.0, -4.0], [14.1, -4.1]], callback=CIRCLE_CALLBACK).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def asset_urls(html: str) -> list[str]:
    return ASSET_URL.findall(html)


def st_folium_links(m: folium.Map, monkeypatch: pytest.MonkeyPatch) -> dict:
    """What streamlit-folium hands to its iframe (captured, no Streamlit server)."""
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(m, returned_objects=[])
    return {
        "js": sent["js_links"],
        "css": sent["css_links"],
        "header": sent["header"],
        "script": sent["script"],
    }


def test_rendered_map_references_only_files_the_app_serves():
    html = use_local_assets(dashboard_map()).get_root().render()

    urls = asset_urls(html)
    assert urls, "the rendered map should load Leaflet"
    assert all(url.startswith(STATIC_URL + "/") for url in urls), urls
    missing = [url for url in urls if not static_file_for_url(url).is_file()]
    assert missing == []
    assert f"{VENDOR_URL}/leaflet/leaflet.js" in urls
    assert f"{VENDOR_URL}/leaflet.markercluster/leaflet.markercluster.js" in urls


def test_rendered_map_without_online_tiles_names_no_internet_address():
    html = use_local_assets(dashboard_map()).get_root().render()

    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", html, re.IGNORECASE) == []


def test_streamlit_folium_iframe_gets_only_local_links(monkeypatch):
    links = st_folium_links(use_local_assets(dashboard_map()), monkeypatch)

    assert links["js"][0] == f"{VENDOR_URL}/leaflet/leaflet.js"
    for url in links["js"] + links["css"]:
        assert url.startswith(STATIC_URL + "/"), url
        assert static_file_for_url(url).is_file(), url
    assert re.findall(r"https?://", links["header"]) == []


def test_unneeded_cdn_assets_are_dropped():
    m = use_local_assets(folium.Map(tiles=None))

    names = {name for name, _ in m.default_js + m.default_css}
    assert names == {
        "leaflet",
        "leaflet_image_path",
        "jquery",
        "awesome_markers",
        "leaflet_css",
        "awesome_markers_css",
    }


def test_calling_twice_changes_nothing():
    m = use_local_assets(dashboard_map())
    first = asset_urls(m.get_root().render())

    assert asset_urls(use_local_assets(m).get_root().render()) == first


@pytest.mark.parametrize(
    "plugin",
    [plugins.Draw, plugins.MiniMap, plugins.Fullscreen, plugins.LocateControl],
    ids=lambda p: p.__name__,
)
def test_plugin_we_do_not_vendor_is_refused_with_its_url(plugin):
    m = folium.Map(tiles=None)
    plugin().add_to(m)

    with pytest.raises(OfflineAssetError, match=rf"{plugin.__name__} wants .* from https://"):
        use_local_assets(m)


def test_colormap_is_refused_because_streamlit_folium_adds_d3_from_a_cdn():
    m = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["#ffffff", "#000000"], vmin=0, vmax=10).add_to(m)

    with pytest.raises(OfflineAssetError, match="d3"):
        use_local_assets(m)


def test_online_tiles_shown_by_default_are_refused():
    with pytest.raises(OfflineAssetError, match="opt-in"):
        use_local_assets(folium.Map(tiles="OpenStreetMap"))


def test_online_tiles_as_an_opt_in_layer_are_allowed():
    m = folium.Map(tiles=None)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False).add_to(m)
    folium.LayerControl().add_to(m)

    html = use_local_assets(m).get_root().render()

    assert all(url.startswith(STATIC_URL + "/") for url in asset_urls(html))
    assert "tile.openstreetmap.org" in html  # the URL is there, the layer is off


@pytest.mark.parametrize(
    "cluster",
    [plugins.MarkerCluster(), plugins.FastMarkerCluster([[14.0, -4.0]], callback=CIRCLE_CALLBACK)],
    ids=["MarkerCluster", "FastMarkerCluster"],
)
def test_cluster_on_a_map_without_tiles_needs_max_zoom(cluster):
    m = folium.Map(tiles=None)
    cluster.add_to(m)

    with pytest.raises(ValueError, match="maxZoom"):
        use_local_assets(m)


def test_cluster_with_max_zoom_is_accepted():
    m = folium.Map(tiles=None, maxZoom=18)
    plugins.MarkerCluster().add_to(m)

    assert use_local_assets(m) is m


@pytest.mark.parametrize("vendor_path", sorted({p for p in LOCAL_ASSETS.values() if p}))
def test_every_mapped_asset_is_vendored(vendor_path):
    assert (STATIC_DIR / "vendor" / vendor_path).is_file()


@pytest.mark.parametrize(
    "library", sorted(p.name for p in (STATIC_DIR / "vendor").iterdir() if p.is_dir())
)
def test_every_vendored_library_keeps_its_licence(library):
    licences = [p for p in (STATIC_DIR / "vendor" / library).iterdir() if "LICEN" in p.name]
    assert licences, f"static/vendor/{library} has no licence file"


@pytest.mark.parametrize(
    "css", sorted((STATIC_DIR / "vendor").rglob("*.css")), ids=lambda p: p.name
)
def test_css_images_resolve_next_to_the_stylesheet(css: Path):
    for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text()):
        if ref.startswith(("#", "data:")):
            continue
        assert not ref.startswith(("http", "//")), f"{css.name} loads {ref} from the internet"
        assert (css.parent / ref).is_file(), f"{css.name} refers to missing {ref}"


def test_leaflet_is_told_where_marker_images_are_before_any_marker(monkeypatch):
    m = dashboard_map()
    folium.Marker([14.0, -4.0], icon=folium.DivIcon(html="Mopti")).add_to(m)

    js = st_folium_links(use_local_assets(m), monkeypatch)["js"]

    # scripts load one after another, all before the map's script creates any marker
    assert js[:2] == [f"{VENDOR_URL}/leaflet/leaflet.js", LEAFLET_IMAGE_PATH_JS[1]]
    assert js.count(LEAFLET_IMAGE_PATH_JS[1]) == 1
    setter = static_file_for_url(LEAFLET_IMAGE_PATH_JS[1]).read_text()
    (relative,) = re.findall(r'L\.Icon\.Default\.imagePath = new URL\("([^"]+)"', setter)
    folder = static_file_for_url(LEAFLET_IMAGE_PATH_JS[1]).parent / relative
    assert (folder / "marker-icon.png").is_file()
