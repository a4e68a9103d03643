import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.csww import Report, summary, validate_file


class Command(BaseCommand):
    help = (
        "The CSWW census return (docs/csww.md). 'csww validate FILE' checks a return against its "
        "year's XSD and DfE's further rules; 'csww summary FILE' prints DfE's figures for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        # 'export' and 'import' join these as further subcommands.
        validate = actions.add_parser(
            "validate",
            help="check a return; exit 0 when it has no errors (queries alone are fine), else 1",
        )
        summarise = actions.add_parser(
            "summary", help="DfE's figures for a well-formed return, valid or not"
        )
        for sub, default in ((validate, "text"), (summarise, "json")):
            sub.add_argument("file", help="the CSWW XML return")
            sub.add_argument(
                "--year",
                type=int,
                help="the reporting year, used only if the header has no Year or ReferenceDate",
            )
            sub.add_argument("--format", choices=["text", "json"], default=default)

    def handle(self, *args: Any, action: str, file: str, year: int | None, **options: Any) -> None:
        if not Path(file).is_file():
            raise CommandError(f"No such file: {file}")
        report = validate_file(file, year=year)
        if action == "validate":
            self._validate(report, options["format"])
        else:
            self._summary(report, options["format"])

    def _validate(self, report: Report, format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            for line in report.as_text():
                self.stdout.write(line)
            queries = len(report.problems) - len(report.errors)
            self.stdout.write(
                f"{report.file}: {len(report.errors)} error(s), {queries} query(ies)"
                + (f" in the {report.year} return" if report.year else "")
            )
        if not report.valid:
            raise CommandError(f"{report.file} is not a valid CSWW return", returncode=1)

    def _summary(self, report: Report, format: str) -> None:
        if report.csww is None:
            for line in report.as_text():
                self.stderr.write(line)
            raise CommandError(f"{report.file} cannot be read as a CSWW return", returncode=1)
        figures = summary(report)
        if format == "json":
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            for name, value in figures.items():
                self.stdout.write(f"{name}: {'-' if value is None else value}")
