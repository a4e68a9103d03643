"""Single sign-on against a real OpenID provider running locally (tests/oidc_provider.py): the
browser's round trip is followed by hand, the service talks to the provider over HTTP (discovery,
keys, token) as it would to Microsoft Entra ID."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from csc_workforce.web.accounts.models import SignInIdentity
from csc_workforce.web.accounts.roles import Role, roles_of
from csc_workforce.web.audit.models import AuditEvent
from tests.conftest import OpenIDProvider
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, login: str) -> object:
    """Press "Sign in with …", sign in at the provider as ``login``, come back."""
    start = client.get(reverse("accounts:sso_start"))
    assert start.status_code == 302
    params = parse_qs(urlsplit(start["Location"]).query)
    assert params["code_challenge_method"] == ["S256"]
    assert params["scope"] == ["openid email profile"]
    at_provider = requests.get(
        start["Location"] + "&login_hint=" + login, allow_redirects=False, timeout=10
    )
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("accounts:sso_return")
    return client.get(f"{back.path}?{back.query}", follow=True)


def signed_in_user(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_the_sign_in_page_offers_single_sign_on(oidc_provider: OpenIDProvider) -> None:
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Sign in with Test provider" in page
    assert 'name="password"' in page  # password sign-in stays on unless switched off


def test_a_provider_group_gives_the_psw_role(oidc_provider: OpenIDProvider) -> None:
    oidc_provider.knows(
        "alex@northfield.example", sub="subject-1", groups=["grp-psw", "grp-unrelated"],
        given_name="Alex", family_name="Rivera", email="alex@northfield.example",
    )  # fmt: skip
    client = Client()
    page = sign_in(client, "alex@northfield.example")
    assert page.redirect_chain[-1][0] == reverse("site:home")  # type: ignore[attr-defined]
    user = signed_in_user(client)
    assert user is not None
    assert (user.username, user.get_full_name()) == ("alex@northfield.example", "Alex Rivera")
    assert roles_of(user) == {Role.PSW}
    assert not user.has_usable_password()
    identity = SignInIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oidc_provider.issuer, "subject-1")
    events = AuditEvent.objects.filter(model="auth.User", object_pk=str(user.pk))
    assert {event.actor_label for event in events} == {"single sign-on"}


def test_roles_are_set_again_at_each_sign_in(oidc_provider: OpenIDProvider) -> None:
    oidc_provider.knows("sam", sub="subject-2", groups=["grp-psw", "grp-hr"])
    sign_in(Client(), "sam")
    user = User.objects.get(username="sam")
    assert roles_of(user) == {Role.PSW, Role.HR}
    oidc_provider.knows("sam", sub="subject-2", groups=["grp-hr"])  # PSW taken away
    client = Client()
    sign_in(client, "sam")
    user = User.objects.get(username="sam")
    assert roles_of(user) == {Role.HR}
    assert signed_in_user(client) == user
    oidc_provider.knows("sam", sub="subject-2", groups=[])  # every role taken away
    client = Client()
    page = sign_in(client, "sam")
    assert page.status_code == 403  # type: ignore[attr-defined]
    assert "You do not have access to CSC Workforce" in page.content.decode()  # type: ignore[attr-defined]
    assert signed_in_user(client) is None
    assert roles_of(User.objects.get(username="sam")) == frozenset()


def test_someone_with_no_mapped_role_is_told_to_ask_their_administrator(
    oidc_provider: OpenIDProvider,
) -> None:
    oidc_provider.knows("kim", sub="subject-3", groups=["grp-unrelated"])
    client = Client()
    page = sign_in(client, "kim")
    text = page.content.decode()  # type: ignore[attr-defined]
    assert page.status_code == 403  # type: ignore[attr-defined]
    assert "Ask your administrator to give you access" in text
    assert signed_in_user(client) is None
    assert not User.objects.filter(username="kim").exists()


def test_people_are_matched_by_subject_not_by_email(oidc_provider: OpenIDProvider) -> None:
    local = UserFactory(
        username="jo.local", email="jo@northfield.example", roles=[Role.ADMINISTRATOR]
    )
    oidc_provider.knows("jo", sub="subject-4", groups=["grp-hr"], email="jo@northfield.example")
    client = Client()
    sign_in(client, "jo")
    user = signed_in_user(client)
    assert user is not None
    assert user != local
    assert roles_of(user) == {Role.HR}
    oidc_provider.knows("jo", sub="subject-5", groups=["grp-hr"], email="jo@northfield.example")
    other = Client()
    sign_in(other, "jo")
    assert signed_in_user(other) not in (user, local)
    assert User.objects.filter(username__startswith="jo").count() == 3


@pytest.mark.parametrize(
    ("fault", "refusal"),
    [
        ("bad_signature", "InvalidSignatureError"),
        ("expired", "ExpiredSignatureError"),
        ("wrong_audience", "InvalidAudienceError"),
    ],
)
def test_a_token_that_fails_its_checks_signs_nobody_in(
    oidc_provider: OpenIDProvider, fault: str, refusal: str, caplog: pytest.LogCaptureFixture
) -> None:
    oidc_provider.knows("lee", sub="subject-6", groups=["grp-psw"])
    oidc_provider.control(fault=fault)
    client = Client()
    page = sign_in(client, "lee")
    assert page.status_code == 403  # type: ignore[attr-defined]
    assert "You could not be signed in" in page.content.decode()  # type: ignore[attr-defined]
    assert f"ID token refused ({refusal})" in caplog.text
    assert signed_in_user(client) is None
    assert not User.objects.filter(username="lee").exists()


def test_an_unreachable_provider_gets_a_page_saying_so(
    oidc_provider: OpenIDProvider, settings: object
) -> None:
    settings.CSCW_OIDC_ISSUER = "http://127.0.0.1:9"  # type: ignore[attr-defined]
    page = Client().get(reverse("accounts:sso_start"))
    assert page.status_code == 403
    assert "Sign in with Test provider is not available" in page.content.decode()


def test_without_a_provider_there_is_no_single_sign_on(db: None) -> None:
    assert "Sign in with" not in Client().get(reverse("accounts:login")).content.decode()
    assert Client().get(reverse("accounts:sso_start")).status_code == 404


def test_with_password_sign_in_off_only_an_administrator_may_use_a_password(
    oidc_provider: OpenIDProvider, settings: object
) -> None:
    settings.CSCW_PASSWORD_SIGN_IN = False  # type: ignore[attr-defined]
    UserFactory(username="hr.password", roles=[Role.HR])
    UserFactory(username="admin.glass", roles=[Role.ADMINISTRATOR])
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Sign in as the local administrator" in page
    refused = Client()
    response = refused.post(
        reverse("accounts:login"), {"username": "hr.password", "password": PASSWORD}
    )
    assert "Enter a correct username and password" in response.content.decode()
    assert signed_in_user(refused) is None
    admin = Client()
    admin.post(reverse("accounts:login"), {"username": "admin.glass", "password": PASSWORD})
    assert signed_in_user(admin) == User.objects.get(username="admin.glass")
