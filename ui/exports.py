"""The Incidents page's downloads: what each file holds, its name and how it is written.

Every file is named by what it holds (``incidents.links.export_filename``: the dataset and the
filter), so two downloads of different views never overwrite each other. The files are written
only when a button is clicked (each ``write`` is a callable), from the view of that run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

from i18n import _, format_number, ngettext
from incidents.datapackage import package_files, package_zip
from incidents.export import to_csv, to_geojson
from incidents.links import export_filename
from incidents.sources import Source, bibtex, csl_json, load_sources, sources_of
from ui.state import View


@dataclass(frozen=True)
class Download:
    label: str
    write: Callable[[], str | bytes]
    file_name: str
    mime: str
    help: str


def _package(view: View) -> bytes:
    files = package_files(
        view.dataset.incidents, view.filter, view.dataset.name, created=datetime.now(UTC)
    )
    return package_zip(files)


def view_sources(view: View) -> list[Source]:
    """The source records behind the view's rows."""
    return sources_of(view.filtered["source"].dropna().astype(str), load_sources())


def row_downloads(view: View) -> list[Download]:
    """The view's rows as CSV, GeoJSON and a Frictionless Data Package (zip)."""
    name, count = view.dataset.name, len(view.filtered)
    rows = format_number(count)

    def file_name(ext: str) -> str:
        return export_filename(view.filter, ext, name)

    return [
        Download(
            ngettext("Download CSV ({n} row)", "Download CSV ({n} rows)", count).format(n=rows),
            partial(to_csv, view.filtered, dataset=name),
            file_name("csv"),
            "text/csv",
            _("Exactly the filtered rows; safe to open in a spreadsheet."),
        ),
        Download(
            ngettext("Download GeoJSON ({n} row)", "Download GeoJSON ({n} rows)", count).format(
                n=rows
            ),
            partial(to_geojson, view.filtered, dataset=name),
            file_name("geojson"),
            "application/geo+json",
            _("Exactly the filtered rows; incidents with no place have a null geometry."),
        ),
        Download(
            ngettext(
                "Download data package ({n} row)", "Download data package ({n} rows)", count
            ).format(n=rows),
            partial(_package, view),
            file_name("zip"),
            "application/zip",
            _(
                "A Frictionless Data Package: the rows as CSV and GeoJSON, every source's "
                "figures, the sources, and a datapackage.json with the schema, filter, dataset "
                "version, licences and citation."
            ),
        ),
    ]


def source_downloads(view: View, accessed: date) -> list[Download]:
    """The documents behind the view for a reference manager (none: no source records)."""
    records = view_sources(view)
    if not records:
        return []
    n = len(records)
    count = format_number(n)
    name = view.dataset.name
    return [
        Download(
            ngettext("Sources as BibTeX ({n} source)", "Sources as BibTeX ({n} sources)", n).format(
                n=count
            ),
            partial(bibtex, records, accessed),
            export_filename(view.filter, "bib", name),
            "application/x-bibtex",
            _("The documents behind this view, for a reference manager."),
        ),
        Download(
            ngettext(
                "Sources as CSL-JSON ({n} source)", "Sources as CSL-JSON ({n} sources)", n
            ).format(n=count),
            partial(csl_json, records, accessed),
            export_filename(view.filter, "json", name),
            "application/vnd.citationstyles.csl+json",
            _("The documents behind this view, for Zotero, Mendeley or pandoc."),
        ),
    ]
