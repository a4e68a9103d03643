"""Two-factor sign-in: password accounts of Administrators, PSWs and HR give a code from an
authenticator app (RFC 6238 TOTP, computed here by django-otp's own oath module) or a recovery
code; set-up, recovery codes and resets are audited."""

import io
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from tests.conftest import authenticator_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def password_sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, follow=True
    )
    return client, response


def shown_key(page: str) -> str:
    found = re.search(r'<code class="app-key" id="key">([A-Z2-7 ]+)</code>', page)
    assert found, page
    return found.group(1)


def set_up(username: str) -> tuple[Client, str, list[str]]:
    """Sign in with a password, set up the app; the client, the key and the recovery codes."""
    client, response = password_sign_in(username)
    assert response.redirect_chain[-1][0] == "/sign-in/two-factor/set-up/?next=%2F"  # type: ignore[attr-defined]
    key = shown_key(response.content.decode())  # type: ignore[attr-defined]
    page = client.post(
        "/sign-in/two-factor/set-up/?next=%2F", {"code": authenticator_code(key)}
    ).content.decode()
    assert "Your recovery codes" in page
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    return client, key, codes


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PSW, Role.HR])
def test_an_administrator_psw_or_hr_sets_up_an_app_then_gives_a_code_each_sign_in(
    role: Role,
) -> None:
    user = UserFactory(username="needs.code", roles=[role])
    client, key, codes = set_up("needs.code")
    assert len(codes) == 10
    assert client.get(reverse("site:home")).status_code == 200
    event = AuditEvent.objects.get(message__startswith="Set up two-factor")
    assert (event.object_pk, event.actor_label) == (str(user.pk), "needs.code")  # type: ignore[attr-defined]

    client, response = password_sign_in("needs.code")
    assert response.redirect_chain[-1][0] == "/sign-in/two-factor/?next=%2F"  # type: ignore[attr-defined]
    assert "Enter the code from your authenticator app" in response.content.decode()  # type: ignore[attr-defined]
    assert client.get(reverse("site:home")).status_code == 302  # nothing before the code
    # The code set-up used is not taken again; one from the next 30 seconds is (clocks drift).
    done = client.post(
        "/sign-in/two-factor/?next=%2F", {"code": authenticator_code(key, at=time.time() + 30)}
    )
    assert done["Location"] == "/"
    assert client.get(reverse("site:home")).status_code == 200


def test_other_roles_and_single_sign_on_accounts_are_not_asked() -> None:
    UserFactory(username="tm", roles=[Role.TEAM_MANAGER])
    _, response = password_sign_in("tm")
    assert response.redirect_chain[-1][0] == "/"  # type: ignore[attr-defined]
    sso = UserFactory(username="sso.psw", roles=[Role.PSW])
    sso.set_unusable_password()
    sso.save()
    client = Client()
    client.force_login(sso)
    assert client.get(reverse("site:home")).status_code == 200


def test_a_recovery_code_works_once_and_is_audited() -> None:
    UserFactory(username="lost.phone", roles=[Role.PSW])
    _, _, codes = set_up("lost.phone")
    client, _ = password_sign_in("lost.phone")
    response = client.post("/sign-in/two-factor/", {"code": codes[0].upper()})
    assert response["Location"] == "/"
    assert AuditEvent.objects.filter(message="Signed in with a recovery code (9 left)").exists()
    again, _ = password_sign_in("lost.phone")
    refused = again.post("/sign-in/two-factor/", {"code": codes[0]}).content.decode()
    assert "The code is not right" in refused
    assert StaticToken.objects.count() == 9


def test_wrong_codes_make_the_next_check_wait() -> None:
    UserFactory(username="guesser", roles=[Role.HR])
    _, key, _ = set_up("guesser")
    client, _ = password_sign_in("guesser")
    wrong = client.post("/sign-in/two-factor/", {"code": "111111"}).content.decode()
    assert "govuk-error-summary" in wrong
    # The right code straight after a wrong one is refused: django-otp throttles for 1 s, 2 s, …
    refused = client.post(
        "/sign-in/two-factor/", {"code": authenticator_code(key)}
    ).content.decode()
    assert "The code is not right" in refused
    assert TOTPDevice.objects.get(user__username="guesser").throttling_failure_count == 1


def test_setting_up_again_needs_the_old_app_s_code_first() -> None:
    UserFactory(username="new.phone", roles=[Role.ADMINISTRATOR])
    set_up("new.phone")
    client, _ = password_sign_in("new.phone")
    response = client.get("/sign-in/two-factor/set-up/")
    assert response["Location"].startswith("/sign-in/two-factor/")
    assert not response["Location"].startswith("/sign-in/two-factor/set-up/")


def test_an_administrator_resets_a_lost_app_on_the_command_line() -> None:
    user = UserFactory(username="reset.me", roles=[Role.HR])
    set_up("reset.me")
    out = io.StringIO()
    call_command("two_factor", "reset", "reset.me", stdout=out)
    assert "new authenticator app at next sign-in" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(message="Reset two-factor sign-in").exists()
    _, response = password_sign_in("reset.me")
    assert response.redirect_chain[-1][0].startswith("/sign-in/two-factor/set-up/")  # type: ignore[attr-defined]


def test_nobody_sees_the_secret_keys_in_the_administration_site() -> None:
    admin = User.objects.get(pk=UserFactory(username="admin.keys", roles=[Role.ADMINISTRATOR]).pk)
    assert not admin.has_perm("otp_totp.view_totpdevice")
    assert not admin.has_module_perms("otp_static")
    assert admin.has_perm("auth.change_user")


def test_the_page_after_a_code_is_never_another_site() -> None:
    UserFactory(username="elsewhere", roles=[Role.PSW])
    client, response = password_sign_in("elsewhere")
    key = shown_key(response.content.decode())  # type: ignore[attr-defined]
    page = client.post(
        "/sign-in/two-factor/set-up/?next=https://evil.example/", {"code": authenticator_code(key)}
    ).content.decode()
    assert 'href="/"' in page
    assert "evil.example" not in page
