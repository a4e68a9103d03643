"""``cscw check`` (and ``check --deploy``): single sign-on settings that cannot work."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .roles import ROLE_NAMES


@register()
def single_sign_on_settings(**kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.CSCW_OIDC_ISSUER:
        if not settings.CSCW_PASSWORD_SIGN_IN:
            problems.append(
                Error(
                    "CSCW_PASSWORD_SIGN_IN is off but single sign-on is not set up: only "
                    "administrators could sign in",
                    hint="Set CSCW_OIDC_ISSUER, CSCW_OIDC_CLIENT_ID and CSCW_OIDC_CLIENT_SECRET",
                    id="cscw.E001",
                )
            )
        return problems
    for name in ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET"):
        if not getattr(settings, name):
            problems.append(
                Error(
                    f"CSCW_OIDC_ISSUER is set but {name.replace('OIDC_RP', 'CSCW_OIDC')} is not",
                    id="cscw.E002",
                )
            )
    unknown = sorted(set(settings.CSCW_OIDC_ROLE_MAP.values()) - set(ROLE_NAMES))
    if unknown:
        problems.append(
            Error(
                f"CSCW_OIDC_ROLE_MAP names roles that do not exist: {', '.join(unknown)}",
                hint=f"Use {', '.join(ROLE_NAMES)}",
                id="cscw.E003",
            )
        )
    if not settings.CSCW_OIDC_ROLE_MAP:
        problems.append(
            Error(
                "CSCW_OIDC_ROLE_MAP is empty: nobody signing in with single sign-on gets a role",
                hint="For example CSCW_OIDC_ROLE_MAP=CSCW.PSW=psw,CSCW.HR=hr",
                id="cscw.E004",
            )
        )
    return problems
