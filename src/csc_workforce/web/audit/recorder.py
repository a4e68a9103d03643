"""Record every create, update and delete of registered models, with who did it.

Models holding personal data are registered once (``register``); signal handlers then write an
``AuditEvent`` with before/after values for each change made through the ORM — by a service, the
admin site or a command. Who acted comes from ``acting_as`` (``accounts.acting``: set per request by
the middleware, per command by ``cscw``); with nobody set the actor is "system".
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from csc_workforce.web.accounts.acting import (
    SYSTEM,
    Actor,
    acting_as,
    acting_as_actor,
    actor_for,
    current_actor,
)

from .models import AuditEvent

__all__ = [  # who acts is ``accounts.acting``'s, offered here beside what records it
    "SYSTEM",
    "Actor",
    "acting_as",
    "acting_as_actor",
    "actor_for",
    "batch_key",
    "current_actor",
    "in_bulk_job",
    "is_registered",
    "record",
    "record_batch",
    "record_created",
    "register",
    "suppressed",
]

_suppressed: ContextVar[bool] = ContextVar("audit_suppressed", default=False)
_excluded: dict[type[models.Model], frozenset[str]] = {}


@contextmanager
def suppressed() -> Iterator[None]:
    """Skip per-row events inside a bulk job that records one summary event of its own."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def in_bulk_job() -> bool:
    """Whether a bulk job that records its own summary event is running (``suppressed``)."""
    return _suppressed.get()


def record(
    *,
    action: str,
    model: str,
    object_pk: object = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Write one event as the current actor."""
    actor = current_actor()
    return AuditEvent.objects.create(
        actor_id=actor.user_id,
        actor_label=actor.label,
        source=actor.source,
        action=action,
        model=model,
        object_pk=str(object_pk),
        object_repr=object_repr[:200],
        changes=changes or {},
        message=message,
    )


def batch_key(pk: object) -> str:
    """How a batch event names one of its records in ``changes``."""
    return f"record {pk}"


def record_batch(
    *,
    action: str,
    model: str,
    records: dict[object, tuple[dict[str, object] | None, dict[str, object]]],
    object_repr: str,
    message: str,
) -> AuditEvent:
    """One event for a bulk write (an import's batch), listing every record it wrote: each
    record's id with its values before (None for a new one) and after. The audit trail of one
    record finds it (``selectors.audit_events``)."""
    changes = {
        batch_key(pk): {
            "before": None if before is None else {k: _plain(v) for k, v in before.items()},
            "after": {k: _plain(v) for k, v in after.items()},
        }
        for pk, (before, after) in records.items()
    }
    return record(
        action=action, model=model, object_repr=object_repr, changes=changes, message=message
    )


BATCH = 5000


def record_created(model: type[models.Model], pks: Sequence[object], *, message: str) -> int:
    """Record records of ``model`` created in bulk, bypassing the per-row signals (the demo
    seed): one ``record_batch`` event a batch of up to ``BATCH`` of them listing their primary
    keys, with who and when as for any change. Returns the number of events."""
    meta = model._meta
    events = 0
    for start in range(0, len(pks), BATCH):
        batch = [str(pk) for pk in pks[start : start + BATCH]]
        record_batch(
            action=AuditEvent.Action.CREATE,
            model=meta.label,
            records={pk: (None, {}) for pk in batch},
            object_repr=f"{len(batch):,} {meta.verbose_name_plural}: {batch[0]} to {batch[-1]}",
            message=message,
        )
        events += 1
    return events


def register(model: type[models.Model], *, exclude: Iterable[str] = ()) -> None:
    """Audit every change to ``model``, leaving out the named fields (secrets, bookkeeping)."""
    _excluded[model] = frozenset(exclude)
    uid = f"audit:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
        )


def is_registered(model: type[models.Model]) -> bool:
    return model in _excluded


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _value(field: models.Field[Any, Any], instance: models.Model) -> object:
    value = field.value_from_object(instance)
    if isinstance(field, models.DecimalField) and value is not None:
        # As stored: 0.8 typed into a form and 0.800 read back are the same value.
        value = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    return _plain(value)


def _snapshot(instance: models.Model) -> dict[str, object]:
    excluded = _excluded[type(instance)]
    return {
        field.attname: _value(field, instance)
        for field in instance._meta.concrete_fields
        if field.attname not in excluded and field.name not in excluded
    }


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    previous = None
    if instance.pk is not None and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        previous = _snapshot(stored) if stored is not None else None
    instance._audit_before = previous  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if _suppressed.get() or kwargs.get("raw"):
        return
    before: dict[str, object] = getattr(instance, "_audit_before", None) or {}
    after = _snapshot(instance)
    changes = {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if created or before.get(name) != value
    }
    if not changes:
        return
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    record(
        action=action,
        model=sender._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        changes=changes,
    )


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _suppressed.get():
        return
    changes = {
        name: {"before": value, "after": None} for name, value in _snapshot(instance).items()
    }
    record(
        action=AuditEvent.Action.DELETE,
        model=sender._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        changes=changes,
    )


def _m2m_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if _suppressed.get() or reverse or not is_registered(type(instance)):
        return
    field = next(f for f in instance._meta.many_to_many if f.remote_field.through is sender)
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance._audit_m2m_before = current  # type: ignore[attr-defined]
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    before = getattr(instance, "_audit_m2m_before", [])
    if before == current:
        return
    record(
        action=AuditEvent.Action.UPDATE,
        model=type(instance)._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        changes={field.name: {"before": before, "after": current}},
    )
