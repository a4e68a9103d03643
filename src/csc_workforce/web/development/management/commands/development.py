from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from csc_workforce.web.clock import clock
from csc_workforce.web.development.services import remind_overdue


class Command(BaseCommand):
    help = (
        "Growing our own. 'development remind' emails the assessors and line managers of early "
        "career reviews overdue and the owners of overdue induction items (each at most weekly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        sent = remind_overdue(today=clock().today())
        self.stdout.write(f"Sent {sent} reminder(s)")
