"""The jobs the worker runs on a schedule. One line adds a job: its name, what it does, the
``cscw`` command it runs and when. ``cscw schedule list`` shows them with their next and last
runs; docs/deploy.md gives the same jobs as systemd timers or cron lines, for those who run the
worker without its schedule (``cscw worker --no-schedule``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Daily:
    at: dt.time

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        local = timezone.localtime(moment)
        due = timezone.make_aware(dt.datetime.combine(local.date(), self.at))
        return due if due > moment else _next_day(due)

    def __str__(self) -> str:
        return f"every day at {self.at:%H:%M}"


@dataclass(frozen=True)
class Monthly:
    day: int
    at: dt.time

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        local = timezone.localtime(moment)
        month = local.date().replace(day=self.day)
        due = timezone.make_aware(dt.datetime.combine(month, self.at))
        if due > moment:
            return due
        following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=self.day)
        return timezone.make_aware(dt.datetime.combine(following, self.at))

    def __str__(self) -> str:
        return f"on day {self.day} of every month at {self.at:%H:%M}"


def _next_day(due: dt.datetime) -> dt.datetime:
    """The same wall-clock time the next day (across a change of the clocks)."""
    local = timezone.localtime(due)
    return timezone.make_aware(
        dt.datetime.combine(local.date() + dt.timedelta(days=1), local.time())
    )


@dataclass(frozen=True)
class Job:
    name: str
    does: str
    command: tuple[str, ...]
    when: Daily | Monthly

    @property
    def command_line(self) -> str:
        return "cscw " + " ".join(self.command)


SCHEDULE = (
    Job(
        "reminders",
        "emails the owners of overdue actions and case audits",
        ("quality", "remind"),
        Daily(at=dt.time(7, 0)),
    ),
    Job(
        "development reminders",
        "emails who is behind with early career reviews and induction items, managers and "
        "supervisors of workers overdue for supervision, and those whose Social Work England "
        "renewal is at risk or mandatory training is due",
        ("development", "remind"),
        Daily(at=dt.time(7, 0)),
    ),
    Job(
        "retention",
        "anonymises staff records past retention; clears old census tasks' files",
        ("retention", "anonymise", "--yes"),
        Monthly(day=1, at=dt.time(6, 0)),
    ),
    Job(
        "caseload snapshots",
        "stores the day's workers' loads, so that no page computes them",
        ("caseloads", "snapshot"),
        Daily(at=dt.time(5, 30)),
    ),
    Job(
        "old tasks",
        "starts again imports and census tasks whose worker stopped; deletes the files and "
        "findings of those older than 7 days",
        ("schedule", "tidy"),
        Daily(at=dt.time(3, 30)),
    ),
    Job("sessions", "deletes expired sessions", ("clearsessions",), Daily(at=dt.time(3, 0))),
    Job(
        "sign-in records",
        "deletes records of sign-ins older than 30 days",
        ("axes_reset_logs", "--age", "30"),
        Daily(at=dt.time(3, 10)),
    ),
    Job(
        "queue records",
        "deletes the queue's records of tasks finished more than 7 days ago",
        ("prune_db_task_results", "--min-age-days", "7"),
        Daily(at=dt.time(3, 20)),
    ),
)
JOBS = {job.name: job for job in SCHEDULE}
