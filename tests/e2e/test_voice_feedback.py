"""Complaints, compliments and feedback from children and families in a browser: a team
manager records a complaint (first with mistakes) and a child's feedback, reads the counts per
quarter as a chart and a table, moves the complaint on a stage; an administrator sees the log
with the case reference masked and no free text. Each page checked with axe."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.voice.models import PracticeFeedback

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


def _date(page: Page, group: str, day: str, month: str, year: str) -> None:
    for part, value in (("Day", day), ("Month", month), ("Year", year)):
        page.get_by_role("group", name=group).get_by_label(part).fill(value)


@pytest.mark.e2e
def test_a_complaint_and_feedback_are_recorded_counted_and_shown_masked(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "team_manager")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff voice").click()
    page.get_by_role(
        "link", name="Complaints, compliments and feedback from children and families"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Complaints, compliments and feedback from children and families"
    )
    expect(page.get_by_text("Nothing recorded in this period.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a complaint, compliment or feedback").click()
    page.get_by_label("What is it").select_option(label="Complaint")
    page.get_by_label("Case reference (optional)").fill("Jane Smith")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter the date received")
    expect(summary).to_contain_text("Select at least one theme")
    assert_accessible(page)
    assert not PracticeFeedback.objects.exists()

    _date(page, "Date received", "2", "9", "2025")
    page.get_by_label("Team", exact=True).select_option(label="Team A")
    page.get_by_label("Communication and being kept informed").check()
    page.get_by_label("Stage (complaints)").select_option(label="Stage 1: local resolution")
    page.get_by_label("Outcome (complaints)").select_option(label="Not yet decided")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("never the child's name")
    page.get_by_label("Case reference (optional)").fill("NF0012345")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_contain_text(
        "Complaint received 2 September 2025 saved"
    )

    page.get_by_role("link", name="Record a complaint, compliment or feedback").click()
    page.get_by_label("What is it").select_option(label="Feedback from a child or family")
    _date(page, "Date received", "14", "8", "2025")
    page.get_by_label("Team", exact=True).select_option(label="Team A")
    page.get_by_label("Relationship with the social worker").check()
    page.get_by_label("Being listened to and involved in plans").check()
    page.get_by_label("Who gave the feedback (feedback)").select_option(
        label="Child or young person"
    )
    page.get_by_label("Where it was gathered (feedback)").select_option(
        label="At a review or conference"
    )
    page.get_by_label("What was said (feedback)").fill("My worker listens to me.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Complaints, compliments")
    expect(page.locator("figure svg")).to_have_count(1)
    page.get_by_text("Entries per quarter as a table").click()
    row = page.get_by_role("row", name=re.compile("^Complaint"))
    expect(row.first).to_contain_text("1")
    expect(page.get_by_text("NF0012345")).to_be_visible()  # a team manager allocates
    expect(page.get_by_text("My worker listens to me.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("2 Sep 2025")).click()
    page.get_by_label("Stage (complaints)").select_option(label="Stage 2: investigation")
    page.get_by_label("Outcome (complaints)").select_option(label="Partly upheld")
    page.get_by_label("Learning identified (optional)").fill("Ring families back within 2 days")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Stage 2: investigation; partly upheld")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, "administrator")
    page.goto(f"{live_server.url}/voice/feedback/")
    expect(page.get_by_text("••••••345")).to_be_visible()
    expect(page.get_by_text("NF0012345")).to_have_count(0)
    expect(page.get_by_text("My worker listens to me.")).to_have_count(0)
    expect(page.get_by_text("Ring families back")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Record a complaint, compliment or feedback")
    ).to_have_count(0)
    assert_accessible(page)
