"""Retention: how long people stay in post, as Kaplan-Meier survival curves.

Time in post is counted in days, each engagement from its start date to its end date inclusive
(someone who starts and leaves on the same day served 1 day). An engagement still running on
the analysis day is *right-censored*: we know only that it lasted at least that long. One that
began before the register's history starts (the authority's ``history_from``) is
*left-truncated*: it is in the register only because it lasted until the history began, so it
joins the risk sets from that point (its ``entry``), never from its first day — otherwise long
stayers, who alone survive to be seen, would make retention look better than it is.
Engagements that ended before the history began are not counted at all.

Implemented here with polars (no lifelines or pandas): the risk set at each time is two sorted
searches, so a curve costs a sort of its people, not a loop over them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import polars as pl

from csc_workforce.core.register import TENURE_BANDS

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

YEAR_DAYS = 365.25
"""Days in a year on average, to turn days in post into years and back."""

SPELL_SCHEMA = {"entry": pl.Int64, "exit": pl.Int64, "left": pl.Boolean}


def tenure_spells(
    staff: pl.DataFrame, *, on: dt.date, history_from: dt.date | None
) -> pl.DataFrame:
    """Each engagement of ``staff`` (``start_date``, ``end_date`` and any other columns, kept)
    as a spell for ``kaplan_meier``: ``exit``, the days in post to its end or to ``on``
    inclusive; ``left``, whether it ended on or before ``on`` (else it is censored); ``entry``,
    the days it had already lasted on ``history_from`` (0 for those who started on or after it).

    Engagements starting after ``on``, and those that ended before ``history_from``, are left
    out: the first are not yet observed, the second were observed only because they were kept.
    """
    first = history_from or dt.date.min
    end = pl.col("end_date")
    ends = pl.when(end.is_not_null() & (end <= on)).then(end).otherwise(pl.lit(on))
    days = (ends - pl.col("start_date")).dt.total_days() + 1
    entry = (pl.lit(first) - pl.col("start_date")).dt.total_days().clip(lower_bound=0)
    return staff.filter(
        (pl.col("start_date") <= on) & (end.is_null() | (end >= first))
    ).with_columns(
        entry=entry.cast(pl.Int64),
        exit=days.cast(pl.Int64),
        left=(end.is_not_null() & (end <= on)),
    )


@dataclass(frozen=True)
class Curve:
    """A Kaplan-Meier curve: a row per time at which someone left (``time`` in days,
    ``at_risk``, ``left``, ``survival``, ``variance``, ``lower``, ``upper``); the people it is
    drawn from, the leavers among them and the longest time anyone was followed."""

    steps: pl.DataFrame
    people: int
    leavers: int
    followed_to: int


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% confidence interval; ``None`` where it cannot be said (a median not
    reached, an interval bound beyond the data)."""

    value: float | None
    lower: float | None
    upper: float | None


def kaplan_meier(spells: pl.DataFrame) -> Curve:
    """The Kaplan-Meier (product-limit) estimate of the chance of still being in post after
    ``t`` days, from ``spells`` (``entry``, ``exit`` and ``left``; see ``tenure_spells``).

    Kaplan and Meier (1958), with delayed entry: at each time ``t_j`` at which ``d_j`` people
    left, the risk set holds the ``n_j`` spells with ``entry < t_j <= exit``, and
    ``S(t) = product over t_j <= t of (1 - d_j / n_j)``. With ``variance``
    (``greenwood_variance``) and the 95% interval ``lower``..``upper`` (``log_log_interval``).
    """
    events = (
        spells.filter(pl.col("left"))
        .group_by(pl.col("exit").alias("time"))
        .agg(left=pl.len())
        .sort("time")
    )
    times = events["time"]
    entered = spells["entry"].sort().search_sorted(times, side="left")
    gone = spells["exit"].sort().search_sorted(times, side="left")
    steps = events.with_columns(
        at_risk=(entered.cast(pl.Int64) - gone.cast(pl.Int64)),
    ).with_columns(
        survival=(1 - pl.col("left") / pl.col("at_risk")).cum_prod(),
        greenwood=(
            pl.col("left") / (pl.col("at_risk") * (pl.col("at_risk") - pl.col("left")))
        ).cum_sum(),
    )
    lower, upper = log_log_interval(pl.col("survival"), pl.col("greenwood"))
    steps = steps.with_columns(
        variance=greenwood_variance(pl.col("survival"), pl.col("greenwood")),
        lower=lower,
        upper=upper,
    ).select("time", "at_risk", "left", "survival", "variance", "lower", "upper")
    return Curve(
        steps=steps,
        people=spells.height,
        leavers=int(spells["left"].sum()),
        followed_to=int(spells["exit"].max() or 0),  # type: ignore[arg-type]
    )


def kaplan_meier_by(spells: pl.DataFrame, *, by: str) -> dict[str, Curve]:
    """``kaplan_meier`` for each value of the column ``by`` (null as "Not recorded")."""
    labelled = spells.with_columns(pl.col(by).cast(pl.String).fill_null("Not recorded"))
    return {
        str(key[0]): kaplan_meier(group)
        for key, group in sorted(labelled.partition_by(by, as_dict=True).items())
    }


def greenwood_variance(survival: pl.Expr, greenwood: pl.Expr) -> pl.Expr:
    """Greenwood's (1926) variance of the Kaplan-Meier estimate:
    ``Var S(t) = S(t)^2 * sum over t_j <= t of d_j / (n_j (n_j - d_j))``, ``greenwood`` being
    that running sum (infinite once a risk set has all left, where ``S`` is 0: then 0)."""
    return pl.when(survival == 0).then(0.0).otherwise(survival**2 * greenwood)


def log_log_interval(
    survival: pl.Expr, greenwood: pl.Expr, *, z: float = Z_95
) -> tuple[pl.Expr, pl.Expr]:
    """The log-log (Kalbfleisch and Prentice) confidence interval of ``S(t)``:
    ``S^exp(+z se)`` to ``S^exp(-z se)``, where ``se = sqrt(greenwood) / |log S|`` is the
    standard error of ``log(-log S)`` from Greenwood's sum. It stays inside 0..1. Undefined
    (null) where ``S`` is 1 (nobody has left: no spread to estimate) or 0."""
    se = greenwood.sqrt() / survival.log().abs()
    defined = (survival > 0) & (survival < 1) & greenwood.is_finite()
    lower = pl.when(defined).then(survival.pow((z * se).exp()))
    upper = pl.when(defined).then(survival.pow((-z * se).exp()))
    return lower, upper


def retention_at(curve: Curve, *, days: int) -> Estimate:
    """The share still in post after ``days`` days, ``S(days)``, with its 95% interval: the
    curve's value at the last leaving time on or before ``days`` (1, with no interval, before
    anyone left). All ``None`` when nobody was followed as long as ``days``: the curve says
    nothing past its last observation."""
    if curve.followed_to < days:
        return Estimate(None, None, None)
    before = curve.steps.filter(pl.col("time") <= days)
    if not before.height:
        return Estimate(1.0, None, None)
    row = before.row(-1, named=True)
    return Estimate(row["survival"], row["lower"], row["upper"])


def retention_years(curve: Curve, *, years: int) -> Estimate:
    """The share still in post ``years`` years after starting: ``retention_at`` the whole
    days in ``years`` times 365.25 (365, 730, 1826 for 1, 2 and 5 years)."""
    return retention_at(curve, days=math.floor(years * YEAR_DAYS))


def median_tenure(curve: Curve) -> Estimate:
    """The median time in post, in days: the first time at which ``S(t) <= 0.5``, and its 95%
    interval by Brookmeyer and Crowley (1982) from the curve's log-log band: from the first time
    the band's lower bound reaches 0.5 to the first its upper bound does. ``None`` where the
    curve (or bound) never gets to 0.5: more than half were still in post when last seen."""
    steps = curve.steps

    def first(column: str) -> float | None:
        reached = steps.filter(pl.col(column) <= 0.5)["time"]
        return float(reached[0]) if reached.len() else None

    return Estimate(first("survival"), first("lower"), first("upper"))


def leavers_by_service(spells: pl.DataFrame) -> list[tuple[str, int]]:
    """Leavers (spells that ``left``) by whole years of service when they left, in DfE's length
    of service bands (under 2, 2 to 5, 5 to 10, 10 to 20, 20 years or more)."""
    years = (pl.col("exit") / YEAR_DAYS).floor()
    leavers = spells.filter(pl.col("left")).select(years=years)
    return [
        (label, int(leavers.filter(pl.col("years").is_between(low, high, closed="left")).height))
        for low, high, label in TENURE_BANDS
    ]


def left_between(spells: pl.DataFrame, *, first: dt.date, last: dt.date) -> pl.DataFrame:
    """The spells (with ``start_date``, as ``tenure_spells`` gives them) that ``left`` on a day
    from ``first`` to ``last`` inclusive: the leavers of a CSWW reporting year when those are
    its first and last days (``indicators.reporting_year_bounds``)."""
    return spells.filter(pl.col("left") & last_days(spells).is_between(first, last))


def last_days(spells: pl.DataFrame) -> pl.Expr:
    """Each spell's last day seen: its leaving day, or the analysis day for those in post
    (``start_date`` plus ``exit`` - 1 days)."""
    return pl.col("start_date") + pl.duration(days=pl.col("exit") - 1)


def sickness_before_leaving(
    spells: pl.DataFrame, sickness: pl.DataFrame, *, days: int = 365
) -> pl.DataFrame:
    """``spells`` (with ``staff_id`` and ``start_date``, as ``tenure_spells`` gives them) with
    ``sickness_days``: the working days lost to sickness episodes (``staff_id``, ``start_date``,
    ``working_days_lost``) that began in the ``days`` days up to and including the spell's last
    day (``last_days``), whole; 0 for those with none."""
    last = spells.select("staff_id", last=last_days(spells))
    lost = (
        sickness.join(last, on="staff_id")
        .filter(
            (pl.col("start_date") <= pl.col("last"))
            & (pl.col("start_date") > pl.col("last") - pl.duration(days=days))
        )
        .group_by("staff_id")
        .agg(sickness_days=pl.col("working_days_lost").sum().cast(pl.Float64))
    )
    return spells.join(lost, on="staff_id", how="left").with_columns(
        sickness_days=pl.col("sickness_days").fill_null(0.0)
    )
