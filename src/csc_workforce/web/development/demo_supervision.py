"""Supervision, registration and CPD for the demo authority: five years of supervision (about
a session a month, weekly then fortnightly for the newly qualified, with realistic gaps and
some short sessions), agreements, Social Work England registrations (most not yet renewed as
the window opens, a few with too little CPD, one removed, one never recorded) and CPD each
registration year. Everything is generated: fictional, as every demo figure is."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Model

from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.web.frames import delete_all
from csc_workforce.web.organisation.models import LocalRole, StaffMember, Team

from .models import (
    CpdRecord,
    DevelopmentPlan,
    Registration,
    Reminder,
    SessionKind,
    SupervisionAgreement,
    SupervisionSession,
    SupervisionStandard,
    TrainingAttendance,
    TrainingCourse,
)

if TYPE_CHECKING:
    from csc_workforce.web.organisation.demo import DemoRun

YEARS = 5
MISSED = 0.12
"""The share of months a session does not happen (leave, sickness, a crisis that week)."""
SHORT = 0.08
"""The share of sessions cut short (under an hour and a half)."""
CPD_TOPICS = [
    ("Trauma-informed practice", "How early trauma shapes a child's responses to adults"),
    ("Contextual safeguarding", "Mapping risk outside the home with the young person"),
    ("Court skills", "Writing analysis the court can follow"),
    ("Research in Practice: neglect", "Recognising cumulative harm in chronologies"),
    ("Direct work with children", "Using tools that let younger children lead"),
    ("Reflective supervision", "Naming my own assumptions about a family"),
]
IMPACT = [
    "I plan visits differently and record the child's own words.",
    "My assessments now set out the evidence for each conclusion.",
    "Families tell me they understand the plan better.",
]
PEER = [
    "Discussing it with a colleague showed me how my team could use it too.",
    "My peer challenged me to try it with a family I had found hard to engage.",
]


def clear_supervision() -> None:
    """Remove every session, agreement, registration, CPD record, reminder, course, completion
    and development plan."""
    # a statement a table (the ORM would load every row: minutes at 6x)
    delete_all(
        Reminder,
        TrainingAttendance,
        TrainingCourse,
        DevelopmentPlan,
        SupervisionSession,
        SupervisionAgreement,
        CpdRecord,
        Registration,
        SupervisionStandard,
    )


def _supervisors(staff: list[StaffMember]) -> dict[int, StaffMember]:
    """Each worker's supervisor: a manager of their team (not themself), else a service
    manager."""
    managers: dict[int, list[StaffMember]] = {}
    for team in Team.objects.prefetch_related("managers"):
        managers[team.pk] = list(team.managers.all())
    seniors = [s for s in staff if s.role_level <= StaffMember.RoleLevel.MIDDLE_MANAGER]
    found = {}
    for person in staff:
        choices = [m for m in managers.get(person.team_id, []) if m.pk != person.pk]
        choices = choices or [s for s in seniors if s.pk != person.pk]
        if choices:
            found[person.pk] = choices[person.pk % len(choices)]
    return found


def _session_days(
    rng: random.Random, person: StaffMember, first: dt.date, last: dt.date
) -> list[dt.date]:
    """The days a worker was supervised: one in each window of the default standard, missing
    some."""
    days = []
    for window_start, window_end in core_supervision.windows_for(
        start=person.start_date,
        end=person.end_date,
        newly_qualified=person.local_role == LocalRole.ASYE,
        first=first,
        last=last,
        standard=core_supervision.Standard(),
    ):
        if rng.random() < MISSED:
            continue
        span = (window_end - window_start).days
        days.append(window_start + dt.timedelta(days=rng.randint(0, span)))
    return days


def seed_supervision(run: DemoRun) -> Sequence[type[Model]]:
    """The demo's supervision, registrations and CPD, as at the demo's today."""
    rng = random.Random(f"{run.seed}:supervision")  # noqa: S311 (demo data, not security)
    today = run.today
    first = today.replace(year=today.year - YEARS)
    clear_supervision()
    SupervisionStandard.objects.create()
    staff = list(StaffMember.objects.order_by("pk"))
    supervisor_of = _supervisors(staff)
    run.progress("Supervision, registrations and CPD")
    sessions, agreements, cpd = [], [], []
    for person in staff:
        supervisor = supervisor_of.get(person.pk)
        if supervisor is None or person.start_date > today:
            continue
        began = max(person.start_date, first)
        agreements.append(
            SupervisionAgreement(
                staff=person,
                supervisor=supervisor,
                frequency=core_supervision.MONTHLY,
                venue=rng.choice(["Office", "Team room", "Online"]),
                signed_on=min(began + dt.timedelta(days=rng.randint(3, 20)), today),
            )
        )
        for day in _session_days(rng, person, first, today):
            short = rng.random() < SHORT
            sessions.append(
                SupervisionSession(
                    staff=person,
                    supervisor=supervisor,
                    held_on=day,
                    minutes=rng.choice([45, 60]) if short else rng.choice([90, 90, 105, 120]),
                    kind=rng.choice([SessionKind.INDIVIDUAL] * 4 + [SessionKind.REFLECTIVE]),
                    actions_reviewed=rng.random() < 0.8,
                    workload_discussed=rng.random() < 0.85,
                    source=rng.choice([SupervisionSession.Source.RECORDED] * 3 + ["imported"]),
                )
            )
        cpd += _cpd(rng, person, today)
    SupervisionAgreement.objects.bulk_create(agreements, batch_size=2000)
    SupervisionSession.objects.bulk_create(sessions, batch_size=2000)
    CpdRecord.objects.bulk_create(cpd, batch_size=2000)
    _registrations(rng, staff, today)
    _training(rng, staff, today)
    return (
        SupervisionStandard,
        SupervisionAgreement,
        SupervisionSession,
        Registration,
        CpdRecord,
        TrainingCourse,
        TrainingAttendance,
        DevelopmentPlan,
    )


def _cpd(rng: random.Random, person: StaffMember, today: dt.date) -> list[CpdRecord]:
    """Two or three pieces of CPD in each registration year the worker was in post, one with a
    peer reflection; in the year not yet over, some have done less so far."""
    found = []
    this_year = core_registration.registration_year(today)
    for year in range(this_year - YEARS + 1, this_year + 1):
        start, end = core_registration.registration_year_bounds(year)
        start, end = max(start, person.start_date), min(end, person.end_date or end, today)
        if start > end:
            continue
        pieces = rng.choice([2, 2, 3])
        if year == this_year and rng.random() < 0.1:
            pieces = rng.choice([0, 1])
        for index in range(pieces):
            title, learnt = rng.choice(CPD_TOPICS)
            found.append(
                CpdRecord(
                    staff=person,
                    on=start + dt.timedelta(days=rng.randint(0, (end - start).days)),
                    title=title,
                    learnt=learnt,
                    impact=rng.choice(IMPACT),
                    peer_reflection=rng.choice(PEER) if index == 0 else "",
                )
            )
    return found


def _registrations(rng: random.Random, staff: list[StaffMember], today: dt.date) -> None:
    """Everyone's registration as the register showed it at the start of the renewal window:
    a quarter renewed already, one removed last year (still in post: the check finds them),
    one agency worker never recorded."""
    year = core_registration.registration_year(today)
    current = [s for s in staff if s.swe_number and s.end_date is None]
    removed = current[len(current) // 3] if current else None
    unrecorded = next((s for s in current if s.employment_type == "agency"), None)
    seen: set[str] = set()
    rows = []
    for person in staff:
        if not person.swe_number or person.swe_number in seen or person is unrecorded:
            continue
        seen.add(person.swe_number)
        renewed = rng.random() < 0.25
        status, expires = core_registration.REGISTERED, dt.date(year + renewed, 11, 30)
        if person is removed:
            status, expires = core_registration.REMOVED, dt.date(year - 1, 11, 30)
        rows.append(
            Registration(
                swe_number=person.swe_number,
                status=status,
                expires_on=expires,
                checked_on=today,
                source=Registration.Source.IMPORTED,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=2000)


PRACTITIONERS = [
    LocalRole.SOCIAL_WORKER,
    LocalRole.ASYE,
    LocalRole.SENIOR_PRACTITIONER,
    LocalRole.ADVANCED_PRACTITIONER,
    LocalRole.CONSULTANT_PRACTITIONER,
    LocalRole.PRACTICE_EDUCATOR,
]
COURSES = [
    ("Safeguarding children refresher", "Northfield safeguarding partnership",
     [*PRACTITIONERS, LocalRole.TEAM_MANAGER], 36),
    ("Data protection and information sharing", "Northfield council", [*LocalRole], 12),
    ("Reflective supervision for managers", "Research in Practice", [LocalRole.TEAM_MANAGER], None),
    ("Court skills", "Northfield legal services", [], None),
]  # fmt: skip
THEMES = ["Court skills", "Neglect", "Contextual safeguarding", "Direct work", "Leadership"]


def _training(rng: random.Random, staff: list[StaffMember], today: dt.date) -> None:
    """A catalogue of four courses, completions by those in post (most current, a few lapsed
    or never done), feedback and three-month follow-ups, and this year's development plans."""
    courses = [
        TrainingCourse.objects.create(
            name=name,
            provider=provider,
            mandatory_for=[str(role) for role in roles],
            renewal_months=months,
        )
        for name, provider, roles, months in COURSES
    ]
    completions, plans = [], []
    for person in staff:
        if person.end_date is not None or person.start_date > today:
            continue
        for course in courses:
            mandatory = person.local_role in course.mandatory_for
            if rng.random() > (0.9 if mandatory else 0.2):
                continue
            months = course.renewal_months or 48
            back = rng.randint(1, int(months * 30.4 * (1.1 if mandatory else 1)))
            on = max(today - dt.timedelta(days=back), person.start_date)
            followed_up = (today - on).days > 92 and rng.random() < 0.6
            completions.append(
                TrainingAttendance(
                    course=course,
                    staff=person,
                    attended_on=on,
                    feedback_score=rng.choice([3, 4, 4, 5, 5]) if rng.random() < 0.8 else None,
                    impact_score=rng.choice([2, 3, 4, 4, 5]) if followed_up else None,
                )
            )
        if rng.random() < 0.8:
            themes = rng.sample(THEMES, rng.randint(1, 2))
            plans.append(
                DevelopmentPlan(
                    staff=person,
                    year=today.year,
                    goals=f"Develop in {themes[0].lower()}",
                    learning_agreement="Protected time each month; a course this year",
                    themes=", ".join(themes),
                    review_due=dt.date(today.year + 1, 3, 31),
                )
            )
    TrainingAttendance.objects.bulk_create(completions, batch_size=2000)
    DevelopmentPlan.objects.bulk_create(plans, batch_size=2000)
