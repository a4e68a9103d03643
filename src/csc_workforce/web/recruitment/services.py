"""Writes for agency engagements, price caps and the quarterly data for DfE: each atomic and
audited as the person it is given (``web.services.service``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from csc_workforce.core import agency
from csc_workforce.core.exports import csv_text
from csc_workforce.web.people import person_name
from csc_workforce.web.services import service

from .models import AgencyEngagement, PriceCap, QuarterlyAgencyReturn, StaffMember
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
