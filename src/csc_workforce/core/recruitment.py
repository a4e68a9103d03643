"""The recruitment pipeline's figures by quarter, and conversions between agency work and
employment as the register records them (docs/recruitment.md).

Applications arrive as a polars frame of ``APPLICATION_SCHEMA`` (one row per application, with
the day it reached each stage, null when it has not), adverts as ``ADVERT_SCHEMA``. A quarter is
a calendar quarter (``core.agency.quarter_bounds``). Each measure is one named function.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
