"""Agency engagements for the demo authority: the region's price caps (illustrative figures,
not any region's real ones) and the details of every agency record in the register, across the
five job types, some charged above the cap with and without the approvals, one engaged inside
the cool-off. Fictional, as every demo figure is; the same for the same seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from csc_workforce.core import agency
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.organisation.selectors import authority

from .models import AgencyEngagement, PriceCap, QuarterlyAgencyReturn, StaffMember

CAPS_FROM = dt.date(2024, 10, 31)
DEMO_CAPS = {
    "social_worker": Decimal("40.00"),
    "senior_social_worker": Decimal("44.00"),
    "advanced_practitioner": Decimal("48.00"),
    "team_manager": Decimal("52.00"),
    "iro_cp_chair": Decimal("50.00"),
}
"""Illustrative hourly caps from 31 October 2024 (a made-up 3% rise from 1 April 2025)."""
AGENCIES = ["Northway Social Care Recruitment", "Brightpath Locums", "Castleford Social Work"]
MSP = "County Managed Services"


def clear_recruitment() -> None:
    QuarterlyAgencyReturn.objects.all().delete()
    AgencyEngagement.objects.all().delete()
    PriceCap.objects.all().delete()


def _job_type(staff: StaffMember) -> str:
    if staff.role_level <= 3:
        return "team_manager"
    if staff.local_role in ("advanced_practitioner", "consultant_practitioner"):
        return "advanced_practitioner"
    if staff.role_level == 4:
        return "senior_social_worker"
    return "social_worker"


def seed_recruitment(*, seed: int, today: dt.date, progress: Callable[[str], None]) -> None:
    rng = random.Random(f"{seed}:recruitment")  # noqa: S311 (demo data, not security)
    with transaction.atomic(), suppressed():
        clear_recruitment()
        region = authority().region_code
        for job_type, cap in DEMO_CAPS.items():
            for start, amount in ((CAPS_FROM, cap), (dt.date(2025, 4, 1), cap * Decimal("1.03"))):
                PriceCap.objects.create(
                    region=region,
                    job_type=job_type,
                    effective_from=start,
                    hourly_cap=amount.quantize(Decimal("0.01")),
                    source="Illustrative demo figure, not the region's agreed cap",
                )
        records = list(
            StaffMember.objects.filter(employment_type=StaffMember.Employment.AGENCY).order_by(
                "start_date", "pk"
            )
        )
        live = [s for s in records if s.start_date <= today and (s.end_date or today) >= today]
        forced = dict(zip((s.pk for s in live), agency.JOB_TYPES, strict=False))
        cool_off = live[-1].pk if live else None
        over: list[AgencyEngagement] = []
        for staff in records:
            job_type = forced.get(staff.pk) or _job_type(staff)
            cap = DEMO_CAPS[job_type]
            charge = (cap * Decimal(str(rng.uniform(0.85, 1.0)))).quantize(Decimal("0.01"))
            if rng.random() < 0.15:
                charge = (cap * Decimal(str(rng.uniform(1.06, 1.2)))).quantize(Decimal("0.01"))
            details = AgencyEngagement(
                staff=staff,
                agency=rng.choice(AGENCIES),
                managed_service_provider=MSP,
                job_type=job_type,
                cover_reason=rng.choices(list(agency.COVER_REASONS), weights=[70, 8, 4, 4, 6, 8])[
                    0
                ],
                expected_end=staff.start_date + dt.timedelta(weeks=rng.choice([13, 26, 52])),
                notice_weeks=Decimal(4) if rng.random() < 0.9 else Decimal(1),
                hourly_pay_rate=(charge * Decimal("0.72")).quantize(Decimal("0.01")),
                hourly_charge=charge,
                pqe_years=Decimal(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15])),
                qualified_on=staff.start_date - dt.timedelta(days=365 * rng.randint(3, 15)),
                references_requested_on=staff.start_date - dt.timedelta(days=21),
                references_received_on=(
                    staff.start_date - dt.timedelta(days=7) if rng.random() < 0.92 else None
                ),
                previous_employment_checked=True,
                previous_employer=rng.choice(["Another agency assignment", "Eastmoor Council"]),
            )
            if rng.random() < 0.05:
                details.project_team = True
                details.project_workers_approved = True
                details.project_costs_separated = rng.random() < 0.7
            if staff.pk == cool_off:
                details.left_permanent_on = staff.start_date - dt.timedelta(days=40)
                details.left_permanent_region = region
                details.left_permanent_reason = "other"
                details.previous_employer = "Eastmoor Council"
            details.save()
            if charge > cap:
                over.append(details)
        for details in over[::2]:
            approved = details.staff.start_date - dt.timedelta(days=3)
            details.dcs_approved_on = approved
            details.chief_executive_approved_on = approved
            details.approval_note = "Hard-to-fill post; no permanent or capped applicant"
            details.save()
        progress(f"Agency engagements: {len(records)} ({len(over)} above the demo cap)")
