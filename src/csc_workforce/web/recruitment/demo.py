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
from csc_workforce.core.recruitment import SOURCES
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.organisation.selectors import authority

from .models import (
    Advert,
    AgencyEngagement,
    Application,
    Incentive,
    PayBenchmark,
    Post,
    PriceCap,
    QuarterlyAgencyReturn,
    StaffMember,
    Vacancy,
)

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
    Incentive.objects.all().delete()
    PayBenchmark.objects.all().delete()
    Vacancy.objects.all().delete()
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
        hires = _seed_pipeline(rng, today)
        progress(f"Recruitment: a year of vacancies, {hires} hires")
        paid = _seed_pay(rng, today)
        progress(f"Incentives: {paid}")


NEIGHBOURS = ["Eastmoor", "Westdale", "Southbridge", "Northgate"]
BENCHMARK = {
    "social_worker": (Decimal(34800), Decimal(41500), "Retention payment £2,000 a year"),
    "senior_practitioner": (Decimal(41500), Decimal(46700), "Market supplement £3,000"),
    "team_manager": (Decimal(49800), Decimal(56000), ""),
}


def _seed_pay(rng: random.Random, today: dt.date) -> int:
    """Incentives for about one employee in eight (retention payments, market supplements,
    relocation packages for newer starters), and the neighbours' pay by role for this year."""
    employees = list(
        StaffMember.objects.exclude(employment_type=StaffMember.Employment.AGENCY)
        .filter(start_date__lte=today)
        .order_by("pk")
    )
    count = 0
    for person in employees:
        if rng.random() > 0.12:
            continue
        kind = rng.choices(
            ["retention_payment", "market_supplement", "recruitment_payment", "relocation"],
            weights=[5, 3, 2, 1],
        )[0]
        start = max(person.start_date, today - dt.timedelta(days=rng.randint(60, 900)))
        if person.end_date is not None and person.end_date < start:
            start = person.start_date
        Incentive.objects.create(
            staff=person,
            kind=kind,
            amount=Decimal(
                rng.choice([1500, 2000, 3000, 5000] if kind != "relocation" else [8000])
            ),
            start_date=start,
            end_date=person.end_date if kind != "relocation" else None,
        )
        count += 1
    year = today.year if today.month >= 4 else today.year - 1
    for neighbour in NEIGHBOURS:
        for role, (low, high, extra) in BENCHMARK.items():
            shift = Decimal(rng.randint(-12, 12) * 100)
            PayBenchmark.objects.create(
                year=year, authority_name=neighbour, role=role,
                pay_min=low + shift, pay_max=high + shift, incentives=extra,
            )  # fmt: skip
    return count


FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jack",
    "Kiran",
    "Laura",
    "Mo",
    "Nadia",
    "Owen",
    "Priya",
    "Rosa",
    "Sam",
    "Tom",
    "Zara",
]
LAST_NAMES = [
    "Adams",
    "Begum",
    "Clarke",
    "Dixon",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Moore",
    "Nowak",
    "Okafor",
    "Price",
]
WITHDRAWALS = ["Took another job", "Salary too low", "Travel distance", "Personal reasons"]
ADVERT_COST = {"council": 0, "job_site": 450, "professional": 900, "social_media": 150,
               "university": 0, "international": 2500}  # fmt: skip


def _seed_pipeline(rng: random.Random, today: dt.date) -> int:
    """A year of vacancies to ``today`` from the funded posts, each advertised once or twice,
    with applications moving through the stages (some withdrawing); the oldest filled."""
    posts = list(Post.objects.select_related("team").order_by("reference")[:400])
    rng.shuffle(posts)
    hires, applicants = 0, 0
    first = today - dt.timedelta(days=364)
    for post in posts[:24]:
        opened = first + dt.timedelta(days=rng.randint(0, 330))
        temporary = rng.random() < 0.2
        vacancy = Vacancy.objects.create(
            post=post,
            title=f"{post.get_role_level_display()}, {post.team.name}",
            kind=Vacancy.Kind.TEMPORARY if temporary else Vacancy.Kind.PERMANENT,
            reason=rng.choice(["maternity", "secondment"]) if temporary else "vacancy",
            opened_on=opened,
        )
        advertised = opened + dt.timedelta(days=rng.randint(3, 14))
        for _ in range(rng.choice([1, 1, 2])):
            if advertised > today:
                break
            where = rng.choice(list(ADVERT_COST))
            advert = Advert.objects.create(
                vacancy=vacancy,
                where=where,
                opened_on=advertised,
                closes_on=advertised + dt.timedelta(days=21),
                cost=Decimal(ADVERT_COST[where]),
            )
            started = None
            for _ in range(rng.randint(2, 9)):
                applicants += 1
                applied = advertised + dt.timedelta(days=rng.randint(0, 20))
                if applied > today:
                    continue
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                application = Application(
                    advert=advert,
                    candidate_name=name,
                    candidate_email=f"candidate{applicants}@example.com",
                    source=rng.choices(list(SOURCES), weights=[40, 15, 15, 10, 10, 5, 5])[0],
                    applied_on=applied,
                )
                day = applied
                for stage in ("shortlisted_on", "interviewed_on", "offered_on"):
                    if stage == "offered_on" and started is not None:
                        break
                    if rng.random() > 0.6:
                        break
                    day += dt.timedelta(days=rng.randint(4, 14))
                    if day > today:
                        break
                    setattr(application, stage, day)
                if application.offered_on is not None:
                    checks = application.offered_on + dt.timedelta(days=rng.randint(10, 40))
                    if checks <= today:
                        application.dbs_cleared_on = checks
                        application.references_cleared_on = checks - dt.timedelta(days=5)
                        application.registration_checked_on = application.offered_on
                        start = checks + dt.timedelta(days=rng.randint(7, 30))
                        if start <= today:
                            application.started_on = start
                            started = start
                            hires += 1
                elif application.shortlisted_on is not None and rng.random() < 0.3:
                    withdrew = application.shortlisted_on + dt.timedelta(days=3)
                    if withdrew <= today:
                        application.withdrawn_on = withdrew
                        application.withdrawal_reason = rng.choice(WITHDRAWALS)
                application.save()
            if started is not None:
                vacancy.closed_on = started
                vacancy.save(update_fields=["closed_on"])
                break
            advertised += dt.timedelta(days=35)
    return hires
