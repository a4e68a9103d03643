"""Training and development: mandatory training compliance, evaluation of courses, the
training needs analysis and protected development time (``docs/supervision.md``).

Input frames (columns and types; extra columns are ignored):

- ``WORKER_SCHEMA``: the workers counted, one row each: their team and local role.
- ``COURSE_SCHEMA``: the catalogue, one row a course: the local roles it is mandatory for (an
  empty list when for none) and how many months a completion lasts (null: for good).
- ``ATTENDANCE_SCHEMA``: one row a worker's completion of a course, with the attendee's
  feedback score straight after (1 to 5, null if not given) and the impact on practice they
  reported at the three-month follow-up (1 to 5, null until given).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import polars as pl

from csc_workforce.core.supervision import add_months

WORKER_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "local_role": pl.String,
}
COURSE_SCHEMA = {
    "course_id": pl.Int64,
    "mandatory_for": pl.List(pl.String),
    "renewal_months": pl.Int64,
}
ATTENDANCE_SCHEMA = {
    "worker_id": pl.Int64,
    "course_id": pl.Int64,
    "attended_on": pl.Date,
    "feedback_score": pl.Int64,
    "impact_score": pl.Int64,
}
FOLLOW_UP_MONTHS = 3
"""The follow-up on impact on practice, three months after the course."""


def valid_until(attended_on: dt.date, renewal_months: int | None) -> dt.date | None:
    """The last day a completion counts: ``renewal_months`` after it, less a day; None when
    the course need not be repeated."""
    if renewal_months is None:
        return None
    return add_months(attended_on, renewal_months) - dt.timedelta(days=1)


def mandatory_training(
    *, workers: pl.DataFrame, courses: pl.DataFrame, attendance: pl.DataFrame, on: dt.date
) -> pl.DataFrame:
    """Mandatory training compliance on ``on``: one row for each worker and each course
    mandatory for their local role, with the last completion on or before ``on`` (null if
    none), the day it lapses (null: never) and whether it is current (completed and not
    lapsed). A team's compliance is current ÷ required (``mandatory_rollup``)."""
    required = (
        courses.explode("mandatory_for")
        .rename({"mandatory_for": "local_role"})
        .drop_nulls("local_role")
        .join(workers, on="local_role")
    )
    last = (
        attendance.filter(pl.col("attended_on") <= on)
        .group_by("worker_id", "course_id")
        .agg(last_attended=pl.col("attended_on").max())
    )
    joined = required.join(last, on=["worker_id", "course_id"], how="left")
    lapses = [
        None if attended is None else valid_until(attended, months)
        for attended, months in joined.select("last_attended", "renewal_months").iter_rows()
    ]
    return (
        joined.with_columns(lapses_on=pl.Series(lapses, dtype=pl.Date))
        .with_columns(
            current=pl.col("last_attended").is_not_null()
            & (pl.col("lapses_on").is_null() | (pl.col("lapses_on") >= on))
        )
        .select("worker_id", "team_id", "course_id", "last_attended", "lapses_on", "current")
        .sort("worker_id", "course_id")
    )


def mandatory_rollup(required: pl.DataFrame) -> pl.DataFrame:
    """``mandatory_training`` by team: requirements, those current, and the percentage."""
    return (
        required.group_by("team_id")
        .agg(required=pl.len(), current=pl.col("current").sum())
        .with_columns(percent=(100 * pl.col("current") / pl.col("required")).round(1))
        .sort("team_id")
    )


def course_evaluation(attendance: pl.DataFrame, *, on: dt.date) -> pl.DataFrame:
    """Evaluation per course: completions; feedback given straight after and its mean score
    (1 to 5); follow-ups due (completions three months or more before ``on``), given, and the
    mean impact on practice they report (1 to 5). Means to one decimal place."""
    due_before = add_months(on, -FOLLOW_UP_MONTHS)
    return (
        attendance.group_by("course_id")
        .agg(
            attended=pl.len(),
            feedback=pl.col("feedback_score").is_not_null().sum(),
            feedback_mean=pl.col("feedback_score").mean().round(1),
            follow_ups_due=(pl.col("attended_on") <= due_before).sum(),
            follow_ups=pl.col("impact_score").is_not_null().sum(),
            impact_mean=pl.col("impact_score").mean().round(1),
        )
        .sort("course_id")
    )


def training_needs(themes: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """The training needs analysis: for the development plans of a year (each its themes),
    how many plans name each theme, most first (a theme named twice in one plan counts once);
    themes compared without regard to case or surrounding space."""
    counted: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for plan in themes:
        seen = set()
        for theme in plan:
            key = theme.strip().casefold()
            if key and key not in seen:
                seen.add(key)
                labels.setdefault(key, theme.strip())
                counted[key] += 1
    return sorted(((labels[key], n) for key, n in counted.items()), key=lambda t: (-t[1], t[0]))


def protected_time_share(*, hours_per_week: float, contracted_hours: float) -> float | None:
    """Protected development time as a percentage of contracted hours (to one decimal place);
    None without contracted hours."""
    if contracted_hours <= 0:
        return None
    return round(100 * hours_per_week / contracted_hours, 1)


NEWLY_QUALIFIED_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "day": pl.Date,
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "contracted_hours": pl.Float64,
}
"""The newly qualified social workers (ASYE) counted on each day: their team that day and
their contracted hours a week (FTE x the full-time hours)."""
PROTECTED_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "day": pl.Date,
    "worker_id": pl.Int64,
    "hours_per_week": pl.Float64,
}
"""Protected development time active on each day: one row a reduction of a worker's case hours
for development time covering the day."""


def protected_time_met(
    *, newly_qualified: pl.DataFrame, protected: pl.DataFrame, standard: float
) -> pl.DataFrame:
    """For each day and team, the newly qualified social workers counted and those of them whose
    protected development time that day meets the authority's standard: hours a week of all
    their reductions for development time active that day, as a percentage of contracted hours
    (``protected_time_share``: rounded to one place, as the training page shows it), at least
    ``standard`` (a percentage). One grouped pass for every day and team: columns day, team_id,
    newly_qualified, met; a worker with no protected time recorded counts and does not meet it.
    """
    hours = protected.group_by("day", "worker_id").agg(pl.col("hours_per_week").sum())
    share = (
        pl.when(pl.col("contracted_hours") > 0)
        .then((100 * pl.col("hours_per_week").fill_null(0) / pl.col("contracted_hours")).round(1))
        .otherwise(None)
    )
    return (
        newly_qualified.join(hours, on=["day", "worker_id"], how="left")
        .with_columns(meets=(share >= standard).fill_null(False))
        .group_by("day", "team_id")
        .agg(
            newly_qualified=pl.len().cast(pl.Int64),
            met=pl.col("meets").sum().cast(pl.Int64),
        )
        .sort("day", "team_id", nulls_last=True)
    )


def protected_time_met_share(*, met: int, newly_qualified: int) -> Decimal | None:
    """Protected development time: newly qualified social workers (ASYE) in post on the day whose
    protected development time meets the authority's standard / newly qualified social workers
    in post that day, x100; None when there are none."""
    if newly_qualified == 0:
        return None
    return Decimal(met) / Decimal(newly_qualified) * 100
