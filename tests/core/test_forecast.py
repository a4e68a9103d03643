"""The workforce forecast (core.forecast): figures worked out by hand on tiny inputs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core import forecast as f

ON = dt.date(2025, 9, 30)


def staff(rows: list[dict[str, object]]) -> pl.DataFrame:
    defaults = {
        "end_date": None,
        "fte": 1.0,
        "agency": False,
        "date_of_birth": None,
        "group": "5",
        "pay": 40000.0,
    }
    return pl.DataFrame([{**defaults, **row} for row in rows], schema=f.STAFF_SCHEMA)


def position(
    n: int,
    *,
    funded: float | None = None,
    agency: float = 0.0,
    pay: float = 36000.0,
    retire: list[int] | None = None,
    agency_cost: float | None = None,
    horizon: int = 36,
) -> f.Position:
    return f.Position(
        on=ON,
        fte=np.ones(n),
        retire=np.array(retire if retire is not None else [0] * n, dtype=np.int64),
        group=np.array(["5"] * n, dtype=object),
        funded=None if funded is None else np.full(horizon + 1, funded),
        agency_fte=agency,
        pay=pay,
        agency_cost=agency_cost,
        horizon=horizon,
    )


NOBODY_MOVES = f.Rates(turnover=0.0, starters=0.0, starter_fte=1.0, months=36)


def test_months_are_counted_from_the_forecast_day() -> None:
    assert f.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert f.add_months(ON, 12) == dt.date(2026, 9, 30)
    assert f.month_of(dt.date(2025, 10, 1), on=ON) == 1
    assert f.month_of(dt.date(2025, 10, 30), on=ON) == 1
    assert f.month_of(dt.date(2025, 10, 31), on=ON) == 2
    assert f.month_of(ON, on=ON) == 0


def test_monthly_chance_is_a_twelfth_of_turnover() -> None:
    # 18% turnover: 1.5% of the FTE in post leave each month, 18% of a steady workforce a year
    assert f.monthly_chance(0.18) == pytest.approx(0.015)
    assert f.monthly_chance(0) == 0
    assert f.monthly_chance(-0.1) == 0
    assert f.monthly_chance(24) == 1


def test_recent_rates_from_three_years_of_history() -> None:
    # 10 in post throughout the three years; 3 of them leave (FTE 1 each) and 3 start at once,
    # so FTE in post stays 10 at every month's end: turnover 3 / 10 / 3 years = 0.1 a year.
    rows = [{"start_date": dt.date(2010, 1, 1)} for _ in range(7)]
    for year in (2023, 2024, 2025):
        rows.append({"start_date": dt.date(2010, 1, 1), "end_date": dt.date(year, 3, 31)})
        rows.append({"start_date": dt.date(year, 4, 1), "fte": 1.0})
    rows.append({"start_date": dt.date(2024, 1, 1), "agency": True})  # not counted
    rates = f.recent_rates(staff(rows), on=ON)
    assert rates.turnover == pytest.approx(0.1)
    assert rates.starters == pytest.approx(3 / 36)
    assert rates.starter_fte == 1.0
    assert rates.months == 36


def test_recent_rates_over_a_shorter_history() -> None:
    # History from 1 October 2024: 12 months. 8 in post at the 11 month ends 31 October 2024
    # to 31 August 2025 and 6 at 30 September 2025 (2 leave that day): mean (88 + 6) / 12.
    rows = [{"start_date": dt.date(2010, 1, 1)} for _ in range(6)]
    rows += [{"start_date": dt.date(2010, 1, 1), "end_date": ON} for _ in range(2)]
    rates = f.recent_rates(staff(rows), on=ON, history_from=dt.date(2024, 10, 1))
    assert rates.months == 12
    assert rates.turnover == pytest.approx(2 / (94 / 12))


def test_nobody_leaving_or_starting_keeps_everyone_in_post() -> None:
    result = f.forecast(position(10, funded=12.0, agency=1.0), NOBODY_MOVES)
    for h in result.horizons:
        assert h.in_post == f.Range(10, 10, 10)
        assert h.leavers == f.Range(0, 0, 0)
        assert h.starters == f.Range(0, 0, 0)
        assert h.vacancies == f.Range(2, 2, 2)
        # agency covered 1 of 2 vacancies on the day: half the vacancies
        assert h.agency == f.Range(1, 1, 1)


def test_cost_is_pay_and_agency_over_the_months() -> None:
    # 10 FTE at £36,000 a year for 12 months = £360,000; 1 agency FTE at £60,000: £60,000.
    result = f.forecast(position(10, funded=12.0, agency=1.0, agency_cost=60000.0), NOBODY_MOVES)
    assert result.horizons[0].cost.mid == pytest.approx(420000)
    assert result.horizons[2].cost.mid == pytest.approx(3 * 420000)


def test_everyone_leaves_in_the_first_month_at_full_turnover() -> None:
    rates = f.Rates(turnover=12.0, starters=0.0, starter_fte=1.0, months=36)
    result = f.forecast(position(5), rates)
    assert result.horizons[0].in_post == f.Range(0, 0, 0)
    assert result.horizons[0].leavers == f.Range(5, 5, 5)


def test_people_reaching_retirement_age_leave_then() -> None:
    # Two of four reach 67 in months 6 and 30; nobody else leaves.
    result = f.forecast(position(4, retire=[6, 30, 0, 0]), NOBODY_MOVES)
    assert [h.retiring for h in result.horizons] == [1, 1, 2]
    assert [h.in_post.mid for h in result.horizons] == [3, 3, 2]
    assert [h.leavers.mid for h in result.horizons] == [1, 1, 2]


def test_retirement_month_from_date_of_birth() -> None:
    rows = [
        {"start_date": dt.date(2000, 1, 1), "date_of_birth": dt.date(1959, 3, 15)},  # 67 in 2026
        {"start_date": dt.date(2000, 1, 1), "date_of_birth": dt.date(1990, 1, 1)},
        {"start_date": dt.date(2000, 1, 1)},
    ]
    result = f.position_at(staff(rows), on=ON)
    # 15 March 2026 falls in the 6th month after 30 September 2025 (1 to 30 March 2026)
    assert result.retire.tolist() == [6, 0, 0]


def test_starters_are_limited_to_funded_posts() -> None:
    # 100 starters a month could arrive but only 3 FTE of posts are free.
    rates = f.Rates(turnover=0.0, starters=100.0, starter_fte=1.0, months=36)
    result = f.forecast(position(10, funded=13.0), rates)
    assert result.horizons[0].in_post == f.Range(13, 13, 13)
    assert result.horizons[0].starters == f.Range(3, 3, 3)
    assert result.horizons[0].vacancies == f.Range(0, 0, 0)


def test_known_arrivals_come_when_the_recent_rate_would_bring_fewer() -> None:
    arriving = f.Position(
        on=ON,
        fte=np.ones(2),
        retire=np.zeros(2, dtype=np.int64),
        group=np.array(["5", "5"], dtype=object),
        funded=None,
        agency_fte=0,
        pay=0,
        arrivals=((3, 1.0), (3, 1.0), (20, 1.0)),
    )
    result = f.forecast(arriving, NOBODY_MOVES)
    assert [h.starters.mid for h in result.horizons] == [2, 3, 3]
    assert [h.in_post.mid for h in result.horizons] == [4, 5, 5]


def test_scenario_converting_agency_fills_vacancies_and_cuts_agency() -> None:
    # 10 in post, 15 funded: 5 vacancies covered by 4 agency FTE. Converting 2: 12 in post,
    # 3 vacancies, 2 agency covering them (2/3 of them, as 2 of 3 before).
    base = position(10, funded=15.0, agency=4.0, pay=30000.0, agency_cost=70000.0)
    scenario = f.Scenario(name="Convert", agency_converted=2)
    result = f.forecast(base, NOBODY_MOVES, scenario)
    h = result.horizons[0]
    assert (h.in_post.mid, h.vacancies.mid, h.agency.mid) == (12, 3, 2)
    # cost: 12 x £30,000 + 2 x £70,000 = £500,000 against 10 x 30,000 + 4 x 70,000 = 580,000
    assert h.cost.mid == pytest.approx(500000)
    assert f.forecast(base, NOBODY_MOVES).horizons[0].cost.mid == pytest.approx(580000)


def test_scenario_retention_payment_costs_its_group_a_year() -> None:
    # £2,000 a year to each of 10 FTE in the group who stay: £20,000 over 12 months.
    scenario = f.Scenario(name="Pay", payment_group="5", payment=2000)
    result = f.forecast(position(10, pay=0.0), NOBODY_MOVES, scenario)
    assert result.horizons[0].cost.mid == pytest.approx(20000)
    other = f.Scenario(name="Pay others", payment_group="4", payment=2000)
    assert f.forecast(position(10, pay=0.0), NOBODY_MOVES, other).horizons[0].cost.mid == 0


def test_scenario_turnover_down_to_nothing_means_no_leavers() -> None:
    rates = f.Rates(turnover=0.02, starters=0.0, starter_fte=1.0, months=36)
    scenario = f.Scenario(name="Down", turnover_down=2)
    result = f.forecast(position(50), rates, scenario)
    assert result.horizons[-1].leavers == f.Range(0, 0, 0)


def test_lower_turnover_never_means_more_leavers_in_the_same_futures() -> None:
    rates = f.Rates(turnover=0.2, starters=0.0, starter_fte=1.0, months=36)
    base = f.forecast(position(200), rates)
    down = f.forecast(position(200), rates, f.Scenario(name="Down", turnover_down=5))
    for b, d in zip(base.horizons, down.horizons, strict=True):
        assert d.leavers.mid <= b.leavers.mid
        assert d.in_post.mid >= b.in_post.mid


def test_the_same_seed_gives_the_same_forecast() -> None:
    rates = f.Rates(turnover=0.15, starters=1.0, starter_fte=0.9, months=36)
    one = f.forecast(position(40, funded=45.0), rates, seed=7)
    two = f.forecast(position(40, funded=45.0), rates, seed=7)
    assert one.horizons == two.horizons


@settings(max_examples=30, deadline=None)
@given(
    people=st.integers(min_value=0, max_value=60),
    turnover=st.floats(min_value=0, max_value=0.9),
    starters=st.floats(min_value=0, max_value=5),
    funded=st.one_of(st.none(), st.floats(min_value=0, max_value=80)),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_ranges_are_ordered_and_nothing_is_negative(
    people: int, turnover: float, starters: float, funded: float | None, seed: int
) -> None:
    rates = f.Rates(turnover=turnover, starters=starters, starter_fte=1.0, months=36)
    result = f.forecast(position(people, funded=funded), rates, simulations=50, seed=seed)
    for h in result.horizons:
        for value in (h.in_post, h.leavers, h.starters, h.vacancies, h.agency, h.cost):
            if value is not None:
                assert 0 <= value.low <= value.mid <= value.high
    if turnover == 0:
        assert all(h.leavers.high == 0 for h in result.horizons)


def test_fte_leaving_each_month_by_hand() -> None:
    # Two runs, three people (1, 0.5 and 0.8 FTE), three months. Run 1: the first leaves in
    # month 2, the second in month 2, the third never; run 2: the first in month 1, the
    # second in month 5 (beyond the horizon), the third in month 3.
    leave = np.array([[2.0, 2.0, np.inf], [1.0, 5.0, 3.0]])
    got = f.leaving_by_month(leave, np.array([1.0, 0.5, 0.8]), 3)
    assert got.tolist() == [[0.0, 1.5, 0.0], [1.0, 0.0, 0.8]]


@settings(max_examples=50, deadline=None)
@given(
    runs=st.integers(min_value=1, max_value=8),
    people=st.integers(min_value=0, max_value=30),
    months=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_fte_leaving_each_month_is_the_fte_of_those_leaving_then(
    runs: int, people: int, months: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    leave = rng.integers(1, months + 10, (runs, people)).astype(float)
    leave[rng.random((runs, people)) < 0.2] = np.inf  # never leaving
    fte = rng.choice([1.0, 0.8, 0.6, 0.5, 0.1], people)
    got = f.leaving_by_month(leave, fte, months)
    assert got.shape == (runs, months)
    for run in range(runs):
        for month in range(1, months + 1):
            leaving = [fte[p] for p in range(people) if leave[run, p] == month]
            assert got[run, month - 1] == pytest.approx(sum(leaving), abs=1e-12)


def test_mean_absolute_percentage_error_by_hand() -> None:
    # |110 - 100| / 100 = 10%, |45 - 50| / 50 = 10%, |0 - 0|: left out
    assert f.mean_absolute_percentage_error([(110, 100), (45, 50), (0, 0)]) == pytest.approx(10)
    assert f.mean_absolute_percentage_error([]) is None


def test_back_test_on_a_steady_history_is_exact() -> None:
    # 20 people in post from 2015 who never leave, nobody starts, 20 posts: every past year's
    # forecast is 20 in post and no leavers, and so was what happened.
    rows = [{"start_date": dt.date(2015, 1, 1)} for _ in range(20)]
    posts = pl.DataFrame(
        [{"fte": 1.0, "funded_from": dt.date(2015, 1, 1), "funded_to": None}] * 20,
        schema=f.POST_SCHEMA,
    )
    result = f.back_test(
        staff(rows), until=ON, history_from=dt.date(2020, 10, 1), posts=posts, simulations=20
    )
    # years to 30 September 2022..2025: each has at least one year of history before it
    assert [y.year_end for y in result.years] == [dt.date(y, 9, 30) for y in range(2022, 2026)]
    assert result.in_post_error == 0
    assert result.leavers_error is None  # no year had leavers
    assert all(y.in_post.mid == 20 and y.in_post_actual == 20 for y in result.years)
    assert result.within == 100


def test_back_test_reports_the_error_of_a_changed_year() -> None:
    # 10 in post; in the year to 30 September 2025, 5 leave (none before): the forecast from
    # 30 September 2024 (no leavers in the years before) says 10 in post, 0 leavers; actual 5.
    rows = [{"start_date": dt.date(2015, 1, 1)} for _ in range(5)]
    rows += [{"start_date": dt.date(2015, 1, 1), "end_date": dt.date(2025, 3, 1)}] * 5
    result = f.back_test(staff(rows), until=ON, history_from=dt.date(2022, 10, 1), simulations=20)
    assert [y.year_end for y in result.years] == [dt.date(2024, 9, 30), dt.date(2025, 9, 30)]
    last = result.years[-1]
    assert (last.in_post.mid, last.in_post_actual) == (10, 5)
    assert (last.leavers.mid, last.leavers_actual) == (0, 5)
    # in post: 0% in the year to 2024, |10 - 5| / 5 = 100% in 2025: mean 50%
    assert result.in_post_error == pytest.approx(50)
    # leavers: 2024 had none (left out); 2025 |0 - 5| / 5 = 100%
    assert result.leavers_error == pytest.approx(100)
