import datetime as dt
import itertools
import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.survival import (
    SPELL_SCHEMA,
    Z_95,
    Estimate,
    kaplan_meier,
    kaplan_meier_by,
    leavers_by_service,
    median_tenure,
    retention_at,
    retention_years,
    sickness_before_leaving,
    tenure_spells,
)

# A textbook example with censoring and late entry: eight people, (entry, exit, left).
# D, F and H joined the register's history after they had already served 3, 2 and 4 days.
EIGHT = pl.DataFrame(
    [
        (0, 2, True),  # A
        (0, 3, False),  # B, still in post
        (0, 4, True),  # C
        (3, 5, True),  # D, entered at 3
        (0, 5, True),  # E
        (2, 6, False),  # F, entered at 2, still in post
        (0, 7, True),  # G
        (4, 8, False),  # H, entered at 4, still in post
    ],
    schema=SPELL_SCHEMA,
    orient="row",
)


def test_kaplan_meier_with_censoring_and_left_truncation_by_hand() -> None:
    # At risk at t: entry < t <= exit.
    # t=2: A B C E G (D enters at 3, F at 2 is not yet at risk, H at 4)
    #      n=5 d=1  S = 4/5 = 0.8
    # t=4: C D E F G (A, B gone; H enters at 4)  n=5 d=1  S = 0.8*4/5 = 0.64
    # t=5: D E F G H                             n=5 d=2  S = 0.64*3/5 = 0.384
    # t=7: G H                                   n=2 d=1  S = 0.384/2 = 0.192
    steps = kaplan_meier(EIGHT).steps
    assert steps["time"].to_list() == [2, 4, 5, 7]
    assert steps["at_risk"].to_list() == [5, 5, 5, 2]
    assert steps["left"].to_list() == [1, 1, 2, 1]
    assert steps["survival"].to_list() == pytest.approx([0.8, 0.64, 0.384, 0.192])
    # Greenwood's sum d/(n(n-d)): 1/20 = 0.05; + 1/20 = 0.1; + 2/15 = 0.2333…; + 1/2 = 0.7333…
    # Var S(5) = 0.384^2 * 0.23333 = 0.147456 * 0.23333 = 0.0344064
    assert steps["variance"][2] == pytest.approx(0.147456 * (0.1 + 2 / 15))
    # Log-log interval at t=2: se = sqrt(0.05) / |ln 0.8| = 0.223607 / 0.223144 = 1.002076
    se = math.sqrt(0.05) / abs(math.log(0.8))
    assert steps["lower"][0] == pytest.approx(0.8 ** math.exp(Z_95 * se))  # 0.8^7.128 = 0.2039
    assert steps["upper"][0] == pytest.approx(0.8 ** math.exp(-Z_95 * se))  # 0.8^0.1403 = 0.9692
    assert steps["lower"][0] == pytest.approx(0.2039, abs=1e-4)
    assert steps["upper"][0] == pytest.approx(0.9692, abs=1e-4)


def test_ignoring_late_entry_overstates_retention() -> None:
    # The same people all counted from day 0: at t=2 all 8 are at risk, S = 7/8 = 0.875 > 0.8.
    naive = kaplan_meier(EIGHT.with_columns(entry=pl.lit(0, pl.Int64))).steps
    assert naive["at_risk"][0] == 8
    assert naive["survival"][0] == pytest.approx(0.875)


def test_median_and_retention_at_a_time() -> None:
    curve = kaplan_meier(EIGHT)
    # Median: the first time S <= 0.5: S(5) = 0.384. Its interval runs from the first time the
    # band's lower bound reaches 0.5 (t=2: 0.2039, worked above) to the first its upper bound
    # does, which never happens: upper at t=4, 5, 7 (se = sqrt(sum) / |ln S|, S^exp(-1.96 se)):
    #   0.64^exp(-1.96 * 0.31623/0.44629) = 0.64^0.2494 = 0.895
    #   0.384^exp(-1.96 * 0.48305/0.95711) = 0.384^0.3719 = 0.700
    #   0.192^exp(-1.96 * 0.85635/1.65026) = 0.192^0.3617 = 0.550
    assert median_tenure(curve) == Estimate(5.0, 2.0, None)
    upper = kaplan_meier(EIGHT).steps["upper"].to_list()
    assert upper[1:] == pytest.approx([0.895, 0.700, 0.550], abs=1e-3)
    assert retention_at(curve, days=1).value == 1.0  # nobody had left by day 1
    assert retention_at(curve, days=4).value == pytest.approx(0.64)
    assert retention_at(curve, days=6).value == pytest.approx(0.384)
    assert retention_at(curve, days=9).value is None  # nobody followed beyond day 8


def test_tenure_spells_from_dates() -> None:
    staff = pl.DataFrame(
        {
            "staff_id": [1, 2, 3, 4, 5],
            "start_date": [
                dt.date(2018, 1, 1),  # began before the history: entry 2020-01-01 - 2018-01-01
                dt.date(2020, 3, 1),  # left on 2020-03-01: 1 day served
                dt.date(2021, 1, 1),  # still in post on the analysis day
                dt.date(2015, 1, 1),  # left before the history began: not counted
                dt.date(2025, 1, 1),  # starts after the analysis day: not counted
            ],
            "end_date": [
                dt.date(2020, 12, 31),
                dt.date(2020, 3, 1),
                None,
                dt.date(2019, 6, 30),
                None,
            ],
        }
    )
    spells = tenure_spells(staff, on=dt.date(2021, 12, 31), history_from=dt.date(2020, 1, 1))
    assert spells["staff_id"].to_list() == [1, 2, 3]
    assert spells["entry"].to_list() == [730, 0, 0]  # 2018 and 2019 have 365 days each
    # 2018-01-01 to 2020-12-31 inclusive: 365 + 365 + 366 = 1096 days; 2021 in full: 365
    assert spells["exit"].to_list() == [1096, 1, 365]
    assert spells["left"].to_list() == [True, True, False]


def test_retention_in_years_and_leavers_by_service() -> None:
    # Ten people, nobody censored: leaving after 100, 200, 300, 400, 800, 900, 1000, 2000,
    # 3000, 4000 days.
    days = [100, 200, 300, 400, 800, 900, 1000, 2000, 3000, 4000]
    spells = pl.DataFrame(
        {"entry": [0] * 10, "exit": days, "left": [True] * 10}, schema=SPELL_SCHEMA
    )
    curve = kaplan_meier(spells)
    assert retention_years(curve, years=1).value == pytest.approx(7 / 10)  # more than 365 days
    assert retention_years(curve, years=2).value == pytest.approx(6 / 10)  # more than 730 days
    assert retention_years(curve, years=5).value == pytest.approx(3 / 10)  # more than 1826 days
    # Whole years at leaving (days / 365.25): 0,0,0,1,2,2,2,5,8,10
    assert leavers_by_service(spells) == [
        ("Under 2 years", 4),
        ("2 to 5 years", 3),
        ("5 to 10 years", 2),
        ("10 to 20 years", 1),
        ("20 years or more", 0),
    ]


def test_curves_by_group() -> None:
    teams = pl.Series([1, 1, 1, 1, 2, 2, 2, None])
    curves = kaplan_meier_by(EIGHT.with_columns(team=teams), by="team")
    assert list(curves) == ["1", "2", "Not recorded"]
    assert curves["1"].people == 4
    assert curves["1"].leavers == 3


spell = st.tuples(st.integers(0, 50), st.integers(1, 60), st.booleans()).map(
    lambda t: (t[0], t[0] + t[1], t[2])  # entry < exit
)


@given(st.lists(spell, min_size=1, max_size=40))
def test_survival_is_a_non_increasing_share(rows: list[tuple[int, int, bool]]) -> None:
    steps = kaplan_meier(pl.DataFrame(rows, schema=SPELL_SCHEMA, orient="row")).steps
    survival = steps["survival"].to_list()
    assert all(0 <= s <= 1 for s in survival)
    assert all(a >= b for a, b in itertools.pairwise(survival))


@given(st.lists(st.integers(1, 30), min_size=1, max_size=40), st.integers(0, 31))
def test_without_censoring_or_truncation_it_is_the_empirical_share(
    exits: list[int], t: int
) -> None:
    spells = pl.DataFrame(
        {"entry": [0] * len(exits), "exit": exits, "left": [True] * len(exits)},
        schema=SPELL_SCHEMA,
    )
    estimate = retention_at(kaplan_meier(spells), days=t)
    if t <= max(exits):
        assert estimate.value == pytest.approx(sum(e > t for e in exits) / len(exits))


@given(st.lists(spell, min_size=1, max_size=40))
def test_the_median_lies_inside_its_interval(rows: list[tuple[int, int, bool]]) -> None:
    median = median_tenure(kaplan_meier(pl.DataFrame(rows, schema=SPELL_SCHEMA, orient="row")))
    if median.value is not None and median.lower is not None:
        assert median.lower <= median.value
    if median.value is not None and median.upper is not None:
        assert median.value <= median.upper


def test_sickness_in_the_year_before_the_last_day_by_hand() -> None:
    # Looked at on 30 September 2025. Person 1 left on 30 June 2025: their year runs from
    # 1 July 2024 to 30 June 2025. Person 2 is in post: 1 October 2024 to 30 September 2025.
    staff = pl.DataFrame(
        {
            "staff_id": [1, 2],
            "start_date": [dt.date(2020, 1, 1), dt.date(2021, 1, 1)],
            "end_date": [dt.date(2025, 6, 30), None],
        }
    )
    spells = tenure_spells(staff, on=dt.date(2025, 9, 30), history_from=None)
    sickness = pl.DataFrame(
        {
            "staff_id": [1, 1, 1, 2],
            "start_date": [
                dt.date(2024, 6, 30),  # a day before person 1's year: not counted
                dt.date(2024, 7, 1),  # its first day: 3 days
                dt.date(2025, 6, 30),  # its last day: 2.5 days
                dt.date(2025, 1, 6),  # person 2: 4 days
            ],
            "working_days_lost": [10.0, 3.0, 2.5, 4.0],
        }
    )
    lost = sickness_before_leaving(spells, sickness).sort("staff_id")
    assert lost["sickness_days"].to_list() == [5.5, 4.0]
    assert sickness_before_leaving(spells, sickness.clear())["sickness_days"].to_list() == [0, 0]
