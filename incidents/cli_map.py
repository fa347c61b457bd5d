"""``python -m incidents map``: the map and charts as images for slides, and the briefing PDF.

Takes the export command's filter options (``--region``, ``--year``, ``--dataset``), so an
image shows exactly what the dashboard shows for the same filters:

    python -m incidents map --png OUT.png --size 1280x720 --region Mopti --year 2020
    python -m incidents map --svg OUT.svg --chart CHART.png --pdf BRIEFING.pdf

Images are drawn on this machine (matplotlib), without a browser or a network.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from i18n import _
from incidents.cli import (
    CliError,
    add_filter_options,
    filter_from_args,
    register_subcommand,
    source_incidents,
)
from incidents.store import CURATED
from viz.slides import DEFAULT_SIZE, parse_size
from viz.style import MEASURES


def _size(text: str) -> tuple[int, int]:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _configure_map(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--png", metavar="OUT.png", type=Path, help=_("the map as PNG"))
    parser.add_argument("--svg", metavar="OUT.svg", type=Path, help=_("the map as SVG"))
    parser.add_argument("--chart", metavar="OUT.png", type=Path, help=_("the monthly chart as PNG"))
    parser.add_argument(
        "--pdf",
        metavar="OUT.pdf",
        type=Path,
        help=_("the briefing: headline figures, map, monthly chart, incidents with sources"),
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        type=_size,
        default=DEFAULT_SIZE,
        help=_("image size in pixels (default: {size}; 1920x1080 for full HD)").format(
            size="{}x{}".format(*DEFAULT_SIZE)
        ),
    )
    parser.add_argument(
        "--measure",
        choices=list(MEASURES),
        default="incidents",
        help=_("what shades the areas and stacks the bars (default: incidents)"),
    )
    add_filter_options(parser)


def _write(path: Path, data: bytes, what: str) -> None:
    path.write_bytes(data)
    print(_("wrote {what}: {path}").format(what=what, path=path))


def run_map(args: argparse.Namespace) -> int:
    if not any((args.png, args.svg, args.chart, args.pdf)):
        raise CliError(_("nothing to write: give --png, --svg, --chart or --pdf"))
    # imported here: matplotlib and fpdf2 would slow every other command's start
    from incidents.sources import source_line
    from viz.briefing import briefing_pdf
    from viz.static_charts import monthly_chart_png
    from viz.static_map import map_png, map_svg, view_for_filter

    selection = filter_from_args(args)
    every = source_incidents(args, "map")
    shown = selection.apply(every)
    dataset = args.dataset or CURATED
    title = selection.describe(len(shown), len(every))
    view = view_for_filter(selection)
    slide = {"title": title, "size": args.size, "measure": args.measure}
    source = source_line(shown, dataset)
    size = "{}x{}".format(*args.size)
    if args.png:
        png = map_png(shown, view.units, extent=view.extent, source=source, **slide)
        _write(args.png, png, _("map ({size} PNG)").format(size=size))
    if args.svg:
        svg = map_svg(shown, view.units, extent=view.extent, source=source, **slide)
        _write(args.svg, svg, _("map (SVG)"))
    if args.chart:
        chart = monthly_chart_png(shown, source=source, **slide)
        _write(args.chart, chart, _("monthly chart ({size} PNG)").format(size=size))
    if args.pdf:
        pdf = briefing_pdf(
            shown,
            view.units,
            title=title,
            dataset=dataset,
            measure=args.measure,
            extent=view.extent,
        )
        _write(args.pdf, pdf, _("briefing (PDF)"))
    return 0


register_subcommand(
    "map",
    _("draw the map (and monthly chart) as slide images, or the briefing PDF"),
    _configure_map,
    run_map,
)
