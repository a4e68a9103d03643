from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.from_counts import COUNT_COLUMNS, RATE_COLUMNS, from_counts
from csc_workforce.core.reference import InvalidCsv
from csc_workforce.web.uploads import check_upload


class Command(BaseCommand):
    help = (
        "DfE children's social work workforce indicators. 'indicators from-counts IN.csv "
        "[-o OUT.csv]' fills in DfE's rates from DfE's count columns."
    )
    # Files in, files out: nothing here touches the database or the site's URLs.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        from_counts_parser = subcommands.add_parser(
            "from-counts",
            help="fill in DfE's rates from DfE's count columns",
            description=(
                f"Reads a UTF-8 CSV file with the columns time_period, {', '.join(COUNT_COLUMNS)} "
                f"and writes it back with {', '.join(RATE_COLUMNS)} filled in to one decimal "
                "place (rounded half-up, as DfE publishes): overwritten where the columns exist, "
                "added at the end where not. A rate is DfE's symbol where an input is one (c "
                "before u before x), z where its denominator is 0, u for a rate over 100% that "
                "cannot be, low where it rounds to 0.0; a rate the file already holds as a "
                "symbol, and National and Regional rows' rates, are kept. Any bad cell is "
                "reported by row and column and nothing is written."
            ),
        )
        from_counts_parser.add_argument("input", type=Path, metavar="IN.csv")
        from_counts_parser.add_argument(
            "-o", "--output", type=Path, metavar="OUT.csv", help="write here, not to stdout"
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        subcommands = {"from-counts": self.from_counts}
        subcommands[subcommand](**options)

    def from_counts(self, *, input: Path, output: Path | None, **options: Any) -> None:
        check_upload(input)
        try:
            text = from_counts(input.read_bytes())
        except OSError as error:
            raise CommandError(f"cannot read {input}: {error.strerror}") from error
        except InvalidCsv as error:
            raise CommandError(
                f"{input}: {len(error.problems)} problem(s), nothing written\n{error}"
            ) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
