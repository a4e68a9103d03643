"""Single sign-on in a real browser, through the local OpenID provider (tests/oidc_provider.py):
a provider group gives the PSW role; someone with no mapped role is told to ask their
administrator."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.accounts.roles import Role
from tests.conftest import OpenIDProvider
from tests.navigation import EXPECTED_NAVIGATION

from .test_sign_in_and_navigation import SIGN_IN_HEADING, assert_accessible, menu_links


def sign_in_at_provider(page: Page, base_url: str, login: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Test provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    page.get_by_label("Username").fill(login)
    page.get_by_role("button", name="Continue").click()


@pytest.mark.e2e
def test_a_provider_group_signs_someone_in_as_psw(
    page: Page, live_server: LiveServer, oidc_provider: OpenIDProvider, db: None
) -> None:
    oidc_provider.knows("alex@northfield.example", sub="e2e-1", groups=["grp-psw"])
    sign_in_at_provider(page, live_server.url, "alex@northfield.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")  # no code asked for here
    assert menu_links(page) == EXPECTED_NAVIGATION[Role.PSW]


@pytest.mark.e2e
def test_someone_without_a_mapped_role_is_told_to_ask_their_administrator(
    page: Page, live_server: LiveServer, oidc_provider: OpenIDProvider, db: None
) -> None:
    oidc_provider.knows("kim@northfield.example", sub="e2e-2", groups=["grp-other"])
    sign_in_at_provider(page, live_server.url, "kim@northfield.example")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("You do not have access to CSC Workforce")
    expect(page.get_by_text("Ask your administrator to give you access")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    assert_accessible(page)
