"""The one visibility API: this authority, and the teams and people a person may see on a day."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from csc_workforce.cli import main
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.selectors import (
    NoAuthority,
    authority,
    staff_visible_to,
    teams_visible_to,
)
from tests.conftest import client_for
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_authority_is_the_one_local_authority() -> None:
    held = LocalAuthorityFactory()
    assert authority() == held


def test_no_authority_before_one_is_set_up() -> None:
    with pytest.raises(NoAuthority, match="cscw demo seed"):
        authority()


def test_a_second_authority_is_refused_as_a_misconfiguration() -> None:
    LocalAuthorityFactory()
    LocalAuthorityFactory(old_la_code="997", new_la_code="E06999997", name="Otherton")
    with pytest.raises(ImproperlyConfigured, match="one installation serves one"):
        authority()


def test_a_page_needing_the_authority_says_how_to_set_one_up() -> None:
    hr = UserFactory(roles=[Role.HR])
    response = client_for(hr).get(reverse("workforce:pay", args=[2025]))
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">No local authority yet</h1>' in page
    assert "cscw demo seed" in page


def test_a_command_needing_the_authority_says_how_to_set_one_up() -> None:
    with pytest.raises(CommandError, match="No local authority yet"):
        call_command("comparators", "list")


def test_cscw_says_how_to_set_one_up_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def needs_authority(*args: object) -> None:
        authority()

    monkeypatch.setattr("django.core.management.execute_from_command_line", needs_authority)
    with pytest.raises(SystemExit) as stopped:
        main(["anything"])
    assert str(stopped.value.code).startswith("cscw: No local authority yet")


def test_on_a_day_only_those_in_post_then() -> None:
    """Three people in one team: in post throughout, left on 31 March 2024, started on
    1 June 2024. On 1 April 2024 the first only; on 1 June 2024 the first and the third."""
    team = TeamFactory()
    stayed = StaffMemberFactory(team=team, start_date=dt.date(2020, 1, 6))
    StaffMemberFactory(team=team, start_date=dt.date(2020, 1, 6), end_date=dt.date(2024, 3, 31))
    joined = StaffMemberFactory(team=team, start_date=dt.date(2024, 6, 1))
    hr = UserFactory(roles=[Role.HR])
    assert set(staff_visible_to(user=hr, on=dt.date(2024, 4, 1))) == {stayed}
    assert set(staff_visible_to(user=hr, on=dt.date(2024, 6, 1))) == {stayed, joined}
    assert staff_visible_to(user=hr).count() == 3


def test_teams_on_a_day_are_those_someone_worked_in() -> None:
    """A team whose only worker starts on 1 June 2024 is not among the teams on 1 April 2024."""
    old, new = TeamFactory(), TeamFactory()
    StaffMemberFactory(team=old, start_date=dt.date(2020, 1, 6))
    StaffMemberFactory(team=new, start_date=dt.date(2024, 6, 1))
    analyst = UserFactory(roles=[Role.ANALYST])
    assert set(teams_visible_to(user=analyst, on=dt.date(2024, 4, 1))) == {old}
    assert set(teams_visible_to(user=analyst, on=dt.date(2024, 6, 1))) == {old, new}
    assert set(teams_visible_to(user=analyst)) == {old, new}


def test_a_team_manager_on_a_day_sees_only_their_teams() -> None:
    mine, other = TeamFactory(), TeamFactory()
    manager_record = StaffMemberFactory(team=mine, user=UserFactory(roles=[Role.TEAM_MANAGER]))
    mine.managers.add(manager_record)
    StaffMemberFactory(team=other)
    colleague = StaffMemberFactory(team=mine)
    user = manager_record.user
    day = dt.date(2024, 4, 1)
    assert set(teams_visible_to(user=user, on=day)) == {mine}
    assert set(staff_visible_to(user=user, on=day)) == {manager_record, colleague}
