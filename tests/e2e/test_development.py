"""Growing our own in a browser: the PSW follows an ASYE cohort to completion and sees who
stayed, beside a cohort of the two-year programme; a team manager sees their ASYE's overdue
review and their starter's induction, and ticks an item off; each page checked with axe."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import Cohort, Enrolment, Programme
from csc_workforce.web.development.services import enrolment_create, outcome_record
from csc_workforce.web.workforce.services import staff_create
from tests.factories import StaffMemberFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


def _fill_date(page: Page, group: str, day: dt.date) -> None:
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        page.get_by_role("group", name=group).get_by_label(part).fill(str(value))


def _shipped_programmes() -> None:
    """The programmes and checklists the app's migration stores (browser tests empty the tables
    after each test)."""
    if not Programme.objects.exists():
        migration = importlib.import_module(
            "csc_workforce.web.development.migrations.0002_early_careers"
        )
        migration.ship(apps, None)


@pytest.mark.e2e
def test_a_cohort_is_followed_to_completion_and_a_manager_sees_their_starters(
    page: Page, live_server: LiveServer, people: dict, settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    _shipped_programmes()
    asye = Programme.objects.get(kind="asye")
    cohort = Cohort.objects.create(
        programme=asye, name="ASYE September 2023", starts_on=dt.date(2023, 9, 1)
    )
    Cohort.objects.create(
        programme=Programme.objects.get(kind="early_career"),
        name="Early career programme 2025",
        starts_on=dt.date(2025, 9, 1),
    )
    stayed = StaffMemberFactory(given_name="Amira", family_name="Stayed", team=people["team_a"])
    gone = StaffMemberFactory(
        given_name="Ben", family_name="Gone", team=people["team_b"], end_date=dt.date(2025, 3, 31)
    )
    for person in (stayed, gone):
        person.start_date = dt.date(2023, 9, 4)
        person.save()
    done = enrolment_create(cohort=cohort, staff=gone, by=None, start=dt.date(2023, 9, 4))
    outcome_record(enrolment=done, by=None, outcome="pass", outcome_on=dt.date(2024, 9, 4))
    enrolment_create(cohort=cohort, staff=stayed, by=None, start=dt.date(2023, 9, 4))
    newly = StaffMemberFactory(
        given_name="Cara", family_name="Newly", team=people["team_a"], local_role="asye"
    )
    newly.start_date = dt.date(2025, 1, 6)
    newly.save()
    enrolment_create(
        cohort=Cohort.objects.create(
            programme=asye, name="ASYE January 2025", starts_on=dt.date(2025, 1, 6)
        ),
        staff=newly,
        by=None,
        start=dt.date(2025, 1, 6),
        line_manager=people["manager"],
    )
    staff_create(
        by=people["users"][Role.HR],
        start_date=dt.date(2025, 9, 1),
        team=people["team_a"],
        role_level=5,
        local_role="social_worker",
        job_title="Social worker",
        fte=Decimal(1),
        employment_type="permanent",
        given_name="Dev",
        family_name="Starter",
        swe_number="SW0901001",
        start_origin="2",
    )

    sign_in(page, live_server.url, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Development", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Development")
    # both programmes side by side
    expect(page.get_by_role("row", name="Early career programme 2025")).to_contain_text(
        "Early career development programme"
    )
    expect(page.get_by_role("row", name="ASYE September 2023")).to_contain_text("ASYE")
    assert_accessible(page)
    page.get_by_role("link", name="Early career programmes").click()
    expect(page.get_by_role("heading", name="Early career development programme")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="ASYE September 2023").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ASYE September 2023")
    expect(page.get_by_role("row", name="Ben Gone")).to_contain_text("Left on 31 March 2025")
    assert_accessible(page)
    page.get_by_role("link", name="Amira Stayed").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Stayed")
    # an outcome dated before the programme started is refused, naming the field
    page.get_by_label("Final outcome").select_option("pass")
    _fill_date(page, "Outcome date", dt.date(2023, 1, 1))
    page.locator("form", has=page.get_by_label("Final outcome")).get_by_role(
        "button", name="Save"
    ).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "on or after the programme started, on 4 September 2023"
    )
    assert_accessible(page)
    _fill_date(page, "Outcome date", dt.date(2024, 9, 4))
    page.locator("form", has=page.get_by_label("Final outcome")).get_by_role(
        "button", name="Save"
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded")
    assert Enrolment.objects.get(staff=stayed).outcome == "pass"

    page.get_by_role("link", name="ASYE September 2023").click()
    expect(page.get_by_role("row", name="Amira Stayed")).to_contain_text("Yes")
    page.get_by_role("link", name="Development").first.click()
    # both passed; one still employed a year on (4 September 2025), the other left in March
    row = page.get_by_role("row", name="ASYE September 2023")
    expect(row).to_contain_text("100.0%")
    expect(row).to_contain_text("1 of 2")
    for link, heading in (
        ("Students and routes into social work", "Students and routes into social work"),
        ("Progression", "Progression"),
        ("Leadership and post-qualifying awards", "Leadership and post-qualifying awards"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        page.go_back()
    sign_out(page)

    sign_in(page, live_server.url, "team_manager")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Development", exact=True
    ).click()
    overdue = page.get_by_role(
        "table", name="Reviews not held by their due date, of workers you see"
    )
    expect(overdue).to_contain_text("Cara Newly")
    expect(overdue).to_contain_text("Three-month review")
    expect(page.get_by_role("link", name="Ben Gone")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Induction of starters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction of starters")
    assert_accessible(page)
    page.get_by_role("link", name="Dev Starter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction of Dev Starter")
    assert_accessible(page)
    page.get_by_label("Item").select_option(label="Case management system training")
    _fill_date(page, "Done on", dt.date(2025, 9, 5))
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("row", name="Case management system training")).to_contain_text(
        "5 September 2025"
    )
