"""Agency workers and recruitment in a browser: HR records an agency worker above the cap and is
told an approval is needed; the PSW sees every rule's status for live assignments and downloads
the quarterly DfE data; a conversion to permanent shows in the quarter's conversions; a team
manager follows a vacancy from advert to start. Each page checked with axe."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.recruitment.models import Advert, Application, PriceCap, Vacancy
from csc_workforce.web.workforce.services import staff_convert
from tests.factories import AgencyEngagementFactory, StaffMemberFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


@pytest.mark.e2e
def test_agency_rules_quarterly_data_conversions_and_a_vacancy(
    page: Page, live_server: LiveServer, people: dict, settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    PriceCap.objects.create(
        region="E12000001",
        job_type="senior_social_worker",
        effective_from=dt.date(2024, 10, 31),
        hourly_cap=Decimal("44.00"),
    )
    StaffMemberFactory(
        team=people["team_a"],
        employment_type="agency",
        start_date=dt.date(2025, 8, 4),
        given_name="Ada",
        family_name="Lovelace",
    )
    converting = StaffMemberFactory(
        team=people["team_a"], employment_type="agency", start_date=dt.date(2024, 3, 4)
    )
    AgencyEngagementFactory(staff=converting)  # live in July, so in 2025Q3's data
    staff_convert(
        staff=converting,
        by=people["users"][Role.HR],
        on=dt.date(2025, 8, 1),
        employment_type="permanent",
    )
    post = Post.objects.create(
        team=people["team_a"], reference="A-7", role_level=5, fte=1, funded_from=dt.date(2020, 1, 1)
    )
    vacancy = Vacancy.objects.create(
        post=post, title="Social worker, Team A", reason="vacancy", opened_on=dt.date(2025, 6, 2)
    )
    advert = Advert.objects.create(
        vacancy=vacancy,
        where="professional",
        opened_on=dt.date(2025, 6, 9),
        closes_on=dt.date(2025, 6, 30),
        cost=Decimal(450),
    )
    Application.objects.create(
        advert=advert,
        candidate_name="Priya Patel",
        candidate_email="priya@example.com",
        source="word_of_mouth",
        applied_on=dt.date(2025, 6, 12),
    )

    # HR records the agency worker above the cap and is told an approval is needed
    sign_in(page, live_server.url, "hr")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recruitment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recruitment and agency workers")
    assert_accessible(page)
    page.get_by_role("link", name="Agency compliance").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_role("link", name="Record the engagement details").click()
    page.get_by_label("Agency", exact=True).fill("Brightpath Locums")
    page.get_by_label("Hourly charge to the authority (£, VAT excluded)").fill("47.50")
    page.get_by_role("button", name="Save the engagement details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the job type: a rate is capped by job type"
    )
    assert_accessible(page)
    page.get_by_label("Job type").select_option("senior_social_worker")
    page.get_by_label("Post or reason covered").select_option("vacancy")
    page.get_by_label("Hourly pay rate to the worker (£)").fill("34.00")
    page.get_by_label("Notice period (weeks)").fill("4")
    page.get_by_role("button", name="Save the engagement details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Approval needed: £3.50 an hour above the cap of £44.00"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text("needs the approval of")
    assert_accessible(page)
    sign_out(page)

    # The PSW sees each rule's status and downloads the quarterly data
    sign_in(page, live_server.url, "psw")
    page.goto(f"{live_server.url}/recruitment/agency/")
    table = page.locator("#assignments")
    expect(table).to_contain_text("Ada Lovelace")
    expect(table).to_contain_text("Not met")
    expect(table).to_contain_text("Unknown")
    page.get_by_role("link", name="Quarterly agency data for DfE").click()
    assert_accessible(page)
    page.get_by_label("Quarter").fill("2025Q3")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as CSV").click()
    assert download.value.suggested_filename == "agency-data-2025Q3.csv"
    page.reload()
    expect(page.get_by_role("table", name="Produced before")).to_contain_text("2025Q3")

    # The conversion to permanent in August shows in 2025Q3's conversions
    page.goto(f"{live_server.url}/recruitment/pipeline/")
    assert_accessible(page)
    conversions = page.locator("#conversions tr", has_text="2025Q3")
    expect(conversions.locator("td").first).to_have_text("1")
    sign_out(page)

    # The team manager follows their team's vacancy from advert to start
    application = Application.objects.get()
    application.shortlisted_on = dt.date(2025, 6, 16)
    application.interviewed_on = dt.date(2025, 6, 25)
    application.offered_on = dt.date(2025, 6, 27)
    application.save()
    sign_in(page, live_server.url, "team_manager")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recruitment").click()
    page.get_by_role("link", name="Recruitment pipeline").click()
    expect(page.locator("#open-vacancies")).to_contain_text("Offered: 1")
    page.get_by_role("link", name="Social worker, Team A").click()
    expect(page.locator("#applications")).to_contain_text("Offered")
    assert_accessible(page)
    application.dbs_cleared_on = application.references_cleared_on = dt.date(2025, 7, 20)
    application.registration_checked_on = dt.date(2025, 6, 28)
    application.started_on = dt.date(2025, 8, 4)
    application.save()
    page.reload()
    expect(page.locator("#applications")).to_contain_text("Started on 4 August 2025")
