from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csc_workforce.web.clock import clock

from . import oidc
from .forms import SignInForm
from .permissions import Capability, SignedInRequest, can, require
from .roles import roles_of
from .selectors import home_headline, own_record


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


@require(Capability.VIEW_HOME)
def home(request: SignedInRequest) -> HttpResponse:
    today = clock().today()
    context = {
        "today": today,
        "roles": sorted(roles_of(request.user)),
        "record": own_record(user=request.user),
        "headline": home_headline(user=request.user, on=today)
        if can(request.user, Capability.VIEW_TEAMS)
        else None,
    }
    return render(request, "accounts/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        reason = f"database unreachable ({type(error).__name__})"
        return JsonResponse(
            {"status": "error", "database": "unavailable", "reason": reason}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
