"""The downloads of a view: the map as slide images, the monthly chart, the briefing PDF.

Each file is drawn on the server only when its button is clicked (the button's data is a
callable) and cached per dataset version, filter, measure, size and language, so asking
again for the same file serves it at once. The callable runs outside the page's run, so it
carries the reader's language with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

import geopandas as gpd
import streamlit as st

from i18n import _, current_language, use_language
from incidents.filters import IncidentFilter
from incidents.links import export_filename
from incidents.sources import source_line
from ui import data
from ui.state import View
from viz.briefing import briefing_pdf
from viz.slides import SLIDE_SIZES
from viz.static_charts import monthly_chart_png
from viz.static_map import map_png, map_svg, view_for_filter

# Each kind of file's extension and MIME type; its file name ends with the kind's first word.
KINDS: dict[str, tuple[str, str]] = {
    "map_png": ("png", "image/png"),
    "map_svg": ("svg", "image/svg+xml"),
    "chart_png": ("png", "image/png"),
    "briefing_pdf": ("pdf", "application/pdf"),
}


@st.cache_data(show_spinner=False, max_entries=32)
def render(
    kind: str,
    dataset: str,
    version: float,
    selection: IncidentFilter,
    title: str,
    measure: str,
    size: tuple[int, int],
    language: str,
    _incidents: gpd.GeoDataFrame,
) -> bytes:
    """The file of ``kind`` for ``_incidents`` (the view's, which the other arguments name)."""
    del version  # part of the cache key only: ``_incidents`` is not hashed
    with use_language(language):
        shown = view_for_filter(selection)
        source = source_line(_incidents, dataset)
        if kind == "chart_png":
            return monthly_chart_png(_incidents, measure, title=title, size=size, source=source)
        if kind == "briefing_pdf":
            return briefing_pdf(
                _incidents, shown.units, title=title, dataset=dataset, measure=measure,
                extent=shown.extent,
            )  # fmt: skip
        draw = map_svg if kind == "map_svg" else map_png
        return draw(
            _incidents, shown.units, title=title, size=size, measure=measure,
            extent=shown.extent, source=source,
        )  # fmt: skip


def file_name(view: View, kind: str, size: tuple[int, int] | None = None) -> str:
    """``mali-incidents_mopti_2020_map-1280x720.png``: the export's name and what the file is."""
    ext, _mime = KINDS[kind]
    stem = PurePath(export_filename(view.filter, ext, view.dataset.name)).stem
    what = kind.rsplit("_", 1)[0] + (f"-{size[0]}x{size[1]}" if size else "")
    return f"{stem}_{what}.{ext}"


def _drawer(view: View, kind: str, measure: str, size: tuple[int, int]) -> Callable[[], bytes]:
    name = view.dataset.name
    arguments = (kind, name, data.version(name), view.filter, view.description, measure, size)
    language = current_language()

    def draw() -> bytes:
        return render(*arguments, language, view.filtered)

    return draw


def _button(
    view: View, label: str, kind: str, measure: str, size: tuple[int, int] | None = None
) -> None:
    st.download_button(
        label,
        data=_drawer(view, kind, measure, size or SLIDE_SIZES[0]),
        file_name=file_name(view, kind, size),
        mime=KINDS[kind][1],
        on_click="ignore",
        key=f"download_{kind}_{size[0] if size else ''}",
    )


def view_downloads(view: View, measure: str) -> None:
    """A menu of the view's files, each drawn when it is asked for."""
    with st.popover(_("Download map, chart or briefing")):
        for width, height in SLIDE_SIZES:
            label = _("Map as PNG, {width}×{height}").format(width=width, height=height)
            _button(view, label, "map_png", measure, (width, height))
        _button(view, _("Map as SVG"), "map_svg", measure)
        _button(view, _("Monthly chart as PNG"), "chart_png", measure)
        _button(view, _("Briefing PDF"), "briefing_pdf", measure)
        st.caption(_("Drawn for the current filters when you click; large views take a moment."))
