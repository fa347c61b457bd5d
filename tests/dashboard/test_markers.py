"""Marker rows and the full popup: values, layout and escaping."""

from __future__ import annotations

import pandas as pd
import pytest

import i18n
from viz import markers
from viz.style import escape_html

PROBE = "<img src=x onerror=alert(1)> `${alert(2)}` \\u {{ 7*7 }} {% raw %} ' \""


def row_of(incidents, incident_id: str) -> pd.Series:
    return incidents.set_index("id", drop=False).loc[incident_id]


def test_popup_lists_stated_figures_only(incidents):
    popup = markers.incident_popup_html(row_of(incidents, "ML-2020-004"))
    assert "<tr><td>Killed</td><td>14</td></tr>" in popup
    assert "<tr><td>Injured</td><td>300</td></tr>" in popup
    assert "Missing" not in popup and "Detained" not in popup
    assert "<div>Figures: hundreds injured</div>" in popup
    assert "Place: Bamako — Bamako, Bamako" in popup


def test_popup_without_figures_says_so(incidents):
    popup = markers.incident_popup_html(row_of(incidents, "ML-2020-005"))
    assert '<tr><td colspan="2">No figure stated</td></tr>' in popup
    assert "Perpetrator: Identity militias" in popup


def test_popup_names_an_unnamed_perpetrator(incidents):
    popup = markers.incident_popup_html(row_of(incidents, "ML-2020-007"))
    assert "Perpetrator: not named by the source" in popup


def test_geocode_note_only_when_the_place_is_uncertain(incidents):
    row = row_of(incidents, "ML-2020-003").copy()
    row["geocode_note"] = "2 places called Niono"
    assert "2 places called Niono" not in markers.incident_popup_html(row)  # matched
    row["geocode_status"] = "fallback"
    assert '<div class="meta">2 places called Niono</div>' in markers.incident_popup_html(row)


@pytest.mark.parametrize("language", ["en", "fr", i18n.PSEUDO_LANGUAGE])
def test_every_data_text_in_the_popup_is_escaped_as_escape_html_does(incidents, language):
    """In every language: a value a translated message takes is escaped like any other."""
    row = row_of(incidents, "ML-2020-003").copy()
    for column in ("title", "sub_event_type", "perpetrator", "location", "source_quote",
                   "source_title", "source_url", "permalink", "casualty_note",
                   "verification_text", "admin1"):  # fmt: skip
        row[column] = f"{column} {PROBE}"
    row["figures_by_source"] = (("killed", f"figures_by_source {PROBE}"),)
    with i18n.use_language(language):
        popup = markers.incident_popup_html(row)
    for live in ("<img", "${", "`", "{{", "{%", "\\", "'"):
        assert live not in popup
    for column in ("title", "sub_event_type", "perpetrator", "location", "source_quote",
                   "source_title", "source_url", "permalink", "casualty_note",
                   "verification_text", "admin1"):  # fmt: skip
        assert escape_html(f"{column} {PROBE}") in popup
    assert escape_html(f"figures_by_source {PROBE}") in popup


def test_marker_sizes_grow_with_casualties_within_bounds():
    frame = pd.DataFrame({"killed": pd.array([None, 0, 3, 10_000], dtype="Int64"),
                          "injured": pd.array([None, 0, 1, 0], dtype="Int64")})  # fmt: skip
    assert markers.marker_sizes(frame).tolist() == [10, 10, 16, markers.MARKER_MAX_PX]


def test_marker_rows(incidents):
    placed = incidents[incidents.geometry.notna()]
    types = sorted(set(placed["event_type"]))
    full = markers.marker_rows(placed, types)
    assert len(full) == len(placed)
    by_id = dict(zip(placed["id"], full, strict=True))
    lat, lon, type_index, size, approx, _tooltip, popup = by_id["ML-2020-008"]
    assert (lat, lon) == (14.5, -3.0)
    assert types[type_index] == "Violence against civilians"
    assert (size, approx) == (10, 1) and "ML-2020-008" in popup
    (raid,) = [r for r in full if "raid" in r[5]]
    assert raid[5] == "&lt;script&gt;alert(1)&lt;/script&gt; raid"
    assert len(raid) == 7 and raid[4] == 0
