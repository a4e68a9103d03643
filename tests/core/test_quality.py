"""Quality assurance: the audit sample, auditors, deadlines and results, each expected value
worked out by hand in the test."""

import datetime as dt
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core import quality
from csc_workforce.core.quality import (
    GRADE_LABELS,
    GRADES,
    Assignment,
    Targets,
    answer_distribution,
    assign_auditors,
    audit_periods,
    deadline,
    good_or_better,
    overdue,
    recurring_themes,
    results,
    sample_cases,
    stratum_quotas,
)

ON = dt.date(2025, 7, 1)
CIN, CP, CLA = "child_in_need", "child_protection", "child_looked_after"


def cases_frame(rows: Sequence[tuple[int, int, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=quality.CASE_SCHEMA, orient="row")


# Team 1: cases 1-6 CIN, 7-9 CP, 10 CLA. Team 2: case 11 CIN, 12 CP.
CASES = cases_frame(
    [(case_id, 1, CIN) for case_id in range(1, 7)]
    + [(case_id, 1, CP) for case_id in range(7, 10)]
    + [(10, 1, CLA), (11, 2, CIN), (12, 2, CP)]
)
NONE_AUDITED = pl.DataFrame(schema=quality.AUDITED_SCHEMA)


def per_status(sample: pl.DataFrame, team_id: int) -> dict[str, int]:
    team = sample.filter(pl.col("team_id") == team_id)
    return dict(team.group_by("status").len().iter_rows())


# --- Grades --------------------------------------------------------------------------------


def test_grades_and_labels() -> None:
    assert GRADES == ("outstanding", "good", "requires_improvement", "inadequate")
    assert [GRADE_LABELS[grade] for grade in GRADES] == [
        "Outstanding",
        "Good",
        "Requires improvement to be good",
        "Inadequate",
    ]
    assert [good_or_better(grade) for grade in GRADES] == [True, True, False, False]
    with pytest.raises(ValueError, match="unknown grade"):
        good_or_better("excellent")


# --- Stratified quotas ---------------------------------------------------------------------


def test_quotas_the_issue_example() -> None:
    # 6 CIN, 3 CP, 1 CLA, quota 5, 10 cases. Exact shares: CIN 5 x 6/10 = 3.0, CP 5 x 3/10 =
    # 1.5, CLA 5 x 1/10 = 0.5. CLA's share is below 1, so CLA gets 1 and is set aside. Then 4
    # places over 9 cases: CIN 4 x 6/9 = 2.67, CP 4 x 3/9 = 1.33; whole parts 2 + 1 = 3, the
    # fourth place to the larger remainder, CIN (0.67 > 0.33): 3 CIN, 1 CP, 1 CLA.
    assert stratum_quotas(counts={CIN: 6, CP: 3, CLA: 1}, quota=5) == {CIN: 3, CP: 1, CLA: 1}


def test_quotas_set_aside_repeats() -> None:
    # A 12, B 5, C 1, quota 4, 18 cases: A 48/18 = 2.67, B 20/18 = 1.11, C 4/18 = 0.22 -> C gets
    # 1. Then 3 places over 17: A 36/17 = 2.12, B 15/17 = 0.88 -> B gets 1. Then 2 over 12: A 2.
    # (Plain largest remainder would give A 3, B 1, C 0.)
    assert stratum_quotas(counts={"A": 12, "B": 5, "C": 1}, quota=4) == {"A": 2, "B": 1, "C": 1}


def test_quotas_smaller_than_the_statuses() -> None:
    # Quota 2 < 3 statuses, so no minimum: CIN 2 x 6/10 = 1.2, CP 0.6, CLA 0.2; whole parts
    # 1, 0, 0; the second place to the largest remainder, CP (0.6).
    assert stratum_quotas(counts={CIN: 6, CP: 3, CLA: 1}, quota=2) == {CIN: 1, CP: 1, CLA: 0}


def test_quotas_ties_go_to_the_larger_status_then_alphabetical() -> None:
    # 4 x 3/7 = 1.714 and 4 x 3/7 for A and B, 4 x 1/7 = 0.571 for C -> C gets 1; then 3 over 6:
    # A 1.5, B 1.5, both with 3 cases: the last place to A, alphabetically first.
    assert stratum_quotas(counts={"B": 3, "A": 3, "C": 1}, quota=4) == {"A": 2, "B": 1, "C": 1}
    # Quota 1 < 2 statuses, X 1 and Y 2 cases: 1 x 1/3 = 0.33 and 1 x 2/3 = 0.67 -> Y.
    assert stratum_quotas(counts={"X": 1, "Y": 2}, quota=1) == {"X": 0, "Y": 1}
    # Equal remainders 0.5 and 0.5 (1 place, 1 case each): alphabetical, X.
    assert stratum_quotas(counts={"Y": 1, "X": 1}, quota=1) == {"X": 1, "Y": 0}


def test_quotas_fewer_cases_than_the_quota() -> None:
    assert stratum_quotas(counts={CIN: 2, CP: 1}, quota=5) == {CIN: 2, CP: 1}
    assert stratum_quotas(counts={}, quota=5) == {}
    assert stratum_quotas(counts={CIN: 2}, quota=0) == {CIN: 0}
    with pytest.raises(ValueError, match="0 or more"):
        stratum_quotas(counts={CIN: 2}, quota=-1)


@given(
    counts=st.dictionaries(st.sampled_from("ABCDEF"), st.integers(0, 30), max_size=6),
    quota=st.integers(0, 40),
)
def test_quotas_add_up(counts: dict[str | None, int], quota: int) -> None:
    given_places = stratum_quotas(counts=counts, quota=quota)
    cases = sum(counts.values())
    assert sum(given_places.values()) == min(quota, cases)
    assert all(0 <= given_places[status] <= counts[status] for status in counts)
    present = [status for status, count in counts.items() if count]
    if min(quota, cases) >= len(present):
        assert all(given_places[status] >= 1 for status in present)


# --- Sampling ------------------------------------------------------------------------------


def test_sample_stratified_by_status_within_each_team() -> None:
    sample = sample_cases(cases=CASES, recently_audited=NONE_AUDITED, on=ON, per_team=5, seed=7)
    assert sample.columns == ["case_id", "team_id", "status"]
    assert per_status(sample, 1) == {CIN: 3, CP: 1, CLA: 1}
    # Team 2 has 2 cases, fewer than the quota: both.
    assert sample.filter(pl.col("team_id") == 2)["case_id"].to_list() == [11, 12]
    joined = sample.join(CASES, on="case_id", suffix="_listed")
    assert (joined["team_id"] == joined["team_id_listed"]).all()
    assert (joined["status"] == joined["status_listed"]).all()
    assert sample["case_id"].is_sorted()


def test_sample_skips_cases_audited_recently() -> None:
    # 180 days before 1 July 2025 is 2 January 2025: an audit then or later skips the case.
    audited = pl.DataFrame(
        [
            (10, dt.date(2025, 3, 23)),  # 100 days before: skipped
            (7, dt.date(2024, 12, 13)),  # 200 days before: eligible
            (8, dt.date(2025, 1, 2)),  # exactly 180 days: skipped
            (9, dt.date(2025, 1, 1)),  # 181 days: eligible
            (11, dt.date(2025, 7, 20)),  # dated after the day: skipped
        ],
        schema=quality.AUDITED_SCHEMA,
        orient="row",
    )
    sample = sample_cases(cases=CASES, recently_audited=audited, on=ON, per_team=5, seed=7)
    # Team 1 eligible: 6 CIN (1-6), 2 CP (7, 9), no CLA; 8 cases, quota 5: CIN 5 x 6/8 = 3.75,
    # CP 5 x 2/8 = 1.25; whole parts 3 + 1, last place to CIN (0.75): 4 CIN, 1 CP.
    assert per_status(sample, 1) == {CIN: 4, CP: 1}
    assert not set(sample["case_id"]) & {8, 10, 11}
    assert sample.filter(pl.col("team_id") == 2)["case_id"].to_list() == [12]
    # With a set of case ids, each is skipped whatever the date.
    skipped = sample_cases(cases=CASES, recently_audited={1, 2, 3, 4, 5}, on=ON, per_team=5, seed=7)
    # Team 1 is left with 6, 7, 8, 9 and 10: five cases for five places.
    assert skipped.filter(pl.col("team_id") == 1)["case_id"].to_list() == [6, 7, 8, 9, 10]


def test_sample_is_deterministic() -> None:
    def draw(frame: pl.DataFrame, seed: int = 7) -> list[int]:
        return sample_cases(
            cases=frame, recently_audited=NONE_AUDITED, on=ON, per_team=3, seed=seed
        )["case_id"].to_list()

    first = draw(CASES)
    assert draw(CASES) == first
    # Row order does not matter, nor do other teams' cases.
    assert draw(CASES.sample(fraction=1.0, shuffle=True, seed=3)) == first
    extra_team = pl.concat([CASES, cases_frame([(99, 3, CIN), (98, 3, CP)])])
    assert [case for case in draw(extra_team) if case < 98] == first
    # Another seed gives a different draw for some seed.
    assert any(draw(CASES, seed) != first for seed in range(8, 20))


def test_sample_edge_cases() -> None:
    duplicated = pl.concat([CASES, cases_frame([(1, 2, CP)])])
    sample = sample_cases(cases=duplicated, recently_audited=set(), on=ON, per_team=20, seed=1)
    assert sample.height == 12  # every case once; case 1 stays in team 1
    assert sample.filter(pl.col("case_id") == 1)["team_id"].to_list() == [1]
    none = sample_cases(cases=CASES, recently_audited=set(), on=ON, per_team=0, seed=1)
    assert none.is_empty()
    assert none.schema == pl.Schema(quality.CASE_SCHEMA)
    with pytest.raises(ValueError, match="per_team"):
        sample_cases(cases=CASES, recently_audited=set(), on=ON, per_team=-1, seed=1)


case_rows = st.lists(
    st.tuples(st.integers(1, 60), st.integers(1, 4), st.sampled_from([CIN, CP, CLA, None])),
    max_size=80,
)
audit_rows = st.lists(
    st.tuples(st.integers(1, 60), st.integers(-400, 30).map(lambda d: ON + dt.timedelta(d))),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(rows=case_rows, audits=audit_rows, per_team=st.integers(0, 8), seed=st.integers(0, 99))
def test_sample_properties(
    rows: list[tuple[int, int, str | None]],
    audits: list[tuple[int, dt.date]],
    per_team: int,
    seed: int,
) -> None:
    frame = cases_frame(rows)
    audited = pl.DataFrame(audits, schema=quality.AUDITED_SCHEMA, orient="row")
    sample = sample_cases(
        cases=frame, recently_audited=audited, on=ON, per_team=per_team, seed=seed
    )
    chosen = sample["case_id"].to_list()
    assert len(chosen) == len(set(chosen))
    since = ON - dt.timedelta(days=180)
    recent = {case_id for case_id, day in audits if day >= since}
    first_row: dict[int, tuple[int, str | None]] = {}
    for case_id, team_id, status in rows:
        first_row.setdefault(case_id, (team_id, status))
    eligible = {case_id: row for case_id, row in first_row.items() if case_id not in recent}
    for case_id, team_id, status in sample.iter_rows():
        assert eligible[case_id] == (team_id, status)
    for team_id in {team for team, _ in eligible.values()}:
        available = sum(1 for team, _ in eligible.values() if team == team_id)
        taken = sample.filter(pl.col("team_id") == team_id).height
        assert taken == min(per_team, available)


# --- Auditors ------------------------------------------------------------------------------


SAMPLE = cases_frame([(1, 1, CIN), (2, 1, CIN), (3, 1, CP), (4, 2, CIN), (5, 2, CLA)])


def test_auditors_round_robin_never_own_team() -> None:
    # Auditor 100 manages team 1, 200 team 2, 300 (the PSW) none.
    # Case 1 (team 1): 200 or 300, both 0 audits -> 200 (listed first).
    # Case 2 (team 1): 200 has 1, 300 has 0 -> 300.
    # Case 3 (team 1): both 1; 200 was given one longer ago -> 200.
    # Case 4 (team 2): 100 has 0, 300 has 1 -> 100.
    # Case 5 (team 2): both 1; 300 longer ago (case 2) than 100 (case 4) -> 300.
    assigned = assign_auditors(sample=SAMPLE, auditors=[(100, 1), (200, 2), (300, None)])
    assert assigned == [(1, 200), (2, 300), (3, 200), (4, 100), (5, 300)]
    assert assigned[0] == Assignment(case_id=1, auditor_id=200)


def test_auditors_own_team_only_when_unavoidable() -> None:
    assigned = assign_auditors(sample=SAMPLE, auditors=[(100, 1), (101, 1)])
    # Team 1's cases: only team 1's managers exist, so they share them: 100, 101, 100.
    # Team 2's cases: 100 has 2, 101 has 1 -> 101; then 2 each, 101 more recent -> 100.
    assert assigned == [(1, 100), (2, 101), (3, 100), (4, 101), (5, 100)]


def test_auditors_balance_with_open_audits() -> None:
    # 300 already has 3 audits to do: 200 takes team 1's cases until level (200: 1, 2, 3 ...).
    assigned = assign_auditors(
        sample=SAMPLE, auditors=[(200, 2), (300, None)], open_audits={300: 3}
    )
    # Cases 1-3 (team 1): 200 has 0, 1, 2 < 3 -> 200 each time. Cases 4-5 (team 2): only 300.
    assert assigned == [(1, 200), (2, 200), (3, 200), (4, 300), (5, 300)]
    with pytest.raises(ValueError, match="no auditors"):
        assign_auditors(sample=SAMPLE, auditors=[])
    assert assign_auditors(sample=SAMPLE.clear(), auditors=[]) == []


# --- Deadlines and chasing -----------------------------------------------------------------


def test_deadline_over_bank_holidays() -> None:
    # Thursday 10 April 2025 + 10 working days: 11, 14, 15, 16, 17 April (5), Good Friday 18 and
    # Easter Monday 21 April closed, 22, 23, 24, 25 (9), Monday 28 April (10).
    assert deadline(assigned_on=dt.date(2025, 4, 10)) == dt.date(2025, 4, 28)
    # Friday 19 December 2025: 22, 23, 24 (3), 25 and 26 closed, 29, 30, 31 (6), 1 January
    # closed, 2 (7), 5, 6, 7 January 2026 (10).
    assert deadline(assigned_on=dt.date(2025, 12, 19)) == dt.date(2026, 1, 7)
    assert deadline(assigned_on=dt.date(2025, 4, 10), working_days=1) == dt.date(2025, 4, 11)


def test_overdue_audits() -> None:
    today = dt.date(2025, 5, 7)  # a Wednesday; Monday 5 May 2025 is a bank holiday
    audits = pl.DataFrame(
        [
            (1, dt.date(2025, 4, 30), None, 10),
            (2, dt.date(2025, 5, 7), None, 10),  # due today: not yet overdue
            (3, dt.date(2025, 5, 2), dt.date(2025, 5, 6), 11),  # submitted late: nothing to chase
            (4, dt.date(2025, 5, 6), None, 11),
            (5, dt.date(2025, 4, 1), dt.date(2025, 5, 9), 12),  # submitted after today
        ],
        schema={**quality.TRACKING_SCHEMA, "auditor_id": pl.Int64},
        orient="row",
    )
    found = overdue(audits=audits, today=today)
    # Audit 5: 1 April to 7 May = 29 + 7 = 36 days. Working days 2 April to 7 May: 2-4 (3),
    # 7-11 (5), 14-17 (4; 18 Good Friday), 22-25 (4; 21 Easter Monday), 28-30 (3), 1-2 May (2),
    # 6-7 May (2; 5 May closed) = 23.
    # Audit 1: 30 April to 7 May = 7 days; 1, 2, 6, 7 May = 4 working days.
    # Audit 4: 6 to 7 May = 1 day, 1 working day.
    assert found.select(
        "audit_id", "days_overdue", "working_days_overdue", "auditor_id"
    ).rows() == [
        (5, 36, 23, 12),
        (1, 7, 4, 10),
        (4, 1, 1, 11),
    ]
    assert overdue(audits=audits.clear(), today=today).is_empty()


# --- Results -------------------------------------------------------------------------------

JAN, FEB = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
O, G, RI, I = "outstanding", "good", "requires_improvement", "inadequate"  # noqa: E741
AUDITS = pl.DataFrame(
    [
        (1, JAN, 1, "neglect", O),
        (2, JAN, 1, "neglect", G),
        (3, JAN, 1, "neglect", G),
        (4, JAN, 1, "neglect", RI),
        (5, JAN, 2, None, I),
        (6, FEB, 1, None, G),
        (7, FEB, 1, None, G),
        (8, FEB, 2, "exploitation", RI),
        (9, FEB, 2, "exploitation", G),
        (10, FEB, 2, "exploitation", O),
    ],
    schema=quality.RESULT_SCHEMA,
    orient="row",
)


def test_results_overall_against_targets() -> None:
    found = results(audits=AUDITS, targets=Targets(good_or_better=80, inadequate_at_most=5))
    # 2 outstanding, 5 good, 2 requires improvement, 1 inadequate of 10: good or better 7/10 =
    # 70% (below 80%), inadequate 1/10 = 10% (above 5%).
    assert found.audits == 10
    assert found.overall.select(GRADES).row(0) == (2, 5, 2, 1)
    assert found.overall["good_share"].item() == pytest.approx(50.0)
    assert found.good_or_better_share == pytest.approx(70.0)
    assert found.inadequate_share == pytest.approx(10.0)
    assert found.meets_good_or_better is False
    assert found.meets_inadequate is False
    # Targets met exactly count as met.
    level = results(audits=AUDITS, targets=Targets(good_or_better=70, inadequate_at_most=10))
    assert level.meets_good_or_better is True
    assert level.meets_inadequate is True


def test_results_by_month_team_and_theme() -> None:
    found = results(audits=AUDITS, targets=Targets())
    columns = ["total", *GRADES, "good_or_better_share", "inadequate_share"]
    # January: O, G, G, RI, I -> 3/5 = 60% good or better, 1/5 = 20% inadequate.
    # February: G, G, RI, G, O -> 4/5 = 80% (meets 80%), none inadequate.
    by_month = found.by_month
    assert by_month["month"].to_list() == [JAN, FEB]
    assert by_month.select(columns).rows() == [
        (5, 1, 2, 1, 1, 60.0, 20.0),
        (5, 1, 3, 1, 0, 80.0, 0.0),
    ]
    assert by_month["meets_good_or_better"].to_list() == [False, True]
    assert by_month["meets_inadequate"].to_list() == [False, True]
    # Team 1: O, G, G, RI, G, G -> 5/6 = 83.33%. Team 2: I, RI, G, O -> 2/4 = 50%, 1/4 = 25%.
    by_team = found.by_team
    assert by_team["team_id"].to_list() == [1, 2]
    assert by_team.select("total", *GRADES).rows() == [(6, 1, 4, 1, 0), (4, 1, 1, 1, 1)]
    assert by_team["good_or_better_share"].to_list() == pytest.approx([500 / 6, 50.0])
    assert by_team["inadequate_share"].to_list() == [0.0, 25.0]
    # Themed audits only: exploitation RI, G, O -> 2/3; neglect O, G, G, RI -> 3/4.
    by_theme = found.by_theme
    assert by_theme["theme"].to_list() == ["exploitation", "neglect"]
    assert by_theme.select("total", *GRADES).rows() == [(3, 1, 1, 1, 0), (4, 1, 2, 1, 0)]
    assert by_theme["good_or_better_share"].to_list() == pytest.approx([200 / 3, 75.0])
    assert by_theme["requires_improvement_share"].to_list() == pytest.approx([100 / 3, 25.0])


def test_results_without_audits_and_with_bad_grades() -> None:
    empty = results(audits=AUDITS.clear())
    assert empty.audits == 0
    assert empty.good_or_better_share is None
    assert empty.meets_good_or_better is None
    assert empty.by_month.is_empty()
    wrong = AUDITS.with_columns(
        grade=pl.when(pl.col("audit_id") == 3).then(pl.lit("excellent")).otherwise("grade")
    )
    with pytest.raises(ValueError, match="1 rows have a grade not on Ofsted's scale: excellent"):
        results(audits=wrong)
    with pytest.raises(ValueError, match="percentage"):
        Targets(good_or_better=120)


def test_answer_distribution_leaves_out_ungraded_answers() -> None:
    answers = pl.DataFrame(
        [(1, 1, G), (2, 1, I), (1, 2, None), (2, 2, O), (3, 2, O)],
        schema=quality.ANSWER_SCHEMA,
        orient="row",
    )
    found = answer_distribution(answers=answers)
    # Question 1: G, I -> 50% good or better, 50% inadequate. Question 2: O, O (one ungraded).
    assert found.select("question_id", "total", *GRADES).rows() == [
        (1, 2, 0, 1, 0, 1),
        (2, 2, 2, 0, 0, 0),
    ]
    assert found["good_or_better_share"].to_list() == [50.0, 100.0]


# --- Recurring themes ----------------------------------------------------------------------


def test_recurring_themes_from_tags() -> None:
    tags = ["Planning", "Voice of the child", "Planning ", "Supervision", "Planning", ""]
    tags += ["Voice of the child", "Supervision", "Voice of the child", "Supervision"]
    # Planning 3 (the trailing space trimmed), Voice of the child 3, Supervision 3: equal counts
    # in alphabetical order. With minimum 4, none.
    assert recurring_themes(findings=tags) == [
        ("Planning", 3),
        ("Supervision", 3),
        ("Voice of the child", 3),
    ]
    assert recurring_themes(findings=tags, minimum=4) == []


def test_recurring_themes_count_audits_once() -> None:
    findings = pl.DataFrame(
        [
            (1, "Planning"),
            (1, "Planning"),  # twice on one audit: counted once
            (2, "Planning"),
            (3, "Planning"),
            (1, "Chronology"),
            (2, "Chronology"),
            (2, "Chronology"),
            (4, "Supervision"),
            (5, None),
        ],
        schema=quality.FINDING_SCHEMA,
        orient="row",
    )
    # Planning on audits 1, 2, 3 -> 3; Chronology on 1 and 2 -> 2; Supervision 1.
    assert recurring_themes(findings=findings) == [("Planning", 3)]
    assert recurring_themes(findings=findings, minimum=1) == [
        ("Planning", 3),
        ("Chronology", 2),
        ("Supervision", 1),
    ]
    with pytest.raises(ValueError, match="minimum"):
        recurring_themes(findings=findings, minimum=0)


def test_audit_periods_are_the_last_months_then_financial_years() -> None:
    periods = audit_periods(today=dt.date(2025, 9, 30), earliest=dt.date(2024, 2, 12))
    assert [(p.key, p.label, p.first, p.last) for p in periods] == [
        # This month and the 2 before: 1 July to 30 September 2025.
        ("3-months", "The last 3 months", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        # This month and the 11 before: 1 October 2024 to 30 September 2025.
        ("12-months", "The last 12 months", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("2025-26", "April 2025 to March 2026", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
        ("2024-25", "April 2024 to March 2025", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        # 12 February 2024 is in the financial year that began on 1 April 2023.
        ("2023-24", "April 2023 to March 2024", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
    ]
    # In January the last 3 months reach back into the year before; with no audits yet, only
    # the current financial year.
    january = audit_periods(today=dt.date(2026, 1, 15), earliest=None)
    assert [(p.key, p.first) for p in january] == [
        ("3-months", dt.date(2025, 11, 1)),
        ("12-months", dt.date(2025, 2, 1)),
        ("2025-26", dt.date(2025, 4, 1)),
    ]


@given(today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_audit_period_holds_its_last_day_after_its_first(today: dt.date) -> None:
    for period in audit_periods(today=today, earliest=today - dt.timedelta(days=800)):
        assert period.first <= period.last
        assert period.first.day == 1
    assert len({p.key for p in audit_periods(today=today, earliest=None)}) == 3
