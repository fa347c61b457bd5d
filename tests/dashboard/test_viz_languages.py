"""The map and the charts in the reader's language: French words, numbers and months, and no
text that bypasses the catalogue (the pseudo-language brackets every translated string)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest

import i18n
from i18n import _, format_day, format_month, format_short_month, use_language
from incidents.model import PERPETRATOR_TYPES, label
from viz import charts, choropleth, maps, markers
from viz.assets import STATIC_DIR
from viz.style import format_figure, format_period, measure_count

NBSP = "\u00a0"  # French puts a no-break space before a colon
GROUP = "\u202f"  # ... and a narrow one between thousands
QPS = i18n.PSEUDO_LANGUAGE
# Columns whose values are data (shown as they are, in the language of the source).
DATA_COLUMNS = ("id", "title", "location", "perpetrator", "casualty_note", "alt_figures",
                "source", "source_quote", "admin1", "admin2", "geocode_note")  # fmt: skip


@pytest.fixture
def named(incidents):
    """The incidents with perpetrators named unlike any taxonomy label, so a label that
    bypasses the catalogue cannot pass for data."""
    frame = incidents.copy()
    frame["perpetrator"] = frame["perpetrator"].map(
        lambda p: {"State forces": "FAMa", "Identity militias": "Dan Na Ambassagou"}.get(p, p)
    )
    assert not set(frame["perpetrator"]) & set(PERPETRATOR_TYPES)
    return frame


# -- the pseudo-language checker ----------------------------------------------------------


class _Text(HTMLParser):
    """The text nodes of an HTML fragment (entities decoded), scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:  # noqa: ARG002
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.nodes


def shown(html: str) -> str:
    """The text of an HTML fragment as one string (a message may hold a tag, as <br>)."""
    return " ".join(text_nodes(html))


def data_values(frame: pd.DataFrame, units: pd.DataFrame) -> list[str]:
    """Every text the map and charts may show untranslated: data and formatted dates."""
    values = {str(v) for c in DATA_COLUMNS for v in frame[c] if isinstance(v, str) and v}
    values |= set(units["name"])
    days = pd.concat([frame["date_start"], frame["date_end"]]).dropna()
    months = pd.date_range("2018-01-01", "2027-12-01", freq="MS")
    values |= {format_day(d) for d in days}
    values |= {f(m) for m in months for f in (format_month, format_short_month)}
    return sorted(values, key=len, reverse=True)


def bypassing(texts: list[str], allowed: list[str]) -> list[str]:
    """The texts that hold a word neither bracketed by the catalogue nor data."""
    found = []
    for text in texts:
        rest = text
        while re.search(r"⟦[^⟦⟧]*⟧", rest):
            rest = re.sub(r"⟦[^⟦⟧]*⟧", " ", rest)
        for value in allowed:
            rest = rest.replace(value, " ")
        if re.search(r"[^\W\d_]", rest):
            found.append(text)
    return found


def test_the_checker_catches_text_outside_the_catalogue():
    allowed = ["Ogossagou massacre"]
    assert bypassing(["⟦Killed⟧ 12", "Ogossagou massacre · ⟦week of ⟦x⟧⟧"], allowed) == []
    assert bypassing(["⟦Killed⟧: 12 killed", "Legend"], allowed) == [
        "⟦Killed⟧: 12 killed",
        "Legend",
    ]


def map_calls(html: str) -> dict[str, list[object]]:
    """The data of every ``incidentMap.<function>(parent, data)`` call in a rendered page."""
    calls: dict[str, list[object]] = {}
    for function, data in re.findall(r"incidentMap\.(\w+)\(\w+, (.*)\);$", html, re.MULTILINE):
        calls.setdefault(function, []).append(json.loads(data))
    return calls


def map_texts(m) -> list[str]:
    """Every text a person reads on the rendered map: the page's own text, the legend, the
    attribution, region names, the units' tooltips, marker tooltips and popups, and the words
    of the grid cells' popups."""
    html = m.get_root().render()
    texts = text_nodes(html)
    calls = map_calls(html)
    texts += [t for legend in calls["legend"] for t in text_nodes(legend["html"])]
    texts += [t for line in calls["attribution"] for t in text_nodes(line)]
    texts += [label["name"] for labels in calls["regionLabels"] for label in labels]
    for config in calls.get("incidentCluster", []):
        texts += config["types"]
        for row in config["rows"]:  # tooltip and popup HTML
            texts += text_nodes(row[5]) + text_nodes(row[6])
    for config in calls.get("gridCells", []):
        texts += config["types"] + list(config["labels"].values())
    for geojson in re.findall(r"_add\((\{\"features\".*\})\);$", html, re.MULTILINE):
        for feature in json.loads(geojson)["features"]:
            texts += text_nodes(feature["properties"].get("label", ""))
    return texts


def figure_texts(fig) -> list[str]:
    """Every text of a plotly figure: titles, subtitle, axes, ticks, legend, notes, traces'
    names, hover templates and hover texts (plotly's own template syntax left out)."""
    layout = fig.layout
    texts = [layout.title.text, layout.title.subtitle.text, layout.legend.title.text]
    for axis in (layout.xaxis, layout.yaxis):
        texts += [axis.title.text, *(axis.ticktext or ()), *(axis.categoryarray or ())]
    texts += [a.text for a in layout.annotations]
    for trace in fig.data:
        template = re.sub(r"%\{[^}]*\}|<extra></extra>", " ", trace.hovertemplate or "")
        texts += [trace.name, template, *(trace.customdata or ())]
        if trace.orientation == "h":
            texts += list(trace.y)
    return [shown(str(text)) for text in texts if text]


@pytest.mark.parametrize("threshold", [2_000, 0], ids=["full popups", "grid cells"])
@pytest.mark.parametrize("level", ["admin1", "admin2"])
@pytest.mark.parametrize("measure", ["incidents", "killed"])
def test_every_map_text_goes_through_the_catalogue(
    named, regions, cercles, attribution, threshold, level, measure
):
    units = regions if level == "admin1" else cercles
    with use_language(QPS):
        m = maps.build_incident_map(
            named, regions, attribution=attribution, units=units, measure=measure,
            level=level, marker_threshold=threshold,
        )  # fmt: skip
        texts = map_texts(m)
        allowed = data_values(named, units) + data_values(named, regions)
    assert len(texts) > 30
    assert "⟦Legend⟧" in texts
    if threshold == 0:
        assert "⟦Incidents in this area (grid cell)⟧" in texts
    else:
        assert any("FAMa" in t for t in texts)
    assert bypassing(texts, allowed) == []


@pytest.mark.parametrize(
    "build",
    [
        charts.per_month_figure,
        lambda frame: charts.per_month_figure(frame, "injured"),
        charts.cumulative_figure,
        charts.time_ranges_figure,
    ],
)
@pytest.mark.parametrize("empty", [False, True])
def test_every_chart_text_goes_through_the_catalogue(named, regions, build, empty):
    frame = named.iloc[0:0] if empty else named
    with use_language(QPS):
        texts = figure_texts(build(frame))
        allowed = data_values(named, regions)
    assert texts and all("⟦" in t for t in texts[:1])  # the title
    assert bypassing(texts, allowed) == []


# -- French --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2020-02-14", "2020-02-14", "day", "14 février 2020"),
        ("2020-02-03", "2020-03-10", "day", "du 3 février 2020 au 10 mars 2020"),
        ("2020-07-01", "2020-07-31", "month", "juillet 2020"),
        ("2020-10-01", "2020-12-31", "month", "octobre 2020 – décembre 2020"),
        ("2020-08-10", "2020-08-16", "week", "semaine du 10 août 2020 au 16 août 2020"),
        ("2020-08-10", "2020-08-10", "week", "semaine du 10 août 2020"),
        ("2019-01-01", "2020-12-31", "year", "2019–2020"),
        (None, None, "day", "date inconnue"),
    ],
)
def test_periods_in_french(start, end, precision, expected):
    first, last = (pd.Timestamp(v) if v else pd.NaT for v in (start, end))
    with use_language("fr"):
        assert format_period(first, last, precision) == expected


def test_figures_and_counts_in_french():
    with use_language("fr"):
        assert format_figure(1200) == f"1{GROUP}200"
        assert format_figure(pd.NA) == "non précisé"
        assert format_figure(35, "au moins") == "35 (au moins)"
        assert measure_count("killed", 1) == "1 tué (déclaré)"
        assert measure_count("killed", 1234) == f"1{GROUP}234 tués (déclarés)"
        assert measure_count("incidents", 0) == "0 incident"
        assert measure_count("missing", 4) == "4 disparus (déclarés)"
        assert choropleth.class_labels([2, 1000])[-1][1] == f"3–1{GROUP}000"


def test_unit_tooltip_in_french():
    row = pd.Series({"name": "Niono", "admin1": "Ségou", "detained": 2})
    with use_language("fr"):
        assert choropleth.unit_label(row, "admin2", "detained") == (
            "<b>Niono <small>(Ségou)</small></b><br>2 détenus (déclarés)<br>"
            "<i>Cliquer pour filtrer sur ce cercle</i>"
        )


def test_popup_in_french(incidents):
    row = incidents.set_index("id", drop=False).loc["ML-2020-004"]
    with use_language("fr"):
        popup = markers.incident_popup_html(row)
    for text in (
        "<tr><td>Tués</td><td>14</td></tr>",
        "<tr><td>Blessés</td><td>300</td></tr>",
        'juillet 2020 <span class="meta">(connue au mois près)</span>',
        f"Bilan{NBSP}: hundreds injured",  # the note is data: as written
        f"Lieu{NBSP}: Bamako — Bamako, Bamako",
        f"Source{NBSP}: 002_report.txt · ML-2020-004",
        "(le lieu nommé lui-même)",
    ):
        assert text in popup
    unnamed = incidents.set_index("id", drop=False).loc["ML-2020-007"]
    with use_language("fr"):
        assert f"Auteur{NBSP}: non nommé par la source" in markers.incident_popup_html(unnamed)


def test_legend_and_grid_cells_in_french(many_incidents, regions):
    big = many_incidents(60)
    with use_language("fr"):
        layers = maps.build_layers(big, regions, measure="killed", marker_threshold=10)
    legend = next(c for c in layers.groups[0]._children.values() if isinstance(c, maps.Legend))
    for text in ("<summary>Légende</summary>", "<h4>Tués par région</h4>",
                 "Sommes des chiffres déclarés par les sources", "60 incidents"):  # fmt: skip
        assert text in legend.html
    (cells,) = [c for c in layers.groups[1]._children.values() if isinstance(c, maps.GridCells)]
    config = json.loads(cells.data_json)
    assert config["language"] == "fr"
    assert config["labels"]["killed"] == f"Tués{NBSP}: {{n}}"
    assert config["types"] == [label("event type", t) for t in config["types"]] or all(
        isinstance(t, str) for t in config["types"]
    )


def test_charts_in_french(incidents):
    with use_language("fr"):
        per_month = charts.per_month_figure(incidents, "killed")
        cumulative = charts.cumulative_figure(incidents)
        lasting = charts.time_ranges_figure(incidents)
        empty = charts.per_month_figure(incidents.iloc[0:0])
        vac_name = label("event type", "Violence against civilians")
        protests_month = _("{event_type} (month or year only)").format(
            event_type=label("event type", "Protests")
        )
    assert per_month.layout.title.text == "Tués par mois, par type d’événement"
    assert per_month.layout.yaxis.title.text == "Tués (déclarés)"
    assert per_month.layout.xaxis.title.text == "Mois (début de l’incident)"
    assert per_month.layout.legend.title.text == "Type d’événement"
    assert per_month.layout.separators == f",{GROUP}"
    assert per_month.layout.xaxis.ticktext == ("2020", "2021", "2022", "2023", "2024", "2025")
    with use_language("fr"):  # a shorter period is labelled by months
        year_2020 = charts.per_month_figure(incidents[incidents["year"] == 2020])
    assert year_2020.layout.xaxis.ticktext == (
        "janv. 2020",
        "mars 2020",
        "mai 2020",
        "juil. 2020",
        "sept. 2020",
    )
    vac = next(t for t in per_month.data if t.name == vac_name)
    february = list(pd.to_datetime(vac.x)).index(pd.Timestamp("2020-02-01"))
    assert vac.customdata[february] == f"février 2020<br>{vac_name}<br>45 tués (déclarés)"
    assert {t.name for t in cumulative.data} == {"Tués", "Blessés", "Disparus", "Détenus"}
    injured = next(t for t in cumulative.data if t.name == "Blessés")
    assert injured.customdata[-1] == "fin mars 2025<br>307 blessés (déclarés)"
    assert lasting.layout.xaxis.title.text == "Période donnée par la source"
    assert protests_month.endswith("(mois ou année seulement)")
    assert protests_month in {t.name for t in lasting.data}
    assert empty.layout.annotations[0].text == "Aucun incident ne correspond aux filtres"


def test_chart_months_and_numbers_in_english(incidents):
    fig = charts.per_month_figure(incidents[incidents["year"] == 2020])
    assert fig.layout.separators == ".,"
    ticks = dict(zip(fig.layout.xaxis.ticktext, fig.layout.xaxis.tickvals, strict=True))
    assert pd.Timestamp(ticks["Jul 2020"]) == pd.Timestamp("2020-07-01")
    assert len(ticks) <= charts.MAX_MONTH_TICKS


def test_month_ticks_thin_out_over_long_periods():
    ticks = charts._month_ticks(pd.Timestamp("2012-03-01"), pd.Timestamp("2025-06-01"))
    assert ticks["ticktext"] == [str(y) for y in range(2014, 2026, 2)]
    short = charts._month_ticks(pd.Timestamp("2020-02-01"), pd.Timestamp("2020-05-01"))
    with use_language("fr"):
        assert charts._month_ticks(pd.Timestamp("2020-02-01"), pd.Timestamp("2020-05-01"))[
            "ticktext"
        ] == ["févr. 2020", "mars 2020", "avr. 2020", "mai 2020"]
    assert short["ticktext"] == ["Feb 2020", "Mar 2020", "Apr 2020", "May 2020"]


# -- the map's script ----------------------------------------------------------------------


def test_the_map_script_holds_no_words():
    """Text the map shows comes translated with its data: the script's own strings are class
    names, event names and markup only."""
    script = (STATIC_DIR / "map" / "incident-map.js").read_text()
    script = re.sub(r"//.*", "", script)
    literals = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", script)
    prose = [
        s for s in literals
        if re.match(r"[A-Z][a-z]", s) or sum(w.isalpha() for w in s.split()) >= 2
    ]  # fmt: skip
    assert prose == ["use strict"]


GRID_POPUP_HARNESS = """
const lines = [];
function element() {
    return {style: {}, set textContent(t) { this.text = t; }, insertBefore() {},
            appendChild(child) { if (child.text !== undefined) { lines.push(child.text); } }};
}
global.window = global;
global.document = {createElement: element};
let popup = null;
const layer = {addTo() {}, on() { return this; }};
global.L = {
    featureGroup: () => layer,
    canvas: () => ({}),
    circleMarker: () => ({bindPopup(content) { popup = content; return {addTo() {}}; }}),
};
require(process.argv[2]);
window.incidentMap.gridCells(null, JSON.parse(process.argv[3]));
popup();
console.log(JSON.stringify(lines));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_grid_cell_popup_shows_the_words_of_its_config(many_incidents, regions, tmp_path):
    big = many_incidents(1)
    big["killed"] = pd.array([1234], dtype="Int64")
    big["injured"] = pd.array([pd.NA], dtype="Int64")
    with use_language("fr"):
        layers = maps.build_layers(big, regions, marker_threshold=0)
        event_type = label("event type", big["event_type"].iloc[0])
    (cells,) = [c for c in layers.groups[1]._children.values() if isinstance(c, maps.GridCells)]
    harness = tmp_path / "harness.js"
    harness.write_text(GRID_POPUP_HARNESS)
    result = subprocess.run(
        ["node", str(harness), str(STATIC_DIR / "map" / "incident-map.js"), cells.data_json],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = json.loads(result.stdout)
    assert lines[0] == "Incidents dans cette zone (cellule de la grille)"
    assert lines[1] == f"Incidents{NBSP}: 1"
    assert lines[2] == f"Tués{NBSP}: 1{GROUP}234"
    assert f"{event_type}{NBSP}: 1" in lines
