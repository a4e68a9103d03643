"""Early careers and induction for the demo authority: five yearly ASYE cohorts of the newly
qualified social workers the register holds, with reviews, evidence, outcomes and grants; an
early career programme cohort beside them; an induction for every starter of the last year.
Fictional, as every demo figure is, and the same for the same seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from csc_workforce.core import development
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.organisation.models import StaffMember

from .models import (
    Cohort,
    Enrolment,
    Evidence,
    Extension,
    Induction,
    InductionItem,
    Programme,
    Review,
)
from .services import induction_start

NEWLY_QUALIFIED = "1"
"""CSWW's origin of a starter who is a newly qualified social worker."""
EXPERIENCED = ("2", "3", "4")
"""CSWW's origins of starters who were social workers elsewhere (another authority, abroad,
agency). The demo's other case-holding employees who started in a cohort's year are taken as
newly qualified: the generated register has few starters of origin 1 before the last year."""
COHORTS = 5
PANEL_AFTER = dt.timedelta(days=21)
"""The moderation panel sits three weeks after a programme's end; until then it is in progress."""
GRANT = Decimal("2000.00")
"""The ASYE grant a worker (the amount each authority claims for itself: fictional here)."""


def clear_careers() -> None:
    """Remove every cohort, enrolment and induction (not the programmes or checklists)."""
    InductionItem.objects.all().delete()
    Induction.objects.all().delete()
    Enrolment.objects.all().delete()
    Cohort.objects.all().delete()


def _cohort_year(day: dt.date) -> int:
    """The year of the September that starts the ASYE cohort someone starting on ``day`` joins."""
    return day.year if day.month >= 9 else day.year - 1


def seed_careers(*, seed: int, today: dt.date, progress: Callable[[str], None]) -> None:
    rng = random.Random(f"{seed}:development")  # noqa: S311 (demo data, not security)
    asye = Programme.objects.filter(kind=Programme.Kind.ASYE, is_current=True).first()
    early = Programme.objects.filter(kind=Programme.Kind.EARLY_CAREER, is_current=True).first()
    if asye is None or early is None:
        progress("No shipped programmes: no early careers")
        return
    with transaction.atomic(), suppressed():
        clear_careers()
        newly_qualified = list(
            StaffMember.objects.filter(
                role_level=StaffMember.RoleLevel.CASE_HOLDER, start_date__lte=today
            )
            .exclude(employment_type=StaffMember.Employment.AGENCY)
            .exclude(start_origin__in=EXPERIENCED)
            .select_related("team")
            .order_by("start_date", "pk")
        )
        last = _cohort_year(today - dt.timedelta(days=90))
        years = range(last - COHORTS + 1, last + 1)
        assessors = list(
            StaffMember.objects.filter(
                role_level=StaffMember.RoleLevel.SENIOR_PRACTITIONER, end_date__isnull=True
            ).order_by("pk")
        )
        early_start = dt.date(last + 1, 1, 1)
        early_cohort = Cohort.objects.create(
            programme=early,
            name=f"Early career programme (early adopters) January {early_start.year}",
            starts_on=early_start,
            completion_target=90,
        )
        progress(f"Early careers: {COHORTS} ASYE cohorts and an early career programme cohort")
        for year in years:
            cohort = Cohort.objects.create(
                programme=asye,
                name=f"ASYE September {year}",
                starts_on=dt.date(year, 9, 1),
                completion_target=90,
            )
            for staff in newly_qualified:
                if _cohort_year(staff.start_date) != year:
                    continue
                # Those newly qualified starting from January of the latest year join the
                # two-year programme's early adopter cohort, beside the ASYE.
                two_year = staff.start_origin == NEWLY_QUALIFIED and staff.start_date >= early_start
                _enrol(rng, early_cohort if two_year else cohort, staff, assessors, today)
        _an_overdue_review_for_the_demo_team_manager(today)
        _inductions(rng, today)


def _enrol(
    rng: random.Random,
    cohort: Cohort,
    staff: StaffMember,
    assessors: list[StaffMember],
    today: dt.date,
) -> None:
    programme = cohort.programme
    managers = list(staff.team.managers.all())
    manager = managers[0] if managers else None
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        staff=staff,
        start=staff.start_date,
        assessor=rng.choice(assessors) if assessors else None,
        line_manager=manager,
        supervisor=manager,
        protected_days=Decimal(2),
        agreement_on=staff.start_date + dt.timedelta(days=rng.randint(7, 30)),
    )
    extension = 0
    end = development.programme_end(start=staff.start_date, length_months=programme.length_months)
    if end <= today and (staff.end_date is None or staff.end_date >= end) and rng.random() < 0.06:
        extension = 3
        Extension.objects.create(
            enrolment=enrolment,
            months=3,
            reason="Time away from practice; more direct observations needed",
            agreed_on=development.add_months(staff.start_date, 9),
        )
    end = development.programme_end(
        start=staff.start_date, length_months=programme.length_months, extension_months=extension
    )
    stopped = min(d for d in (today, staff.end_date, end) if d is not None)
    for point in programme.design().reviews:
        if point.optional and rng.random() < 0.7:
            continue
        due = development.review_due(
            start=staff.start_date, point=point, extension_months=extension
        )
        held = due + dt.timedelta(days=rng.randint(-7, 10)) if due <= stopped else None
        if held is not None and held > today:
            held = None
        if held is not None and due > today - dt.timedelta(days=45) and rng.random() < 0.25:
            held = None  # a review recently due and not yet held: overdue
        Review.objects.create(
            enrolment=enrolment,
            month=point.month,
            label=point.label,
            optional=point.optional,
            final=point.final,
            due=due,
            held=held,
            outcome=Review.Outcome.ON_TRACK if held else "",
        )
    share = min(1, (stopped - staff.start_date).days / max(1, (end - staff.start_date).days))
    evidence = []
    for kind, needed in programme.evidence.items():
        have = round(int(needed) * share * rng.uniform(0.7, 1.05)) if share < 1 else int(needed)
        for n in range(have):
            on = staff.start_date + dt.timedelta(
                days=round((n + 1) * (stopped - staff.start_date).days / (have + 1))
            )
            evidence.append(Evidence(enrolment=enrolment, kind=kind, on=on))
    Evidence.objects.bulk_create(evidence)
    if staff.end_date is not None and staff.end_date < end:
        enrolment.outcome, enrolment.outcome_on = Enrolment.Outcome.LEFT, staff.end_date
    elif end + PANEL_AFTER <= today:
        failed = rng.random() < 0.04
        enrolment.outcome = Enrolment.Outcome.FAIL if failed else Enrolment.Outcome.PASS
        enrolment.outcome_on = end
        enrolment.panel_on = end + PANEL_AFTER
        enrolment.panel_decision = enrolment.outcome
    if enrolment.start <= today - dt.timedelta(days=90):
        enrolment.grant_amount, enrolment.grant_period = (
            GRANT,
            f"{cohort.starts_on.year} to {cohort.starts_on.year + 1}",
        )
        enrolment.grant_claimed_on = enrolment.start + dt.timedelta(days=90)
    enrolment.save()


def _an_overdue_review_for_the_demo_team_manager(today: dt.date) -> None:
    """The demo's team manager line-manages someone on the ASYE whose latest review due is not
    yet held, so that their page shows it."""
    account = User.objects.filter(username="teammanager").select_related("staff_member").first()
    manager = getattr(account, "staff_member", None)
    if manager is None:
        return
    ongoing = Enrolment.objects.filter(
        outcome="", cohort__programme__kind=Programme.Kind.ASYE
    ).order_by("-start", "pk")
    mine = ongoing.filter(staff__team__managers=manager).first() or ongoing.first()
    if mine is None:
        return
    if mine.line_manager_id != manager.pk:
        mine.line_manager = mine.supervisor = manager
        mine.save(update_fields=["line_manager", "supervisor"])
    due = mine.reviews.filter(due__lt=today).order_by("-due").first()
    if due is not None:
        Review.objects.filter(pk=due.pk).update(held=None, outcome="")


def _inductions(rng: random.Random, today: dt.date) -> None:
    """An induction for every starter of the last year, most items done on time, some late and
    some not done."""
    starters = StaffMember.objects.filter(
        start_date__gt=today - dt.timedelta(days=365), start_date__lte=today
    ).order_by("start_date", "pk")
    for staff in starters:
        induction = induction_start(staff=staff, by=None)
        if induction is None:
            continue
        for item in induction.items.all():
            if item.due > today and rng.random() < 0.8:
                continue
            if rng.random() < 0.85:
                done = item.due + dt.timedelta(days=rng.randint(-3, 6))
                item.done_on = min(max(done, staff.start_date), today)
                item.save(update_fields=["done_on"])
