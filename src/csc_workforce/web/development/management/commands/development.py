from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from csc_workforce.web.clock import clock
from csc_workforce.web.development.services import development_remind


class Command(BaseCommand):
    help = (
        "Development. 'development remind' emails, once each, the managers and supervisors of "
        "workers overdue for supervision and, from 1 September to 30 November, the workers "
        "whose Social Work England renewal is at risk, their managers and the PSW."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        sent = development_remind(today=clock().today())
        self.stdout.write(f"Sent {sent} reminder(s)")
