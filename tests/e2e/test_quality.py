"""The PSW's quality pages in a browser: results, an audit tool, a practice week with an
observation, and action plans, each checked with axe."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.quality.models import Observation, PracticeWeek

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


@pytest.mark.e2e
def test_the_psw_builds_a_tool_runs_a_practice_week_and_sees_action_plans(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "psw")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Quality").click()
    assert_accessible(page)

    page.get_by_role("link", name="Audit tools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit tools")
    assert_accessible(page)
    page.get_by_role("button", name="Save the tool").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the tool's name")
    assert_accessible(page)
    page.get_by_label("Name").fill("Visits audit")
    page.get_by_label("Kind of audit").select_option("themed")
    page.get_by_label("Sections and questions").fill(
        "# Visits\n[yes_no] Was the child seen alone?\n    Say why not.\n"
    )
    page.get_by_role("button", name="Save the tool").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visits audit (version 1)")
    assert_accessible(page)

    page.goto(f"{live_server.url}/quality/practice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice weeks and observations")
    assert_accessible(page)
    page.get_by_label("Title").fill("Autumn practice week")
    for part, value in (("Day", "22"), ("Month", "9"), ("Year", "2025")):
        page.get_by_role("group", name="First day").get_by_label(part).fill(value)
    for part, value in (("Day", "26"), ("Month", "9"), ("Year", "2025")):
        page.get_by_role("group", name="Last day").get_by_label(part).fill(value)
    page.get_by_role("button", name="Plan the week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn practice week")

    for part, value in (("Day", "23"), ("Month", "9"), ("Year", "2025")):
        page.get_by_role("group", name="Date").get_by_label(part).fill(value)
    page.get_by_label("What was observed").select_option("home_visit")
    page.get_by_label("Good and innovative practice").fill("A life-story book made together")
    page.get_by_label("An exemplar case study to share").check()
    page.get_by_role("button", name="Record the observation").click()
    expect(page.locator("main")).to_contain_text("1 observation")
    expect(page.locator("main")).to_contain_text("A life-story book made together")
    assert_accessible(page)
    week = PracticeWeek.objects.get()
    assert Observation.objects.get().week == week

    page.goto(f"{live_server.url}/quality/self-evaluation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("elf-evaluation")
    assert_accessible(page)

    page.goto(f"{live_server.url}/quality/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")
    assert_accessible(page)
    # A mistyped year (1995 for 2025) is refused: the error summary names the field.
    for name, value in (("issue", "No chronology"), ("action", "Write it"), ("risk", "Lost")):
        page.locator(f'[name="new-{name}"]').fill(value)
    page.locator('[name="new-priority"]').select_option("medium")
    page.locator('[name="new-owner"]').select_option(index=1)
    page.locator('[name="new-source"]').select_option("audit")
    for part, value in (("Day", "31"), ("Month", "10"), ("Year", "1995")):
        page.get_by_role("group", name="Proposed date").get_by_label(part).fill(value)
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The proposed date must be on or after 30 September 2024"
    )
    assert_accessible(page)
    sign_out(page)
