"""The regional hub in a browser: the analyst follows "Regional hub" in the navigation of the
region's hub, chooses a measure, opens the movements; in an authority's installation, sees its
own figures and no other authority's. Each page checked with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.web.hub.conftest import OTHERS, write_pooled

from .test_sign_in_and_navigation import assert_accessible, sign_in


@pytest.mark.e2e
def test_the_analyst_reads_the_region_s_hub_and_an_authority_s(
    page: Page,
    live_server: LiveServer,
    people: dict[str, object],
    settings: object,
    tmp_path: Path,
) -> None:
    settings.CSCW_HUB_DIR = str(write_pooled(tmp_path / "pooled"))  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "region"  # type: ignore[attr-defined]
    sign_in(page, live_server.url, "analyst")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Regional hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional hub: overview")
    assert_accessible(page)
    page.get_by_label("Measure").select_option(label="Social workers in post (FTE)")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name="Region")).to_contain_text("302.6")
    assert_accessible(page)

    page.get_by_role("link", name="Movement between authorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Regional hub: movement between authorities"
    )
    page.get_by_label("Census year moved into").select_option(label="2023")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table").first).to_contain_text("Testshire")
    assert_accessible(page)

    settings.CSCW_HUB_MODE = "authority"  # type: ignore[attr-defined]
    for path in ("/hub/", "/hub/movement/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(".govuk-caption-l")).to_have_text("Testshire and the region")
        text = page.locator("main").inner_text()
        assert not [name for name in OTHERS if name in text]
        assert_accessible(page)
