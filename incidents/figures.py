"""Figures per source: every casualty figure of an incident, side by side, and what they say.

``data/figures.csv`` (documented in ``data/README.md``) has one row per (incident, who gives the
figure, measure): ``low``/``best``/``high`` and a qualifier ("at least", "hundreds"). An imported
dataset gives its own figures in its columns (UCDP's low/best/high as ``killed_low``,
``killed``, ``killed_high``); ``figures_from_frame`` puts them in the same table shape, so the
pages treat both alike.

Verification status of an incident, from its figures (``verification``):

- only figures for the incident as a whole count (a row with a ``scope`` covers a part or a
  wider total and is never compared); a figure with no number ("hundreds") is not compared;
- sources are independent when their ``source`` (who gives the figure) differs; two figures of
  one publisher (Amnesty's report and its press release) are one source, and a compilation
  (a source record with coverage scope ``compilation``: our own fact-check) is no source;
- each figure is a range: exact N = [N, N]; "at least N" = [N, ∞); "more than N" = [N + 1, ∞);
  "up to N" = [0, N]; "about N" = [0.9 N, 1.1 N]; a range low-high = [low, high];
- **disputed**: for some measure, two independent sources give ranges that do not overlap
  (the government's 11 killed and the opposition's 23);
- else **corroborated by N independent sources** when N >= 2 independent sources give a figure;
- else **as stated by one source** (also an incident with no figure at all: its own source
  reports it). The rule counts publishers: it cannot see that a publisher quotes another
  (Amnesty giving MINUSMA's figure), which the figure's ``notes`` say.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import SupportsInt

import pandas as pd

from i18n import N_, _, format_number, ngettext
from incidents.errors import DROPPED, RowError, error_frame
from incidents.importers.detect import LABELS
from incidents.load import DATA_DIR
from incidents.model import COUNT_FIELDS, VERIFICATION_STATUSES
from incidents.sources import COMPILATION, Source, is_partial_iso_date, read_records

FIGURES_PATH = DATA_DIR / "figures.csv"
FIGURE_COLUMNS: tuple[str, ...] = (
    "incident_id", "source", "source_id", "measure", "low", "best", "high",
    "qualifier", "quote", "reported", "notes", "scope",
)  # fmt: skip
NUMBER_COLUMNS: tuple[str, ...] = ("low", "best", "high")
REQUIRED_COLUMNS: tuple[str, ...] = ("incident_id", "source", "measure")

EXACT, AT_LEAST, MORE_THAN, ABOUT, UP_TO = "", "at least", "more than", "about", "up to"
HUNDREDS, DOZENS = "hundreds", "dozens"
LOWER_BOUNDS: tuple[str, ...] = (AT_LEAST, MORE_THAN)
NO_NUMBER: tuple[str, ...] = (HUNDREDS, DOZENS)
QUALIFIERS: tuple[str, ...] = (EXACT, AT_LEAST, MORE_THAN, ABOUT, UP_TO, *NO_NUMBER)
ABOUT_MARGIN = 0.1  # "about N" is taken as N ± 10 %

# How a figure reads, by qualifier ({n}: the number as written).
_FIGURE_WORDS: dict[str, str] = {
    AT_LEAST: N_("at least {n}"),
    MORE_THAN: N_("more than {n}"),
    ABOUT: N_("about {n}"),
    UP_TO: N_("up to {n}"),
    HUNDREDS: N_("hundreds"),
    DOZENS: N_("dozens"),
}

SINGLE, CORROBORATED, DISPUTED = VERIFICATION_STATUSES
SIDE_BY_SIDE_SEPARATOR = " · "


@dataclass(frozen=True)
class Figure:
    """One figure: who gives it, for which measure, and how precisely."""

    incident_id: str
    source: str
    source_id: str
    measure: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str
    quote: str
    reported: str
    notes: str
    scope: str

    @property
    def has_number(self) -> bool:
        return any(v is not None for v in (self.low, self.best, self.high))

    def bounds(self) -> tuple[float, float] | None:
        """The range of values the figure allows (see the module's rule); None: no number."""
        if not self.has_number:
            return None
        if self.qualifier in LOWER_BOUNDS:
            start = float(self.low if self.low is not None else self.best or 0)
            return (start + (1 if self.qualifier == MORE_THAN else 0), math.inf)
        if self.qualifier == UP_TO:
            return (0.0, float(self.high if self.high is not None else self.best or 0))
        low: float | None = self.low if self.low is not None else self.best
        high: float | None = self.high if self.high is not None else self.best
        if self.qualifier == ABOUT and self.best is not None:
            low, high = self.best * (1 - ABOUT_MARGIN), self.best * (1 + ABOUT_MARGIN)
        upper = high if high is not None else math.inf
        lower = low if low is not None else upper
        return (float(lower), float(upper))

    def text(self) -> str:
        """The figure as a reader says it: '14', 'at least 35', '10–40', 'hundreds'."""
        words = _(_FIGURE_WORDS[self.qualifier]) if self.qualifier else "{n}"
        if self.qualifier in NO_NUMBER:
            return words
        if self.low is not None and self.high is not None and self.qualifier not in LOWER_BOUNDS:
            span = _("{low}–{high}").format(
                low=format_number(self.low), high=format_number(self.high)
            )
            if self.best is None:
                return words.format(n=span)
            return _("{best} (range {span})").format(
                best=words.format(n=format_number(self.best)), span=span
            )
        number = next(v for v in (self.best, self.low, self.high) if v is not None)
        return words.format(n=format_number(number))


@dataclass(frozen=True)
class FiguresResult:
    """The figures table (``FIGURE_COLUMNS``, numbers as Int64) and the rows left out."""

    figures: pd.DataFrame
    errors: pd.DataFrame


def _number(text: str) -> int | None:
    return int(text) if text else None


def _row_errors(row: int, cells: dict[str, str], known: set[str] | None) -> list[RowError]:
    def error(column: str, message: str, code: str) -> RowError:
        return RowError(row, column, cells.get(column, ""), message, code, DROPPED)

    errors = [
        error(c, _("{column} is required").format(column=c), "required")
        for c in REQUIRED_COLUMNS
        if not cells[c]
    ]
    if cells["measure"] and cells["measure"] not in COUNT_FIELDS:
        message = _("not one of: {values}").format(values=", ".join(COUNT_FIELDS))
        errors.append(error("measure", message, "unknown_value"))
    if cells["qualifier"] not in QUALIFIERS:
        message = _("not one of: {values}").format(values=", ".join(q for q in QUALIFIERS if q))
        errors.append(error("qualifier", message, "unknown_value"))
    bad = [c for c in NUMBER_COLUMNS if cells[c] and not cells[c].isdigit()]
    errors += [error(c, _("not a whole number of 0 or more"), "bad_number") for c in bad]
    numbers = [int(cells[c]) for c in NUMBER_COLUMNS if cells[c] and c not in bad]
    if numbers != sorted(numbers):
        errors.append(error("high", _("low, best and high must be in that order"), "invalid"))
    qualifier = cells["qualifier"]
    if qualifier in NO_NUMBER and numbers:
        message = _("'{qualifier}' states no number: leave low, best and high empty")
        errors.append(error("qualifier", message.format(qualifier=qualifier), "invalid"))
    if qualifier not in NO_NUMBER and not numbers and not bad:
        message = _("a figure needs a number, or a qualifier such as 'hundreds'")
        errors.append(error("best", message, "required"))
    if qualifier in LOWER_BOUNDS and (not cells["low"] or cells["best"]):
        message = _("'{qualifier}' is a lower bound: give it as low, with no best")
        errors.append(error("low", message.format(qualifier=qualifier), "invalid"))
    if cells["reported"] and not is_partial_iso_date(cells["reported"]):
        message = _("not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        errors.append(error("reported", message, "bad_date"))
    if known is not None and cells["source_id"] and cells["source_id"] not in known:
        message = _("no source record has this id (data/sources.csv)")
        errors.append(error("source_id", message, "unknown_value"))
    return errors


def figures_frame(figures: Iterable[Figure]) -> pd.DataFrame:
    """Figures as the table: ``FIGURE_COLUMNS``, numbers nullable integers, text otherwise."""
    frame = pd.DataFrame([vars(f) for f in figures], columns=list(FIGURE_COLUMNS))
    for column in FIGURE_COLUMNS:
        if column in NUMBER_COLUMNS:
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
        else:
            frame[column] = frame[column].fillna("").astype("str")
    return frame


def read_figures(
    path: str | os.PathLike[str] | None = None, sources: Mapping[str, Source] | None = None
) -> FiguresResult:
    """Read and check figures.csv (default: the project's); bad rows are left out, reported.

    With ``sources``, a ``source_id`` must be one of their ids.
    """
    known = set(sources) if sources is not None else None
    good: list[Figure] = []
    errors: list[RowError] = []
    for row, cells in read_records(Path(path or FIGURES_PATH), FIGURE_COLUMNS):
        if not any(cells.values()):
            continue
        problems = _row_errors(row, cells, known)
        errors += problems
        if not problems:
            good.append(
                _figure(
                    cells, _number(cells["low"]), _number(cells["best"]), _number(cells["high"])
                )
            )
    return FiguresResult(figures_frame(good), error_frame(errors))


def as_figures(table: pd.DataFrame) -> list[Figure]:
    """The table's rows as ``Figure`` records."""
    records = []
    for row in table[list(FIGURE_COLUMNS)].to_dict("records"):
        text = {c: str(row[c]) for c in FIGURE_COLUMNS}
        records.append(_figure(text, _count(row["low"]), _count(row["best"]), _count(row["high"])))
    return records


def _figure(text: Mapping[str, str], low: int | None, best: int | None, high: int | None) -> Figure:
    """A figure from its text columns (``FIGURE_COLUMNS``) and its numbers."""
    return Figure(
        incident_id=text["incident_id"],
        source=text["source"],
        source_id=text["source_id"],
        measure=text["measure"],
        low=low,
        best=best,
        high=high,
        qualifier=text["qualifier"],
        quote=text["quote"],
        reported=text["reported"],
        notes=text["notes"],
        scope=text["scope"],
    )


# -- imported datasets --------------------------------------------------------------------------


def _count(value: SupportsInt | str | None) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def figures_from_frame(incidents: pd.DataFrame) -> pd.DataFrame:
    """Figure rows from an incident frame's own counts (an imported dataset).

    One row per stated count, incident by incident, measures in ``COUNT_FIELDS`` order;
    killed carries ``killed_low``/``killed_high`` where the frame has them (UCDP's low and high
    estimates beside its best). Who gives the figure is the dataset (UCDP GED, ACLED) or, for
    the project's own format, the row's source.
    """
    n = len(incidents)

    def column(name: str) -> pd.Series:
        if name in incidents:
            return incidents[name].reset_index(drop=True)
        return pd.Series([None] * n, dtype=object)

    def text(name: str) -> pd.Series:
        return column(name).fillna("").astype(str)

    fmt = text("source_format")
    dataset = fmt.map(lambda f: LABELS.get(f, "") if f in ("acled", "ucdp") else None)
    who = dataset.where(dataset.notna(), text("source"))
    unstated = pd.Series(pd.NA, index=range(n), dtype="Int64")
    parts = []
    for order, measure in enumerate(COUNT_FIELDS):
        best = column(measure).astype("Int64")
        low = column("killed_low").astype("Int64") if measure == "killed" else unstated
        high = column("killed_high").astype("Int64") if measure == "killed" else unstated
        stated = (best.notna() | low.notna() | high.notna()).to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "incident_id": text("id"),
                    "source": who,
                    "source_id": "",
                    "measure": measure,
                    "low": low,
                    "best": best,
                    "high": high,
                    "qualifier": EXACT,
                    "quote": text("source_quote"),
                    "reported": "",
                    "notes": text("casualty_note"),
                    "scope": "",
                    "_position": range(n),
                    "_order": order,
                }
            )[stated]
        )
    figures = pd.concat(parts, ignore_index=True).sort_values(
        ["_position", "_order"], kind="stable"
    )
    figures = figures.drop(columns=["_position", "_order"]).reset_index(drop=True)
    for name in FIGURE_COLUMNS:
        if name not in NUMBER_COLUMNS:
            figures[name] = figures[name].astype("str")
    return figures[list(FIGURE_COLUMNS)]


def figures_for(incidents: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures of these incidents: the figures table's rows for them (default: the
    project's figures.csv), and rows built from the frame for incidents the table lacks."""
    table = read_figures().figures if table is None else table
    ids = set(incidents["id"])
    listed = table[table["incident_id"].isin(ids)]
    others = incidents[~incidents["id"].isin(set(listed["incident_id"]))]
    built = figures_from_frame(others)
    if built.empty:
        return listed.reset_index(drop=True)
    return pd.concat([listed, built], ignore_index=True)


# -- side by side -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFigures:
    """What one source says about one measure of one incident."""

    source: str
    measure: str
    texts: tuple[str, ...]  # each figure, as it reads ('at least 35'), scope in brackets

    def text(self) -> str:
        return _("{source}: {figures}").format(source=self.source, figures=", ".join(self.texts))


def _figure_text(figure: Figure) -> str:
    if not figure.scope:
        return figure.text()
    return _("{figure} ({scope})").format(figure=figure.text(), scope=figure.scope)


def side_by_side(figures: pd.DataFrame, incident_id: str, measure: str) -> list[SourceFigures]:
    """Each source's figures for one measure of one incident, in table order."""
    rows = figures[(figures["incident_id"] == incident_id) & (figures["measure"] == measure)]
    grouped: dict[str, list[str]] = {}
    for figure in as_figures(rows):
        texts = grouped.setdefault(figure.source, [])
        if _figure_text(figure) not in texts:  # one publisher's documents agreeing: said once
            texts.append(_figure_text(figure))
    return [SourceFigures(s, measure, tuple(t)) for s, t in grouped.items()]


def side_by_side_text(figures: pd.DataFrame, incident_id: str, measure: str) -> str:
    """'Amnesty International: at least 11 · UN: 14 · HRW: 14 · government: 11'."""
    parts = side_by_side(figures, incident_id, measure)
    return SIDE_BY_SIDE_SEPARATOR.join(p.text() for p in parts)


def figures_table(figures: pd.DataFrame, incident_id: str) -> pd.DataFrame:
    """One incident's figures for a table: measure, source, figure (as it reads), scope,
    reported, quote and notes, in table order."""
    rows = as_figures(figures[figures["incident_id"] == incident_id])
    return pd.DataFrame(
        [
            {
                "measure": f.measure,
                "source": f.source,
                "source_id": f.source_id,
                "figure": f.text(),
                "low": f.low,
                "best": f.best,
                "high": f.high,
                "qualifier": f.qualifier,
                "scope": f.scope,
                "reported": f.reported,
                "quote": f.quote,
                "notes": f.notes,
            }
            for f in rows
        ],
        columns=["measure", "source", "source_id", "figure", "low", "best", "high",
                 "qualifier", "scope", "reported", "quote", "notes"],
    ).astype({"low": "Int64", "best": "Int64", "high": "Int64"})  # fmt: skip


# -- range across sources -----------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRange:
    """The smallest and largest values the sources allow; ``high`` None: no upper bound."""

    low: int | None
    high: int | None
    sources: int  # how many sources give a number

    def text(self) -> str:
        if self.low is None:
            return ""
        if self.high is None:
            return _("at least {n}").format(n=format_number(self.low))
        if self.low == self.high:
            return format_number(self.low)
        return _("{low}–{high}").format(low=format_number(self.low), high=format_number(self.high))


def _comparable(figures: pd.DataFrame, incident_ids: Iterable[str], measure: str) -> list[Figure]:
    wanted = set(incident_ids)
    rows = figures[
        figures["incident_id"].isin(wanted)
        & (figures["measure"] == measure)
        & (figures["scope"] == "")
    ]
    return [f for f in as_figures(rows) if f.has_number]


def _range(found: list[Figure]) -> FigureRange:
    bounds = [b for b in (f.bounds() for f in found) if b is not None]
    if not bounds:
        return FigureRange(None, None, 0)
    low = min(b[0] for b in bounds)
    high = max(b[1] for b in bounds)
    return FigureRange(
        math.floor(low),
        None if math.isinf(high) else math.ceil(high),
        len({f.source for f in found}),
    )


def figure_range(figures: pd.DataFrame, incident_id: str, measure: str) -> FigureRange:
    """The range across sources of one measure of one incident (figures with a scope and
    figures with no number left out)."""
    return _range(_comparable(figures, (incident_id,), measure))


def total_range(figures: pd.DataFrame, incident_ids: Iterable[str], measure: str) -> FigureRange:
    """The range of a view's total: the sum of each incident's lowest and highest figure
    (``high`` None when any incident's figures have no upper bound)."""
    ranges = [figure_range(figures, i, measure) for i in dict.fromkeys(incident_ids)]
    given = [r for r in ranges if r.low is not None]
    if not given:
        return FigureRange(None, None, 0)
    high = None if any(r.high is None for r in given) else sum(r.high or 0 for r in given)
    return FigureRange(sum(r.low or 0 for r in given), high, max(r.sources for r in given))


# -- verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """An incident's verification status and the independent sources it counts."""

    status: str  # one of VERIFICATION_STATUSES
    sources: tuple[str, ...]  # independent sources giving a number, in table order
    disputed: tuple[str, ...] = ()  # the measures whose figures disagree

    def text(self) -> str:
        if self.status == DISPUTED:
            return _("disputed: sources disagree on {measures}").format(
                measures=", ".join(_(MEASURE_WORDS[m]) for m in self.disputed)
            )
        if self.status == CORROBORATED:
            n = len(self.sources)
            return ngettext(
                "corroborated by {n} independent source",
                "corroborated by {n} independent sources",
                n,
            ).format(n=n)
        return _("as stated by one source")


MEASURE_WORDS: dict[str, str] = {
    "killed": N_("killed"),
    "injured": N_("injured"),
    "missing": N_("missing"),
    "detained": N_("detained"),
}


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def verification(
    figures: pd.DataFrame, incident_id: str, sources: Mapping[str, Source] | None = None
) -> Verification:
    """The incident's status by the module's rule (``sources``: to recognise compilations)."""
    compilations = {i for i, s in (sources or {}).items() if s.coverage_scope == COMPILATION}
    independent: dict[str, None] = {}
    disputed: list[str] = []
    for measure in COUNT_FIELDS:
        found = [
            f for f in _comparable(figures, (incident_id,), measure)
            if f.source_id not in compilations
        ]  # fmt: skip
        for figure in found:
            independent.setdefault(figure.source, None)
        by_source: dict[str, list[tuple[float, float]]] = {}
        for figure in found:
            bounds = figure.bounds()
            if bounds is not None:
                by_source.setdefault(figure.source, []).append(bounds)
        measured_by = list(by_source)
        if any(
            not _overlap(a, b)
            for i, first in enumerate(measured_by)
            for second in measured_by[i + 1 :]
            for a in by_source[first]
            for b in by_source[second]
        ):
            disputed.append(measure)
    names = tuple(independent)
    if disputed:
        return Verification(DISPUTED, names, tuple(disputed))
    return Verification(CORROBORATED if len(names) >= 2 else SINGLE, names)


def verification_table(
    figures: pd.DataFrame, incident_ids: Iterable[str], sources: Mapping[str, Source] | None = None
) -> pd.DataFrame:
    """``id``, ``verification`` (status), ``independent_sources`` (count) and
    ``verification_text`` for each incident, for joining to a view and filtering."""
    rows = []
    for incident_id in dict.fromkeys(incident_ids):
        result = verification(figures, incident_id, sources)
        rows.append((incident_id, result.status, len(result.sources), result.text()))
    return pd.DataFrame(
        rows, columns=["id", "verification", "independent_sources", "verification_text"]
    ).astype({"independent_sources": "int64"})


def with_verification(
    incidents: pd.DataFrame, figures: pd.DataFrame, sources: Mapping[str, Source] | None = None
) -> pd.DataFrame:
    """``incidents`` with the columns of ``verification_table`` joined by id (same type and
    order), so a view can show and filter the status without working it out again.

    Only an incident that two sources give numbers for can be corroborated or disputed: the
    rule runs for those; every other one (most of a large import) is "one source" at once.
    """
    ids = incidents["id"].astype(str)
    compilations = {i for i, s in (sources or {}).items() if s.coverage_scope == COMPILATION}
    numbered = figures[["low", "best", "high"]].notna().any(axis=1)
    comparable = figures[
        numbered
        & (figures["scope"] == "")
        & figures["measure"].isin(COUNT_FIELDS)
        & ~figures["source_id"].isin(compilations)
    ]
    counted = comparable.groupby(comparable["incident_id"].astype(str))["source"].nunique()
    several = set(counted.index[counted >= 2])
    groups = _by_incident(figures[figures["incident_id"].astype(str).isin(several)])
    one_source = Verification(SINGLE, ()).text()
    rows = []
    for incident_id in dict.fromkeys(ids):
        if incident_id in several:
            result = verification(groups[incident_id], incident_id, sources)
            rows.append((incident_id, result.status, len(result.sources), result.text()))
        else:
            rows.append((incident_id, SINGLE, int(counted.get(incident_id, 0)), one_source))
    by_id = pd.DataFrame(
        rows, columns=["id", "verification", "independent_sources", "verification_text"]
    ).set_index("id")
    joined = incidents.copy()
    for column in ("verification", "independent_sources", "verification_text"):
        joined[column] = ids.map(by_id[column]).to_numpy()
    return joined


def stated_figure_text(figures: pd.DataFrame, row: Mapping[str, object], measure: str) -> str:
    """The incident's own figure as its source states it ('at least 32', '10–40'): the
    figures-table row of its own source for the whole incident that gives the row's number,
    else the bare number ("" when the row states none)."""
    value = row.get(measure)
    if not isinstance(value, SupportsInt) or pd.isna(value):
        return ""
    own = figures[
        (figures["incident_id"] == str(row.get("id")))
        & (figures["measure"] == measure)
        & (figures["source_id"] == str(row.get("source") or ""))
        & (figures["scope"] == "")
    ]
    number = int(value)
    found = [f for f in as_figures(own) if number in (f.best, f.low)]
    return found[0].text() if found else format_number(number)


def stated_column(measure: str) -> str:
    """The column holding a measure's figure as its source states it ('at least 32')."""
    return f"{measure}_stated"


def with_figure_texts(incidents: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """``incidents`` with each measure's figure as stated (``stated_column``) and
    ``figures_by_source``: (measure, side-by-side text) for every measure two or more sources
    give, every figure in full.

    Worked out per figure row, not per incident: a large import has one source per incident,
    so only the incidents with several sources for a measure are compared side by side.
    """
    joined = incidents.copy()
    ids = incidents["id"].astype(str).to_numpy()
    for measure in COUNT_FIELDS:
        joined[stated_column(measure)] = _stated_texts(incidents, figures, measure)
    per_measure = figures.groupby([figures["incident_id"].astype(str), "measure"])["source"]
    sources = per_measure.nunique()
    several = set(sources.index[sources >= 2].get_level_values(0))
    groups = _by_incident(figures[figures["incident_id"].astype(str).isin(several)])
    side_by_side_texts = {
        incident_id: tuple(
            (measure, side_by_side_text(own, incident_id, measure))
            for measure in COUNT_FIELDS
            if len(side_by_side(own, incident_id, measure)) >= 2
        )
        for incident_id, own in groups.items()
    }
    joined["figures_by_source"] = [side_by_side_texts.get(i, ()) for i in ids]
    return joined


def _stated_texts(incidents: pd.DataFrame, figures: pd.DataFrame, measure: str) -> list[str]:
    """``stated_figure_text`` of every incident for one measure: the own source's figure
    that gives the row's number, else the number as written in the reader's language."""
    values = incidents[measure].astype("Int64")
    own = figures[(figures["measure"] == measure) & (figures["scope"] == "")]
    wanted = pd.DataFrame(
        {
            "position": range(len(incidents)),
            "incident_id": incidents["id"].astype(str).to_numpy(),
            "source_id": incidents["source"].fillna("").astype(str).to_numpy()
            if "source" in incidents
            else "",
            "value": values.to_numpy(),
        }
    )[values.notna().to_numpy()]
    candidates = own.assign(
        incident_id=own["incident_id"].astype(str), source_id=own["source_id"].astype(str)
    ).reset_index(drop=True)
    candidates["order"] = range(len(candidates))
    matched = wanted.merge(candidates, on=["incident_id", "source_id"])
    matched = matched[(matched["best"] == matched["value"]) | (matched["low"] == matched["value"])]
    first = matched.sort_values("order").drop_duplicates("position")
    texts = dict(zip(first["position"], (f.text() for f in as_figures(first)), strict=True))
    numbers: dict[int, str] = {}
    result = [""] * len(incidents)
    for position, value in zip(wanted["position"], wanted["value"], strict=True):
        if position in texts:
            result[position] = texts[position]
        else:
            number = int(value)
            if number not in numbers:
                numbers[number] = format_number(number)
            result[position] = numbers[number]
    return result


def _by_incident(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(i): rows for i, rows in figures.groupby("incident_id", sort=False)}
