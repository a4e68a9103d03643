"""The retention page: Kaplan-Meier curves of time in post from the register, by hand."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import LocalAuthority, StaffMember, Team
from tests.conftest import client_for
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def authority(db: None, settings: object) -> LocalAuthority:
    """A register whose history starts on 1 January 2020, looked at on 30 September 2025."""
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    authority = LocalAuthorityFactory(history_from=dt.date(2020, 1, 1))
    team = TeamFactory(service_area__authority=authority)
    start = dt.date(2020, 1, 1)
    for end in (dt.date(2020, 6, 30), dt.date(2021, 6, 30), dt.date(2022, 6, 30), None):
        StaffMemberFactory(team=team, start_date=start, end_date=end)
    # Began before the history: counted from 1 January 2020, 730 days into their time in post.
    StaffMemberFactory(team=team, start_date=dt.date(2018, 1, 1), end_date=dt.date(2021, 12, 31))
    # Left before the history began: not counted.
    StaffMemberFactory(team=team, start_date=dt.date(2010, 1, 1), end_date=dt.date(2015, 1, 1))
    StaffMemberFactory(
        team=team, start_date=dt.date(2024, 1, 1), employment_type=StaffMember.Employment.AGENCY
    )
    return authority


def row_of(page: str, caption: str, name: str) -> list[str]:
    table = page.split(caption, 1)[1].split("</table>", 1)[0]
    row = re.search(
        rf'<th scope="row" class="govuk-table__header">{name}</th>(.*?)</tr>', table, re.S
    )
    assert row is not None
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_the_psw_sees_the_curves_worked_by_hand(authority: LocalAuthority) -> None:
    psw = UserFactory(username="retention.psw", roles=[Role.PSW])
    page = client_for(psw).get(reverse("workforce:retention")).content.decode()
    # Days in post (start to end inclusive), entry at the history start:
    #   three who started 1 Jan 2020 and left after 182, 547 and 912 days;
    #   one still in post after 2,100 days (366+365+365+365+366+273);
    #   one who started 1 Jan 2018 (entry 730) and left after 1,461 days;
    #   an agency worker still in post after 639 days (366+273).
    # At risk and leaving: 182: 5 (the 2018 starter not yet entered), 1 -> S = 4/5 = 0.8
    #   547: 4, 1 -> 0.8 * 3/4 = 0.6;  912: 3 (agency worker gone), 1 -> 0.6 * 2/3 = 0.4
    #   1461: 2, 1 -> 0.4 * 1/2 = 0.2
    # Median: S first at or under 0.5 at 912 days = 912 / 365.25 = 2.5 years.
    # After 1 year (365 days) 80%, 2 years (730) 60%, 5 years (1826) 20%.
    whole = row_of(page, "share still in post: whole workforce", "Whole workforce")
    assert whole[:2] == ["6", "4"]
    assert whole[2].startswith("2.5 ")
    assert [cell.split(" ")[0] for cell in whole[3:]] == ["80%", "60%", "20%"]
    # The agency worker alone is too few to say anything about.
    assert row_of(page, "share still in post: employment type", "Agency") == ["Too few to say"]
    assert row_of(page, "share still in post: employment type", "Permanent")[:2] == ["5", "4"]
    # Leavers by service: 182 and 547 days under 2 years, 912 and 1461 days 2 to 5 years; two
    # and two, four in all: each fewer than 5 people, so none is shown.
    assert row_of(page, "Leavers by length of service</caption>", "Under 2 years") == ["c"]
    assert row_of(page, "Leavers by length of service</caption>", "All leavers") == ["c"]
    assert "of leavers had less than 5 years" not in page
    assert page.count("<svg") == 5  # the whole workforce and four splits
    assert page.count("fill-opacity: 0.15") == 1  # the whole workforce's interval, shaded
    assert "The shaded area is the 95% confidence interval" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PSW, 200),
        (Role.SERVICE_MANAGER, 200),
        (Role.HR, 200),
        (Role.ANALYST, 200),
        (Role.TEAM_MANAGER, 403),
        (Role.SOCIAL_WORKER, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_who_may_see_retention(authority: LocalAuthority, role: Role, status: int) -> None:
    user = UserFactory(username=f"user.{role.name.lower()}", roles=[role])
    assert client_for(user).get(reverse("workforce:retention")).status_code == status


def test_a_team_counts_those_whose_first_job_was_there(authority: LocalAuthority) -> None:
    other = TeamFactory(service_area__authority=authority, team_type=Team.TeamType.FOSTERING)
    StaffMemberFactory(team=other, start_date=dt.date(2021, 1, 1))
    psw = UserFactory(username="retention.psw", roles=[Role.PSW])
    page = client_for(psw).get(reverse("workforce:retention"), {"scope": f"team-{other.pk}"})
    content = page.content.decode()
    assert row_of(content, "share still in post: whole workforce", "Whole workforce") == [
        "Too few to say"
    ]
    assert (
        client_for(psw).get(reverse("workforce:retention"), {"scope": "team-0"}).status_code == 404
    )
