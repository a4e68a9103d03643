"""The forecast in a browser: the PSW goes from the workforce dashboard to the forecast, saves
a scenario and reads its effect beside the baseline; each page checked with axe."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.organisation.models import Post
from tests.factories import StaffMemberFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in


@pytest.mark.e2e
def test_the_psw_saves_a_scenario_and_sees_its_effect(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    for year in range(2019, 2025):
        StaffMemberFactory(
            team=people["team_a"],
            start_date=dt.date(year, 3, 1),
            end_date=dt.date(year + 1, 8, 31),
        )
    for number in range(12):
        Post.objects.create(
            team=people["team_a"],  # type: ignore[misc]
            reference=f"E2E{number}",
            role_level=5,
            fte=Decimal(1),
            funded_from=dt.date(2019, 1, 1),
        )
    sign_in(page, live_server.url, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Workforce").click()
    page.get_by_role("link", name="Workforce forecast").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workforce forecast")
    expect(page.get_by_role("img", name="Forecast FTE in post by months ahead")).to_be_visible()
    expect(
        page.get_by_role("heading", name="How well the forecast did in past years")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a scenario").click()
    page.get_by_label("Name of the scenario").fill("Fewer leavers")
    page.get_by_label("Turnover down by (percentage points a year)").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario: Fewer leavers")
    expect(
        page.get_by_role("table", name="Effect of Fewer leavers beside the baseline")
    ).to_be_visible()
    assert_accessible(page)
