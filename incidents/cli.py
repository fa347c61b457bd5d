"""``python -m incidents <command>``: subcommands registered by the modules that own them.

This module defines ``export``. Other commands plug in without editing it:

- a module ``incidents/cli_<name>.py`` is imported when the parser is built and calls
  ``register_subcommand(name, help, configure, run)``: ``configure(parser)`` adds its arguments,
  ``run(args)`` does the work and returns the exit status;
- ``register_export_source(add_arguments, load)`` adds options to ``export`` (e.g.
  ``--dataset NAME``): ``load(args)`` returns the GeoDataFrame to export, or None to leave
  the choice to the next source (the last resort is the curated ``data/incidents.csv``).

A user error (bad file, unknown region, ...) prints one line to stderr and exits with 1, never a
traceback: raise ``CliError`` (or a ``ValueError``/``OSError``, which are reported the same way).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

import incidents
from i18n import _, ngettext
from incidents.export import to_csv, to_geojson
from incidents.filters import IncidentFilter
from incidents.store import CURATED

PROG = "python -m incidents"
EXPORT_FORMATS: dict[str, Callable[[gpd.GeoDataFrame], str]] = {
    "csv": to_csv,
    "geojson": to_geojson,
}
# Written as files into --out, not to stdout.
DATAPACKAGE = "datapackage"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class ExportSource:
    add_arguments: Callable[[argparse.ArgumentParser], None]
    load: Callable[[argparse.Namespace], gpd.GeoDataFrame | None]


_SUBCOMMANDS: dict[str, Subcommand] = {}
_EXPORT_SOURCES: list[ExportSource] = []


def register_subcommand(
    name: str,
    help: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
) -> None:
    """Add ``python -m incidents NAME``; registering a name again replaces it."""
    _SUBCOMMANDS[name] = Subcommand(name, help, configure, run)


def register_export_source(
    add_arguments: Callable[[argparse.ArgumentParser], None],
    load: Callable[[argparse.Namespace], gpd.GeoDataFrame | None],
) -> None:
    """Let ``export`` take its incidents from elsewhere when the source's options say so."""
    if not any(s.add_arguments is add_arguments for s in _EXPORT_SOURCES):
        _EXPORT_SOURCES.append(ExportSource(add_arguments, load))


def _discover_commands() -> None:
    """Import every ``incidents/cli_*.py`` module so that it registers its commands."""
    for module in pkgutil.iter_modules([str(Path(incidents.__file__).parent)]):
        if module.name.startswith("cli_"):
            importlib.import_module(f"incidents.{module.name}")


# --- export -----------------------------------------------------------------------------------


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (YYYY)")
    return int(text)


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=sorted([*EXPORT_FORMATS, DATAPACKAGE]), default="csv",
        help=_("default: csv; datapackage writes a Frictionless Data Package into --out"),
    )  # fmt: skip
    parser.add_argument(
        "--out", metavar="DIR", help=_("directory for --format datapackage (created if needed)")
    )
    add_filter_options(parser)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the incidents: ``--region``, ``--year`` and the sources'
    (``--dataset``). ``export`` has them; any command that shows a selection reuses them."""
    parser.add_argument(
        "--region", metavar="NAME", help="official region name; accents and case ignored (Segou)"
    )
    parser.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help="incidents whose period touches the year, as the dashboard's Year filter",
    )
    for source in _EXPORT_SOURCES:
        source.add_arguments(parser)


def official_region(name: str) -> str:
    """The official region name matching ``name`` accent- and case-insensitively."""
    from geo.boundaries import OFFICIAL_ADMIN1
    from geo.normalize import normalize

    wanted = normalize(name)
    for region in OFFICIAL_ADMIN1:
        if normalize(region) == wanted:
            return region
    raise CliError(f"unknown region {name!r}: expected one of {', '.join(OFFICIAL_ADMIN1)}")


def incident_filter(region: str | None = None, year: int | None = None) -> IncidentFilter:
    """The dashboard's filter for ``region`` and ``year`` (None = no filter)."""
    return IncidentFilter(
        regions=(region,) if region else (), years=(year,) if year is not None else ()
    )


def filter_incidents(
    incidents_gdf: gpd.GeoDataFrame, region: str | None = None, year: int | None = None
) -> gpd.GeoDataFrame:
    """Incidents in ``region`` whose period touches ``year`` (None = no filter).

    The dashboard's own filter, so an export holds exactly what the dashboard shows.
    """
    return incident_filter(region, year).apply(incidents_gdf)


def filter_from_args(args: argparse.Namespace) -> IncidentFilter:
    """The dashboard filter the ``add_filter_options`` options describe."""
    return incident_filter(official_region(args.region) if args.region else None, args.year)


def source_incidents(args: argparse.Namespace, command: str = "export") -> gpd.GeoDataFrame:
    """Every incident of the source the options name (default: the curated file)."""
    for source in _EXPORT_SOURCES:
        frame = source.load(args)
        if frame is not None:
            return frame
    from incidents.load import load_incidents

    result = load_incidents()
    if len(result.errors):
        first = result.errors.iloc[0]
        print(
            ngettext(
                "{prog} {command}: warning: {count} invalid row left out "
                "(row {row}, {column}: {message})",
                "{prog} {command}: warning: {count} invalid rows left out "
                "(row {row}, {column}: {message})",
                result.errors["row"].nunique(),
            ).format(
                prog=PROG,
                command=command,
                count=result.errors["row"].nunique(),
                row=first["row"],
                column=first["column"],
                message=first["message"],
            ),
            file=sys.stderr,
        )
    return result.incidents


def run_export(args: argparse.Namespace) -> int:
    region = official_region(args.region) if args.region else None
    if args.format == DATAPACKAGE:
        return _export_package(args, incident_filter(region, args.year))
    if args.out:
        raise CliError(_("--out is for --format datapackage; csv and geojson go to stdout"))
    selected = filter_incidents(source_incidents(args), region=region, year=args.year)
    _write(EXPORT_FORMATS[args.format](selected))
    return 0


def _export_package(args: argparse.Namespace, selection: IncidentFilter) -> int:
    from incidents.datapackage import DESCRIPTOR, package_files, write_package

    if not args.out:
        raise CliError(_("--format datapackage needs --out DIR"))
    dataset = getattr(args, "dataset", None) or CURATED
    files = package_files(source_incidents(args), selection, dataset)
    write_package(files, args.out)
    print(Path(args.out) / DESCRIPTOR)
    return 0


def _write(text: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a replaced stdout (tests): write text
        sys.stdout.write(text)
    else:
        out.write(text.encode("utf-8"))
        out.flush()


register_subcommand(
    "export",
    "write the geocoded incidents to stdout as CSV or GeoJSON",
    _configure_export,
    run_export,
)


# --- entry point ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    _discover_commands()
    parser = argparse.ArgumentParser(prog=PROG, description="Mali incident data tools")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _SUBCOMMANDS.values():
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CliError, ValueError, OSError) as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
        return 1
