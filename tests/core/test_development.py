import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import development
from csc_workforce.core.development import (
    ASYE,
    EARLY_CAREER,
    ReviewPoint,
    add_months,
    cohort_figures,
    completion_rate,
    evidence_missing,
    induction_due,
    progress_percent,
    retained_after,
    review_due,
    review_overdue,
)


def test_add_months_keeps_the_day_or_takes_the_month_s_last() -> None:
    assert add_months(dt.date(2025, 9, 1), 3) == dt.date(2025, 12, 1)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)  # leap year
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)), st.integers(0, 120))
def test_add_months_lands_in_the_right_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


def test_the_asye_is_twelve_months_with_reviews_at_3_6_optional_9_and_final_12() -> None:
    assert ASYE.length_months == 12
    assert [(p.month, p.optional, p.final) for p in ASYE.reviews] == [
        (3, False, False),
        (6, False, False),
        (9, True, False),
        (12, False, True),
    ]
    assert set(ASYE.evidence.values()) == {3}
    assert len(ASYE.evidence) == 6
    assert EARLY_CAREER.length_months == 24


def test_an_extension_moves_only_the_final_review() -> None:
    start = dt.date(2025, 9, 15)
    final = ReviewPoint(12, "Final review", final=True)
    middle = ReviewPoint(6, "Six-month review")
    assert review_due(start=start, point=middle, extension_months=3) == dt.date(2026, 3, 15)
    assert review_due(start=start, point=final) == dt.date(2026, 9, 15)
    # 12 + 3 months after 15 September 2025: 15 December 2026
    assert review_due(start=start, point=final, extension_months=3) == dt.date(2026, 12, 15)


def test_a_review_is_overdue_only_after_its_due_day_and_while_not_held() -> None:
    due = dt.date(2025, 12, 1)
    assert not review_overdue(due=due, held=None, today=due)
    assert review_overdue(due=due, held=None, today=dt.date(2025, 12, 2))
    assert not review_overdue(due=due, held=dt.date(2025, 12, 1), today=dt.date(2026, 1, 1))


def test_evidence_missing_is_the_requirement_less_what_is_recorded() -> None:
    required = {"direct_observation": 3, "written_report": 3, "critical_reflection": 3}
    recorded = {"direct_observation": 1, "written_report": 4, "other": 9}
    # 3 - 1 = 2 observations; reports over-met; reflections 3 - 0 = 3
    assert evidence_missing(required=required, recorded=recorded) == {
        "direct_observation": 2,
        "critical_reflection": 3,
    }


def test_progress_is_the_share_of_days_between_start_and_end() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2026, 1, 1)  # 365 days
    # 1 January to 2 July 2025 is 182 days: 182 / 365 = 49.86% -> 50
    assert progress_percent(start=start, end=end, today=dt.date(2025, 7, 2)) == 50
    assert progress_percent(start=start, end=end, today=dt.date(2024, 12, 1)) == 0
    assert progress_percent(start=start, end=end, today=dt.date(2027, 1, 1)) == 100


def test_completion_rate_counts_only_those_whose_programme_ended() -> None:
    # 9 passed, 1 failed, 2 left: 9 / 12 = 75.0%
    assert completion_rate(passed=9, decided=12) == Decimal("75.0")
    # 2 / 3 = 66.666…% -> 66.7
    assert completion_rate(passed=2, decided=3) == Decimal("66.7")
    assert completion_rate(passed=0, decided=0) is None


def test_retention_after_completion_asks_whether_employment_reached_the_anniversary() -> None:
    done = dt.date(2022, 9, 1)
    today = dt.date(2025, 9, 30)
    assert retained_after(completed_on=done, left_on=None, years=3, today=today) is True
    assert (
        retained_after(completed_on=done, left_on=dt.date(2023, 8, 31), years=1, today=today)
        is False
    )
    assert (
        retained_after(completed_on=done, left_on=dt.date(2023, 9, 1), years=1, today=today) is True
    )
    # the fourth anniversary has not come
    assert retained_after(completed_on=done, left_on=None, years=4, today=today) is None


def test_cohort_figures_count_outcomes_overdue_reviews_and_retention() -> None:
    today = dt.date(2025, 9, 30)
    enrolments = pl.DataFrame(
        {
            "enrolment_id": [1, 2, 3, 4, 5],
            "cohort_id": [7, 7, 7, 7, 8],
            "outcome": ["pass", "pass", "left", "", ""],
            "completed_on": [dt.date(2023, 9, 1), dt.date(2023, 9, 1), None, None, None],
            "left_on": [None, dt.date(2025, 1, 31), dt.date(2023, 3, 1), None, None],
        },
        schema=development.ENROLMENT_SCHEMA,
    )
    reviews = pl.DataFrame(
        {
            "enrolment_id": [3, 4, 4, 5],
            "due": [
                dt.date(2023, 6, 1),
                dt.date(2025, 9, 1),
                dt.date(2025, 12, 1),
                dt.date(2025, 9, 29),
            ],
            "held": [None, None, None, dt.date(2025, 9, 29)],
            "optional": [False, False, False, False],
        },
        schema=development.REVIEW_SCHEMA,
    )
    first, second = cohort_figures(enrolments, reviews, today=today)
    assert (first.cohort_id, first.workers, first.in_progress) == (7, 4, 1)
    assert (first.passed, first.failed, first.left) == (2, 0, 1)
    # only worker 4's review due on 1 September is overdue; worker 3 has left
    assert first.reviews_overdue == 1
    # 2 passed of 3 whose programme ended: 66.7%
    assert first.completion_rate == Decimal("66.7")
    # both completed 1 September 2023: both employed on 1 September 2024, one (left January
    # 2025) not on 1 September 2025; the third anniversary (2026) has not come
    assert first.retention == {1: (2, 2), 2: (1, 2), 3: (0, 0)}
    assert (second.cohort_id, second.reviews_overdue, second.completion_rate) == (8, 0, None)


def test_an_induction_item_due_on_day_1_is_due_on_the_first_day() -> None:
    assert induction_due(start=dt.date(2025, 9, 1), due_day=1) == dt.date(2025, 9, 1)
    assert induction_due(start=dt.date(2025, 9, 1), due_day=30) == dt.date(2025, 9, 30)
    assert development.completion_percent(done=2, total=3) == 67
    assert development.completion_percent(done=0, total=0) is None


def test_ethnic_groups_follow_the_first_letter_of_the_code() -> None:
    assert development.ethnic_group("WBRI") == "White"
    assert development.ethnic_group("MWBA") == "Mixed or multiple ethnic groups"
    assert development.ethnic_group("APKN") == "Asian or Asian British"
    assert development.ethnic_group("BCRB") == "Black, Black British, Caribbean or African"
    assert development.ethnic_group("CHNE") == "Other ethnic group"
    assert development.ethnic_group("REFU") == "Not known"
    assert development.ethnic_group("") == "Not known"


def test_the_reporting_year_ends_on_30_september() -> None:
    assert development.reporting_year_of(dt.date(2024, 9, 30)) == 2024
    assert development.reporting_year_of(dt.date(2024, 10, 1)) == 2025


def test_progression_counts_suppress_each_year_as_one_table() -> None:
    rows = [(2024, "Frontline", "Female", "White")] * 6 + [(2025, "Frontline", "Male", "White")]
    first, second = development.progression_counts(rows)
    assert (first.year, first.total, first.hidden) == (2024, 6, frozenset())
    assert first.breakdowns["sex"] == {"Female": 6}
    # one progression in 2025: the total and every group hide it
    assert ("total", "") in second.hidden
    assert ("sex", "Male") in second.hidden
    assert development.conversion_rate(joined=2, finished=3) == Decimal("66.7")
    assert development.conversion_rate(joined=0, finished=0) is None


def test_a_checklist_is_read_one_item_a_line() -> None:
    items, problems = development.parse_checklist("1 | line_manager | Welcome\n\n30 | hr | DBS\n")
    assert problems == []
    assert [(i.due_day, i.owner, i.text) for i in items] == [
        (1, "line_manager", "Welcome"),
        (30, "hr", "DBS"),
    ]
    items, problems = development.parse_checklist("Welcome\n400 | hr | DBS")
    assert items == []
    assert problems[0].startswith("Line 1: write the day")
    assert problems[1] == "Line 2: the day must be a whole number from 1 to 365"
    text = development.checklist_text([{"due_day": 1, "owner": "hr", "text": "DBS"}])
    assert development.parse_checklist(text)[0][0].text == "DBS"


@given(
    st.dictionaries(st.sampled_from(list(development.EVIDENCE_KINDS)), st.integers(0, 10)),
    st.dictionaries(st.sampled_from(list(development.EVIDENCE_KINDS)), st.integers(0, 10)),
)
def test_recorded_plus_missing_meets_the_requirement(
    required: dict[str, int], recorded: dict[str, int]
) -> None:
    missing = evidence_missing(required=required, recorded=recorded)
    for kind, need in required.items():
        assert recorded.get(kind, 0) + missing.get(kind, 0) >= need
        assert missing.get(kind, 0) == max(need - recorded.get(kind, 0), 0)
    assert all(n > 0 for n in missing.values())
