"""Work that takes longer than a page should wait for, run by the worker process (docs/adr/0008
and 0010): a row holds what the task is given, its progress and a small result; and the times of
the scheduled jobs the worker runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class BackgroundTask(models.Model):
    """A task's state. ``updated_at`` is its heartbeat: a running task writes it every few
    seconds, so one that stops writing has died with its worker. Uploaded files (``UPLOADS``)
    are kept only until the task has finished or stopped; files it wrote (``OUTPUTS``) and its
    result for a week."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    UPLOADS: tuple[str, ...] = ("upload",)
    OUTPUTS: tuple[str, ...] = ()

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    upload = models.BinaryField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportTask(BackgroundTask):
    """An import of staff or of caseloads, all or nothing; its result is a message and, when it
    was refused, the first problems found and how many there were."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Import staff"
        ALLOCATIONS = "allocations", "Import allocations"
        SSD = "ssd", "Import allocations from the SSD extract"
        ACTIVITY = "activity", "Import activity"

    UPLOADS = ("upload", "second_upload")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    dry_run = models.BooleanField(default=False)
    today = models.DateField(null=True, blank=True)
    second_upload = models.BinaryField(null=True, blank=True)
    second_filename = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename}"


class ScheduledRun(models.Model):
    """When a job of the schedule (``tasks.schedule.SCHEDULE``) next runs and how its last run
    went; one row per job, kept by the worker."""

    name = models.CharField(max_length=50, primary_key=True)
    next_run = models.DateTimeField()
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
