"""Workforce forecast: FTE in post, leavers, starters, vacancies, agency cover and cost for the
next 12, 24 and 36 months, as a range drawn by simulation, with scenarios and a back-test.

The model, month by month from the forecast day (``on``), for each of ``simulations`` runs:

* each employee in post on ``on`` leaves in a month with the *monthly leaving chance*
  ``a / 12``, where ``a`` is the recent annual turnover (``recent_rates``: FTE
  leavers over the last 36 months divided by the mean FTE in post over them, a year's worth);
  someone who reaches ``retirement_age`` (67, the state pension age, by default) leaves in
  that month if they have not already;
* starters arrive as a Poisson number a month at the recent rate (starters a month over the same
  36 months), each with the recent starters' mean FTE; a month whose known arrivals (records
  dated to start later, students expected to qualify, each with its chance of coming) exceed
  that draw has the arrivals instead: the pipeline is part of the recent rate, not extra to it;
  starters after ``on`` leave at the same monthly chance;
* starters are limited by the funded posts (``funded``): nobody is taken on beyond the
  establishment; vacancies are the funded FTE not held by employees in post;
* agency workers cover the same share of vacancies as on ``on`` (their FTE over the vacancies,
  at most all of them);
* cost is the employees' pay (mean base salary and recruitment and retention payments per FTE
  in post on ``on``), agency workers at their cost per FTE a year, and a scenario's retention
  payment, summed over the months. No on-costs (employer's pension and National Insurance).

The 10th, 50th and 90th percentiles of the runs give the range. The same ``seed`` gives the
same figures, and every scenario uses the same random draws as the baseline (common random
numbers), so a scenario's difference from the baseline is its effect, not noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

HORIZONS = (12, 24, 36)
"""The months ahead a forecast reports."""

HISTORY_MONTHS = 36
"""How far back the recent rates look: the last three years."""

RETIREMENT_AGE = 67
"""The state pension age in England for people born after 5 April 1960 (to 2028)."""

HOURS_A_YEAR = 37 * 52
"""A full-time agency worker's paid hours a year, to turn an hourly charge into a year's cost."""

SIMULATIONS = 500
PERCENTILES = (10, 50, 90)
MONTH_DAYS = 365.25 / 12

STAFF_SCHEMA = {
    "start_date": pl.Date,
    "end_date": pl.Date,
    "fte": pl.Float64,
    "agency": pl.Boolean,
    "date_of_birth": pl.Date,
    "group": pl.String,
    "pay": pl.Float64,
}
"""The register as ``forecast`` reads it: one row an engagement, ``pay`` its base salary and
recruitment and retention payments a year (full-time), ``group`` the label a retention payment
can be aimed at (a role level)."""

POST_SCHEMA = {"fte": pl.Float64, "funded_from": pl.Date, "funded_to": pl.Date}
ARRIVAL_SCHEMA = {"on": pl.Date, "chance": pl.Float64}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` later, on the same day of the month or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_of(day: dt.date, *, on: dt.date) -> int:
    """The month after ``on`` in which ``day`` falls: 1 for the first month after ``on``
    (``on`` excluded, ``add_months(on, 1)`` included), 0 or less for ``on`` and before."""
    months = (day.year - on.year) * 12 + day.month - on.month
    return months + 1 if day > add_months(on, months) else months


def monthly_chance(annual: float) -> float:
    """The chance an FTE in post leaves in a month, from ``annual`` turnover: ``annual / 12``
    (0 for 0 or less, at most 1). Turnover is leavers over the FTE in post, who are replaced as
    they go, so a twelfth of it a month gives the year's leavers from a workforce that stays
    the same size (not ``1 - (1 - annual) ** (1/12)``, which is for a group nobody joins)."""
    return min(max(annual, 0.0) / 12, 1.0)


@dataclass(frozen=True)
class Rates:
    """Recent rates of the employees (not agency workers): ``turnover``, FTE leavers a year
    over the mean FTE in post (a fraction); ``starters``, starters a month (people);
    ``starter_fte``, their mean FTE; ``months``, how many months they were measured over."""

    turnover: float
    starters: float
    starter_fte: float
    months: int


def recent_rates(
    staff: pl.DataFrame,
    *,
    on: dt.date,
    history_from: dt.date | None = None,
    months: int = HISTORY_MONTHS,
) -> Rates:
    """The employees' turnover and starters over the ``months`` to ``on`` (fewer where the
    register's history begins later, at ``history_from``): leavers FTE (those whose last day
    falls in the window) a year over the mean FTE in post at each month's end in it, and
    starters (first day in the window) a month."""
    first = add_months(on, -months)
    if history_from is not None and history_from > first + dt.timedelta(days=1):
        months = 1
        while add_months(on, -(months + 1)) >= history_from - dt.timedelta(days=1):
            months += 1
        first = add_months(on, -months)
    employees = staff.filter(~pl.col("agency"))
    leavers = employees.filter(pl.col("end_date") > first, pl.col("end_date") <= on)
    starters = employees.filter(pl.col("start_date") > first, pl.col("start_date") <= on)
    ends = [add_months(on, -k) for k in range(months)]
    mean_inpost = float(_fte_on(employees, ends, "start_date", "end_date", inclusive=False).mean())
    leavers_fte = float(leavers["fte"].sum())
    turnover = leavers_fte / mean_inpost * 12 / months if mean_inpost else 0.0
    return Rates(
        turnover=turnover,
        starters=starters.height / months,
        starter_fte=float(starters["fte"].mean()) if starters.height else 1.0,  # type: ignore[arg-type]
        months=months,
    )


def _in_post_fte(staff: pl.DataFrame, day: dt.date) -> float:
    """FTE in post at the end of ``day``: started on or before it, not left by then."""
    return float(_fte_on(staff, [day], "start_date", "end_date", inclusive=False)[0])


def _fte_on(
    frame: pl.DataFrame, days: Sequence[dt.date], first: str, last: str, *, inclusive: bool
) -> np.ndarray:
    """The sum of ``fte`` over the rows of ``frame`` running on each of ``days``: ``first`` on
    or before the day, ``last`` empty or after it (on or after it when ``inclusive``)."""
    if not frame.height:
        return np.zeros(len(days))
    never = dt.date.max.toordinal()
    starts = np.array([d.toordinal() for d in frame[first].to_list()])
    ends = np.array([never if d is None else d.toordinal() for d in frame[last].to_list()])
    when = np.array([d.toordinal() for d in days])
    running = (starts[:, None] <= when) & (
        (ends[:, None] >= when) if inclusive else (ends[:, None] > when)
    )
    return frame["fte"].to_numpy().astype(float) @ running


@dataclass(frozen=True)
class Position:
    """The workforce on the forecast day: each employee in post (``fte``, the month they reach
    retirement age, 0 if not within ``horizon``, their ``group``); ``funded`` FTE at the end of
    each month 0..horizon (None when no posts are held: then no vacancies nor limit); agency FTE
    in post; pay a year per FTE; agency cost a year per FTE where known; known ``arrivals``
    (month, chance)."""

    on: dt.date
    fte: np.ndarray
    retire: np.ndarray
    group: np.ndarray
    funded: np.ndarray | None
    agency_fte: float
    pay: float
    agency_cost: float | None = None
    arrivals: tuple[tuple[int, float], ...] = ()
    horizon: int = max(HORIZONS)


def position_at(
    staff: pl.DataFrame,
    *,
    on: dt.date,
    posts: pl.DataFrame | None = None,
    arrivals: pl.DataFrame | None = None,
    agency_hourly_charge: float | None = None,
    retirement_age: int = RETIREMENT_AGE,
    horizon: int = max(HORIZONS),
) -> Position:
    """The ``Position`` on ``on`` from the register (``STAFF_SCHEMA``), the funded posts
    (``POST_SCHEMA``), known arrivals (``ARRIVAL_SCHEMA``) and the agency hourly charge."""
    in_post = staff.filter(
        pl.col("start_date") <= on, pl.col("end_date").is_null() | (pl.col("end_date") > on)
    )
    employees = in_post.filter(~pl.col("agency"))
    retire = np.array(
        [
            _retire_month(born, on=on, age=retirement_age, horizon=horizon)
            for born in employees["date_of_birth"].to_list()
        ],
        dtype=np.int64,
    )
    paid = employees.filter(pl.col("pay").is_not_null())
    weight = float(paid["fte"].sum())
    pay = float((paid["pay"] * paid["fte"]).sum()) / weight if weight else 0.0
    funded = None
    if posts is not None and posts.height:
        days = [add_months(on, t) for t in range(horizon + 1)]
        funded = _fte_on(posts, days, "funded_from", "funded_to", inclusive=True)
    later = staff.filter(~pl.col("agency"), pl.col("start_date") > on)
    known = [(month_of(day, on=on), 1.0) for day in later["start_date"].to_list()]
    if arrivals is not None:
        known += [
            (month_of(day, on=on), chance)
            for day, chance in arrivals.select("on", "chance").iter_rows()
        ]
    return Position(
        on=on,
        fte=employees["fte"].to_numpy().astype(float),
        retire=retire,
        group=np.array(employees["group"].fill_null("").to_list(), dtype=object),
        funded=funded,
        agency_fte=float(in_post.filter(pl.col("agency"))["fte"].sum()),
        pay=pay,
        agency_cost=None if agency_hourly_charge is None else agency_hourly_charge * HOURS_A_YEAR,
        arrivals=tuple(sorted((m, c) for m, c in known if 1 <= m <= horizon)),
        horizon=horizon,
    )


def _retire_month(born: dt.date | None, *, on: dt.date, age: int, horizon: int) -> int:
    """The month after ``on`` in which someone born on ``born`` reaches ``age``; 0 if unknown,
    already past or beyond ``horizon``."""
    if born is None:
        return 0
    try:
        birthday = born.replace(year=born.year + age)
    except ValueError:  # 29 February
        birthday = dt.date(born.year + age, 3, 1)
    month = month_of(birthday, on=on)
    return month if 1 <= month <= horizon else 0


@dataclass(frozen=True)
class Scenario:
    """What a user supposes would change: annual turnover down by ``turnover_down`` percentage
    points; ``extra_trainees`` more apprentices or ASYEs a year; ``agency_converted`` agency FTE
    made permanent on the forecast day; a retention payment of ``payment`` £ a year per FTE to
    those in ``payment_group`` ("" for everyone) in post on the forecast day, assumed to bring
    their turnover down by ``payment_effect`` points; ``agency_cost`` an agency FTE's cost a
    year where the recorded charges are not to be used."""

    name: str = "Baseline"
    turnover_down: float = 0.0
    extra_trainees: int = 0
    agency_converted: float = 0.0
    payment_group: str | None = None
    payment: float = 0.0
    payment_effect: float = 0.0
    agency_cost: float | None = None


BASELINE = Scenario()


@dataclass(frozen=True)
class Range:
    """The 10th, 50th and 90th percentiles of a figure over the runs."""

    low: float
    mid: float
    high: float


@dataclass(frozen=True)
class Horizon:
    """The forecast ``months`` ahead: FTE in post, vacancies and agency FTE at its end; FTE
    leavers and starters and cost over it; FTE reaching retirement age in it (known, not
    drawn)."""

    months: int
    in_post: Range
    leavers: Range
    starters: Range
    vacancies: Range | None
    agency: Range | None
    cost: Range
    retiring: float


@dataclass(frozen=True)
class Forecast:
    scenario: Scenario
    rates: Rates
    horizons: tuple[Horizon, ...]
    monthly: dict[str, tuple[Range, ...]] = field(default_factory=dict)
    """Each month's ``in_post`` and ``vacancies`` (1..horizon), for the chart."""
    agency_cost_known: bool = False


def forecast(
    position: Position,
    rates: Rates,
    scenario: Scenario = BASELINE,
    *,
    simulations: int = SIMULATIONS,
    seed: int = 1,
    horizons: Sequence[int] = HORIZONS,
) -> Forecast:
    """The forecast from ``position`` at ``rates`` under ``scenario`` (see the module's text)."""
    runs = _simulate(position, rates, scenario, simulations=simulations, seed=seed)
    retire_fte = [
        float(position.fte[(position.retire >= 1) & (position.retire <= h)].sum()) for h in horizons
    ]

    def at(name: str, h: int) -> Range:
        return _range(runs[name][:, h - 1])

    def over(name: str, h: int) -> Range:
        return _range(runs[name][:, :h].sum(axis=1))

    funded = position.funded is not None
    return Forecast(
        scenario=scenario,
        rates=rates,
        horizons=tuple(
            Horizon(
                months=h,
                in_post=at("in_post", h),
                leavers=over("leavers", h),
                starters=over("starters", h),
                vacancies=at("vacancies", h) if funded else None,
                agency=at("agency", h) if funded else None,
                cost=over("cost", h),
                retiring=retiring,
            )
            for h, retiring in zip(horizons, retire_fte, strict=True)
        ),
        monthly={name: _ranges(runs[name]) for name in ("in_post", "vacancies")},
        agency_cost_known=(scenario.agency_cost or position.agency_cost) is not None,
    )


def _ranges(runs: np.ndarray) -> tuple[Range, ...]:
    """The range of each column (month) of ``runs``."""
    low, mid, high = np.percentile(runs, PERCENTILES, axis=0)
    return tuple(
        Range(float(a), float(b), float(c)) for a, b, c in zip(low, mid, high, strict=True)
    )


def _range(values: np.ndarray) -> Range:
    low, mid, high = np.percentile(values, PERCENTILES)
    return Range(float(low), float(mid), float(high))


def leaving_by_month(leave: np.ndarray, fte: np.ndarray, months: int) -> np.ndarray:
    """The FTE leaving in each month of each run (runs x ``months``): in run r and month t, the
    sum of ``fte`` of the people whose ``leave[r]`` month is t (whole months from 1; later
    months, and ``inf`` for never, are not counted). One pass over the leavers, not one over
    everyone a month."""
    runs = leave.shape[0]
    run, person = np.nonzero(leave <= months)
    month = leave[run, person].astype(np.int64) - 1
    return np.bincount(run * months + month, weights=fte[person], minlength=runs * months).reshape(
        runs, months
    )


def _simulate(
    position: Position, rates: Rates, scenario: Scenario, *, simulations: int, seed: int
) -> dict[str, np.ndarray]:
    """Each run's monthly figures (``simulations`` x horizon arrays): in post, leavers,
    starters, vacancies, agency FTE and cost."""
    months, runs = position.horizon, simulations
    converted = min(max(scenario.agency_converted, 0.0), position.agency_fte)
    whole = int(converted)
    extra_fte = [1.0] * whole + ([converted - whole] if converted > whole else [])
    fte = np.concatenate([position.fte, np.array(extra_fte, dtype=float)])
    retire = np.concatenate([position.retire, np.zeros(len(extra_fte), dtype=np.int64)])
    paid = scenario.payment_group is not None and (scenario.payment or scenario.payment_effect)
    in_group = np.concatenate(
        [
            np.array(
                [bool(paid) and scenario.payment_group in ("", g) for g in position.group],
                dtype=bool,
            ),
            np.zeros(len(extra_fte), dtype=bool),
        ]
    )
    annual = max(rates.turnover - scenario.turnover_down / 100, 0.0)
    chance = monthly_chance(annual)
    group_chance = monthly_chance(max(annual - scenario.payment_effect / 100, 0.0))
    chances = np.where(in_group, group_chance, chance)

    # Month each person in post leaves (inverse of the geometric distribution, so the same
    # draw gives a later month for a lower chance), or reaches retirement age if sooner.
    draws = np.random.default_rng([seed, 0]).random((runs, len(position.fte)))
    extra_draws = np.random.default_rng([seed, 5]).random((runs, len(extra_fte)))
    uniform = np.concatenate([draws, extra_draws], axis=1)
    chances = np.where(chances < 1e-12, 0.0, chances)  # none (and no overflow below)
    with np.errstate(divide="ignore", over="ignore"):
        logq = np.log1p(-np.minimum(chances, 1.0))
        leave = np.where(
            chances >= 1.0,
            1.0,
            np.where(chances <= 0.0, np.inf, np.ceil(np.log(1 - uniform) / logq)),
        )
    leave = np.where(leave < 1, 1.0, leave)
    leave = np.where(retire >= 1, np.minimum(leave, retire), leave)

    leavers_orig = leaving_by_month(leave, fte, months)
    original = fte.sum() - np.cumsum(leavers_orig, axis=1)
    group_total = fte[in_group].sum()
    group_in_post = np.zeros((runs, months))
    if group_total:
        group_leavers = leaving_by_month(leave[:, in_group], fte[in_group], months)
        group_in_post = group_total - np.cumsum(group_leavers, axis=1)

    starting = np.random.default_rng([seed, 1])
    staying = np.random.default_rng([seed, 2])
    coming = np.random.default_rng([seed, 3])
    training = np.random.default_rng([seed, 4])
    arrivals: dict[int, list[float]] = {}
    for month, arrival_chance in position.arrivals:
        arrivals.setdefault(month, []).append(arrival_chance)
    per_start = rates.starter_fte
    heads = np.zeros(runs, dtype=np.int64)
    in_post = np.zeros((runs, months))
    leavers = np.zeros((runs, months))
    starters = np.zeros((runs, months))
    for t in range(1, months + 1):
        left = staying.binomial(heads, chance)
        heads -= left
        drawn = starting.poisson(rates.starters, runs)
        known = sum(
            (coming.random(runs) < c).astype(np.int64) for c in arrivals.get(t, ())
        ) + np.zeros(runs, dtype=np.int64)
        new = np.maximum(drawn, known) + training.poisson(scenario.extra_trainees / 12, runs)
        if position.funded is not None:
            room = position.funded[t] - (original[:, t - 1] + heads * per_start)
            new = np.minimum(new, np.floor(np.maximum(room, 0) / per_start + 1e-9).astype(np.int64))
        heads += new
        in_post[:, t - 1] = original[:, t - 1] + heads * per_start
        leavers[:, t - 1] = leavers_orig[:, t - 1] + left * per_start
        starters[:, t - 1] = new * per_start

    if position.funded is not None:
        vacancies = np.maximum(position.funded[1:] - in_post, 0.0)
        vacant_now = max(float(position.funded[0] - position.fte.sum()) - converted, 0.0)
        agency_now = position.agency_fte - converted
        share = min(agency_now / vacant_now, 1.0) if vacant_now > 0 else 0.0
        agency = vacancies * share
    else:
        vacancies = np.zeros((runs, months))
        agency = np.zeros((runs, months))
    agency_cost = scenario.agency_cost if scenario.agency_cost is not None else position.agency_cost
    cost = (
        in_post * position.pay
        + agency * (agency_cost or 0.0)
        + group_in_post * (scenario.payment if paid else 0.0)
    ) / 12
    return {
        "in_post": in_post,
        "leavers": leavers,
        "starters": starters,
        "vacancies": vacancies,
        "agency": agency,
        "cost": cost,
    }


@dataclass(frozen=True)
class BackTestYear:
    """One past year forecast from the years before it: the forecast range of FTE in post at
    its end and of FTE leavers in it, and what happened."""

    year_end: dt.date
    in_post: Range
    in_post_actual: float
    leavers: Range
    leavers_actual: float


@dataclass(frozen=True)
class BackTest:
    """The years tested and the mean absolute percentage error of the middle figure of FTE in
    post and of FTE leavers (None when no year could be tested); ``within``, the share of
    years whose actual figures both fell inside the 10th-90th percentile range."""

    years: tuple[BackTestYear, ...]
    in_post_error: float | None
    leavers_error: float | None
    within: float | None


def mean_absolute_percentage_error(pairs: Sequence[tuple[float, float]]) -> float | None:
    """MAPE: the mean over (forecast, actual) pairs of ``|forecast - actual| / actual``, as a
    percentage, leaving out pairs whose actual is 0; None when none is left."""
    kept = [abs(f - a) / a for f, a in pairs if a]
    return sum(kept) / len(kept) * 100 if kept else None


def back_test(
    staff: pl.DataFrame,
    *,
    until: dt.date,
    history_from: dt.date | None,
    posts: pl.DataFrame | None = None,
    simulations: int = 200,
    seed: int = 1,
    retirement_age: int = RETIREMENT_AGE,
) -> BackTest:
    """Each whole year to ``until`` (ending on its day and month) that has at least a year of
    history before it, forecast 12 months ahead from its start with the rates of the up to 36
    months before (no pipeline: what was known then is not kept), against what happened."""
    years: list[BackTestYear] = []
    if history_from is not None:
        earliest = add_months(history_from, 12) - dt.timedelta(days=1)
        employees = staff.filter(~pl.col("agency"))
        back = 1
        while (origin := add_months(until, -12 * back)) >= earliest:
            end = add_months(until, -12 * (back - 1))
            rates = recent_rates(staff, on=origin, history_from=history_from)
            position = position_at(
                staff, on=origin, posts=posts, retirement_age=retirement_age, horizon=12
            )
            result = forecast(position, rates, simulations=simulations, seed=seed, horizons=(12,))
            left = employees.filter(pl.col("end_date") > origin, pl.col("end_date") <= end)
            years.append(
                BackTestYear(
                    year_end=end,
                    in_post=result.horizons[0].in_post,
                    in_post_actual=_in_post_fte(employees, end),
                    leavers=result.horizons[0].leavers,
                    leavers_actual=float(left["fte"].sum()),
                )
            )
            back += 1
    years.reverse()
    inside = [
        y.in_post.low <= y.in_post_actual <= y.in_post.high
        and y.leavers.low <= y.leavers_actual <= y.leavers.high
        for y in years
    ]
    return BackTest(
        years=tuple(years),
        in_post_error=mean_absolute_percentage_error(
            [(y.in_post.mid, y.in_post_actual) for y in years]
        ),
        leavers_error=mean_absolute_percentage_error(
            [(y.leavers.mid, y.leavers_actual) for y in years]
        ),
        within=sum(inside) / len(inside) * 100 if inside else None,
    )


def round_range(value: Range, places: int = 1) -> Range:
    return Range(round(value.low, places), round(value.mid, places), round(value.high, places))
