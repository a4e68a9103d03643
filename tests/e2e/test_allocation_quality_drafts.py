"""Journeys of the pages that show more (issue 13), in a browser, with axe: allocating a child
from the board with their case summary and the suggested worker chosen already; filtering the
audit results and list; and an audit saved as a draft, resumed and submitted, with the warning
before an idle session ends."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus, WeightingModelVersion
from csc_workforce.web.quality.models import (
    AuditTemplate,
    CaseAudit,
    Question,
    TemplateSection,
)
from tests.factories import StaffMemberFactory

from .test_sign_in_and_navigation import SIGN_IN_HEADING, assert_accessible, sign_in


@pytest.mark.e2e
def test_the_board_summarises_the_child_and_allocates_to_the_suggested_worker(
    page: Page, live_server: LiveServer, people: dict[str, Any], settings: Any
) -> None:
    settings.CSCW_TODAY = "2025-09-30"
    WeightingModelVersion.objects.create(
        effective_from=dt.date(2020, 1, 1),
        full_time_target=Decimal(2176),
        status_points={"child_in_need": 120, "child_protection": 150},
        complexity_points={"low": 0, "medium": 20, "high": 40},
        travel_points={"near": 0, "medium": 10, "far": 20},
    )
    robin = StaffMemberFactory(team=people["team_a"], given_name="Robin", family_name="Carter")
    case = Case.objects.create(
        cms_id="NF7000001",
        complexity="medium",
        travel_band="near",
        opened=dt.date(2025, 9, 20),
        date_of_birth=dt.date(2012, 2, 1),  # 13 on 30 September 2025
        sibling_group="F7",
    )
    CaseStatus.objects.create(case=case, status="child_protection", start=dt.date(2025, 9, 20))
    brother = Case.objects.create(
        cms_id="NF7000002", complexity="low", opened=dt.date(2025, 6, 1), sibling_group="F7"
    )
    CaseStatus.objects.create(case=brother, status="child_in_need", start=dt.date(2025, 6, 1))
    Allocation.objects.create(case=brother, worker=robin, start=dt.date(2025, 6, 1))

    sign_in(page, live_server.url, "team_manager")
    page.goto(f"{live_server.url}/caseloads/board/")
    page.get_by_role("link", name="NF7000001").click()
    summary = page.locator("#case-summary")
    expect(summary).to_contain_text("Child protection plan")
    expect(summary).to_contain_text("10 to 15")
    expect(summary).to_contain_text("1 with an open case")
    # Robin works with the child's brother: suggested, chosen already, and the reason given.
    expect(page.locator("#suggested-worker")).to_contain_text(
        "Suggested: Robin Carter (Team A). Works with the child's brother or sister."
    )
    worker = page.get_by_label("Worker", exact=True)
    expect(worker).to_have_value(str(robin.pk))
    assert_accessible(page)
    page.get_by_label("Why this worker").fill("Works with the brother already")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Case NF7000001 allocated to Robin Carter")).to_be_visible()
    assert Allocation.objects.get(case=case).worker == robin


def _tool(name: str, kind: str, questions: list[tuple[str, str]]) -> AuditTemplate:
    """The shipped audit tool ``name``, or one of one section made here (a live server's
    database loses the shipped ones once a test before has flushed it)."""
    shipped = AuditTemplate.objects.filter(name=name, is_current=True).first()
    if shipped is not None:
        return shipped
    tool = AuditTemplate.objects.create(name=name, kind=kind, theme=name.lower())
    section = TemplateSection.objects.create(template=tool, title="Practice")
    for order, (text, answer_type) in enumerate(questions):
        Question.objects.create(section=section, text=text, answer_type=answer_type, order=order)
    return tool


def _audits(people: dict[str, Any]) -> dict[str, CaseAudit]:
    """Team A: a Neglect audit submitted on 10 September 2025 (good); team B: a Neglect audit
    submitted on 14 March 2025 (outstanding); the team manager's voice of the child audit to
    do."""
    neglect = _tool("Neglect", "themed", [("Is neglect recognised?", "grade")])
    voice = _tool(
        "Voice of the child",
        "themed",
        [
            ("How well is the child's voice heard?", "grade"),
            ("Was the child seen alone?", "yes_no"),
            ("What did the child say?", "text"),
        ],
    )
    auditor = people["users"][Role.PSW]
    made = {}
    for name, team, submitted, grade in (
        ("NF8000001", "team_a", dt.date(2025, 9, 10), "good"),
        ("NF8000002", "team_b", dt.date(2025, 3, 14), "outstanding"),
    ):
        made[name] = CaseAudit.objects.create(
            case=Case.objects.create(cms_id=name, opened=dt.date(2025, 1, 6)),
            team=people[team],
            template=neglect,
            auditor=auditor,
            assigned_on=dt.date(2025, 1, 6),
            deadline=dt.date(2025, 9, 20),
            status="submitted",
            submitted_on=submitted,
            grade=grade,
        )
    made["to_do"] = CaseAudit.objects.create(
        case=Case.objects.create(cms_id="NF8000003", opened=dt.date(2025, 1, 6)),
        team=people["team_b"],
        practitioner=people["worker_b"],
        template=voice,
        auditor=people["users"][Role.TEAM_MANAGER],
        assigned_on=dt.date(2025, 9, 22),
        deadline=dt.date(2025, 10, 6),
    )
    return made


@pytest.mark.e2e
def test_the_audit_results_and_list_filter_by_period_team_tool_and_status(
    page: Page, live_server: LiveServer, people: dict[str, Any], settings: Any
) -> None:
    settings.CSCW_TODAY = "2025-09-30"
    _audits(people)
    sign_in(page, live_server.url, "service_manager")
    page.goto(f"{live_server.url}/quality/")
    expect(page.get_by_text("2 audits completed")).to_be_visible()
    page.get_by_label("Period").select_option(label="The last 3 months")
    page.get_by_label("Audit tool").select_option(label="Neglect")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_text("1 audit completed from 1 July 2025 to 30 September 2025")
    ).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/quality/audits/")
    page.get_by_label("Team").select_option(label="Team B")
    page.get_by_label("Status").select_option(label="Submitted")
    page.get_by_role("button", name="Show").click()
    others = page.get_by_role("table", name="Other audits you can see")
    expect(others).to_contain_text("NF8000002")
    expect(others).to_contain_text("14 Mar 2025")  # the audit's date
    expect(others).not_to_contain_text("NF8000001")
    expect(others).not_to_contain_text("NF8000003")
    assert_accessible(page)

    page.goto(f"{live_server.url}/quality/audits/?period=1999")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a period from the list")
    expect(summary).to_be_focused()
    assert_accessible(page)


@pytest.mark.e2e
def test_an_audit_saved_as_a_draft_is_resumed_and_submitted(
    page: Page, live_server: LiveServer, people: dict[str, Any], settings: Any
) -> None:
    settings.CSCW_TODAY = "2025-09-30"
    audit = _audits(people)["to_do"]
    questions = list(Question.objects.filter(section__template=audit.template))
    sign_in(page, live_server.url, "team_manager")
    page.goto(f"{live_server.url}/quality/audits/{audit.pk}/")
    expect(page.locator("#idle-limit")).to_contain_text("30 minutes")
    first = questions[0]
    page.get_by_label(first.text).select_option(index=1)
    page.get_by_label("Findings").fill("Her words are quoted in the plan; the visits are late")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Draft saved at")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/quality/audits/")  # away, and back
    page.get_by_role("link", name="NF8000003").click()
    expect(page.locator("#draft-saved")).to_be_visible()
    expect(page.get_by_label("Findings")).to_have_value(
        "Her words are quoted in the plan; the visits are late"
    )
    expect(page.get_by_label(first.text)).not_to_have_value("")
    for question in questions[1:]:
        field = page.get_by_label(question.text)
        if question.answer_type == "text":
            field.fill("Direct work recorded")
        else:
            field.select_option(index=1)
    page.get_by_label("Overall grade").select_option(label="Good")
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text("Audit submitted")).to_be_visible()
    audit.refresh_from_db()
    assert (audit.status, audit.draft) == ("submitted", {})


@pytest.mark.e2e
def test_the_idle_warning_keeps_the_session_or_saves_the_audit_before_it_ends(
    page: Page, live_server: LiveServer, people: dict[str, Any], settings: Any
) -> None:
    settings.CSCW_TODAY = "2025-09-30"
    audit = _audits(people)["to_do"]
    sign_in(page, live_server.url, "team_manager")
    # A session of 20 seconds: the warning opens halfway, with 10 seconds left.
    settings.SESSION_COOKIE_AGE = 20
    page.goto(f"{live_server.url}/quality/audits/{audit.pk}/")
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_visible(timeout=15_000)
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.get_by_label("Findings").fill("Written while the session ran out")
    # Nobody answers the next warning: the audit is saved as a draft, then signed out.
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING, timeout=25_000)
    audit.refresh_from_db()
    assert audit.draft["findings"] == "Written while the session ran out"
    assert audit.status == "assigned"
