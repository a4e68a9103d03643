"""Register figures on a small hand-made authority; every expected value worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from csc_workforce.core.register import (
    Register,
    figures,
    figures_by_team,
    months,
    profile,
    rolling_year,
    working_days,
)

D = dt.date
TEAM_A, TEAM_B = 1, 2


def job(staff: int, start: dt.date, end: dt.date | None, team: int, fte: float,
        kind: str = "permanent", role: int = 5) -> dict[str, object]:  # fmt: skip
    return {
        "staff_id": staff,
        "effective_from": start,
        "effective_to": end,
        "team_id": team,
        "role_level": role,
        "fte": fte,
        "employment_type": kind,
    }


def person(staff: int, start: dt.date, end: dt.date | None = None, born: dt.date | None = None,
           sex: str = "F", ethnicity: str = "WBRI") -> dict[str, object]:  # fmt: skip
    return {
        "staff_id": staff,
        "start_date": start,
        "end_date": end,
        "date_of_birth": born,
        "sex": sex,
        "ethnicity": ethnicity,
    }


@pytest.fixture
def northbrook() -> Register:
    """Reporting year 2025 (1 Oct 2024 - 30 Sep 2025):
    1: full-time in A since 2010, born 1968 (aged 57 on 30 Sep 2025), role 5.
    2: 0.5 FTE in A since 2023; moves to B on 1 Mar 2025 (an internal move, not a leaver).
    3: full-time in B, starts 1 Jan 2025 (a starter).
    4: 0.8 FTE in A since 2018, leaves 31 Mar 2025 (a leaver).
    5: starts 1 Nov 2024 and leaves 28 Feb 2025 (a starter and a leaver).
    6: agency, 1.0 FTE in B throughout.
    Posts: A funded 3.0 FTE, B funded 3.0 FTE.
    Sickness: person 1, Mon 2 Jun - Fri 6 Jun 2025, 5 days lost; person 4, Sun 29 Sep - Thu
    10 Oct 2024: 9 weekdays (30 Sep, 1-4 Oct, 7-10 Oct), 8 FTE days lost.
    Cases on 30 Sep 2025: person 1 holds 15, person 3 holds 12, person 6 (agency) 10; person 2
    none recorded.
    """
    return Register.from_rows(
        assignments=[
            job(1, D(2010, 5, 4), None, TEAM_A, 1.0),
            job(2, D(2023, 1, 9), D(2025, 2, 28), TEAM_A, 0.5),
            job(2, D(2025, 3, 1), None, TEAM_B, 0.5),
            job(3, D(2025, 1, 1), None, TEAM_B, 1.0),
            job(4, D(2018, 6, 1), D(2025, 3, 31), TEAM_A, 0.8),
            job(5, D(2024, 11, 1), D(2025, 2, 28), TEAM_A, 1.0),
            job(6, D(2024, 6, 1), None, TEAM_B, 1.0, kind="agency"),
        ],
        staff=[
            person(1, D(2010, 5, 4), born=D(1968, 3, 2)),
            person(2, D(2023, 1, 9), born=D(1990, 10, 1), sex="M"),
            person(3, D(2025, 1, 1), born=D(2000, 9, 30), ethnicity="BAFR"),
            person(4, D(2018, 6, 1), D(2025, 3, 31)),
            person(5, D(2024, 11, 1), D(2025, 2, 28)),
            person(6, D(2024, 6, 1)),
        ],
        sickness=[
            {
                "staff_id": 1,
                "start_date": D(2025, 6, 2),
                "end_date": D(2025, 6, 6),
                "working_days_lost": 5.0,
            },
            {
                "staff_id": 4,
                "start_date": D(2024, 9, 29),
                "end_date": D(2024, 10, 10),
                "working_days_lost": 8.0,
            },
        ],
        cases=[
            {"staff_id": 1, "on": D(2025, 9, 30), "cases": 15},
            {"staff_id": 3, "on": D(2025, 9, 30), "cases": 12},
            {"staff_id": 6, "on": D(2025, 9, 30), "cases": 10},
        ],
        posts=[
            {"team_id": TEAM_A, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
            {"team_id": TEAM_A, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
            {"team_id": TEAM_A, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
            {"team_id": TEAM_B, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
            {"team_id": TEAM_B, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
            {"team_id": TEAM_B, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None},
        ],
    )


YEAR_2025 = {"first": D(2024, 10, 1), "last": D(2025, 9, 30)}


def test_authority_figures_for_a_reporting_year(northbrook: Register) -> None:
    f = figures(northbrook, **YEAR_2025)
    # In post on 30 Sep 2025: 1 (1.0), 2 (0.5), 3 (1.0) = 2.5 FTE, 3 people.
    assert (f.inpost_fte, f.inpost_headcount) == (Decimal("2.500"), 3)
    # Starters: 3 (1.0) and 5 (1.0), who started and left in the year and so is both.
    assert (f.starters_fte, f.starters_headcount) == (Decimal("2.000"), 2)
    # Leavers: 4 (0.8) and 5 (1.0). Person 2's move to team B is not a leave.
    assert (f.leavers_fte, f.leavers_headcount) == (Decimal("1.800"), 2)
    assert (f.agency_fte, f.agency_headcount) == (Decimal("1.000"), 1)
    # Vacancies: A funded 3.0, filled 1.0 -> 2.0; B funded 3.0, filled 1.5 -> 1.5; total 3.5.
    assert f.vacancy_fte == Decimal("3.500")
    # Agency cover: B has 1.0 agency FTE against 1.5 vacant -> 1.0.
    assert f.agency_cover_fte == Decimal("1.000")
    assert f.agency_cover_headcount == 1
    # Cases: 15 + 12 + 10 = 37 held by 1.0 + 1.0 + 1.0 FTE.
    assert (f.cases, f.case_holders_fte) == (37, Decimal("3.000"))
    # Days lost by those in post on 30 Sep: 5 (person 1). Person 4 left in the year, so their
    # sickness is not counted (the census collects it for those in post).
    assert f.working_days_lost_fte == Decimal("5.000")
    assert f.working_days == 253
    assert f.turnover_rate_fte == Decimal("1.8") / Decimal("2.5") * 100  # 72.0
    assert f.agency_rate_fte == Decimal(1) / Decimal("3.5") * 100  # 28.6
    assert f.vacancy_rate_fte == Decimal("3.5") / Decimal(6) * 100  # 58.3
    assert f.agency_cover_rate_fte == Decimal(100)
    assert f.vacancy_agency_cover_rate_fte == Decimal(1) / Decimal("3.5") * 100  # 28.6
    assert f.caseload_fte == Decimal(37) / Decimal(3)  # 12.3
    assert f.absence_rate_fte == Decimal(5) / (Decimal("2.5") * 253) * 100  # 0.8


def test_a_team_uses_the_structure_of_the_time(northbrook: Register) -> None:
    team_a = figures(northbrook, **YEAR_2025, teams=frozenset({TEAM_A}))
    team_b = figures(northbrook, **YEAR_2025, teams=frozenset({TEAM_B}))
    # On 30 Sep 2025 person 2 is in B, so A has only person 1.
    assert team_a.inpost_fte == Decimal("1.000")
    assert team_b.inpost_fte == Decimal("1.500")
    # Persons 4 and 5 left from A; 5 started in A, 3 in B.
    assert (team_a.leavers_headcount, team_b.leavers_headcount) == (2, 0)
    assert (team_a.starters_headcount, team_b.starters_headcount) == (1, 1)
    # On 30 Sep 2024 person 2 was in A: A had 1 + 0.5 + 0.8 = 2.3 FTE.
    earlier = figures(
        northbrook, first=D(2023, 10, 1), last=D(2024, 9, 30), teams=frozenset({TEAM_A})
    )
    assert earlier.inpost_fte == Decimal("2.300")


def test_sickness_crossing_the_start_of_a_year_counts_its_share(northbrook: Register) -> None:
    # Year 2024 (1 Oct 2023 - 30 Sep 2024): person 4 is in post on 30 Sep 2024; of their
    # episode's 9 weekdays only 30 Sep falls in it: 8 x 1/9 = 0.888889 days.
    f = figures(northbrook, first=D(2023, 10, 1), last=D(2024, 9, 30))
    assert f.working_days_lost_fte == Decimal("0.888889")


def test_a_rolling_year_to_any_date(northbrook: Register) -> None:
    first, last = rolling_year(D(2025, 3, 31))
    assert (first, last) == (D(2024, 4, 1), D(2025, 3, 31))
    f = figures(northbrook, first=first, last=last)
    # At the end of 31 Mar 2025: 1, 2 and 3 = 2.5 FTE; 4, whose last day it is, is a leaver,
    # as is 5 (28 Feb 2025).
    assert f.inpost_fte == Decimal("2.500")
    assert f.leavers_fte == Decimal("1.800")
    # 29 February 2024 is not inside 1 April 2024 to 31 March 2025.
    assert f.working_days == 253
    assert working_days(D(2023, 4, 1), D(2024, 3, 31)) == 254


def test_profile_of_those_in_post(northbrook: Register) -> None:
    p = profile(northbrook, on=D(2025, 9, 30))
    tenure = {band.label: band.headcount for band in p.tenure}
    # 1 started 2010 (15 years), 2 in 2023 (2 years), 3 in 2025 (0 years).
    assert tenure == {
        "Under 2 years": 1,
        "2 to 5 years": 1,
        "5 to 10 years": 0,
        "10 to 20 years": 1,
        "20 years or more": 0,
    }
    ages = {band.label: band.headcount for band in p.age if band.headcount}
    # 1 is 57; 2 turns 35 on 1 Oct, so is 34; 3 turns 25 on 30 Sep 2025.
    assert ages == {"55 to 59": 1, "30 to 39": 1, "25 to 29": 1}
    assert p.aged_55_or_over_by_role == {5: 1}
    assert [(band.label, band.headcount) for band in p.sex] == [("F", 2), ("M", 1)]
    assert [(band.label, band.headcount) for band in p.ethnicity] == [("WBRI", 2), ("BAFR", 1)]


def test_months_of_a_year(northbrook: Register) -> None:
    year = months(northbrook, **YEAR_2025)
    assert [m.month_end for m in year][:2] == [D(2024, 10, 31), D(2024, 11, 30)]
    assert len(year) == 12
    by_end = {m.month_end: m for m in year}
    # Person 5 starts 1 Nov and leaves 28 Feb: a starter in November and a leaver in
    # February, counted month by month.
    assert by_end[D(2024, 11, 30)].starters_headcount == 1
    assert by_end[D(2025, 1, 31)].starters_fte == Decimal("1.000")  # person 3
    assert by_end[D(2025, 2, 28)].leavers_headcount == 1  # person 5
    assert by_end[D(2025, 3, 31)].leavers_fte == Decimal("0.800")  # person 4
    # End of October 2024: 1, 2, 4 = 2.3 FTE (5 started 1 November).
    assert by_end[D(2024, 10, 31)].inpost_fte == Decimal("2.300")


def test_posts_are_filled_by_role_in_post_order() -> None:
    from csc_workforce.core.register import establishment

    posts = [(3, "P3", 5, Decimal(1)), (1, "P1", 5, Decimal(1)), (2, "P2", 5, Decimal(1)),
             (4, "P4", 3, Decimal(1))]  # fmt: skip
    # Case holders: employees 1.6 FTE, agency 0.8 FTE; no first line manager in post.
    statuses = establishment(posts=posts, employees={5: Decimal("1.6")}, agency={5: Decimal("0.8")})
    assert [(s.reference, s.status) for s in statuses] == [
        ("P4", "Vacant"),
        ("P1", "Filled"),  # 1.0 of the 1.6
        ("P2", "Covered by agency"),  # 0.6 employed + 0.4 agency
        ("P3", "Part filled"),  # 0.4 agency left
    ]
    assert statuses[3].agency_fte == Decimal("0.4")


def test_a_move_to_another_kind_of_role_in_the_authority_is_a_leaver(
    northbrook: Register,
) -> None:
    import dataclasses

    import polars as pl

    # Person 4's reason for leaving becomes CSWW code 7: moved to a non-child and family social
    # work role within the authority. She leaves the workforce DfE counts: still a leaver.
    staff = northbrook.staff.with_columns(
        reason_leave=pl.when(pl.col("staff_id") == 4).then(pl.lit("7")).otherwise(pl.lit("1"))
    )
    moved = dataclasses.replace(northbrook, staff=staff)
    assert figures(moved, **YEAR_2025).leavers_headcount == 2  # 4 and 5
    assert figures(northbrook, **YEAR_2025).leavers_headcount == 2


def test_people_are_counted_once_as_dfe_de_duplicates() -> None:
    """One person (SW1) in two posts, 0.5 each, both in post: one person, 1.0 FTE. Another (SW2)
    leaves two posts on different days: two leavers; a third (SW3) leaves two on one day: one.
    Two agency records are two agency workers (DfE does not de-duplicate them)."""
    jobs, people = [], []
    for staff, swe, start, end, fte, kind in (
        (1, "SW1", D(2015, 1, 1), None, 0.5, "permanent"),
        (2, "sw1", D(2018, 1, 1), None, 0.5, "permanent"),
        (3, "SW2", D(2015, 1, 1), D(2025, 1, 31), 0.6, "permanent"),
        (4, "SW2", D(2016, 1, 1), D(2025, 6, 30), 0.4, "permanent"),
        (5, "SW3", D(2015, 1, 1), D(2025, 3, 31), 0.5, "permanent"),
        (6, "SW3", D(2016, 1, 1), D(2025, 3, 31), 0.5, "permanent"),
        (7, "SW4", D(2024, 1, 1), None, 1.0, "agency"),
        (8, "SW5", D(2024, 1, 1), None, 1.0, "agency"),
    ):
        jobs.append(job(staff, start, end, TEAM_A, fte, kind=kind))
        people.append(person(staff, start, end) | {"person": swe})
    register = Register.from_rows(assignments=jobs, staff=people, sickness=[], cases=[], posts=[])
    f = figures(register, **YEAR_2025)
    assert (f.inpost_headcount, f.inpost_fte) == (1, Decimal("1.000"))
    assert (f.leavers_headcount, f.leavers_fte) == (3, Decimal("2.000"))
    assert f.agency_headcount == 2
    assert [band.headcount for band in profile(register, on=D(2025, 9, 30)).sex] == [1]
    assert_grouped_as_alone(register)


def test_a_conversion_from_agency_to_employment_is_a_starter_and_back_a_leaver() -> None:
    """SW1 was an agency worker until 31 March 2025 and an employee from 1 April: a starter
    (DfE counts no agency leavers). SW2 was an employee until 31 May 2025 and an agency worker
    from 1 June: a leaver, and an agency worker on 30 September."""
    jobs = [
        job(1, D(2023, 1, 1), D(2025, 3, 31), TEAM_A, 1.0, kind="agency"),
        job(2, D(2025, 4, 1), None, TEAM_A, 1.0),
        job(3, D(2020, 1, 1), D(2025, 5, 31), TEAM_A, 0.8),
        job(4, D(2025, 6, 1), None, TEAM_A, 0.8, kind="agency"),
    ]
    people = [
        person(1, D(2023, 1, 1), D(2025, 3, 31)) | {"person": "SW1"},
        person(2, D(2025, 4, 1)) | {"person": "SW1"},
        person(3, D(2020, 1, 1), D(2025, 5, 31)) | {"person": "SW2"},
        person(4, D(2025, 6, 1)) | {"person": "SW2"},
    ]
    register = Register.from_rows(assignments=jobs, staff=people, sickness=[], cases=[], posts=[])
    f = figures(register, **YEAR_2025)
    assert (f.starters_headcount, f.starters_fte) == (1, Decimal("1.000"))
    assert (f.leavers_headcount, f.leavers_fte) == (1, Decimal("0.800"))
    assert (f.inpost_headcount, f.agency_headcount) == (1, 1)
    assert_grouped_as_alone(register)


def test_agency_headcount_covering_vacancies_is_the_workers_making_up_the_cover() -> None:
    """Team A: 3 funded posts, 1.0 filled, 2.0 vacant; agency workers of 1.0, 0.6 and 0.5 FTE:
    cover min(2.0, 2.1) = 2.0, made up by the 1.0, the 0.6 and part of the 0.5: 3 workers.
    Team B: 2 funded, 1.5 filled, 0.5 vacant; agency 1.0 and 1.0: cover 0.5, one worker (not
    both, as counting everyone in a team with a vacancy did)."""
    jobs = [
        job(1, D(2020, 1, 1), None, TEAM_A, 1.0),
        job(2, D(2024, 1, 1), None, TEAM_A, 1.0, kind="agency"),
        job(3, D(2024, 1, 1), None, TEAM_A, 0.6, kind="agency"),
        job(4, D(2024, 1, 1), None, TEAM_A, 0.5, kind="agency"),
        job(5, D(2020, 1, 1), None, TEAM_B, 1.5),
        job(6, D(2024, 1, 1), None, TEAM_B, 1.0, kind="agency"),
        job(7, D(2024, 1, 1), None, TEAM_B, 1.0, kind="agency"),
    ]
    people = [person(row["staff_id"], row["effective_from"]) for row in jobs]  # type: ignore[arg-type]
    posts = [
        {"team_id": team, "fte": 1.0, "funded_from": D(2020, 1, 1), "funded_to": None}
        for team in (TEAM_A, TEAM_A, TEAM_A, TEAM_B, TEAM_B)
    ]
    register = Register.from_rows(
        assignments=jobs, staff=people, sickness=[], cases=[], posts=posts
    )
    f = figures(register, **YEAR_2025)
    assert (f.vacancy_fte, f.agency_cover_fte) == (Decimal("2.500"), Decimal("2.500"))
    assert f.agency_cover_headcount == 4
    assert_grouped_as_alone(register)


def assert_grouped_as_alone(register: Register) -> None:
    """``figures_by_team`` gives each team what ``figures`` gives it alone."""
    grouped = figures_by_team(register, **YEAR_2025, teams=[TEAM_A, TEAM_B])
    for team in (TEAM_A, TEAM_B):
        assert grouped[team] == figures(register, **YEAR_2025, teams=frozenset({team}))


def test_each_team_s_figures_in_one_pass(northbrook: Register) -> None:
    """The grouped pass gives each team what ``figures`` gives it alone; a team with nobody
    gets nothing but zeros."""
    first, last = D(2024, 10, 1), D(2025, 9, 30)
    grouped = figures_by_team(northbrook, first=first, last=last, teams=[TEAM_A, TEAM_B, 3])
    for team in (TEAM_A, TEAM_B, 3):
        assert grouped[team] == figures(northbrook, first=first, last=last, teams=frozenset({team}))
    assert grouped[3].inpost_headcount == 0
    assert grouped[3].turnover_rate_fte is None
