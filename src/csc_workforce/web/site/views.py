"""The pages of the site as a whole: the home page, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csc_workforce.core.measures import labels
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.accounts.roles import roles_of
from csc_workforce.web.clock import clock

from .selectors import HOME_MEASURES, home_headline, own_record


@require(Capability.VIEW_HOME)
def home(request: SignedInRequest) -> HttpResponse:
    today = clock().today()
    context = {
        "today": today,
        "roles": sorted(roles_of(request.user)),
        "record": own_record(user=request.user),
        "labels": labels(HOME_MEASURES),
        "headline": home_headline(user=request.user, on=today)
        if can(request.user, Capability.VIEW_TEAMS)
        else None,
    }
    return render(request, "site/home.html", context)


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
