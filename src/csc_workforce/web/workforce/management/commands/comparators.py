import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.reference import InvalidCsv
from csc_workforce.web.organisation.models import LocalAuthority
from csc_workforce.web.organisation.selectors import NoAuthority, authority
from csc_workforce.web.uploads import read_upload
from csc_workforce.web.workforce.indicators import current_release
from csc_workforce.web.workforce.services import comparators_set, release_load


class Command(BaseCommand):
    help = (
        "What the authority is compared with. 'comparators list'; 'comparators load FILE' (a "
        "newer DfE CSWW statistics CSV, checked column by column); 'comparators set CODE…' "
        "(old 3-digit LA codes, in order)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "load", "set"])
        parser.add_argument("values", nargs="*", metavar="FILE_OR_CODES")
        parser.add_argument(
            "--as-user", default="", help="record the change as done by this user (optional)"
        )

    def handle(
        self, *args: Any, action: str, values: list[str], as_user: str, **options: Any
    ) -> None:
        by = User.objects.filter(username=as_user).first() if as_user else None
        if action == "list":
            _, note = current_release()
            self.stdout.write(f"Statistics: {note}")
            for comparator in self._authority().comparators.all():
                self.stdout.write(
                    f"{comparator.position}\t{comparator.old_la_code}\t{comparator.name}"
                )
            return
        if not values:
            raise CommandError(
                f"comparators {action} needs {'a FILE' if action == 'load' else 'codes'}"
            )
        try:
            if action == "load":
                path = Path(values[0])
                loaded = release_load(data=read_upload(path), filename=path.name, by=by)
                self.stdout.write(f"Loaded {loaded}; comparisons now use it")
            else:
                chosen = comparators_set(authority=self._authority(), old_la_codes=values, by=by)
                self.stdout.write(", ".join(c.name for c in chosen))
        except InvalidCsv as error:
            for problem in error.problems:
                where = f"row {problem.row}" + (
                    f", column {problem.column}" if problem.column else ""
                )
                print(f"{where}: {problem.value!r} {problem.rule}", file=sys.stderr)
            raise CommandError(f"Nothing loaded: {len(error.problems)} problem(s)") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _authority(self) -> LocalAuthority:
        try:
            return authority()
        except NoAuthority as error:
            raise CommandError(str(error)) from error
