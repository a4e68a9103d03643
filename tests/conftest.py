import datetime as dt

import pytest
from django.test import Client
from hypothesis import settings

from csc_workforce.web.accounts.roles import Role

from .factories import StaffMemberFactory, TeamFactory, UserFactory

TODAY = dt.date(2025, 9, 30)

# Property tests run without deadlines: CI machines are slow and shared.
settings.register_profile("cscw", deadline=None)
settings.load_profile("cscw")


@pytest.fixture
def people(db: None) -> dict[str, object]:
    """Two teams; a signed-in user for each role, with the team manager over team A only and
    the social worker in team A; one more worker in each team."""
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    users = {role: UserFactory(username=role.name.lower(), roles=[role]) for role in Role}
    manager = StaffMemberFactory(team=team_a, user=users[Role.TEAM_MANAGER], role_level=3)
    team_a.managers.add(manager)
    own = StaffMemberFactory(team=team_a, user=users[Role.SOCIAL_WORKER])
    return {
        "users": users,
        "team_a": team_a,
        "team_b": team_b,
        "manager": manager,
        "own": own,
        "colleague_a": StaffMemberFactory(team=team_a),
        "worker_b": StaffMemberFactory(team=team_b),
    }


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client
