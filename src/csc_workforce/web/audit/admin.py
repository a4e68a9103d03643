from django.contrib import admin

from csc_workforce.web.admin_site import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """Read-only: nobody adds, changes or deletes audit events."""

    list_display = ("at", "actor_label", "source", "action", "model", "object_pk")
    list_filter = ("action", "source", "model")
