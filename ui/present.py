"""The presentation view's page: the full-screen map component and the slide downloads.

The view comes from the URL like every page's (the filters), or from a briefing named by
``?briefing=<name>``; ``?contrast=high`` starts it in high contrast. The component is one
``st.iframe`` document (``viz.present``): stepping and playback run in it, so
they never rerun the script nor remount the iframe. The document is built once per dataset
version, views, contrast and language (``document``) and shared by every session, so a rerun
(a download, another tab on the same view) does not build it again.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from i18n import _, current_language
from incidents.briefings import Briefing, BriefingError, load_briefing
from incidents.figures import figures_for
from incidents.filters import IncidentFilter
from ui import data, downloads, state
from ui.blocks import md
from viz.assets import STATIC_DIR
from viz.present import HIGH_CONTRAST, PresentView, present_config, present_html
from viz.slides import DEFAULT_SIZE

PARAM_BRIEFING = "briefing"
PARAM_CONTRAST = "contrast"
PAGE_CSS = STATIC_DIR / "present" / "page.css"
SLIDE_SIZES: tuple[tuple[int, int], ...] = (DEFAULT_SIZE, (1920, 1080))
# The component's height before page.css stretches it to the window.
FRAME_HEIGHT = 720


def _param(name: str) -> str:
    values = state.url_params().get(name) or [""]
    return values[-1]


def _png(
    incidents: gpd.GeoDataFrame,
    selection: IncidentFilter,
    title: str,
    dataset: str,
    size: tuple[int, int],
) -> Callable[[], bytes]:
    """The slide image, drawn only when the button is clicked (``downloads.render``'s cache,
    shared with the dashboard's own map downloads)."""
    arguments = ("map_png", dataset, data.version(dataset), selection, title, "incidents", size)
    language = current_language()

    def draw() -> bytes:
        return downloads.render(*arguments, language, incidents)

    return draw


def _downloads(
    views: list[tuple[str, IncidentFilter, gpd.GeoDataFrame, str]], dataset: str
) -> None:
    with st.container(key="present-tools"), st.popover(_("Download map as PNG")):
        for number, (caption, selection, incidents, title) in enumerate(views):
            if len(views) > 1:
                st.caption(md(caption))
            for width, height in SLIDE_SIZES:
                st.download_button(
                    _("{width}×{height} PNG").format(width=width, height=height),
                    data=_png(incidents, selection, title, dataset, (width, height)),
                    file_name=f"mali-incidents-map-{number + 1}-{width}x{height}.png",
                    mime="image/png",
                    on_click="ignore",
                    key=f"present_png_{number}_{width}",
                )


@st.cache_data(show_spinner=False, max_entries=8)
def document(
    dataset: str,
    version: float,
    views: tuple[PresentView, ...],
    total: int,
    title: str,
    contrast: str,
    language: str,
    _incidents: gpd.GeoDataFrame,
) -> tuple[str, tuple[str, ...]]:
    """The page's HTML and each view's title, for ``_incidents`` (those of ``views`` in that
    version of ``dataset``, which the other arguments name)."""
    del version, language  # part of the cache key only: ``_incidents`` is not hashed
    config = present_config(
        _incidents,
        views,
        dataset=dataset,
        total=total,
        figures=figures_for(_incidents),
        title=title,
        contrast=contrast,
    )
    return present_html(config), tuple(view["title"] for view in config["views"])


def _briefing_views(briefing: Briefing) -> tuple[data.Dataset, list[PresentView]]:
    if briefing.dataset not in data.dataset_names():
        raise BriefingError(
            _("{name}: no dataset named {dataset}").format(
                name=briefing.name, dataset=briefing.dataset
            )
        )
    views = [PresentView(v.filter, v.caption, v.extent) for v in briefing.views]
    return data.load(briefing.dataset), views


def show() -> None:
    """The page: the map component filling the window, and the downloads in a corner."""
    st.html(PAGE_CSS)
    view = state.current_view()
    contrast = _param(PARAM_CONTRAST)
    if contrast == HIGH_CONTRAST:
        state.keep_url_param(PARAM_CONTRAST, contrast)
    name = _param(PARAM_BRIEFING)
    title = ""
    if name:
        state.keep_url_param(PARAM_BRIEFING, name)
        try:
            briefing = load_briefing(name)
            dataset, views = _briefing_views(briefing)
        except BriefingError as error:
            st.error(md(error))
            return
        title = briefing.title
        every = dataset.incidents
        keep = pd.Series(False, index=every.index)
        for v in views:
            keep |= v.filter.mask(every)
        incidents = every[keep.to_numpy(dtype=bool)]
    else:
        dataset, views = view.dataset, [PresentView(view.filter)]
        incidents = view.filtered
    html, titles = document(
        dataset.name,
        data.version(dataset.name),
        tuple(views),
        len(dataset.incidents),
        title,
        contrast,
        current_language(),
        incidents,
    )
    with st.container(key="present-map"):
        st.iframe(html, height=FRAME_HEIGHT)
    _downloads(
        [
            (v.caption, v.filter, v.filter.apply(incidents), view_title)
            for v, view_title in zip(views, titles, strict=True)
        ],
        dataset.name,
    )
