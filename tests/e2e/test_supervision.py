"""Supervision and registration in a browser, the issue's "done when": a team manager sees who
is overdue for supervision and records a session (a future date refused first), the PSW sees
the renewals at risk in October and the 1 December check, and a social worker records CPD and
sees their own supervision history; each page checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.development.models import CpdRecord, Registration, SupervisionSession

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


@pytest.mark.e2e
def test_overdue_supervision_renewals_at_risk_and_ones_own_development(
    page: Page, live_server: LiveServer, people: dict, settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    own, colleague, manager = people["own"], people["colleague_a"], people["manager"]
    SupervisionSession.objects.create(
        staff=own, supervisor=manager, held_on=dt.date(2025, 9, 3), minutes=90, kind="individual"
    )
    for person in (own, colleague, manager):
        Registration.objects.create(
            swe_number=person.swe_number,
            status="registered",
            expires_on=dt.date(2025, 11, 30),
            checked_on=dt.date(2025, 9, 1),
        )
    base = live_server.url

    sign_in(page, base, "team_manager")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Development", exact=True
    ).click()
    page.get_by_role("link", name="Supervision: compliance and who is overdue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    overdue = page.get_by_role("table").filter(has_text="Days overdue")
    expect(overdue).to_contain_text(colleague.full_name)
    assert_accessible(page)
    overdue.get_by_role("link", name=colleague.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(colleague.full_name)
    assert_accessible(page)
    session_form = page.locator("form").filter(has_text="Record the session")
    for part, value in (("Day", "1"), ("Month", "10"), ("Year", "2025")):
        session_form.get_by_role("group", name="Date of the session").get_by_label(part).fill(value)
    session_form.get_by_label("Supervisor").select_option(label=manager.full_name)
    session_form.get_by_label("Length in minutes").fill("90")
    session_form.get_by_role("button", name="Record the session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    assert_accessible(page)
    assert not SupervisionSession.objects.filter(staff=colleague).exists()
    session_form = page.locator("form").filter(has_text="Record the session")
    session_form.get_by_role("group", name="Date of the session").get_by_label("Day").fill("29")
    session_form.get_by_role("group", name="Date of the session").get_by_label("Month").fill("9")
    session_form.get_by_role("button", name="Record the session").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "Supervision session recorded"
    )
    expect(page.get_by_role("table").filter(has_text="Sessions, newest first")).to_contain_text(
        "29 Sep 2025"
    )
    assert SupervisionSession.objects.filter(staff=colleague).count() == 1
    sign_out(page)

    sign_in(page, base, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Development", exact=True
    ).click()
    page.get_by_role("link", name="Social Work England registrations and renewals at risk").click()
    page.get_by_label("As at (YYYY-MM-DD)").fill("2025-10-15")
    page.get_by_role("button", name="Show").click()
    at_risk = page.get_by_role("table").filter(has_text="Why at risk")
    expect(at_risk).to_contain_text(own.full_name)
    expect(at_risk).to_contain_text("needs 2 more pieces of CPD and a peer reflection")
    assert_accessible(page)
    page.get_by_role("link", name="The 1 December 2025 check").click()
    expect(page.get_by_role("heading", name="Not registered on 1 December 2025")).to_be_visible()
    check = page.get_by_role("table").filter(has_text="Cases held")
    expect(check).to_contain_text("Registration expired on 30 November 2025")
    expect(check).to_contain_text(people["worker_b"].full_name)
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Development", exact=True
    ).click()
    page.get_by_role(
        "link", name="Training: mandatory training, evaluations, training needs and protected time"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training and development")
    page.get_by_role("button", name="Add the course").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the course's name")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, "social_worker")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My development").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My development")
    expect(page.get_by_role("table").filter(has_text="Sessions, newest first")).to_contain_text(
        "3 Sep 2025"
    )
    assert_accessible(page)
    cpd = page.locator("form").filter(has_text="Record CPD")
    cpd.get_by_role("button", name="Record CPD").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you learnt")
    assert_accessible(page)
    cpd = page.locator("form").filter(has_text="Record CPD")
    for part, value in (("Day", "12"), ("Month", "9"), ("Year", "2025")):
        cpd.get_by_role("group", name="Date of the CPD").get_by_label(part).fill(value)
    cpd.get_by_label("What the CPD was").fill("Contextual safeguarding")
    cpd.get_by_label("What you learnt").fill("Mapping peer groups")
    cpd.get_by_label("The impact on your practice").fill("Safety plans outside the home")
    cpd.get_by_label("Peer reflection (optional)").fill("Talked it through with a colleague")
    cpd.get_by_role("button", name="Record CPD").click()
    expect(page.get_by_role("table").filter(has_text="CPD recorded")).to_contain_text(
        "Contextual safeguarding"
    )
    assert CpdRecord.objects.get().staff == own
    assert_accessible(page)
