"""Writes for agency engagements, price caps and the quarterly data for DfE: each atomic and
audited as the person it is given (``web.services.service``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from csc_workforce.core import agency, recruitment
from csc_workforce.core.exports import csv_text
from csc_workforce.web.people import person_name
from csc_workforce.web.services import service

from .models import (
    Advert,
    AgencyEngagement,
    Application,
    Incentive,
    LocalRole,
    PayBenchmark,
    Post,
    PriceCap,
    QuarterlyAgencyReturn,
    StaffMember,
    Vacancy,
)
from .selectors import quarterly_data

ENGAGEMENT_FIELDS = tuple(
    f.name
    for f in AgencyEngagement._meta.get_fields()
    if f.concrete and f.name not in ("id", "staff")
)


def engagement_problems(*, staff: StaffMember, values: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with ``values`` for ``staff``'s engagement, by field (empty when nothing
    is): the rules the database cannot check."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if staff.employment_type != StaffMember.Employment.AGENCY:
        add("agency", f"{staff.full_name} is not an agency worker: record a conversion first")
    rated = values.get("hourly_pay_rate") is not None or values.get("hourly_charge") is not None
    if rated and not values.get("job_type"):
        add("job_type", "Choose the job type: a rate is capped by job type")
    expected_end = values.get("expected_end")
    if expected_end is not None and expected_end < staff.start_date:
        add(
            "expected_end",
            f"The expected end must be on or after the start, {staff.start_date:%-d %B %Y}",
        )
    pay, charge = values.get("hourly_pay_rate"), values.get("hourly_charge")
    if pay is not None and charge is not None and charge < pay:
        add("hourly_charge", "The hourly charge must be at least the worker's hourly pay rate")
    requested = values.get("references_requested_on")
    received = values.get("references_received_on")
    if requested is not None and received is not None and received < requested:
        add("references_received_on", "References must be received on or after being asked for")
    project = values.get("project_team")
    for name in ("project_workers_approved", "project_costs_separated"):
        if not project and values.get(name) is not None:
            add(name, "Answer this only for a project team or packaged service")
    if values.get("left_permanent_on") is None and (
        values.get("left_permanent_region") or values.get("left_permanent_reason")
    ):
        add("left_permanent_on", "Enter the day they left the permanent post")
    return errors


@service
def engagement_save(*, staff: StaffMember, by: User | None, **values: Any) -> AgencyEngagement:
    """Record or change the details of ``staff``'s agency engagement; refused, with the problem
    named by field, when ``engagement_problems`` finds any."""
    unknown = set(values) - set(ENGAGEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not engagement fields: {', '.join(sorted(unknown))}")
    errors = engagement_problems(staff=staff, values=values)
    if errors:
        raise ValidationError(errors)
    engagement = AgencyEngagement.objects.filter(staff=staff).first() or AgencyEngagement(
        staff=staff
    )
    for name, value in values.items():
        setattr(engagement, name, value)
    engagement.full_clean()
    engagement.save()
    return engagement


@service
def price_cap_save(
    *,
    by: User | None,
    region: str,
    job_type: str,
    effective_from: dt.date,
    hourly_cap: Decimal,
    source: str = "",
) -> PriceCap:
    """Hold a region's price cap for a job type from ``effective_from``."""
    if region not in agency.REGIONS:
        raise ValidationError(
            {"region": f"{region!r} is not an English region: choose one of the nine"}
        )
    cap = PriceCap(
        region=region,
        job_type=job_type,
        effective_from=effective_from,
        hourly_cap=hourly_cap,
        source=source,
    )
    cap.full_clean()
    cap.save()
    return cap


class ReturnInvalid(Exception):
    def __init__(self, problems: list[agency.ReturnProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@service
def quarterly_return_make(
    *, quarter: str, by: User | None, label: str = ""
) -> tuple[agency.QuarterlyReturn, QuarterlyAgencyReturn]:
    """The quarter's agency data for DfE, validated, and kept as produced; ReturnInvalid (and
    nothing kept) when a row has a problem."""
    data = quarterly_data(quarter=quarter)
    if data.problems:
        raise ReturnInvalid(data.problems)
    kept = QuarterlyAgencyReturn.objects.create(
        quarter=quarter,
        made_by=by,
        made_by_label=label or person_name(by),
        rows=len(data.rows),
        content=csv_text(data.header, data.rows),  # type: ignore[arg-type]
    )
    return data, kept


# The recruitment pipeline ------------------------------------------------------------------

STAGE_FIELDS = (
    "shortlisted_on",
    "interviewed_on",
    "offered_on",
    "dbs_cleared_on",
    "references_cleared_on",
    "registration_checked_on",
    "started_on",
    "withdrawn_on",
)
IN_ORDER = ("applied_on", "shortlisted_on", "interviewed_on", "offered_on", "started_on")
STAGE_WORDS = {
    "applied_on": "they applied",
    "shortlisted_on": "they were shortlisted",
    "interviewed_on": "they were interviewed",
    "offered_on": "they were offered the post",
}


@service
def vacancy_create(
    *,
    by: User | None,
    post: Post,
    title: str,
    kind: str,
    reason: str,
    opened_on: dt.date,
) -> Vacancy:
    """A funded post to fill: permanently, or for a time while its holder is away."""
    temporary = reason in ("maternity", "long_leave", "secondment")
    if kind == Vacancy.Kind.TEMPORARY and not temporary:
        raise ValidationError(
            {"reason": "A temporary vacancy covers maternity or other long leave, or a secondment"}
        )
    vacancy = Vacancy(post=post, title=title, kind=kind, reason=reason, opened_on=opened_on)
    vacancy.full_clean()
    vacancy.save()
    return vacancy


@service
def advert_create(
    *,
    by: User | None,
    vacancy: Vacancy,
    where: str,
    opened_on: dt.date,
    closes_on: dt.date,
    cost: Decimal,
) -> Advert:
    if closes_on < opened_on:
        raise ValidationError(
            {"closes_on": f"The closing date must be on or after {opened_on:%-d %B %Y}"}
        )
    if opened_on < vacancy.opened_on:
        raise ValidationError(
            {"opened_on": f"The vacancy opened on {vacancy.opened_on:%-d %B %Y}: advertise after"}
        )
    advert = Advert(
        vacancy=vacancy, where=where, opened_on=opened_on, closes_on=closes_on, cost=cost
    )
    advert.full_clean()
    advert.save()
    return advert


def _stage_problems(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    applied = values["applied_on"]
    previous = ("applied_on", applied)
    for name in IN_ORDER[1:]:
        day = values.get(name)
        if day is None:
            continue
        if day < previous[1]:
            errors.setdefault(name, []).append(
                f"This must be on or after the day {STAGE_WORDS[previous[0]]}, "
                f"{previous[1]:%-d %B %Y}"
            )
        previous = (name, day)
    for name in ("dbs_cleared_on", "references_cleared_on", "registration_checked_on"):
        day = values.get(name)
        if day is not None and day < applied:
            errors.setdefault(name, []).append(
                f"Checks clear on or after the application, {applied:%-d %B %Y}"
            )
    if values.get("withdrawn_on") is not None and not values.get("withdrawal_reason"):
        errors.setdefault("withdrawal_reason", []).append("Enter why they withdrew")
    if values.get("withdrawn_on") is not None and values.get("started_on") is not None:
        errors.setdefault("withdrawn_on", []).append("Someone who started has not withdrawn")
    return errors


@service
def application_create(
    *,
    by: User | None,
    advert: Advert,
    candidate_name: str,
    candidate_email: str,
    source: str,
    applied_on: dt.date,
) -> Application:
    """An application to ``advert``; refused when the same person (email) has applied to it."""
    email = candidate_email.strip().lower()
    if Application.objects.filter(advert=advert, candidate_email__iexact=email).exists():
        raise ValidationError(
            {
                "candidate_email": f"{email} has already applied to this advert: change that "
                "application instead"
            }
        )
    if applied_on < advert.opened_on:
        raise ValidationError(
            {
                "applied_on": f"The advert opened on {advert.opened_on:%-d %B %Y}: enter a day "
                "on or after it"
            }
        )
    application = Application(
        advert=advert,
        candidate_name=candidate_name,
        candidate_email=email,
        source=source,
        applied_on=applied_on,
    )
    application.full_clean()
    application.save()
    return application


@service
def application_progress(
    *, by: User | None, application: Application, **stages: Any
) -> Application:
    """Record the days an application reached each stage (or withdrew, and why)."""
    unknown = set(stages) - {*STAGE_FIELDS, "withdrawal_reason"}
    if unknown:
        raise TypeError(f"Not stages: {', '.join(sorted(unknown))}")
    errors = _stage_problems({"applied_on": application.applied_on, **stages})
    if errors:
        raise ValidationError(errors)
    for name, value in stages.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    if application.started_on is not None:
        vacancy = application.advert.vacancy
        if vacancy.closed_on is None or vacancy.closed_on < application.started_on:
            vacancy.closed_on = application.started_on
            vacancy.save(update_fields=["closed_on"])
    return application


# Pay and incentives ------------------------------------------------------------------------


@service
def incentive_record(
    *,
    by: User | None,
    staff: StaffMember,
    kind: str,
    amount: Decimal,
    start_date: dt.date,
    end_date: dt.date | None = None,
) -> Incentive:
    """A payment on top of an employee's base salary."""
    errors: dict[str, str] = {}
    if staff.employment_type == StaffMember.Employment.AGENCY:
        errors["staff"] = "Incentives are paid to employees, not agency workers"
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The last day paid must be on or after the first"
    if kind in recruitment.ONE_OFF and end_date is not None:
        errors["end_date"] = "A relocation package is paid once: leave the last day empty"
    if errors:
        raise ValidationError(errors)
    incentive = Incentive(
        staff=staff, kind=kind, amount=amount, start_date=start_date, end_date=end_date
    )
    incentive.full_clean()
    incentive.save()
    return incentive


@service
def pay_benchmark_save(*, by: User | None, **values: Any) -> PayBenchmark:
    """One neighbouring authority's pay for a role and year."""
    if values["pay_max"] < values["pay_min"]:
        raise ValidationError({"pay_max": "The highest pay point must be at least the lowest"})
    row = PayBenchmark(**values)
    row.full_clean()
    row.save()
    return row


class BenchmarkInvalid(Exception):
    def __init__(self, problems: list[recruitment.BenchmarkProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@service
def pay_benchmark_import(*, by: User | None, text: str) -> int:
    """The region's pay benchmark CSV, every row or none: BenchmarkInvalid names each problem
    (a row already held is one)."""
    roles = dict(LocalRole.choices)
    rows, problems = recruitment.parse_pay_benchmark(text, roles=roles)
    for number, row in enumerate(rows, start=2):
        if problems:
            break
        same = {"authority_name__iexact": row["authority_name"], "role": row["role"]}
        held = PayBenchmark.objects.filter(year=int(str(row["year"])), **same)
        if held.exists():
            problems.append(
                recruitment.BenchmarkProblem(
                    number, "authority", str(row["authority_name"]), "Already held for this role "
                    "and year: change it on the page"
                )
            )  # fmt: skip
    if problems:
        raise BenchmarkInvalid(problems)
    PayBenchmark.objects.bulk_create(PayBenchmark(**row) for row in rows)
    return len(rows)
