"""The administration site shows what only services write and never writes it: a person's
team, FTE, role and end date move with their dated jobs, which only the register's services
keep in step; sickness and comparator authorities have their pages and services too."""

from decimal import Decimal

import pytest
from django.test import Client

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, UserFactory


@pytest.fixture
def superuser_admin(db: None) -> Client:
    """An Administrator who is also Django's superuser, so has every model permission: only
    the admin classes themselves can refuse a write."""
    return client_for(UserFactory(username="root", roles=[Role.ADMINISTRATOR], is_superuser=True))


@pytest.mark.parametrize(
    "model",
    ["organisation/staffmember", "workforce/sicknessepisode", "workforce/comparatorauthority"],
)
def test_records_written_by_services_are_read_only_in_the_admin_site(
    superuser_admin: Client, model: str
) -> None:
    client = superuser_admin
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 403


def test_an_administrator_cannot_change_a_persons_job_around_the_services(
    superuser_admin: Client,
) -> None:
    client = superuser_admin
    staff = StaffMemberFactory(fte=Decimal("1.000000"))
    url = f"/admin/organisation/staffmember/{staff.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = client.post(url, {"fte": "0.500000", "end_date": "2025-09-30"})
    assert response.status_code == 403
    delete = client.post(f"/admin/organisation/staffmember/{staff.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    staff.refresh_from_db()
    assert (staff.fte, staff.end_date) == (Decimal("1.000000"), None)
    assert staff.assignments.get().fte == Decimal("1.000000")
