"""Import: bring a file (ACLED, UCDP GED, ours) or a report's text, review, save as a dataset.

Only wiring: reading, mapping, extraction and saving live in ``incidents.importers``,
``incidents.extract`` and ``incidents.store``. The curated data is never written here.
"""

import pandas as pd
import streamlit as st

from incidents import model, store
from incidents.extract import REVIEW_COLUMNS, extract_incidents
from incidents.importers import ImportFileError, incidents_from_rows, read_incidents
from incidents.importers.detect import LABELS
from incidents.importers.reading import MAX_BYTES, decode_text

FORMATS = {"auto": "Detect from the header", **LABELS}
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


@st.cache_data(show_spinner="Reading and geocoding the file…", max_entries=4)
def _import(data: bytes, filename: str, fmt: str):
    return read_incidents(data, filename, fmt)


def _save(name: str, save) -> None:
    try:
        path = save(name)
    except (store.DatasetNameError, ValueError, OSError) as exc:
        st.error(str(exc))
    else:
        st.success(
            f"Saved dataset “{name}” ({path.name}). Choose it in the sidebar's dataset list."
        )


st.title("Import data")
st.caption(
    "Imported data is saved as a separate dataset; the curated incidents are never changed. "
    f"Files up to {MAX_BYTES // 1024 // 1024} MB."
)
file_tab, text_tab = st.tabs(["Import a file", "Extract from report text"])

with file_tab:
    uploaded = st.file_uploader(
        "ACLED or UCDP GED export, or a table in our own format (CSV or .xlsx)",
        type=["csv", "tsv", "txt", "xlsx"],
        key="import_file",
    )
    fmt = st.selectbox("Format", list(FORMATS), format_func=FORMATS.get, key="import_format")
    if uploaded is not None:
        try:
            result = _import(uploaded.getvalue(), uploaded.name, fmt)
        except ImportFileError as exc:
            st.error(str(exc))
        else:
            st.success(
                f"Format: {LABELS[result.format]} ({result.encoding}). "
                f"{result.imported} of {result.rows} rows can be imported."
            )
            st.subheader("Preview")
            preview = result.incidents[[c for c in PREVIEW_COLUMNS if c in result.incidents]]
            st.dataframe(pd.DataFrame(preview), hide_index=True)
            st.subheader("Problems")
            if result.errors.empty:
                st.info("No problem found.")
            else:
                st.dataframe(result.errors, hide_index=True)
            if not result.admin_mismatches.empty:
                st.subheader("The file's admin1 differs from our boundaries")
                st.caption("Ours is used; the file's is kept in source_admin1.")
                st.dataframe(result.admin_mismatches, hide_index=True)
            name = st.text_input(
                "Save as dataset", store.name_from_filename(uploaded.name), key="import_name"
            )
            if st.button("Save dataset", disabled=not result.imported, key="import_save"):
                _save(name, lambda n: store.save_dataset(n, result.incidents))

with text_tab:
    text = st.text_area("Paste the report text (English or French)", height=200, key="text")
    text_file = st.file_uploader("…or upload it (.txt)", type=["txt"], key="text_file")
    year = st.number_input(
        "Year of the events when the text gives none (empty: the year the document writes most)",
        min_value=1900,
        max_value=2100,
        value=None,
        step=1,
        key="text_year",
    )
    if st.button("Find candidate incidents", key="extract"):
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
            st.info("No sentence with a casualty figure was found.")
        else:
            st.caption(
                "Review every candidate: correct the cells, untick those to leave out. "
                "Admin units are computed again from the location when added."
            )
            table = candidates.assign(keep=True)[["keep", *REVIEW_COLUMNS]]
            edited = st.data_editor(
                table,
                hide_index=True,
                key="candidates_editor",
                disabled=["admin1", "admin2"],
                column_config={
                    "keep": st.column_config.CheckboxColumn("Keep"),
                    "event_type": st.column_config.SelectboxColumn(options=list(model.EVENT_TYPES)),
                    "perpetrator_type": st.column_config.SelectboxColumn(
                        options=list(model.PERPETRATOR_TYPES)
                    ),
                    "date_precision": st.column_config.SelectboxColumn(
                        options=list(model.DATE_PRECISIONS)
                    ),
                },
            )
            target = st.text_input(
                "Add the kept candidates to dataset", "extracted", key="extract_target"
            )
            if st.button("Add to dataset", key="extract_add"):
                kept = edited[edited["keep"]].drop(columns=["keep", "admin1", "admin2"])
                incidents, errors = incidents_from_rows(kept, "extract")
                if not errors.empty:
                    st.warning(f"{len(errors)} problem(s): those candidates were not added.")
                    st.dataframe(errors, hide_index=True)
                if len(incidents):
                    _save(target, lambda n: store.append_dataset(n, incidents))
