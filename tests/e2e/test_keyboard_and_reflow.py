"""What the accessibility statement says was tested beyond axe: signing in and moving between
pages with the keyboard alone, and pages reflowing into 320 CSS pixels (WCAG 2.2, 1.4.10): nothing
but a data table (which the criterion lets scroll both ways) is wider than the screen, and each
such table scrolls inside its own region ({% scroll_region %}: named by its caption, taking the
keyboard's focus) while the page itself never scrolls sideways."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus, WeightingModelVersion

from .conftest import TIMEOUT_MS
from .test_sign_in_and_navigation import SIGN_IN_HEADING, sign_in


def tab_to(page: Page, name: str, *, limit: int = 40) -> None:
    """Press Tab until the focused element's text is ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.e2e
def test_signing_in_and_moving_between_pages_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, people: dict[str, object]
) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    tab_to(page, "Skip to main content")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    page.keyboard.type("team_manager")
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    tab_to(page, "Teams")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    tab_to(page, "Team A")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team A")


OUTSIDE_TABLES_WIDER_THAN_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('table'))
  .filter(e => !e.closest('.app-scroll-region'))
  .filter(e => getComputedStyle(e).display !== 'none')
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
"""
WIDE_TABLES_OUTSIDE_A_REGION = """
[...document.querySelectorAll('table')]
  .filter(t => t.scrollWidth > window.innerWidth)
  .filter(t => {
    const region = t.closest('.app-scroll-region');
    if (!region) return true;
    const name = region.getAttribute('aria-labelledby');
    const named = name ? document.getElementById(name)?.textContent.trim() : region.ariaLabel;
    return region.getAttribute('role') !== 'region' || region.tabIndex !== 0 || !named
      || region.getBoundingClientRect().right > window.innerWidth + 0.5;
  })
  .map(t => t.caption ? t.caption.textContent.trim() : t.outerHTML.slice(0, 80))
"""
REFLOW_PAGES = [
    "/",
    "/teams/",
    "/workforce/",
    "/census/",
    "/quality/",
    "/quality/audits/",
    "/caseloads/",
    "/caseloads/board/",
    "/caseloads/experience/",
    "/caseloads/history/",
    "/caseloads/weighting/",
    "/caseloads/reductions/",
    "/quality/actions/",
    "/quality/programme/",
    "/voice/",
    "/voice/surveys/",
    "/voice/leavers/",
    "/audit/",
    "/development/",
    "/development/supervision/",
    "/development/registrations/",
    "/development/training/",
    "/development/inductions/",
    "/development/students/",
    "/recruitment/agency/",
    "/recruitment/pipeline/",
    "/recruitment/pay/",
    "/reporting/scorecard/",
    "/reporting/annual/",
    "/status/",
]


@pytest.mark.e2e
def test_pages_reflow_into_320_pixels(
    browser: Browser, live_server: LiveServer, people: dict[str, Any], settings: Any
) -> None:
    settings.CSCW_TODAY = "2025-09-30"
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        # A weighting model, a worker's cases and a child waiting: the caseload pages' tables.
        WeightingModelVersion.objects.create(
            effective_from=dt.date(2020, 1, 1),
            full_time_target=Decimal(2176),
            status_points={"child_in_need": 120},
            complexity_points={"low": 0, "medium": 20, "high": 40},
            travel_points={"near": 0, "medium": 10, "far": 20},
        )
        for number in range(3):
            case = Case.objects.create(
                cms_id=f"NF000000{number}", complexity="low", opened=dt.date(2025, 9, 1)
            )
            CaseStatus.objects.create(case=case, status="child_in_need", start=case.opened)
            if number:
                Allocation.objects.create(
                    case=case, worker=people["colleague_a"], start=case.opened
                )
        page = context.new_page()
        page.goto(f"{live_server.url}/sign-in/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        sign_in(page, live_server.url, "psw")
        wide, unscrolled, page_scrolls = {}, {}, {}
        for path in REFLOW_PAGES:
            page.goto(f"{live_server.url}{path}")
            overflowing = page.evaluate(OUTSIDE_TABLES_WIDER_THAN_SCREEN)
            if overflowing:
                wide[path] = overflowing
            tables = page.evaluate(WIDE_TABLES_OUTSIDE_A_REGION)
            if tables:
                unscrolled[path] = tables
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                page_scrolls[path] = width
        assert not wide, f"content other than tables wider than 320 px: {wide}"
        assert not unscrolled, f"tables wider than 320 px outside a scroll region: {unscrolled}"
        assert not page_scrolls, f"pages that scroll sideways at 320 px: {page_scrolls}"
    finally:
        context.close()


@pytest.mark.e2e
def test_a_wide_table_s_region_scrolls_with_the_keyboard(
    browser: Browser, live_server: LiveServer, people: dict[str, object]
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "psw")
        page.goto(f"{live_server.url}/teams/")
        region = page.locator(".app-scroll-region").first
        expect(region).to_have_attribute("role", "region")
        region.focus()
        assert page.evaluate("document.activeElement.classList.contains('app-scroll-region')")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(region).not_to_have_js_property("scrollLeft", 0)
        assert page.evaluate("window.scrollX") == 0  # the table scrolled, not the page
    finally:
        context.close()
