"""Workload weighting: every expected value is worked out by hand in the test."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import caseloads
from csc_workforce.core.caseloads import (
    AGE_BANDS,
    Case,
    Reduction,
    WeightingModel,
    age_band,
    capacity,
    case_points,
    load_percent,
    reduction_problems,
    reduction_status,
    rollup,
    suggest,
    sustained_overload,
    unweighted_children,
    worker_loads,
)
from csc_workforce.core.indicators import round_half_up

ON = dt.date(2025, 1, 15)
MODEL = WeightingModel(
    full_time_target=Decimal(2176),
    full_time_hours=Decimal(37),
    status_points={
        "child_in_need": Decimal(80),
        "child_protection": Decimal(120),
        "child_looked_after": Decimal(100),
    },
    complexity_points={"low": Decimal(0), "medium": Decimal(20), "high": Decimal(40)},
    travel_points={"near": Decimal(0), "far": Decimal(10)},
    court_extra=Decimal(30),
    pre_proceedings_extra=Decimal(15),
    version="2025-1",
)


def test_the_issue_arithmetic_check() -> None:
    """2,176 points at 37 hours, 7.4 hours of reductions: 2,176 x 29.6 / 37 = 1,740.8 points;
    1,900 / 1,740.8 = 109.14...%."""
    room = capacity(
        model=MODEL, contracted_hours=Decimal(37), reduction_hours=Decimal("7.4"), asye=False
    )
    assert room == Decimal("1740.8")
    load = load_percent(points=Decimal(1900), capacity=room)
    assert load is not None
    assert round_half_up(load) == Decimal("109.1")


def test_capacity_part_time_and_asye() -> None:
    # 2,176 x 18.5 / 37 = 1,088; an ASYE is capped at 90% of 2,176 = 1,958.4.
    half = capacity(
        model=MODEL, contracted_hours=Decimal("18.5"), reduction_hours=Decimal(0), asye=False
    )
    assert half == Decimal(1088)
    full_asye = capacity(
        model=MODEL, contracted_hours=Decimal(37), reduction_hours=Decimal(0), asye=True
    )
    assert full_asye == Decimal("1958.4")
    # Part-time ASYE below the cap keeps the pro-rata figure.
    assert (
        capacity(
            model=MODEL, contracted_hours=Decimal("18.5"), reduction_hours=Decimal(0), asye=True
        )
        == 1088
    )
    # Reductions larger than the hours leave nothing, not a negative capacity.
    assert (
        capacity(model=MODEL, contracted_hours=Decimal(10), reduction_hours=Decimal(12), asye=False)
        == 0
    )


def test_load_percent_without_capacity_is_none() -> None:
    assert load_percent(points=Decimal(10), capacity=Decimal(0)) is None
    assert load_percent(points=Decimal(544), capacity=Decimal(2176)) == Decimal(25)


def test_case_points() -> None:
    # 120 child protection + 40 high + 10 far travel + 30 court + 15 pre-proceedings = 215.
    case = Case("child_protection", "high", "far", court=True, pre_proceedings=True)
    assert case_points(model=MODEL, case=case) == Decimal(215)
    # No travel band: no travel points.
    assert case_points(model=MODEL, case=Case("child_in_need", "medium")) == Decimal(100)


@pytest.mark.parametrize(
    "case",
    [
        Case(None, "low"),
        Case("child_in_need", None),
        Case("care_leaver", "low"),  # not priced in this model
        Case("child_in_need", "low", "medium"),  # travel band not priced
    ],
)
def test_a_case_without_weighting_is_none_not_zero(case: Case) -> None:
    assert case_points(model=MODEL, case=case) is None


def test_model_rejects_unknown_keys_and_shares() -> None:
    with pytest.raises(ValueError, match="status_points has unknown keys"):
        WeightingModel(
            full_time_target=Decimal(1),
            full_time_hours=Decimal(37),
            status_points={"cin": Decimal(1)},
            complexity_points={},
            travel_points={},
            court_extra=Decimal(0),
            pre_proceedings_extra=Decimal(0),
        )
    with pytest.raises(ValueError, match="asye_capacity_share must be between 0 and 1"):
        WeightingModel(
            full_time_target=Decimal(1),
            full_time_hours=Decimal(37),
            status_points={},
            complexity_points={},
            travel_points={},
            court_extra=Decimal(0),
            pre_proceedings_extra=Decimal(0),
            asye_capacity_share=Decimal("1.2"),
        )


def test_asye_may_not_hold_child_protection_or_court_work_alone() -> None:
    assert not caseloads.asye_may_hold_alone(model=MODEL, case=Case("child_protection", "low"))
    assert not caseloads.asye_may_hold_alone(
        model=MODEL, case=Case("child_looked_after", "low", court=True)
    )
    assert caseloads.asye_may_hold_alone(model=MODEL, case=Case("child_in_need", "high"))


def test_reduction_status_follows_the_date() -> None:
    reduction = Reduction(
        Decimal("7.4"), "phased_return", dt.date(2025, 1, 6), dt.date(2025, 2, 28)
    )
    assert reduction_status(reduction, today=dt.date(2025, 1, 5)) == "scheduled"
    assert reduction_status(reduction, today=dt.date(2025, 1, 6)) == "active"
    assert reduction_status(reduction, today=dt.date(2025, 2, 28)) == "active"
    assert reduction_status(reduction, today=dt.date(2025, 3, 1)) == "ended"


def test_reduction_default_and_maximum_share() -> None:
    # Practice educator: default 10% of 37 hours = 3.7; at most 20% = 7.4 hours.
    assert caseloads.default_reduction_hours(
        reason="practice_educator", contracted_hours=Decimal(37)
    ) == Decimal("3.7")
    start, end = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
    within = Reduction(Decimal("7.4"), "practice_educator", start, end)
    assert reduction_problems(reduction=within, contracted_hours=Decimal(37)) == []
    over = Reduction(Decimal("7.5"), "practice_educator", start, end)
    assert reduction_problems(reduction=over, contracted_hours=Decimal(37)) == [
        "Practice educator can reduce hours by at most 20% of contracted hours (7.4 hours a week)"
    ]
    backwards = Reduction(Decimal(1), "gardening", end, start)
    assert reduction_problems(reduction=backwards, contracted_hours=Decimal(37)) == [
        "Reason 'gardening' is not one of the authority's reasons",
        "End date must be the same as or after the start date",
    ]


def frames() -> dict[str, pl.DataFrame]:
    """Three workers in two teams:

    - worker 1 (team 10, 37 hours, 7.4 hours of union duties): child 1 (child protection, high,
      far travel, court: 120 + 40 + 10 + 30 = 200) and co-worker on child 2 (child in need,
      low: 80, half of it = 40): 240 points of 1,740.8, load 13.79%. A closed allocation and a
      reduction that has ended do not count.
    - worker 2 (team 10, ASYE, 37 hours, on duty: 200; an earlier duty ended): child 3 has no
      complexity band, so unweighted; 200 points of 1,958.4 (90% of 2,176).
    - worker 3 (team 20, 18.5 hours): child 4 (looked after, medium: 120), child 5 (child in need
      with no case record: unweighted) and child 2 as lead (80): 200 points of 1,088.
    """
    allocations = pl.DataFrame(
        [
            (1, 1, dt.date(2024, 5, 1), None, True),
            (2, 1, dt.date(2024, 5, 1), None, False),
            (2, 3, dt.date(2024, 5, 1), None, True),
            (3, 2, dt.date(2024, 5, 1), dt.date(2025, 1, 15), True),
            (4, 3, dt.date(2025, 1, 15), None, True),
            (5, 3, dt.date(2024, 5, 1), None, True),
            (4, 1, dt.date(2024, 5, 1), dt.date(2025, 1, 14), True),
        ],
        schema=caseloads.ALLOCATION_SCHEMA,
        orient="row",
    )
    cases = pl.DataFrame(
        [
            (1, "child_protection", "high", "far", True, False),
            (2, "child_in_need", "low", None, None, None),
            (3, "child_in_need", None, "near", False, False),
            (4, "child_looked_after", "medium", None, False, False),
        ],
        schema=caseloads.CASE_SCHEMA,
        orient="row",
    )
    workers = pl.DataFrame(
        [(1, 10, 1, 37.0, False), (2, 10, 1, 37.0, True), (3, 20, 1, 18.5, False)],
        schema=caseloads.WORKER_SCHEMA,
        orient="row",
    )
    reductions = pl.DataFrame(
        [
            (1, 7.4, "union_duties", dt.date(2024, 9, 1), dt.date(2025, 3, 31)),
            (3, 5.0, "phased_return", dt.date(2024, 9, 1), dt.date(2025, 1, 14)),
        ],
        schema=caseloads.REDUCTION_SCHEMA,
        orient="row",
    )
    non_case = pl.DataFrame(
        [
            (2, 200.0, dt.date(2025, 1, 1), None),
            (2, 50.0, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ],
        schema=caseloads.NON_CASE_SCHEMA,
        orient="row",
    )
    return {
        "allocations": allocations,
        "cases": cases,
        "workers": workers,
        "reductions": reductions,
        "non_case_points": non_case,
    }


def test_worker_loads_by_hand() -> None:
    loads = worker_loads(model=MODEL, on=ON, **frames())
    rows = {row["worker_id"]: row for row in loads.iter_rows(named=True)}
    assert (rows[1]["cases"], rows[1]["unweighted_cases"]) == (2, 0)
    assert rows[1]["points"] == 240
    assert rows[1]["reduction_hours"] == 7.4
    assert rows[1]["capacity"] == 1740.8
    assert rows[1]["load_percent"] == pytest.approx(240 / 1740.8 * 100)
    assert rows[1]["remaining"] == 1500.8
    assert (rows[2]["cases"], rows[2]["unweighted_cases"]) == (1, 1)
    assert (rows[2]["case_points"], rows[2]["non_case_points"], rows[2]["points"]) == (0, 200, 200)
    assert rows[2]["capacity"] == 1958.4
    assert (rows[3]["cases"], rows[3]["unweighted_cases"], rows[3]["points"]) == (3, 1, 200)
    assert rows[3]["capacity"] == 1088
    assert rows[3]["reduction_hours"] == 0


def test_unweighted_children_are_listed_with_the_reason() -> None:
    data = frames()
    listed = unweighted_children(
        model=MODEL, on=ON, allocations=data["allocations"], cases=data["cases"]
    )
    assert listed.rows() == [
        (3, 2, "No complexity band recorded"),
        (5, 3, "No case record"),
    ]


def test_rollup_by_team_and_authority() -> None:
    loads = (
        worker_loads(model=MODEL, on=ON, **frames())
        .with_columns(
            # Make worker 3 overloaded: 1,200 points of 1,088.
            points=pl.when(pl.col("worker_id") == 3).then(1200.0).otherwise(pl.col("points"))
        )
        .with_columns(load_percent=pl.col("points") / pl.col("capacity") * 100)
    )
    teams = {row["team_id"]: row for row in rollup(loads, by=["team_id"]).iter_rows(named=True)}
    # Team 10: 440 points of 3,699.2 = 11.89%; both at or below 100%.
    assert teams[10]["workers"] == 2
    assert teams[10]["points"] == 440
    assert teams[10]["capacity"] == 3699.2
    assert teams[10]["load_percent"] == pytest.approx(440 / 3699.2 * 100)
    assert teams[10]["share_at_or_below_100"] == 100
    assert teams[20]["share_at_or_below_100"] == 0
    whole = rollup(loads).row(0, named=True)
    # Authority: 1,640 of 4,787.2; 2 of 3 at or below 100%.
    assert whole["points"] == 1640
    assert whole["capacity"] == 4787.2
    assert whole["cases"] == 6
    assert whole["unweighted_cases"] == 2
    assert whole["at_or_below_100"] == 2
    assert whole["share_at_or_below_100"] == pytest.approx(200 / 3)


def test_sustained_overload() -> None:
    weeks = [dt.date(2025, 1, 6) + dt.timedelta(weeks=n) for n in range(6)]
    history = pl.DataFrame(
        {
            "worker_id": [1] * 6 + [2] * 6 + [3] * 5,
            "week": weeks + weeks + weeks[:2] + weeks[3:],
            # 1: four weeks over 110 then recovers; 2: 110 exactly is not over;
            # 3: a missing week breaks the run.
            "load_percent": [
                *(111, 115, 120, 112, 100, 99),
                *(110, 111, 112, 113, 114, 115),
                *(130, 130, 130, 130, 130),
            ],
        },
        schema=caseloads.HISTORY_SCHEMA,
    )
    alerts = sustained_overload(history, threshold=110, weeks=4)
    assert alerts.rows() == [
        (1, weeks[0], weeks[3], 4, 120.0, False),
        (2, weeks[1], weeks[5], 5, 115.0, True),
    ]
    assert sustained_overload(history, threshold=110, weeks=3)["worker_id"].to_list() == [1, 2, 3]


def candidates() -> pl.DataFrame:
    """Worker 1: 1,000 of 2,000; worker 2 (ASYE): 500 of 2,000; worker 3: 1,800 of 2,000;
    worker 4: no capacity."""
    return pl.DataFrame(
        {
            "worker_id": [1, 2, 3, 4],
            "asye": [False, True, False, False],
            "points": [1000.0, 500.0, 1800.0, 0.0],
            "capacity": [2000.0, 2000.0, 2000.0, 0.0],
        }
    )


def test_suggest_keeps_loads_even() -> None:
    # Child in need, medium: 100 points. Worker 2 goes from 25% to 30%.
    board = suggest(model=MODEL, case=Case("child_in_need", "medium"), candidates=candidates())
    assert [(s.worker_id, s.allowed) for s in board] == [
        (2, True),
        (1, True),
        (3, True),
        (4, False),
    ]
    assert board[0].load_before == 25
    assert board[0].load_after == 30
    assert board[0].reason == (
        "Lowest load after allocation of those allowed; load would go from 25.0% to 30.0%"
    )
    assert board[1].reason == "Load would go from 50.0% to 55.0%"
    assert board[3].reason == "Has no capacity"


def test_suggest_respects_asye_rules_unless_co_worked() -> None:
    # Child protection, low: 120 points.
    case = Case("child_protection", "low")
    board = suggest(model=MODEL, case=case, candidates=candidates())
    assert [(s.worker_id, s.allowed) for s in board] == [
        (1, True),
        (3, True),
        (2, False),
        (4, False),
    ]
    assert board[2].reason == (
        "ASYE/NQSW may not hold a child protection case alone; load would go from 25.0% to 31.0%"
    )
    co_worked = suggest(model=MODEL, case=case, candidates=candidates(), co_worked=True)
    assert co_worked[0].worker_id == 2


def test_suggest_keeps_siblings_and_previous_workers_together_where_possible() -> None:
    case = Case("child_in_need", "medium")  # 100 points
    board = suggest(
        model=MODEL, case=case, candidates=candidates(), sibling_workers={1}, previous_workers={2}
    )
    assert [s.worker_id for s in board] == [1, 2, 3, 4]
    assert (
        board[0].reason
        == "Works with the child's brother or sister; load would go from 50.0% to 55.0%"
    )
    assert board[1].reason == "Worked with the child before; load would go from 25.0% to 30.0%"
    # Looked after, high, far travel, court: 100 + 40 + 10 + 30 = 180 points; the sibling's
    # worker 3 goes from 90% to 99%, still at or below 100%, so first.
    case = Case("child_looked_after", "high", "far", court=True)
    board = suggest(model=MODEL, case=case, candidates=candidates(), sibling_workers={3})
    assert (board[0].worker_id, board[0].load_after) == (3, 99)
    # Child protection, low, court: 150 points; the previous worker 3 would go from 90% to 97.5%,
    # over a ceiling of 95%, so even loads come first: worker 1 (57.5%), then worker 3.
    case = Case("child_protection", "low", court=True)
    board = suggest(
        model=MODEL,
        case=case,
        candidates=candidates(),
        previous_workers={3},
        ceiling=Decimal(95),
    )
    assert [s.worker_id for s in board[:2]] == [1, 3]
    assert board[1].reason == (
        "Worked with the child before; load would go from 90.0% to 97.5%, over 95.0%"
    )


def test_suggest_needs_a_weighted_case() -> None:
    with pytest.raises(ValueError, match="no weighting"):
        suggest(model=MODEL, case=Case("child_in_need", None), candidates=candidates())


hours = st.decimals(min_value=0, max_value=60, places=1)


@given(hours, hours)
def test_asye_capacity_never_above_the_share_of_target(
    contracted: Decimal, reduced: Decimal
) -> None:
    room = capacity(model=MODEL, contracted_hours=contracted, reduction_hours=reduced, asye=True)
    assert Decimal(0) <= room <= MODEL.full_time_target * MODEL.asye_capacity_share


@given(
    st.decimals(min_value=0, max_value=10_000, places=2),
    st.decimals(min_value=0, max_value=10_000, places=2),
    st.decimals(min_value="0.01", max_value=5_000, places=2),
)
def test_load_is_monotonic_in_points(one: Decimal, other: Decimal, room: Decimal) -> None:
    low, high = sorted((one, other))
    low_load = load_percent(points=low, capacity=room)
    high_load = load_percent(points=high, capacity=room)
    assert low_load is not None
    assert high_load is not None
    assert low_load <= high_load


@given(hours, hours)
def test_capacity_falls_as_reductions_grow(one: Decimal, other: Decimal) -> None:
    less, more = sorted((one, other))
    assert capacity(
        model=MODEL, contracted_hours=Decimal(37), reduction_hours=more, asye=False
    ) <= capacity(model=MODEL, contracted_hours=Decimal(37), reduction_hours=less, asye=False)


cases_strategy = st.builds(
    Case,
    st.sampled_from([None, *caseloads.CASE_TYPES]),
    st.sampled_from([None, *caseloads.COMPLEXITY_BANDS]),
    st.sampled_from([None, *caseloads.TRAVEL_BANDS]),
    st.booleans(),
    st.booleans(),
)


@given(st.lists(cases_strategy, min_size=1, max_size=20))
def test_worker_loads_agrees_with_case_points(cases: list[Case]) -> None:
    """The vectorised points are the scalar rule's: all of one worker's cases, summed."""
    children = range(1, len(cases) + 1)
    allocations = pl.DataFrame(
        {"child_id": children, "worker_id": 1, "start_date": ON, "end_date": None, "lead": True},
        schema=caseloads.ALLOCATION_SCHEMA,
    )
    case_frame = pl.DataFrame(
        [
            (child, c.status, c.complexity, c.travel, c.court, c.pre_proceedings)
            for child, c in zip(children, cases, strict=True)
        ],
        schema=caseloads.CASE_SCHEMA,
        orient="row",
    )
    data = frames()
    loads = worker_loads(
        model=MODEL,
        on=ON,
        allocations=allocations,
        cases=case_frame,
        workers=data["workers"],
        reductions=data["reductions"].clear(),
        non_case_points=data["non_case_points"].clear(),
    )
    points = [case_points(model=MODEL, case=case) for case in cases]
    row = loads.row(0, named=True)
    assert row["points"] == float(sum(p for p in points if p is not None))
    assert row["unweighted_cases"] == sum(p is None for p in points)


def test_over_capacity_is_a_load_at_or_above_100_percent() -> None:
    from csc_workforce.core.caseloads import over_capacity

    assert [over_capacity(load) for load in (None, Decimal("99.9"), 100, 100.1)] == [
        False,
        False,
        True,
        True,
    ]


def test_suggest_says_why_without_the_loads() -> None:
    # The board's columns show each load; ``why`` is the reason without them.
    board = suggest(model=MODEL, case=Case("child_in_need", "medium"), candidates=candidates())
    assert [s.why for s in board] == [
        "Lowest load after allocation of those allowed",
        "Ranked by their load after allocation",
        "Ranked by their load after allocation",
        "Has no capacity",
    ]
    asye = suggest(model=MODEL, case=Case("child_protection", "low"), candidates=candidates())
    assert asye[2].why == "ASYE/NQSW may not hold a child protection case alone"
    siblings = suggest(
        model=MODEL,
        case=Case("child_in_need", "medium"),
        candidates=candidates(),
        sibling_workers={1},
        previous_workers={2},
    )
    assert [s.why for s in siblings[:2]] == [
        "Works with the child's brother or sister",
        "Worked with the child before",
    ]
    # Child protection, low, court: 150 points; worker 3 from 90% to 97.5%, over a 95% ceiling.
    over = suggest(
        model=MODEL,
        case=Case("child_protection", "low", court=True),
        candidates=candidates(),
        previous_workers={3},
        ceiling=Decimal(95),
    )
    assert over[1].why == "Worked with the child before, but would be over 95.0%"
    assert all("load would go" not in s.why.lower() for s in board + asye + siblings + over)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (dt.date(2025, 3, 31), "Under 1"),  # 0 years on 30 September 2025
        (dt.date(2024, 9, 30), "1 to 4"),  # 1 year exactly
        (dt.date(2020, 10, 1), "1 to 4"),  # 4 years, a day short of 5
        (dt.date(2020, 9, 30), "5 to 9"),  # 5 years exactly
        (dt.date(2015, 10, 1), "5 to 9"),  # 9 years
        (dt.date(2015, 9, 30), "10 to 15"),  # 10 years
        (dt.date(2009, 10, 1), "10 to 15"),  # 15 years
        (dt.date(2009, 9, 30), "16 and over"),  # 16 years
        (dt.date(2005, 1, 1), "16 and over"),  # 20 years: a care leaver
        (None, None),
        (dt.date(2025, 12, 1), None),  # not born yet
    ],
)
def test_age_band_follows_dfe_children_in_need_age_groups(
    born: dt.date | None, band: str | None
) -> None:
    assert age_band(date_of_birth=born, on=dt.date(2025, 9, 30)) == band


@given(born=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 9, 30)))
def test_age_band_is_never_missing_for_a_child_born(born: dt.date) -> None:
    assert age_band(date_of_birth=born, on=dt.date(2025, 9, 30)) in {
        label for _, label in AGE_BANDS
    }
