"""The Cox model against published fits and a fit worked by hand."""

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.cox import POOLED, Factor, Measure, _RiskSets, cox_fit, leaving_factors

# R's survival package, data set `ovarian` (Edmunson et al. 1979, Cancer Treatment Reports
# 63:241-47; supplied by Terry Therneau; the survival package is LGPL): futime (days), fustat
# (1 died), age (years), rx (treatment group 1 or 2). 26 rows, in the package's order.
OVARIAN = [
    (59, 1, 72.3315, 1),
    (115, 1, 74.4932, 1),
    (156, 1, 66.4658, 1),
    (421, 0, 53.3644, 2),
    (431, 1, 50.3397, 1),
    (448, 0, 56.4301, 1),
    (464, 1, 56.937, 2),
    (475, 1, 59.8548, 2),
    (477, 0, 64.1753, 1),
    (563, 1, 55.1781, 2),
    (638, 1, 56.7562, 1),
    (744, 0, 50.1096, 2),
    (769, 0, 59.6301, 2),
    (770, 0, 57.0521, 2),
    (803, 0, 39.2712, 1),
    (855, 0, 43.1233, 1),
    (1040, 0, 38.8932, 1),
    (1106, 0, 44.6, 1),
    (1129, 0, 53.9068, 2),
    (1206, 0, 44.2055, 2),
    (1227, 0, 59.589, 2),
    (268, 1, 74.5041, 1),
    (329, 1, 43.137, 1),
    (353, 1, 63.2192, 2),
    (365, 1, 64.4247, 2),
    (377, 0, 58.3096, 2),
]


def test_ovarian_as_r_survival_publishes_it() -> None:
    # summary(coxph(Surv(futime, fustat) ~ age + rx, data = ovarian)), as printed in
    # published tutorials of R's survival package (n = 26, 12 events):
    #         coef exp(coef) se(coef)      z Pr(>|z|)
    #   age  0.14733   1.15873  0.04615  3.193  0.00141
    #   rx  -0.80397   0.44755  0.63205 -1.272  0.20337
    #       lower .95 upper .95:  age 1.0585 1.268;  rx 0.1297 1.545
    #   Likelihood ratio test = 15.89 on 2 df
    fit = cox_fit(
        entry=[0] * len(OVARIAN),
        exit=[row[0] for row in OVARIAN],
        event=[row[1] == 1 for row in OVARIAN],
        covariates=[[row[2], row[3]] for row in OVARIAN],
        names=["age", "rx"],
    )
    assert fit.converged
    assert (fit.people, fit.events) == (26, 12)
    age, rx = fit.terms
    assert age.coefficient == pytest.approx(0.14733, abs=5e-6)
    assert age.standard_error == pytest.approx(0.04615, abs=5e-6)
    assert age.hazard_ratio == pytest.approx(1.15873, abs=5e-6)
    assert age.p_value == pytest.approx(0.00141, abs=5e-6)
    assert (age.lower, age.upper) == (
        pytest.approx(1.0585, abs=5e-5),
        pytest.approx(1.268, abs=5e-4),
    )
    assert rx.coefficient == pytest.approx(-0.80397, abs=5e-6)
    assert rx.standard_error == pytest.approx(0.63205, abs=5e-6)
    assert rx.p_value == pytest.approx(0.20337, abs=5e-6)
    assert (rx.lower, rx.upper) == (pytest.approx(0.1297, abs=5e-5), pytest.approx(1.545, abs=5e-4))
    assert 2 * (fit.log_likelihood - fit.log_likelihood_null) == pytest.approx(15.89, abs=5e-3)


# Therneau and Grambsch (2000), Modeling Survival Data, appendix E, "test data 1" (also in R
# survival's tests, book1.R and book2.R): tied times, worked by hand there.
TIME = [1, 1, 6, 6, 8, 9]
STATUS = [True, False, True, True, False, True]
X = [[1], [1], [1], [0], [0], [0]]


def test_ties_by_breslow_as_published() -> None:
    # Published: b = 1.475285, log partial likelihood -3.824750 at b.
    # By hand, r = exp(b): at t=1 all six at risk (3r + 3), one with x=1 leaves; at t=6 four
    # (r + 3), one with x=1 and one with x=0 leave; at 9 one, alone. Breslow:
    # l(b) = 2b - log(3r + 3) - 2 log(r + 3); at b = 0: -log 6 - 2 log 4 = -4.564348.
    fit = cox_fit(entry=[0] * 6, exit=TIME, event=STATUS, covariates=X, names=["x"], ties="breslow")
    assert fit.terms[0].coefficient == pytest.approx(1.475285, abs=1e-6)
    assert fit.log_likelihood_null == pytest.approx(-math.log(6) - 2 * math.log(4))
    assert fit.log_likelihood_null == pytest.approx(-4.564348, abs=1e-6)
    assert fit.log_likelihood == pytest.approx(-3.824750, abs=1e-6)


def test_ties_by_efron_as_published() -> None:
    # Published: b = 1.676857, where r = exp(b) solves the score equation in closed form:
    # r = 2 sqrt(23/3) cos(phi / 3), phi = arccos((45/23) sqrt(3/23)). Efron's log likelihood:
    # l(b) = 2b - log(3r + 3) - log(r + 3) - log((r + 5)/2): at t=6 the second leaver is compared
    # with the risk set less half of the two who left (r + 3 - (r + 1)/2 = (r + 5)/2). Its
    # information: the sum over the three risk sets of p(1 - p), p = r/(r+1), r/(r+5), r/(r+3).
    phi = math.acos((45 / 23) * math.sqrt(3 / 23))
    r = 2 * math.sqrt(23 / 3) * math.cos(phi / 3)
    fit = cox_fit(entry=[0] * 6, exit=TIME, event=STATUS, covariates=X, names=["x"])
    (term,) = fit.terms
    assert term.coefficient == pytest.approx(math.log(r), abs=1e-9)
    assert round(term.coefficient, 6) == 1.676857
    assert fit.log_likelihood == pytest.approx(
        2 * math.log(r) - math.log(3 * r + 3) - math.log(r + 3) - math.log((r + 5) / 2)
    )
    information = sum(p * (1 - p) for p in (r / (r + 1), r / (r + 5), r / (r + 3)))
    assert term.standard_error == pytest.approx(1 / math.sqrt(information))


def test_left_truncation_by_hand() -> None:
    # Four spells (entry, exit, left, x): A (0, 1, yes, 1), B (0, 2, yes, 0),
    # C (0, 3, no, 1), D (1.5, 4, no, 0): D was first seen at 1.5. With r = exp(b):
    # at t=1 the risk set is A, B, C (D not yet seen): 2r + 1, and A (x=1) leaves;
    # at t=2 it is B, C, D: r + 2, and B (x=0) leaves. l(b) = b - log(2r + 1) - log(r + 2).
    # Score 1 - 2r/(2r+1) - r/(r+2) = 0  <=>  (2r+1)(r+2) - 2r(r+2) - r(2r+1) = 2 - 2r^2 = 0:
    # r = 1, b = 0. Information at b = 0: p(1-p) with p = 2/3 and 1/3, 2/9 + 2/9 = 4/9:
    # standard error 3/2; hazard ratio 1, interval exp(-+1.96 x 1.5) = 0.0529 to 18.9; p = 1.
    spells = {
        "exit": [1, 2, 3, 4],
        "event": [True, True, False, False],
        "covariates": [[1], [0], [1], [0]],
        "names": ["x"],
    }
    fit = cox_fit(entry=[0, 0, 0, 1.5], **spells)  # type: ignore[arg-type]
    (term,) = fit.terms
    assert term.coefficient == pytest.approx(0, abs=1e-9)
    assert term.standard_error == pytest.approx(1.5)
    assert term.hazard_ratio == pytest.approx(1)
    assert term.lower == pytest.approx(math.exp(-1.959964 * 1.5), abs=1e-6)
    assert term.p_value == pytest.approx(1)
    # Had D been counted from 0 (the truncation ignored), the first risk set would be 2r + 2:
    # 1 - r/(r+1) - r/(r+2) = 0  <=>  2 - r^2 = 0: r = sqrt 2, b = log(2)/2 = 0.3466.
    naive = cox_fit(entry=[0, 0, 0, 0], **spells)  # type: ignore[arg-type]
    assert naive.terms[0].coefficient == pytest.approx(math.log(2) / 2)


def test_likelihood_score_and_information_at_zero_by_hand() -> None:
    # Five spells (entry, exit, left, x1, x2): A (0, 1, yes, 1, 0), B (0, 2, yes, 0, 1),
    # C (0, 2, yes, 1, 1), D (1.5, 3, no, 0, 0), E (0, 3, no, 1, 0). At b = 0 every r is 1.
    # t=1: risk set A, B, C, E (D not yet seen): S0 = 4, S1 = (3, 2), S2 = [[3, 1], [1, 2]];
    #   A leaves: log term log 4; score (1, 0) - (3/4, 1/2) = (1/4, -1/2);
    #   information S2/4 - (3/4, 1/2)(3/4, 1/2)' = [[3/16, -1/8], [-1/8, 1/4]].
    # t=2: risk set B, C, D, E: S0 = 4, S1 = (2, 2), S2 = [[2, 1], [1, 2]]; B and C leave:
    #   D0 = 2, D1 = (1, 2), D2 = [[1, 1], [1, 2]].
    #   Efron, first: a0 = 4, mean (1/2, 1/2),
    #   [[1/2, 1/4], [1/4, 1/2]] - [[1/4, 1/4], [1/4, 1/4]] = [[1/4, 0], [0, 1/4]];
    #   second: a0 = 4 - 2/2 = 3, a1 = (2, 2) - (1, 2)/2 = (3/2, 1), mean (1/2, 1/3),
    #   a2 = [[2, 1], [1, 2]] - [[1, 1], [1, 2]]/2 = [[3/2, 1/2], [1/2, 1]],
    #   a2/3 - mean mean' = [[1/2, 1/6], [1/6, 1/3]] - [[1/4, 1/6], [1/6, 1/9]]
    #   = [[1/4, 0], [0, 2/9]];
    #   log terms log 4 + log 3; score (1, 2) - (1/2, 1/2) - (1/2, 1/3) = (0, 7/6).
    #   Breslow: both compared with the whole risk set: [[1/4, 0], [0, 1/4]] twice, log 4 twice,
    #   score (1, 2) - 2 (1/2, 1/2) = (0, 1).
    entry = np.array([0, 0, 0, 1.5, 0])
    exit = np.array([1.0, 2, 2, 3, 3])
    left = np.array([True, True, True, False, False])
    x = np.array([[1.0, 0], [0, 1], [1, 1], [0, 0], [1, 0]])
    risk = _RiskSets(entry, exit, left)
    loglik, score, information = risk.derivatives(x, np.zeros(2), "efron")
    assert loglik == pytest.approx(-math.log(48))
    assert score == pytest.approx([1 / 4, -1 / 2 + 7 / 6])
    assert information.ravel() == pytest.approx([11 / 16, -1 / 8, -1 / 8, 1 / 2 + 2 / 9])
    loglik, score, information = risk.derivatives(x, np.zeros(2), "breslow")
    assert loglik == pytest.approx(-math.log(64))
    assert score == pytest.approx([1 / 4, 1 / 2])
    assert information.ravel() == pytest.approx([11 / 16, -1 / 8, -1 / 8, 3 / 4])


def test_a_group_that_never_left_does_not_converge() -> None:
    # x = 1 for the two who stayed and x = 0 for the three who left: the likelihood keeps
    # rising as b falls, with no maximum; the fit says so rather than give a number.
    fit = cox_fit(
        entry=[0] * 5,
        exit=[1, 2, 3, 4, 5],
        event=[True, True, True, False, False],
        covariates=[[0], [0], [0], [1], [1]],
        names=["x"],
    )
    assert not fit.converged


def test_a_likelihood_with_no_maximum_is_no_error() -> None:
    # Eight spells all ending at 1, the one leaver with x = 0 like five who stayed, the other
    # two with x = 2 and 1/256: l(b) = -log(6 + exp(2b) + exp(b/256)) rises towards -log 6 as
    # b falls, with no maximum. Newton's steps run b off far enough that exp overflows (found
    # by hypothesis below): the fit says it did not converge, at about -log 6.
    xs = [0.0] * 5 + [2.0, 0.00390625, 0.0]
    fit = cox_fit(
        entry=[0] * 8, exit=[1] * 8, event=[False] * 7 + [True], covariates=[[x] for x in xs],
        names=["x"],
    )  # fmt: skip
    assert not fit.converged
    assert -math.log(6) - 1e-3 < fit.log_likelihood < -math.log(6)


def test_a_spell_must_be_seen_before_it_ends() -> None:
    with pytest.raises(ValueError, match="entry < exit"):
        cox_fit(entry=[2], exit=[2], event=[True], covariates=[[0]], names=["x"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 30), st.booleans(), st.floats(-2, 2)), min_size=8, max_size=30
    ),
    st.floats(-3, 3),
)
def test_shifting_a_factor_changes_nothing(
    rows: list[tuple[int, bool, float]], shift: float
) -> None:
    # The partial likelihood compares people at the same time: adding a constant to everyone's
    # factor cancels, so the fit is the same (the fitting centres the factors in any case).
    exit = [row[0] for row in rows]
    event = [row[1] for row in rows]
    x = np.array([[row[2]] for row in rows])
    one = cox_fit(entry=[0] * len(rows), exit=exit, event=event, covariates=x, names=["x"])
    two = cox_fit(entry=[0] * len(rows), exit=exit, event=event, covariates=x + shift, names=["x"])
    assert one.log_likelihood == pytest.approx(two.log_likelihood, abs=1e-9)
    if one.converged:
        assert one.terms[0].coefficient == pytest.approx(two.terms[0].coefficient, abs=1e-6)


# --- leaving_factors: what the data can support -------------------------------------------

SPELLS = {"entry": pl.Int64, "exit": pl.Int64, "left": pl.Boolean, "team": pl.String}


def twins(groups: dict[str, int], *, extra: float | None = None) -> pl.DataFrame:
    """For each group, the same spells: ``n`` leavers after 10, 20, ... days and as many still
    in post at 1,000 days; ``load`` ``extra`` for all (or null)."""
    rows = []
    for group, n in groups.items():
        rows += [(0, 10 * (k + 1), True, group) for k in range(n)]
        rows += [(0, 1000, False, group) for _ in range(n)]
    return pl.DataFrame(rows, schema=SPELLS, orient="row").with_columns(
        load=pl.lit(extra, dtype=pl.Float64)
    )


TEAM = [Factor("Team type", "team")]
LOAD = [Measure("Weighted load", "load", 10, "points more")]


def test_groups_with_the_same_spells_leave_alike() -> None:
    # Two groups with identical spells: by symmetry the partial likelihood is largest at b = 0,
    # a hazard ratio of exactly 1, compared with the larger group (alphabetically first of equals).
    model = leaving_factors(twins({"Assessment": 30, "Fostering": 30}), factors=TEAM, measures=[])
    assert model.hidden is None
    (effect,) = model.effects
    assert (effect.factor, effect.group, effect.reference) == (
        "Team type",
        "Fostering",
        "Assessment",
    )
    assert effect.term.hazard_ratio == pytest.approx(1, abs=1e-9)
    assert effect.term.lower < 1 < effect.term.upper
    assert (effect.people, effect.leavers) == (60, 30)


def test_fewer_than_fifty_leavers_show_no_model() -> None:
    model = leaving_factors(twins({"Assessment": 25, "Fostering": 24}), factors=TEAM, measures=[])
    assert model.effects == []
    assert (model.hidden or "").startswith("Only 49 people left")


def test_groups_with_few_leavers_are_put_together_or_the_factor_left_out() -> None:
    # 60 + 60 leavers, then two groups of 6: together 12, enough to compare.
    spells = twins({"Assessment": 60, "Fostering": 60, "Edge of care": 6, "Disabled children": 6})
    (_, pooled) = leaving_factors(spells, factors=TEAM, measures=[]).effects
    assert pooled.group == POOLED
    assert (pooled.people, pooled.leavers) == (24, 12)
    # One group of 9 alone: the factor is left out, and why.
    model = leaving_factors(twins({"Assessment": 60, "Fostering": 9}), factors=TEAM, measures=LOAD)
    assert model.hidden == "No factor has enough leavers in each of its groups to be compared."
    assert model.left_out == [
        ("Weighted load", "known for only 0 of the 69 leavers"),
        ("Team type", "fewer than 10 leavers in “Fostering”"),
    ]


def test_a_measure_the_same_for_everyone_is_left_out() -> None:
    model = leaving_factors(
        twins({"Assessment": 30, "Fostering": 30}, extra=100.0), factors=TEAM, measures=LOAD
    )
    assert model.left_out == [("Weighted load", "the same for everyone")]
    assert len(model.effects) == 1
