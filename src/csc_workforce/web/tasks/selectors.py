"""Reads of background tasks, scoped to the person asking."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Max, Min, Q, QuerySet
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from csc_workforce.web.accounts.roles import Viewer, roles_of

from .models import ImportTask, ScheduledRun


def import_tasks_visible_to(*, user: Viewer) -> QuerySet[ImportTask]:
    """A person's own imports: a task holds the file it read and the problems found in it, so
    nobody else (however senior) opens it."""
    if not isinstance(user, User) or not roles_of(user):
        return ImportTask.objects.none()
    return ImportTask.objects.filter(created_by=user)


@dataclass(frozen=True)
class LastImport:
    """The latest import of one kind that finished and changed the register (not a check
    only), whoever ran it: its kind's name and when it finished; no file, no findings."""

    kind: str
    label: str
    at: dt.datetime | None


def last_imports() -> list[LastImport]:
    """``LastImport`` of each kind of import, in the order of ``ImportTask.Kind`` (``at`` None
    for a kind never imported, or whose tasks have been tidied away)."""
    latest = dict(
        ImportTask.objects.filter(status=ImportTask.Status.DONE, dry_run=False)
        .values_list("kind")
        .annotate(at=Max("updated_at"))
        .order_by()
    )
    return [
        LastImport(kind, str(label), latest.get(kind)) for kind, label in ImportTask.Kind.choices
    ]


@dataclass(frozen=True)
class QueueState:
    """The background queue: tasks waiting, when the oldest of them was queued, tasks running,
    and when a task last finished (None where there is none)."""

    waiting: int
    oldest_waiting: dt.datetime | None
    running: int
    last_finished: dt.datetime | None


def queue_state() -> QueueState:
    """``QueueState`` of the worker's queue (django-tasks' database backend), in one query."""
    found = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        oldest_waiting=Min("enqueued_at", filter=Q(status=TaskResultStatus.READY)),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        last_finished=Max("finished_at"),
    )
    return QueueState(**found)


def scheduled_runs() -> list[ScheduledRun]:
    """The scheduled jobs the worker keeps (``schedule.SCHEDULE``), with their last and next
    runs; a job the worker has not yet seen has no row."""
    return list(ScheduledRun.objects.order_by("name"))
