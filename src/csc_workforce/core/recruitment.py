"""The recruitment pipeline's figures by quarter, and conversions between agency work and
employment as the register records them (docs/recruitment.md).

Applications arrive as a polars frame of ``APPLICATION_SCHEMA`` (one row per application, with
the day it reached each stage, null when it has not), adverts as ``ADVERT_SCHEMA``. A quarter is
a calendar quarter (``core.agency.quarter_bounds``). Each measure is one named function.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from .agency import quarter_bounds
from .record_rules import AGENCY_DESTINATION, AGENCY_ORIGIN

SOURCES: dict[str, str] = {
    "job_site": "Job sites",
    "social_media": "Social media",
    "word_of_mouth": "Word of mouth",
    "agency_converting": "Agency worker converting",
    "students": "Students and partner programmes",
    "international": "International recruitment",
    "other": "Other",
}
"""Where an application came from."""

STAGES: tuple[tuple[str, str], ...] = (
    ("applied_on", "Applied"),
    ("shortlisted_on", "Shortlisted"),
    ("interviewed_on", "Interviewed"),
    ("offered_on", "Offered"),
    ("checks_cleared_on", "Pre-employment checks cleared"),
    ("started_on", "Started"),
)
"""The pipeline's stages in order, by the column holding the day each was reached."""

APPLICATION_SCHEMA = {
    "vacancy_id": pl.Int64,
    "advert_id": pl.Int64,
    "source": pl.String,
    "advert_opened_on": pl.Date,
    "applied_on": pl.Date,
    "shortlisted_on": pl.Date,
    "interviewed_on": pl.Date,
    "offered_on": pl.Date,
    "checks_cleared_on": pl.Date,
    "started_on": pl.Date,
    "withdrawn_on": pl.Date,
    "withdrawal_reason": pl.String,
}
ADVERT_SCHEMA = {"advert_id": pl.Int64, "opened_on": pl.Date, "cost": pl.Float64}


def stage_of(*, withdrawn: bool, reached: dict[str, dt.date | None]) -> str:
    """An application's stage: "Withdrawn", else the last stage reached ("Applied" at least)."""
    if withdrawn:
        return "Withdrawn"
    last = "Applied"
    for column, label in STAGES:
        if reached.get(column) is not None:
            last = label
    return last


@dataclass(frozen=True, slots=True)
class QuarterPipeline:
    quarter: str
    adverts: int
    applications: int
    applications_per_advert: Decimal | None
    """Applications made in the quarter ÷ adverts opened in it."""
    conversion: tuple[tuple[str, Decimal | None], ...]
    """For each stage after the first: of the applications made in the quarter that reached the
    stage before it, the percentage that reached it."""
    median_days_advert_to_offer: Decimal | None
    """Offers made in the quarter: the median days from their advert's opening to the offer."""
    median_days_offer_to_start: Decimal | None
    """Starts in the quarter: the median days from the offer to the start."""
    withdrawals: int
    withdrawal_reasons: tuple[tuple[str, int], ...]
    hires: int
    """Starts in the quarter."""
    advert_cost: Decimal
    cost_per_hire: Decimal | None
    """The cost of adverts opened in the quarter ÷ starts in the quarter."""
    hires_by_source: tuple[tuple[str, int], ...]


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _median(values: pl.Series) -> Decimal | None:
    found = values.drop_nulls()
    if found.is_empty():
        return None
    return Decimal(str(found.median())).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _in(column: str, first: dt.date, last: dt.date) -> pl.Expr:
    return pl.col(column).is_between(first, last)


def pipeline_by_quarter(
    applications: pl.DataFrame, adverts: pl.DataFrame, *, quarters: list[str]
) -> list[QuarterPipeline]:
    """The pipeline's figures for each quarter: applications per advert, conversion at each
    stage, time from advert to offer and from offer to start, withdrawals with their reasons,
    hires by source and cost per hire."""
    result = []
    for quarter in quarters:
        first, last = quarter_bounds(quarter)
        opened = adverts.filter(_in("opened_on", first, last))
        made = applications.filter(_in("applied_on", first, last))
        conversion = []
        for (before, _), (column, label) in itertools.pairwise(STAGES):
            reached_before = made.filter(pl.col(before).is_not_null())
            reached = reached_before.filter(pl.col(column).is_not_null()).height
            conversion.append((label, _rate(reached, reached_before.height)))
        offers = applications.filter(_in("offered_on", first, last))
        starts = applications.filter(_in("started_on", first, last))
        withdrawn = applications.filter(_in("withdrawn_on", first, last))
        reasons = (
            withdrawn.group_by("withdrawal_reason")
            .len()
            .sort(["len", "withdrawal_reason"], descending=[True, False])
        )
        by_source = starts.group_by("source").len().sort("source")
        cost = Decimal(str(round(float(opened["cost"].sum() or 0), 2))).quantize(Decimal("0.01"))
        result.append(
            QuarterPipeline(
                quarter=quarter,
                adverts=opened.height,
                applications=made.height,
                applications_per_advert=(
                    None if opened.height == 0
                    else (Decimal(made.height) / opened.height).quantize(Decimal("0.1"))
                ),
                conversion=tuple(conversion),
                median_days_advert_to_offer=_median(
                    (offers["offered_on"] - offers["advert_opened_on"]).dt.total_days()
                ),
                median_days_offer_to_start=_median(
                    (starts["started_on"] - starts["offered_on"]).dt.total_days()
                ),
                withdrawals=withdrawn.height,
                withdrawal_reasons=tuple(
                    (reason or "No reason given", count) for reason, count in reasons.iter_rows()
                ),
                hires=starts.height,
                advert_cost=cost,
                cost_per_hire=(
                    None if starts.height == 0
                    else (cost / starts.height).quantize(Decimal("0.01"), ROUND_HALF_UP)
                ),
                hires_by_source=tuple(
                    (SOURCES.get(source, source), count) for source, count in by_source.iter_rows()
                ),
            )
        )  # fmt: skip
    return result


@dataclass(frozen=True, slots=True)
class QuarterConversions:
    quarter: str
    agency_to_employee: int
    """Employees starting in the quarter from agency work in England (CSWW StartOrigin 4)."""
    employee_to_agency: int
    """Employees leaving in the quarter for agency work (CSWW LeaverDestination 3)."""


def conversions_by_quarter(
    *,
    starts: list[tuple[str, dt.date, str]],
    leaves: list[tuple[str, dt.date, str]],
    quarters: list[str],
) -> list[QuarterConversions]:
    """Conversions as the register records and DfE counts them: a starter whose origin is agency
    work (StartOrigin 4, which ``staff_convert`` gives the new employee) and a leaver whose
    destination is agency work (LeaverDestination 3), each person counted once a day. ``starts``
    and ``leaves`` are (person, day, origin or destination) of employees."""

    def count(
        moves: list[tuple[str, dt.date, str]], code: str, first: dt.date, last: dt.date
    ) -> int:
        return len({(person, day) for person, day, to in moves
                    if to == code and first <= day <= last})  # fmt: skip

    result = []
    for quarter in quarters:
        first, last = quarter_bounds(quarter)
        result.append(
            QuarterConversions(
                quarter,
                count(starts, AGENCY_ORIGIN, first, last),
                count(leaves, AGENCY_DESTINATION, first, last),
            )
        )
    return result


# Pay and incentives --------------------------------------------------------------------------

INCENTIVES: dict[str, str] = {
    "market_supplement": "Market supplement",
    "recruitment_payment": "Recruitment payment",
    "retention_payment": "Retention payment",
    "relocation": "Relocation package",
}
"""Payments on top of base salary; a relocation package is paid once, the others yearly."""
ONE_OFF = frozenset({"relocation"})
SMALLEST_GROUP = 5
"""Retention rates of fewer people than this are not shown (one leaver would be visible)."""


def financial_year(year: int) -> tuple[dt.date, dt.date]:
    """The financial year starting in April of ``year`` (2024 is 1 April 2024 to 31 March 2025)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def incentive_cost(
    *, kind: str, amount: Decimal, start: dt.date, end: dt.date | None, year: int
) -> Decimal:
    """An incentive's cost in a financial year: a one-off payment in the year it is paid
    (``start``); a yearly one by the share of the year's days it runs (amount x days / days in
    the year), to the penny."""
    first, last = financial_year(year)
    if kind in ONE_OFF:
        return amount if first <= start <= last else Decimal(0)
    days = (min(end or last, last) - max(start, first)).days + 1
    if days <= 0:
        return Decimal(0)
    share = amount * days / ((last - first).days + 1)
    return share.quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Retention:
    paid_count: int
    paid_stayed: int
    unpaid_count: int
    unpaid_stayed: int

    @property
    def paid_rate(self) -> Decimal | None:
        """The share of those paid an incentive still in post a year on (%), None under 5."""
        return (
            None if self.paid_count < SMALLEST_GROUP else _rate(self.paid_stayed, self.paid_count)
        )

    @property
    def unpaid_rate(self) -> Decimal | None:
        return (
            None if self.unpaid_count < SMALLEST_GROUP
            else _rate(self.unpaid_stayed, self.unpaid_count)
        )  # fmt: skip


def retention_by_incentive(
    people: list[tuple[dt.date, dt.date | None, bool]], *, on: dt.date
) -> Retention:
    """Of the employees in post a year before ``on`` (start, end, paid an incentive), how many
    of those paid and of those not were still in post on ``on`` (365 days on): the stability
    index, split."""
    then = on - dt.timedelta(days=365)
    counts = {True: [0, 0], False: [0, 0]}
    for start, end, paid in people:
        if start <= then and (end is None or end >= then):
            counts[paid][0] += 1
            counts[paid][1] += end is None or end >= on
    return Retention(counts[True][0], counts[True][1], counts[False][0], counts[False][1])


BENCHMARK_COLUMNS = ("year", "authority", "role", "pay_min", "pay_max", "incentives")
"""The pay benchmark CSV a region shares: one row per authority, role and financial year."""


@dataclass(frozen=True, slots=True)
class BenchmarkProblem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column} ({self.value!r}): {self.message}"


def parse_pay_benchmark(
    text: str, *, roles: dict[str, str]
) -> tuple[list[dict[str, object]], list[BenchmarkProblem]]:
    """The rows of a pay benchmark CSV (``BENCHMARK_COLUMNS``, a header first) with every
    problem found, by row (the header is row 1) and column. ``roles`` maps each role's code to
    its label; either is accepted. Duplicate (year, authority, role) rows are problems."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        lines = list(reader)
    except csv.Error as error:
        return [], [BenchmarkProblem(reader.line_num, "file", "", f"Not a CSV file: {error}")]
    header = [cell.strip().lower() for cell in (lines[0] if lines else [])]
    if header[: len(BENCHMARK_COLUMNS)] != list(BENCHMARK_COLUMNS):
        wanted = ", ".join(BENCHMARK_COLUMNS)
        return [], [
            BenchmarkProblem(1, "header", ",".join(header), f"The columns must be {wanted}")
        ]
    by_label = {label.lower(): code for code, label in roles.items()}
    rows: list[dict[str, object]] = []
    problems: list[BenchmarkProblem] = []
    seen: set[tuple[object, ...]] = set()
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(BENCHMARK_COLUMNS, [c.strip() for c in cells] + [""] * 6, strict=False))
        row: dict[str, object] = {"incentives": values["incentives"]}
        found = len(problems)
        if not re.fullmatch(r"20\d\d", values["year"]):
            problems.append(
                BenchmarkProblem(number, "year", values["year"], "Enter a year like 2025")
            )
        else:
            row["year"] = int(values["year"])
        if not values["authority"]:
            problems.append(BenchmarkProblem(number, "authority", "", "Enter the authority"))
        row["authority_name"] = values["authority"]
        role = values["role"] if values["role"] in roles else by_label.get(values["role"].lower())
        if role is None:
            problems.append(
                BenchmarkProblem(number, "role", values["role"], "Not a role: use one of "
                                 + ", ".join(roles.values()))
            )  # fmt: skip
        row["role"] = role
        for column in ("pay_min", "pay_max"):
            try:
                amount = Decimal(values[column].replace(",", "").removeprefix("£"))
                if not amount.is_finite() or amount <= 0 or amount >= 1_000_000:
                    raise ValueError
                row[column] = amount.quantize(Decimal("0.01"))
            except (ValueError, ArithmeticError):
                problems.append(
                    BenchmarkProblem(number, column, values[column], "Enter pounds, like 38500")
                )
        if len(problems) == found:
            if row["pay_max"] < row["pay_min"]:  # type: ignore[operator]
                below = "The highest pay point is below the lowest"
                problems.append(BenchmarkProblem(number, "pay_max", values["pay_max"], below))
            key = (row["year"], values["authority"].lower(), role)
            if key in seen:
                twice = "This authority's role and year is given twice"
                problems.append(BenchmarkProblem(number, "role", values["role"], twice))
            seen.add(key)
        rows.append(row)
    return rows, problems
