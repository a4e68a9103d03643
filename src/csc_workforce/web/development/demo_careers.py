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
from csc_workforce.web.frames import delete_all
from csc_workforce.web.organisation.models import StaffMember, Team

from .models import (
    Award,
    Cohort,
    Enrolment,
    Evidence,
    Extension,
    Induction,
    InductionItem,
    Placement,
    PracticeEducator,
    Programme,
    ProgressionApplication,
    ProgressionFramework,
    Review,
    Student,
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
    """Remove every cohort, enrolment, induction, student, practice educator, progression
    application and award (not the programmes, checklists, framework or target)."""
    # a statement a table, those that refer to a table first (the ORM would load every row)
    delete_all(
        Award,
        ProgressionApplication,
        Placement,
        Student,
        PracticeEducator,
        InductionItem,
        Induction,
        Review,
        Evidence,
        Extension,
        Enrolment,
        Cohort,
    )


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
        progress("Students and placements, a progression round a year, leadership and awards")
        _students(rng, years, newly_qualified, today)
        _progression(rng, years, today)
        _awards(rng, today)


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
    reviews = []
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
        reviews.append(
            Review(
                enrolment=enrolment,
                month=point.month,
                label=point.label,
                optional=point.optional,
                final=point.final,
                due=due,
                held=held,
                outcome=Review.Outcome.ON_TRACK if held else "",
            )
        )
    Review.objects.bulk_create(reviews)
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
        done_items = []
        for item in induction.items.all():
            if item.due > today and rng.random() < 0.8:
                continue
            if rng.random() < 0.85:
                done = item.due + dt.timedelta(days=rng.randint(-3, 6))
                item.done_on = min(max(done, staff.start_date), today)
                done_items.append(item)
        InductionItem.objects.bulk_update(done_items, ["done_on"])


ROUTES = ("undergraduate", "postgraduate", "postgraduate", "step_up", "frontline", "apprenticeship")
PROVIDERS = ("Northfield University", "Northfield Metropolitan University", "Open University")
STUDENTS_A_YEAR = 5


def _students(
    rng: random.Random, years: range, newly_qualified: list[StaffMember], today: dt.date
) -> None:
    """Practice educators among the senior practitioners; five students a year, each with a
    first and a final placement, some of whom joined us (the newly qualified who started after
    their final placement ended are they)."""
    seniors = list(
        StaffMember.objects.filter(
            role_level=StaffMember.RoleLevel.SENIOR_PRACTITIONER, end_date__isnull=True
        ).order_by("pk")[:8]
    )
    educators = [
        PracticeEducator.objects.create(
            staff=person,
            stage=PracticeEducator.Stage.STAGE_2 if n % 3 else PracticeEducator.Stage.STAGE_1,
            qualified_on=dt.date(2018 + n % 5, 6, 30),
            capacity=1 + n % 2,
        )
        for n, person in enumerate(seniors)
    ]
    teams = list(Team.objects.order_by("pk"))
    if not educators or not teams:
        return
    joiners = list(newly_qualified)
    for year in years:
        for n in range(STUDENTS_A_YEAR):
            final_start = dt.date(year + 1, 1, 8) + dt.timedelta(days=7 * n)
            joined = (
                next(
                    (
                        s
                        for s in joiners
                        if final_start + dt.timedelta(days=140)
                        <= s.start_date
                        <= dt.date(year + 2, 3, 1)
                    ),
                    None,
                )
                if rng.random() < 0.6
                else None
            )
            if joined is not None:
                joiners.remove(joined)
            student = Student.objects.create(
                given_name=joined.given_name if joined else f"Student{year % 100}{n}",
                family_name=joined.family_name
                if joined
                else rng.choice(("Hart", "Lowe", "Mills", "Reid", "Shaw")),
                route=rng.choice(ROUTES),
                provider=rng.choice(PROVIDERS),
                joined_as=joined,
            )
            first_start = dt.date(year, 10, 6) + dt.timedelta(days=7 * n)
            for kind, start, days in (
                (Placement.Kind.FIRST, first_start, 70),
                (Placement.Kind.FINAL, final_start, 100),
            ):
                if start > today:
                    continue
                end = start + dt.timedelta(days=days * 7 // 5)
                Placement.objects.create(
                    student=student,
                    kind=kind,
                    days=days,
                    practice_educator=educators[(n + year) % len(educators)],
                    team=teams[(n * 3 + year) % len(teams)],
                    start=start,
                    end=end,
                    outcome="" if end > today else Placement.Outcome.PASSED,
                )


def _progression(rng: random.Random, years: range, today: dt.date) -> None:
    """A progression round a year: applications in February, the panel in March."""
    framework = ProgressionFramework.objects.filter(is_current=True).order_by("pk").first()
    if framework is None:
        return
    for year in [*years, years[-1] + 1]:
        panel = dt.date(year, 3, 15)
        if panel > today:
            continue
        candidates = list(
            StaffMember.objects.filter(
                role_level__in=(
                    StaffMember.RoleLevel.CASE_HOLDER,
                    StaffMember.RoleLevel.SENIOR_PRACTITIONER,
                ),
                start_date__lte=dt.date(year - 2, 3, 1),
            )
            .exclude(employment_type=StaffMember.Employment.AGENCY)
            .exclude(end_date__lt=panel)
            .order_by("pk")
        )
        for staff in rng.sample(candidates, min(len(candidates), 12)):
            step = (
                "advanced_practitioner"
                if staff.role_level == StaffMember.RoleLevel.SENIOR_PRACTITIONER
                else "senior_practitioner"
            )
            ProgressionApplication.objects.create(
                staff=staff,
                framework=framework,
                to_step=step,
                applied_on=dt.date(year, 2, 1) + dt.timedelta(days=rng.randint(0, 20)),
                panel_on=panel,
                decision=(
                    ProgressionApplication.Decision.APPROVED
                    if rng.random() < 0.7
                    else ProgressionApplication.Decision.NOT_YET
                ),
            )


def _awards(rng: random.Random, today: dt.date) -> None:
    """First-line management programmes for team managers; post-qualifying awards for some
    senior practitioners."""
    managers = StaffMember.objects.filter(
        role_level=StaffMember.RoleLevel.FIRST_LINE_MANAGER, end_date__isnull=True
    ).order_by("pk")
    for staff in managers:
        if rng.random() < 0.6:
            start = max(staff.start_date, today - dt.timedelta(days=rng.randint(60, 1500)))
            done = start + dt.timedelta(days=270)
            Award.objects.create(
                staff=staff,
                kind=Award.Kind.LEADERSHIP,
                name="First-line managers' leadership programme",
                started_on=start,
                completed_on=done if done <= today else None,
            )
    seniors = StaffMember.objects.filter(
        role_level=StaffMember.RoleLevel.SENIOR_PRACTITIONER, end_date__isnull=True
    ).order_by("pk")
    for staff in seniors:
        if rng.random() < 0.3:
            start = max(staff.start_date, today - dt.timedelta(days=rng.randint(200, 2000)))
            Award.objects.create(
                staff=staff,
                kind=Award.Kind.POST_QUALIFYING,
                name=rng.choice(
                    (
                        "Practice educator professional standards, stage 2",
                        "Postgraduate certificate in advanced child protection",
                        "Practice supervisor development programme",
                    )
                ),
                started_on=start,
                completed_on=start + dt.timedelta(days=365)
                if start + dt.timedelta(days=365) <= today
                else None,
            )
