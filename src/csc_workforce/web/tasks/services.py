"""Running background tasks: in a thread of the web worker that started them, their progress and
heartbeat in the database (docs/adr/0008). A queue can replace the thread without changing the
pages: they read only the task's row.

A task's work is a function of the task and a ``progress`` callback, returning the fields to
save when it finishes (its result, an output file). While it runs, a second thread writes the
latest step and the time every ``HEARTBEAT`` (from its own database connection, so an import's
long transaction never holds the task's row); a task whose heartbeat stops for ``ABANDONED_AFTER``
died with its worker, and is marked failed and its files dropped the next time anyone looks.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as

from .models import BackgroundTask, ImportTask

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
Work = Callable[[Any, Progress], dict[str, object]]
T = TypeVar("T", bound=BackgroundTask)

HEARTBEAT = dt.timedelta(seconds=2)
ABANDONED_AFTER = dt.timedelta(minutes=2)
"""A task that has not shown life for this long died with its worker (a restart, a crash)."""
KEPT_FOR = dt.timedelta(days=7)
"""How long a task keeps its findings and output: they hold personal data. The row stays, as a
record that the task ran."""
PROBLEMS_KEPT = 500
"""Problems a result keeps, with the count of all: a bad file's every problem would make the
result as large as the file."""

IMPORT_WORK = {
    ImportTask.Kind.STAFF: "csc_workforce.web.workforce.staff_import.staff_import_work",
    ImportTask.Kind.ALLOCATIONS: "csc_workforce.web.caseloads.imports.allocations_import_work",
    ImportTask.Kind.SSD: "csc_workforce.web.caseloads.imports.ssd_import_work",
    ImportTask.Kind.ACTIVITY: "csc_workforce.web.caseloads.imports.activity_import_work",
}
"""Each import's work, by name: the apps that own the imports depend on this one, not the other
way round."""


def task_start(task: BackgroundTask, run: Callable[[int], None]) -> None:
    """Run ``run(task.pk)`` in a background thread (inline when ``CSCW_RUN_JOBS_INLINE``, as in
    tests); the task's page shows its progress."""
    if settings.CSCW_RUN_JOBS_INLINE:
        run(task.pk)
    else:
        threading.Thread(target=_in_thread, args=(run, task.pk), daemon=True).start()


def _in_thread(run: Callable[[int], None], pk: int) -> None:
    try:
        run(pk)
    finally:
        connection.close()


def task_run(model: type[T], pk: int, work: Work) -> None:
    """Run ``work`` for the task ``pk`` as the person who started it: running, with a heartbeat,
    then finished with the fields ``work`` returns, or failed. Either way its uploads go."""
    task = model._default_manager.get(pk=pk)
    dropped = dict.fromkeys(model.UPLOADS)
    model._default_manager.filter(pk=pk).update(
        status=BackgroundTask.Status.RUNNING, step="Starting", updated_at=timezone.now()
    )
    try:
        with _Heartbeat(model, pk) as beat, acting_as(task.created_by, AuditEvent.Source.WEB):
            finished = work(task, beat.progress)
    except Exception:
        logger.exception("%s %s failed", model.__name__, pk)  # the traceback names no person
        model._default_manager.filter(pk=pk).update(
            status=BackgroundTask.Status.FAILED,
            step="Something went wrong",
            updated_at=timezone.now(),
            **dropped,
        )
        return
    model._default_manager.filter(pk=pk).update(
        status=BackgroundTask.Status.DONE,
        step="Finished",
        updated_at=timezone.now(),
        **(dropped | finished),
    )


class _Heartbeat:
    """The latest step and the time, written from a thread of its own every ``HEARTBEAT`` (or
    at once, when tasks run inline)."""

    def __init__(self, model: type[BackgroundTask], pk: int) -> None:
        self.model, self.pk, self.step = model, pk, "Starting"
        self.inline = bool(settings.CSCW_RUN_JOBS_INLINE)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def progress(self, step: str) -> None:
        self.step = step[:200]
        if self.inline:
            self._write()

    def __enter__(self) -> _Heartbeat:
        if not self.inline:
            self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopped.set()
        if not self.inline:
            self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT.total_seconds()):
                self._write()
        finally:
            connection.close()

    def _write(self) -> None:
        try:
            self.model._default_manager.filter(
                pk=self.pk, status=BackgroundTask.Status.RUNNING
            ).update(step=self.step, updated_at=timezone.now())
        except DatabaseError:  # SQLite busy with the task's own writes: the next beat will do
            logger.debug("Heartbeat of %s %s missed", self.model.__name__, self.pk)


def tasks_tidy(model: type[BackgroundTask], *, now: dt.datetime) -> int:
    """Mark failed the tasks whose heartbeat stopped ``ABANDONED_AFTER`` ago, dropping their
    uploads; delete the files and findings of tasks older than ``KEPT_FOR``. Returns the tasks
    changed."""
    unfinished = [BackgroundTask.Status.QUEUED, BackgroundTask.Status.RUNNING]
    abandoned = model._default_manager.filter(
        status__in=unfinished, updated_at__lt=now - ABANDONED_AFTER
    )
    old = model._default_manager.filter(created_at__lt=now - KEPT_FOR).exclude(result={})
    changed = 0
    # Looked for first: a page that only looks takes no write lock (SQLite has one writer).
    if abandoned.exists():
        changed += abandoned.update(
            status=BackgroundTask.Status.FAILED,
            step="Stopped: the service restarted before it finished",
            **dict.fromkeys(model.UPLOADS),
        )
    if old.exists():
        changed += old.update(result={}, **dict.fromkeys(model.UPLOADS + model.OUTPUTS))
    return changed


def problems_kept(problems: Sequence[dict[str, object]]) -> dict[str, object]:
    """The first ``PROBLEMS_KEPT`` problems and how many there were."""
    return {"problems": list(problems[:PROBLEMS_KEPT]), "problem_count": len(problems)}


class _Problem(Protocol):
    def as_dict(self) -> dict[str, object]: ...


def import_done(message: str, **counts: object) -> dict[str, object]:
    """What an import task saves when it has imported (or checked) the file."""
    return {"result": {"ok": True, "message": message} | counts}


def import_refused(lead: str, problems: Sequence[_Problem]) -> dict[str, object]:
    """What an import task saves when the file had problems: ``lead`` and their number, and
    the first of them."""
    count = len(problems)
    message = f"{lead} {count:,} problem{'' if count == 1 else 's'}"
    kept = [problem.as_dict() for problem in problems[:PROBLEMS_KEPT]]
    return {"result": {"ok": False, "message": message, "problems": kept, "problem_count": count}}


def import_task_start(
    *,
    kind: str,
    by: User,
    upload: bytes,
    filename: str,
    dry_run: bool,
    today: dt.date,
    second_upload: bytes | None = None,
    second_filename: str = "",
) -> ImportTask:
    """Queue an import and start it in the background."""
    task = ImportTask.objects.create(
        kind=kind,
        created_by=by,
        upload=upload,
        filename=filename[:255],
        dry_run=dry_run,
        today=today,
        second_upload=second_upload,
        second_filename=second_filename[:255],
    )
    task_start(task, import_task_run)
    return task


def import_task_run(pk: int) -> None:
    kind = ImportTask.objects.values_list("kind", flat=True).get(pk=pk)
    task_run(ImportTask, pk, import_string(IMPORT_WORK[ImportTask.Kind(kind)]))
