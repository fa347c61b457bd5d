"""The frame of a slide image: title, subtitle, content area, source line and attribution.

Images are drawn with matplotlib's object API (``Figure``, no pyplot state, no display), so
rendering works on a server, offline, in any thread. A slide is always 7.2 inches tall and its
resolution follows the pixel height asked for: a 1920x1080 image is the 1280x720 one drawn
finer, with the same layout and type that stays readable on a shared screen.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from i18n import _

SLIDE_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080))
DEFAULT_SIZE = SLIDE_SIZES[0]
MIN_SIDE, MAX_SIDE = 320, 4096
SLIDE_HEIGHT_INCHES = 7.2
FORMATS = ("png", "svg", "pdf")

TITLE_PT, SUBTITLE_PT, FOOTER_PT = 17, 11, 8.5
TEXT_COLOUR, QUIET_COLOUR = "#111111", "#555555"
MARGIN = 0.015  # of the figure's width and height
_SIZE_TEXT = re.compile(r"\s*(\d{2,5})\s*[x×X]\s*(\d{2,5})\s*")


@dataclass(frozen=True)
class Slide:
    """A figure with its frame drawn; ``content`` is the free area (figure fractions)."""

    figure: Figure
    content: tuple[float, float, float, float]  # left, bottom, width, height


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> ``(1280, 720)``; a ValueError names what is wrong."""
    match = _SIZE_TEXT.fullmatch(text or "")
    if not match:
        raise ValueError(_("{text!r} is not an image size such as 1280x720").format(text=text))
    return check_size((int(match[1]), int(match[2])))


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = (int(side) for side in size)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValueError(
            _("image size {width}x{height} is outside {low}-{high} pixels a side").format(
                width=width, height=height, low=MIN_SIDE, high=MAX_SIDE
            )
        )
    return width, height


def wrap_to_width(text: str, width_inches: float, points: float, max_lines: int = 3) -> str:
    """``text`` wrapped to the figure's width (DejaVu Sans averages ~0.55 em a character)."""
    characters = max(20, int(width_inches * 72 / (points * 0.55)))
    lines = textwrap.wrap(" ".join(text.split()), characters)
    if len(lines) > max_lines:
        lines = [
            *lines[: max_lines - 1],
            textwrap.shorten(" ".join(lines[max_lines - 1 :]), characters, placeholder=" …"),
        ]
    return "\n".join(lines)


def slide(
    size: tuple[int, int],
    *,
    title: str,
    subtitle: str = "",
    source: str = "",
    attribution: str = "",
) -> Slide:
    """A figure of ``size`` pixels with the title on top and source and attribution below."""
    width, height = check_size(size)
    dpi = height / SLIDE_HEIGHT_INCHES
    # Agg truncates inches x dpi to whole pixels: a hair over keeps 1279.9999 from being 1279.
    figure = Figure(figsize=(width / dpi + 1e-9, height / dpi + 1e-9), dpi=dpi)
    figure.patch.set_facecolor("white")
    width_inches, height_inches = figure.get_size_inches()
    line = 1 / (height_inches * 72)  # one point, in figure fractions of the height

    top = 1 - MARGIN
    title_text = wrap_to_width(title, width_inches * (1 - 2 * MARGIN), TITLE_PT, 2)
    figure.text(
        MARGIN,
        top,
        title_text,
        fontsize=TITLE_PT,
        fontweight="bold",
        va="top",
        color=TEXT_COLOUR,
        linespacing=1.15,
    )
    top -= (title_text.count("\n") + 1) * TITLE_PT * 1.3 * line
    if subtitle:
        subtitle_text = wrap_to_width(subtitle, width_inches * (1 - 2 * MARGIN), SUBTITLE_PT, 2)
        figure.text(
            MARGIN,
            top,
            subtitle_text,
            fontsize=SUBTITLE_PT,
            va="top",
            color=QUIET_COLOUR,
            linespacing=1.2,
        )
        top -= (subtitle_text.count("\n") + 1) * SUBTITLE_PT * 1.35 * line

    bottom = MARGIN
    footer = [text for text in (attribution, source) if text]
    for text in footer:  # attribution lowest, the source line above it
        wrapped = wrap_to_width(text, width_inches * (1 - 2 * MARGIN), FOOTER_PT, 2)
        figure.text(
            MARGIN,
            bottom,
            wrapped,
            fontsize=FOOTER_PT,
            va="bottom",
            color=QUIET_COLOUR,
            linespacing=1.2,
        )
        bottom += (wrapped.count("\n") + 1) * FOOTER_PT * 1.35 * line
    top -= 6 * line
    bottom += 4 * line
    return Slide(figure, (MARGIN, bottom, 1 - 2 * MARGIN, top - bottom))


def figure_bytes(figure: Figure, fmt: str = "png") -> bytes:
    """The figure saved as ``png``, ``svg`` or ``pdf``, at the size it was made for."""
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {FORMATS}")
    buffer = io.BytesIO()
    # no bbox_inches="tight": the image keeps exactly the pixel size asked for. SVG text stays
    # text (not glyph outlines): smaller, searchable, and editable on a slide.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(
            buffer,
            format=fmt,
            dpi=figure.dpi,
            facecolor=figure.get_facecolor(),
            metadata=_metadata(fmt),
        )
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    """No creation date in SVG and PDF output: the same inputs give the same bytes."""
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}
