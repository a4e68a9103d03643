"""The rules a social worker's record keeps, each defined once, so that nothing the register
accepts can make a CSWW return fail.

The register's services (and so its forms), the staff import, the CSWW import and the census
validator (``csww/rules.py``) all use these functions. A record is one engagement: one post of
an employee, or one agency engagement (``Record``). ``record_problems`` applies every rule to a
record about to be saved; each rule is also a function of its own, which the census rules call
with the census's own dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .indicators import reporting_year_bounds
from .swe import is_valid_swe_number

ADULT_AGE = 18
"""Nobody starts in social work before their 18th birthday (a social work degree and Social Work
England registration come first)."""

FIRST_RETURN_YEAR = 2021
"""The first reporting year a CSWW return can be made for here (``csww.schemas.SCHEMAS``)."""

FTE_PLACES = 6
"""The census's ``ftedecimal``: FTE to at most six decimal places."""

QUALIFYING_INSTITUTION_YEARS = (2021, 2022, 2023, 2024)
"""The reporting years whose schema requires QualInst for every worker (2025 dropped it)."""

AGENCY_ORIGIN = "4"
"""StartOrigin 4 and LeaverDestination 3: "Agency or consultancy in social work (in England)"."""
AGENCY_DESTINATION = "3"


@dataclass(frozen=True, slots=True)
class Record:
    """The values of one engagement the rules look at, as the register names them."""

    employee: bool
    start_date: dt.date | None
    end_date: dt.date | None = None
    date_of_birth: dt.date | None = None
    start_origin: str = ""
    reason_leave: str = ""
    leaver_destination: str = ""
    fte: Decimal | None = None
    base_salary: Decimal | None = None
    rr_payments: Decimal | None = None
    contract_weeks: Decimal | None = None
    swe_number: str = ""
    qualifying_institution: str = ""


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One rule a record breaks: the register's field it concerns, the rule, and what to do."""

    field: str
    rule: str
    message: str


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from ``born`` to ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def under_age_at_start(*, born: dt.date | None, start: dt.date | None) -> bool:
    """The person would be younger than 18 (``ADULT_AGE``) on the day the role starts."""
    return born is not None and start is not None and age_on(born, start) < ADULT_AGE


def born_after(*, born: dt.date | None, day: dt.date) -> bool:
    """A date of birth after ``day``: in the future, for the register ``day`` is today; for a
    census return, its census date."""
    return born is not None and born > day


def fte_allowed(fte: Decimal) -> bool:
    """A post's FTE is more than 0 and at most 1 (a full-time post), to at most six decimal
    places. (The census schema also allows 0; the register holds only posts with hours.)"""
    exponent = fte.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal(0) < fte <= Decimal(1) and places <= FTE_PLACES


def salary_allowed(amount: Decimal) -> bool:
    """A base salary is more than £0 a year."""
    return amount > 0


def payment_allowed(amount: Decimal) -> bool:
    """A payment or count (recruitment and retention payments, other payments, contract
    weeks, cases, days lost) is 0 or more."""
    return amount >= 0


def lacks_start_origin(*, employee: bool, starter: bool, start_origin: str | None) -> bool:
    """CSWW R02: an employee (not agency) who started in the period has a StartOrigin."""
    return employee and starter and not start_origin


def agency_field_given(*, employee: bool, value: str | None) -> bool:
    """CSWW R07: agency records have no StartOrigin, ReasonLeave or LeaverDestination (DfE
    collects them for the authority's employees only)."""
    return not employee and bool(value)


def lacks_leaving_detail(*, employee: bool, left: bool, value: str | None) -> bool:
    """CSWW R03: an employee whose role ended has a ReasonLeave and a LeaverDestination."""
    return employee and left and not value


def leaving_detail_without_end(
    *, employee: bool, end_date: dt.date | None, value: str | None
) -> bool:
    """CSWW R04: an employee has a ReasonLeave or LeaverDestination only if the role ended."""
    return employee and end_date is None and bool(value)


def latest_date(today: dt.date) -> dt.date:
    """The furthest a start or leaving date may be ahead of ``today``: the census date (30
    September) of the reporting year after the one ``today`` is in. Anything later could not be
    in any return that can be made before then (a start "in 2031" is a typing error)."""
    year = today.year + 1 if today.month >= 10 else today.year
    return reporting_year_bounds(year + 1)[1]


def in_a_return_needing_qualifying_institution(
    *, start: dt.date | None, end: dt.date | None
) -> bool:
    """The engagement falls in a reporting year whose return requires QualInst for every
    worker (``QUALIFYING_INSTITUTION_YEARS``)."""
    if start is None:
        return False
    first = reporting_year_bounds(QUALIFYING_INSTITUTION_YEARS[0])[0]
    last = reporting_year_bounds(QUALIFYING_INSTITUTION_YEARS[-1])[1]
    return start <= last and (end is None or end >= first)


def origin_needed_from() -> dt.date:
    """Employees who started on or after this day (1 October 2020, the first day of the first
    reporting year with a return here) are starters of a return that can be made, so need a
    StartOrigin."""
    return reporting_year_bounds(FIRST_RETURN_YEAR)[0]


def record_problems(record: Record, *, today: dt.date) -> list[RecordProblem]:
    """Every rule ``record`` breaks, for the register (services, forms, imports)."""
    problems: list[RecordProblem] = []

    def add(field: str, rule: str, message: str) -> None:
        problems.append(RecordProblem(field, rule, message))

    start, end, born = record.start_date, record.end_date, record.date_of_birth
    if not record.swe_number:
        add(
            "swe_number",
            "swe_required",
            "Enter the Social Work England number: the census needs one for every social worker",
        )
    elif not is_valid_swe_number(record.swe_number):
        add(
            "swe_number",
            "swe_number",
            "Enter a Social Work England number: 2 letters then up to 10 digits (0 to 9), "
            "like SW123456",
        )
    if born_after(born=born, day=today):
        add("date_of_birth", "born_in_future", "The date of birth must be in the past")
    elif under_age_at_start(born=born, start=start):
        add(
            "date_of_birth",
            "under_age",
            f"They would be under {ADULT_AGE} on the start date: check the date of birth and "
            "the start date",
        )
    limit = latest_date(today)
    for field, day, what in (("start_date", start, "start"), ("end_date", end, "last day")):
        if day is not None and day > limit:
            add(
                field,
                "too_far_ahead",
                f"The {what} must be no later than {limit:%-d %B %Y}, the census date after next",
            )
    if start is not None and end is not None and end < start:
        add("end_date", "end_before_start", "The last day must be the same as or after the start")
    employee = record.employee
    if lacks_start_origin(
        employee=employee,
        starter=start is not None and start >= origin_needed_from(),
        start_origin=record.start_origin,
    ):
        add(
            "start_origin",
            "origin_required",
            "Select where they came from: the census needs it for every employee who started "
            f"on or after {origin_needed_from():%-d %B %Y}",
        )
    for field, value in (
        ("start_origin", record.start_origin),
        ("reason_leave", record.reason_leave),
        ("leaver_destination", record.leaver_destination),
    ):
        if agency_field_given(employee=employee, value=value):
            add(
                field,
                "agency_blank",
                "Agency workers have no origin, reason for leaving or destination",
            )
    for field, value, what in (
        ("reason_leave", record.reason_leave, "the reason for leaving"),
        ("leaver_destination", record.leaver_destination, "where they went"),
    ):
        if lacks_leaving_detail(employee=employee, left=end is not None, value=value):
            add(field, "leaver_required", f"Select {what}: an employee who has left needs it")
        elif leaving_detail_without_end(employee=employee, end_date=end, value=value):
            add(field, "leaver_only", "Only for someone who has left: give their last day too")
    if not record.qualifying_institution and in_a_return_needing_qualifying_institution(
        start=start, end=end
    ):
        add(
            "qualifying_institution",
            "qualifying_institution_required",
            "Enter the qualifying institution: the returns for 2021 to 2024 need it for everyone "
            "in post in those years",
        )
    if employee and record.contract_weeks is not None:
        add("contract_weeks", "agency_only", "Contract weeks are for agency workers only")
    if record.fte is not None and not fte_allowed(record.fte):
        add(
            "fte",
            "fte_range",
            f"FTE must be more than 0 and no more than 1, with up to {FTE_PLACES} decimal places",
        )
    if record.base_salary is not None and not salary_allowed(record.base_salary):
        add("base_salary", "salary", "The base salary must be more than £0")
    for field, amount in (
        ("rr_payments", record.rr_payments),
        ("contract_weeks", record.contract_weeks),
    ):
        if amount is not None and not payment_allowed(amount):
            add(field, "negative", "This must be 0 or more")
    return problems
