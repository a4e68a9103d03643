from dataclasses import dataclass

from django.apps import apps
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


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: object
    after: object


def event_changes(event: AuditEvent) -> list[FieldChange]:
    """An event's changes with each field's human name (the stored name if the field has gone)."""
    try:
        model = apps.get_model(event.model)
    except (LookupError, ValueError):
        model = None
    labels = {}
    if model is not None:
        for field in model._meta.get_fields():
            if hasattr(field, "attname"):
                labels[field.attname] = str(getattr(field, "verbose_name", field.name))
            labels.setdefault(field.name, str(getattr(field, "verbose_name", field.name)))
    return [
        FieldChange(
            label=labels.get(name, name).capitalize(),
            before=_shown(values.get("before")),
            after=_shown(values.get("after")),
        )
        for name, values in event.changes.items()
    ]


def _shown(value: object) -> object:
    """A list (the records of a batch event) as the values it holds, separated by commas."""
    return ", ".join(str(item) for item in value) if isinstance(value, list) else value


def audited_models() -> list[str]:
    return list(AuditEvent.objects.order_by("model").values_list("model", flat=True).distinct())
