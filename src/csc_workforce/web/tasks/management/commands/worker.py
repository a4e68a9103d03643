import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from csc_workforce.web.tasks.services import schedule_due, tasks_tidy_all

logger = logging.getLogger("csc_workforce.web.tasks.worker")
HOUSEKEEPING_SECONDS = 30.0
"""How often the worker looks for scheduled jobs that are due and for tasks whose worker died."""


class Command(BaseCommand):
    help = (
        "Run the background worker: imports, census tasks and the scheduled jobs (cscw schedule "
        "list), from the queue in the database. Stops cleanly on Ctrl+C or SIGTERM, after the "
        "task it is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued now, then stop (no schedule)"
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="leave the scheduled jobs to systemd timers or cron (docs/deploy.md)",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )

    def handle(
        self, *args: Any, batch: bool, no_schedule: bool, interval: float, **options: Any
    ) -> None:
        if settings.CSCW_RUN_JOBS_INLINE:
            raise CommandError(
                "CSCW_RUN_JOBS_INLINE is set, so tasks run in the web request: a worker has "
                "nothing to do"
            )
        tasks_tidy_all(now=timezone.now())  # tasks a stopped worker left half done
        if not (batch or no_schedule):
            threading.Thread(target=_keep_schedule, daemon=True, name="schedule").start()
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[-64:]
        self.stdout.write(f"Worker {worker_id} waiting for tasks")
        self.stdout.flush()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()


def _keep_schedule() -> None:
    """Every ``HOUSEKEEPING_SECONDS``: queue the scheduled jobs that are due, and queue again
    (or mark failed) the tasks whose worker died."""
    while True:
        close_old_connections()
        try:
            now = timezone.now()
            for name in schedule_due(now=now):
                logger.info("Scheduled job %s queued", name)
            tasks_tidy_all(now=now)
        except DatabaseError as error:  # SQLite busy with a long import: the next look will do
            logger.warning("Could not look at the schedule (%s); trying again shortly", error)
        threading.Event().wait(HOUSEKEEPING_SECONDS)
