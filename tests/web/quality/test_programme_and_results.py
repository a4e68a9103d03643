import datetime as dt
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus
from csc_workforce.web.quality.models import AuditTemplate, CaseAudit
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def service(db: None) -> dict[str, object]:
    """Two teams; team A has 6 children in need, 3 on protection plans and 1 looked after;
    team B has 4 children in need. Team A's manager and the PSW can audit."""
    teams = {}
    for name, mix in (("A", ["child_in_need"] * 6 + ["child_protection"] * 3 +
                      ["child_looked_after"]), ("B", ["child_in_need"] * 4)):  # fmt: skip
        team = TeamFactory(name=f"Team {name}")
        worker = StaffMemberFactory(team=team)
        for number, status in enumerate(mix):
            case = Case.objects.create(cms_id=f"{name}{number:04d}", opened=dt.date(2025, 1, 6))
            CaseStatus.objects.create(case=case, status=status, start=dt.date(2025, 1, 6))
            Allocation.objects.create(case=case, worker=worker, start=dt.date(2025, 1, 6))
        teams[name] = team
    manager = StaffMemberFactory(team=teams["A"], role_level=3)
    tm = UserFactory(username="tm.a", roles=[Role.TEAM_MANAGER])
    manager.user = tm
    manager.save()
    teams["A"].managers.add(manager)
    psw = UserFactory(username="psw.qa", roles=[Role.PSW])
    return {"teams": teams, "tm": tm, "psw": psw}


def test_a_month_s_programme_samples_by_team_and_status(service: dict) -> None:
    psw = client_for(service["psw"])
    template = AuditTemplate.objects.get(name="Full case file audit")
    response = psw.post(
        reverse("quality:programme"),
        {
            "month_0": "9",
            "month_1": "2025",
            "template": str(template.pk),
            "per_team": "5",
            "skip_within_days": "180",
        },
    )
    assert response.status_code == 302
    audits = CaseAudit.objects.select_related("case")
    team_a = [a for a in audits if a.team == service["teams"]["A"]]
    team_b = [a for a in audits if a.team == service["teams"]["B"]]
    # Team A, 5 places over 6 CIN / 3 CP / 1 CLA: 3, 1 and 1 (largest remainder, every status
    # present gets one); team B has only 4 cases.
    assert len(team_a) == 5
    assert len(team_b) == 4
    assert sorted(a.case.statuses.get().status for a in team_a) == [
        "child_in_need", "child_in_need", "child_in_need", "child_looked_after", "child_protection"
    ]  # fmt: skip
    # Team A's own manager does not audit team A while the PSW can.
    assert {a.auditor for a in team_a} == {service["psw"]}
    assert all(a.deadline == dt.date(2025, 10, 14) for a in audits)  # 10 working days on
    again = psw.post(
        reverse("quality:programme"),
        {
            "month_0": "9",
            "month_1": "2025",
            "template": str(template.pk),
            "per_team": "5",
            "skip_within_days": "180",
        },
    )
    assert "There is already a programme for September 2025" in again.content.decode()


def test_results_against_targets_and_exports(service: dict) -> None:
    template = AuditTemplate.objects.get(name="Neglect")
    grades = ["good", "good", "outstanding", "requires_improvement", "inadequate"]
    for number, grade in enumerate(grades):
        CaseAudit.objects.create(
            case=Case.objects.get(cms_id=f"A{number:04d}"),
            team=service["teams"]["A"],
            template=template,
            auditor=service["psw"],
            assigned_on=dt.date(2025, 9, 1),
            deadline=dt.date(2025, 9, 15),
            status="submitted",
            submitted_on=dt.date(2025, 9, 10),
            grade=grade,
            themes=["drift"] if number < 2 else [],
        )
    analyst = client_for(UserFactory(username="analyst.qa", roles=[Role.ANALYST]))
    page = analyst.get(reverse("quality:results")).content.decode()
    # 3 of 5 good or better = 60% (target 80%); 1 of 5 inadequate = 20% (at most 5%).
    assert "60.0%" in page
    assert "below target" in page
    assert "20.0%" in page
    assert "above target" in page
    assert "drift: 2 audits" in page
    # One row a month, team and theme: September 2025, Team A, Neglect; 5 audits, 60% in each.
    header = r'<th scope="row" class="govuk-table__header">([^<]+)</th>'
    total = r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>'
    rows = re.findall(header + total, page)
    assert rows == [("September 2025", "5"), ("Team A", "5"), ("Neglect", "5")]
    download = analyst.get(reverse("quality:results"), {"format": "csv"})
    assert download["Content-Disposition"] == 'attachment; filename="case_audits.csv"'
    csv_text = download.content.decode()
    assert csv_text.splitlines()[0].startswith("month,team,tool")
    assert len(csv_text.splitlines()) == 6
    xlsx = analyst.get(reverse("quality:results"), {"format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="case_audits.xlsx"'
    import io

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == 6


def test_a_theme_written_as_a_formula_is_exported_as_text(service: dict) -> None:
    """An auditor's theme is free text: in the CSV and Excel exports it is never a formula."""
    import csv
    import io

    CaseAudit.objects.create(
        case=Case.objects.get(cms_id="A0000"),
        team=service["teams"]["A"],
        template=AuditTemplate.objects.get(name="Neglect"),
        auditor=service["psw"],
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
        status="submitted",
        submitted_on=dt.date(2025, 9, 10),
        grade="good",
        themes=['=HYPERLINK("http://evil.invalid","drift")'],
    )
    analyst = client_for(UserFactory(username="analyst.formula", roles=[Role.ANALYST]))
    text = analyst.get(reverse("quality:results"), {"format": "csv"}).content.decode()
    themes = next(iter(csv.DictReader(io.StringIO(text))))["themes"]
    assert themes == '\'=HYPERLINK("http://evil.invalid","drift")'
    book = analyst.get(reverse("quality:results"), {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(book)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=7)
    assert (cell.value, cell.data_type) == (themes, "s")


@pytest.fixture
def four_audits(service: dict) -> dict[str, CaseAudit]:
    """Team A: a Neglect audit submitted on 10 September 2025 (good) and a full case file
    audit submitted on 20 May 2025 and moderated (inadequate); team B: a Neglect audit
    submitted on 14 March 2025 (outstanding) and one still to do, due 14 October 2025."""
    neglect = AuditTemplate.objects.get(name="Neglect")
    full = AuditTemplate.objects.get(name="Full case file audit")
    teams = service["teams"]

    def audit(cms_id: str, team: str, template: AuditTemplate, **fields: object) -> CaseAudit:
        return CaseAudit.objects.create(
            case=Case.objects.get(cms_id=cms_id),
            team=teams[team],
            template=template,
            auditor=service["psw"],
            assigned_on=dt.date(2025, 1, 6),
            deadline=dt.date(2025, 10, 14),
            **fields,
        )

    return {
        "september": audit(
            "A0000", "A", neglect, status="submitted", submitted_on=dt.date(2025, 9, 10),
            grade="good",
        ),
        "may": audit(
            "A0001", "A", full, status="moderated", submitted_on=dt.date(2025, 5, 20),
            grade="good", moderated_grade="inadequate",
        ),
        "march": audit(
            "B0000", "B", neglect, status="submitted", submitted_on=dt.date(2025, 3, 14),
            grade="outstanding",
        ),
        "to_do": audit("B0001", "B", neglect),
    }  # fmt: skip


def _completed(page: str) -> str:
    found = re.search(r"(\d+) audits? completed", page)
    assert found, page
    return found.group(1)


def test_results_filter_by_period_team_tool_and_status(
    service: dict, four_audits: dict[str, CaseAudit]
) -> None:
    psw = client_for(service["psw"])

    def results(**query: str) -> str:
        return psw.get(reverse("quality:results"), query).content.decode()

    assert _completed(results()) == "3"
    # The last 3 months to 30 September 2025: 1 July to 30 September, the September audit.
    september = results(period="3-months")
    assert _completed(september) == "1"
    assert "from 1 July 2025 to 30 September 2025" in september
    # The audit dates of those shown: all three, 14 March to 10 September 2025.
    assert "the first on 14 March 2025, the last on 10 September 2025" in results()
    # April 2024 to March 2025: the March audit only.
    assert _completed(results(period="2024-25")) == "1"
    assert _completed(results(team=str(service["teams"]["B"].pk))) == "1"
    assert _completed(results(tool="Neglect")) == "2"
    moderated = results(status="moderated")
    assert _completed(moderated) == "1"
    assert "100.0%" in moderated  # the one moderated audit is inadequate: 100% inadequate
    csv_text = psw.get(
        reverse("quality:results"), {"tool": "Neglect", "format": "csv"}
    ).content.decode()
    assert len(csv_text.splitlines()) == 3  # the header and the 2 Neglect audits
    assert "?tool=Neglect&amp;format=csv" in results(tool="Neglect")


def test_a_filter_value_not_on_its_list_is_named_and_the_others_apply(
    service: dict, four_audits: dict[str, CaseAudit]
) -> None:
    psw = client_for(service["psw"])
    page = psw.get(reverse("quality:results"), {"period": "1999", "tool": "Neglect"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in text
    assert '<a href="#id_period">Select a period from the list</a>' in text
    assert "<title>Error: Case audit results" in text
    assert _completed(text) == "2"  # the tool still applies
    for query, message in (
        ({"team": "team-999"}, "Select a team from the list"),
        ({"tool": "No such tool"}, "Select an audit tool from the list"),
        ({"status": "lost"}, "Select a status from the list"),
    ):
        assert message in psw.get(reverse("quality:audits"), query).content.decode()


def test_a_team_manager_filters_only_by_their_own_teams(
    service: dict, four_audits: dict[str, CaseAudit]
) -> None:
    tm = client_for(service["tm"])
    other = str(service["teams"]["B"].pk)
    assert tm.get(reverse("quality:results"), {"team": other}).status_code == 404
    assert tm.get(reverse("quality:audits"), {"team": other}).status_code == 404
    page = tm.get(reverse("quality:results")).content.decode()
    options = re.findall(r'<option value="(\d+)"', page[page.index('id="id_team"') :])
    assert options == [str(service["teams"]["A"].pk)]


def test_the_audit_list_shows_each_audit_s_date_and_filters(
    service: dict, four_audits: dict[str, CaseAudit]
) -> None:
    manager = UserFactory(username="sm.qa", roles=[Role.SERVICE_MANAGER])
    client = client_for(manager)
    everything = client.get(reverse("quality:audits")).content.decode()
    assert "10 Sep 2025" in everything  # submitted
    assert "Due 14 Oct 2025" in everything  # still to do
    team_b = client.get(
        reverse("quality:audits"), {"team": str(service["teams"]["B"].pk)}
    ).content.decode()
    assert "B0000" in team_b
    assert "B0001" in team_b
    assert "A0000" not in team_b
    to_do = client.get(reverse("quality:audits"), {"status": "assigned"}).content.decode()
    assert "B0001" in to_do
    assert "B0000" not in to_do
    may = client.get(
        reverse("quality:audits"), {"period": "2025-26", "tool": "Full case file audit"}
    )
    assert "A0001" in may.content.decode()
    assert "A0000" not in may.content.decode()
