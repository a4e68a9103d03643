"""DfE's statutory rules for local authorities' use of agency child and family social workers,
and the quarterly data on their use and cost (docs/agency.md).

Source: DfE, "Child and family social workers: agency rules", statutory guidance for local
authorities, in force from 31 October 2024, every assignment to meet it from 1 October 2025
(https://www.gov.uk/government/publications/child-and-family-social-workers-agency-rules), and
DfE's "Agency child and family social workers: data and price caps operational guidance" (the
job types and the data). The wording quoted in each rule is the guidance's requirement as
published and reported (docs/agency.md lists where each was read, and when).

Each rule is a class named after what it requires, its text as the docstring, like the CSWW
rules (``core.csww.rules``). ``check`` looks at one ``Engagement`` (plain values: the register's
agency record and its engagement details) on a day and answers met, not met or unknown (a value
the rule needs is not recorded), with the reason in words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import ClassVar

JOB_TYPES: dict[str, str] = {
    "social_worker": "Social worker",
    "senior_social_worker": "Senior social worker",
    "advanced_practitioner": "Advanced practitioner",
    "team_manager": "Team manager",
    "iro_cp_chair": "Independent reviewing officer or child protection chair",
}
"""The five core job types of the operational guidance, against which price caps are set."""

REGIONS: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
"""England's nine regions (ONS codes): price caps are agreed region by region."""

COVER_REASONS: dict[str, str] = {
    "vacancy": "A vacant post",
    "maternity": "Maternity, paternity or adoption leave",
    "long_leave": "Other long leave",
    "secondment": "Secondment",
    "sickness": "Sickness",
    "additional_demand": "Additional demand",
}
"""Why an agency worker is engaged: the post or the reason they cover."""

LEAVING_REASONS: dict[str, str] = {
    "redundancy": "Made redundant from the permanent role",
    "probation": "Left during the probationary period",
    "other": "Any other reason",
}
"""Why the worker left their last permanent post: two reasons are exceptions to the cool-off."""

MINIMUM_PQE_YEARS = Decimal(3)
COOL_OFF_MONTHS = 3
NOTICE_WEEKS = Decimal(4)
HOURS_PER_WEEK = Decimal(37)
"""A full-time week (the NJC's 37 hours), to turn FTE and days into hours charged."""


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule's answer for one engagement: its status, why, and whether it is met only by a
    recorded exception (an approved breach of the price cap, a cool-off exception)."""

    rule: str
    status: Status
    reason: str
    exception: bool = False


@dataclass(frozen=True, slots=True)
class Engagement:
    """One agency engagement as the rules see it. ``region`` is the engaging authority's;
    ``cap`` the price cap of its region for the job type on the start date (None when none is
    held)."""

    start: dt.date
    region: str
    job_type: str = ""
    end: dt.date | None = None
    hourly_charge: Decimal | None = None
    cap: Decimal | None = None
    dcs_approved_on: dt.date | None = None
    chief_executive_approved_on: dt.date | None = None
    pqe_years: Decimal | None = None
    previous_employment_checked: bool = False
    left_permanent_on: dt.date | None = None
    left_permanent_region: str = ""
    left_permanent_reason: str = ""
    notice_weeks: Decimal | None = None
    permanent_notice_weeks: Decimal | None = None
    project_team: bool = False
    project_workers_approved: bool | None = None
    project_costs_separated: bool | None = None
    references_requested_on: dt.date | None = None
    references_received_on: dt.date | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` calendar months later, on the last day of the month if it is
    shorter (31 May + 3 months is 31 August; 30 November + 3 months is 28 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


class AgencyRule(ABC):
    rule_id: ClassVar[str]
    title: ClassVar[str]

    @abstractmethod
    def check(self, engagement: Engagement, on: dt.date) -> Outcome: ...

    def outcome(self, status: Status, reason: str, *, exception: bool = False) -> Outcome:
        return Outcome(self.rule_id, status, reason, exception)


class WithinRegionalPriceCap(AgencyRule):
    """Price caps: "Local authorities should work within their region to agree and implement
    agency child and family social worker price caps, that all local authorities within the
    region should comply with." The caps are set against the core job types of the operational
    guidance, and "apply to all agency child and family social workers, including those engaged
    through project teams and packaged models". Paying above the cap is an exception that the
    director of children's services and the chief executive approve.

    Compared here: the hourly charge the authority pays (pay rate, employer's National
    Insurance, apprenticeship levy and the agency's and managed service provider's fees, VAT
    excluded) with the cap held for the authority's region and the job type on the day the
    assignment starts.
    """

    rule_id = "price_cap"
    title = "Within the regional price cap"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        if not engagement.job_type:
            return self.outcome(Status.UNKNOWN, "No job type is recorded, so no cap applies yet")
        if engagement.hourly_charge is None:
            return self.outcome(Status.UNKNOWN, "No hourly charge is recorded")
        if engagement.cap is None:
            region = REGIONS.get(engagement.region, engagement.region)
            return self.outcome(
                Status.UNKNOWN,
                f"No price cap is held for a {JOB_TYPES[engagement.job_type].lower()} in "
                f"{region} on {engagement.start:%-d %B %Y}",
            )
        over = engagement.hourly_charge - engagement.cap
        if over <= 0:
            return self.outcome(
                Status.MET,
                f"{_money(engagement.hourly_charge)} an hour, within the cap of "
                f"{_money(engagement.cap)}",
            )
        above = f"{_money(over)} an hour above the cap of {_money(engagement.cap)}"
        if engagement.dcs_approved_on and engagement.chief_executive_approved_on:
            return self.outcome(
                Status.MET,
                f"{above}, approved by the director of children's services on "
                f"{engagement.dcs_approved_on:%-d %B %Y} and the chief executive on "
                f"{engagement.chief_executive_approved_on:%-d %B %Y}",
                exception=True,
            )
        missing = [
            who
            for who, when in (
                ("the director of children's services", engagement.dcs_approved_on),
                ("the chief executive", engagement.chief_executive_approved_on),
            )
            if when is None
        ]
        return self.outcome(
            Status.NOT_MET, f"{above}: needs the approval of {' and '.join(missing)}"
        )


class ThreeYearsPostQualifiedExperience(AgencyRule):
    """Post-qualified experience: local authorities "should only engage agency child and family
    social workers who have a minimum of 3 years' post-qualified experience (PQE) in a local
    authority child and family social work context in England"."""

    rule_id = "pqe"
    title = "3 years' post-qualified experience"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        years = engagement.pqe_years
        if years is None:
            return self.outcome(Status.UNKNOWN, "Post-qualified experience is not recorded")
        if years >= MINIMUM_PQE_YEARS:
            return self.outcome(Status.MET, f"{years.normalize():f} years in English LA work")
        return self.outcome(
            Status.NOT_MET,
            f"{years.normalize():f} years in English LA child and family social work, fewer than 3",
        )


class CoolOffAfterPermanentPost(AgencyRule):
    """Cool-off: local authorities "should not engage agency child and family social workers for
    a minimum period of three months after the worker has left a substantive role in their
    children's services department or that of a local authority within the same region".

    The guidance's exceptions: the worker was made redundant from the permanent role, left it
    during their probationary period, or left a permanent role in a different region. (Its
    other exception, a worker moving from agency work to a permanent role, is a conversion, not
    an engagement.)
    """

    rule_id = "cool_off"
    title = "Three-month cool-off after a permanent post in the region"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        left = engagement.left_permanent_on
        if left is None:
            if engagement.previous_employment_checked:
                return self.outcome(Status.MET, "No permanent post in the last three months")
            return self.outcome(Status.UNKNOWN, "The previous employment is not recorded")
        if left >= engagement.start or add_months(left, COOL_OFF_MONTHS) <= engagement.start:
            return self.outcome(Status.MET, f"Left the permanent post on {left:%-d %B %Y}")
        if engagement.left_permanent_reason in ("redundancy", "probation"):
            why = LEAVING_REASONS[engagement.left_permanent_reason].lower()
            return self.outcome(Status.MET, f"Exception: {why}", exception=True)
        if not engagement.left_permanent_region:
            return self.outcome(
                Status.UNKNOWN, "The region of the permanent post left is not recorded"
            )
        if engagement.left_permanent_region != engagement.region:
            region = REGIONS.get(engagement.left_permanent_region, "")
            return self.outcome(
                Status.MET, f"Exception: the permanent post was in {region}", exception=True
            )
        ends = add_months(left, COOL_OFF_MONTHS)
        return self.outcome(
            Status.NOT_MET,
            f"Left a permanent post in the region on {left:%-d %B %Y}: the cool-off runs to "
            f"{ends - dt.timedelta(days=1):%-d %B %Y}",
        )


class FourWeeksNotice(AgencyRule):
    """Notice periods: local authorities "should ensure all agency assignments have a four-week
    notice period, or align the length of assignment notice periods with that of the local
    authority's contractual notice period for substantive staff in the same or an equivalent
    job role where that is less than four weeks"."""

    rule_id = "notice"
    title = "Four weeks' notice"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        if engagement.notice_weeks is None:
            return self.outcome(Status.UNKNOWN, "The notice period is not recorded")
        needed = NOTICE_WEEKS
        if engagement.permanent_notice_weeks is not None:
            needed = min(needed, engagement.permanent_notice_weeks)
        weeks = f"{engagement.notice_weeks.normalize():f} weeks' notice"
        if engagement.notice_weeks >= needed:
            return self.outcome(Status.MET, weeks)
        return self.outcome(Status.NOT_MET, f"{weeks}, fewer than {needed.normalize():f}")


class ProjectTeamsApprovedAndCostsSeparated(AgencyRule):
    """Project teams: local authorities should ensure that arrangements to supply agency child
    and family social workers "via a project team or other packaged model" comply with the
    rules: every worker in the team meets them and is approved by the authority, and the
    workers' costs are given apart from the other costs of the package, so that the price cap
    can be applied."""

    rule_id = "project_team"
    title = "Project teams: every worker approved, costs separated"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        if not engagement.project_team:
            return self.outcome(Status.MET, "Not part of a project team or packaged service")
        approved, separated = (
            engagement.project_workers_approved,
            engagement.project_costs_separated,
        )
        if approved is False or separated is False:
            lacking = [
                what
                for what, value in (
                    ("not every worker is approved", approved),
                    ("the workers' costs are not separated", separated),
                )
                if value is False
            ]
            return self.outcome(Status.NOT_MET, "Project team: " + " and ".join(lacking))
        if approved is None or separated is None:
            return self.outcome(
                Status.UNKNOWN, "Project team: approvals or the separation of costs not recorded"
            )
        return self.outcome(Status.MET, "Project team: workers approved, costs separated")


class PracticeReferences(AgencyRule):
    """References: local authorities should ensure that agency child and family social workers
    are only engaged once references, including references on their practice from recent
    employers, have been requested and received."""

    rule_id = "references"
    title = "References received"

    def check(self, engagement: Engagement, on: dt.date) -> Outcome:
        received = engagement.references_received_on
        if received is not None:
            if received <= engagement.start:
                return self.outcome(Status.MET, f"Received on {received:%-d %B %Y}")
            return self.outcome(
                Status.NOT_MET, f"Received on {received:%-d %B %Y}, after the assignment started"
            )
        if engagement.references_requested_on is None:
            return self.outcome(Status.UNKNOWN, "No request for references is recorded")
        if on >= engagement.start:
            return self.outcome(Status.NOT_MET, "Requested but not received, and started")
        return self.outcome(Status.UNKNOWN, "Requested, not received yet")


RULES: tuple[AgencyRule, ...] = (
    WithinRegionalPriceCap(),
    ThreeYearsPostQualifiedExperience(),
    CoolOffAfterPermanentPost(),
    FourWeeksNotice(),
    ProjectTeamsApprovedAndCostsSeparated(),
    PracticeReferences(),
)


def check_all(engagement: Engagement, on: dt.date) -> list[Outcome]:
    """Every rule's outcome for ``engagement`` on ``on``, in ``RULES``' order."""
    return [rule.check(engagement, on) for rule in RULES]


RULES_IN_FORCE = dt.date(2024, 10, 31)
"""The day DfE's statutory guidance on agency social workers came into force: no assignment is
measured against it on a day before."""


def rules_followed(outcomes: Sequence[Outcome]) -> bool:
    """Whether an engagement follows DfE's statutory guidance: every rule met (a rule met by
    a recorded exception counts as met; one not known is not shown to be followed)."""
    return all(outcome.status is Status.MET for outcome in outcomes)


def rules_followed_share(*, followed: int, assignments: int) -> Decimal | None:
    """Agency rules followed: live agency assignments on the day that meet every rule
    (``rules_followed``) as a percentage of the live assignments, to one decimal place (halves
    up). None when there is no live assignment."""
    if not assignments:
        return None
    return (Decimal(followed) * 100 / assignments).quantize(Decimal("0.1"), ROUND_HALF_UP)


CapHistory = tuple[tuple[dt.date, Decimal], ...]
"""A region's caps for one job type: (in force from, hourly cap), oldest first."""


def cap_history(
    caps: Iterable[tuple[str, str, dt.date, Decimal]], *, region: str, job_type: str
) -> CapHistory:
    """The caps (region, job type, in force from, hourly cap) of one region and job type."""
    return tuple(sorted((start, cap) for where, job, start, cap in caps
                        if where == region and job == job_type))  # fmt: skip


def cap_on(history: CapHistory, day: dt.date) -> Decimal | None:
    """The cap in force on ``day``: the latest in force from it or before, None when none is.
    An assignment is held to the cap in force on the day it is looked at, so one started before
    its region agreed caps meets them from then on (all assignments from 1 October 2025)."""
    applying = [cap for start, cap in history if start <= day]
    return applying[-1] if applying else None


# Quarters ----------------------------------------------------------------------------------

QUARTER = re.compile(r"(\d{4})Q([1-4])")


class BadQuarter(ValueError):
    pass


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar quarter written YYYYQn ("2025Q3" is 1 July to 30
    September 2025)."""
    match = QUARTER.fullmatch(quarter.strip().upper())
    if match is None:
        raise BadQuarter(
            f"Enter the quarter as a year, Q and 1 to 4, like 2025Q3 (not {quarter!r})"
        )
    year, number = int(match[1]), int(match[2])
    first = dt.date(year, 3 * number - 2, 1)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarters_to(last: dt.date, count: int) -> list[str]:
    """The ``count`` quarters ending with the one holding ``last``, oldest first."""
    first, _ = quarter_bounds(quarter_of(last))
    return [quarter_of(add_months(first, -3 * back)) for back in range(count - 1, -1, -1)]


def weekdays(first: dt.date, last: dt.date) -> int:
    """Monday to Friday days from ``first`` to ``last`` inclusive (0 when last is before)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    whole, rest = divmod(days, 7)
    return whole * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)


def hours_in(
    *, start: dt.date, end: dt.date | None, fte: Decimal, first: dt.date, last: dt.date
) -> Decimal:
    """Hours worked in ``first``..``last`` by an engagement from ``start`` to ``end``: its
    weekdays inside the period times FTE times a fifth of ``HOURS_PER_WEEK``."""
    inside = weekdays(max(start, first), min(end or last, last))
    return fte * HOURS_PER_WEEK / 5 * inside


def _pence(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# The quarterly data for DfE ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Worker:
    """An agency engagement as the quarterly data reads it: the ``Engagement`` the rules see
    and the rest of the register's record."""

    reference: str
    swe_number: str
    agency: str
    managed_service_provider: str
    cover_reason: str
    fte: Decimal
    hourly_pay_rate: Decimal | None
    engagement: Engagement
    team: str = ""
    end: dt.date | None = None
    caps: CapHistory = ()

    def on(self, day: dt.date) -> Engagement:
        """The engagement with the cap in force on ``day``."""
        return replace(self.engagement, cap=cap_on(self.caps, day))


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    source: str
    required: bool = False


RETURN_FIELDS: tuple[Field, ...] = (
    Field("la_code", "The authority's new LA code (organisation: local authority)", True),
    Field("quarter", "The quarter asked for, YYYYQn", True),
    Field("worker_reference", "The register's record number of the agency engagement", True),
    Field("swe_number", "Social Work England number (staff record)", True),
    Field("agency", "Agency supplying the worker (engagement details)", True),
    Field("managed_service_provider", "Managed service provider, if any (engagement details)"),
    Field("job_type", "Job type as the operational guidance categorises it (engagement)", True),
    Field("cover_reason", "The post or reason covered (engagement details)", True),
    Field("project_team", "Part of a project team or packaged service: Y or N", True),
    Field("start_date", "Assignment start (staff record)", True),
    Field("expected_end_date", "Expected end (engagement details)"),
    Field("end_date", "Actual end, if it ended (staff record)"),
    Field("fte", "FTE of the agency job in the quarter's last day or last day worked", True),
    Field("hourly_pay_rate", "Worker's hourly pay rate (engagement details)", True),
    Field("hourly_charge", "Hourly charge to the authority, VAT excluded (engagement)", True),
    Field("price_cap", "Regional cap for the job type on the start date (price caps)"),
    Field("above_cap", "Y when the hourly charge is above the cap, N when not, blank: no cap"),
    Field("cap_exception_approved", "Y when DCS and chief executive approved the breach"),
    Field("pqe_years", "Post-qualified years in English LA child and family social work"),
    Field("notice_weeks", "Notice period of the assignment, in weeks"),
    Field("hours_in_quarter", "Weekdays worked in the quarter x FTE x 7.4 hours", True),
    Field("cost_in_quarter", "hours_in_quarter x hourly_charge, to the penny", True),
)
"""The fields of the quarterly data, each with where its value comes from; ``docs/agency.md``
lists them. DfE's own template is shared with authorities, not published: this layout holds
the items the statutory guidance and the operational guidance name (docs/agency.md)."""


@dataclass(frozen=True, slots=True)
class ReturnProblem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


@dataclass(frozen=True)
class QuarterlyReturn:
    quarter: str
    header: tuple[str, ...]
    rows: list[tuple[object, ...]]
    problems: list[ReturnProblem] = field(default_factory=list)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def quarterly_return(workers: Sequence[Worker], *, quarter: str, la_code: str) -> QuarterlyReturn:
    """The quarterly data on agency workers for DfE: one row per agency engagement live on any
    day of ``quarter``, in ``RETURN_FIELDS``' layout, validated (``problems``, row 2 the first
    worker's, as a spreadsheet shows it)."""
    first, last = quarter_bounds(quarter)
    rows: list[tuple[object, ...]] = []
    problems: list[ReturnProblem] = []
    live = [
        w for w in workers
        if w.engagement.start <= last and (w.end is None or w.end >= first)
    ]  # fmt: skip
    for number, worker in enumerate(sorted(live, key=lambda w: w.reference), start=2):
        e = worker.on(min(worker.end or last, last))
        hours = hours_in(start=e.start, end=worker.end, fte=worker.fte, first=first, last=last)
        charge = e.hourly_charge
        above = None if charge is None or e.cap is None else charge > e.cap
        values: dict[str, object] = {
            "la_code": la_code,
            "quarter": quarter,
            "worker_reference": worker.reference,
            "swe_number": worker.swe_number,
            "agency": worker.agency,
            "managed_service_provider": worker.managed_service_provider,
            "job_type": e.job_type,
            "cover_reason": worker.cover_reason,
            "project_team": _yes_no(e.project_team),
            "start_date": e.start,
            "expected_end_date": e.end,
            "end_date": worker.end,
            "fte": worker.fte,
            "hourly_pay_rate": worker.hourly_pay_rate,
            "hourly_charge": charge,
            "price_cap": e.cap,
            "above_cap": _yes_no(above),
            "cap_exception_approved": _yes_no(
                None if not above else bool(e.dcs_approved_on and e.chief_executive_approved_on)
            ),
            "pqe_years": e.pqe_years,
            "notice_weeks": e.notice_weeks,
            "hours_in_quarter": _pence(hours),
            "cost_in_quarter": None if charge is None else _pence(hours * charge),
        }
        for spec in RETURN_FIELDS:
            if spec.required and values[spec.name] in (None, ""):
                problems.append(ReturnProblem(number, spec.name, f"{spec.source}: not recorded"))
        if e.job_type and e.job_type not in JOB_TYPES:
            problems.append(ReturnProblem(number, "job_type", f"{e.job_type!r} is not a job type"))
        if (
            charge is not None
            and worker.hourly_pay_rate is not None
            and charge < worker.hourly_pay_rate
        ):
            problems.append(
                ReturnProblem(number, "hourly_charge", "The charge is less than the pay rate")
            )
        rows.append(tuple(values[spec.name] for spec in RETURN_FIELDS))
    header = tuple(spec.name for spec in RETURN_FIELDS)
    return QuarterlyReturn(quarter=quarter, header=header, rows=rows, problems=problems)


# The trend ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuarterTrend:
    quarter: str
    fte: Decimal
    """Agency FTE on the quarter's last day."""
    cost: Decimal
    """Hours charged in the quarter times each engagement's hourly charge."""
    above_cap: int
    """Engagements live in the quarter charged above their cap."""
    unapproved: int
    """Of those, the ones without both approvals."""


def trend(workers: Sequence[Worker], *, quarters: Sequence[str]) -> list[QuarterTrend]:
    """Agency FTE, cost and price-cap breaches, quarter by quarter."""
    result = []
    for quarter in quarters:
        first, last = quarter_bounds(quarter)
        fte, cost, above, unapproved = Decimal(0), Decimal(0), 0, 0
        for worker in workers:
            e = worker.engagement
            if e.start > last or (worker.end is not None and worker.end < first):
                continue
            if worker.end is None or worker.end >= last:
                fte += worker.fte
            if e.hourly_charge is not None:
                hours = hours_in(
                    start=e.start, end=worker.end, fte=worker.fte, first=first, last=last
                )
                cost += hours * e.hourly_charge
                cap = cap_on(worker.caps, min(worker.end or last, last))
                if cap is not None and e.hourly_charge > cap:
                    above += 1
                    unapproved += not (e.dcs_approved_on and e.chief_executive_approved_on)
        result.append(QuarterTrend(quarter, fte.normalize(), _pence(cost), above, unapproved))
    return result
