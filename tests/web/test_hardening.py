"""What a council's security review asks of the service's responses and settings."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from csc_workforce.web.accounts.lockout import client_address
from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory


def _no_store(response: object) -> bool:
    return "no-store" in response.get("Cache-Control", "")  # type: ignore[attr-defined]


def test_signed_in_pages_and_exports_are_not_stored(people: dict) -> None:
    analyst = client_for(people["users"][Role.ANALYST])
    assert _no_store(analyst.get(reverse("site:home")))
    assert _no_store(analyst.get(reverse("quality:results"), {"format": "csv"}))
    hr = client_for(people["users"][Role.HR])
    assert _no_store(hr.get(reverse("workforce:staff_detail", args=[people["worker_b"].pk])))
    assert _no_store(hr.get(reverse("workforce:staff_import_template")))


def test_the_sign_in_page_is_not_stored_either(client: Client, db: None) -> None:
    assert _no_store(client.get(reverse("accounts:login")))


def test_database_connections_are_checked_before_use(settings: object) -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "weak", ["aaaaaaaaaaaa", "abcdefghijkl", "qwertyuiopas", "password1234", "123456789012"]
)
def test_repeated_sequential_and_common_passwords_are_refused(db: None, weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_password_made_of_the_person_s_own_name_is_refused(db: None) -> None:
    user = UserFactory(username="alexandra.okonkwo-smith")
    with pytest.raises(ValidationError, match="harder to guess"):
        validate_password("alexandra.okonkwo-smith1", user)


def test_a_long_unguessable_password_is_accepted(db: None) -> None:
    validate_password("cobalt-turnip-harbour-quill")
    validate_password(PASSWORD)


def test_short_passwords_are_refused(db: None) -> None:
    with pytest.raises(ValidationError):
        validate_password("x7#Qp!v2")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the client wrote the first
        (2, "198.51.100.7, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not through them
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    settings: object, proxies: int, forwarded: str, expected: str
) -> None:
    settings.CSCW_TRUSTED_PROXY_COUNT = proxies  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_the_proxy_a_lockout_is_for_the_address_that_failed(
    settings: object, db: None
) -> None:
    """Five bad passwords from one client lock that client out, not everyone else coming
    through the same proxy."""
    settings.CSCW_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    UserFactory(username="locked.user", roles=[Role.HR])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    for _ in range(5):
        attacker.post(reverse("accounts:login"), {"username": "locked.user", "password": "no"})
    refused = attacker.post(
        reverse("accounts:login"), {"username": "locked.user", "password": PASSWORD}
    )
    assert refused.status_code == 429
    owner = Client(HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    signed_in = owner.post(
        reverse("accounts:login"), {"username": "locked.user", "password": PASSWORD}
    )
    assert signed_in.status_code == 302


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    settings: object, people: dict
) -> None:
    settings.CSCW_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    hr = client_for(people["users"][Role.HR])
    big = SimpleUploadedFile("staff.csv", b"a" * (2 * 1024 * 1024 + 10))
    response = hr.post(reverse("workforce:staff_import"), {"file": big})
    assert response.status_code == 413
    assert "Files can be at most 1 MB" in response.content.decode()


def test_a_file_over_the_limit_is_named_on_the_form(settings: object, people: dict) -> None:
    settings.CSCW_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    hr = client_for(people["users"][Role.HR])
    big = SimpleUploadedFile("staff.csv", b"a" * (1024 * 1024 + 10))
    page = hr.post(reverse("workforce:staff_import"), {"file": big}).content.decode()
    assert "The selected file must be smaller than 1 MB" in page


def _production(**env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_REDIRECT_EXEMPT, s.CSCW_TRUSTED_PROXY_COUNT, s.SECURE_SSL_REDIRECT)"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_", "DATABASE_"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.production",
        "DATABASE_URL": "postgres://cscw@127.0.0.1:5432/cscw",
    } | env
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "key",
    ["", "short-key", "a" * 60, "django-insecure-" + "k3y" * 20],
    ids=["missing", "short", "repetitive", "placeholder"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key: str) -> None:
    started = _production(SECRET_KEY=key)
    assert started.returncode != 0
    assert "SECRET_KEY" in started.stderr


def test_production_answers_health_checks_over_plain_http() -> None:
    started = _production(SECRET_KEY="vT3q9-Lx0pW2mZr8sYb6Nc4Hd1Jf7Gk5Ae3Ru9Io0Py2Ts8Qw6Ev")
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["['^healthz$']", "1", "True"]


def test_healthz_is_not_redirected_to_https(settings: object, client: Client, db: None) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # type: ignore[attr-defined]
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301


@pytest.mark.parametrize(
    "command",
    [
        ["register", "import"],
        ["caseloads", "import-allocations"],
        ["csww", "validate"],
        ["comparators", "load"],
    ],
    ids=lambda command: " ".join(command),
)
def test_commands_refuse_a_file_over_the_limit_unread(
    settings: object, tmp_path: object, db: None, command: list[str]
) -> None:
    from django.core.management import CommandError, call_command

    settings.CSCW_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    big = tmp_path / "big.xlsx"  # type: ignore[operator]
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    with pytest.raises(CommandError, match=r"big.xlsx is 1.0 MB: files can be at most 1 MB"):
        call_command(*command, str(big))
