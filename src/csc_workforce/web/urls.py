from django.contrib import admin
from django.urls import include, path

from csc_workforce.web.site.views import healthz

handler404 = "csc_workforce.web.errors.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("audit/", include("csc_workforce.web.audit.urls")),
    path("caseloads/", include("csc_workforce.web.caseloads.urls")),
    path("quality/", include("csc_workforce.web.quality.urls")),
    path("voice/", include("csc_workforce.web.voice.urls")),
    path("recruitment/", include("csc_workforce.web.recruitment.urls")),
    path("development/", include("csc_workforce.web.development.urls")),
    path("reporting/", include("csc_workforce.web.reporting.urls")),
    path("hub/", include("csc_workforce.web.hub.urls")),
    path("tasks/", include("csc_workforce.web.tasks.urls")),
    path("", include("csc_workforce.web.workforce.urls")),
    path("", include("csc_workforce.web.accounts.urls")),
    path("", include("csc_workforce.web.site.urls")),
]
