"""Caseloads and workload weighting: points per case, each worker's capacity and load, and a
fair suggestion of who should take a child.

The authority's weighting model (``WeightingModel``, configurable and versioned) prices each case
additively:

    points = status points + complexity band points + travel band points
             + court extra (court work) + pre-proceedings extra (pre-proceedings work)

and each worker's capacity as

    capacity = full-time target x (contracted hours - reduction hours) / full-time hours

capped, for a worker in their ASYE/NQSW year, at ``asye_capacity_share`` of the full-time target.
Load is points / capacity x 100. With a target of 2,176 points at 37 hours and 7.4 hours of
reductions, capacity is 1,740.8 points, and 1,900 points of work is a load of 109.1%.

A case without a status or complexity band (or one the model does not price) has no weighting:
it is counted in ``unweighted_cases`` and listed by ``unweighted_children``, never as 0 points.

Scalar functions work in ``Decimal``. The frame functions (``worker_loads``, ``rollup``) carry
points and capacity as Float64 rounded to hundredths of a point, exact for models written to two
decimal places; round loads for display with ``indicators.round_half_up``.

Input frames (columns and types; extra columns are ignored):

- ``ALLOCATION_SCHEMA``: who holds which child's case, from ``start_date`` to ``end_date`` (both
  inclusive, ``end_date`` null while open); ``lead`` is false for a co-worker, who carries
  ``co_worker_share`` of the case's points. The shape of the Data to Insight SSD
  ``ssd_involvements`` extract.
- ``CASE_SCHEMA``: each child's current case facts, one row a child.
- ``WORKER_SCHEMA``: the case-holding workers to report on (in post on the day), one row each.
  Allocations of workers not listed are left out.
- ``REDUCTION_SCHEMA``: time-limited reductions of hours a week, active from ``start_date`` to
  ``end_date`` inclusive.
- ``NON_CASE_SCHEMA``: fixed points for non-case work (duty, stable duties, extra
  responsibilities) from ``start_date`` to ``end_date`` inclusive (null while open).
- ``HISTORY_SCHEMA``: weekly loads, for ``sustained_overload``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import polars as pl

from csc_workforce.core.indicators import round_half_up

CHILD_IN_NEED = "child_in_need"
CHILD_PROTECTION = "child_protection"
CHILD_LOOKED_AFTER = "child_looked_after"
CARE_LEAVER = "care_leaver"
PRE_PROCEEDINGS = "pre_proceedings"
COURT_PROCEEDINGS = "court_proceedings"
FOSTERING_HOUSEHOLD = "fostering_household"
ADOPTION_HOUSEHOLD = "adoption_household"
STATUSES = (
    CHILD_IN_NEED,
    CHILD_PROTECTION,
    CHILD_LOOKED_AFTER,
    CARE_LEAVER,
    PRE_PROCEEDINGS,
    COURT_PROCEEDINGS,
)
"""A child's case status, the status whose points the case carries."""
HOUSEHOLD_CASE_TYPES = (FOSTERING_HOUSEHOLD, ADOPTION_HOUSEHOLD)
"""Cases about a household rather than a child (fostering and adoption assessments and
support); weighted like a child's case."""
CASE_TYPES = STATUSES + HOUSEHOLD_CASE_TYPES
COMPLEXITY_BANDS = ("low", "medium", "high")
TRAVEL_BANDS = ("near", "medium", "far")

HUNDRED = Decimal(100)

FULL_TIME_HOURS = Decimal(37)
"""A full-time week's hours: a new weighting model's default (the authority sets its own)."""
ASYE_CAPACITY_SHARE = Decimal("0.90")
"""The share of the full-time target a worker in their ASYE holds: a new weighting model's
default."""
OVER_CAPACITY = HUNDRED
"""The load (points / capacity, %) at or above which a worker or team is over capacity."""
HOUSEHOLD_TEAM_TYPES = ("fostering", "adoption")
"""Types of team whose supervising social workers hold households (``HOUSEHOLD_CASE_TYPES``),
reported apart from children's workers."""


def over_capacity(load: Decimal | float | None) -> bool:
    """Whether ``load`` (%) is at or above ``OVER_CAPACITY``; False without capacity (None)."""
    return load is not None and load >= OVER_CAPACITY


ALLOCATION_SCHEMA = {
    "child_id": pl.Int64,
    "worker_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "lead": pl.Boolean,
}
CASE_SCHEMA = {
    "child_id": pl.Int64,
    "status": pl.String,
    "complexity": pl.String,
    "travel": pl.String,
    "court": pl.Boolean,
    "pre_proceedings": pl.Boolean,
}
WORKER_SCHEMA = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "contracted_hours": pl.Float64,
    "asye": pl.Boolean,
}
REDUCTION_SCHEMA = {
    "worker_id": pl.Int64,
    "hours_per_week": pl.Float64,
    "reason": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
}
NON_CASE_SCHEMA = {
    "worker_id": pl.Int64,
    "points": pl.Float64,
    "start_date": pl.Date,
    "end_date": pl.Date,
}
HISTORY_SCHEMA = {"worker_id": pl.Int64, "week": pl.Date, "load_percent": pl.Float64}


@dataclass(frozen=True)
class WeightingModel:
    """One version of the authority's workload weighting model.

    ``status_points`` prices each case type (keys from ``CASE_TYPES``), ``complexity_points``
    each of ``COMPLEXITY_BANDS`` and ``travel_points`` each of ``TRAVEL_BANDS``; a case's points
    are their sum plus ``court_extra`` for court work and ``pre_proceedings_extra`` for
    pre-proceedings work. A co-worker carries
    ``co_worker_share`` of a case's points. An ASYE/NQSW's capacity is capped at
    ``asye_capacity_share`` of ``full_time_target``, and they may not hold a case with any of
    ``asye_alone_forbidden`` alone.
    """

    full_time_target: Decimal
    full_time_hours: Decimal
    status_points: Mapping[str, Decimal]
    complexity_points: Mapping[str, Decimal]
    travel_points: Mapping[str, Decimal]
    court_extra: Decimal
    pre_proceedings_extra: Decimal
    co_worker_share: Decimal = Decimal("0.5")
    asye_capacity_share: Decimal = ASYE_CAPACITY_SHARE
    asye_alone_forbidden: frozenset[str] = frozenset({CHILD_PROTECTION, COURT_PROCEEDINGS})
    version: str = ""

    def __post_init__(self) -> None:
        problems = [
            f"{name} has unknown keys {sorted(set(given) - set(known))}"
            for name, given, known in (
                ("status_points", self.status_points, CASE_TYPES),
                ("complexity_points", self.complexity_points, COMPLEXITY_BANDS),
                ("travel_points", self.travel_points, TRAVEL_BANDS),
                ("asye_alone_forbidden", self.asye_alone_forbidden, CASE_TYPES),
            )
            if set(given) - set(known)
        ]
        if self.full_time_hours <= 0 or self.full_time_target <= 0:
            problems.append("full-time hours and target must be above 0")
        for name in ("co_worker_share", "asye_capacity_share"):
            if not Decimal(0) <= getattr(self, name) <= Decimal(1):
                problems.append(f"{name} must be between 0 and 1")
        if problems:
            raise ValueError("; ".join(problems))


@dataclass(frozen=True)
class Case:
    """A case's facts for weighting: its status (or household case type), complexity band,
    travel band (None for no travel points), and whether it has court or pre-proceedings work.

    A child holding two statuses at once is one status and a flag: looked after and in care
    proceedings is ``Case("child_looked_after", ..., court=True)``."""

    status: str | None
    complexity: str | None
    travel: str | None = None
    court: bool = False
    pre_proceedings: bool = False

    @property
    def kinds(self) -> frozenset[str]:
        """Its status, with court_proceedings for court work and pre_proceedings for
        pre-proceedings work (what the ASYE rules look at)."""
        flagged = {COURT_PROCEEDINGS: self.court, PRE_PROCEEDINGS: self.pre_proceedings}
        extra = {kind for kind, on in flagged.items() if on}
        return frozenset(extra | ({self.status} if self.status else set()))


def case_points(*, model: WeightingModel, case: Case) -> Decimal | None:
    """A case's weighted points: "points per case by status, complexity band, travel band, extra
    for court work and pre-proceedings".

    None, never 0, when the case has no weighting: no status or complexity band, or one (or a
    travel band) the model does not price.
    """
    if case.status is None or case.complexity is None:
        return None
    status = model.status_points.get(case.status)
    complexity = model.complexity_points.get(case.complexity)
    travel = Decimal(0) if case.travel is None else model.travel_points.get(case.travel)
    if status is None or complexity is None or travel is None:
        return None
    court = model.court_extra if case.court else Decimal(0)
    pre_proceedings = model.pre_proceedings_extra if case.pre_proceedings else Decimal(0)
    return status + complexity + travel + court + pre_proceedings


def asye_may_hold_alone(*, model: WeightingModel, case: Case) -> bool:
    """The authority's ASYE/NQSW case rule: no case of a kind in ``asye_alone_forbidden`` (by
    default child protection or court work) held alone."""
    return not case.kinds & model.asye_alone_forbidden


def capacity(
    *, model: WeightingModel, contracted_hours: Decimal, reduction_hours: Decimal, asye: bool
) -> Decimal:
    """A worker's capacity in points: "the model's full-time target x (contracted hours -
    reduction hours) / full-time hours", never below 0; for an ASYE/NQSW "capped at a share of
    the full-time target the authority sets (default 90%)".
    """
    available = max(contracted_hours - reduction_hours, Decimal(0))
    points = model.full_time_target * available / model.full_time_hours
    if asye:
        return min(points, model.full_time_target * model.asye_capacity_share)
    return points


def load_percent(*, points: Decimal, capacity: Decimal) -> Decimal | None:
    """Load as a percentage of capacity: points / capacity x 100, unrounded.

    None when the worker has no capacity (all their hours are reduced).
    """
    if capacity == 0:
        return None
    return points / capacity * HUNDRED


@dataclass(frozen=True)
class ReductionReason:
    """A reason hours may be reduced, with the usual share of contracted hours and the most
    that may be reduced for it."""

    code: str
    label: str
    default_share: Decimal
    maximum_share: Decimal


REDUCTION_REASONS: Mapping[str, ReductionReason] = {
    reason.code: reason
    for reason in (
        ReductionReason(
            "asye_development",
            "ASYE/NQSW protected development time",
            Decimal("0.1"),
            Decimal("0.2"),
        ),
        ReductionReason("practice_educator", "Practice educator", Decimal("0.1"), Decimal("0.2")),
        ReductionReason("union_duties", "Trade union duties", Decimal("0.1"), Decimal("0.5")),
        ReductionReason("phased_return", "Phased return to work", Decimal("0.5"), Decimal("0.8")),
    )
}
"""Starting values an authority changes to its own policy."""

ReductionStatus = Literal["scheduled", "active", "ended"]


@dataclass(frozen=True)
class Reduction:
    """Hours a week taken off a worker's contracted hours, for a reason, from ``start`` to
    ``end`` inclusive."""

    hours_per_week: Decimal
    reason: str
    start: dt.date
    end: dt.date


def reduction_status(reduction: Reduction, *, today: dt.date) -> ReductionStatus:
    """Scheduled before its start date, active from its start to its end date inclusive, ended
    after. ``today`` comes from the clock."""
    if today < reduction.start:
        return "scheduled"
    return "active" if today <= reduction.end else "ended"


def default_reduction_hours(
    *,
    reason: str,
    contracted_hours: Decimal,
    reasons: Mapping[str, ReductionReason] = REDUCTION_REASONS,
) -> Decimal:
    """The reason's default share of the worker's contracted hours. KeyError for an unknown
    reason."""
    return reasons[reason].default_share * contracted_hours


def reduction_problems(
    *,
    reduction: Reduction,
    contracted_hours: Decimal,
    reasons: Mapping[str, ReductionReason] = REDUCTION_REASONS,
) -> list[str]:
    """What is wrong with a reduction, as messages for the person who entered it; empty when it
    is acceptable. Its hours may not exceed the reason's maximum share of contracted hours."""
    problems = []
    reason = reasons.get(reduction.reason)
    if reason is None:
        problems.append(f"Reason {reduction.reason!r} is not one of the authority's reasons")
    if reduction.hours_per_week <= 0:
        problems.append("Hours a week must be more than 0")
    elif reason is not None and reduction.hours_per_week > reason.maximum_share * contracted_hours:
        most = round_half_up(reason.maximum_share * contracted_hours, 2).normalize()
        share = (reason.maximum_share * HUNDRED).normalize()
        problems.append(
            f"{reason.label} can reduce hours by at most {share:f}% of contracted hours "
            f"({most:f} hours a week)"
        )
    if reduction.end < reduction.start:
        problems.append("End date must be the same as or after the start date")
    return problems


def _lookup(column: str, prices: Mapping[str, Decimal]) -> pl.Expr:
    return pl.col(column).replace_strict(
        {key: float(value) for key, value in prices.items()},
        default=pl.lit(None, dtype=pl.Float64),
        return_dtype=pl.Float64,
    )


def _points(model: WeightingModel) -> pl.Expr:
    """``case_points`` as an expression over ``CASE_SCHEMA`` columns (null: no weighting)."""
    travel = (
        pl.when(pl.col("travel").is_null())
        .then(0.0)
        .otherwise(_lookup("travel", model.travel_points))
    )
    return (
        _lookup("status", model.status_points)
        + _lookup("complexity", model.complexity_points)
        + travel
        + pl.col("court").fill_null(False).cast(pl.Float64) * float(model.court_extra)
        + pl.col("pre_proceedings").fill_null(False).cast(pl.Float64)
        * float(model.pre_proceedings_extra)
    )


def _during(on: dt.date | pl.Expr) -> pl.Expr:
    return (pl.col("start_date") <= on) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= on)
    )


def current_allocations(allocations: pl.DataFrame, *, on: dt.date | pl.Expr) -> pl.DataFrame:
    """Allocations held on ``on`` (a day, or an expression giving each row's day)."""
    return allocations.filter(_during(on))


def unweighted_children(
    *, model: WeightingModel, on: dt.date, allocations: pl.DataFrame, cases: pl.DataFrame
) -> pl.DataFrame:
    """Children allocated on ``on`` whose case has no weighting, with why: columns child_id,
    worker_id, reason. These cases are counted in ``unweighted_cases``, not as 0 points."""
    reason = (
        pl.when(pl.col("_has_case").is_null())
        .then(pl.lit("No case record"))
        .when(pl.col("status").is_null())
        .then(pl.lit("No status recorded"))
        .when(_lookup("status", model.status_points).is_null())
        .then(pl.format("Status '{}' has no points in the weighting model", "status"))
        .when(pl.col("complexity").is_null())
        .then(pl.lit("No complexity band recorded"))
        .when(_lookup("complexity", model.complexity_points).is_null())
        .then(pl.format("Complexity band '{}' has no points in the weighting model", "complexity"))
        .otherwise(pl.format("Travel band '{}' has no points in the weighting model", "travel"))
    )
    return (
        current_allocations(allocations, on=on)
        .join(cases.with_columns(_has_case=pl.lit(True)), on="child_id", how="left")
        .filter(_points(model).is_null())
        .select("child_id", "worker_id", reason.alias("reason"))
        .sort("child_id", "worker_id")
    )


def worker_loads(
    *,
    model: WeightingModel,
    on: dt.date | pl.Expr,
    allocations: pl.DataFrame,
    cases: pl.DataFrame,
    workers: pl.DataFrame,
    reductions: pl.DataFrame,
    non_case_points: pl.DataFrame,
) -> pl.DataFrame:
    """Every listed worker's load on ``on``, one row each, in ``worker_id`` order.

    ``on`` is a day, or an expression giving each worker's own day (``pl.col("day")``, a column
    the allocations, reductions and non-case work then carry), for loads on several days in one
    pass; ``cases`` then has one row a child a day, keyed as the allocations are.

    Columns: worker_id, team_id, service_id, contracted_hours, asye, cases (allocations held,
    lead or co-worker), unweighted_cases (those with no weighting), case_points,
    non_case_points, points (their sum), reduction_hours (active reductions), capacity,
    load_percent (null without capacity) and remaining (capacity - points, negative when
    overloaded). Definitions as ``case_points``, ``capacity`` and ``load_percent``.
    """
    share = (
        pl.when(pl.col("lead").fill_null(True)).then(1.0).otherwise(float(model.co_worker_share))
    )
    held = (
        current_allocations(allocations, on=on)
        .join(cases, on="child_id", how="left")
        .group_by("worker_id")
        .agg(
            cases=pl.len(),
            unweighted_cases=_points(model).is_null().sum(),
            case_points=(_points(model) * share).sum(),
        )
    )
    reduced = (
        reductions.filter(_during(on))
        .group_by("worker_id")
        .agg(reduction_hours=pl.col("hours_per_week").sum())
    )
    extra = (
        non_case_points.filter(_during(on))
        .group_by("worker_id")
        .agg(non_case_points=pl.col("points").sum())
    )
    target = float(model.full_time_target)
    available = (pl.col("contracted_hours") - pl.col("reduction_hours")).clip(lower_bound=0.0)
    full = target * available / float(model.full_time_hours)
    capped = pl.min_horizontal(full, pl.lit(target * float(model.asye_capacity_share)))
    return (
        workers.select(list(WORKER_SCHEMA))
        .join(held, on="worker_id", how="left")
        .join(extra, on="worker_id", how="left")
        .join(reduced, on="worker_id", how="left")
        .with_columns(
            pl.col("cases", "unweighted_cases").fill_null(0).cast(pl.Int64),
            pl.col("case_points", "non_case_points", "reduction_hours").fill_null(0.0),
        )
        .with_columns(
            points=(pl.col("case_points") + pl.col("non_case_points")).round(2),
            capacity=pl.when(pl.col("asye")).then(capped).otherwise(full).round(2),
        )
        .with_columns(
            load_percent=pl.when(pl.col("capacity") > 0).then(
                pl.col("points") / pl.col("capacity") * 100
            ),
            remaining=(pl.col("capacity") - pl.col("points")).round(2),
        )
        .sort("worker_id")
    )


def rollup(loads: pl.DataFrame, *, by: Sequence[str] = ()) -> pl.DataFrame:
    """``worker_loads`` totalled by ``by`` (e.g. ``["team_id"]`` or ``["service_id"]``; none for
    the whole authority): workers, cases, unweighted_cases, points, capacity, remaining,
    load_percent (total points / total capacity x 100), at_or_below_100 (workers whose load is at
    or below 100%) and share_at_or_below_100 (as a percentage of workers with capacity; null
    when none has)."""
    with_capacity = pl.col("load_percent").is_not_null()
    totals = [
        pl.len().cast(pl.Int64).alias("workers"),
        pl.col("cases").sum(),
        pl.col("unweighted_cases").sum(),
        pl.col("points").sum().round(2),
        pl.col("capacity").sum().round(2),
        pl.col("remaining").sum().round(2),
        (pl.col("load_percent") <= 100).sum().cast(pl.Int64).alias("at_or_below_100"),
        with_capacity.sum().alias("_with_capacity"),
    ]
    grouped = loads.group_by(by).agg(totals).sort(by) if by else loads.select(totals)
    return grouped.with_columns(
        load_percent=pl.when(pl.col("capacity") > 0).then(
            pl.col("points") / pl.col("capacity") * 100
        ),
        share_at_or_below_100=pl.when(pl.col("_with_capacity") > 0).then(
            pl.col("at_or_below_100") / pl.col("_with_capacity") * 100
        ),
    ).drop("_with_capacity")


def sustained_overload(
    history: pl.DataFrame, *, threshold: float = 110, weeks: int = 4
) -> pl.DataFrame:
    """Runs of at least ``weeks`` consecutive weeks in which a worker's load was over
    ``threshold`` percent ("over 110% for 4 weeks in a row").

    ``history`` has ``HISTORY_SCHEMA``: one row a worker a week, ``week`` being the same weekday
    each week; a missing week breaks a run. Columns: worker_id, first_week, last_week, weeks,
    peak (highest load in the run) and current (the run reaches the latest week in the history,
    so the alert stands).
    """
    latest = history["week"].max()
    runs = (
        history.filter(pl.col("load_percent") > threshold)
        .sort("worker_id", "week")
        .with_columns(
            run=(pl.col("week").diff().over("worker_id") != dt.timedelta(weeks=1))
            .fill_null(True)
            .cum_sum()
            .over("worker_id")
        )
        .group_by("worker_id", "run")
        .agg(
            first_week=pl.col("week").min(),
            last_week=pl.col("week").max(),
            weeks=pl.len(),
            peak=pl.col("load_percent").max(),
        )
        .filter(pl.col("weeks") >= weeks)
    )
    return (
        runs.with_columns(
            current=pl.col("last_week") == latest, weeks=pl.col("weeks").cast(pl.Int64)
        )
        .drop("run")
        .sort("worker_id", "first_week")
    )


AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Under 1"),
    (1, "1 to 4"),
    (5, "5 to 9"),
    (10, "10 to 15"),
    (16, "16 and over"),
)


def age_band(*, date_of_birth: dt.date | None, on: dt.date) -> str | None:
    """DfE's age groups for children in need ("Characteristics of children in need", the
    children in need census): under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over, by the child's
    age in whole years on ``on``. None when the date of birth is not recorded or is after ``on``
    (an unborn child)."""
    if date_of_birth is None or date_of_birth > on:
        return None
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    return next(label for least, label in reversed(AGE_BANDS) if age >= least)


BY_LOAD = "Ranked by their load after allocation"
LOWEST = "Lowest load after allocation of those allowed"


@dataclass(frozen=True)
class Suggestion:
    """One worker on the allocation board: their load before and after taking the child
    (None without capacity), whether the authority's rules allow it, and why they stand where
    they do: ``reason`` with the loads, ``why`` without them (for a page whose columns already
    show the loads)."""

    worker_id: int
    load_before: Decimal | None
    load_after: Decimal | None
    allowed: bool
    reason: str
    why: str = BY_LOAD

    @property
    def over_after(self) -> bool:
        """Over capacity once allocated the child."""
        return over_capacity(self.load_after)


def suggest(
    *,
    model: WeightingModel,
    case: Case,
    candidates: pl.DataFrame,
    sibling_workers: Collection[int] = (),
    previous_workers: Collection[int] = (),
    co_worked: bool = False,
    ceiling: Decimal = HUNDRED,
) -> list[Suggestion]:
    """Each candidate's load "from X% to Y%" if allocated the child, best first.

    ``candidates`` are rows of ``worker_loads`` (worker_id, asye, points, capacity). A worker may
    not take the child when they have no capacity, or are ASYE/NQSW and the case is of a kind
    they may not hold alone (unless ``co_worked``). Among those allowed: first a worker who
    already works with the child's brothers or sisters (``sibling_workers``), then one who worked
    with the child before (``previous_workers``), provided their load stays at or below
    ``ceiling``; then everyone by their load after allocation, lowest first, keeping loads even.
    ValueError when the case has no weighting.
    """
    points = case_points(model=model, case=case)
    if points is None:
        raise ValueError("the case has no weighting: record its status and complexity band first")
    siblings, previous = set(sibling_workers), set(previous_workers)
    ranked: list[tuple[tuple[int, int, Decimal, int], Suggestion]] = []
    for worker_id, asye, held, room in candidates.select(
        "worker_id", "asye", "points", "capacity"
    ).iter_rows():
        before = load_percent(points=_decimal(held), capacity=_decimal(room))
        after = load_percent(points=_decimal(held) + points, capacity=_decimal(room))
        if before is None or after is None:
            no_room = Suggestion(
                worker_id, before, after, False, "Has no capacity", "Has no capacity"
            )
            ranked.append(((3, 0, Decimal(0), worker_id), no_room))
            continue
        moves = f"load would go from {_percent(before)} to {_percent(after)}"
        if asye and not co_worked and not asye_may_hold_alone(model=model, case=case):
            kinds = " or ".join(
                sorted(kind.replace("_", " ") for kind in case.kinds & model.asye_alone_forbidden)
            )
            why = f"ASYE/NQSW may not hold a {kinds} case alone"
            ranked.append(
                (
                    (2, 0, after, worker_id),
                    Suggestion(worker_id, before, after, False, f"{why}; {moves}", why),
                )
            )
            continue
        if worker_id in siblings or worker_id in previous:
            why = (
                "Works with the child's brother or sister"
                if worker_id in siblings
                else "Worked with the child before"
            )
            room_left = after <= ceiling
            over = "" if room_left else f", over {_percent(ceiling)}"
            reason = f"{why}; {moves}{over}"
            why += "" if room_left else f", but would be over {_percent(ceiling)}"
            key = (0, 0 if worker_id in siblings else 1) if room_left else (1, 0)
        else:
            reason, why, key = moves[0].upper() + moves[1:], BY_LOAD, (1, 0)
        ranked.append(
            ((*key, after, worker_id), Suggestion(worker_id, before, after, True, reason, why))
        )
    ranked.sort(key=lambda row: row[0])
    board = [suggestion for _, suggestion in ranked]
    if board and board[0].allowed and board[0].reason.startswith("Load"):
        best = board[0]
        reason = f"{LOWEST}; l{best.reason[1:]}"
        board[0] = Suggestion(
            best.worker_id, best.load_before, best.load_after, True, reason, LOWEST
        )
    return board


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _percent(value: Decimal) -> str:
    return f"{round_half_up(value)}%"
