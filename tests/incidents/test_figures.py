"""Figures per source: loading with row errors, side by side, ranges, verification, imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from i18n import use_language
from incidents.figures import (
    CORROBORATED,
    DISPUTED,
    FIGURE_COLUMNS,
    SINGLE,
    Figure,
    figure_range,
    figures_for,
    figures_frame,
    figures_from_frame,
    figures_table,
    read_figures,
    side_by_side,
    side_by_side_text,
    total_range,
    verification,
    verification_table,
)
from incidents.sources import load_sources

PROTESTS = "ML-2020-012"


@pytest.fixture(scope="module")
def project_figures() -> pd.DataFrame:
    result = read_figures(sources=load_sources())
    assert result.errors.empty
    return result.figures


def figure(**cells) -> Figure:
    values = dict.fromkeys(FIGURE_COLUMNS, "") | {"low": None, "best": None, "high": None}
    values |= {"incident_id": "X", "measure": "killed"} | cells
    return Figure(**values)


def table(*figures: Figure) -> pd.DataFrame:
    return figures_frame(figures)


def write_figures(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "figures.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIGURE_COLUMNS)
        writer.writeheader()
        base = dict.fromkeys(FIGURE_COLUMNS, "") | {
            "incident_id": "X", "source": "UN", "measure": "killed", "best": "3",
        }  # fmt: skip
        writer.writerows([base | row for row in rows])
    return path


def test_the_project_table_loads_typed(project_figures):
    assert list(project_figures.columns) == list(FIGURE_COLUMNS)
    assert str(project_figures["best"].dtype) == "Int64"
    first = project_figures.iloc[0]
    assert (first["incident_id"], first["source"], first["best"]) == (
        "ML-2020-001",
        "Amnesty International",
        14,
    )
    assert pd.isna(first["low"])


def test_bad_rows_are_reported_with_their_cell_and_left_out(tmp_path):
    path = write_figures(
        tmp_path,
        [
            {},
            {"measure": "wounded"},
            {"best": "-3"},
            {"low": "5", "best": "3"},
            {"qualifier": "hundreds"},
            {"best": "", "qualifier": ""},
            {"qualifier": "at least", "best": "3"},
            {"qualifier": "roughly"},
            {"reported": "2020-02-30"},
            {"source_id": "nowhere.txt"},
            {"source": ""},
        ],
    )
    result = read_figures(path, sources=load_sources())
    assert len(result.figures) == 1
    errors = result.errors
    assert list(zip(errors["row"], errors["column"], errors["code"], strict=True)) == [
        (3, "measure", "unknown_value"),
        (4, "best", "bad_number"),
        (5, "high", "invalid"),
        (6, "qualifier", "invalid"),
        (7, "best", "required"),
        (8, "low", "invalid"),
        (9, "qualifier", "unknown_value"),
        (10, "reported", "bad_date"),
        (11, "source_id", "unknown_value"),
        (12, "source", "required"),
    ]


@pytest.mark.parametrize(
    ("cells", "text"),
    [
        ({"best": 14}, "14"),
        ({"low": 35, "qualifier": "at least"}, "at least 35"),
        ({"low": 300, "qualifier": "more than"}, "more than 300"),
        ({"best": 40, "qualifier": "about"}, "about 40"),
        ({"best": 40, "qualifier": "up to"}, "up to 40"),
        ({"qualifier": "hundreds"}, "hundreds"),
        ({"low": 10, "high": 40}, "10–40"),
        ({"low": 10, "best": 25, "high": 40}, "25 (range 10–40)"),
        ({"best": 1200}, "1,200"),
    ],
)
def test_a_figure_reads_with_its_qualifier(cells, text):
    assert figure(**cells).text() == text


def test_figure_words_are_translated():
    with use_language("qps"):
        assert figure(low=3, qualifier="at least").text() == "⟦at least 3⟧"
    with use_language("fr"):
        assert figure(best=1200).text() == "1\u202f200"


def test_protests_side_by_side_keeps_every_source_and_qualifier(project_figures):
    assert side_by_side_text(project_figures, PROTESTS, "killed") == (
        "Amnesty International: 14, at least 11 · UN: 14 · HRW: at least 14 · government: 11"
        " · opposition: 23"
    )
    assert side_by_side_text(project_figures, PROTESTS, "injured") == (
        "Amnesty International: hundreds, dozens · UN: more than 300 · HRW: more than 300"
    )
    parts = side_by_side(project_figures, PROTESTS, "killed")
    assert [(p.source, p.texts) for p in parts][:2] == [
        ("Amnesty International", ("14", "at least 11")),
        ("UN", ("14",)),
    ]


def test_a_scoped_figure_says_what_it_covers(project_figures):
    text = side_by_side_text(project_figures, "ML-2020-010", "killed")
    assert "AFP: 26 (Binédama only)" in text


def test_figures_table_is_one_row_per_figure_with_its_quote(project_figures):
    rows = figures_table(project_figures, PROTESTS)
    assert len(rows) == (project_figures["incident_id"] == PROTESTS).sum()
    hrw = rows[(rows["source"] == "HRW") & (rows["measure"] == "killed")].iloc[0]
    assert (hrw["figure"], hrw["low"], hrw["reported"]) == ("at least 14", 14, "2020-08-13")
    assert hrw["quote"].startswith("at least 14 people were killed")


def test_range_across_sources(project_figures):
    protests = figure_range(project_figures, PROTESTS, "killed")
    assert (protests.low, protests.high, protests.sources) == (11, None, 5)
    assert protests.text() == "at least 11"
    sinda = figure_range(project_figures, "ML-2020-001", "killed")
    assert (sinda.low, sinda.high, sinda.text()) == (14, 15, "14–15")
    # scoped figures (Binédama only, 26) never widen the range
    assert figure_range(project_figures, "ML-2020-010", "killed").low == 43
    assert figure_range(project_figures, "ML-2020-016", "killed").text() == ""


def test_total_range_sums_each_incidents_lowest_and_highest():
    figures = table(
        figure(incident_id="A", source="UN", best=14),
        figure(incident_id="A", source="HRW", low=10, high=20),
        figure(incident_id="B", source="UN", best=5),
    )
    total = total_range(figures, ["A", "B", "C"], "killed")
    assert (total.low, total.high, total.text()) == (15, 25, "15–25")
    open_ended = table(figure(incident_id="A", source="UN", low=3, qualifier="at least"))
    assert total_range(open_ended, ["A"], "killed").high is None


def test_verification_rule_on_small_tables():
    one = table(figure(source="Amnesty", best=4))
    assert verification(one, "X").status == SINGLE
    assert verification(table(), "X").text() == "as stated by one source"

    agreeing = table(
        figure(source="Amnesty", low=11, qualifier="at least"),
        figure(source="UN", best=14),
        figure(source="HRW", best=14, measure="injured"),
    )
    result = verification(agreeing, "X")
    assert (result.status, result.sources) == (CORROBORATED, ("Amnesty", "UN", "HRW"))
    assert result.text() == "corroborated by 3 independent sources"

    same_publisher = table(figure(source="Amnesty", best=4), figure(source="Amnesty", best=9))
    assert verification(same_publisher, "X").status == SINGLE

    disputed = table(figure(source="government", best=11), figure(source="opposition", best=23))
    result = verification(disputed, "X")
    assert (result.status, result.disputed) == (DISPUTED, ("killed",))
    assert result.text() == "disputed: sources disagree on killed"

    scoped = table(figure(source="UN", best=43), figure(source="AFP", best=26, scope="one village"))
    assert verification(scoped, "X").status == SINGLE

    about = table(figure(source="UN", best=100, qualifier="about"), figure(source="HRW", best=95))
    assert verification(about, "X").status == CORROBORATED
    more_than = table(
        figure(source="UN", low=14, qualifier="more than"), figure(source="B", best=14)
    )
    assert verification(more_than, "X").status == DISPUTED
    no_number = table(figure(source="UN", qualifier="hundreds"), figure(source="B", best=3))
    assert verification(no_number, "X").sources == ("B",)


def test_a_compilation_is_not_an_independent_source(project_figures):
    coup = "ML-2020-013"
    assert verification(project_figures, coup, load_sources()).status == SINGLE
    assert verification(project_figures, coup).status == CORROBORATED  # without the records


def test_statuses_of_the_curated_incidents(project_figures):
    statuses = verification_table(
        project_figures, ["ML-2020-012", "ML-2020-015", "ML-2020-003"], load_sources()
    )
    assert list(statuses["verification"]) == [DISPUTED, CORROBORATED, SINGLE]
    assert list(statuses["independent_sources"]) == [5, 2, 1]
    assert statuses["verification_text"].iloc[1] == "corroborated by 2 independent sources"


def ucdp_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["UCDP-1", "UCDP-2"],
            "killed": pd.array([12, None], dtype="Int64"),
            "injured": pd.array([None, 3], dtype="Int64"),
            "missing": pd.array([None, None], dtype="Int64"),
            "detained": pd.array([None, None], dtype="Int64"),
            "killed_low": pd.array([10, None], dtype="Int64"),
            "killed_high": pd.array([40, None], dtype="Int64"),
            "source": ["Reuters", "AFP"],
            "source_quote": ["headline", ""],
            "casualty_note": ["UCDP best estimate 12 (low 10, high 40)", ""],
            "source_format": ["ucdp", "native"],
        }
    )


def test_imported_low_best_high_become_figure_rows():
    figures = figures_from_frame(ucdp_frame())
    assert list(figures.columns) == list(FIGURE_COLUMNS)
    rows = figures[["incident_id", "source", "measure", "low", "best", "high"]]
    assert rows.astype(object).where(rows.notna(), None).values.tolist() == [
        ["UCDP-1", "UCDP GED", "killed", 10, 12, 40],
        ["UCDP-2", "AFP", "injured", None, 3, None],
    ]
    assert side_by_side_text(figures, "UCDP-1", "killed") == "UCDP GED: 12 (range 10–40)"
    assert figure_range(figures, "UCDP-1", "killed").text() == "10–40"


def test_figures_for_uses_the_table_and_builds_the_rest(project_figures):
    curated = pd.DataFrame({"id": [PROTESTS]})
    found = figures_for(curated, project_figures)
    assert set(found["incident_id"]) == {PROTESTS} and len(found) == 10
    mixed = pd.concat([ucdp_frame(), curated.assign(killed=pd.array([14], dtype="Int64"))])
    both = figures_for(mixed, project_figures)
    assert set(both["incident_id"]) == {PROTESTS, "UCDP-1", "UCDP-2"}
    assert (both["incident_id"] == PROTESTS).sum() == 10  # the table's, not the frame's count
