"""DfE CSWW rates filled in from DfE's count columns (``cscw indicators from-counts``).

The input is a CSV file holding the count columns DfE publishes (``COUNT_COLUMNS``), in any
order among other columns. The output is the same file with the rates of ``RATE_COLUMNS``
filled in, each "rounded to 1 decimal place" half-up as DfE publishes them:

- a rate column already in the file is filled where it stands; one that is not is added at the
  end, in the order of ``RATE_COLUMNS``;
- every other cell keeps its text exactly (only the CSV quoting is normalised to the minimum,
  the line ending follows the input's first line, a byte-order mark and blank lines are
  dropped);
- DfE's own verdicts stand: where the file's rate cell holds one of DfE's symbols (``u`` for a
  rate DfE found unreliable, ``c``, ``x``…) it is kept, never replaced by a number; so is a
  National or Regional row's published rate (DfE's own aggregates, which leave out the
  authorities it suppressed);
- otherwise the rate is computed, and written as DfE would publish it
  (``reference.as_published``): the symbol of its inputs where one is a symbol (``c`` before
  ``u`` before ``x`` …), ``z`` where its denominator is 0, ``u`` for a rate that cannot be over
  100% but is, ``low`` where it is not zero but rounds to 0.0. A ``low`` count is never 0: the
  rate is ``low`` if every value the count could stand for (above 0, below 0.05) gives a rate
  that rounds to 0.0, and ``x`` (not available) otherwise.

Bad input changes nothing: every problem is collected and raised together as ``InvalidCsv``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from itertools import product

from csc_workforce.core import measures
from csc_workforce.core.exports import csv_text
from csc_workforce.core.indicators import working_days_in_reporting_year
from csc_workforce.core.measures import Measure
from csc_workforce.core.reference import (
    NUMBER_RULE,
    CellProblem,
    InvalidCsv,
    Published,
    as_published,
    combined_symbol,
    parse_published,
    read_csv_table,
)

YEAR_COLUMN = "time_period"
LEVEL_COLUMN = "geographic_level"
AGGREGATE_LEVELS = ("National", "Regional")
RATE_COLUMNS = tuple(rate.key for rate in measures.RATES)
"""DfE's seven rates (``measures.RATES``), each filled in in its published column."""
_INPUTS = {count for rate in measures.RATES for count in rate.inputs.values()}
COUNT_COLUMNS = tuple(measure.key for measure in measures.CSWW if measure.key in _INPUTS)
"""The published counts the rates are computed from, in the release file's order."""
REQUIRED_COLUMNS = (YEAR_COLUMN, *COUNT_COLUMNS)

_YEAR = re.compile(r"\d{4}")
_YEAR_RULE = "must be a reporting year such as 2025"
_COUNT_RULE = NUMBER_RULE.replace("a number", "a number not below 0")


def output_layout(header: list[str]) -> tuple[list[str], dict[str, int]]:
    """The output header and each rate column's position in it: a rate column already in the
    header keeps its place, the others follow the last column in ``RATE_COLUMNS`` order."""
    layout = header + [column for column in RATE_COLUMNS if column not in header]
    return layout, {column: layout.index(column) for column in RATE_COLUMNS}


def parse_count(text: str) -> Published:
    """A count cell: its number, or DfE's symbol in its place. ValueError for anything else,
    negative numbers included."""
    cell = parse_published(text)
    if cell.value is not None and cell.value < 0:
        raise ValueError(f"{text!r} is negative")
    return cell


LOW_BOUNDS = (Decimal("1E-9"), Decimal("0.05"))
"""What a ``low`` count can stand for: above 0 and below 0.05 (it "rounds to zero")."""


def parse_year(text: str) -> int:
    """A reporting year such as 2025 (1 October 2024 to 30 September 2025). ValueError else."""
    if _YEAR.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not a reporting year")
    return int(text)


def _computed(measure: Measure, counts: Mapping[str, Published]) -> Published:
    """``measure`` of ``counts`` as DfE would publish it (see the module docstring)."""
    inputs = {count: counts[count] for count in measure.inputs.values()}
    symbols = [cell.symbol for cell in inputs.values() if cell.symbol not in (None, "low")]
    if symbols:
        return Published(symbol=combined_symbol(symbol for symbol in symbols if symbol))
    low = [key for key, cell in inputs.items() if cell.symbol == "low"]
    values = {key: cell.value for key, cell in inputs.items()}
    if not low:
        return as_published(measure.value(values), measure=measure.key)
    corners = []
    for bounds in product(LOW_BOUNDS, repeat=len(low)):
        value = measure.value(values | dict(zip(low, bounds, strict=True)))
        corners.append(as_published(value, measure=measure.key))
    return Published(symbol="low" if all(c.symbol == "low" for c in corners) else "x")


def rates(counts: Mapping[str, Published], *, year: int) -> dict[str, Published]:
    """Each rate of ``RATE_COLUMNS`` from one row's counts, by the functions of the catalogue
    (``measures.RATES``), as DfE would publish it (``_computed``)."""
    days = Published(value=Decimal(working_days_in_reporting_year(year)))
    given = {**counts, "working_days": days}
    return {rate.key: _computed(rate, given) for rate in measures.RATES}


def format_rate(value: Published) -> str:
    """A rate as DfE publishes it: the number to one decimal place, or DfE's symbol."""
    return value.symbol if value.symbol is not None else str(value.value)


def row_rates(
    cells: Mapping[str, str], *, row: int
) -> tuple[dict[str, Published], list[CellProblem]]:
    """The rates of one data row (``row`` is its CSV row number), or the problems in its cells.
    A rate the row already holds as one of DfE's symbols, or a National or Regional row's
    published rate, is kept as published."""
    problems = []
    counts: dict[str, Published] = {}
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
    computed = rates(counts, year=year)
    aggregate = cells.get(LEVEL_COLUMN, "") in AGGREGATE_LEVELS
    for column in RATE_COLUMNS:
        try:
            published = parse_published(cells.get(column, ""))
        except ValueError:
            continue  # empty or not DfE's: computed
        if published.symbol is not None or aggregate:
            computed[column] = published
    return computed, []


def line_ending(data: bytes | str) -> str:
    """The line ending of the first line of ``data``: CRLF or LF."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"


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
    return csv_text(output[0], output[1:], ending=line_ending(data))
