import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request
from base64 import b32decode
from collections.abc import Iterator
from pathlib import Path

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


def authenticator_code(key: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for the base32 ``key`` (as the set-up page prints
    it): RFC 6238, the HOTP of the 30-second steps since 1970, by django-otp's oath module."""
    from django_otp.oath import hotp

    counter = int(at or time.time()) // 30
    return f"{hotp(b32decode(key.replace(' ', '')), counter):06d}"


def client_for(user: object) -> Client:
    """A client signed in as ``user``, having given a one-time code if their role needs one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class OpenIDProvider:
    """The local OpenID provider (tests/oidc_provider.py), running in its own process."""

    CLIENT_ID = "csc-workforce-tests"
    CLIENT_SECRET = "a-client-secret-for-the-tests"

    def __init__(self) -> None:
        script = Path(__file__).with_name("oidc_provider.py")
        self.process = subprocess.Popen(
            [sys.executable, str(script), "--client-id", self.CLIENT_ID,
             "--client-secret", self.CLIENT_SECRET],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.issuer = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def control(self, **change: object) -> None:
        request = urllib.request.Request(  # noqa: S310 (the local provider)
            f"{self.issuer}/control", data=json.dumps(change).encode(), method="POST"
        )
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310

    def knows(self, login: str, *, sub: str, groups: list[str], **claims: object) -> None:
        """The provider knows ``login`` (and nobody it was told of before)."""
        person = {"sub": sub, "groups": groups, "preferred_username": login} | claims
        self.control(people={login: person})

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


@pytest.fixture(scope="session")
def oidc_process() -> Iterator[OpenIDProvider]:
    provider = OpenIDProvider()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_provider(oidc_process: OpenIDProvider, settings: object) -> OpenIDProvider:
    """Single sign-on through the local provider; its group ``grp-psw`` gives the PSW role and
    ``grp-hr`` HR; it knows nobody yet and makes no faulty tokens."""
    from csc_workforce.web.accounts import oidc

    settings.CSCW_OIDC_ISSUER = oidc_process.issuer  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_ID = OpenIDProvider.CLIENT_ID  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_SECRET = OpenIDProvider.CLIENT_SECRET  # type: ignore[attr-defined]
    settings.CSCW_OIDC_PROVIDER_NAME = "Test provider"  # type: ignore[attr-defined]
    settings.CSCW_OIDC_ROLE_CLAIM = "groups"  # type: ignore[attr-defined]
    settings.CSCW_OIDC_ROLE_MAP = {"grp-psw": "psw", "grp-hr": "hr"}  # type: ignore[attr-defined]
    oidc._discovered.clear()
    oidc_process.control(people={}, fault=None)
    return oidc_process
