"""Retention in a browser: the PSW goes from the workforce dashboard to the retention curves,
opens a curve's table and chooses a team; each page checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import StaffMemberFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in


@pytest.mark.e2e
def test_the_psw_reads_the_retention_curves(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    for year in range(2016, 2024):
        StaffMemberFactory(
            team=people["team_a"],
            start_date=dt.date(year, 3, 1),
            end_date=dt.date(year + 1 + year % 3, 8, 31),
        )
    sign_in(page, live_server.url, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Workforce").click()
    page.get_by_role("link", name="How long people stay in post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Retention: how long people stay in post"
    )
    expect(
        page.get_by_role("img", name="Share still in post by years since starting: whole workforce")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Whole workforce: the curves at each whole year as a table").click()
    expect(
        page.get_by_role(
            "table", name="Per cent still in post by whole years since starting: whole workforce"
        )
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Part of the authority").select_option(label="Team B")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Too few to say").first).to_be_visible()
    assert_accessible(page)
