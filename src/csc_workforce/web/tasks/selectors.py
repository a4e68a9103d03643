"""Reads of background tasks, scoped to the person asking."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from csc_workforce.web.accounts.roles import Viewer, roles_of

from .models import ImportTask


def import_tasks_visible_to(*, user: Viewer) -> QuerySet[ImportTask]:
    """A person's own imports: a task holds the file it read and the problems found in it, so
    nobody else (however senior) opens it."""
    if not isinstance(user, User) or not roles_of(user):
        return ImportTask.objects.none()
    return ImportTask.objects.filter(created_by=user)
