"""The scorecard's and the annual report's supervision, registration, ASYE and agency rule
figures equal those of the supervision, registrations, early careers and agency compliance
pages for the same part of the authority and period, on small data worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import Registration, SupervisionSession
from csc_workforce.web.development.selectors import student_years
from csc_workforce.web.development.services import (
    enrolment_create,
    outcome_record,
    placement_create,
    student_create,
)
from csc_workforce.web.reporting.selectors import report_content, supervision_by_team
from tests.conftest import client_for
from tests.factories import (
    AgencyEngagementFactory,
    CohortFactory,
    PriceCapFactory,
    StaffMemberFactory,
)
from tests.web.reporting.test_reporting import scorecard_rows

D = dt.date


def session(staff: Any, on: dt.date, minutes: int = 90) -> None:
    SupervisionSession.objects.create(staff=staff, held_on=on, minutes=minutes, kind="individual")


def registered(staff: Any, expires_on: dt.date) -> None:
    Registration.objects.create(
        swe_number=staff.swe_number,
        status="registered",
        expires_on=expires_on,
        checked_on=D(2024, 9, 1),
    )


def test_supervision_on_time_is_the_supervision_pages_figure(people: dict) -> None:
    # Reporting year 2025: 1 October 2024 to 30 September 2025, twelve calendar months for
    # each of the four workers in post all year (all started in 2015): 4 x 12 = 48 required.
    # Colleague A: July (90 minutes) and September (120) count, August (60) does not: 2 met.
    # The social worker ("own"): July, August and September: 3 met. 5 of 48 = 10.4%.
    # Team A (manager, own, colleague A): 5 of 36 = 13.9%. 2024: no sessions, 0 of 48 = 0.0%.
    colleague, own = people["colleague_a"], people["own"]
    session(colleague, D(2025, 7, 10))
    session(colleague, D(2025, 8, 12), minutes=60)
    session(colleague, D(2025, 9, 5), minutes=120)
    for month in (7, 8, 9):
        session(own, D(2025, month, 3))
    psw = client_for(people["users"][Role.PSW])
    team = f"team-{people['team_a'].pk}"
    for scope, expected, worked in (("all", "10.4", "5 of 48"), (team, "13.9", "5 of 36")):
        page = psw.get(
            reverse("development:supervision"),
            {"scope": scope, "from": "2024-10-01", "to": "2025-09-30"},
        ).content.decode()
        assert f"{expected}%" in page
        assert f"{worked} weeks, fortnights or months met" in page
        card = scorecard_rows(
            psw.get(reverse("reporting:scorecard"), {"scope": scope, "year": 2025}).content.decode()
        )
        row = card["Supervision on time"]
        # scorecard cells: 2025, target, status, 2021..2024, ...
        assert row[0] == expected, scope
        assert row[2] == "No target set"
        assert row[6] == "0.0", scope
    # Every team's windows, as the scorecard sums them for a part of the authority
    found = supervision_by_team([2024, 2025])
    rows = {(y, team): (required, met) for y, team, required, met in found.iter_rows()}
    team_a, team_b = people["team_a"].pk, people["team_b"].pk
    assert rows == {
        (2025, team_a): (36, 5),
        (2025, team_b): (12, 0),
        (2024, team_a): (36, 0),
        (2024, team_b): (12, 0),
    }
    assert supervision_by_team([2026]).is_empty()  # not begun on 30 September 2025
    # The annual report's supervision section: the whole authority and each team
    content = report_content(year=2025)[1]["supervision"]
    areas, teams = content.tables[1], content.tables[2]
    assert areas.rows[-1] == ["All", "4", "48", "5", "10.4%"]
    assert ["Team A", "3", "36", "5", "13.9%"] in teams.rows
    assert ["Team B", "1", "12", "0", "0.0%"] in teams.rows


def test_registered_on_1_december_is_the_registration_checks_figure(people: dict) -> None:
    # Reporting year 2025's 1 December is 1 December 2024. In post: the four of the fixture
    # and ten more in team B, 14. Not registered that day: colleague A and five of the ten
    # (expired 30 November 2024), worker B (no registration recorded): 7. Registered: own,
    # the manager and the other five: 7. 7 / 14 = 50.0%. Team A: 1 of 3 not registered:
    # 2 / 3 = 66.7%.
    registered(people["own"], D(2025, 11, 30))
    registered(people["manager"], D(2026, 11, 30))
    registered(people["colleague_a"], D(2024, 11, 30))
    for index in range(10):
        worker = StaffMemberFactory(team=people["team_b"])
        registered(worker, D(2024, 11, 30) if index < 5 else D(2025, 11, 30))
    psw = client_for(people["users"][Role.PSW])
    page = psw.get(reverse("development:registrations"), {"on": "2024-12-01"}).content.decode()
    check = page.split("Not registered on 1 December 2024")[1]
    assert check.count("Registration expired on 30 November 2024") == 6
    assert check.count("No registration recorded") == 1
    team = f"team-{people['team_a'].pk}"
    for scope, expected in (("all", "50.0"), (team, "66.7")):
        card = scorecard_rows(
            psw.get(reverse("reporting:scorecard"), {"scope": scope, "year": 2025}).content.decode()
        )
        row = card["Registered on 1 December"]
        assert row[0] == expected, scope
        assert row[6] == "\N{EN DASH}", scope  # 2024: the register's history is not kept
    # The annual report counts the check, never naming anyone: the reasons are 6 and 1; the
    # 1 is hidden and so is the 6, as the total of 7 would give it away.
    content = report_content(year=2025)[1]["cpd"]
    assert content.tables[1].rows == [
        ["In post", "14"],
        ["Registered", "7"],
        ["Not registered", "7"],
        ["Not registered: No registration recorded", "c"],
        ["Not registered: Registration expired on 30 November 2024", "c"],
    ]
    assert people["worker_b"].full_name not in str(content)


def test_asye_completion_and_retention_are_the_early_careers_pages_figures(people: dict) -> None:
    # Cohort of September 2024, decided in reporting year 2025 (1 October 2024 to 30 September
    # 2025): three passed and one failed on 8 September 2025: 3 of 4 = 75.0%. Two of them in
    # team A: one passed, one failed: 1 of 2 = 50.0%.
    # Cohort of September 2022, all passed on 6 September 2023 (reporting year 2023): one left
    # on 31 March 2024, so 2 of the 3 were still employed on 6 September 2025, two years on:
    # 66.7% is 2025's retention. Its completion, 3 of 3 = 100.0%, is 2023's.
    recent = CohortFactory(name="ASYE September 2024", starts_on=D(2024, 9, 2))
    team_a, team_b = people["team_a"], people["team_b"]
    for team, outcome in ((team_a, "pass"), (team_a, "fail"), (team_b, "pass"), (team_b, "pass")):
        staff = StaffMemberFactory(team=team, start_date=D(2024, 9, 2))
        enrolment = enrolment_create(cohort=recent, staff=staff, by=None, start=staff.start_date)
        outcome_record(enrolment=enrolment, by=None, outcome=outcome, outcome_on=D(2025, 9, 8))
    older = CohortFactory(name="ASYE September 2022", starts_on=D(2022, 9, 5))
    for left in (None, None, D(2024, 3, 31)):
        staff = StaffMemberFactory(team=team_b, start_date=D(2022, 9, 5), end_date=left)
        enrolment = enrolment_create(cohort=older, staff=staff, by=None, start=staff.start_date)
        outcome_record(enrolment=enrolment, by=None, outcome="pass", outcome_on=D(2023, 9, 6))
    psw = client_for(people["users"][Role.PSW])
    page = psw.get(reverse("development:index")).content.decode()
    recent_row = page.split("ASYE September 2024")[1].split("</tr>")[0]
    older_row = page.split("ASYE September 2022")[1].split("</tr>")[0]
    assert "75.0%" in recent_row
    assert "100.0%" in older_row
    assert "2 years: 2 of 3" in older_row
    card = scorecard_rows(psw.get(reverse("reporting:scorecard"), {"year": 2025}).content.decode())
    # scorecard cells: 2025, target, status, 2021, 2022, 2023, 2024
    assert card["ASYE completed"][0] == "75.0"
    assert card["ASYE completed"][3:7] == ["\N{EN DASH}", "\N{EN DASH}", "100.0", "\N{EN DASH}"]
    assert card["ASYE retention"][0] == "66.7"
    team = scorecard_rows(
        psw.get(
            reverse("reporting:scorecard"), {"scope": f"team-{team_a.pk}", "year": 2025}
        ).content.decode()
    )
    assert team["ASYE completed"][0] == "50.0"
    # The annual report: the decisions of 2025 by outcome, 3, 1 and 4: all under 5, all c
    tables = report_content(year=2025)[1]["asye"].tables
    assert tables[0].rows[0][:2] == ["ASYE completed", "75.0"]
    assert tables[1].rows == [
        ["Passed", "c"],
        ["Failed", "c"],
        ["Left the programme", "0"],
        ["All decisions", "c"],
    ]


def test_agency_rules_followed_is_the_agency_compliance_pages_figure(people: dict) -> None:
    # Live on 30 September 2025: Mina (team A) and Bertie (team B) meet all six rules; Pat
    # (team A) has 2 years' post-qualified experience, under the 3 the guidance asks: not met.
    # 2 of 3 followed = 66.7%; team A: 1 of 2 = 50.0%. None live on 30 September 2024 (all
    # started on 7 July 2025; and the rules were not in force then): no figure for 2024.
    PriceCapFactory()
    AgencyEngagementFactory(staff__team=people["team_a"], staff__given_name="Mina")
    AgencyEngagementFactory(staff__team=people["team_b"], staff__given_name="Bertie")
    AgencyEngagementFactory(
        staff__team=people["team_a"], staff__given_name="Pat", pqe_years=Decimal(2)
    )
    psw = client_for(people["users"][Role.PSW])
    page = psw.get(reverse("recruitment:agency")).content.decode()
    assert "3 live assignments; 1 rule not met." in page
    card = scorecard_rows(psw.get(reverse("reporting:scorecard"), {"year": 2025}).content.decode())
    assert card["Agency rules followed"][0] == "66.7"
    assert card["Agency rules followed"][6] == "\N{EN DASH}"
    team = scorecard_rows(
        psw.get(
            reverse("reporting:scorecard"), {"scope": f"team-{people['team_a'].pk}", "year": 2025}
        ).content.decode()
    )
    assert team["Agency rules followed"][0] == "50.0"
    # The annual report: each rule's outcomes for the 3 assignments: 3 met, or 2 met and 1 not
    # met (experience); under 5, so c, and the total of 3 with them.
    rules = report_content(year=2025)[1]["recruitment"].tables[1]
    assert rules.rows[0] == ["Within the regional price cap", "c", "0", "0"]
    assert rules.rows[1] == ["3 years' post-qualified experience", "c", "c", "0"]


def test_students_a_year_is_the_students_pages_count_against_its_target(people: dict) -> None:
    # Three students start final placements on 6 January 2025 (year to 30 September 2025),
    # two in team A and one in team B; one more started on 8 January 2024 (2024) in team B.
    # 2025: 3 students against the early careers target of 4 a year (the default): red;
    # team A: 2. 2024: 1.
    for n, (team, start) in enumerate(
        (("team_a", D(2025, 1, 6)), ("team_a", D(2025, 1, 6)), ("team_b", D(2025, 1, 6)),
         ("team_b", D(2024, 1, 8)))
    ):  # fmt: skip
        student = student_create(
            by=None, given_name=f"Sam{n}", family_name="Student", route="step_up",
            provider="Northfield",
        )  # fmt: skip
        placement_create(
            student=student, by=None, kind="final", days=100, team=people[team], start=start,
            end=start + dt.timedelta(days=140),
        )  # fmt: skip
    psw = client_for(people["users"][Role.PSW])
    years = {row.year: row.students for row in student_years(user=people["users"][Role.PSW])}
    assert years == {2024: 1, 2025: 3}
    card = scorecard_rows(psw.get(reverse("reporting:scorecard"), {"year": 2025}).content.decode())
    row = card["Students on placement"]
    assert row[:3] == ["3", "4", "Red: off target"]
    assert row[6] == "1"
    team = scorecard_rows(
        psw.get(
            reverse("reporting:scorecard"), {"scope": f"team-{people['team_a'].pk}", "year": 2025}
        ).content.decode()
    )
    assert team["Students on placement"][0] == "2"
