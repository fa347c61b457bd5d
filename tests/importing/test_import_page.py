"""The Import page with Streamlit's AppTest: upload, format, preview, errors, save; extraction
candidates reviewed in an editable table and added to a dataset."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from incidents import store
from tests.dashboard.markdown_check import assert_inert, shown
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "import_data.py")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    return tmp_path


def page() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=120)
    app.run()
    assert not app.exception
    return app


def test_upload_shows_format_preview_and_errors_then_saves(data_dir):
    rows = [
        acled_row(notes="Attaque à Ogossagou"),
        acled_row(event_id_cnty="MLI2", fatalities="many"),
        acled_row(event_id_cnty="MLI3", event_date="someday"),
    ]
    app = page()
    app.file_uploader(key="import_file").set_value(
        ("ACLED Mali.csv", to_csv(ACLED_COLUMNS, rows).encode("cp1252"), "text/csv")
    )
    app.run()
    assert not app.exception
    assert "Format: ACLED (cp1252). 2 of 3 rows can be imported." in app.success[0].value
    preview, errors = app.dataframe[0].value, app.dataframe[1].value
    assert list(preview["ID"]) == ["MLI1001", "MLI2"]  # columns by their headers
    assert list(errors.columns) == ["Row", "Column", "Value", "Problem", "What became of the row"]
    assert list(errors["Row"]) == [3, 4]
    assert app.text_input(key="import_name").value == "acled-mali"

    app.text_input(key="import_name").set_value("my-acled")
    app.button(key="import_save").click()
    app.run()
    assert any("Saved dataset “my-acled”" in shown(s.value) for s in app.success)
    assert store.list_datasets(data_dir) == ["curated", "my-acled"]
    assert len(store.load_dataset("my-acled", data_dir)) == 2


@pytest.mark.usefixtures("data_dir")
def test_unreadable_upload_gets_one_clear_message():
    app = page()
    app.file_uploader(key="import_file").set_value(("empty.csv", b"", "text/csv"))
    app.run()
    assert [shown(e.value) for e in app.error] == ["The file is empty."]


def test_bad_dataset_name_is_refused(data_dir):
    app = page()
    app.file_uploader(key="import_file").set_value(
        ("a.csv", to_csv(ACLED_COLUMNS, [acled_row()]).encode(), "text/csv")
    )
    app.run()
    app.text_input(key="import_name").set_value("../curated")
    app.button(key="import_save").click()
    app.run()
    assert "invalid dataset name" in shown(app.error[0].value)
    assert store.list_datasets(data_dir) == ["curated"]
    assert not list(data_dir.glob("*.parquet"))


REPORT = (
    "In July, gunmen attacked the communes of Tori and Diallassagou, killing at least 32 "
    "civilians. On 9 May, an activist was kidnapped by agents in Banconi, a suburb of Bamako."
)


def find_candidates(app: AppTest, text: str, target: str, year: int | None = 2020) -> None:
    app.text_area(key="text").set_value(text)
    if year is not None:
        app.number_input(key="text_year").set_value(year)
    app.text_input(key="extract_target").set_value(target)
    app.button(key="extract").click()
    app.run()
    assert not app.exception


def test_extraction_candidates_are_reviewed_then_added(data_dir):
    app = page()
    find_candidates(app, REPORT, "report-2020")
    editor = app.data_editor[0].value
    assert list(editor["location"]) == ["Tori; Diallassagou", "Banconi"]
    assert list(editor["id"]) == ["EX-text-001", "EX-text-002"]
    assert editor["killed"].iloc[0] == 32
    assert editor["keep"].all()
    assert not app.checkbox  # a new dataset: nothing to confirm

    app.button(key="extract_add").click()
    app.run()
    assert not app.exception
    assert any("Saved dataset “report-2020”" in shown(s.value) for s in app.success)
    saved = store.load_dataset("report-2020", data_dir)
    assert list(saved["id"]) == ["EX-text-001", "EX-text-002"]
    assert list(saved["admin1"]) == ["Mopti", "Bamako"]


def test_a_second_text_continues_the_ids_and_flags_repeats(data_dir):
    app = page()
    find_candidates(app, REPORT, "report-2020")
    app.button(key="extract_add").click()
    app.run()

    # the same facts again, one more: numbered on, the repeats flagged and unticked
    more = REPORT + " On 3 March, soldiers arrested 11 traders in Niono."
    find_candidates(app, more, "report-2020")
    editor = app.data_editor[0].value
    assert list(editor["id"]) == ["EX-text-003", "EX-text-004", "EX-text-005"]
    assert list(editor["likely_duplicate_of"]) == ["EX-text-001", "EX-text-002", ""]
    assert list(editor["keep"]) == [False, False, True]
    assert any("2 candidates repeat incidents already in" in shown(w.value) for w in app.warning)

    # adding to a dataset that exists asks first
    assert app.button(key="extract_add").disabled
    app.checkbox(key="extract_join").check()
    app.run()
    app.button(key="extract_add").click()
    app.run()
    assert not app.exception
    saved = store.load_dataset("report-2020", data_dir)
    assert list(saved["id"]) == ["EX-text-001", "EX-text-002", "EX-text-005"]


@pytest.mark.usefixtures("data_dir")
def test_a_date_without_a_year_is_a_visible_warning():
    app = page()
    find_candidates(app, "Fin avril, des hommes armés ont tué 12 civils à Bankass.", "x", None)
    texts = [shown(w.value) for w in app.warning]
    assert any("'Fin avril' has no year" in t and "give the year" in t for t in texts), texts


def mapping_box(app: AppTest, column: str):
    """The field choice of one column of a person's table (labelled with its header)."""
    (box,) = [b for b in app.selectbox if shown(b.label) == column]
    return box


def test_a_table_with_unknown_headers_is_mapped_with_a_live_preview(data_dir):
    table = "Endroit;Quand;Bilan humain;Témoin\nOgossagou;23/03/2019;160;un berger\n"
    app = page()
    app.file_uploader(key="import_file").set_value(("sheet.csv", table.encode(), "text/csv"))
    app.run()
    assert not app.exception
    assert mapping_box(app, "Endroit").value == "location"  # recognised
    assert mapping_box(app, "Quand").value == ""  # not: kept in the notes until chosen
    preview = app.dataframe[0].value
    assert preview.empty  # no date yet: the row would not import
    assert "a date is required" in " ".join(app.dataframe[1].value["Problem"])

    mapping_box(app, "Quand").set_value("date_start")
    mapping_box(app, "Bilan humain").set_value("killed")
    app.run()
    preview = app.dataframe[0].value
    assert list(preview["Killed"]) == [160]
    assert list(preview["Notes"]) == ["Témoin: un berger"]
    assert "import_save" not in [b.key for b in app.button]  # not imported before asked

    app.button(key="import_apply").click()
    app.run()
    assert not app.exception
    assert "1 of 1 row can be imported" in shown(app.success[0].value)
    app.button(key="import_save").click()
    app.run()
    saved = store.load_dataset("sheet", data_dir)
    assert list(saved["killed"]) == [160] and list(saved["location"]) == ["Ogossagou"]

    mapping_box(app, "Bilan humain").set_value("injured")  # a change asks to import again
    app.run()
    assert any("import again" in shown(i.value) for i in app.info)
    assert "import_save" not in [b.key for b in app.button]


def test_saving_over_an_existing_dataset_asks_first(data_dir):
    csv = to_csv(ACLED_COLUMNS, [acled_row()]).encode()
    app = page()
    app.file_uploader(key="import_file").set_value(("a.csv", csv, "text/csv"))
    app.run()
    app.button(key="import_save").click()
    app.run()
    assert store.list_datasets(data_dir) == ["curated", "a"]
    first = store.dataset_path("a", data_dir).stat().st_mtime_ns

    app.run()
    assert any("already exists" in shown(w.value) for w in app.warning)
    app.button(key="import_save").click()  # not confirmed: refused, the dataset untouched
    app.run()
    assert any("already exists" in shown(e.value) for e in app.error)
    assert store.dataset_path("a", data_dir).stat().st_mtime_ns == first

    app.checkbox(key="import_replace").check()
    app.run()
    app.button(key="import_save").click()
    app.run()
    assert any("Saved dataset “a”" in shown(s.value) for s in app.success)
    assert store.dataset_path("a", data_dir).stat().st_mtime_ns != first


PAYLOADS = [
    "![x](http://HOST/hit.png)",
    "[click](http://evil.example)",
    "<http://evil.example>",
    "<img src=x onerror=alert(1)>",
]


def messages(app: AppTest) -> list[str]:
    """Every message, caption and widget label the page shows, as Markdown."""
    elements = [*app.error, *app.warning, *app.info, *app.success, *app.caption, *app.markdown]
    labels = [w.label for w in [*app.selectbox, *app.text_input, *app.checkbox, *app.button]]
    return [e.value for e in elements] + labels


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize("payload", PAYLOADS)
def test_file_names_and_header_cells_are_shown_as_text(payload):
    app = page()
    # a header nobody recognises: each column's field choice is labelled with its cell
    bad = f"{payload},other\n1,2\n".encode()
    app.file_uploader(key="import_file").set_value((f"{payload}.csv", bad, "text/csv"))
    app.run()
    assert not app.exception
    for markdown in messages(app):
        assert_inert(markdown)
    assert any(payload in shown(b.label) for b in app.selectbox)  # the column, as written

    # a readable table with the payload as a header: its field choice is labelled with it
    table = f"lieu;date;{payload}\nOgossagou;23/03/2019;x\n".encode()
    app.file_uploader(key="import_file").set_value((f"{payload}.csv", table, "text/csv"))
    app.run()
    app.button(key="import_apply").click()
    app.run()
    app.text_input(key="import_name").set_value(payload)  # a refused name, quoted
    app.button(key="import_save").click()
    app.run()
    assert not app.exception
    assert app.error
    for markdown in messages(app):
        assert_inert(markdown)
    assert mapping_box(app, payload).value == ""


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_refused_dataset_name_in_the_extraction_is_shown_as_text(payload):
    app = page()
    find_candidates(app, REPORT, payload)
    app.button(key="extract_add").click()
    app.run()
    assert not app.exception
    assert any(payload in shown(e.value) for e in app.error)
    for markdown in messages(app):
        assert_inert(markdown)


@pytest.mark.usefixtures("data_dir")
def test_the_import_shows_a_progress_bar_with_the_rows_read():
    rows = [acled_row(event_id_cnty=f"MLI{n}") for n in range(3)]
    app = page()
    app.file_uploader(key="import_file").set_value(
        ("acled.csv", to_csv(ACLED_COLUMNS, rows).encode(), "text/csv")
    )
    app.run()
    assert not app.exception
    (bar,) = app.get("progress")
    assert (bar.proto.value, bar.proto.text) == (100, "3 rows read")
    app.text_input(key="import_name").set_value("three")
    app.run()  # a rerun shows the import kept for the session, not read again
    (bar,) = app.get("progress")
    assert bar.proto.text == "3 rows read"
    assert "3 of 3 rows can be imported" in app.success[0].value


@pytest.mark.usefixtures("data_dir")
def test_the_page_states_the_upload_limit_before_the_upload(monkeypatch):
    monkeypatch.setenv("INCIDENTS_MAX_UPLOAD_MB", "150")
    app = page()
    assert "Files up to 150 MB." in app.caption[0].value
