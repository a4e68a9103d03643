"""DfE CSWW rates filled in from DfE's count columns (``cscw indicators from-counts``).

The input is a CSV file holding the count columns DfE publishes (``COUNT_COLUMNS``), in any
order among other columns. The output is the same file with the rates of ``RATE_COLUMNS``
filled in, each "rounded to 1 decimal place" half-up as DfE publishes them:

- a rate column already in the file is overwritten where it stands; one that is not is added
  at the end, in the order of ``RATE_COLUMNS``;
- every other cell keeps its text exactly (only the CSV quoting is normalised to the minimum,
  the line ending follows the input's first line, a byte-order mark and blank lines are
  dropped);
- a rate is left empty where one of its inputs is a suppression symbol (c, u, x, z) or its
  denominator is zero; ``low`` ("rounds to zero") counts as 0, the nearest figure it stands for.

Bad input changes nothing: every problem is collected and raised together as ``InvalidCsv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial

from csc_workforce.core.indicators import (
    absence_rate,
    agency_cover_rate,
    agency_rate,
    caseload,
    round_half_up,
    turnover_rate,
    vacancy_agency_cover_rate,
    vacancy_rate,
    working_days_in_reporting_year,
)
from csc_workforce.core.reference import (
    NUMBER_RULE,
    CellProblem,
    InvalidCsv,
    parse_published,
    read_csv_table,
)

YEAR_COLUMN = "time_period"
COUNT_COLUMNS = (
    "inpost_fte",
    "leavers_fte",
    "agency_fte",
    "agency_cover_fte",
    "vacancy_fte",
    "case_holders_fte",
    "cases",
    "working_days_lost_fte",
)
REQUIRED_COLUMNS = (YEAR_COLUMN, *COUNT_COLUMNS)
RATE_COLUMNS = (
    "turnover_rate_fte",
    "agency_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)

_YEAR = re.compile(r"\d{4}")
_YEAR_RULE = "must be a reporting year such as 2025"
_COUNT_RULE = NUMBER_RULE.replace("a number", "a number not below 0")
Counts = Mapping[str, Decimal | None]


def output_layout(header: list[str]) -> tuple[list[str], dict[str, int]]:
    """The output header and each rate column's position in it: a rate column already in the
    header keeps its place, the others follow the last column in ``RATE_COLUMNS`` order."""
    layout = header + [column for column in RATE_COLUMNS if column not in header]
    return layout, {column: layout.index(column) for column in RATE_COLUMNS}


def parse_count(text: str) -> Decimal | None:
    """A count cell: its number; None for the symbols c, u, x and z; 0 for ``low``.

    ValueError for anything else, negative numbers included.
    """
    cell = parse_published(text)
    if cell.symbol == "low":
        return Decimal(0)
    if cell.value is not None and cell.value < 0:
        raise ValueError(f"{text!r} is negative")
    return cell.value


def parse_year(text: str) -> int:
    """A reporting year such as 2025 (1 October 2024 to 30 September 2025). ValueError else."""
    if _YEAR.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not a reporting year")
    return int(text)


def _computed(measure: Callable[..., Decimal | None], **inputs: Decimal | None) -> Decimal | None:
    """``measure`` of ``inputs``, or None where an input is suppressed."""
    if any(value is None for value in inputs.values()):
        return None
    return measure(**inputs)


def rates(counts: Counts, *, year: int) -> dict[str, Decimal | None]:
    """Each rate of ``RATE_COLUMNS`` from one row's counts, unrounded, by the functions of
    ``csc_workforce.core.indicators``; None where an input is suppressed or a denominator is 0.
    """
    absence = partial(absence_rate, working_days=working_days_in_reporting_year(year))
    return {
        "turnover_rate_fte": _computed(
            turnover_rate, leavers_fte=counts["leavers_fte"], inpost_fte=counts["inpost_fte"]
        ),
        "agency_rate_fte": _computed(
            agency_rate, agency_fte=counts["agency_fte"], inpost_fte=counts["inpost_fte"]
        ),
        "agency_cover_rate_fte": _computed(
            agency_cover_rate,
            agency_cover_fte=counts["agency_cover_fte"],
            agency_fte=counts["agency_fte"],
        ),
        "vacancy_rate_fte": _computed(
            vacancy_rate, vacancy_fte=counts["vacancy_fte"], inpost_fte=counts["inpost_fte"]
        ),
        "vacancy_agency_cover_rate_fte": _computed(
            vacancy_agency_cover_rate,
            agency_cover_fte=counts["agency_cover_fte"],
            vacancy_fte=counts["vacancy_fte"],
        ),
        "caseload_fte": _computed(
            caseload, cases=counts["cases"], case_holders_fte=counts["case_holders_fte"]
        ),
        "absence_rate_fte": _computed(
            absence,
            working_days_lost_fte=counts["working_days_lost_fte"],
            inpost_fte=counts["inpost_fte"],
        ),
    }


def format_rate(value: Decimal | None) -> str:
    """A rate as DfE publishes it, to one decimal place rounded half-up; empty for None."""
    return "" if value is None else str(round_half_up(value))


def row_rates(
    cells: Mapping[str, str], *, row: int
) -> tuple[dict[str, Decimal | None], list[CellProblem]]:
    """The rates of one data row (``row`` is its CSV row number), or the problems in its cells."""
    problems = []
    counts: dict[str, Decimal | None] = {}
    for column in COUNT_COLUMNS:
        try:
            counts[column] = parse_count(cells[column])
        except ValueError:
            problems.append(CellProblem(row, column, cells[column], _COUNT_RULE))
    try:
        year = parse_year(cells[YEAR_COLUMN])
    except ValueError:
        problems.append(CellProblem(row, YEAR_COLUMN, cells[YEAR_COLUMN], _YEAR_RULE))
    if problems:
        return {}, problems
    return rates(counts, year=year), []


def line_ending(data: bytes | str) -> str:
    """The line ending of the first line of ``data``: CRLF or LF."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"


def write_csv(rows: list[list[str]], *, ending: str) -> str:
    """``rows`` as CSV, quoted where needed, each row followed by ``ending``.

    Rows are written with CRLF, which has the csv module quote every cell holding a CR or an LF,
    and that CRLF is then replaced: written with LF alone, a cell holding a lone CR is not quoted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow(row)
        lines.append(buffer.getvalue().removesuffix("\r\n") + ending)
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def from_counts(data: bytes | str) -> str:
    """The CSV file ``data`` (UTF-8, with or without a byte-order mark) with its rates filled in
    from its counts, as described in this module's docstring. InvalidCsv, listing every problem,
    if a required column is missing or a cell is neither a number nor a suppression symbol.
    """
    table = read_csv_table(data, required=REQUIRED_COLUMNS)
    problems = table.problems
    layout, positions = output_layout(table.header)
    output = [layout]
    for number, cells in table.records:
        computed, found = row_rates(cells, row=number)
        problems += found
        filled = [*cells.values(), *[""] * (len(layout) - len(cells))]
        for column, value in computed.items():
            filled[positions[column]] = format_rate(value)
        output.append(filled)
    if problems:
        raise InvalidCsv(sorted(problems, key=lambda problem: problem.row))
    return write_csv(output, ending=line_ending(data))
