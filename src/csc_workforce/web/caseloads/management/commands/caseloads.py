from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.allocation_import import (
    ACTIVITY_COLUMNS,
    ALLOCATION_COLUMNS,
    template_csv,
    template_xlsx,
)
from csc_workforce.core.problems import ImportFailed, write_problems
from csc_workforce.web.caseloads import activity, selectors, snapshots
from csc_workforce.web.caseloads.imports import (
    ImportResult,
    activity_import,
    allocations_import,
    ssd_import,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.uploads import read_upload

TEMPLATES = {"allocations": ALLOCATION_COLUMNS, "activity": ACTIVITY_COLUMNS}


class Command(BaseCommand):
    help = (
        "Caseload imports from the case management system (docs/caseload-import.md): "
        "'caseloads template allocations|activity' writes a template; 'import-allocations', "
        "'import-ssd' and 'import-activity' import a file, or nothing if it has a problem; "
        "'snapshot' stores the weekly loads, the twelve months' visit checks and the children's "
        "lead workers the pages read (run it daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        template = actions.add_parser(
            "template", help="write a template: Excel or CSV, as the file name ends"
        )
        template.add_argument("kind", choices=list(TEMPLATES))
        template.add_argument("-o", "--output", default="", help="FILE.xlsx or FILE.csv")
        allocations = actions.add_parser("import-allocations", help="import allocations")
        allocations.add_argument("file", help="the filled-in template, .xlsx or .csv")
        ssd = actions.add_parser("import-ssd", help="import the SSD involvements as allocations")
        ssd.add_argument("involvements", help="ssd_involvements, .csv")
        ssd.add_argument("professionals", help="ssd_professionals, .csv")
        activities = actions.add_parser("import-activity", help="import assessments and visits")
        activities.add_argument("file", help="the filled-in template, .xlsx or .csv")
        snapshot = actions.add_parser(
            "snapshot",
            help="store the workers' loads of today and each week the pages show, and today's "
            "assessment and visit checks; drop older ones (a daily scheduled job)",
        )
        snapshot.add_argument(
            "--rebuild", action="store_true", help="compute them again even if they are stored"
        )
        for load in (allocations, ssd, activities):
            load.add_argument("--dry-run", action="store_true", help="check only; import nothing")
            load.add_argument("--format", choices=["text", "json"], default="text")
            load.add_argument(
                "--as-user", default="", help="record the import as done by this user (optional)"
            )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "template":
            kind = options["kind"]
            self._template(kind, Path(options["output"] or f"{kind}_template.xlsx"))
            return
        if action == "snapshot":
            self._snapshot(rebuild=options["rebuild"])
            return
        today, dry_run = clock().today(), options["dry_run"]
        by = self._user(options["as_user"])
        files = (
            [options["involvements"], options["professionals"]]
            if action == "import-ssd"
            else [options["file"]]
        )
        data = [self._read(file) for file in files]
        try:
            if action == "import-ssd":
                result = ssd_import(
                    involvements=data[0],
                    professionals=data[1],
                    by=by,
                    today=today,
                    dry_run=dry_run,
                )
            else:
                load = allocations_import if action == "import-allocations" else activity_import
                name = Path(files[0]).name
                result = load(data=data[0], filename=name, by=by, today=today, dry_run=dry_run)
        except ImportFailed as error:
            report = {"files": files, "dry_run": dry_run}
            write_problems(self.stdout.write, error.problems, format=options["format"], **report)
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {', '.join(files)}",
                returncode=1,
            ) from error
        self._report(result, files, options["format"])

    def _snapshot(self, *, rebuild: bool) -> None:
        days = selectors.weekly_days(today=clock().today())
        taken = snapshots.take(days, rebuild=rebuild)
        dropped = snapshots.drop_before(min(days))
        self.stdout.write(
            f"Loads stored for {taken} day(s) of {len(days)}, from {min(days):%-d %B %Y} to "
            f"{max(days):%-d %B %Y}; {dropped} earlier day(s) dropped"
        )
        today = clock().today()
        activity.take(today, rebuild=rebuild)
        activity.drop_before(today)
        self.stdout.write(
            f"Assessments and visits checked, and children's lead workers counted, for the twelve "
            f"months to {today:%-d %B %Y}"
        )

    def _template(self, kind: str, path: Path) -> None:
        if path.exists():
            raise CommandError(f"{path} already exists: choose another name, or delete it first")
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(template_xlsx(TEMPLATES[kind], sheet_name=kind.capitalize()))
        elif path.suffix.lower() == ".csv":
            path.write_text(template_csv(TEMPLATES[kind]), encoding="utf-8", newline="")
        else:
            raise CommandError(f"{path} must end .xlsx or .csv")
        self.stdout.write(f"Wrote the {kind} template to {path}")

    def _user(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No such user: {username}")
        return user

    def _read(self, file: str) -> bytes:
        return read_upload(Path(file))

    def _report(self, result: ImportResult, files: list[str], format: str) -> None:
        if format == "json":
            write_problems(self.stdout.write, [], format=format, files=files, **result.as_dict())
            return
        done = "Checked: no problems (dry run); would have" if result.dry_run else "Imported:"
        self.stdout.write(
            f"{done} {result.created} added, {result.updated} updated, "
            f"{result.unchanged} already held, {result.children_created} children added"
            + (f", {result.skipped} involvements of other roles left out" if result.skipped else "")
        )
        if result.census_dates and not result.dry_run:
            days = ", ".join(f"{day:%-d %B %Y}" for day in result.census_dates)
            self.stdout.write(f"Recounted cases held on {days}")
