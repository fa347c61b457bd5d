"""The map and monthly chart as slide images, and ``python -m incidents map``, tested on pixels."""

from __future__ import annotations

import io

import geopandas as gpd
import pytest
from PIL import Image
from pypdf import PdfReader

from geo.boundaries import admin_units
from incidents import store
from incidents.cli import main
from incidents.filters import IncidentFilter
from incidents.importers import import_file
from incidents.load import load_incidents
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv
from viz.slides import figure_bytes, parse_size
from viz.static_charts import monthly_chart_png
from viz.static_map import (
    MAP_CRS,
    RIVER_COLOUR,
    map_figure,
    map_pdf,
    map_png,
    map_svg,
    view_for_filter,
)
from viz.style import EVENT_TYPE_COLOURS, event_colour

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def colour_counts(image: Image.Image) -> dict[tuple[int, int, int], int]:
    return {colour: count for count, colour in image.getcolors(maxcolors=1 << 24)}


def assert_not_blank(image: Image.Image, *, background_at_most: float = 0.8) -> None:
    """Many colours, several of them over real areas, and the background never nearly all."""
    counts = colour_counts(image)
    pixels = image.width * image.height
    assert len(counts) > 50
    assert max(counts.values()) < background_at_most * pixels
    substantial = [c for c, n in counts.items() if n > pixels / 1000]
    assert len(substantial) >= 5


def assert_dots_where_incidents_are(figure, image: Image.Image, incidents) -> None:
    """The pixel at each incident's place has its event type's colour (dots are opaque)."""
    ax = figure.axes[0]
    places = incidents.geometry.to_crs(MAP_CRS)
    for (x, y), event_type in zip(
        zip(places.x, places.y, strict=True), incidents["event_type"], strict=True
    ):
        px, py = ax.transData.transform((x, y))
        pixel = image.getpixel((int(px), image.height - 1 - int(py)))
        assert pixel == rgb(event_colour(event_type)), (event_type, pixel)


@pytest.fixture(scope="module")
def curated():
    return load_incidents().incidents


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> gpd.GeoDataFrame:
    """An ACLED file of four incidents of three event types at four distinct places."""
    rows = [
        acled_row(),  # Ogossagou, violence against civilians, 35 killed
        acled_row(
            event_id_cnty="MLI1002",
            event_type="Battles",
            sub_event_type="Armed clash",
            location="Gao",
            latitude="16.27167",
            longitude="-0.04472",
            admin1="Gao",
            admin2="Gao",
            admin3="Gao",
            fatalities="4",
        ),
        acled_row(
            event_id_cnty="MLI1003",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            location="Bamako",
            latitude="12.65",
            longitude="-8.0",
            admin1="Bamako",
            admin2="Bamako",
            admin3="Bamako",
            fatalities="0",
            event_date="2020-06-19",
        ),
        acled_row(
            event_id_cnty="MLI1004",
            location="Kidal",
            latitude="18.44111",
            longitude="1.40778",
            admin1="Kidal",
            admin2="Kidal",
            admin3="Kidal",
            fatalities="2",
            event_date="2020-09-01",
        ),
    ]
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    path.write_text(to_csv(ACLED_COLUMNS, rows), encoding="utf-8")
    result = import_file(path)
    assert result.imported == 4
    return result.incidents


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_curated_map_is_a_png_of_the_size_asked_with_the_event_colours(curated, size):
    regions = admin_units(1)
    png = map_png(curated, regions, title="All incidents", size=size, source="Sources: test")
    image = open_png(png)
    assert image.size == size
    assert_not_blank(image)
    counts = colour_counts(image)
    present = set(curated.dropna(subset=["latitude"])["event_type"])
    for event_type, colour in EVENT_TYPE_COLOURS.items():
        if event_type in present:
            assert counts.get(rgb(colour), 0) > 20, event_type
    absent = set(EVENT_TYPE_COLOURS) - set(curated["event_type"])
    assert absent, "the check below needs an event type the curated data lacks"
    for event_type in absent:
        assert counts.get(rgb(EVENT_TYPE_COLOURS[event_type]), 0) == 0


def test_imported_dataset_map_has_a_dot_of_each_incident_at_its_place(imported):
    figure = map_figure(imported, admin_units(1), title="Imported", size=(1280, 720))
    image = open_png(figure_bytes(figure, "png"))
    assert image.size == (1280, 720)
    assert_not_blank(image)
    assert_dots_where_incidents_are(figure, image, imported)


def test_narrow_filter_shades_cercles_zoomed_to_the_region(curated):
    selection = IncidentFilter(regions=("mopti",))  # accents and case as users type them
    view = view_for_filter(selection)
    assert view.level == "admin2" and len(view.units) == 53
    mopti = admin_units(1).set_index("name").loc["Mopti"].geometry.bounds
    assert view.extent == pytest.approx(mopti, abs=0.05)
    shown = selection.apply(curated)
    figure = map_figure(shown, view.units, title="Mopti", extent=view.extent)
    image = open_png(figure_bytes(figure, "png"))
    assert_not_blank(image)
    assert_dots_where_incidents_are(figure, image, shown[shown["geo_precision"] == "point"])
    assert view_for_filter(IncidentFilter()).level == "admin1"


def test_svg_is_vector_text_with_the_title_and_attribution(imported):
    svg = map_svg(imported, admin_units(1), title="Imported incidents", size=(1280, 720))
    text = svg.decode("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert 'width="921.6pt"' in text and 'height="518.4pt"' in text  # 1280x720 at 72 dpi
    assert "Imported incidents" in text  # text stays text
    assert "Places: GeoNames (CC BY 4.0), OCHA (CC BY-IGO)" in text
    assert "Violence against civilians" in text  # the legend


def test_map_pdf_is_one_slide_sized_page(imported):
    data = map_pdf(imported, admin_units(1), title="Imported incidents", size=(1920, 1080))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx((921.6, 518.4))  # 12.8 x 7.2 inches
    text = page.extract_text()
    assert "Imported incidents" in text and "Battles" in text


def test_empty_selection_still_draws_the_country():
    empty = load_incidents().incidents.iloc[0:0]
    image = open_png(map_png(empty, admin_units(1), title="Nothing", size=(1280, 720)))
    assert_not_blank(image)
    counts = colour_counts(image)
    assert all(counts.get(rgb(c), 0) == 0 for c in EVENT_TYPE_COLOURS.values())


def test_monthly_chart_png_has_the_bars_of_each_event_type(curated):
    png = monthly_chart_png(curated, "incidents", title="All", size=(1920, 1080))
    image = open_png(png)
    assert image.size == (1920, 1080)
    assert_not_blank(image, background_at_most=0.97)  # a bar chart is mostly white
    counts = colour_counts(image)
    for event_type in set(curated["event_type"].dropna()):
        assert counts.get(rgb(event_colour(event_type)), 0) > 100, event_type


@pytest.mark.parametrize(
    ("text", "size"), [("1280x720", (1280, 720)), (" 1920 X 1080 ", (1920, 1080))]
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "1280", "12x7", "99999x720", "1280x720x3"])
def test_parse_size_rejects(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_cli_writes_the_png_for_the_export_filters(tmp_path, capsys):
    out = tmp_path / "mopti.png"
    status = main(
        ["map", "--png", str(out), "--size", "1920x1080", "--region", "Mopti", "--year", "2020"]
    )
    assert status == 0
    assert str(out) in capsys.readouterr().out
    image = open_png(out.read_bytes())
    assert image.size == (1920, 1080)
    assert_not_blank(image)
    assert colour_counts(image).get(rgb(EVENT_TYPE_COLOURS["Violence against civilians"]), 0)


def test_cli_reads_a_saved_dataset(tmp_path, monkeypatch, imported):
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    store.save_dataset("acled-test", imported)
    out, chart = tmp_path / "map.png", tmp_path / "chart.png"
    status = main(["map", "--png", str(out), "--chart", str(chart), "--dataset", "acled-test"])
    assert status == 0
    counts = colour_counts(open_png(out.read_bytes()))
    for event_type in ("Violence against civilians", "Battles", "Protests"):
        assert counts.get(rgb(EVENT_TYPE_COLOURS[event_type]), 0) > 20
    assert open_png(chart.read_bytes()).size == (1280, 720)


def test_cli_needs_an_output_and_a_known_region(tmp_path, capsys):
    assert main(["map"]) == 1
    assert "--png" in capsys.readouterr().err
    assert main(["map", "--png", str(tmp_path / "x.png"), "--region", "Atlantis"]) == 1
    assert "Atlantis" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
    with pytest.raises(SystemExit) as exited:
        main(["map", "--png", str(tmp_path / "x.png"), "--size", "big"])
    assert exited.value.code == 2


def _map_texts(figure) -> set[str]:
    return {text.get_text() for text in figure.axes[0].texts}


def test_rivers_and_main_towns_orient_the_reader(curated):
    country = map_figure(curated, admin_units(1), title="Mali")
    image = open_png(figure_bytes(country, "png"))
    # the rivers' own blue, in the middle of the lines (edges are antialiased)
    assert colour_counts(image).get(rgb(RIVER_COLOUR), 0) > 300
    names = _map_texts(country)
    assert {"Niger", "Sénégal", "Bamako", "Tombouctou", "Gao"} <= names
    assert "Markala" not in names  # only the capital and the region seats for the country
    segou = view_for_filter(IncidentFilter(regions=("Ségou",)))
    zoomed = map_figure(curated, segou.units, title="Ségou", extent=segou.extent)
    assert {"Markala", "Ségou", "Niger"} <= _map_texts(zoomed)
