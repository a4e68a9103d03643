"""Moving between agency work and employment: one engagement ends, the other starts, and DfE's
figures count a starter from agency work and a leaver to agency work (docs/csww.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.register import figures
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import load_register
from csc_workforce.web.workforce.services import staff_convert
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

PERSON = {"date_of_birth": dt.date(1985, 6, 15), "sex": "F", "ethnicity": "WBRI"}


@pytest.fixture
def hr(db: None) -> object:
    return UserFactory(username="hr", roles=[Role.HR])


def test_two_conversions_in_2025_are_a_starter_and_a_leaver(hr: object) -> None:
    """The issue's case: two switches in reporting year 2025 gave starters 0 and leavers 0."""
    team = TeamFactory()
    agency = StaffMemberFactory(
        team=team, employment_type="agency", swe_number="SW1", start_date=dt.date(2023, 5, 1),
        **PERSON,
    )  # fmt: skip
    employee = StaffMemberFactory(
        team=team, swe_number="SW2", start_date=dt.date(2019, 1, 7), fte=Decimal("0.8"), **PERSON
    )
    hired = staff_convert(staff=agency, by=hr, on=dt.date(2025, 4, 1), employment_type="permanent")  # type: ignore[arg-type]
    gone = staff_convert(
        staff=employee, by=hr, on=dt.date(2025, 6, 1), employment_type="agency", reason_leave="1"
    )  # type: ignore[arg-type]

    agency.refresh_from_db()
    employee.refresh_from_db()
    assert (agency.end_date, agency.reason_leave, agency.leaver_destination) == (
        dt.date(2025, 3, 31),
        "",
        "",
    )
    assert (hired.start_date, hired.start_origin, hired.swe_number) == (
        dt.date(2025, 4, 1),
        "4",  # from agency or consultancy work in social work
        "SW1",
    )
    assert (employee.end_date, employee.reason_leave, employee.leaver_destination) == (
        dt.date(2025, 5, 31),
        "1",
        "3",  # to agency or consultancy work in social work
    )
    assert (gone.employment_type, gone.start_origin, gone.fte) == ("agency", "", Decimal("0.8"))
    first, last = reporting_year_bounds(2025)
    year = figures(load_register(), first=first, last=last)
    assert (year.starters_headcount, year.starters_fte) == (1, Decimal("1.000"))
    assert (year.leavers_headcount, year.leavers_fte) == (1, Decimal("0.800"))
    assert (year.inpost_headcount, year.agency_headcount) == (1, 1)


def test_the_sign_in_and_the_teams_managed_move_to_the_new_engagement(hr: object) -> None:
    account = UserFactory(username="manager")
    team = TeamFactory()
    agency = StaffMemberFactory(team=team, employment_type="agency", user=account, **PERSON)
    team.managers.add(agency)
    hired = staff_convert(staff=agency, by=hr, on=dt.date(2025, 4, 1), employment_type="fixed_term")  # type: ignore[arg-type]
    assert StaffMember.objects.get(user=account) == hired
    assert list(team.managers.all()) == [hired]


def test_a_conversion_must_change_sides_and_come_after_the_start(hr: object) -> None:
    employee = StaffMemberFactory(start_date=dt.date(2025, 1, 6), **PERSON)
    with pytest.raises(ValidationError, match="between agency work and employment"):
        staff_convert(staff=employee, by=hr, on=dt.date(2025, 4, 1), employment_type="fixed_term")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="after they started"):
        staff_convert(staff=employee, by=hr, on=dt.date(2025, 1, 6), employment_type="agency")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as refused:
        staff_convert(staff=employee, by=hr, on=dt.date(2025, 4, 1), employment_type="agency")  # type: ignore[arg-type]
    assert "Select the reason for leaving" in str(refused.value)
    assert StaffMember.objects.count() == 1


def test_hr_records_a_conversion_on_its_page(hr: object) -> None:
    agency = StaffMemberFactory(employment_type="agency", **PERSON)
    client = client_for(hr)
    page = client.get(reverse("workforce:staff_detail", args=[agency.pk])).content.decode()
    assert "Record taking them on as an employee" in page
    url = reverse("workforce:staff_convert", args=[agency.pk])
    assert "reason_leave" not in client.get(url).content.decode()
    response = client.post(
        url, {"on_0": "1", "on_1": "4", "on_2": "2025", "employment_type": "permanent"}
    )
    hired = StaffMember.objects.get(start_date=dt.date(2025, 4, 1))
    assert response["Location"] == reverse("workforce:staff_detail", args=[hired.pk])
    assert hired.start_origin == "4"
