from typing import Any, cast

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import oidc, two_factor
from .forms import NewAuthenticatorForm, OneTimeCodeForm, SignInForm


class SignInView(auth_views.LoginView):
    """Single sign-on's button when it is set up, and the password form (for Administrators
    only, folded away, when password sign-in is off)."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = settings.CSCW_OIDC_PROVIDER_NAME if oidc.enabled() else None
        context["password_sign_in"] = settings.CSCW_PASSWORD_SIGN_IN
        return context


class SignOutView(auth_views.LogoutView):
    pass


def _next_url(request: HttpRequest) -> str:
    """Where someone was going before they were asked for a code, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(resolve_url(settings.LOGIN_REDIRECT_URL))


def _onward(request: HttpRequest) -> HttpResponse:
    return redirect(_next_url(request))


@login_required
def two_factor_code(request: HttpRequest) -> HttpResponse:
    """Asks for the code from the authenticator app (or a recovery code) once per sign-in."""
    user = cast(User, request.user)
    if not two_factor.two_factor_required(user) or two_factor.session_verified(user):
        return _onward(request)
    if two_factor.authenticator_of(user) is None:
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.two_factor_verify(request=request, user=user, code=form.cleaned_data["code"]):
            return _onward(request)
        form.add_error("code", "The code is not right, or has been used. Try the newest code")
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor.html", context)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Sets up an authenticator app: its secret key as a QR code and as text, then a code from
    the app to show it works; then the recovery codes, shown once."""
    user = cast(User, request.user)
    has_one = two_factor.authenticator_of(user) is not None
    if has_one and not two_factor.session_verified(user):
        return redirect(f"{reverse('accounts:two_factor')}?{request.GET.urlencode()}")
    device = two_factor.authenticator_pending(user=user)
    form = NewAuthenticatorForm(request.POST or None)
    if form.is_valid():
        try:
            codes = two_factor.authenticator_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except ValueError:
            form.add_error("code", "The code is not right. Enter the code the app shows now")
        else:
            saved = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/recovery_codes.html", saved)
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    context: dict[str, object] = {
        "form": form,
        "qr": qr,
        "key": two_factor.key_text(device),
        "replacing": has_one,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
@login_required
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" in the warning before an idle session ends: any request starts the
    idle time again (``SESSION_SAVE_EVERY_REQUEST``); this one does nothing else."""
    return HttpResponse(status=204)
