"""Running background tasks: queued in the database and run by the worker process, ``cscw
worker`` (django-tasks and its database backend; docs/adr/0010), their progress and heartbeat in
the task's own row, which is all the pages read.

A task's work is a function of the task and a ``progress`` callback, returning the fields to
save when it finishes (its result, an output file). While it runs, a second thread writes the
latest step and the time every ``HEARTBEAT`` (from its own database connection, so an import's
long transaction never holds the task's row). Work that fails is tried again, up to
``ATTEMPTS`` times in all, after ``RETRY_AFTER``; a running task whose heartbeat stops for
``ABANDONED_AFTER`` died with its worker (a restart, a crash) and is queued again the next time
anyone looks, or marked failed, its files dropped, once it has had its attempts.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar

import django_tasks
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import default_task_backend

from csc_workforce.core.problems import Problem
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import Actor, acting_as, acting_as_actor

from .models import BackgroundTask, ImportTask, ScheduledRun
from .schedule import JOBS, SCHEDULE

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
Work = Callable[[Any, Progress], dict[str, object]]
T = TypeVar("T", bound=BackgroundTask)

HEARTBEAT = dt.timedelta(seconds=2)
ABANDONED_AFTER = dt.timedelta(minutes=2)
"""A task that has not shown life for this long died with its worker (a restart, a crash)."""
ATTEMPTS = 3
"""Times a task is run before it is marked failed: a database that went away, a worker that was
restarted, get another go. An import is all or nothing, so running it again is safe."""
RETRY_AFTER = dt.timedelta(seconds=30)
KEPT_FOR = dt.timedelta(days=7)
"""How long a task keeps its findings and output: they hold personal data. The row stays, as a
record that the task ran."""
PROBLEMS_KEPT = 500
"""Problems a result keeps, with the count of all: a bad file's every problem would make the
result as large as the file."""

RUNNERS = {
    "tasks.ImportTask": "csc_workforce.web.tasks.services.import_task_run",
    "workforce.CensusJob": "csc_workforce.web.workforce.census.census_job_run",
    "reporting.ReportJob": "csc_workforce.web.reporting.services.report_job_run",
}
"""What runs each kind of task, given its primary key, by name: the apps that own the tasks
depend on this one, not the other way round."""

IMPORT_WORK = {
    ImportTask.Kind.STAFF: "csc_workforce.web.workforce.staff_import.staff_import_work",
    ImportTask.Kind.ALLOCATIONS: "csc_workforce.web.caseloads.imports.allocations_import_work",
    ImportTask.Kind.SSD: "csc_workforce.web.caseloads.imports.ssd_import_work",
    ImportTask.Kind.ACTIVITY: "csc_workforce.web.caseloads.imports.activity_import_work",
}
"""Each import's work, by name, for the same reason."""


SCHEDULE_ACTOR = Actor(user_id=None, label="schedule", source=AuditEvent.Source.SYSTEM)
"""Who the audit trail says made the changes of a scheduled job."""


class TryAgain(Exception):
    """Raised by ``task_run`` when the work failed and the task has attempts left."""


def task_start(task: BackgroundTask, *, delay: dt.timedelta | None = None) -> None:
    """Queue ``task`` for the worker (at once, in the request, when ``CSCW_RUN_JOBS_INLINE``,
    as in tests); the task's page shows its progress."""
    queued = run_background_task
    if delay is not None and default_task_backend.supports_defer:
        queued = queued.using(run_after=timezone.now() + delay)
    queued.enqueue(task._meta.label, task.pk)


@django_tasks.task()
def run_background_task(label: str, pk: int) -> None:
    """The queued job: run the task ``pk`` of the model ``label``; queue it again if its work
    failed and it has attempts left."""
    try:
        import_string(RUNNERS[label])(pk)
    except TryAgain:
        task_start(apps.get_model(label)._default_manager.get(pk=pk), delay=RETRY_AFTER)


def task_run(model: type[T], pk: int, work: Work) -> None:
    """Run ``work`` for the task ``pk`` as the person who started it: running, with a heartbeat,
    then finished with the fields ``work`` returns; or, if it fails, queued again (``TryAgain``)
    while it has attempts left, else failed. Its uploads go when it finishes or fails. A task
    already finished (queued twice) is left alone."""
    rows = model._default_manager.filter(pk=pk).exclude(
        status__in=[BackgroundTask.Status.DONE, BackgroundTask.Status.FAILED]
    )
    if not rows.update(
        status=BackgroundTask.Status.RUNNING,
        step="Starting",
        updated_at=timezone.now(),
        attempts=F("attempts") + 1,
    ):
        return
    task = model._default_manager.get(pk=pk)
    dropped = dict.fromkeys(model.UPLOADS)
    try:
        with _Heartbeat(model, pk) as beat, acting_as(task.created_by, AuditEvent.Source.WEB):
            finished = work(task, beat.progress)
    except Exception:
        logger.exception("%s %s failed", model.__name__, pk)  # the traceback names no person
        if task.attempts < ATTEMPTS:
            model._default_manager.filter(pk=pk).update(
                status=BackgroundTask.Status.QUEUED,
                step=f"Something went wrong; trying again (attempt {task.attempts + 1} of "
                f"{ATTEMPTS})",
                updated_at=timezone.now(),
            )
            raise TryAgain from None
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
    """Queue again the running tasks whose heartbeat stopped ``ABANDONED_AFTER`` ago (their
    worker died), or mark them failed and drop their uploads once they have had their attempts;
    delete the files and findings of tasks older than ``KEPT_FOR``. A queued task waits for the
    worker however long it takes. Returns the tasks changed."""
    abandoned = model._default_manager.filter(
        status=BackgroundTask.Status.RUNNING, updated_at__lt=now - ABANDONED_AFTER
    )
    old = model._default_manager.filter(created_at__lt=now - KEPT_FOR).exclude(result={})
    changed = 0
    # Looked for first: a page that only looks takes no write lock (SQLite has one writer).
    for task in abandoned if abandoned.exists() else ():
        again = task.attempts < ATTEMPTS
        fields: dict[str, object] = (
            {
                "status": BackgroundTask.Status.QUEUED,
                "step": f"The worker stopped; starting again (attempt {task.attempts + 1} of "
                f"{ATTEMPTS})",
            }
            if again
            else {
                "status": BackgroundTask.Status.FAILED,
                "step": "Stopped: the service restarted before it finished",
                **dict.fromkeys(model.UPLOADS),
            }
        )
        # Only if it is still as it was: its worker may have come back to life meanwhile.
        if abandoned.filter(pk=task.pk, updated_at=task.updated_at).update(
            **fields, updated_at=now
        ):
            changed += 1
            if again:
                task_start(task)
    if old.exists():
        changed += old.update(result={}, **dict.fromkeys(model.UPLOADS + model.OUTPUTS))
    return changed


def problems_kept(problems: Sequence[dict[str, object]]) -> dict[str, object]:
    """The first ``PROBLEMS_KEPT`` problems and how many there were."""
    return {"problems": list(problems[:PROBLEMS_KEPT]), "problem_count": len(problems)}


def import_done(message: str, **counts: object) -> dict[str, object]:
    """What an import task saves when it has imported (or checked) the file."""
    return {"result": {"ok": True, "message": message} | counts}


def import_refused(lead: str, problems: Sequence[Problem]) -> dict[str, object]:
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
    """Queue an import for the worker."""
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
    task_start(task)
    return task


def import_task_run(pk: int) -> None:
    kind = ImportTask.objects.values_list("kind", flat=True).get(pk=pk)
    task_run(ImportTask, pk, import_string(IMPORT_WORK[ImportTask.Kind(kind)]))


def tasks_tidy_all(*, now: dt.datetime) -> int:
    """``tasks_tidy`` for every kind of task."""
    return sum(tasks_tidy(apps.get_model(label), now=now) for label in RUNNERS)


def schedule_due(*, now: dt.datetime) -> list[str]:
    """Queue the scheduled jobs that are due and set when each runs next; a job seen for the
    first time is due at its next time. Several workers may look at once: a job is queued by
    whichever moves its next run first. Returns the names of the jobs queued."""
    queued = []
    for job in SCHEDULE:
        run, _ = ScheduledRun.objects.get_or_create(
            name=job.name, defaults={"next_run": job.when.next_after(now)}
        )
        if run.next_run > now:
            continue
        with transaction.atomic():
            moved = ScheduledRun.objects.filter(name=job.name, next_run=run.next_run).update(
                next_run=job.when.next_after(now)
            )
            if moved:
                run_scheduled_job.enqueue(job.name)
                queued.append(job.name)
    return queued


@django_tasks.task()
def run_scheduled_job(name: str) -> None:
    """Run the scheduled job ``name``'s command, audited as the schedule, and record when and
    how it went (its last line of output, which names nobody)."""
    job = JOBS[name]
    now = timezone.now()
    ScheduledRun.objects.update_or_create(
        name=name,
        defaults={"last_started": now},
        create_defaults={"next_run": job.when.next_after(now), "last_started": now},
    )
    output = io.StringIO()
    try:
        with acting_as_actor(SCHEDULE_ACTOR):
            call_command(*job.command, stdout=output, stderr=output)
    except Exception as error:
        logger.exception("Scheduled job %s failed", name)
        outcome = f"Failed ({type(error).__name__})"
    else:
        lines = output.getvalue().strip().splitlines()
        outcome = f"Finished: {lines[-1]}" if lines else "Finished"
    ScheduledRun.objects.filter(name=name).update(
        last_finished=timezone.now(), last_outcome=outcome[:200]
    )
