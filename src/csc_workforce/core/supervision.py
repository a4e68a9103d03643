"""Supervision: the frequency standard, compliance with it and who is overdue
(``docs/supervision.md``).

The LGA Standards for employers of social workers in England (standard 5, supervision) and the
Department for Education's early career framework set the defaults: a newly qualified social
worker is supervised weekly for their first 6 weeks, fortnightly until they have been in post 6
months, then at least monthly; every other social worker at least monthly; and a session counts
when it lasts at least an hour and a half. The authority may change each of these
(``Standard``); the figures the pages, exports, scorecard and annual report show all come from
``supervision_compliance``.

Input frames (columns and types; extra columns are ignored):

- ``WORKER_SCHEMA``: one row a worker (a staff record): their team and service area, the days
  they started and left (null while in post), and whether the newly qualified standard applies
  (in their ASYE).
- ``SESSION_SCHEMA``: one row a supervision session: the worker, the day it was held and its
  length in minutes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import polars as pl

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY = "monthly"
INTERVALS = {WEEKLY: "Weekly", FORTNIGHTLY: "Fortnightly", MONTHLY: "Monthly"}
"""How often a worker is supervised, at least: within each week, fortnight or month."""

WORKER_SCHEMA = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "newly_qualified": pl.Boolean,
}
SESSION_SCHEMA = {"worker_id": pl.Int64, "held_on": pl.Date, "minutes": pl.Int64}
WINDOW_SCHEMA = {"worker_id": pl.Int64, "window_start": pl.Date, "window_end": pl.Date}
COMPLIANCE_SCHEMA = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "required": pl.Int64,
    "met": pl.Int64,
    "sessions": pl.Int64,
    "short_sessions": pl.Int64,
}


@dataclass(frozen=True)
class Standard:
    """The authority's supervision standard; the defaults are the Employer Standards'."""

    newly_qualified_weekly_weeks: int = 6
    """A newly qualified worker is supervised weekly for this many weeks from starting..."""
    newly_qualified_fortnightly_months: int = 6
    """...then fortnightly until this many months from starting..."""
    newly_qualified_then: str = MONTHLY
    """...then this often."""
    others: str = MONTHLY
    """Every other worker, this often."""
    minimum_minutes: int = 90
    """A session shorter than this does not count towards the standard."""

    def __post_init__(self) -> None:
        for interval in (self.newly_qualified_then, self.others):
            if interval not in INTERVALS:
                raise ValueError(f"unknown interval {interval!r}: expected one of {INTERVALS}")
        if self.minimum_minutes < 1 or self.newly_qualified_weekly_weeks < 0:
            raise ValueError("the minimum length and the weekly weeks must not be negative")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 January
    plus one month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next(start: dt.date, interval: str) -> dt.date:
    """A week, a fortnight or a month after ``start``."""
    if interval == MONTHLY:
        return add_months(start, 1)
    return start + dt.timedelta(days=_STEP[interval])


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def phases(
    *, start: dt.date, newly_qualified: bool, standard: Standard
) -> list[tuple[dt.date, dt.date | None, str, dt.date]]:
    """The worker's phases under ``standard``: (from, until exclusive or None, interval, the day
    its windows are counted from). A newly qualified worker's weekly and fortnightly windows
    run from the day they started and the monthly ones from the 6-month day; everyone else's
    months are calendar months."""
    if not newly_qualified:
        anchor = _month_start(start) if standard.others == MONTHLY else start
        return [(start, None, standard.others, anchor)]
    weekly_end = start + dt.timedelta(weeks=standard.newly_qualified_weekly_weeks)
    fortnightly_end = max(
        weekly_end, add_months(start, standard.newly_qualified_fortnightly_months)
    )
    return [
        (start, weekly_end, WEEKLY, start),
        (weekly_end, fortnightly_end, FORTNIGHTLY, weekly_end),
        (fortnightly_end, None, standard.newly_qualified_then, fortnightly_end),
    ]


def windows_for(
    *,
    start: dt.date,
    end: dt.date | None,
    newly_qualified: bool,
    first: dt.date,
    last: dt.date,
    standard: Standard,
) -> list[tuple[dt.date, dt.date]]:
    """The windows (first and last day, inclusive) in each of which the worker should have a
    session: each wholly within ``first`` to ``last``, within the worker's time in post
    (``start`` to ``end``) and within one phase of the standard."""
    lower = max(first, start)
    upper = min(last, end) if end is not None else last
    found: list[tuple[dt.date, dt.date]] = []
    for phase_from, phase_until, interval, anchor in phases(
        start=start, newly_qualified=newly_qualified, standard=standard
    ):
        limit = upper if phase_until is None else min(upper, phase_until - dt.timedelta(days=1))
        if limit < lower:
            continue
        # Start a window or two before ``lower`` rather than at the anchor, years back.
        if interval == MONTHLY:
            months = (lower.year - anchor.year) * 12 + lower.month - anchor.month
            index = max(0, months - 1)
        else:
            index = max(0, (lower - anchor).days // _STEP[interval] - 1)
        while (window := _window(anchor, interval, index))[0] <= limit:
            window_start, window_end = window
            if window_start >= max(lower, phase_from) and window_end <= limit:
                found.append(window)
            index += 1
    return found


_STEP = {WEEKLY: 7, FORTNIGHTLY: 14}


def _window(anchor: dt.date, interval: str, index: int) -> tuple[dt.date, dt.date]:
    """The ``index``th window (from 0) of ``interval`` counted from ``anchor``."""
    if interval == MONTHLY:
        return add_months(anchor, index), add_months(anchor, index + 1) - dt.timedelta(days=1)
    step = _STEP[interval]
    window_start = anchor + dt.timedelta(days=index * step)
    return window_start, window_start + dt.timedelta(days=step - 1)


def supervision_windows(
    workers: pl.DataFrame, *, first: dt.date, last: dt.date, standard: Standard
) -> pl.DataFrame:
    """Every worker's windows in ``first`` to ``last`` (``WINDOW_SCHEMA``), as ``windows_for``
    gives them. Calendar months (everyone but the newly qualified, under a monthly standard)
    are the same for all: they are made once and kept for each worker's time in post."""
    calendar_months = standard.others == MONTHLY
    shared = workers.filter(~pl.col("newly_qualified")) if calendar_months else workers.clear()
    own = workers.filter(pl.col("newly_qualified")) if calendar_months else workers
    months = pl.DataFrame(
        [
            window
            for index in range((last.year - first.year) * 12 + last.month - first.month + 1)
            if (window := _window(_month_start(first), MONTHLY, index))[0] >= first
            and window[1] <= last
        ],
        schema={"window_start": pl.Date, "window_end": pl.Date},
        orient="row",
    )
    in_post = shared.join(months, how="cross").filter(
        (pl.col("window_start") >= pl.col("start_date"))
        & (pl.col("end_date").is_null() | (pl.col("window_end") <= pl.col("end_date")))
    )
    rows = [
        (worker_id, window_start, window_end)
        for worker_id, start, end, newly_qualified in own.select(
            "worker_id", "start_date", "end_date", "newly_qualified"
        ).iter_rows()
        for window_start, window_end in windows_for(
            start=start,
            end=end,
            newly_qualified=bool(newly_qualified),
            first=first,
            last=last,
            standard=standard,
        )
    ]
    return pl.concat(
        [
            in_post.select(list(WINDOW_SCHEMA)),
            pl.DataFrame(rows, schema=WINDOW_SCHEMA, orient="row"),
        ]
    )


def supervision_compliance(
    *,
    workers: pl.DataFrame,
    sessions: pl.DataFrame,
    first: dt.date,
    last: dt.date,
    standard: Standard,
) -> pl.DataFrame:
    """Supervision compliance: for each worker, the windows of ``first`` to ``last`` in which
    the standard required a session (``required``) and those in which they had at least one
    session lasting at least the standard's minimum (``met``), with the sessions held in the
    period and how many of them were too short to count (``COMPLIANCE_SCHEMA``).

    A window is a week, fortnight or month of the standard that lies wholly within the period
    and within the worker's time in post (``windows_for``): a worker who joined or left in the
    middle of a month is not counted for that month. Compliance is ``met / required`` as a
    percentage, for a worker or summed over a team, a service area or the authority
    (``compliance_rollup``); a worker with no required window is not counted.
    """
    workers = workers.select(list(WORKER_SCHEMA)).cast(WORKER_SCHEMA)  # type: ignore[arg-type]
    sessions = sessions.select(list(SESSION_SCHEMA)).cast(SESSION_SCHEMA)  # type: ignore[arg-type]
    held = sessions.filter(pl.col("held_on").is_between(first, last))
    counted = held.filter(pl.col("minutes") >= standard.minimum_minutes).select(
        "worker_id", "held_on"
    )
    windows = supervision_windows(workers, first=first, last=last, standard=standard)
    met = (
        windows.sort("window_start")
        .join_asof(
            counted.sort("held_on"),
            left_on="window_start",
            right_on="held_on",
            by="worker_id",
            strategy="forward",
            check_sortedness=False,  # sorted above; polars cannot check it within groups
        )
        .with_columns(
            met=pl.col("held_on").is_not_null() & (pl.col("held_on") <= pl.col("window_end"))
        )
        .group_by("worker_id")
        .agg(required=pl.len(), met=pl.col("met").sum())
    )
    tally = held.group_by("worker_id").agg(
        sessions=pl.len(), short_sessions=(pl.col("minutes") < standard.minimum_minutes).sum()
    )
    return (
        workers.select("worker_id", "team_id", "service_id")
        .join(met, on="worker_id", how="left")
        .join(tally, on="worker_id", how="left")
        .with_columns(pl.col("required", "met", "sessions", "short_sessions").fill_null(0))
        .select(list(COMPLIANCE_SCHEMA))
        .cast(COMPLIANCE_SCHEMA)  # type: ignore[arg-type]
    )


def percent(met: int, required: int) -> float | None:
    """``met`` as a percentage of ``required``, to one decimal place; None when nothing was
    required."""
    return None if not required else round(100 * met / required, 1)


def compliance_rollup(compliance: pl.DataFrame, *, by: str | None) -> pl.DataFrame:
    """``supervision_compliance`` summed by ``by`` ("team_id" or "service_id"; None for the
    whole authority): workers counted (those with a required window), required, met and the
    percentage."""
    counted = compliance.filter(pl.col("required") > 0)
    keys = [by] if by else []
    summed = (
        counted.group_by(keys).agg(
            workers=pl.len(), required=pl.col("required").sum(), met=pl.col("met").sum()
        )
        if keys
        else counted.select(
            workers=pl.len(), required=pl.col("required").sum(), met=pl.col("met").sum()
        )
    )
    return summed.with_columns(
        percent=pl.when(pl.col("required") > 0)
        .then((100 * pl.col("met") / pl.col("required")).round(1))
        .otherwise(None)
    ).sort(keys or "required")


def interval_on(day: dt.date, *, start: dt.date, newly_qualified: bool, standard: Standard) -> str:
    """The interval of the standard that applies to the worker on ``day``."""
    for phase_from, phase_until, interval, _ in phases(
        start=start, newly_qualified=newly_qualified, standard=standard
    ):
        if phase_from <= day and (phase_until is None or day < phase_until):
            return interval
    return phases(start=start, newly_qualified=newly_qualified, standard=standard)[0][2]


def next_due(
    *,
    last_session: dt.date | None,
    start: dt.date,
    newly_qualified: bool,
    standard: Standard,
) -> dt.date:
    """When the worker's next session is due: a week, a fortnight or a month (by the standard
    that applies on the day of their last counted session) after it; with none, that long after
    they started."""
    since = last_session or start
    return _next(
        since, interval_on(since, start=start, newly_qualified=newly_qualified, standard=standard)
    )


def overdue(
    *, workers: pl.DataFrame, sessions: pl.DataFrame, today: dt.date, standard: Standard
) -> pl.DataFrame:
    """Supervision overdue: the workers in post ``today`` whose next session (``next_due``,
    counting only sessions of at least the standard's minimum) was due before ``today``, with
    their last counted session (null if none), the day it was due and how many days ago, most
    overdue first."""
    in_post = workers.filter(
        (pl.col("start_date") <= today)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= today))
    )
    last = (
        sessions.filter(
            (pl.col("minutes") >= standard.minimum_minutes) & (pl.col("held_on") <= today)
        )
        .group_by("worker_id")
        .agg(last_session=pl.col("held_on").max())
    )
    # ``next_due`` for every worker in one pass: the interval that applies on the day of the
    # last counted session (or the start), then a week, a fortnight or a month after that day.
    since = pl.coalesce("last_session", "start_date")
    weekly_end = pl.col("start_date") + pl.duration(weeks=standard.newly_qualified_weekly_weeks)
    fortnightly_end = pl.max_horizontal(
        weekly_end,
        pl.col("start_date").dt.offset_by(f"{standard.newly_qualified_fortnightly_months}mo"),
    )
    interval = (
        pl.when(~pl.col("newly_qualified"))
        .then(pl.lit(standard.others))
        .when(since < weekly_end)
        .then(pl.lit(WEEKLY))
        .when(since < fortnightly_end)
        .then(pl.lit(FORTNIGHTLY))
        .otherwise(pl.lit(standard.newly_qualified_then))
    )
    due = (
        pl.when(pl.col("interval") == MONTHLY)
        .then(since.dt.offset_by("1mo"))
        .when(pl.col("interval") == WEEKLY)
        .then(since + pl.duration(days=_STEP[WEEKLY]))
        .otherwise(since + pl.duration(days=_STEP[FORTNIGHTLY]))
    )
    return (
        in_post.join(last, on="worker_id", how="left")
        .with_columns(pl.col("newly_qualified").fill_null(False).cast(pl.Boolean))
        .with_columns(interval=interval)
        .with_columns(due=due)
        .filter(pl.col("due") < today)
        .select(
            pl.col("worker_id").cast(pl.Int64),
            pl.col("team_id").cast(pl.Int64),
            pl.col("last_session").cast(pl.Date),
            pl.col("due").cast(pl.Date),
            days_overdue=(pl.lit(today) - pl.col("due")).dt.total_days().cast(pl.Int64),
        )
        .sort("days_overdue", "worker_id", descending=[True, False])
    )
