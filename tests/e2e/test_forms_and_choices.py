"""Forms in a browser: HR's empty "Add a staff member" lists GOV.UK messages naming each field
(none of Django's defaults), the PSW asks for a programme by month and year, and the analyst
chooses comparator authorities by name; each page checked with axe."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.organisation.models import LocalAuthority

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out

DJANGO_DEFAULTS = re.compile(r"This field is required|Enter a valid|Select a valid choice|Ensure")


@pytest.mark.e2e
def test_form_errors_name_the_field_and_choices_are_made_by_name(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}/staff/new/")
    role = page.get_by_label("Role (CSWW organisational role)")
    expect(role).to_have_value("")  # no role chosen for the person, not "Senior manager"
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    for message in ("Enter the given name", "Select the team", "Select the role", "Enter the FTE"):
        expect(summary.get_by_role("link", name=message, exact=True)).to_be_visible()
    assert not DJANGO_DEFAULTS.search(page.locator("main").inner_text())
    assert_accessible(page)
    summary.get_by_role("link", name="Select the team", exact=True).click()
    expect(page.get_by_label("Team", exact=True)).to_be_focused()
    page.get_by_label("FTE (full-time equivalent)").fill("1.5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("FTE must be 1 or less")
    sign_out(page)

    sign_in(page, live_server.url, "psw")
    page.goto(f"{live_server.url}/quality/programme/")
    month = page.get_by_role("group", name="Month")
    expect(month.get_by_label("Day")).to_have_count(0)  # a month, not "any day in it"
    month.get_by_label("Month").fill("13")
    month.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Sample the cases").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The month must be a real month, with a month from 1 to 12"
    )
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/workforce/comparisons/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparison data")
    page.get_by_role("button", name="Save comparators").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one authority to compare with"
    )
    assert_accessible(page)
    page.get_by_label("Sunderland", exact=True).check()
    page.get_by_label("Gateshead", exact=True).check()
    page.get_by_role("button", name="Save comparators").click()
    expect(page.get_by_text("Comparator authorities saved")).to_be_visible()
    expect(page.get_by_label("Gateshead", exact=True)).to_be_checked()
    authority = LocalAuthority.objects.get()
    assert [c.name for c in authority.comparators.all()] == ["Gateshead", "Sunderland"]


@pytest.mark.e2e
def test_a_period_typed_backwards_is_named_and_links_lead_only_where_the_role_may_go(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}/voice/leavers/report/")
    expect(page.get_by_label("First day")).to_have_value("2024-10-01")
    page.get_by_label("First day").fill("2025-09-30")
    page.get_by_label("Last day").fill("2024-10-01")
    page.get_by_role("button", name="Show this period").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The first day must be the same as or before the last day")
    expect(page.get_by_text("people left")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/census/")
    expect(page.get_by_role("link", name="record them for 2025")).to_have_count(0)
    expect(page.get_by_text("HR or the PSW record them")).to_be_visible()
    page.goto(f"{live_server.url}/workforce/?scope=team-999")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("is not one you can look at")).to_be_visible()
    assert_accessible(page)
