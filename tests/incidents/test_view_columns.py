"""The columns the dashboard joins to a dataset when it loads, and the tables behind its lists:
verification status, figures as stated and side by side, source titles, permalinks, coverage of
an imported dataset, and the incidents a total or a month counts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from incidents import aggregate
from incidents.coverage import coverage_months, dataset_as_survey, dataset_sources
from incidents.figures import (
    AT_LEAST,
    FIGURE_COLUMNS,
    Figure,
    figures_frame,
    figures_from_frame,
    stated_column,
    stated_figure_text,
    with_figure_texts,
    with_verification,
)
from incidents.links import PERMALINK, with_permalinks
from incidents.load import load_incidents
from incidents.sources import load_sources, sources_table, with_source_columns

REPORT = "002_5722450adf37214a.txt"


def figure(**cells) -> Figure:
    values = dict.fromkeys(FIGURE_COLUMNS, "") | {"low": None, "best": None, "high": None}
    return Figure(**(values | {"measure": "killed"} | cells))


def frame(*rows: dict) -> pd.DataFrame:
    base = {"id": "", "source": REPORT, "event_type": "Battles", "killed": None,
            "injured": None, "missing": None, "detained": None,
            "date_start": pd.Timestamp("2020-01-01"), "date_end": pd.NaT}  # fmt: skip
    table = pd.DataFrame([base | r for r in rows])
    for column in ("killed", "injured", "missing", "detained"):
        table[column] = table[column].astype("Int64")
    return table


@pytest.fixture
def two_sources() -> tuple[pd.DataFrame, pd.DataFrame]:
    incidents = frame({"id": "A", "killed": 32}, {"id": "B", "killed": 5}, {"id": "C"})
    figures = figures_frame(
        [
            figure(incident_id="A", source="Amnesty", source_id=REPORT, low=32,
                   qualifier=AT_LEAST),
            figure(incident_id="A", source="AMAP", best=32),
            figure(incident_id="A", source="Others", low=30, qualifier=AT_LEAST),
            figure(incident_id="B", source="Amnesty", source_id=REPORT, best=5),
            figure(incident_id="B", source="Government", best=2),
        ]
    )  # fmt: skip
    return incidents, figures


def test_verification_is_joined_by_id_in_the_frames_order(two_sources):
    incidents, figures = two_sources
    joined = with_verification(incidents, figures)
    assert list(joined["id"]) == ["A", "B", "C"]
    assert list(joined["verification"]) == ["corroborated", "disputed", "single"]
    assert list(joined["independent_sources"]) == [3, 2, 0]
    assert joined.loc[1, "verification_text"] == "disputed: sources disagree on killed"
    assert "verification" not in incidents  # the input is left as it was


def test_the_stated_figure_keeps_the_sources_qualifier(two_sources):
    incidents, figures = two_sources
    rows = incidents.to_dict("records")
    assert stated_figure_text(figures, rows[0], "killed") == "at least 32"
    assert stated_figure_text(figures, rows[1], "killed") == "5"
    assert stated_figure_text(figures, rows[2], "killed") == ""  # not stated: no zero
    other = rows[1] | {"killed": 7}  # the source's table gives another number: the row's own
    assert stated_figure_text(figures, other, "killed") == "7"


def test_figure_texts_give_every_sources_figure_where_two_or_more_give_one(two_sources):
    incidents, figures = two_sources
    joined = with_figure_texts(incidents, figures)
    assert list(joined[stated_column("killed")]) == ["at least 32", "5", ""]
    assert joined.loc[0, "figures_by_source"] == (
        ("killed", "Amnesty: at least 32 · AMAP: 32 · Others: at least 30"),
    )
    assert joined.loc[1, "figures_by_source"] == (("killed", "Amnesty: 5 · Government: 2"),)
    assert joined.loc[2, "figures_by_source"] == ()


def test_an_imported_frame_states_its_own_numbers():
    imported = frame({"id": "U1", "killed": 4, "source": "UCDP article"})
    joined = with_figure_texts(imported, figures_from_frame(imported))
    assert joined.loc[0, stated_column("killed")] == "4"
    assert joined.loc[0, "figures_by_source"] == ()


def test_sources_are_joined_by_title_and_address_and_free_text_stays_as_it_is():
    record = load_sources()[REPORT]
    joined = with_source_columns(frame({"id": "A"}, {"id": "B", "source": "UCDP article"}))
    assert list(joined["source_title"]) == [f"{record.title} — {record.publisher}", "UCDP article"]
    assert list(joined["source_url"]) == [record.url, ""]


def test_permalinks_name_the_incident_and_an_imported_dataset():
    joined = with_permalinks(frame({"id": "ML-2020-010"}), "ucdp", base="https://x.org/")
    assert joined.loc[0, PERMALINK] == "https://x.org/incidents?id=ML-2020-010&dataset=ucdp"


def test_the_sources_table_counts_rows_per_source_most_cited_first():
    incidents = frame({"id": "A"}, {"id": "B"}, {"id": "C", "source": "UCDP article"})
    table = sources_table(incidents)
    record = load_sources()[REPORT]
    assert list(table["source_title"]) == [record.title, "UCDP article"]
    assert list(table["incidents"]) == [2, 1]
    assert table.loc[0, "coverage_start"] == record.coverage_start
    assert table.loc[1, "source_url"] == ""


def test_an_imported_dataset_covers_its_own_span_in_whole_months():
    imported = frame(
        {"id": "1", "date_start": pd.Timestamp("2021-03-15")},
        {"id": "2", "date_start": pd.Timestamp("2021-05-02"),
         "date_end": pd.Timestamp("2021-06-03")},
    )  # fmt: skip
    survey = dataset_as_survey("ucdp", imported)
    assert (survey.coverage_start, survey.coverage_end) == (date(2021, 3, 1), date(2021, 6, 30))
    months = coverage_months(dataset_sources("ucdp", imported), date(2021, 2, 1), date(2021, 7, 1))
    assert list(months["covered"]) == [False, True, True, True, True, False]


def test_the_curated_dataset_is_judged_by_its_source_records():
    incidents = load_incidents().incidents
    ids = [s.id for s in dataset_sources("curated", incidents)]
    assert REPORT in ids and set(ids) <= set(incidents["source"])


def test_a_total_and_a_month_count_exactly_these_incidents():
    incidents = frame(
        {"id": "A", "killed": 3, "date_start": pd.Timestamp("2020-02-20"),
         "date_end": pd.Timestamp("2020-03-10")},
        {"id": "B", "killed": 0, "date_start": pd.Timestamp("2020-03-01")},
        {"id": "C", "date_start": pd.Timestamp("2020-03-31")},
    )  # fmt: skip
    assert list(aggregate.stating(incidents, "killed")["id"]) == ["A", "B"]  # 0 is stated
    months = aggregate.months_with_incidents(incidents)
    assert months == [pd.Timestamp("2020-02-01"), pd.Timestamp("2020-03-01")]
    per_month = aggregate.per_month(incidents).groupby("month")["incidents"].sum()
    for month in months:
        started = aggregate.started_in(incidents, month)
        assert len(started) == per_month[month]
    assert list(aggregate.started_in(incidents, months[1])["id"]) == ["B", "C"]  # not A
