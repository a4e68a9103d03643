import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.csww.schemas import SCHEMAS
from csc_workforce.core.problems import write_problems
from csc_workforce.csww_cli import Output, add_reading_arguments, read
from csc_workforce.web.uploads import check_upload
from csc_workforce.web.workforce.csww_io import csww_export, csww_import


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a census command reads no views, URLs or templates
    help = (
        "The CSWW census return (docs/csww.md). 'csww validate FILE' checks a return against its "
        "year's XSD and DfE's further rules; 'csww summary FILE' prints DfE's figures for it (and "
        "'csww validate --summary FILE' both, reading the file once); 'csww export --year YYYY "
        "[-o FILE]' writes the return from the register; 'csww import "
        "FILE' loads a valid return into the register, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add_reading_arguments(actions)
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
        else:
            self._write(
                read(
                    action,
                    file,
                    year=year,
                    format=options["format"],
                    with_summary=options.get("summary", False),
                )
            )

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

    def _write(self, output: Output) -> None:
        for line in output.out:
            self.stdout.write(line)
        for line in output.err:
            self.stderr.write(line)
        if output.failure is not None:
            raise CommandError(output.failure, returncode=1)
