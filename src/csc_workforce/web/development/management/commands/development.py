from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from csc_workforce.web.clock import clock
from csc_workforce.web.development.services import development_remind, remind_overdue


class Command(BaseCommand):
    help = (
        "Development. 'development remind' emails the assessors and line managers of early "
        "career reviews overdue and the owners of overdue induction items (each at most weekly); "
        "and, once each, the managers and supervisors of workers overdue for supervision, those "
        "whose Social Work England renewal is at risk (1 September to 30 November), and those "
        "whose mandatory training is due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        today = clock().today()
        careers = remind_overdue(today=today)
        supervision = development_remind(today=today)
        self.stdout.write(
            f"Sent {careers + supervision} reminder(s): {careers} on early careers and "
            f"induction, {supervision} on supervision, registration and training"
        )
