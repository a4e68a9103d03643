"""Working-day timescales: assessments completed within 45 working days, statutory visits in
timescale.

A working day is a weekday that is not an England and Wales bank holiday (the ``holidays``
package, ``country_holidays("GB", subdiv="ENG")``, offline; substitute days included). Days are
counted the way timescales are: the start day is day 0, the next working day is day 1, so an
assessment started on Friday 20 December 2024 is within 45 working days if authorised by
Wednesday 26 February 2025 (25 and 26 December 2024 and 1 January 2025 are bank holidays).

Activity extract frames (extra columns are ignored):

- ``ASSESSMENT_SCHEMA``: one row an assessment, ``authorised_date`` null until authorised.
- ``VISIT_SCHEMA``: one row a visit, with the worker who made it and their team.
- ``STATUS_SCHEMA``: each child's status periods, ``end_date`` inclusive (null while open); a
  child may hold more than one status at once (looked after and in court proceedings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import holidays
import polars as pl

ASSESSMENT_LIMIT = 45
"""Working Together to Safeguard Children: an assessment is completed "within 45 working days
from the point of referral"."""

ASSESSMENT_SCHEMA = {
    "child_id": pl.Int64,
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "start_date": pl.Date,
    "authorised_date": pl.Date,
}
VISIT_SCHEMA = {
    "child_id": pl.Int64,
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "visit_date": pl.Date,
}
STATUS_SCHEMA = {
    "child_id": pl.Int64,
    "status": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
}


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``year`` (cached a year at a time)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """A weekday that is not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def _weekdays_through(day: dt.date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) to ``day`` inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``: 0 for the same day, 1 from a
    working day to the next, and the negative of the reverse count when ``end`` is before
    ``start`` (so counts add up: a to b plus b to c is a to c)."""
    if end < start:
        return -working_days_between(end, start)
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    closed = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in bank_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return weekdays - closed


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day that is ``days`` working days after ``start`` (``start`` itself for 0), the last
    day something due within ``days`` working days of ``start`` is in timescale."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= is_working_day(day)
    return day


def assessment_in_timescale(
    *, start: dt.date, authorised: dt.date, limit: int = ASSESSMENT_LIMIT
) -> bool:
    """Authorised within ``limit`` working days of its start (Working Together: "within 45
    working days from the point of referral")."""
    if authorised < start:
        raise ValueError("an assessment cannot be authorised before it starts")
    return working_days_between(start, authorised) <= limit


def _holidays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return sorted(day for year in range(first.year, last.year + 1) for day in bank_holidays(year))


def _working_days_expr(start: pl.Expr, end: pl.Expr, holiday_list: list[dt.date]) -> pl.Expr:
    """``working_days_between`` as an expression, for ``start`` on or before ``end``."""
    one = pl.duration(days=1)
    return pl.business_day_count(start + one, end + one, holidays=holiday_list)


def assessment_timeliness(
    *,
    assessments: pl.DataFrame,
    first: dt.date,
    last: dt.date,
    by: Sequence[str] = (),
    limit: int = ASSESSMENT_LIMIT,
) -> pl.DataFrame:
    """Assessments authorised from ``first`` to ``last`` (inclusive), by ``by`` (e.g.
    ``["team_id"]`` or ``["worker_id"]``; none for the authority): completed, in_timescale
    (within ``limit`` working days, as ``assessment_in_timescale``) and share (in_timescale as a
    percentage of completed)."""
    done = assessments.filter(pl.col("authorised_date").is_between(first, last))
    earliest = done["start_date"].min()
    starts = earliest if isinstance(earliest, dt.date) else first
    days = _working_days_expr(
        pl.col("start_date"), pl.col("authorised_date"), _holidays_between(starts, last)
    )
    totals = [
        pl.len().cast(pl.Int64).alias("completed"),
        (days <= limit).sum().alias("in_timescale"),
    ]
    grouped = done.group_by(by).agg(totals).sort(by) if by else done.select(totals)
    return grouped.with_columns(
        pl.col("in_timescale").cast(pl.Int64),
        share=pl.when(pl.col("completed") > 0).then(
            pl.col("in_timescale") / pl.col("completed") * 100
        ),
    )


@dataclass(frozen=True)
class Timescale:
    """How often a child on a status must be visited: within ``days`` working days (or calendar
    days when ``working`` is false) of the previous visit or of the status starting."""

    days: int
    working: bool = True

    def elapsed(self, start: dt.date, end: dt.date) -> int:
        """Days from ``start`` to ``end`` as this timescale counts them."""
        return working_days_between(start, end) if self.working else (end - start).days


@dataclass(frozen=True)
class StatusPeriod:
    """A child's status from ``start`` to ``end`` inclusive (None while it continues)."""

    status: str
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class VisitTimeliness:
    """A child's visits in a period: those made while on a status with a timescale, those in
    timescale, and whether a visit was overdue on the period's last day."""

    visits: int
    in_timescale: int
    overdue_on_last: bool


def visits_in_timescale(
    *,
    visits: Iterable[dt.date],
    periods: Iterable[StatusPeriod],
    timescales: Mapping[str, Timescale],
    first: dt.date,
    last: dt.date,
) -> VisitTimeliness:
    """Statutory visits in timescale, for one child, from ``first`` to ``last`` inclusive.

    Each visit made on a day when the child has a status with a timescale (for example child
    protection: every 10 working days) is in timescale when it falls within that timescale of
    the later of the previous visit (however long ago) and the day the status started, so a new
    status starts its own clock. A child holding several such statuses at once must be visited
    within each of their timescales. Several visits on one day count once. The child is overdue
    on ``last`` when, for a status they hold then, the same measure from the last visit (or the
    status's start) to ``last`` is over its timescale. Statuses without a timescale are not
    counted.
    """
    days = sorted(set(visits))
    spans = [span for span in periods if span.status in timescales]
    counted = in_time = 0
    for index, day in enumerate(days):
        holding = [span for span in spans if span.covers(day)]
        if not holding or not first <= day <= last:
            continue
        previous = days[index - 1 : index]
        counted += 1
        in_time += all(_within(span, timescales, previous, day) for span in holding)
    before = [day for day in days if day <= last][-1:]
    overdue = any(
        not _within(span, timescales, before, last) for span in spans if span.covers(last)
    )
    return VisitTimeliness(counted, in_time, overdue)


def _within(
    span: StatusPeriod, timescales: Mapping[str, Timescale], previous: list[dt.date], day: dt.date
) -> bool:
    """``day`` is within the status's timescale of the previous visit or the status's start."""
    rule = timescales[span.status]
    return rule.elapsed(max([span.start, *previous]), day) <= rule.days


def visit_timeliness(
    *,
    visits: pl.DataFrame,
    statuses: pl.DataFrame,
    timescales: Mapping[str, Timescale],
    first: dt.date,
    last: dt.date,
    by: Sequence[str] = (),
) -> pl.DataFrame:
    """``visits_in_timescale`` for every child at once, by ``by`` (e.g. ``["team_id"]`` or
    ``["worker_id"]``, the visiting worker's; none for the authority): visits, in_timescale and
    share (in_timescale as a percentage of visits)."""
    checked = visit_checks(
        visits=visits, statuses=statuses, timescales=timescales, first=first, last=last
    )
    return visit_totals(checked, by=by)


def visit_checks(
    *,
    visits: pl.DataFrame,
    statuses: pl.DataFrame,
    timescales: Mapping[str, Timescale],
    first: dt.date,
    last: dt.date,
) -> pl.DataFrame:
    """The visits ``visit_timeliness`` counts, each checked once: a row a child a day visited
    from ``first`` to ``last`` while on a status with a timescale, with the visit's columns (of
    the first visit given that day) and ``within``, whether it was in timescale for every such
    status then held. ``visit_totals`` counts them by any of the visit's columns."""
    rules = pl.DataFrame(
        {
            "status": list(timescales),
            "limit": [rule.days for rule in timescales.values()],
            "working": [rule.working for rule in timescales.values()],
        },
        schema={"status": pl.String, "limit": pl.Int64, "working": pl.Boolean},
    )
    # In child and date order (a stable sort, so the first visit given a day stays first), one
    # visit a child a day, with the child's visit before it.
    same_child = pl.col("child_id") == pl.col("child_id").shift(1)
    same_day = same_child & (pl.col("visit_date") == pl.col("visit_date").shift(1))
    made = (
        visits.sort("child_id", "visit_date", maintain_order=True)
        .filter(~same_day.fill_null(False))
        .with_columns(previous=pl.when(same_child).then(pl.col("visit_date").shift(1)))
        .join(statuses.join(rules, on="status"), on="child_id")
        .filter(
            (pl.col("start_date") <= pl.col("visit_date"))
            & (pl.col("end_date").is_null() | (pl.col("visit_date") <= pl.col("end_date")))
            & pl.col("visit_date").is_between(first, last)
        )
        .with_columns(reference=pl.max_horizontal("previous", "start_date"))
    )
    earliest = made["reference"].min()
    since = earliest if isinstance(earliest, dt.date) else first
    holidays_list = _holidays_between(since, last)
    elapsed = (
        pl.when(pl.col("working"))
        .then(_working_days_expr(pl.col("reference"), pl.col("visit_date"), holidays_list))
        .otherwise((pl.col("visit_date") - pl.col("reference")).dt.total_days())
    )
    columns = [name for name in visits.columns if name not in ("child_id", "visit_date")]
    return (  # each visit's timeliness as a column first: quicker than inside the grouping
        made.with_columns(within=elapsed <= pl.col("limit"))
        .group_by("child_id", "visit_date")
        .agg(pl.col(columns).first(), pl.col("within").all())
    )


def visit_totals(checked: pl.DataFrame, *, by: Sequence[str] = ()) -> pl.DataFrame:
    """Visits checked by ``visit_checks``, by ``by`` (none for the authority): visits,
    in_timescale and share (in_timescale as a percentage of visits)."""
    totals = [
        pl.len().cast(pl.Int64).alias("visits"),
        pl.col("within").sum().cast(pl.Int64).alias("in_timescale"),
    ]
    grouped = checked.group_by(by).agg(totals).sort(by) if by else checked.select(totals)
    return grouped.with_columns(
        share=pl.when(pl.col("visits") > 0).then(pl.col("in_timescale") / pl.col("visits") * 100)
    )


def totals_by(totals: pl.DataFrame, *, by: Sequence[str]) -> pl.DataFrame:
    """Totals of smaller groups (``count``, the assessments completed or visits counted, and
    ``in_timescale``, for example ``assessment_timeliness`` or ``visit_totals`` by worker)
    added up by ``by`` (columns of ``totals``, such as the worker's team): count, in_timescale
    and share (in_timescale as a percentage of count), the figures those functions give for
    the groups' rows together when each of the smaller groups lies within one of ``by``."""
    grouped = (
        totals.group_by(by)
        .agg(pl.col("count").sum().cast(pl.Int64), pl.col("in_timescale").sum().cast(pl.Int64))
        .sort(by)
    )
    return grouped.with_columns(
        share=pl.when(pl.col("count") > 0).then(pl.col("in_timescale") / pl.col("count") * 100)
    )
