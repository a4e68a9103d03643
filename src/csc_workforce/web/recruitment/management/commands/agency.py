from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core import agency
from csc_workforce.core.exports import Sheet, csv_text, xlsx_bytes
from csc_workforce.web.recruitment.services import ReturnInvalid, quarterly_return_make


class Command(BaseCommand):
    help = (
        "Agency child and family social workers. 'agency quarterly --quarter 2025Q3 [-o FILE]' "
        "produces the quarter's data for DfE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        quarterly = subcommands.add_parser(
            "quarterly",
            help="the quarterly agency data for DfE",
            description=(
                "Writes a row for each agency engagement live on any day of the quarter, with "
                f"the fields {', '.join(f.name for f in agency.RETURN_FIELDS)} "
                "(docs/agency.md says where each comes from). The data is checked first: any "
                "problem is reported by row and field and nothing is written or kept. What is "
                "written is kept, as the browser's downloads are."
            ),
        )
        quarterly.add_argument("--quarter", required=True, help="a calendar quarter, like 2025Q3")
        quarterly.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="FILE.csv|FILE.xlsx",
            help="write here (Excel if it ends .xlsx), not to stdout",
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        self.quarterly(quarter=options["quarter"], output=options["output"])

    def quarterly(self, *, quarter: str, output: Path | None) -> None:
        quarter = quarter.strip().upper()
        try:
            agency.quarter_bounds(quarter)
        except agency.BadQuarter as error:
            raise CommandError(str(error)) from error
        if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(f"{output}: write a .csv or an .xlsx file")
        try:
            data, _ = quarterly_return_make(quarter=quarter, by=None, label="command line")
        except ReturnInvalid as error:
            lines = "\n".join(str(problem) for problem in error.problems)
            raise CommandError(
                f"{quarter}: {len(error.problems)} problem(s), nothing written\n{lines}"
            ) from error
        rows = data.rows
        if output is None:
            self.stdout.write(csv_text(data.header, rows), ending="")  # type: ignore[arg-type]
            return
        try:
            if output.suffix.lower() == ".xlsx":
                sheet = Sheet(f"Agency {quarter}", data.header, rows)  # type: ignore[arg-type]
                output.write_bytes(xlsx_bytes([sheet]))
            else:
                output.write_text(
                    csv_text(data.header, rows),  # type: ignore[arg-type]
                    encoding="utf-8",
                    newline="",
                )
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        self.stderr.write(f"{quarter}: {len(rows)} row(s) written to {output}")
