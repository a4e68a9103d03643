from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from csc_workforce.web.tasks.models import ScheduledRun
from csc_workforce.web.tasks.schedule import JOBS, SCHEDULE
from csc_workforce.web.tasks.services import run_scheduled_job, tasks_tidy_all


class Command(BaseCommand):
    help = (
        "The jobs the worker runs on a schedule. 'schedule list' shows each with when it runs "
        "next and how its last run went; 'schedule run NAME' runs one now, here (for cron or a "
        "systemd timer instead of the worker's schedule); 'schedule tidy' starts again the tasks "
        "whose worker stopped and deletes the files and findings of tasks older than 7 days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "run", "tidy"])
        parser.add_argument("name", nargs="?", help=f"one of: {', '.join(JOBS)}")

    def handle(self, *args: Any, action: str, name: str | None, **options: Any) -> None:
        if action == "tidy":
            changed = tasks_tidy_all(now=timezone.now())
            self.stdout.write(f"{changed} task(s) tidied")
            return
        if action == "run":
            if name not in JOBS:
                raise CommandError(f"Say which job to run: one of {', '.join(JOBS)}")
            run_scheduled_job.call(name)
            outcome = ScheduledRun.objects.get(name=name).last_outcome
            self.stdout.write(f"{name}\t{outcome}")
            return
        runs = ScheduledRun.objects.in_bulk([job.name for job in SCHEDULE])
        for job in SCHEDULE:
            seen = runs.get(job.name)
            next_run = (
                f"next {timezone.localtime(seen.next_run):%Y-%m-%d %H:%M}"
                if seen
                else "not yet seen by a worker"
            )
            last = (
                f"last {timezone.localtime(seen.last_finished):%Y-%m-%d %H:%M} {seen.last_outcome}"
                if seen and seen.last_finished
                else "never run"
            )
            self.stdout.write(
                f"{job.name}\t{job.command_line}\t{job.when}\t{next_run}\t{last}\t({job.does})"
            )
