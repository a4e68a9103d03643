import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.reporting.document import FORMATS
from csc_workforce.web.clock import clock
from csc_workforce.web.workforce.indicators import reporting_years

from ...services import report_build


class Command(BaseCommand):
    help = (
        "The PSW's annual report. 'report annual --year YYYY --format html|docx|pdf -o FILE' "
        "writes the report of a reporting year (1 October to 30 September) as the web page "
        "builds it: the sections, narrative and order saved for that year, the figures from "
        "the register."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        annual = subcommands.add_parser("annual", help="write the annual report of a year")
        annual.add_argument("--year", type=int, required=True, help="reporting year, as 2025")
        annual.add_argument("--format", choices=sorted(FORMATS), required=True, dest="fmt")
        annual.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        self.annual(**options)

    def annual(self, *, year: int, fmt: str, output: Path, **options: Any) -> None:
        years = reporting_years(today=clock().today())
        if year not in years:
            covered = f"{years[0]} to {years[-1]}" if years else "none yet"
            raise CommandError(
                f"--year {year}: the register has no figures for it; years covered: {covered}"
            )
        started = dt.datetime.now(tz=dt.UTC)
        written = report_build(
            year=year, fmt=fmt, progress=lambda step: self.stderr.write(f"{step}…")
        )
        try:
            output.write_bytes(written)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        seconds = (dt.datetime.now(tz=dt.UTC) - started).total_seconds()
        self.stdout.write(f"Wrote {output} ({len(written):,} bytes) in {seconds:.1f} s")
