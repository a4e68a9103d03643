"""``cscw check --deploy`` under production settings: nothing but HSTS preload, which a council
turns on only once its whole domain is on HTTPS; and single sign-on settings that cannot work
are named."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

KEY = "vT3q9-Lx0pW2mZr8sYb6Nc4Hd1Jf7Gk5Ae3Ru9Io0Py2Ts8Qw6Ev"


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = (
        {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "SECRET_", "DATABASE_", "CSCW_"))
        }
        | {
            "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.production",
            "SECRET_KEY": KEY,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "ALLOWED_HOSTS": "workforce.example.gov.uk",
            "CSCW_VAR_DIR": str(tmp_path),
        }
        | env
    )
    return subprocess.run(
        [sys.executable, "-m", "csc_workforce", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_passes_the_deployment_checks_but_hsts_preload(tmp_path: Path) -> None:
    checked = check_deploy(
        tmp_path,
        CSCW_OIDC_ISSUER="https://login.microsoftonline.com/tenant-id/v2.0",
        CSCW_OIDC_CLIENT_ID="client-id",
        CSCW_OIDC_CLIENT_SECRET="client-secret",
        CSCW_OIDC_ROLE_MAP="CSCW.PSW=psw,CSCW.HR=hr",
        CSCW_PASSWORD_SIGN_IN="false",
    )
    assert checked.returncode == 0, checked.stderr
    issues = [line for line in checked.stderr.splitlines() if line.startswith("?:")]
    assert len(issues) == 1
    assert issues[0].startswith("?: (security.W021)")  # SECURE_HSTS_PRELOAD
    assert "System check identified 1 issue" in checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CSCW_PASSWORD_SIGN_IN": "false"}, "cscw.E001"),
        ({"CSCW_OIDC_ISSUER": "https://id.example", "CSCW_OIDC_ROLE_MAP": "x=psw"}, "cscw.E002"),
        (
            {
                "CSCW_OIDC_ISSUER": "https://id.example",
                "CSCW_OIDC_CLIENT_ID": "c",
                "CSCW_OIDC_CLIENT_SECRET": "s",
                "CSCW_OIDC_ROLE_MAP": "x=wizard",
            },
            "cscw.E003",
        ),
    ],
)
def test_single_sign_on_settings_that_cannot_work_are_named(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    checked = check_deploy(tmp_path, **env)
    assert checked.returncode != 0
    assert named in checked.stderr
