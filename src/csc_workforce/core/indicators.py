"""DfE Children's Social Work Workforce (CSWW) indicators, one function per published measure.

Definitions are DfE's, as published with the CSWW statistics: rates are x100 and published
rounded to one decimal place; figures are FTE unless named headcount. The functions return
unrounded values; round with ``round_half_up`` only for display, as DfE does.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    """Round as DfE publishes: "rounded to 1 decimal place", halves away from zero (2.25 -> 2.3).

    Python's ``round`` rounds halves to even, which would publish 2.25 as 2.2.
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def turnover_rate(*, leavers_fte: Decimal, inpost_fte: Decimal) -> Decimal | None:
    """DfE CSWW turnover rate: "leavers FTE in year / FTE social workers in post at
    30 September", x100.

    None when nobody is in post (DfE publishes 'z', not applicable).
    """
    if inpost_fte == 0:
        return None
    return leavers_fte / inpost_fte * HUNDRED


def starters_rate(*, starters_fte: Decimal, inpost_fte: Decimal) -> Decimal | None:
    """Starters rate: starters FTE in year / FTE social workers in post at 30 September, x100.

    Not a DfE published rate: DfE publishes starters FTE, and this project sets it against the
    same denominator as DfE's turnover rate ("leavers FTE in year / FTE social workers in post
    at 30 September") so the two can be read side by side. None when nobody is in post.
    """
    if inpost_fte == 0:
        return None
    return starters_fte / inpost_fte * HUNDRED


def agency_rate(*, agency_fte: Decimal, inpost_fte: Decimal) -> Decimal | None:
    """DfE CSWW agency rate: "agency FTE / (agency FTE + FTE in post)", x100, both at
    30 September.

    None when there are neither agency workers nor social workers in post.
    """
    denominator = agency_fte + inpost_fte
    if denominator == 0:
        return None
    return agency_fte / denominator * HUNDRED


def vacancy_rate(*, vacancy_fte: Decimal, inpost_fte: Decimal) -> Decimal | None:
    """DfE CSWW vacancy rate: "vacancies FTE / (vacancies FTE + FTE in post)", x100, both at
    30 September.

    None when there are neither vacancies nor social workers in post.
    """
    denominator = vacancy_fte + inpost_fte
    if denominator == 0:
        return None
    return vacancy_fte / denominator * HUNDRED


def absence_rate(
    *, working_days_lost_fte: Decimal, inpost_fte: Decimal, working_days: int
) -> Decimal | None:
    """DfE CSWW absence rate: "working days lost to sickness / (FTE in post x working days in
    the year)", x100.

    ``working_days`` is ``working_days_in_reporting_year(year)``. None when nobody is in post.
    """
    denominator = inpost_fte * working_days
    if denominator == 0:
        return None
    return working_days_lost_fte / denominator * HUNDRED


@cache
def reporting_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of CSWW reporting year ``year``: "1 October to 30 September",
    so reporting year 2025 runs from 1 October 2024 to 30 September 2025.
    """
    return date(year - 1, 10, 1), date(year, 9, 30)


def last_census_year(day: date) -> int:
    """The year of the latest census date (30 September) on or before ``day``: the latest
    reporting year that has ended by ``day``."""
    return day.year if day >= date(day.year, 9, 30) else day.year - 1


def working_days_in_reporting_year(year: int) -> int:
    """Working days DfE uses for the absence rate: "253 working days, 254 in reporting years
    2020 and 2024", that is 254 in a reporting year that contains 29 February.

    Reporting year ``year`` contains February of calendar year ``year`` only.
    """
    return 254 if calendar.isleap(year) else 253


def agency_cover_rate(*, agency_cover_fte: Decimal, agency_fte: Decimal) -> Decimal | None:
    """DfE CSWW agency cover rate: "agency FTE covering vacancies / agency FTE", x100, at
    30 September.

    None when there are no agency workers.
    """
    if agency_fte == 0:
        return None
    return agency_cover_fte / agency_fte * HUNDRED


def vacancy_agency_cover_rate(*, agency_cover_fte: Decimal, vacancy_fte: Decimal) -> Decimal | None:
    """DfE CSWW vacancy agency cover rate: "agency FTE covering vacancies / vacancies FTE",
    x100, at 30 September.

    None when there are no vacancies.
    """
    if vacancy_fte == 0:
        return None
    return agency_cover_fte / vacancy_fte * HUNDRED


def caseload(*, cases: Decimal, case_holders_fte: Decimal) -> Decimal | None:
    """DfE CSWW average caseload: "cases held at 30 September / FTE of case-holding workers
    (employees and agency, FTE > 0, at least one case)". Not a percentage.

    None when nobody holds a case.
    """
    if case_holders_fte == 0:
        return None
    return cases / case_holders_fte
