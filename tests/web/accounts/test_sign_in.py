import pytest
from django.test import Client
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def user(db: None) -> object:
    return UserFactory(username="psw.user", roles=[Role.PSW])


def test_signing_in_lands_on_home(client: Client, db: None) -> None:
    UserFactory(username="tm.user", roles=[Role.TEAM_MANAGER])  # no one-time code needed
    response = client.post(
        reverse("accounts:login"), {"username": "tm.user", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("site:home")
    assert '<h1 class="govuk-heading-l">Home</h1>' in response.content.decode()


def test_empty_fields_show_a_govuk_error_summary(client: Client, db: None) -> None:
    page = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "Enter your username" in page
    assert "Enter your password" in page
    assert "<title>Error: Sign in" in page


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: Client, user: object
) -> None:
    page = client.post(
        reverse("accounts:login"), {"username": "psw.user", "password": "wrong-password"}
    ).content.decode()
    assert "Enter a correct username and password" in page
    assert "_auth_user_id" not in client.session


def test_an_account_locks_after_five_failures(client: Client, user: object) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "psw.user", "password": "wrong-one"})
    locked = client.post(reverse("accounts:login"), {"username": "psw.user", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_forms_are_protected_against_cross_site_requests(user: object) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "psw.user", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_sign_out_needs_a_post_and_ends_the_session(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_inactivity_and_on_browser_close(settings: object) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # type: ignore[attr-defined]
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # type: ignore[attr-defined]
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True  # type: ignore[attr-defined]


def test_weak_passwords_are_refused(db: None) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password123", "12345678901234", "short-1"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_pages_carry_a_content_security_policy(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_administrators_manage_accounts_but_not_staff_records_in_the_admin_site(
    db: None,
) -> None:
    from tests.conftest import client_for
    from tests.factories import StaffMemberFactory

    admin = client_for(UserFactory(username="site.admin", roles=[Role.ADMINISTRATOR]))
    staff = StaffMemberFactory()
    assert admin.get("/admin/auth/user/add/").status_code == 200
    assert (
        admin.get(f"/admin/organisation/staffmember/{staff.pk}/change/").status_code == 200
    )  # view
    page = admin.get(f"/admin/organisation/staffmember/{staff.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # read only
    assert admin.get("/admin/organisation/staffmember/add/").status_code == 403
    assert (
        admin.post(
            f"/admin/organisation/staffmember/{staff.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
