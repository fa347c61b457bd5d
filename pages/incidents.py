"""Incidents: the filtered rows with every field, one incident in full, downloads and how to
cite and link the view."""

from datetime import UTC, date, datetime
from functools import partial

import streamlit as st

from i18n import _, format_number, ngettext
from incidents.datapackage import package_files, package_zip, view_citation
from incidents.export import to_csv, to_geojson
from incidents.links import export_filename, view_url
from incidents.sources import bibtex, csl_json, load_sources, sources_of
from ui import blocks, state

view = state.current_view()
name = view.dataset.name
blocks.page_header(_("Incidents"), view)
table = blocks.incidents_table(view.filtered)
blocks.show_links_table(table, height=min(380, 35 * (len(table) + 1) + 3))


def _package(incidents, selection, dataset) -> bytes:
    files = package_files(incidents, selection, dataset, created=datetime.now(UTC))
    return package_zip(files)


rows = format_number(len(table))
records = sources_of(view.filtered["source"].dropna().astype(str), load_sources())
DOWNLOADS = (
    (
        ngettext("Download CSV ({n} row)", "Download CSV ({n} rows)", len(table)).format(n=rows),
        partial(to_csv, view.filtered, dataset=name),
        "csv",
        "text/csv",
        _("Exactly the filtered rows; safe to open in a spreadsheet."),
    ),
    (
        ngettext("Download GeoJSON ({n} row)", "Download GeoJSON ({n} rows)", len(table)).format(
            n=rows
        ),
        partial(to_geojson, view.filtered, dataset=name),
        "geojson",
        "application/geo+json",
        _("Exactly the filtered rows; incidents with no place have a null geometry."),
    ),
    (
        ngettext(
            "Download data package ({n} row)", "Download data package ({n} rows)", len(table)
        ).format(n=rows),
        partial(_package, view.dataset.incidents, view.filter, name),
        "zip",
        "application/zip",
        _(
            "A Frictionless Data Package: the rows as CSV and GeoJSON, every source's figures, "
            "the sources, and a datapackage.json with the schema, filter, dataset version, "
            "licences and citation."
        ),
    ),
)
# The files are written only when a button is clicked (callables), from this run's rows.
for column, (label, writer, suffix, mime, note) in zip(st.columns(3), DOWNLOADS, strict=True):
    column.download_button(
        label, writer, export_filename(view.filter, suffix, name), mime, help=note
    )

st.subheader(_("Cite and share this view"))
st.markdown(f"**{blocks.md(_('Link to this view'))}**")
st.code(view_url(None, view.filter, name), language=None, wrap_lines=True)
st.markdown(f"**{blocks.md(_('Suggested citation'))}**")
citation = view_citation(view.dataset.incidents, view.filter, name, accessed=date.today())
st.code(citation, language=None, wrap_lines=True)
if records:
    cite_columns = st.columns(2)
    cite_columns[0].download_button(
        ngettext(
            "Sources as BibTeX ({n} source)", "Sources as BibTeX ({n} sources)", len(records)
        ).format(n=format_number(len(records))),
        partial(bibtex, records, date.today()),
        export_filename(view.filter, "bib", name),
        "application/x-bibtex",
        help=_("The documents behind this view, for a reference manager."),
    )
    cite_columns[1].download_button(
        ngettext(
            "Sources as CSL-JSON ({n} source)", "Sources as CSL-JSON ({n} sources)", len(records)
        ).format(n=format_number(len(records))),
        partial(csl_json, records, date.today()),
        export_filename(view.filter, "json", name),
        "application/vnd.citationstyles.csl+json",
        help=_("The documents behind this view, for Zotero, Mendeley or pandoc."),
    )

st.subheader(_("One incident in full"))
if table.empty:
    st.info(_("No incident matches the filters."))
else:
    titles = dict(zip(table["id"], table["title"], strict=True))
    chosen = state.page_setting(
        "id", _("Incident"), {i: f"{i} — {t}" for i, t in titles.items()},
        str(table["id"].iloc[0]), selectbox=True,
    )  # fmt: skip
    row = view.filtered[(view.filtered["id"] == chosen).to_numpy(dtype=bool)].iloc[0]
    blocks.incident_detail(row, view.dataset)
blocks.invalid_rows(view.dataset)
