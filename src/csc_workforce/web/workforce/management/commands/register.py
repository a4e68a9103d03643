from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.problems import ImportFailed, write_problems
from csc_workforce.core.staff_import import template_csv, template_xlsx
from csc_workforce.web.uploads import read_upload
from csc_workforce.web.workforce.staff_import import staff_import


class Command(BaseCommand):
    help = (
        "Bulk import of staff into the register (docs/register-import.md). 'register template' "
        "writes the template to fill in; 'register import FILE' adds everyone in a filled-in "
        "template, or nobody if any row has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        template = actions.add_parser(
            "template", help="write the template: Excel or CSV, as the file name ends"
        )
        template.add_argument(
            "-o", "--output", default="staff_template.xlsx", help="FILE.xlsx or FILE.csv"
        )
        load = actions.add_parser(
            "import", help="import a filled-in template; exit 1, importing nobody, on a problem"
        )
        load.add_argument("file", help="the filled-in template, .xlsx or .csv")
        load.add_argument("--dry-run", action="store_true", help="check only; import nobody")
        load.add_argument("--format", choices=["text", "json"], default="text")
        load.add_argument(
            "--as-user", default="", help="record the import as done by this user (optional)"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "template":
            self._template(Path(options["output"]))
        else:
            self._import(options["file"], options["dry_run"], options["format"], options["as_user"])

    def _template(self, path: Path) -> None:
        if path.exists():
            raise CommandError(f"{path} already exists: choose another name, or delete it first")
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(template_xlsx())
        elif path.suffix.lower() == ".csv":
            path.write_text(template_csv(), encoding="utf-8", newline="")
        else:
            raise CommandError(f"{path} must end .xlsx or .csv")
        self.stdout.write(f"Wrote the template to {path}")

    def _import(self, file: str, dry_run: bool, format: str, as_user: str) -> None:
        path = Path(file)
        data = read_upload(path)
        by = None
        if as_user:
            by = User.objects.filter(username=as_user).first()
            if by is None:
                raise CommandError(f"No such user: {as_user}")
        try:
            result = staff_import(data=data, filename=path.name, by=by, dry_run=dry_run)
        except ImportFailed as error:
            report = {"file": file, "imported": 0, "dry_run": dry_run}
            write_problems(self.stdout.write, error.problems, format=format, **report)
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {file}", returncode=1
            ) from error
        if format == "json":
            done = {"file": file, "imported": result.imported, "dry_run": dry_run}
            write_problems(self.stdout.write, [], format=format, **done)
        elif dry_run:
            self.stdout.write(f"Checked {len(result.staff)} staff: no problems (dry run)")
        else:
            self.stdout.write(f"Imported {result.imported} staff")
