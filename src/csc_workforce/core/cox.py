"""Which factors go with leaving sooner: a Cox proportional hazards model of time in post.

Cox (1972): the chance of leaving in any short spell, for someone still in post, is a baseline
that changes with time in post (and is never estimated) times ``exp(b . x)``, ``x`` being their
factors. ``exp(b_k)`` is the *hazard ratio* of factor ``k``: how many times as likely to leave
in any month, all else in the model equal, someone with the factor is as someone without it
(for a number, someone with one unit more). It shows association, not cause.

``b`` maximises the partial likelihood over the times at which people left, each comparing
those who left then with the *risk set*: the spells with ``entry < t <= exit``. ``entry`` is
how long a spell had lasted when it was first seen (left truncation, as in ``core.survival``):
someone who started before the register's history began joins the risk sets only from then.

Ties (several people leaving after the same number of days) by Efron's (1977) approximation,
as R's ``coxph`` does by default: with ``d`` leaving at ``t``, the ``k``-th of them (``k`` from
0) is compared with the risk set less ``k/d`` of those ``d``. ``ties="breslow"`` compares each
with the whole risk set (Breslow 1974), as many other programs do.

Fitted by Newton-Raphson from ``b = 0`` on centred factors, halving a step that lowers the
likelihood, until the log partial likelihood changes by less than one part in 10^9 (R's
``coxph.control``: ``eps = 1e-9``, ``iter.max = 20``). Implemented with numpy (no lifelines,
pandas or scipy: docs/adr/0022-cox-model-in-numpy.md); each iteration costs a sort-free pass of
cumulative sums over the spells, ordered once by exit and once by entry, and one weighted
product of the factors with themselves for the information.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""
EPS = 1e-9
"""Converged when the log partial likelihood changes by less than this part of itself."""
MAX_ITERATIONS = 20
LARGEST_COEFFICIENT = 15.0
"""A coefficient beyond this (a hazard ratio over three million) means the likelihood has no
maximum: some group all left, or none did (monotone likelihood). The fit is not used."""

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Term:
    """One factor's estimate: its coefficient ``b``, standard error, the hazard ratio
    ``exp(b)`` with its 95% interval ``exp(b -+ 1.96 se)``, and the two-sided Wald p-value."""

    name: str
    coefficient: float
    standard_error: float
    hazard_ratio: float
    lower: float
    upper: float
    p_value: float


@dataclass(frozen=True)
class CoxFit:
    """A fitted model: its terms; the log partial likelihood at ``b = 0`` and at the estimate;
    the iterations taken; whether it converged (if not, the terms are not to be used)."""

    terms: list[Term]
    log_likelihood_null: float
    log_likelihood: float
    iterations: int
    converged: bool
    people: int
    events: int


def cox_fit(
    *,
    entry: Sequence[float] | Floats,
    exit: Sequence[float] | Floats,
    event: Sequence[bool] | npt.NDArray[np.bool_],
    covariates: Floats | Sequence[Sequence[float]],
    names: Sequence[str],
    ties: Literal["efron", "breslow"] = "efron",
) -> CoxFit:
    """The Cox proportional hazards model of the spells (``entry < exit``; ``event`` whether
    the spell ended in leaving, else censored at ``exit``) on ``covariates`` (a row per spell,
    a column per name in ``names``): coefficients, hazard ratios with 95% intervals (Wald) and
    p-values, by maximum partial likelihood with ``ties`` (module docstring)."""
    start = np.asarray(entry, dtype=np.float64)
    stop = np.asarray(exit, dtype=np.float64)
    left = np.asarray(event, dtype=bool)
    x = np.asarray(covariates, dtype=np.float64).reshape(len(stop), len(names))
    if np.any(start >= stop):
        raise ValueError("Every spell must end after it is first seen (entry < exit)")
    x = x - x.mean(axis=0)  # centred, as R does: the same b, steadier sums
    risk = _RiskSets(start, stop, left)
    # A likelihood with no maximum sends b off towards infinity: exp overflows there, and a
    # step to where the likelihood is not finite is halved (below), so that is no error.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        beta = np.zeros(len(names))
        loglik, score, information = risk.derivatives(x, beta, ties)
        null = loglik
        converged = False
        iterations = 0
        for iterations in range(1, MAX_ITERATIONS + 1):  # noqa: B007 (the count is reported)
            try:
                step = np.linalg.solve(information, score)
            except np.linalg.LinAlgError:
                break
            candidate = beta + step
            new, new_score, new_information = risk.derivatives(x, candidate, ties)
            halvings = 0
            while (not np.isfinite(new) or new < loglik) and halvings < 30:
                step = step / 2
                candidate = beta + step
                new, new_score, new_information = risk.derivatives(x, candidate, ties)
                halvings += 1
            if not np.isfinite(new):  # however short the step: b is running off to infinity
                break
            done = abs(1 - loglik / new) < EPS if new else abs(new - loglik) < EPS
            beta, loglik, score, information = candidate, new, new_score, new_information
            if done:
                converged = True
                break
        if np.any(np.abs(beta) > LARGEST_COEFFICIENT) or not np.all(np.isfinite(beta)):
            converged = False
        try:
            variance = np.linalg.inv(information)
        except np.linalg.LinAlgError:
            variance = np.full((len(names), len(names)), np.nan)
            converged = False
    terms = []
    for k, name in enumerate(names):
        b = float(beta[k])
        se = math.sqrt(variance[k, k]) if variance[k, k] > 0 else math.nan
        terms.append(
            Term(
                name=name,
                coefficient=b,
                standard_error=se,
                hazard_ratio=_exp(b),
                lower=_exp(b - Z_95 * se),
                upper=_exp(b + Z_95 * se),
                p_value=math.erfc(abs(b / se) / math.sqrt(2)) if se > 0 else math.nan,
            )
        )
    if any(math.isnan(t.standard_error) for t in terms):
        converged = False
    return CoxFit(
        terms=terms,
        log_likelihood_null=float(null),
        log_likelihood=float(loglik),
        iterations=iterations,
        converged=converged,
        people=len(stop),
        events=int(left.sum()),
    )


class _RiskSets:
    """The distinct times at which someone left, how many left at each, and where each time
    falls among the spells ordered by exit and by entry: the risk set at ``t`` is the spells
    with ``exit >= t`` less those with ``entry >= t`` (which, as ``entry < exit``, are all
    among the first). Each leaver's place among those who left at the same time (``k``,
    from 0) gives Efron's share ``k / d`` of them taken from the risk set."""

    def __init__(self, entry: Floats, exit: Floats, event: npt.NDArray[np.bool_]) -> None:
        self.times, which = np.unique(exit[event], return_inverse=True)
        self.deaths = np.bincount(which, minlength=len(self.times))
        self.event = event
        self.by_exit = np.argsort(exit, kind="stable")
        self.by_entry = np.argsort(entry, kind="stable")
        self.exit_from = np.searchsorted(exit[self.by_exit], self.times, side="left")
        self.entry_from = np.searchsorted(entry[self.by_entry], self.times, side="left")
        # The leavers in order of time (stable: as they come in the spells), each with its
        # time and its place among those who left then.
        order = np.argsort(which, kind="stable")
        self.leavers = np.flatnonzero(event)[order]
        self.leaver_time = which[order]
        first = np.searchsorted(self.leaver_time, np.arange(len(self.times)), side="left")
        self.place = np.arange(len(order)) - first[self.leaver_time]
        # The times each spell is at risk at: those after its entry, up to its exit.
        self.seen_after = np.searchsorted(self.times, entry, side="right")
        self.seen_to = np.searchsorted(self.times, exit, side="right")

    def _at_risk(self, values: Floats) -> Floats:
        """The sum of ``values`` (a row per spell) over each time's risk set."""
        after_exit = _suffix_sums(values[self.by_exit])
        after_entry = _suffix_sums(values[self.by_entry])
        return after_exit[self.exit_from] - after_entry[self.entry_from]

    def _of_deaths(self, values: Floats) -> Floats:
        """The sum of ``values`` over those who left at each time."""
        sums = np.zeros((len(self.times), *values.shape[1:]))
        np.add.at(sums, self.leaver_time, values[self.leavers])
        return sums

    def derivatives(self, x: Floats, beta: Floats, ties: str) -> tuple[float, Floats, Floats]:
        """The log partial likelihood at ``beta``, its gradient (the score) and minus its
        second derivative (the information).

        With ``r = exp(x . beta)``, at each time ``t`` with ``d`` leavers the ``k``-th of them
        (``k`` from 0; ``share`` = ``k/d`` for Efron, 0 for Breslow) is compared with
        ``a0 = S0 - share D0``, ``a1 = S1 - share D1``, ``a2 = S2 - share D2``: the sums of
        ``r``, ``r x`` and ``r x x'`` over the risk set (S) and over those leaving then (D).
        Each adds ``log a0`` to the likelihood's denominator, ``a1 / a0`` to the score's and
        ``a2 / a0 - (a1 / a0)(a1 / a0)'`` to the information. The information's first part,
        summed over the leavers, is ``sum_i r_i w_i x_i x_i'`` with ``w_i`` the sum of
        ``1 / a0`` over the comparisons whose risk set holds spell ``i``, less ``share / a0``
        over those it leaves in: one weighted product ``x' W x``, without summing a matrix
        for each spell over each risk set."""
        eta = x @ beta
        r = np.exp(eta)
        rx = r[:, None] * x
        at_risk = self._at_risk(np.column_stack([r, rx]))
        died = self._of_deaths(np.column_stack([r, rx]))
        time, place = self.leaver_time, self.place
        share = place / self.deaths[time] if ties == "efron" else np.zeros(len(place))
        a0 = at_risk[time, 0] - share * died[time, 0]
        a1 = at_risk[time, 1:] - share[:, None] * died[time, 1:]
        mean = a1 / a0[:, None]
        loglik = float(eta[self.event].sum()) - float(np.log(a0).sum())
        score = x[self.event].sum(axis=0) - mean.sum(axis=0)
        # Sum of 1 / a0 at each time, then over the times each spell is at risk at.
        per_time = np.bincount(time, weights=1 / a0, minlength=len(self.times))
        cumulative = np.concatenate([[0.0], np.cumsum(per_time)])
        weight = cumulative[self.seen_to] - cumulative[self.seen_after]
        # Less, for each leaver, the shares of them taken from the comparisons at their time.
        taken = np.bincount(time, weights=share / a0, minlength=len(self.times))
        weight[self.leavers] -= taken[time]
        # A spell in no comparison weighs nothing, even where its r has overflowed (a fit
        # running off to infinity). einsum's own loop rather than BLAS's threads, which for
        # this size, on a busy server, cost more than they save.
        weighed = np.where(weight != 0, r * weight, 0.0)
        information = np.einsum("ij,ik->jk", x * weighed[:, None], x) - mean.T @ mean
        return loglik, score, information


def _exp(value: float) -> float:
    """``exp(value)``, infinite where it is too large to hold (a fit that did not converge)."""
    return math.exp(value) if value < 700 else math.inf


def _suffix_sums(values: Floats) -> Floats:
    """Row ``i`` the sum of rows ``i`` onwards; one more row of zeros at the end."""
    sums = np.zeros((len(values) + 1, *values.shape[1:]))
    sums[:-1] = np.cumsum(values[::-1], axis=0)[::-1]
    return sums


# --- The retention page's model: factors of people, leavers enough to say anything ---------

MIN_LEAVERS = 50
"""Fewer leavers than this, and the model is not shown: it could say nothing reliable."""
MIN_LEVEL_LEAVERS = 10
"""A factor is left out of the model when any of its groups has fewer leavers than this."""
NOT_RECORDED = "Not recorded"
POOLED = f"Other groups (each with fewer than {MIN_LEVEL_LEAVERS} leavers)"
"""Groups of a factor with too few leavers to be compared on their own, put together."""


@dataclass(frozen=True)
class Factor:
    """A factor that puts people in groups (``column`` holds the group's name; null is "Not
    recorded"); each group is compared with the largest (the reference)."""

    title: str
    column: str


@dataclass(frozen=True)
class Measure:
    """A factor that is a number (``column``), its hazard ratio given per ``per`` of it (say, per
    10 percentage points of load); null where it is not known for someone."""

    title: str
    column: str
    per: float
    unit: str


@dataclass(frozen=True)
class Effect:
    """One group of a factor against its reference group, or ``per`` more of a measure:
    the model's term, and the people and leavers it was estimated from."""

    factor: str
    group: str
    reference: str | None  # None for a measure
    term: Term
    people: int
    leavers: int
    column: str = ""
    """The column of the spells the factor or measure came from."""


@dataclass(frozen=True)
class LeavingFactors:
    """The model of the factors that go with leaving sooner (``leaving_factors``): its
    ``effects``; the factors ``left_out``, each with why; ``hidden`` saying why no model is
    shown at all (then there are no effects)."""

    effects: list[Effect]
    left_out: list[tuple[str, str]]
    hidden: str | None
    people: int
    leavers: int
    fit: CoxFit | None


def leaving_factors(
    spells: pl.DataFrame, *, factors: Sequence[Factor], measures: Sequence[Measure]
) -> LeavingFactors:
    """A Cox model (``cox_fit``, Efron's ties, left truncation) of ``spells`` (``entry``,
    ``exit``, ``left`` as ``core.survival.tenure_spells`` gives them, and a column per factor
    and measure) on the factors and measures that the data can support:

    - none at all with fewer than ``MIN_LEAVERS`` leavers;
    - a factor only when every one of its groups has at least ``MIN_LEVEL_LEAVERS`` leavers
      (two or more groups with fewer are first put together as ``POOLED``) and there are two
      groups or more; each group is compared with the largest;
    - a measure only when those for whom it is known include ``MIN_LEAVERS`` leavers and it
      varies; the model is then fitted on them alone (everyone's measures known);
    - nothing shown when the fit does not converge (say, a group in which nobody left).
    """
    spells = spells.filter(pl.col("exit") > pl.col("entry"))
    leavers = int(spells["left"].sum())
    left_out: list[tuple[str, str]] = []

    def hidden(reason: str, fit: CoxFit | None = None) -> LeavingFactors:
        return LeavingFactors([], left_out, reason, spells.height, leavers, fit)

    if leavers < MIN_LEAVERS:
        return hidden(
            f"Only {leavers} people left in the period: at least {MIN_LEAVERS} leavers are "
            "needed before a model of the factors can say anything."
        )
    kept_measures = []
    for measure in measures:
        known = spells.filter(pl.col(measure.column).is_not_null())
        known_leavers = int(known["left"].sum())
        if known_leavers < MIN_LEAVERS:
            left_out.append(
                (measure.title, f"known for only {known_leavers} of the {leavers} leavers")
            )
        elif known[measure.column].n_unique() < 2:
            left_out.append((measure.title, "the same for everyone"))
        else:
            kept_measures.append(measure)
    rows = spells.filter(
        pl.all_horizontal([pl.col(m.column).is_not_null() for m in kept_measures] or [True])
    ).with_columns([pl.col(f.column).cast(pl.String).fill_null(NOT_RECORDED) for f in factors])
    columns: list[npt.NDArray[np.float64]] = []
    labels: list[tuple[str, str, str | None, pl.Expr, str]] = []
    for factor in factors:
        counts = rows.group_by(pl.col(factor.column).alias("group")).agg(
            leavers=pl.col("left").sum()
        )
        sparse = counts.filter(pl.col("leavers") < MIN_LEVEL_LEAVERS)["group"].to_list()
        if len(sparse) > 1:  # put together, they may be enough to compare
            pooled = pl.col(factor.column).is_in(sparse)
            rows = rows.with_columns(
                pl.when(pooled)
                .then(pl.lit(POOLED))
                .otherwise(pl.col(factor.column))
                .alias(factor.column)
            )
        groups = (
            rows.group_by(pl.col(factor.column).alias("group"))
            .agg(people=pl.len(), leavers=pl.col("left").sum())
            .sort(["people", "group"], descending=[True, False])
        )
        too_few = groups.filter(pl.col("leavers") < MIN_LEVEL_LEAVERS)["group"].to_list()
        if groups.height < 2:
            left_out.append((factor.title, "everyone is in the same group"))
            continue
        if too_few:
            named = ", ".join(f"“{name}”" for name in too_few)
            left_out.append((factor.title, f"fewer than {MIN_LEVEL_LEAVERS} leavers in {named}"))
            continue
        reference = str(groups["group"][0])
        for group in groups["group"].to_list()[1:]:
            indicator = pl.col(factor.column) == group
            columns.append(rows.select(indicator.cast(pl.Float64)).to_series().to_numpy())
            labels.append((factor.title, str(group), reference, indicator, factor.column))
    for measure in kept_measures:
        values = rows[measure.column].cast(pl.Float64).to_numpy() / measure.per
        columns.append(values)
        labels.append(
            (measure.title, f"{measure.per:g} {measure.unit}", None, pl.lit(True), measure.column)
        )
    if not columns:
        return hidden("No factor has enough leavers in each of its groups to be compared.")
    fit = cox_fit(
        entry=rows["entry"].to_numpy().astype(np.float64),
        exit=rows["exit"].to_numpy().astype(np.float64),
        event=rows["left"].to_numpy(),
        covariates=np.column_stack(columns),
        names=[f"{title}: {group}" for title, group, *_ in labels],
    )
    if not fit.converged:
        return hidden(
            "The model did not settle on an answer (some groups are too alike, or one group's "
            "people all stayed or all left), so nothing is shown.",
            fit,
        )
    effects = []
    for (title, name, compared, indicator, column), term in zip(labels, fit.terms, strict=True):
        chosen = rows.filter(indicator)
        effects.append(
            Effect(
                factor=title,
                group=name,
                reference=compared,
                term=term,
                people=chosen.height,
                leavers=int(chosen["left"].sum()),
                column=column,
            )
        )
    return LeavingFactors(effects, left_out, None, rows.height, int(rows["left"].sum()), fit)
