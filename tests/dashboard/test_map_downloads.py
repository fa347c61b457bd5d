"""The Map and Timeline pages' downloads under AppTest: the buttons a person sees, and the files
they serve when clicked (drawn from the curated data for the page's filters)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager

from incidents.load import load_incidents
from tests.dashboard.apptest_helpers import open_app

LABELS = [
    "Map as PNG, 1280×720",
    "Map as PNG, 1920×1080",
    "Map as SVG",
    "Monthly chart as PNG",
    "Briefing PDF",
]


@pytest.fixture
def served(monkeypatch) -> dict[str, object]:
    """What each download button would serve, by file name: the callable the page handed to
    Streamlit, which runs it only when the button is clicked."""
    callables: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        callables[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return callables


def _labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def _png_pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_the_map_page_offers_each_file_named_for_the_filters(served):
    at = open_app("pages/map.py", region="Mopti", year="2020")
    assert _labels(at) == LABELS
    assert list(served) == [  # in the buttons' order
        "mali-incidents_mopti_2020_map-1280x720.png",
        "mali-incidents_mopti_2020_map-1920x1080.png",
        "mali-incidents_mopti_2020_map.svg",
        "mali-incidents_mopti_2020_chart.png",
        "mali-incidents_mopti_2020_briefing.pdf",
    ]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_map_png_is_the_asked_size_and_not_blank(served, size):
    open_app("pages/map.py", region="Mopti", year="2020")
    image = _png_pixels(served[f"mali-incidents_mopti_2020_map-{size[0]}x{size[1]}.png"]())
    assert image.size == size
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # shading, markers and text, not one fill
    assert image.getbbox() is not None


def test_the_svg_and_the_chart_are_drawn(served):
    open_app("pages/map.py", region="Mopti", year="2020")
    svg = served["mali-incidents_mopti_2020_map.svg"]()
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    chart = _png_pixels(served["mali-incidents_mopti_2020_chart.png"]())
    assert chart.size == (1280, 720)


def test_the_briefing_pdf_opens_and_holds_the_incidents_quotes(served):
    open_app("pages/map.py", region="Mopti", year="2020")
    reader = PdfReader(io.BytesIO(served["mali-incidents_mopti_2020_briefing.pdf"]()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Showing 4 of 26 incidents: region Mopti; 2020." in text
    incidents = load_incidents().incidents
    chosen = incidents[(incidents["admin1"] == "Mopti") & (incidents["year"] == 2020)]
    quotes = [q for q in chosen["source_quote"].dropna() if q.strip()]
    assert quotes
    for quote in quotes:
        assert " ".join(quote.split()[:6]) in text


def test_a_second_request_serves_the_cached_file(served, monkeypatch):
    open_app("pages/map.py", region="Mopti")
    draw = served["mali-incidents_mopti_map-1280x720.png"]
    first = draw()

    def draw_again(*_args, **_options):
        pytest.fail("drawn again, not cached")

    monkeypatch.setattr("ui.downloads.map_png", draw_again)
    assert draw() == first


def test_the_timeline_page_offers_the_same_files(served):
    at = open_app("pages/timeline.py", year="2020")
    assert _labels(at) == LABELS
    chart = _png_pixels(served["mali-incidents_2020_chart.png"]())
    assert chart.size == (1280, 720)


def test_an_imported_dataset_gets_its_own_images(served, tmp_path, monkeypatch, incidents):
    from incidents import store

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.save_dataset("synthetic", incidents, data_dir=tmp_path)
    open_app("pages/map.py", dataset="synthetic")
    name = "mali-incidents_synthetic_map-1280x720.png"
    first = served[name]()
    image = _png_pixels(first)
    assert image.size == (1280, 720)
    assert len(image.getcolors(maxcolors=1_000_000)) > 50

    # Saved again, as many incidents but of another type: the same title, a new version, so
    # the image is drawn again.
    changed = incidents.assign(event_type="Battles", sub_event_type="Armed clash")
    store.save_dataset("synthetic", changed, data_dir=tmp_path, replace=True)
    served.clear()
    open_app("pages/map.py", dataset="synthetic")
    assert served[name]() != first
