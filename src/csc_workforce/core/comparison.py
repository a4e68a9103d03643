"""An authority's CSWW figures beside England's, its region's and its comparator authorities'.

The figures come from a DfE "Children's social work workforce" release file (the shipped
2017-2025 file, ``published_release()``, or a newer one read by ``read_release``). Each is a
``Published``: DfE's number, or the symbol DfE published in its place (c, u, x, :, z, low), which
is shown as the symbol with its meaning and never read as 0. The authority's own figures are
written as DfE would publish them (``reference.as_published``: ``low`` for a figure that rounds
to 0.0 but is not 0, ``u`` for a rate over 100% that cannot be). England's and the regions'
figures are DfE's published ones, which leave out the authorities DfE suppressed.

- Region: joined on the authority's region code. London boroughs' rows carry Inner London
  (E13000001) or Outer London (E13000002), and DfE publishes a regional row for each as well as
  for London (E12000007), so a London borough is set against London and against its half.
- Comparators: by default DfE's ten statistical neighbours
  (``reference.statistical_neighbours``). Their average is the unweighted mean of those with a
  published number, shown with how many had one. DfE publishes Kingston upon Thames with
  Richmond upon Thames ("314 / 318") and, from 2021, North with West Northamptonshire
  ("940 / 941"): either code stands for the joint row, which counts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import polars as pl

from csc_workforce.core import measures
from csc_workforce.core.indicators import round_half_up
from csc_workforce.core.reference import (
    NUMBER_RULE,
    CellProblem,
    InvalidCsv,
    Published,
    as_published,
    csww_indicators_csv,
    parse_published,
    read_csv_table,
)

HEADLINE_MEASURES = tuple(measure.key for measure in measures.HEADLINE)
"""The measures compared (``measures.HEADLINE``), each a column of DfE's release file."""

AREA_COLUMNS = (
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
REQUIRED_COLUMNS = AREA_COLUMNS + HEADLINE_MEASURES
"""The columns a release file must have; others are kept as they are."""

OTHER_MEASURES = tuple(measure.key for measure in measures.OTHER_PUBLISHED)
"""DfE's other figures (``measures.OTHER_PUBLISHED``): not required, but checked like the
headline measures when present."""

NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
LONDON = "E12000007"
LONDON_HALVES = ("E13000001", "E13000002")  # Inner London, Outer London


class InvalidRelease(InvalidCsv):
    """A release file that breaks the rules of ``read_release``; ``problems`` lists them all."""


@dataclass(frozen=True)
class AreaFigure:
    """One area's figure: ``code`` is a region code or an old LA code as in the release."""

    code: str
    name: str
    value: Published


@dataclass(frozen=True)
class NeighboursMean:
    """The comparators' average: "the unweighted mean of those with a value", rounded half-up to
    one decimal place; None when none has one. ``with_value`` of ``of`` comparators had a
    number; ``figures`` gives each comparator's own, in the order given."""

    value: Decimal | None
    with_value: int
    of: int
    figures: tuple[AreaFigure, ...]


@dataclass(frozen=True)
class ComparisonRow:
    """One measure in one year, for the authority and beside its comparisons.

    ``change`` is this year's figure less last year's, None unless both are numbers.
    ``this_year_is_own`` says this year's figure is the authority's own, not DfE's.
    """

    measure: str
    this_year: Published
    last_year: Published
    change: Decimal | None
    this_year_is_own: bool
    england: Published
    regions: tuple[AreaFigure, ...]
    neighbours: NeighboursMean


@dataclass(frozen=True)
class TrendPoint:
    """One measure in one reporting year, for the authority and beside its comparisons."""

    year: int
    authority: Published
    england: Published
    regions: tuple[AreaFigure, ...]
    neighbours: NeighboursMean


def _row_problems(cells: Mapping[str, str], *, row: int) -> list[CellProblem]:
    """The problems in one data row of a release file."""
    problems = []
    if not re.fullmatch(r"\d{4}", cells["time_period"], re.ASCII):
        problems.append(
            CellProblem(row, "time_period", cells["time_period"], "must be a year such as 2025")
        )
    level = cells["geographic_level"]
    if level not in (NATIONAL, REGIONAL, LOCAL_AUTHORITY):
        problems.append(
            CellProblem(
                row,
                "geographic_level",
                level,
                f"must be one of {NATIONAL}, {REGIONAL}, {LOCAL_AUTHORITY}",
            )
        )
    if level in (REGIONAL, LOCAL_AUTHORITY) and not cells["region_code"]:
        problems.append(CellProblem(row, "region_code", "", f"is required in {level} rows"))
    if level == LOCAL_AUTHORITY and not cells["old_la_code"]:
        problems.append(CellProblem(row, "old_la_code", "", f"is required in {level} rows"))
    for column in HEADLINE_MEASURES + OTHER_MEASURES:
        if column in cells:
            try:
                parse_published(cells[column])
            except ValueError:
                problems.append(CellProblem(row, column, cells[column], NUMBER_RULE))
    return problems


def _area_key(cells: Mapping[str, str]) -> tuple[str, str, str]:
    code = {NATIONAL: "", REGIONAL: cells["region_code"], LOCAL_AUTHORITY: cells["old_la_code"]}
    return cells["time_period"], cells["geographic_level"], code.get(cells["geographic_level"], "")


def read_release(data: bytes) -> pl.DataFrame:
    """A DfE CSWW release file (UTF-8 CSV, with or without a byte-order mark), checked.

    Rules: every column of ``REQUIRED_COLUMNS`` is present; ``time_period`` is a year;
    ``geographic_level`` is National, Regional or Local authority; Regional and Local authority
    rows have a region code, Local authority rows an old LA code; one row per area and year;
    every cell of a measure column (``HEADLINE_MEASURES``, ``OTHER_MEASURES``) is a number or
    one of DfE's symbols. Every problem is collected and raised together as ``InvalidRelease``.

    The frame keeps every cell's text as published (so a symbol stays a symbol; read one with
    ``reference.parse_published``), except ``time_period``, an integer. Blank lines are skipped.
    """
    try:
        table = read_csv_table(data, required=REQUIRED_COLUMNS)
    except InvalidCsv as error:
        raise InvalidRelease(error.problems) from error
    problems = table.problems
    seen: dict[tuple[str, str, str], int] = {}
    for number, record in table.records:
        problems += _row_problems(record, row=number)
        key = _area_key(record)
        if key in seen:
            problems.append(
                CellProblem(number, "", "", f"repeats the area and year of row {seen[key]}")
            )
        seen.setdefault(key, number)
    problems.sort(key=lambda problem: problem.row)
    if problems:
        raise InvalidRelease(problems)
    records = [record for _, record in table.records]
    frame = pl.DataFrame(records, schema=dict.fromkeys(table.header, pl.String), orient="row")
    return frame.with_columns(pl.col("time_period").cast(pl.Int64))


@cache
def published_release() -> pl.DataFrame:
    """The shipped DfE release, reporting years 2017-2025, read by ``read_release``."""
    return read_release(csww_indicators_csv())


def format_published(figure: Published) -> str:
    """A figure for display: the number to one decimal place (rounded half-up, as DfE
    publishes), or DfE's symbol; an en dash where there is no figure."""
    if figure.symbol is not None:
        return figure.symbol
    if figure.value is None:
        return "\N{EN DASH}"
    return str(round_half_up(figure.value))


class _Release:
    """A release's headline figures indexed by measure, area and year, with the areas' names."""

    def __init__(self, release: pl.DataFrame) -> None:
        self.cells: dict[tuple[str, str, str, int], Published] = {}
        self.names: dict[tuple[str, str], str] = {}
        self.region_of: dict[str, str] = {}
        self.years = sorted(set(release["time_period"]))
        areas = ("time_period", "geographic_level", "region_code", "region_name", "old_la_code")
        rows = release.sort("time_period").select(*areas, "la_name", *HEADLINE_MEASURES)
        for year, level, region, region_name, la, la_name, *texts in rows.iter_rows():
            code = {NATIONAL: "", REGIONAL: region, LOCAL_AUTHORITY: la}[level]
            for measure, text in zip(HEADLINE_MEASURES, texts, strict=True):
                self.cells[measure, level, code, year] = parse_published(text)
            self.names[level, code] = {NATIONAL: "England", REGIONAL: region_name}.get(
                level, la_name
            )
            if level == LOCAL_AUTHORITY:
                self.region_of[la] = region  # ends as the latest year's region
        self.joint = {part: code for code in self.region_of for part in (code, *code.split(" / "))}

    def authority(self, old_la_code: str) -> str:
        """The release's code for an authority: its own, or the joint code it is part of."""
        return self.joint.get(old_la_code, old_la_code)

    def figure(self, measure: str, level: str, code: str, year: int) -> Published:
        return self.cells.get((measure, level, code, year), Published())

    def area(self, measure: str, level: str, code: str, year: int) -> AreaFigure:
        name = self.names.get((level, code), code)
        return AreaFigure(code, name, self.figure(measure, level, code, year))

    def regions(self, measure: str, region: str, year: int) -> tuple[AreaFigure, ...]:
        """The region; for Inner or Outer London, London and then that half."""
        codes = (LONDON, region) if region in LONDON_HALVES else (region,)
        return tuple(self.area(measure, REGIONAL, code, year) for code in codes)

    def neighbours(self, measure: str, comparators: Iterable[str], year: int) -> NeighboursMean:
        codes = dict.fromkeys(self.authority(code) for code in comparators)
        figures = tuple(self.area(measure, LOCAL_AUTHORITY, code, year) for code in codes)
        values = [figure.value.value for figure in figures if figure.value.value is not None]
        mean = round_half_up(sum(values, Decimal(0)) / len(values)) if values else None
        return NeighboursMean(mean, len(values), len(figures), figures)

    def region_for(self, old_la_code: str, region_code: str | None) -> str:
        """``region_code`` if given, else the authority's region in the release's latest year;
        KeyError for an authority with no row in the release and no region given."""
        if region_code:
            return region_code
        return self.region_of[self.authority(old_la_code)]


_INDEXES: dict[int, tuple[pl.DataFrame, _Release]] = {}


def _indexed(release: pl.DataFrame) -> _Release:
    """The release's index, built once per release (a dashboard asks for it several times)."""
    held = _INDEXES.get(id(release))
    if held is None or held[0] is not release:
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        held = _INDEXES[id(release)] = (release, _Release(release))
    return held[1]


OwnFigure = Decimal | Published | None
"""The authority's own figure: a number, one already as shown (a suppressed 'c'), or none."""


def _own_or_published(
    own: Mapping[str, OwnFigure], measure: str, published: Published
) -> Published:
    if measure not in own:
        return published
    value = own[measure]
    if isinstance(value, Published):
        return value
    return Published() if value is None else as_published(value, measure=measure)


def comparison_table(
    *,
    release: pl.DataFrame,
    old_la_code: str,
    year: int,
    comparators: list[str],
    own: Mapping[str, OwnFigure] | None = None,
    own_last_year: Mapping[str, OwnFigure] | None = None,
    region_code: str | None = None,
) -> list[ComparisonRow]:
    """Each of ``HEADLINE_MEASURES`` for the authority in reporting ``year`` and the year before,
    the change, and England's, the region's and the comparators' figures in ``year``.

    ``own`` holds the authority's own figures for ``year`` by measure (unrounded, as
    ``csc_workforce.core.indicators`` returns them; None where one cannot be computed): where it
    has a measure, this year's figure is the authority's own, rounded half-up to one decimal
    place, and not DfE's; ``own_last_year`` likewise for the year before. An authority with no
    row in the release (a new one, or the demo's) needs its ``region_code``; without it,
    KeyError.
    """
    own, own_last_year = own or {}, own_last_year or {}
    unknown = (set(own) | set(own_last_year)) - set(HEADLINE_MEASURES)
    if unknown:
        raise ValueError(f"unknown measures {sorted(unknown)}; expected {HEADLINE_MEASURES}")
    index = _indexed(release)
    code = index.authority(old_la_code)
    region = index.region_for(old_la_code, region_code)
    table = []
    for measure in HEADLINE_MEASURES:
        this_year = _own_or_published(
            own, measure, index.figure(measure, LOCAL_AUTHORITY, code, year)
        )
        last_year = _own_or_published(
            own_last_year, measure, index.figure(measure, LOCAL_AUTHORITY, code, year - 1)
        )
        change = (
            this_year.value - last_year.value
            if this_year.value is not None and last_year.value is not None
            else None
        )
        table.append(
            ComparisonRow(
                measure=measure,
                this_year=this_year,
                last_year=last_year,
                change=change,
                this_year_is_own=measure in own,
                england=index.figure(measure, NATIONAL, "", year),
                regions=index.regions(measure, region, year),
                neighbours=index.neighbours(measure, comparators, year),
            )
        )
    return table


def trend(
    *,
    release: pl.DataFrame,
    old_la_code: str,
    comparators: list[str],
    measure: str,
    own: Mapping[int, OwnFigure] | None = None,
    region_code: str | None = None,
) -> list[TrendPoint]:
    """``measure`` in every reporting year of the release and of ``own``, oldest first: the
    authority's figure (its own for the years in ``own``, else DfE's) beside England's, the
    region's and the comparators' mean. An authority with no row in the release needs its
    ``region_code`` (else KeyError); ValueError for a measure not in ``HEADLINE_MEASURES``."""
    if measure not in HEADLINE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {HEADLINE_MEASURES}")
    own = own or {}
    index = _indexed(release)
    code = index.authority(old_la_code)
    region = index.region_for(old_la_code, region_code)
    return [
        TrendPoint(
            year=year,
            authority=_own_or_published(
                {measure: own[year]} if year in own else {},
                measure,
                index.figure(measure, LOCAL_AUTHORITY, code, year),
            ),
            england=index.figure(measure, NATIONAL, "", year),
            regions=index.regions(measure, region, year),
            neighbours=index.neighbours(measure, comparators, year),
        )
        for year in sorted(set(index.years) | set(own))
    ]
