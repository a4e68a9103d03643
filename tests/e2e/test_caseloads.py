"""A team manager sees the team's loads and allocates a child from the board, in a browser."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus, WeightingModelVersion
from tests.factories import StaffMemberFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


@pytest.mark.e2e
def test_a_team_manager_allocates_a_child_from_the_board(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    WeightingModelVersion.objects.create(
        effective_from=dt.date(2020, 1, 1),
        full_time_target=Decimal(2176),
        status_points={"child_in_need": 120, "child_protection": 150},
        complexity_points={"low": 0, "medium": 20, "high": 40},
        travel_points={"near": 0, "medium": 10, "far": 20},
        asye_alone_forbidden=["child_protection"],
    )
    worker = StaffMemberFactory(team=people["team_a"], given_name="Robin", family_name="Carter")
    case = Case.objects.create(
        cms_id="NF1234567", complexity="medium", travel_band="near", opened=dt.date(2025, 9, 20)
    )
    CaseStatus.objects.create(case=case, status="child_in_need", start=dt.date(2025, 9, 20))

    sign_in(page, live_server.url, "team_manager")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Caseloads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseloads")
    assert_accessible(page)

    page.get_by_role("link", name="Allocate a child").click()
    page.get_by_role("link", name="NF1234567").click()
    expect(
        page.get_by_role("table", name="Each worker's load if they take the case")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Worker", exact=True).select_option(
        label=f"Robin Carter ({people['team_a']})"
    )
    page.get_by_label("Why this worker").fill("Lowest load in the team; knows the school")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Case NF1234567 allocated to Robin Carter")).to_be_visible()
    assert Allocation.objects.get(case=case).worker == worker

    menu.get_by_role("link", name="Children's experience").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children's experience")
    assert_accessible(page)
    sign_out(page)
