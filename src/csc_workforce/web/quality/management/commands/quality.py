from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from csc_workforce.web.clock import clock
from csc_workforce.web.quality.services import remind_overdue


class Command(BaseCommand):
    help = "Quality assurance. 'quality remind' emails owners of overdue actions and audits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        sent = remind_overdue(today=clock().today())
        self.stdout.write(f"Sent {sent} reminder(s)")
