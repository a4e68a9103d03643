"""Mandatory training, course evaluation, the training needs analysis and protected time,
each expected value worked out by hand."""

import datetime as dt

import polars as pl

from csc_workforce.core import training
from csc_workforce.core.training import (
    course_evaluation,
    mandatory_rollup,
    mandatory_training,
    protected_time_share,
    training_needs,
    valid_until,
)

D = dt.date
ON = D(2025, 9, 30)

WORKERS = pl.DataFrame(
    [(1, 10, "social_worker"), (2, 10, "asye"), (3, 20, "team_manager")],
    schema=training.WORKER_SCHEMA,
    orient="row",
)
COURSES = pl.DataFrame(
    [
        (100, ["social_worker", "asye"], 36),  # safeguarding, every 3 years
        (200, ["team_manager"], None),  # supervision skills, once
        (300, [], None),  # optional
    ],
    schema=training.COURSE_SCHEMA,
    orient="row",
)
ATTENDANCE = pl.DataFrame(
    [
        (1, 100, D(2022, 9, 30), 5, 4),  # lapses 29 Sep 2025: not current on 30 Sep
        (2, 100, D(2025, 6, 1), 4, None),  # current; follow-up due (3 months before: 30 Jun)
        (3, 200, D(2019, 3, 1), 3, 3),  # once is enough
        (1, 300, D(2025, 9, 1), None, None),  # optional, no follow-up due yet
        (3, 100, D(2025, 10, 1), 5, None),  # after the day: not counted for compliance
    ],
    schema=training.ATTENDANCE_SCHEMA,
    orient="row",
)


def test_a_completion_lasts_its_renewal_period() -> None:
    assert valid_until(D(2022, 9, 30), 36) == D(2025, 9, 29)
    assert valid_until(D(2022, 9, 30), None) is None


def test_mandatory_training_per_worker_and_team() -> None:
    found = mandatory_training(workers=WORKERS, courses=COURSES, attendance=ATTENDANCE, on=ON)
    # Worker 1 needs 100 (lapsed 29 Sep 2025); worker 2 needs 100 (current); worker 3 needs
    # 200 (current, no renewal).
    assert found.select("worker_id", "course_id", "current").rows() == [
        (1, 100, False),
        (2, 100, True),
        (3, 200, True),
    ]
    # Team 10: 1 of 2 = 50.0%; team 20: 1 of 1 = 100.0%.
    assert mandatory_rollup(found).rows() == [(10, 2, 1, 50.0), (20, 1, 1, 100.0)]


def test_course_evaluation_straight_after_and_at_three_months() -> None:
    found = course_evaluation(ATTENDANCE, on=ON)
    # Course 100: 3 attended; feedback 5, 4, 5 (mean 4.7); follow-ups due for 2022 and
    # June 2025 (on or before 30 June 2025): 2; given: 1 (4).
    # Course 200: 1 attended, feedback 3, follow-up due and given (3).
    # Course 300: 1 attended, no feedback, follow-up not yet due.
    assert found.rows() == [
        (100, 3, 3, 4.7, 2, 1, 4.0),
        (200, 1, 1, 3.0, 1, 1, 3.0),
        (300, 1, 0, None, 0, 0, None),
    ]


def test_training_needs_count_plans_naming_each_theme() -> None:
    plans = [["Court skills", "Neglect"], ["court skills ", "Court Skills"], ["Neglect"], []]
    assert training_needs(plans) == [("Court skills", 2), ("Neglect", 2)]


def test_protected_time_as_a_share_of_contracted_hours() -> None:
    # 3.7 hours of 37: 10.0%; 2 of 22.2: 9.0%.
    assert protected_time_share(hours_per_week=3.7, contracted_hours=37) == 10.0
    assert protected_time_share(hours_per_week=2, contracted_hours=22.2) == 9.0
    assert protected_time_share(hours_per_week=2, contracted_hours=0) is None


def test_protected_time_met_by_day_and_team_by_hand() -> None:
    # 30 September 2025: w1 (team 1, full time, 37 hours) has 3.7 hours = 10.0%: meets 10%.
    # w2 (team 1, half time, 18.5 hours) has 1.0 + 0.8 = 1.8 hours = 9.7%: does not.
    # w3 (team 2) has none recorded: does not. w5 (no team, no contracted hours): no share,
    # does not. w4's reduction is not counted: w4 is not newly qualified.
    # 30 September 2024: w1 (then in team 2) has 4.0 hours = 10.8%: meets.
    d1, d2 = dt.date(2025, 9, 30), dt.date(2024, 9, 30)
    newly_qualified = pl.DataFrame(
        [(d1, 1, 1, 37.0), (d1, 2, 1, 18.5), (d1, 3, 2, 37.0), (d1, 5, None, 0.0),
         (d2, 1, 2, 37.0)],
        schema=training.NEWLY_QUALIFIED_SCHEMA, orient="row",
    )  # fmt: skip
    protected = pl.DataFrame(
        [(d1, 1, 3.7), (d1, 2, 1.0), (d1, 2, 0.8), (d1, 4, 7.4), (d2, 1, 4.0)],
        schema=training.PROTECTED_SCHEMA,
        orient="row",
    )
    found = training.protected_time_met(
        newly_qualified=newly_qualified, protected=protected, standard=10.0
    )
    assert found.rows() == [
        (d2, 2, 1, 1),
        (d1, 1, 2, 1),
        (d1, 2, 1, 0),
        (d1, None, 1, 0),
    ]
    assert found.columns == ["day", "team_id", "newly_qualified", "met"]


def test_protected_time_met_share() -> None:
    assert training.protected_time_met_share(met=1, newly_qualified=4) == 25
    assert training.protected_time_met_share(met=0, newly_qualified=3) == 0
    assert training.protected_time_met_share(met=0, newly_qualified=0) is None
