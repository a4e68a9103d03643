from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Viewer
from csc_workforce.web.people import actor_name

from .models import AuditEvent
from .recorder import batch_key


def audit_events_visible_to(*, user: Viewer) -> QuerySet[AuditEvent]:
    """The whole audit trail for those who may read it (administrators and the PSW); none of it
    for anyone else."""
    if not can(user, Capability.VIEW_AUDIT_TRAIL):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def audit_events(
    *, user: Viewer, model: str = "", actor: str = "", object_pk: str = ""
) -> QuerySet[AuditEvent]:
    """The audit trail the person may read, newest first, narrowed by record type, actor and
    record id (a record's own events, and the bulk events that list it:
    ``recorder.record_batch``)."""
    events = audit_events_visible_to(user=user)
    if model:
        events = events.filter(model=model)
    if actor:
        events = events.filter(actor_label=actor)
    if object_pk:
        events = events.filter(Q(object_pk=object_pk) | Q(changes__has_key=batch_key(object_pk)))
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
    """A record's values in a batch event (``recorder.record_batch``) as "field: value" pairs
    separated by semicolons; any other value as it is."""
    if isinstance(value, dict):
        return "; ".join(f"{name}: {item}" for name, item in value.items())
    return value


def model_name(label: str) -> str:
    """A record type's name in words ("Local authority" for ``organisation.LocalAuthority``):
    its verbose name, or the stored label for a model that has gone."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name).capitalize()


def audited_models() -> list[tuple[str, str]]:
    """The record types the trail holds, as (stored label, name in words), by name."""
    labels = AuditEvent.objects.order_by().values_list("model", flat=True).distinct()
    return sorted(((label, model_name(label)) for label in labels), key=lambda pair: pair[1])


def actors() -> list[tuple[str, str]]:
    """Who the trail records as making changes, as (stored label, name in words), by name."""
    found = AuditEvent.objects.order_by().values_list("actor_label", "actor_id", "source")
    users = User.objects.in_bulk({actor for _, actor, _ in found.distinct() if actor})
    names = {
        label: actor_name(user=users.get(actor) if actor else None, label=label, source=source)
        for label, actor, source in found.distinct()
    }
    return sorted(names.items(), key=lambda pair: pair[1])


def event_rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Each event with its author's and record type's names in words."""
    events = list(events)
    users = User.objects.in_bulk({event.actor_id for event in events if event.actor_id})
    return [
        EventRow(
            event=event,
            who=actor_name(
                user=users.get(event.actor_id) if event.actor_id else None,
                label=event.actor_label,
                source=event.source,
            ),
            record_type=model_name(event.model),
        )
        for event in events
    ]


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    who: str
    record_type: str


def latest_change() -> tuple[int, dt.datetime] | None:
    """The newest audit event's number and time (None before any): it changes whenever a
    registered record does, so what is computed from those records can be kept until it does."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", "at").first()
