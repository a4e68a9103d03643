"""Email settings come from the environment (.env.example, docs/deploy.md "Email")."""

import json
import os
import subprocess
import sys
from pathlib import Path

CODE = (
    "import json, django; django.setup(); from django.core.mail import get_connection\n"
    "from django.conf import settings as s\n"
    "c = get_connection()\n"
    "print(json.dumps([type(c).__module__, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
    " s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT,"
    " s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL,"
    " [getattr(c, a, None) for a in ('host', 'port', 'username', 'use_tls', 'timeout')]]))"
)


def settings_with(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "DEFAULT_FROM_EMAIL", "CSCW_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.base",
        "CSCW_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-c", CODE],
        env=environment | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_smtp_server_account_and_tls_are_read_from_the_environment(tmp_path: Path) -> None:
    started = settings_with(
        tmp_path,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.gov.uk",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="csc-workforce@example.gov.uk",
        EMAIL_HOST_PASSWORD="relay-password",
        EMAIL_USE_TLS="true",
        EMAIL_TIMEOUT="20",
        DEFAULT_FROM_EMAIL="CSC Workforce <csc-workforce@example.gov.uk>",
    )
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout) == [
        "django.core.mail.backends.smtp",
        "smtp.example.gov.uk",
        587,
        "csc-workforce@example.gov.uk",
        "relay-password",
        True,
        False,
        20,
        "CSC Workforce <csc-workforce@example.gov.uk>",
        "CSC Workforce <csc-workforce@example.gov.uk>",
        # and the SMTP connection Django makes uses them
        ["smtp.example.gov.uk", 587, "csc-workforce@example.gov.uk", True, 20],
    ]


def test_without_email_settings_emails_are_printed_not_sent(tmp_path: Path) -> None:
    started = settings_with(tmp_path)
    assert started.returncode == 0, started.stderr
    found = json.loads(started.stdout)
    assert found[0] == "django.core.mail.backends.console"
    assert found[1:10] == [
        "localhost", 25, "", "", False, False, 10, "csc-workforce@localhost",
        "csc-workforce@localhost",
    ]  # fmt: skip


def test_starttls_and_ssl_together_are_refused(tmp_path: Path) -> None:
    started = settings_with(tmp_path, EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert started.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in started.stderr
