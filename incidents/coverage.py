"""Honest coverage: which months the sources behind a view actually survey.

A month with no incident means "none was reported" only if a source reports on the whole
country for that month. Sources say how completely they cover their period
(``coverage_scope`` in data/sources.csv):

- a ``country survey`` (an annual report on all of Mali) covers every month its period
  (``coverage_start`` .. ``coverage_end``) overlaps, even in part;
- a ``single case`` (one person's case) and a ``compilation`` (our own leads) cover no month:
  they say nothing about the other incidents of their months.

An imported dataset has no source records: it is taken to survey the whole country over its
own span, the month of its first incident to that of its last (``dataset_sources``), and the
pages say so.

So "Period covered" is built from the country surveys' periods, never from the first and last
incident, and the Timeline draws every other month as "not covered", not as zero.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from i18n import _, format_day, format_month
from incidents.sources import COUNTRY_SURVEY, Source, load_sources, sources_of
from incidents.store import CURATED

COVERAGE_COLUMNS: tuple[str, ...] = ("month", "covered", "surveys", "sources")


@dataclass(frozen=True)
class CoveredPeriod:
    """An unbroken period surveyed by at least one country survey."""

    start: date
    end: date
    source_ids: tuple[str, ...]

    def text(self) -> str:
        """'January 2020 – December 2020', or days when the period is not whole months."""
        whole = self.start.day == 1 and self.end.day == _month_end(self.end).day
        if whole:
            first, last = format_month(self.start), format_month(self.end)
        else:
            first, last = format_day(self.start), format_day(self.end)
        return first if first == last else _("{start} – {end}").format(start=first, end=last)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _dated(sources: Iterable[Source]) -> list[Source]:
    return [s for s in sources if s.coverage_start and s.coverage_end]


def coverage_months(sources: Iterable[Source], start: date, end: date) -> pd.DataFrame:
    """One row per month from ``start``'s month to ``end``'s: ``month`` (its first day, a
    Timestamp), ``covered`` (a country survey covers it), ``surveys`` (their ids) and
    ``sources`` (the ids of every source whose period touches the month, any scope)."""
    dated = _dated(sources)
    rows = []
    for month in pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M"):
        first, last = month.start_time.date(), month.end_time.date()
        touching = [s for s in dated if s.coverage_start <= last and s.coverage_end >= first]
        surveys = tuple(s.id for s in touching if s.coverage_scope == COUNTRY_SURVEY)
        rows.append((month.start_time, bool(surveys), surveys, tuple(s.id for s in touching)))
    frame = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))
    return frame.astype({"month": "datetime64[ns]", "covered": "bool"})


def period_covered(sources: Iterable[Source]) -> list[CoveredPeriod]:
    """The country surveys' periods, merged where they overlap or follow each other."""
    surveys = sorted(
        (s for s in _dated(sources) if s.coverage_scope == COUNTRY_SURVEY),
        key=lambda s: (s.coverage_start, s.coverage_end),
    )
    periods: list[CoveredPeriod] = []
    for survey in surveys:
        start, end = survey.coverage_start, survey.coverage_end
        assert start is not None and end is not None  # _dated keeps dated sources only
        if periods and start <= periods[-1].end + timedelta(days=1):
            last = periods[-1]
            periods[-1] = CoveredPeriod(
                last.start, max(last.end, end), (*last.source_ids, survey.id)
            )
        else:
            periods.append(CoveredPeriod(start, end, (survey.id,)))
    return periods


def period_covered_text(sources: Iterable[Source]) -> str:
    """'January 2020 – December 2020' (periods joined by '; '), or why there is none."""
    periods = period_covered(sources)
    if not periods:
        return _("no period: no source surveys the whole country")
    return "; ".join(p.text() for p in periods)


def dataset_as_survey(name: str, incidents: pd.DataFrame) -> Source | None:
    """An imported dataset as the survey of its own span, in whole months (the month of its
    first start to the month of its last end)."""
    starts = incidents["date_start"].dropna()
    ends = incidents["date_end"].fillna(incidents["date_start"]).dropna()
    if starts.empty:
        return None
    return Source(
        id=name, title=name, publisher=name, author="", published="", url="", url_checked="",
        language="", licence="", coverage_start=starts.min().date().replace(day=1),
        coverage_end=_month_end(ends.max().date()), coverage_area="Mali",
        coverage_scope=COUNTRY_SURVEY, notes="",
    )  # fmt: skip


def dataset_sources(name: str, incidents: pd.DataFrame) -> list[Source]:
    """The sources whose coverage a dataset's views are judged by: the curated dataset's source
    records; an imported dataset itself, as the survey of its span."""
    if name == CURATED:
        return sources_of(incidents["source"].dropna().astype(str), load_sources())
    survey = dataset_as_survey(name, incidents)
    return [survey] if survey is not None else []
