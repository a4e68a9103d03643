"""Signing in, the service navigation each role sees, signing out, and axe checks on the
main pages, in a real browser (Debian chromium driven by Playwright)."""

import re
import time
from base64 import b32encode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from tests.conftest import authenticator_code
from tests.factories import PASSWORD
from tests.navigation import EXPECTED_NAVIGATION

from .conftest import TIMEOUT_MS

SIGN_IN_HEADING = "Sign in to CSC Workforce"
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    """No axe violation of serious or critical impact on the page as it is now."""
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]\n"
        + "\n".join(f"    {', '.join(map(str, n['target']))}: {n['html']}" for n in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe violations on {page.url}:\n{report}"


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Open the home page signed out, follow the redirect to sign in, and sign in."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if "/sign-in/two-factor/set-up/" in page.url:  # Administrator, PSW and HR: the first time
        set_up_authenticator(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page).to_have_url(f"{base_url}/")


def set_up_authenticator(page: Page) -> None:
    """Type the key the page shows into an "app" (RFC 6238 computed here), enter its code, and
    go on past the recovery codes; the pages checked with axe on the way."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(
        page.get_by_role("img", name="QR code holding the secret key shown below")
    ).to_be_visible()
    assert_accessible(page)
    key = page.locator("#key").inner_text()
    page.get_by_label("Code from the app").fill(authenticator_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Authenticator app set up")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()


def menu_links(page: Page) -> list[str]:
    menu = page.get_by_role("navigation", name="Menu")
    return [text.strip() for text in menu.get_by_role("link").all_inner_texts()]


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)


@pytest.mark.e2e
@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
def test_each_role_signs_in_sees_its_navigation_and_signs_out(
    page: Page, live_server: LiveServer, people: dict[str, object], role: Role
) -> None:
    base_url = live_server.url
    sign_in(page, base_url, role.name.lower())

    expect(page.get_by_role("banner")).to_contain_text("CSC Workforce")
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text("CSC Workforce")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Beta")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("This is a new service.")

    assert menu_links(page) == EXPECTED_NAVIGATION[role]
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    expect(menu.get_by_role("link", name="Home")).to_have_attribute("aria-current", "true")

    assert_accessible(page)
    sign_out(page)


@pytest.mark.e2e
def test_sign_in_page_and_its_error_summary_are_accessible(
    page: Page, live_server: LiveServer, people: dict[str, object]
) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter your username")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_attribute("aria-describedby", re.compile("error"))
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    assert_accessible(page)


@pytest.mark.e2e
def test_psw_pages_are_accessible(
    page: Page, live_server: LiveServer, people: dict[str, object]
) -> None:
    sign_in(page, live_server.url, "psw")
    menu = page.get_by_role("navigation", name="Menu")

    menu.get_by_role("link", name="Teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    expect(menu.get_by_role("link", name="Teams")).to_have_attribute("aria-current", "true")
    assert_accessible(page)

    page.get_by_role("link", name="Team A", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team A")
    assert_accessible(page)

    page.get_by_role("link", name=people["colleague_a"].full_name).click()  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=2, name="Job history")).to_have_count(0)
    expect(page.get_by_role("table", name="Job history")).to_be_visible()
    assert_accessible(page)

    menu.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    assert_accessible(page)

    menu.get_by_role("link", name="Workforce").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workforce indicators")
    expect(page.get_by_role("img", name="Turnover rate")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change the comparator authorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparison data")
    assert_accessible(page)

    menu.get_by_role("link", name="Census").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CSWW census return")
    page.get_by_role("button", name="Write the return").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export from the register")
    assert_accessible(page)

    sign_out(page)


@pytest.mark.e2e
def test_signing_in_works_without_javascript(
    browser: Browser, live_server: LiveServer, people: dict[str, object]
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "team_manager")
        assert menu_links(page) == EXPECTED_NAVIGATION[Role.TEAM_MANAGER]
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        sign_out(page)
    finally:
        context.close()


@pytest.mark.e2e
def test_a_password_administrator_is_asked_for_a_one_time_code(
    page: Page, live_server: LiveServer, people: dict[str, object]
) -> None:
    sign_in(page, live_server.url, "administrator")  # sets up the app the first time
    sign_out(page)
    key = b32encode(TOTPDevice.objects.get(user__username="administrator").bin_key).decode()
    page.get_by_label("Username").fill("administrator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    page.get_by_label("Code").fill(authenticator_code(key, at=time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("Home")
    assert menu_links(page) == EXPECTED_NAVIGATION[Role.ADMINISTRATOR]
