from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImmutableQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("The audit trail cannot be changed")

    def delete(self) -> NoReturn:
        raise PermissionError("The audit trail cannot be deleted")

    def redact(self, *, fields: set[str], placeholder: str = "[anonymised]") -> int:
        """Replace the named fields' values in these events; used only by the retention policy."""
        count = 0
        for event in self:
            changes = {
                name: (dict.fromkeys(values, placeholder) if name in fields else values)
                for name, values in event.changes.items()
            }
            count += models.QuerySet.update(
                AuditEvent.objects.filter(pk=event.pk), changes=changes, object_repr=placeholder
            )
        return count

    def redact_listed(
        self, *, key: str, fields: set[str], placeholder: str = "[anonymised]"
    ) -> int:
        """In bulk events (``recorder.record_batch``), replace the named fields' values of the
        one record listed under ``key``, leaving the others; used only by the retention policy."""
        count = 0
        for event in self.filter(changes__has_key=key):
            changes = dict(event.changes)
            changes[key] = {
                side: None
                if values is None
                else {name: placeholder if name in fields else v for name, v in values.items()}
                for side, values in event.changes[key].items()
            }
            count += models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), changes=changes)
        return count


class AuditEvent(models.Model):
    """One create, update or delete of a personal-data record, or another audited action."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        ANONYMISE = "anonymise", "Anonymised"
        ACTION = "action", "Action"

    class Source(models.TextChoices):
        WEB = "web", "Web"
        CLI = "cli", "Command line"
        SYSTEM = "system", "System"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    source = models.CharField(max_length=10, choices=Source.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)
    object_pk = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_pk} by {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The audit trail cannot be deleted")
