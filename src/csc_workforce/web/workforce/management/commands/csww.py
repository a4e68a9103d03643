import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.csww import Report, summary, validate_file
from csc_workforce.core.csww.schemas import SCHEMAS
from csc_workforce.core.problems import write_problems
from csc_workforce.web.uploads import check_upload
from csc_workforce.web.workforce.csww_io import csww_export, csww_import


class Command(BaseCommand):
    help = (
        "The CSWW census return (docs/csww.md). 'csww validate FILE' checks a return against its "
        "year's XSD and DfE's further rules; 'csww summary FILE' prints DfE's figures for it; "
        "'csww export --year YYYY [-o FILE]' writes the return from the register; 'csww import "
        "FILE' loads a valid return into the register, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
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
        export = actions.add_parser("export", help="write a year's return from the register")
        export.add_argument("--year", type=int, required=True, help="the reporting year")
        export.add_argument("-o", "--output", help="the file to write (default: standard output)")
        load = actions.add_parser("import", help="load a valid return into the register")
        load.add_argument("file", help="the CSWW XML return")
        load.add_argument("--year", type=int, help="as for validate")
        load.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, action: str, year: int | None, **options: Any) -> None:
        if action == "export":
            self._export(year or 0, options.get("output"))
            return
        file = options["file"]
        if not Path(file).is_file():
            raise CommandError(f"No such file: {file}")
        check_upload(Path(file))
        if action == "import":
            self._import(Path(file), year, options["format"])
        elif action == "validate":
            self._validate(validate_file(file, year=year), options["format"])
        else:
            self._summary(validate_file(file, year=year), options["format"])

    def _export(self, year: int, output: str | None) -> None:
        if year not in SCHEMAS:
            raise CommandError(f"No CSWW schema for {year}: years {', '.join(map(str, SCHEMAS))}")
        result = csww_export(year=year, progress=lambda step: self.stderr.write(step))
        for line in result.missing:
            self.stderr.write(line)
        write_problems(self.stderr.write, result.report.problems)
        if not result.valid:
            raise CommandError(
                f"The {year} return is not valid: fix the register and export again "
                "(nothing written)",
                returncode=1,
            )
        if output:
            Path(output).write_text(result.xml, encoding="utf-8")
            self.stderr.write(f"Wrote the {year} return to {output}")
        else:
            self.stdout.write(result.xml, ending="")

    def _import(self, path: Path, year: int | None, format: str) -> None:
        result = csww_import(path=path, by=None, year=year, progress=self.stderr.write)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    result.report.as_dict()
                    | {"created": result.created, "updated": result.updated},
                    indent=2,
                )
            )
        else:
            write_problems(self.stdout.write, result.report.problems)
        if not result.done:
            raise CommandError(f"{path} was not imported: it is not a valid return", returncode=1)
        if format == "text":
            self.stdout.write(f"Imported: {result.created} new staff, {result.updated} updated")

    def _validate(self, report: Report, format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            write_problems(self.stdout.write, report.problems)
            queries = len(report.problems) - len(report.errors)
            self.stdout.write(
                f"{report.file}: {len(report.errors)} error(s), {queries} query(ies)"
                + (f" in the {report.year} return" if report.year else "")
            )
        if not report.valid:
            raise CommandError(f"{report.file} is not a valid CSWW return", returncode=1)

    def _summary(self, report: Report, format: str) -> None:
        if report.csww is None:
            if format == "json":
                self.stdout.write(json.dumps(report.as_dict(), indent=2))
            else:
                write_problems(self.stderr.write, report.problems)
            raise CommandError(f"{report.file} cannot be read as a CSWW return", returncode=1)
        figures = summary(report)
        if format == "json":
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            for name, value in figures.items():
                self.stdout.write(f"{name}: {'-' if value is None else value}")
