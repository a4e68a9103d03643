"""Northfield's fictional children, households and allocations: deterministic and well formed,
with caseloads and worker changes like England's."""

import itertools
import re
from collections import Counter
from datetime import date, timedelta
from functools import cache

import holidays

from csc_workforce.core import demo
from csc_workforce.core.demo_caseloads import (
    DemoAllocation,
    DemoCase,
    DemoCaseloads,
    generate_caseloads,
)

REFERENCE_DATE = date(2025, 9, 30)
CHILD_STATUSES = {
    "child_in_need",
    "child_protection",
    "child_looked_after",
    "care_leaver",
    "pre_proceedings",
    "court_proceedings",
}
CIN_CP = {"child_in_need", "child_protection", "pre_proceedings", "court_proceedings"}
# What each type of team holds, from the brief: statuses for children, kinds for households.
HOLDS = {
    "front_door": {"child_in_need"},
    "assessment": {"child_in_need"},
    "cin_cp": CIN_CP,
    "edge_of_care": CIN_CP,
    "children_in_care": {"child_looked_after"},
    "care_leavers": {"care_leaver"},
    "disabled_children": {"child_in_need"},
    "fostering": {"fostering_household"},
    "adoption": {"adoption_household"},
    "other": set(),
}
D2I_REASONS = {
    "MANAGE",
    "FCONTA",
    "LEFTRL",
    "ORGRST",
    "TSPROC",
    "ABSENC",
    "CHCHAN",
    "PCCHAN",
    "SWDIED",
    "OTHERS",
}


@cache
def northfield(seed: int = 1) -> demo.DemoAuthority:
    return demo.generate(seed=seed)


@cache
def caseloads(seed: int = 1) -> DemoCaseloads:
    return generate_caseloads(northfield(seed), seed=seed)


def staff_by_key() -> dict[str, demo.DemoStaff]:
    return {person.key: person for person in northfield().staff}


def team_on(person: demo.DemoStaff, day: date) -> str:
    moves = [move for move in northfield().moves if move.staff_key == person.key]
    return moves[0].team_key if moves and day >= moves[0].on else person.team_key


def leads_by_case() -> dict[str, list[DemoAllocation]]:
    leads: dict[str, list[DemoAllocation]] = {}
    for allocation in caseloads().allocations:
        if allocation.role == "lead":
            leads.setdefault(allocation.case_key, []).append(allocation)
    return leads


def holding(allocation: DemoAllocation, day: date) -> bool:
    return allocation.start <= day and (allocation.end is None or allocation.end >= day)


def active(case: DemoCase, day: date) -> set[str]:
    return {s for s, start, end in case.statuses if start <= day and (end is None or end >= day)}


def test_same_seed_same_caseloads_other_seed_other_caseloads() -> None:
    assert generate_caseloads(northfield(), seed=1) == caseloads()
    assert generate_caseloads(northfield(), seed=2).allocations != caseloads().allocations


def test_cases_are_fictional_and_well_formed() -> None:
    cases = caseloads().cases
    assert [case.key for case in cases] == [f"C{n:06d}" for n in range(1, len(cases) + 1)]
    assert all(re.fullmatch(r"NF\d{7}", case.cms_id) for case in cases)
    assert len({case.cms_id for case in cases}) == len(cases)
    kinds = Counter(case.kind for case in cases)
    assert set(kinds) == {"child", "fostering_household", "adoption_household"}
    for case in cases:
        assert case.travel_band in {"near", "medium", "far"}
        if case.kind == "child":
            assert case.date_of_birth is not None
            assert case.statuses
            assert {status for status, _, _ in case.statuses} <= CHILD_STATUSES
            assert case.assessment_start is not None
            assert case.assessment_authorised is not None
            assert case.date_of_birth <= case.assessment_start < case.assessment_authorised
            assert case.complexity in {"", "low", "medium", "high"}
        else:
            assert case.date_of_birth is None
            assert case.statuses == ()
            assert case.sibling_group == ""
            assert case.complexity in {"low", "medium", "high"}
        for _, start, end in case.statuses:
            assert end is None or start <= end


def test_about_one_child_in_a_hundred_has_no_complexity_band() -> None:
    children = [case for case in caseloads().cases if case.kind == "child"]
    unweighted = sum(case.complexity == "" for case in children)
    assert 0.005 <= unweighted / len(children) <= 0.02


def test_about_two_children_in_five_have_siblings_in_the_data() -> None:
    children = [case for case in caseloads().cases if case.kind == "child"]
    groups = Counter(case.sibling_group for case in children if case.sibling_group)
    assert all(size >= 2 for size in groups.values())
    assert 0.3 <= sum(groups.values()) / len(children) <= 0.5


def test_most_assessments_are_authorised_within_45_working_days() -> None:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2027))

    def working_days(first: date, last: date) -> int:
        days = (first + timedelta(days=n) for n in range(1, (last - first).days + 1))
        return sum(day.weekday() < 5 and day not in bank for day in days)

    children = [case for case in caseloads().cases if case.kind == "child"][::10]
    in_time = sum(
        working_days(case.assessment_start, case.assessment_authorised) <= 45
        for case in children
        if case.assessment_start and case.assessment_authorised
    )
    assert 0.7 <= in_time / len(children) < 0.95


def test_nothing_is_dated_after_the_reference_date() -> None:
    data = caseloads()
    for case in data.cases:
        for _, start, end in case.statuses:
            assert start <= REFERENCE_DATE
            assert end is None or end <= REFERENCE_DATE
        for day in (case.date_of_birth, case.assessment_start):
            assert day is None or day <= REFERENCE_DATE
    for allocation in data.allocations:
        assert allocation.start <= REFERENCE_DATE
        assert allocation.end is None or allocation.start <= allocation.end <= REFERENCE_DATE
    assert all(visit.on <= REFERENCE_DATE for visit in data.visits)


def test_one_lead_at_a_time_and_the_first_lead_has_no_change_reason() -> None:
    cases = {case.key for case in caseloads().cases}
    leads = leads_by_case()
    assert set(leads) == cases
    for allocations in leads.values():
        allocations.sort(key=lambda a: a.start)
        assert allocations[0].change_reason == ""
        for before, after in itertools.pairwise(allocations):
            assert before.end is not None
            assert before.end < after.start
            assert after.change_reason in D2I_REASONS


def test_case_holders_are_practitioners_in_post_in_a_team_that_holds_such_cases() -> None:
    staff = staff_by_key()
    teams = {team.key: team.team_type for team in northfield().teams}
    moves = {move.staff_key: move.on for move in northfield().moves}
    cases = {case.key: case for case in caseloads().cases}
    for allocation in caseloads().allocations:
        person = staff[allocation.staff_key]
        last = allocation.end or REFERENCE_DATE
        assert person.role_level in (4, 5)
        assert person.start_date <= allocation.start
        assert person.end_date is None or last <= person.end_date
        moved = moves.get(person.key)
        assert moved is None or not allocation.start < moved <= last  # one team throughout
        holds = HOLDS[teams[team_on(person, allocation.start)]]
        case = cases[allocation.case_key]
        if case.kind != "child":
            assert case.kind in holds
            continue
        # Statuses change only on these days, so checking them checks every day.
        changes = {allocation.start} | {
            day
            for _, start, end in case.statuses
            for day in (start, end + timedelta(days=1) if end else start)
            if allocation.start < day <= last
        }
        for day in changes:
            assert active(case, day), (allocation, day)
            assert active(case, day) <= holds, (allocation, day)


def test_co_workers_only_on_protection_and_court_work_about_one_in_ten() -> None:
    cases = {case.key: case for case in caseloads().cases}
    for allocation in caseloads().allocations:
        if allocation.role == "co_worker":
            statuses = active(cases[allocation.case_key], allocation.start)
            assert statuses & {"child_protection", "court_proceedings"}
            assert allocation.change_reason == ""
    day = date(2025, 3, 31)
    protected = {
        key
        for key, case in cases.items()
        if active(case, day) & {"child_protection", "court_proceedings"}
    }
    co_worked = {
        a.case_key
        for a in caseloads().allocations
        if a.role == "co_worker" and holding(a, day) and a.case_key in protected
    }
    assert 0.04 <= len(co_worked) / len(protected) <= 0.2


def test_caseload_on_30_september_is_13_to_17_cases_per_case_holding_fte() -> None:
    """DfE CSWW: cases held at 30 September / FTE of the case holders. By hand from the
    allocations: each case counted once (its lead), each lead worker's FTE once."""
    staff = staff_by_key()
    for year in (2021, 2022, 2023, 2024, 2025):
        census = date(year, 9, 30)
        held = [a for a in caseloads().allocations if a.role == "lead" and holding(a, census)]
        assert len({a.case_key for a in held}) == len(held)
        holders_fte = sum(staff[key].fte for key in {a.staff_key for a in held})
        assert 13 <= len(held) / holders_fte <= 17, year


def test_each_practitioner_holds_a_plausible_caseload() -> None:
    staff = staff_by_key()
    census = REFERENCE_DATE
    counts = Counter(
        a.staff_key for a in caseloads().allocations if a.role == "lead" and holding(a, census)
    )
    per_fte = sorted(count / float(staff[key].fte) for key, count in counts.items())
    middle = per_fte[len(per_fte) // 4 : 3 * len(per_fte) // 4]
    assert middle[0] >= 10
    assert middle[-1] <= 22


def test_about_a_quarter_of_children_looked_after_had_3_or_more_social_workers() -> None:
    """DfE: children looked after at 31 March with 3 or more social workers in the year
    (England 2024: 27%)."""
    year_end, year_start = date(2025, 3, 31), date(2024, 4, 1)
    leads = leads_by_case()
    looked_after = [
        case for case in caseloads().cases if "child_looked_after" in active(case, year_end)
    ]
    three_or_more = sum(
        len(
            {
                a.staff_key
                for a in leads[case.key]
                if a.start <= year_end and (a.end is None or a.end >= year_start)
            }
        )
        >= 3
        for case in looked_after
    )
    assert 0.15 <= three_or_more / len(looked_after) <= 0.40


def test_visits_by_the_lead_worker_in_the_last_12_months() -> None:
    leads = leads_by_case()
    cases = {case.key: case for case in caseloads().cases}
    visits = caseloads().visits
    assert visits
    for visit in visits:
        assert date(2024, 10, 1) <= visit.on <= REFERENCE_DATE
        assert visit.on.weekday() < 5
        lead = [a.staff_key for a in leads[visit.case_key] if holding(a, visit.on)]
        assert lead == [visit.staff_key]
        assert active(cases[visit.case_key], visit.on) & {
            "child_in_need",
            "child_protection",
            "child_looked_after",
        }
    # A child on a protection plan throughout the year is visited about every 10 working days:
    # some 20 to 30 visits in 253 working days.
    day = date(2024, 10, 1)
    whole_year = {
        key
        for key, case in cases.items()
        if any(
            s == "child_protection" and start <= day and end is None
            for s, start, end in case.statuses
        )
    }
    per_child = Counter(v.case_key for v in visits if v.case_key in whole_year)
    assert per_child
    assert all(18 <= count <= 45 for count in per_child.values())
