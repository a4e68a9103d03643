from django.db.models import QuerySet

from .models import AuditEvent


def audit_events(*, model: str = "", actor: str = "", object_pk: str = "") -> QuerySet[AuditEvent]:
    """The audit trail, newest first, narrowed by record type, actor and record id."""
    events = AuditEvent.objects.all()
    if model:
        events = events.filter(model=model)
    if actor:
        events = events.filter(actor_label=actor)
    if object_pk:
        events = events.filter(object_pk=object_pk)
    return events


def audited_models() -> list[str]:
    return list(AuditEvent.objects.order_by("model").values_list("model", flat=True).distinct())
