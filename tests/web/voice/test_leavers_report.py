"""The leavers' and joiners' report: counts from the register, questionnaire answers
suppressed, the same in its CSV."""

from __future__ import annotations

import datetime as dt

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.voice.models import ExitQuestionnaire, SurveyTemplate
from tests.conftest import client_for
from tests.factories import StaffMemberFactory

END = dt.date(2025, 9, 20)
STARTS = [dt.date(2025, 1, 6), dt.date(2024, 1, 8), dt.date(2023, 9, 20)]
STARTS += [dt.date(2021, 1, 4), dt.date(2020, 9, 20), dt.date(2010, 4, 1)]


def _leavers(people: dict) -> None:
    """Six leavers on 20 September 2025 from team A, five employees and one agency worker;
    all answer the exit questionnaire: Workload the main reason for 4, Pay for 2; all six tick
    Workload among their reasons, the two Pay as well."""
    exit_template = SurveyTemplate.objects.get(kind="exit")
    for number, start in enumerate(STARTS):
        agency = number == 5
        person = StaffMemberFactory(
            team=people["team_a"],
            start_date=start,
            end_date=END,
            employment_type="agency" if agency else "permanent",
            reason_leave="" if agency else ("5" if number == 4 else "1"),
        )
        main = "Pay" if number < 2 else "Workload"
        ExitQuestionnaire.objects.create(
            staff=person,
            template=exit_template,
            token_hash=f"{number:064d}",
            sent_on=END,
            answered_on=END,
            answers={"exit_main_reason": main, "exit_reasons": sorted({"Workload", main})},
        )


def test_the_report_counts_leavers_by_register_and_suppresses_answers(people: dict) -> None:
    _leavers(people)
    hr = client_for(people["users"][Role.HR])
    page = hr.get("/voice/leavers/report/?from=2024-10-01&to=2025-09-30")
    report = page.context["report"]
    assert report.leavers == 6
    tables = {t.title: t for t in report.leaver_tables + report.exit_tables}
    reasons = dict(tables["Reason for leaving (DfE)"].rows)
    assert (reasons["Resignation"], reasons["Retired"], reasons["Not recorded"]) == (4, 1, 1)
    # completed years at 20 Sep 2025: 0; 1 (20 months); 1 (a day short of 2)... see STARTS
    # 2025-01-06 -> 0; 2024-01-08 -> 1; 2023-09-20 -> 2; 2021-01-04 -> 4; 2020-09-20 -> 5;
    # 2010-04-01 -> 15
    assert dict(tables["Length of service"].rows) == {
        "Less than 1 year": 1,
        "1 to 2 years": 1,
        "2 to 5 years": 2,
        "5 years or more": 2,
    }
    assert dict(tables["Engagement"].rows) == {"Permanent": 5, "Agency": 1}
    main = tables["The reason that mattered most (exit questionnaire)"]
    assert dict(main.rows)["Workload"] is None  # 4, under 5
    assert dict(main.rows)["Pay"] is None  # 2, under 5
    assert main.total == 6
    ticked = dict(tables["Reasons for leaving (exit questionnaire, any that apply)"].rows)
    assert (ticked["Workload"], ticked["Pay"], ticked["Travel"]) == (6, None, 0)
    csv = hr.get("/voice/leavers/report/?from=2024-10-01&to=2025-09-30&format=csv")
    assert csv["Content-Disposition"] == 'attachment; filename="leavers-and-joiners.csv"'
    text = csv.content.decode()
    assert (
        "2024-10-01 to 2025-09-30,The reason that mattered most (exit questionnaire),Workload,c"
        in text
    )
    assert "Reason for leaving (DfE),Resignation,4" in text


def test_a_period_without_them_counts_nobody(people: dict) -> None:
    _leavers(people)
    page = client_for(people["users"][Role.PSW]).get(
        "/voice/leavers/report/?from=2023-10-01&to=2024-09-30"
    )
    assert page.context["report"].leavers == 0


def test_only_psw_and_hr_open_the_report(people: dict) -> None:
    for role in (Role.ANALYST, Role.TEAM_MANAGER, Role.SOCIAL_WORKER):
        assert client_for(people["users"][role]).get("/voice/leavers/report/").status_code == 403


def test_the_report_opens_with_no_joiners_questionnaire_stored(people: dict) -> None:
    """A PSW may have no joiners' questionnaire (never stored, or removed): the report still
    opens, its joiners' answers listed without the questionnaire's options."""
    SurveyTemplate.objects.filter(kind="joiners").delete()
    page = client_for(people["users"][Role.PSW]).get(
        "/voice/leavers/report/?from=2024-10-01&to=2025-09-30"
    )
    assert page.status_code == 200


def test_a_period_typed_wrongly_is_named_not_replaced(people: dict) -> None:
    hr = client_for(people["users"][Role.HR])
    backwards = hr.get("/voice/leavers/report/?from=2025-09-30&to=2024-10-01").content.decode()
    assert "There is a problem" in backwards
    assert "The first day must be the same as or before the last day" in backwards
    assert "people left" not in backwards  # no report for a period the person did not ask for
    typo = hr.get("/voice/leavers/report/?from=2025-02-30").content.decode()
    assert "Enter the first day as a real date, like 2024-10-01" in typo
    shown = hr.get("/voice/leavers/report/").content.decode()
    assert 'value="2024-10-01"' in shown  # the default period, a year to today (30 Sep 2025)
