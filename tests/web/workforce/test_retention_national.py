"""The retention page's leavers with less than 5 years' service beside England's published
shares (``core.national_leavers``), worked by hand."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import LocalAuthority, StaffMember
from tests.conftest import client_for
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.web.workforce.test_retention_curves import row_of

CAPTION = "Share of leavers with less than 5 years' service, here and in England</caption>"


@pytest.fixture
def authority(db: None, settings: object) -> LocalAuthority:
    """A register whose history starts on 1 October 2016, looked at on 30 September 2025. In
    reporting year 2022 (1 October 2021 to 30 September 2022) twelve people left, on 30 June
    2022: seven who started on 1 January 2019 (1,277 days: 3 whole years) and five who started
    on 1 January 2015 (2,738 days: 7 whole years). Nobody left in reporting year 2017."""
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    authority = LocalAuthorityFactory(history_from=dt.date(2016, 10, 1))
    team = TeamFactory(service_area__authority=authority)
    left = dt.date(2022, 6, 30)
    for _ in range(7):
        StaffMemberFactory(team=team, start_date=dt.date(2019, 1, 1), end_date=left)
    for _ in range(5):
        StaffMemberFactory(team=team, start_date=dt.date(2015, 1, 1), end_date=left)
    StaffMemberFactory(team=team, start_date=dt.date(2018, 1, 1))  # in post
    return authority


def page_of() -> str:
    psw = UserFactory(username="retention.psw", roles=[Role.PSW])
    return client_for(psw).get(reverse("workforce:retention")).content.decode()


def test_our_share_beside_england_by_hand(authority: LocalAuthority) -> None:
    page = page_of()
    # 2021-22: 7 of 12 leavers had less than 5 years' service: 7 / 12 = 58.3%; England 70.4%.
    assert row_of(page, CAPTION, "30 September 2022") == ["12", "7", "58.3%", "70.4%"]
    # 2016-17: nobody left here; England 62.9%.
    assert row_of(page, CAPTION, "30 September 2017") == ["0", "Nobody left in this year", "62.9%"]
    # The period's sentence: 7 of 12 = 58%.
    assert "58% of leavers had less than 5 years' service" in page
    assert "communitycare.co.uk/2023/02/24/" in page
    assert "40% rise in number of social workers quitting children" in page
    assert "No national comparison" not in page


def test_the_comparison_downloads_in_excel(authority: LocalAuthority) -> None:
    hr = UserFactory(username="retention.hr", roles=[Role.HR])
    response = client_for(hr).get(reverse("workforce:retention"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Under 5 years against England"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == [
        "Year ending 30 September",
        "Leavers here (directly employed)",
        "Of whom less than 5 years' service",
        "Share here (%)",
        "England (%)",
    ]
    assert [row[:5] for row in rows[1:]] == [
        [2017, 0, 0, "No leavers", "62.9"],
        [2022, 12, 7, "58.3", "70.4"],
    ]
    assert all("communitycare.co.uk" in row[5] for row in rows[1:])


def test_a_year_outside_the_history_is_not_covered(authority: LocalAuthority) -> None:
    authority.history_from = dt.date(2016, 10, 2)
    authority.save()
    page = page_of()
    assert row_of(page, CAPTION, "30 September 2017")[0].startswith("Not covered")
    assert row_of(page, CAPTION, "30 September 2022") == ["12", "7", "58.3%", "70.4%"]


def test_a_count_that_subtraction_would_reveal_is_hidden(authority: LocalAuthority) -> None:
    # An agency worker who started on 1 January 2019 left on 30 June 2022 (1,277 days: 3
    # years, as the seven). DfE's leavers leave agency workers out, so 2022 here would still be
    # 7 of 12; but leavers by length of service (all leavers, agency workers among them) would
    # show 8 in "2 to 5 years", and 8 - 7 = 1 leaver with under 5 years outside the year's
    # directly employed: that one agency worker. So the year's counts, and its share, are
    # hidden; the bands (8, 5 and 13 in all) stay shown.
    team = TeamFactory(service_area__authority=authority)
    StaffMemberFactory(
        team=team,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2022, 6, 30),
        employment_type=StaffMember.Employment.AGENCY,
    )
    page = page_of()
    bands = "Leavers by length of service</caption>"
    assert row_of(page, bands, "2 to 5 years") == ["8"]
    assert row_of(page, bands, "5 to 10 years") == ["5"]
    assert row_of(page, bands, "All leavers") == ["13"]
    assert row_of(page, CAPTION, "30 September 2022") == ["c", "c", "c", "70.4%"]
    assert "58.3%" not in page
