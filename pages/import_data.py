"""Import: bring a file (ACLED, UCDP GED, ours, any table a person made) or a report's text,
review, save as a dataset.

Only wiring: reading, mapping, extraction and saving live in ``incidents.importers``,
``incidents.extract`` and ``incidents.store``. The curated data is never written here. Text
from the file or the report (file names, header cells, problems) reaches messages and labels
only through ``blocks.md``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from i18n import _, current_language, format_number, ngettext
from incidents import model, store
from incidents.extract import REVIEW_COLUMNS, extract_incidents
from incidents.extract.joining import likely_duplicates, next_number
from incidents.importers import (
    TARGETS,
    ImportFileError,
    ImportResult,
    incidents_from_rows,
    preview_table,
    read_incidents,
)
from incidents.importers.detect import FALLBACK, LABELS, detect_format
from incidents.importers.reading import decode_text, max_upload_bytes, stream_table
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
MAPPING_PREFIX = "import_map_"  # one selectbox per column of a person's table, by position
_MAPPED_FILE = "import_mapped_file"  # the upload the column selectboxes were set for
_APPLIED_MAPPING = "import_applied_mapping"  # the mapping the person imported with
_IMPORTED = "import_result"  # (the upload and choices it was imported with, ImportResult)
DUPLICATE_COLUMN = "likely_duplicate_of"
# The review table's columns edited by choosing a code (shown as its label).
EDITABLE_VOCABULARIES = {
    "event_type": tuple(model.EVENT_TYPES),
    "perpetrator_type": model.PERPETRATOR_TYPES,
    "date_precision": model.DATE_PRECISIONS,
}
Mapping = tuple[tuple[str, str], ...]  # (column as written, field): hashable, for the cache


def _vocabulary_column(column: str, codes: tuple[str, ...]) -> st.column_config.Column:
    vocabulary = model.VOCABULARY_COLUMNS[column]
    texts = {code: model.label(vocabulary, code) for code in codes}
    return st.column_config.SelectboxColumn(
        blocks.column_label(column), options=list(codes), format_func=texts.get
    )


def _format_names() -> dict[str, str]:
    return {"auto": _("Detect from the header"), **{k: _(v) for k, v in LABELS.items()}}


def _field_name(field: str) -> str:
    return blocks.column_label(field) if field else _("(keep in the notes)")


def _error(exc: Exception) -> None:
    st.error(blocks.md(exc))


def _import(data: bytes, filename: str, upload_id: str, fmt: str, mapping: Mapping) -> ImportResult:
    """The upload imported, with a progress bar of the rows read; kept for this session's
    reruns (held, not copied: a large import is large)."""
    key = (upload_id, fmt, mapping, current_language())  # the problems are in the language
    held = st.session_state.get(_IMPORTED)
    if held is not None and held[0] == key:
        _rows_read(st.progress(1.0), held[1].rows, None)
        return held[1]
    st.session_state.pop(_IMPORTED, None)  # the last file's result goes before this one comes
    bar = st.progress(0.0, text=_("Reading and geocoding the file…"))
    result = read_incidents(
        data, filename, fmt, mapping=dict(mapping) or None,
        progress=lambda rows, expected: _rows_read(bar, rows, expected),
    )  # fmt: skip
    _rows_read(bar, result.rows, None)
    st.session_state[_IMPORTED] = (key, result)
    return result


def _rows_read(bar: DeltaGenerator, rows: int, expected: int | None) -> None:
    """The bar at the share of rows read (full once ``expected`` is None: all are read)."""
    if expected is None:
        text = ngettext("{rows} row read", "{rows} rows read", rows)
        bar.progress(1.0, text=text.format(rows=format_number(rows)))
        return
    text = _("{rows} of about {expected} rows read, checked and placed…")
    expected = max(expected, rows, 1)
    bar.progress(rows / expected, text=text.format(
        rows=format_number(rows), expected=format_number(expected)
    ))  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=4)
def _read_as(data: bytes, filename: str, fmt: str, language: str) -> str:
    """The format the file is read as; a header nobody recognises is a person's table, for
    the person to say which column holds what."""
    del language
    if fmt != "auto":
        return fmt
    columns = stream_table(data, filename).columns  # the header only; unreadable: ImportFileError
    try:
        return detect_format(columns)
    except ImportFileError:
        return FALLBACK


@st.cache_data(show_spinner=False, max_entries=16)
def _preview(data: bytes, filename: str, mapping: Mapping, language: str):
    del language
    return preview_table(data, filename, dict(mapping))


def _save(name: str, save: Callable[[str], Path]) -> bool:
    try:
        path = save(name)
    except (store.DatasetNameError, ValueError, OSError) as exc:
        _error(exc)
        return False
    st.success(
        _("Saved dataset “{name}” ({file}). Choose it in the sidebar's dataset list.").format(
            name=blocks.md(name), file=blocks.md(path.name)
        )
    )
    return True


def _saved(name: str) -> bool:
    return name != store.CURATED and name in store.list_datasets()


def _column_mapping(data: bytes, filename: str, upload_id: str) -> Mapping | None:
    """The mapping step of a person's table: one choice of field per column, with a live
    preview; the mapping once the person imports with it, else None."""
    language = current_language()
    recognised = _preview(data, filename, (), language).mapping
    if st.session_state.get(_MAPPED_FILE) != upload_id:  # another file: its own columns
        for key in [k for k in st.session_state if str(k).startswith(MAPPING_PREFIX)]:
            del st.session_state[key]
        st.session_state.pop(_APPLIED_MAPPING, None)
        st.session_state[_MAPPED_FILE] = upload_id
    st.subheader(_("Columns"))
    st.caption(
        _(
            "A table of your own: say which field each column fills. A place (or coordinates) "
            "and a date are required; a column kept in the notes is saved there as "
            "“column: value”."
        )
    )
    choices = ["", *TARGETS]
    grid = st.columns(3)
    chosen = []
    for position, (column, field) in enumerate(recognised.items()):
        key = f"{MAPPING_PREFIX}{position}"
        if key not in st.session_state:
            st.session_state[key] = field
        value = grid[position % 3].selectbox(
            blocks.md(column), choices, format_func=_field_name, key=key
        )
        chosen.append((column, value))
    mapping = tuple(chosen)
    st.subheader(_("Preview of the first rows"))
    try:
        preview = _preview(data, filename, mapping, language)
    except ImportFileError as exc:
        _error(exc)
        return None
    blocks.show_table(preview.rows)
    if not preview.errors.empty:
        st.dataframe(blocks.errors_table(preview.errors), hide_index=True)
    if st.button(_("Import with these columns"), key="import_apply"):
        st.session_state[_APPLIED_MAPPING] = mapping
    applied = st.session_state.get(_APPLIED_MAPPING)
    if applied is not None and applied != mapping:
        st.info(_("The columns changed: import again to see the result."))
    return mapping if applied == mapping else None


def _show_import(result: ImportResult, filename: str) -> None:
    """What the file gives (preview, problems), then saving it, asking before replacing."""
    st.success(
        ngettext(
            "Format: {format} ({encoding}). {imported} of {rows} row can be imported.",
            "Format: {format} ({encoding}). {imported} of {rows} rows can be imported.",
            result.rows,
        ).format(
            format=blocks.md(_(LABELS[result.format])),
            encoding=blocks.md(result.encoding),
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
        st.caption(_("Ours is used; the file's is kept in the column “Region in the file”."))
        blocks.show_table(result.admin_mismatches)
    name = st.text_input(
        _("Save as dataset"), store.name_from_filename(filename), key="import_name"
    )
    replace = False
    if _saved(name):
        st.warning(
            _(
                "A dataset called “{name}” already exists: tick “Replace the existing "
                "dataset” to save over it, or choose another name."
            ).format(name=blocks.md(name))
        )
        replace = st.checkbox(_("Replace the existing dataset"), key="import_replace")
    if st.button(_("Save dataset"), disabled=not result.imported, key="import_save"):
        _save(name, lambda n: store.save_dataset(n, result.incidents, replace=replace))


@dataclass(frozen=True)
class Found:
    """Candidates found in a text, numbered on from the dataset they are meant for."""

    target: str
    candidates: pd.DataFrame  # REVIEW_COLUMNS and DUPLICATE_COLUMN
    warnings: list[list[str]]  # per candidate


def _find(body: str, year: int | None, source: str, prefix: str, target: str) -> Found:
    existing = store.load_dataset(target) if _saved(target) else None
    first = next_number(existing["id"] if existing is not None else [], prefix)
    found = extract_incidents(body, year, source, id_prefix=prefix, first_number=first)
    frame = pd.DataFrame(found, columns=[*REVIEW_COLUMNS, "warnings"])
    candidates = frame[list(REVIEW_COLUMNS)].copy()
    candidates[DUPLICATE_COLUMN] = likely_duplicates(candidates, existing)
    return Found(target, candidates, [list(w or []) for w in frame["warnings"]])


def _review(found: Found, target: str) -> None:
    """The candidates' warnings and likely duplicates, the editable table, adding them."""
    candidates = found.candidates
    for id_, warnings in zip(candidates["id"], found.warnings, strict=True):
        for warning in warnings:
            st.warning(_("{id}: {warning}").format(id=blocks.md(id_), warning=blocks.md(warning)))
    duplicates = candidates[DUPLICATE_COLUMN] != ""
    if duplicates.any():
        st.warning(
            ngettext(
                "{n} candidate repeats an incident already in “{dataset}” (same place, "
                "overlapping dates, same figures): it is unticked; tick it to add it anyway.",
                "{n} candidates repeat incidents already in “{dataset}” (same place, "
                "overlapping dates, same figures): they are unticked; tick them to add them "
                "anyway.",
                int(duplicates.sum()),
            ).format(n=format_number(int(duplicates.sum())), dataset=blocks.md(found.target))
        )
    st.caption(
        _(
            "Review every candidate: correct the cells, untick those to leave out. "
            "Regions and cercles are computed again from the location when added."
        )
    )
    table = candidates.assign(keep=~duplicates)[["keep", DUPLICATE_COLUMN, *REVIEW_COLUMNS]]
    edited = st.data_editor(
        table,
        hide_index=True,
        key="candidates_editor",
        disabled=["admin1", "admin2", DUPLICATE_COLUMN],
        column_config={
            **{c: blocks.column_label(c) for c in REVIEW_COLUMNS},
            "keep": st.column_config.CheckboxColumn(_("Keep")),
            DUPLICATE_COLUMN: _("Likely duplicate of"),
            **{
                column: _vocabulary_column(column, codes)
                for column, codes in EDITABLE_VOCABULARIES.items()
            },
        },
    )
    if target != found.target:
        st.info(
            _(
                "These candidates are numbered for the dataset “{old}”: find them again to "
                "add them to “{new}”."
            ).format(old=blocks.md(found.target), new=blocks.md(target))
        )
        return
    joining = _saved(target)
    confirmed = not joining or st.checkbox(
        _("Add to the existing dataset “{name}”").format(name=blocks.md(target)),
        key="extract_join",
    )
    if st.button(_("Add to dataset"), key="extract_add", disabled=not confirmed):
        kept = edited[edited["keep"]].drop(columns=["keep", DUPLICATE_COLUMN, "admin1", "admin2"])
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
        if len(incidents) and _save(target, lambda n: store.append_dataset(n, incidents)):
            del st.session_state[CANDIDATES]  # added: finding them again flags them


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
        _(
            "ACLED or UCDP GED export, a table in our own format, or any table with a place "
            "and a date (CSV or .xlsx)"
        ),
        type=["csv", "tsv", "txt", "xlsx"],
        key="import_file",
    )
    fmt = st.selectbox(
        _("Format"), FORMATS, format_func=_format_names().__getitem__, key="import_format"
    )
    if uploaded is not None:
        data, filename, language = uploaded.getvalue(), uploaded.name, current_language()
        try:
            read_as = _read_as(data, filename, fmt, language)
            mapping = (
                _column_mapping(data, filename, uploaded.file_id) if read_as == FALLBACK else ()
            )
            if mapping is not None:
                result = _import(data, filename, uploaded.file_id, fmt, mapping)
                _show_import(result, filename)
        except ImportFileError as exc:
            _error(exc)

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
    target = st.text_input(
        _("Add the kept candidates to dataset"), "extracted", key="extract_target"
    )
    if st.button(_("Find candidate incidents"), key="extract"):
        source = text_file.name if text_file is not None else "pasted text"
        try:
            body = decode_text(text_file.getvalue())[0] if text_file is not None else text
        except ImportFileError as exc:
            _error(exc)
            body = ""
        prefix = "EX-" + (store.name_from_filename(source) if text_file is not None else "text")
        try:
            st.session_state[CANDIDATES] = _find(
                body, int(year) if year else None, source, prefix, target
            )
        except (store.DatasetNameError, OSError) as exc:
            _error(exc)
    found = st.session_state.get(CANDIDATES)
    if found is not None:
        if found.candidates.empty:
            st.info(_("No sentence with a casualty figure was found."))
        else:
            _review(found, target)
