"""The retention page: Kaplan-Meier curves of time in post from the register, by hand."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.services import enrolment_create
from csc_workforce.web.organisation.models import LocalAuthority, StaffMember, Team
from csc_workforce.web.recruitment.models import Incentive
from tests.conftest import client_for
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def authority(db: None, settings: object) -> LocalAuthority:
    """A register whose history starts on 1 January 2020, looked at on 30 September 2025."""
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    authority = LocalAuthorityFactory(history_from=dt.date(2020, 1, 1))
    team = TeamFactory(service_area__authority=authority)
    start = dt.date(2020, 1, 1)
    cohort = CohortFactory(name="ASYE January 2020", starts_on=start)
    permanent = [
        StaffMemberFactory(team=team, start_date=start, end_date=end)
        for end in (dt.date(2020, 6, 30), dt.date(2021, 6, 30), dt.date(2022, 6, 30), None)
    ]
    # Began before the history: counted from 1 January 2020, 730 days into their time in post.
    permanent.append(
        StaffMemberFactory(
            team=team, start_date=dt.date(2018, 1, 1), end_date=dt.date(2021, 12, 31)
        )
    )
    # The five permanent staff did their ASYE here and had a retention payment from their
    # first day (in the history).
    for staff in permanent:
        enrolment_create(cohort=cohort, staff=staff, by=None, start=start)
        Incentive.objects.create(
            staff=staff, kind="retention_payment", amount=Decimal(2000), start_date=start
        )
    # Left before the history began: not counted.
    StaffMemberFactory(team=team, start_date=dt.date(2010, 1, 1), end_date=dt.date(2015, 1, 1))
    agency = StaffMemberFactory(
        team=team, start_date=dt.date(2024, 1, 1), employment_type=StaffMember.Employment.AGENCY
    )
    # A payment that begins after the day looked at does not count.
    Incentive.objects.create(
        staff=agency, kind="retention_payment", amount=Decimal(1000), start_date=dt.date(2026, 1, 1)
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
    assert page.count("<svg") == 7  # the whole workforce and six splits
    assert page.count('fill-opacity="0.15"') == 1  # the whole workforce's interval, shaded
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


# The five permanent staff without the agency worker (who was at risk at 182 and 547 days):
#   182 days: 4 at risk (the 2018 starter enters at 730), 1 leaves -> S = 3/4 = 0.75
#   547: 3, 1 -> 0.75 * 2/3 = 0.5;  912: 3 (the 2018 starter now in), 1 -> 0.5 * 2/3 = 0.3333
#   1461: 2, 1 -> 0.1667.  Median: S first at or under 0.5 at 547 days = 1.4976 years -> 1.5.
#   After 1 year 75%, 2 years (730 days: S from 547) 50%, 5 years 17%.
FIVE = ["5", "4"]


def test_the_asye_cohort_and_retention_payment_splits_by_hand(authority: LocalAuthority) -> None:
    psw = UserFactory(username="retention.psw", roles=[Role.PSW])
    page = client_for(psw).get(reverse("workforce:retention")).content.decode()
    for caption, name in (
        ("share still in post: asye cohort", "ASYE January 2020"),
        ("share still in post: retention payment", "Received a retention payment"),
    ):
        row = row_of(page, caption, name)
        assert row[:2] == FIVE
        assert row[2].startswith("1.5 ")
        assert [cell.split(" ")[0] for cell in row[3:]] == ["75%", "50%", "17%"]
    # The agency worker: no ASYE here, and a payment only from after the day looked at.
    assert row_of(page, "share still in post: asye cohort", "No ASYE here") == ["Too few to say"]
    assert row_of(page, "share still in post: retention payment", "No retention payment") == [
        "Too few to say"
    ]
    # Reporting year 2022 (1 October 2021 to 30 September 2022): the leavers of 30 June 2022
    # (912 days) and 31 December 2021 (1,461 days), both under 5 years: 2 of 2, too few to
    # show, and so no share; 2017 is before the history began.
    caption = "less than 5 years' service, here and in England</caption>"
    assert row_of(page, caption, "30 September 2022") == ["c", "c", "c", "70.4%"]
    assert row_of(page, caption, "30 September 2017")[0].startswith("Not covered")


def test_the_curves_download_as_csv_and_excel(authority: LocalAuthority) -> None:
    hr = UserFactory(username="retention.hr", roles=[Role.HR])
    response = client_for(hr).get(reverse("workforce:retention"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Split", "Group", "People", "Leavers"]
    paid = next(row for row in rows if row[1] == "Received a retention payment")
    assert paid[:5] == ["Retention payment", "Received a retention payment", "5", "4", "1.5"]
    assert paid[rows[0].index("After 1 year (%)")] == "75"
    assert paid[rows[0].index("Still in post after 2 yrs (%)")] == "50"
    assert ["Employment type", "Agency", "Too few to say"] in rows
    book = client_for(hr).get(reverse("workforce:retention"), {"format": "xlsx"})
    assert book["Content-Disposition"] == 'attachment; filename="retention_curves.xlsx"'


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
def test_who_may_see_the_leaving_factors(
    authority: LocalAuthority, role: Role, status: int
) -> None:
    user = UserFactory(username=f"user.{role.name.lower()}", roles=[role])
    url = reverse("workforce:retention_factors")
    assert client_for(user).get(url).status_code == status
    assert client_for(user).get(url, {"format": "csv"}).status_code == status


def test_too_few_leavers_hide_the_model_and_say_why(authority: LocalAuthority) -> None:
    psw = UserFactory(username="retention.psw", roles=[Role.PSW])
    page = client_for(psw).get(reverse("workforce:retention_factors")).content.decode()
    assert "No model is shown. Only 4 people left in the period" in page
    assert "not what caused anyone to leave" in page
    assert "The model: hazard ratios" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client_for(psw)
                .get(reverse("workforce:retention_factors"), {"format": "csv"})
                .content.decode()
            )
        )
    )
    assert rows == [
        [
            "Factor",
            "Group or amount",
            "Compared with",
            "Hazard ratio",
            "Lower 95%",
            "Upper 95%",
            "p-value",
            "People",
            "Leavers",
            "In words",
        ]
    ]
