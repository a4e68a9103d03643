"""Quarters of the financial year, case references and the counts per quarter of the log of
complaints, compliments and feedback."""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.practice_feedback import (
    case_reference_problem,
    counts_chart,
    counts_rows,
    financial_year,
    quarter_label,
    quarter_short,
    quarter_start,
    quarterly_counts,
    quarters,
)

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


def test_quarters_are_those_of_the_financial_year() -> None:
    assert quarter_start(dt.date(2025, 6, 30)) == dt.date(2025, 4, 1)
    assert quarter_start(dt.date(2026, 3, 31)) == dt.date(2026, 1, 1)
    assert quarter_label(dt.date(2025, 10, 1)) == "October to December 2025"
    assert quarter_short(dt.date(2025, 4, 1)) == "Q1 2025-26"
    assert quarter_short(dt.date(2026, 1, 1)) == "Q4 2025-26"
    assert financial_year(dt.date(2099, 4, 1)) == "2099-00"
    assert quarters(dt.date(2025, 3, 31), dt.date(2025, 7, 1)) == [
        dt.date(2025, 1, 1),
        dt.date(2025, 4, 1),
        dt.date(2025, 7, 1),
    ]


@given(DAYS)
def test_every_day_is_in_the_quarter_that_starts_on_its_quarter_start(day: dt.date) -> None:
    start = quarter_start(day)
    assert start <= day
    assert (day - start).days < 92
    assert start.day == 1
    assert start.month in (1, 4, 7, 10)


@given(DAYS, DAYS)
def test_quarters_between_two_days_follow_each_other(a: dt.date, b: dt.date) -> None:
    first, last = min(a, b), max(a, b)
    found = quarters(first, last)
    assert found[0] == quarter_start(first)
    assert found[-1] == quarter_start(last)
    for before, after in itertools.pairwise(found):
        assert quarter_start(before + dt.timedelta(days=92)) == after


def test_a_case_reference_is_never_a_name() -> None:
    assert case_reference_problem("") is None
    assert case_reference_problem("NF0012345") is None
    assert case_reference_problem("CMS/2025-001") is None
    assert "never the child's name" in str(case_reference_problem("Jane Smith"))
    assert "up to 40" in str(case_reference_problem("A" * 41))
    assert "up to 40" in str(case_reference_problem("=cmd|x"))


def test_counts_per_quarter_by_kind_outcome_and_theme() -> None:
    """Five entries from 1 April to 30 September 2025: in Q1 a complaint (upheld, about delay)
    and a compliment; in Q2 two complaints about delay (one upheld, one not) and feedback with
    two themes. A complaint on 31 March falls outside the period."""
    entries = pl.DataFrame(
        [
            (dt.date(2025, 4, 1), "Complaint", "Upheld", ["Delay or missed visits"]),
            (dt.date(2025, 6, 30), "Compliment", "", ["Being listened to and involved in plans"]),
            (dt.date(2025, 7, 1), "Complaint", "Upheld", ["Delay or missed visits"]),
            (dt.date(2025, 9, 30), "Complaint", "Not upheld", ["Delay or missed visits"]),
            (dt.date(2025, 8, 1), "Feedback", "", ["Change of social worker", "Other"]),
            (dt.date(2025, 3, 31), "Complaint", "Upheld", ["Other"]),
        ],
        schema={
            "received_on": pl.Date,
            "kind": pl.String,
            "outcome": pl.String,
            "themes": pl.List(pl.String),
        },
        orient="row",
    )
    counts = quarterly_counts(
        entries,
        first=dt.date(2025, 4, 1),
        last=dt.date(2025, 9, 30),
        kinds=["Complaint", "Compliment", "Feedback"],
        complaint="Complaint",
        outcomes=["Upheld", "Not upheld"],
    )
    assert counts.quarters == ["April to June 2025", "July to September 2025"]
    assert counts.by_kind == [("Complaint", [1, 2]), ("Compliment", [1, 0]), ("Feedback", [0, 1])]
    assert counts.outcomes == [("Upheld", [1, 1]), ("Not upheld", [0, 1])]
    assert counts.themes == [
        ("Complaint", [("Delay or missed visits", [1, 2])]),  # 1 in Q1; 1 + 1 in Q2
        ("Compliment", [("Being listened to and involved in plans", [1, 0])]),
        ("Feedback", [("Change of social worker", [0, 1]), ("Other", [0, 1])]),
    ]
    header, rows = counts_rows(counts)
    assert header == ["Count", "Group", "April to June 2025", "July to September 2025"]
    assert rows[0] == ["Entries", "Complaint", 1, 2]
    assert ["Feedback by theme", "Other", 0, 1] in rows
    chart = counts_chart(counts)
    assert "<svg" in chart
    assert ">Q1 2025-26</text>" in chart
    assert "Complaint: April to June 2025 1, July to September 2025 2" in chart


def test_an_empty_period_draws_no_chart() -> None:
    empty = pl.DataFrame(
        schema={
            "received_on": pl.Date,
            "kind": pl.String,
            "outcome": pl.String,
            "themes": pl.List(pl.String),
        }
    )
    counts = quarterly_counts(
        empty,
        first=dt.date(2025, 4, 1),
        last=dt.date(2025, 6, 30),
        kinds=["Complaint"],
        complaint="Complaint",
        outcomes=["Upheld"],
    )
    assert counts.empty
    assert counts.by_kind == [("Complaint", [0])]
    assert counts_chart(counts) == ""
