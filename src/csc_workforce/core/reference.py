"""DfE published reference data shipped with the package (``csc_workforce/data/dfe``).

Source: DfE "Children's social work workforce" official statistics and DfE's children's services
statistical neighbours (May 2025). Contains public sector information licensed under the Open
Government Licence v3.0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import polars as pl

from .indicators import round_half_up

SYMBOL_MEANINGS: dict[str, str] = {
    "c": "confidential: withheld to protect confidential information",
    "u": "low reliability",
    "x": "not available",
    ":": "not available",
    "z": "not applicable",
    "low": "rounds to zero, but is not zero",
}
"""DfE's symbols published in place of a number, with what each means (the Government
Statistical Service's symbols; ``:`` is DfE's older sign for "not available", now ``x``). Every
feature reads them through ``Published`` and ``parse_published``: a symbol is never a number,
``low`` included (it is not zero, and DfE does not say what it rounds from)."""

SUPPRESSION_SYMBOLS = tuple(SYMBOL_MEANINGS)
"""DfE symbols published in place of a number: c confidential, u low reliability, x and :
not available, z not applicable, low rounds to zero. Read as null, never as 0."""

SYMBOL_PRECEDENCE = ("c", "u", "x", ":", "z", "low")
"""Which symbol a figure computed from several published ones takes: the first of these among
its inputs' (confidential outranks low reliability, which outranks not available…)."""

_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class Published:
    """A figure as DfE publishes it: a number, or the symbol published in its place.

    At most one of ``value`` and ``symbol`` is set; neither when there is no figure at all
    (no row for that area and year). ``low`` has a symbol and no value: DfE does not say what
    it rounds from, so it is never read as 0.
    """

    value: Decimal | None = None
    symbol: str | None = None

    @property
    def meaning(self) -> str | None:
        """What the symbol means (``SYMBOL_MEANINGS``), None for a number or no figure."""
        return None if self.symbol is None else SYMBOL_MEANINGS[self.symbol]


def combined_symbol(symbols: Iterable[str]) -> str:
    """The symbol of a figure computed from inputs with these symbols (``SYMBOL_PRECEDENCE``)."""
    found = set(symbols)
    return next(symbol for symbol in SYMBOL_PRECEDENCE if symbol in found)


def as_published(value: Decimal | None, *, measure: str = "") -> Published:
    """A figure computed here, as DfE would publish it: ``z`` (not applicable) when there is
    none (its denominator is 0); ``u`` (low reliability) for a rate that cannot be over 100%
    by its definition but is (``Measure.at_most_100``); ``low`` for a figure that is not zero
    but rounds to 0.0; else the number, rounded half-up to one decimal place as DfE publishes."""
    # Imported here: the catalogue names functions of modules that read DfE's files with this one.
    from csc_workforce.core.measures import bounded

    if value is None:
        return Published(symbol="z")
    if value > 100 and bounded(measure):
        return Published(symbol="u")
    rounded = round_half_up(value)
    if value != 0 and rounded == 0:
        return Published(symbol="low")
    return Published(value=rounded)


def parse_published(text: str) -> Published:
    """A cell of a DfE statistics file: a decimal number or one of ``SUPPRESSION_SYMBOLS``.

    ValueError for anything else, including an empty cell.
    """
    if text in SYMBOL_MEANINGS:
        return Published(symbol=text)
    if _NUMBER.fullmatch(text) is None:
        raise ValueError(f"{text!r} is neither a number nor a DfE symbol")
    return Published(value=Decimal(text))


NUMBER_RULE = "must be a number or one of DfE's symbols " + ", ".join(SUPPRESSION_SYMBOLS)


@dataclass(frozen=True)
class CellProblem:
    """One problem in a CSV file: the row (1-based, the header is row 1), the column's name (empty
    for a problem with the whole row), the cell's text and the rule it breaks."""

    row: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        found = f" {self.value!r}" if self.value else ""
        return f"{where}:{found} {self.rule}"


class InvalidCsv(ValueError):
    """A CSV file that breaks one or more rules; ``problems`` lists every one found."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's column names and its data rows, each with its CSV row number (the header is
    row 1) and its cells' text by column; ``problems`` lists the rows of the wrong width, which
    are left out of ``records``."""

    header: list[str]
    records: list[tuple[int, dict[str, str]]]
    problems: list[CellProblem]


def read_csv_table(data: bytes | str, *, required: Iterable[str]) -> CsvTable:
    """A UTF-8 CSV file, with or without a byte-order mark, each cell's text as it stands in the
    file; blank lines are skipped. InvalidCsv if the bytes are not UTF-8, or a column of
    ``required`` is missing, or a column is named twice."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            row = data[: error.start].count(b"\n") + 1
            value = repr(data[error.start : error.end])[2:-1]
            raise InvalidCsv([CellProblem(row, "", value, "must be UTF-8 text")]) from error
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header = rows[0] if rows else []
    problems = [
        CellProblem(1, column, "", "required column is missing")
        for column in required
        if column not in header
    ] + [
        CellProblem(1, column, "", "column is named more than once")
        for column in dict.fromkeys(header)
        if header.count(column) > 1
    ]
    if problems:
        raise InvalidCsv(problems)
    table = CsvTable(header, [], [])
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) == len(header):
            table.records.append((number, dict(zip(header, cells, strict=True))))
        elif cells:
            width = f"has {len(cells)} cells where the header has {len(header)}"
            table.problems.append(CellProblem(number, "", "", width))
    return table


CODE_COLUMNS = ("country_code", "region_code", "old_la_code", "new_la_code")


def _data(name: str) -> bytes:
    return resources.files("csc_workforce").joinpath("data", "dfe", name).read_bytes()


def csww_indicators_csv() -> bytes:
    """The shipped CSWW indicators file 2017-2025, byte for byte as DfE published it."""
    return _data("csww_indicators_2017_to_2025.csv")


@cache
def csww_indicators() -> pl.DataFrame:
    """CSWW indicators 2017-2025 for England, regions and local authorities, one row per
    area and reporting year; suppressed figures are null."""
    return pl.read_csv(
        _data("csww_indicators_2017_to_2025.csv"),
        null_values=list(SUPPRESSION_SYMBOLS),
        infer_schema_length=None,
        schema_overrides=dict.fromkeys(CODE_COLUMNS, pl.String),
    )


@cache
def _neighbours() -> pl.DataFrame:
    return pl.read_csv(_data("statistical_neighbours_2025.csv"), infer_schema_length=0)


def statistical_neighbours(old_la_code: str) -> list[str]:
    """DfE's ten statistical neighbours of an authority, closest first (old 3-digit codes)."""
    rows = _neighbours().filter(pl.col("old_la_code") == old_la_code)
    if rows.height == 0:
        raise KeyError(old_la_code)
    return [rows.item(0, f"sn{rank}_old_la_code") for rank in range(1, 11)]


@dataclass(frozen=True)
class LocalAuthorityDetails:
    """An authority as DfE's statistics name it."""

    old_la_code: str
    new_la_code: str
    name: str
    region_code: str
    region_name: str


def local_authority(old_la_code: str) -> LocalAuthorityDetails:
    """The authority with this old 3-digit LA code in DfE's CSWW statistics (its latest row;
    one of two published together, as "314 / 318", takes its own part of the joint row's codes
    and its own name). KeyError for a code DfE does not list."""
    rows = (
        csww_indicators()
        .filter(pl.col("geographic_level") == "Local authority")
        .sort("time_period")
        .select("old_la_code", "new_la_code", "la_name", "region_code", "region_name")
    )
    for old, new, name, region_code, region_name in reversed(rows.rows()):
        olds, news = old.split(" / "), new.split(" / ")
        if old_la_code in olds and len(olds) == len(news):
            part = olds.index(old_la_code)
            return LocalAuthorityDetails(
                old_la_code=old_la_code,
                new_la_code=news[part],
                name=authority_names().get(old_la_code, name) if len(olds) > 1 else name,
                region_code=region_code,
                region_name=region_name,
            )
    raise KeyError(old_la_code)


def authority_names() -> dict[str, str]:
    """Local authority name by old 3-digit LA code: the latest name in the CSWW statistics, else
    the statistical neighbours file's (which lists separately the authorities CSWW publishes
    together, as "940 / 941" and "314 / 318")."""
    latest = (
        csww_indicators()
        .filter(pl.col("geographic_level") == "Local authority")
        .sort("time_period")
        .select("old_la_code", "la_name")
    )
    names = dict(_neighbours().select("old_la_code", "la_name").iter_rows())
    return names | dict(latest.iter_rows())
