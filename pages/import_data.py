"""Import: bring a file (ACLED, UCDP GED, ours) or a report's text, review, save as a dataset.

Only wiring: reading, mapping, extraction and saving live in ``incidents.importers``,
``incidents.extract`` and ``incidents.store``. The curated data is never written here.
"""

import pandas as pd
import streamlit as st

from i18n import _, current_language, format_number, ngettext
from incidents import model, store
from incidents.extract import REVIEW_COLUMNS, extract_incidents
from incidents.importers import ImportFileError, incidents_from_rows, read_incidents
from incidents.importers.detect import LABELS
from incidents.importers.reading import decode_text, max_upload_bytes
from ui import blocks, state

FORMATS = ("auto", *LABELS)
PREVIEW_COLUMNS = [
    "id",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "location",
    "admin1",
    "admin2",
    "geo_precision",
    "geocode_status",
    "killed",
    "killed_low",
    "killed_high",
    "injured",
    "missing",
    "detained",
    "source_admin1",
]
CANDIDATES = "import_candidates"
# The review table's columns edited by choosing a code (shown as its label).
EDITABLE_VOCABULARIES = {
    "event_type": tuple(model.EVENT_TYPES),
    "perpetrator_type": model.PERPETRATOR_TYPES,
    "date_precision": model.DATE_PRECISIONS,
}


def _vocabulary_column(column: str, codes: tuple[str, ...]) -> st.column_config.Column:
    vocabulary = model.VOCABULARY_COLUMNS[column]
    texts = {code: model.label(vocabulary, code) for code in codes}
    return st.column_config.SelectboxColumn(
        blocks.column_label(column), options=list(codes), format_func=texts.get
    )


def _format_names() -> dict[str, str]:
    return {"auto": _("Detect from the header"), **{k: _(v) for k, v in LABELS.items()}}


@st.cache_data(show_spinner=False, max_entries=4)
def _import(data: bytes, filename: str, fmt: str, language: str):
    del language  # part of the cache key only: the problems are written in it
    return read_incidents(data, filename, fmt)


def _save(name: str, save) -> None:
    try:
        path = save(name)
    except (store.DatasetNameError, ValueError, OSError) as exc:
        st.error(str(exc))
    else:
        st.success(
            _("Saved dataset “{name}” ({file}). Choose it in the sidebar's dataset list.").format(
                name=blocks.md(name), file=blocks.md(path.name)
            )
        )


state.start_run()  # through app.py, a no-op; run alone, the language of the link or browser
st.title(_("Import data"))
st.caption(
    _(
        "Imported data is saved as a separate dataset; the curated incidents are never "
        "changed. Files up to {size} MB."
    ).format(size=format_number(max_upload_bytes() // 1024 // 1024))
)
file_tab, text_tab = st.tabs([_("Import a file"), _("Extract from report text")])

with file_tab:
    uploaded = st.file_uploader(
        _("ACLED or UCDP GED export, or a table in our own format (CSV or .xlsx)"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="import_file",
    )
    fmt = st.selectbox(
        _("Format"), FORMATS, format_func=_format_names().__getitem__, key="import_format"
    )
    if uploaded is not None:
        try:
            with st.spinner(_("Reading and geocoding the file…")):
                result = _import(uploaded.getvalue(), uploaded.name, fmt, current_language())
        except ImportFileError as exc:
            st.error(str(exc))
        else:
            st.success(
                ngettext(
                    "Format: {format} ({encoding}). {imported} of {rows} row can be imported.",
                    "Format: {format} ({encoding}). {imported} of {rows} rows can be imported.",
                    result.rows,
                ).format(
                    format=_(LABELS[result.format]),
                    encoding=result.encoding,
                    imported=format_number(result.imported),
                    rows=format_number(result.rows),
                )
            )
            st.subheader(_("Preview"))
            preview = result.incidents[[c for c in PREVIEW_COLUMNS if c in result.incidents]]
            blocks.show_table(pd.DataFrame(preview))
            st.subheader(_("Problems"))
            if result.errors.empty:
                st.info(_("No problem found."))
            else:
                st.dataframe(blocks.errors_table(result.errors), hide_index=True)
            if not result.admin_mismatches.empty:
                st.subheader(_("The file's region differs from our boundaries"))
                st.caption(
                    _("Ours is used; the file's is kept in the column “Region in the file”.")
                )
                blocks.show_table(result.admin_mismatches)
            name = st.text_input(
                _("Save as dataset"), store.name_from_filename(uploaded.name), key="import_name"
            )
            if st.button(_("Save dataset"), disabled=not result.imported, key="import_save"):
                _save(name, lambda n: store.save_dataset(n, result.incidents))

with text_tab:
    text = st.text_area(_("Paste the report text (English or French)"), height=200, key="text")
    text_file = st.file_uploader(_("…or upload it (.txt)"), type=["txt"], key="text_file")
    year = st.number_input(
        _("Year of the events when the text gives none (empty: the year the document writes most)"),
        min_value=1900,
        max_value=2100,
        value=None,
        step=1,
        key="text_year",
    )
    if st.button(_("Find candidate incidents"), key="extract"):
        source = text_file.name if text_file is not None else "pasted text"
        try:
            body = decode_text(text_file.getvalue())[0] if text_file is not None else text
        except ImportFileError as exc:
            st.error(str(exc))
            body = ""
        prefix = "EX-" + (store.name_from_filename(source) if text_file is not None else "text")
        found = extract_incidents(body, int(year) if year else None, source, id_prefix=prefix)
        st.session_state[CANDIDATES] = pd.DataFrame(found, columns=list(REVIEW_COLUMNS))
    candidates = st.session_state.get(CANDIDATES)
    if candidates is not None:
        if candidates.empty:
            st.info(_("No sentence with a casualty figure was found."))
        else:
            st.caption(
                _(
                    "Review every candidate: correct the cells, untick those to leave out. "
                    "Regions and cercles are computed again from the location when added."
                )
            )
            table = candidates.assign(keep=True)[["keep", *REVIEW_COLUMNS]]
            edited = st.data_editor(
                table,
                hide_index=True,
                key="candidates_editor",
                disabled=["admin1", "admin2"],
                column_config={
                    **{c: blocks.column_label(c) for c in REVIEW_COLUMNS},
                    "keep": st.column_config.CheckboxColumn(_("Keep")),
                    **{
                        column: _vocabulary_column(column, codes)
                        for column, codes in EDITABLE_VOCABULARIES.items()
                    },
                },
            )
            target = st.text_input(
                _("Add the kept candidates to dataset"), "extracted", key="extract_target"
            )
            if st.button(_("Add to dataset"), key="extract_add"):
                kept = edited[edited["keep"]].drop(columns=["keep", "admin1", "admin2"])
                incidents, errors = incidents_from_rows(kept, "extract")
                if not errors.empty:
                    st.warning(
                        ngettext(
                            "{n} problem: that candidate was not added.",
                            "{n} problems: those candidates were not added.",
                            len(errors),
                        ).format(n=format_number(len(errors)))
                    )
                    st.dataframe(blocks.errors_table(errors), hide_index=True)
                if len(incidents):
                    _save(target, lambda n: store.append_dataset(n, incidents))
