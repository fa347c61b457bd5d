"""An ACLED file uploaded in the browser (XSRF protection on) becomes a dataset on the map."""

from __future__ import annotations

import pytest

from incidents import store
from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv

pytestmark = pytest.mark.browser

DATASET = "browser-upload"
PLACES = [  # (event id, location, admin1, latitude, longitude)
    ("MLI9001", "Ogossagou", "Mopti", "13.95625", "-3.57102"),
    ("MLI9002", "Bamako", "Bamako", "12.65", "-8.0"),
    ("MLI9003", "Gao", "Gao", "16.2717", "-0.0447"),
]


def acled_export() -> bytes:
    rows = [
        acled_row(event_id_cnty=eid, location=place, admin1=admin1, latitude=lat, longitude=lon)
        for eid, place, admin1, lat, lon in PLACES
    ]
    return to_csv(ACLED_COLUMNS, rows).encode()


def test_uploaded_acled_file_is_saved_and_mapped(app, page_path, datasets_dir):
    app.open(page_path("Import"))

    uploader = app.page.locator('[data-testid="stFileUploader"]').filter(has_text="ACLED")
    uploader.locator('input[type="file"]').set_input_files(
        {"name": "acled-mali.csv", "mimeType": "text/csv", "buffer": acled_export()}
    )
    app.page.get_by_text(f"{len(PLACES)} of {len(PLACES)} rows can be imported").wait_for()
    name = app.page.get_by_label("Save as dataset")
    name.fill(DATASET)
    name.press("Enter")
    app.wait_until_idle()
    app.page.get_by_role("button", name="Save dataset").click()
    app.page.get_by_text(f"Saved dataset “{DATASET}”").wait_for()

    assert DATASET in store.list_datasets(datasets_dir)
    app.open(f"{page_path('Map')}?dataset={DATASET}")
    assert (
        f"{len(PLACES)} of {len(PLACES)} incidents"
        in app.page.locator('[data-testid="stSidebar"]').inner_text()
    )
    app.wait_for_map_markers(len(PLACES))
    app.screenshot("map-imported-dataset")
