"""Two-factor sign-in (django-otp): a password account holding a role that can change or see the
most (Administrator, PSW, HR) also gives a one-time code from an authenticator app (TOTP), or one
of ten recovery codes, each usable once. Accounts that sign in through the identity provider get
their second factor there.

Setting up, using a recovery code, making new ones and resetting are written to the audit trail.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role, Viewer, roles_of
from .signals import account_action

TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.PSW, Role.HR})
RECOVERY_CODES = 10
ALLOWED_BEFORE = ("/sign-in/", "/sign-out/", "/static/", "/healthz", "/voice/respond/")
"""Where someone who still owes a code may go."""


def two_factor_required(user: Viewer) -> bool:
    """A password account (not one of the identity provider's) with an Administrator, PSW or
    HR role."""
    return (
        isinstance(user, User)
        and user.has_usable_password()
        and bool(roles_of(user) & TWO_FACTOR_ROLES)
    )


def session_verified(user: Viewer) -> bool:
    """The person gave a code (or a recovery code) in this session; ``is_verified`` is set on
    the user by django-otp's middleware."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def authenticator_pending(*, user: User) -> TOTPDevice:
    """The authenticator being set up (a new secret key, not yet confirmed by a code)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device


def key_text(device: TOTPDevice) -> str:
    """The secret key as people type it into an app: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def authenticator_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm a new authenticator with a code from it: the session is verified, any earlier
    authenticator and recovery codes are replaced, and the new recovery codes returned (shown
    once). Raises ValueError for a wrong code."""
    if not device.verify_token(_digits(code)):
        raise ValueError("The code is not right")
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    codes = recovery_codes_make(user=user)
    otp_login(request, device)
    _audit(user, "Set up two-factor sign-in with an authenticator app")
    return codes


def recovery_codes_make(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Verify the session with a code from the authenticator or a recovery code (used up, and
    audited). False when neither matches, or after too many wrong codes in a row (each wrong
    one doubles the wait before the next is checked)."""
    code = code.strip().replace(" ", "").lower()
    authenticator = authenticator_of(user)
    if authenticator is not None and authenticator.verify_token(_digits(code)):
        otp_login(request, authenticator)
        return True
    recovery = StaticDevice.objects.filter(user=user).first()
    if recovery is not None and recovery.verify_token(code):
        otp_login(request, recovery)
        _audit(user, f"Signed in with a recovery code ({recovery.token_set.count()} left)")
        return True
    return False


@transaction.atomic
def two_factor_reset(*, user: User) -> int:
    """Remove a person's authenticator and recovery codes (a lost phone): they set up a new one
    at their next sign-in. Returns the devices removed."""
    removed = (
        TOTPDevice.objects.filter(user=user).delete()[0]
        + StaticDevice.objects.filter(user=user).delete()[0]
    )
    _audit(user, "Reset two-factor sign-in")
    return removed


def _audit(user: User, message: str) -> None:
    account_action.send(sender=User, user=user, message=message)


def _digits(code: str) -> str:
    return "".join(character for character in code if character.isdigit())


class TwoFactorMiddleware:
    """Someone who must give a second factor and has not yet, in this session, goes to the
    page that asks for it (or sets it up) before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            two_factor_required(user)
            and not session_verified(user)
            and not request.path.startswith(ALLOWED_BEFORE)
        ):
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
