from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from csc_workforce.core.retention import retention_ends
from csc_workforce.web.clock import clock
from csc_workforce.web.workforce.census import census_jobs_purge
from csc_workforce.web.workforce.selectors import staff_past_retention
from csc_workforce.web.workforce.services import staff_anonymise


class Command(BaseCommand):
    help = (
        "Staff records past the retention period (docs/retention.md). 'retention list' shows "
        "them; 'retention anonymise --yes' anonymises them, each audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "anonymise"])
        parser.add_argument(
            "--yes", action="store_true", help="anonymise without asking (for scheduled runs)"
        )

    def handle(self, *args: Any, action: str, yes: bool, **options: Any) -> None:
        years = settings.RETENTION_STAFF_YEARS_AFTER_LEAVING
        today = clock().today()
        due = staff_past_retention(today=today, years=years)
        self.stdout.write(
            f"{len(due)} staff record(s) past retention ({years} years after leaving) on {today}"
        )
        for staff in due:
            assert staff.end_date is not None
            ends = retention_ends(left_on=staff.end_date, years=years)
            self.stdout.write(
                f"  record {staff.pk}\t{staff.team}\tleft {staff.end_date}\tretention ended {ends}"
            )
        if action == "anonymise":
            purged = census_jobs_purge(now=timezone.now())
            self.stdout.write(f"Cleared the files and findings of {purged} old census task(s)")
        if action == "list" or not due:
            return
        if (
            not yes
            and input(f"Anonymise these {len(due)} record(s)? [y/N] ").strip().lower() != "y"
        ):
            self.stdout.write("Nothing changed")
            return
        for staff in due:
            staff_anonymise(staff=staff, today=today)
        self.stdout.write(f"Anonymised {len(due)} record(s)")
