"""The pages of the site as a whole: the home page, the service status page, and the health
check."""

import importlib.metadata

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, require
from csc_workforce.web.accounts.roles import roles_of
from csc_workforce.web.clock import clock
from csc_workforce.web.tasks.schedule import SCHEDULE
from csc_workforce.web.tasks.selectors import queue_state, scheduled_runs

from .selectors import home_sections, own_record

DATABASES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@require(Capability.VIEW_HOME)
def home(request: SignedInRequest) -> HttpResponse:
    """What needs the person's attention, for each of their roles."""
    today = clock().today()
    context = {
        "today": today,
        "roles": sorted(roles_of(request.user)),
        "record": own_record(user=request.user),
        "sections": home_sections(user=request.user, today=today),
    }
    return render(request, "site/home.html", context)


def _database_answers() -> str | None:
    """None when the database answers a query; else why not, naming only the error's kind."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"database unreachable ({type(error).__name__})"
    return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    reason = _database_answers()
    if reason is not None:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "reason": reason}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require(Capability.VIEW_HOME)
def status(request: SignedInRequest) -> HttpResponse:
    """The service's status for anyone signed in: the database, the background worker's queue
    and scheduled jobs, backups and the version (docs/permissions.md says why not public)."""
    problem = _database_answers()
    runs = {run.name: run for run in scheduled_runs()} if problem is None else {}
    context = {
        "database": DATABASES.get(connection.vendor, connection.vendor),
        "problem": problem,
        "inline": settings.CSCW_RUN_JOBS_INLINE,
        "queue": queue_state() if problem is None and not settings.CSCW_RUN_JOBS_INLINE else None,
        "jobs": [(job, runs.get(job.name)) for job in SCHEDULE],
        "version": importlib.metadata.version("csc-workforce"),
    }
    return render(request, "site/status.html", context, status=503 if problem else 200)
