"""Each role's home page in a browser: signed in, the page lists what needs their attention,
passes axe, and each item's link opens the page where it is dealt with."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from tests.web.site.busy import busy

from .test_sign_in_and_navigation import assert_accessible, sign_in

REFUSED = re.compile("You cannot see this page|Page not found|Sorry, there is a problem")
"""The headings of the 403, 404 and 500 pages."""

# For each role: (item on the home page, the address its link opens).
ATTENTION: dict[Role, list[tuple[str, str]]] = {
    Role.PSW: [
        ("waiting", "/caseloads/board/"),
        ("overload", "/caseloads/"),
        ("hotspots", "/caseloads/experience/"),
        ("audits-overdue", "/quality/audits/"),
        ("audits-moderation", "/quality/audits/"),
        ("actions-overdue", "/quality/actions/"),
        ("audits-grades", "/quality/"),
    ],
    Role.SERVICE_MANAGER: [
        ("waiting", "/caseloads/board/"),
        ("audits-overdue", "/quality/audits/"),
    ],
    Role.TEAM_MANAGER: [
        ("waiting", "/caseloads/board/"),
        ("over-capacity", "/caseloads/?scope=mine"),
        ("audits-to-do", "/quality/audits/"),
        ("actions-owned", "/quality/actions/?mine=1"),
    ],
    Role.HR: [
        ("starters", "/staff/new/"),
        ("leavers", "/voice/leavers/"),
        ("census-rejects", "/census/"),
        ("import-staff", "/staff/import/"),
    ],
    Role.ANALYST: [
        ("census", "/census/tasks/{job}/"),
        ("release", "/workforce/comparisons/"),
        ("import-allocations", "/caseloads/import/"),
    ],
    Role.SOCIAL_WORKER: [
        ("my-cases", "/caseloads/mine/"),
        ("feedback", "/quality/audits/"),
    ],
    Role.ADMINISTRATOR: [
        ("audit-trail", "/audit/"),
        ("status", "/status/"),
    ],
}


@pytest.mark.e2e
@pytest.mark.parametrize("role", list(ATTENTION), ids=lambda role: role.name)
def test_the_home_page_links_each_item_to_where_it_is_dealt_with(
    page: Page, live_server: LiveServer, people: dict, settings: object, role: Role
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    found = busy(people)
    sign_in(page, live_server.url, people["users"][role].username)
    expect(page.locator("main")).to_contain_text("What needs your attention on 30 September 2025")
    assert_accessible(page)
    for key, address in ATTENTION[role]:
        address = address.format(job=found["job"].pk)
        row = page.locator(f"#item-{key}")
        expect(row).to_be_visible()
        link = row.locator(".govuk-summary-list__actions a")
        expect(link).to_have_attribute("href", address)
        link.click()
        expect(page).to_have_url(f"{live_server.url}{address}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(REFUSED)
        page.go_back()
    page.locator("footer").get_by_role("link", name="Service status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service status")
    assert_accessible(page)
