"""The Import page with Streamlit's AppTest: upload, format, preview, errors, save; extraction
candidates reviewed in an editable table and added to a dataset."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from incidents import geocoding, store
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
    assert any("Saved dataset “my-acled”" in s.value.replace("\\", "") for s in app.success)
    assert store.list_datasets(data_dir) == ["curated", "my-acled"]
    assert len(store.load_dataset("my-acled", data_dir)) == 2


@pytest.mark.usefixtures("data_dir")
def test_unreadable_upload_gets_one_clear_message():
    app = page()
    app.file_uploader(key="import_file").set_value(("empty.csv", b"", "text/csv"))
    app.run()
    assert [e.value for e in app.error] == ["The file is empty."]


def test_bad_dataset_name_is_refused(data_dir):
    app = page()
    app.file_uploader(key="import_file").set_value(
        ("a.csv", to_csv(ACLED_COLUMNS, [acled_row()]).encode(), "text/csv")
    )
    app.run()
    app.text_input(key="import_name").set_value("../curated")
    app.button(key="import_save").click()
    app.run()
    assert "invalid dataset name" in app.error[0].value
    # nothing saved: only the places the file locates, which the geocoder learned on reading
    learned = {geocoding.LEARNED_PLACES_FILE, geocoding.LEARNED_PLACES_LOCK}
    assert [p.name for p in data_dir.iterdir() if p.name not in learned] == []


def test_extraction_candidates_are_reviewed_then_added(data_dir):
    app = page()
    app.text_area(key="text").set_value(
        "In July, gunmen attacked the communes of Tori and Diallassagou, killing at least 32 "
        "civilians. On 9 May, an activist was kidnapped by agents in Banconi, a suburb of Bamako."
    )
    app.number_input(key="text_year").set_value(2020)
    app.button(key="extract").click()
    app.run()
    assert not app.exception
    editor = app.data_editor[0].value
    assert list(editor["location"]) == ["Tori; Diallassagou", "Banconi"]
    assert editor["killed"].iloc[0] == 32
    assert editor["keep"].all()

    app.text_input(key="extract_target").set_value("report-2020")
    app.button(key="extract_add").click()
    app.run()
    assert not app.exception
    assert any("Saved dataset “report-2020”" in s.value.replace("\\", "") for s in app.success)
    saved = store.load_dataset("report-2020", data_dir)
    assert list(saved["id"]) == ["EX-text-001", "EX-text-002"]
    assert list(saved["admin1"]) == ["Mopti", "Bamako"]

    # adding the same candidates again would duplicate them: refused, dataset unchanged
    app.button(key="extract_add").click()
    app.run()
    assert "already has incident id(s) EX-text-001" in app.error[0].value
    assert len(store.load_dataset("report-2020", data_dir)) == 2
