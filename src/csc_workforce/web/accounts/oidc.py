"""Single sign-on with OpenID Connect (Microsoft Entra ID or any standard provider), through
mozilla-django-oidc: the authorisation code flow with PKCE, the ID token's RS256 signature checked
against the provider's published keys, and its issuer, audience, expiry and nonce checked too.

The provider is named by its issuer alone (``CSCW_OIDC_ISSUER``); its endpoints come from its
discovery document. A person is matched to an account by the issuer and the subject identifier
(``sub``); their roles come from one claim (``CSCW_OIDC_ROLE_CLAIM``: Entra's app roles or
groups) through the mapping ``CSCW_OIDC_ROLE_MAP`` (claim value to role), and are set afresh at
each sign-in, so a role taken away at the provider is gone at the next sign-in. Someone with no
mapped role is not signed in; they see a page that tells them to ask their administrator.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .acting import Actor, acting_as_actor
from .models import SignInIdentity
from .roles import ROLE_NAMES, Role, role_group

logger = logging.getLogger(__name__)
DISCOVERY_KEPT_FOR = 3600.0
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
SIGN_IN_ACTOR = Actor(user_id=None, label="single sign-on", source="web")
NO_ROLE = "no_role"


def enabled() -> bool:
    return bool(settings.CSCW_OIDC_ISSUER)


def discovery() -> dict[str, Any]:
    """The provider's discovery document (``/.well-known/openid-configuration``), kept for an
    hour; its ``issuer`` must be the one configured, as the standard requires."""
    issuer = settings.CSCW_OIDC_ISSUER
    kept = _discovered.get(issuer)
    if kept is not None and time.monotonic() - kept[0] < DISCOVERY_KEPT_FOR:
        return kept[1]
    response = requests.get(
        issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    if document.get("issuer") != issuer:
        raise SuspiciousOperation("The provider's discovery document names another issuer")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def roles_from_claims(claims: dict[str, Any]) -> set[Role]:
    """The roles the mapping gives the values of the role claim (a list or a single value)."""
    values = claims.get(settings.CSCW_OIDC_ROLE_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    mapping: dict[str, str] = settings.CSCW_OIDC_ROLE_MAP
    return {ROLE_NAMES[mapping[value]] for value in values if mapping.get(value) in ROLE_NAMES}


class OIDCBackend(OIDCAuthenticationBackend):
    """Signs in a person the provider vouches for, with the roles its claim maps to."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Endpoints are looked up (properties below) only when someone signs in this way.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return str(discovery()["token_endpoint"])

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return str(discovery()["jwks_uri"])

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not enabled() or request is None or "code" not in request.GET:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as error:
            # Names no person: a bad signature, an expired token, another audience.
            logger.warning("Single sign-on refused: %s", error)
            return None
        return user

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        """The ID token's signature with the provider's key (RS256 only), and its issuer,
        audience (this service's client ID), expiry and issue time."""
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=["RS256"],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.CSCW_OIDC_ISSUER,
                leeway=60,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused ({type(error).__name__})") from error
        return claims

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, just verified: Entra puts app roles and groups there, not in
        its user-info endpoint."""
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(
            sign_in_identities__issuer=claims["iss"], sign_in_identities__subject=claims["sub"]
        )

    def create_user(self, claims: dict[str, Any]) -> User | None:
        roles = roles_from_claims(claims)
        if not roles:
            self._refuse()
            return None
        with transaction.atomic(), acting_as_actor(SIGN_IN_ACTOR):
            user = User(username=_free_username(claims), email=claims.get("email", ""))
            user.set_unusable_password()
            _set_names(user, claims)
            user.save()
            SignInIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
            _set_roles(user, roles)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        roles = roles_from_claims(claims)
        with transaction.atomic(), acting_as_actor(SIGN_IN_ACTOR):
            _set_names(user, claims)
            user.save()
            _set_roles(user, roles)
        if not roles:
            self._refuse()
            return None
        return user

    def _refuse(self) -> None:
        self.request.cscw_sign_in_refused = NO_ROLE


def _set_roles(user: User, roles: set[Role]) -> None:
    """Exactly ``roles`` among the user's role groups; other groups are left alone."""
    held = {group.name for group in user.groups.all()}
    user.groups.remove(*[role_group(role) for role in Role if role.value in held - roles])
    user.groups.add(*[role_group(role) for role in roles if role.value not in held])
    user.__dict__.pop("_cscw_roles", None)


def _set_names(user: User, claims: dict[str, Any]) -> None:
    given, family = claims.get("given_name"), claims.get("family_name")
    if not (given or family) and claims.get("name"):
        given, _, family = str(claims["name"]).partition(" ")
    user.first_name, user.last_name = (given or "")[:150], (family or "")[:150]
    if claims.get("email"):
        user.email = claims["email"]


def _free_username(claims: dict[str, Any]) -> str:
    """The person's sign-in name at the provider (or email), made unique with a number."""
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


class SignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the provider to sign in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return render(request, "404.html", status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        except (requests.RequestException, SuspiciousOperation, ValueError, KeyError):
            logger.warning("The identity provider's discovery document could not be read")
            return sign_in_failed(request, reason="unavailable")
        response: HttpResponse = super().get(request)
        return response


class SignInReturn(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: signed in, or a page saying why not."""

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "cscw_sign_in_refused", "failed")
        return sign_in_failed(self.request, reason=reason)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:  # a state this browser never asked for: an old tab
            return sign_in_failed(request, reason="failed")
        return response


def sign_in_failed(request: HttpRequest, *, reason: str) -> HttpResponse:
    context = {"reason": reason, "provider": settings.CSCW_OIDC_PROVIDER_NAME}
    return render(request, "accounts/sign_in_failed.html", context, status=403)
