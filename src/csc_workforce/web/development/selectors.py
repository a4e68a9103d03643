"""Reads for growing our own, each scoped to what the person may see.

Early careers and induction (issue 16): a worker's programme and induction are seen by those who
see the worker (``organisation.selectors.staff_visible_to``) and by the people assigned to them
(assessor, line manager, supervisor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl
from django.contrib.auth.models import User
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from csc_workforce.core import codes, development, development_import
from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.core import training as core_training
from csc_workforce.core.caseloads import FULL_TIME_HOURS
from csc_workforce.core.exports import Cell, Sheet
from csc_workforce.core.suppression import SUPPRESSED
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Viewer, roles_of
from csc_workforce.web.caseloads.frames import open_on
from csc_workforce.web.caseloads.models import Allocation, Reduction
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import Assignment, LocalRole, StaffMember, Team
from csc_workforce.web.organisation.selectors import (
    SEES_ALL_STAFF,
    SEES_ALL_TEAMS,
    in_post_q,
    staff_visible_to,
    teams_visible_to,
)

from .models import (
    Award,
    Cohort,
    CpdRecord,
    DevelopmentPlan,
    Enrolment,
    Evidence,
    GrowOwnTarget,
    Induction,
    InductionItem,
    InductionTemplate,
    Placement,
    PracticeEducator,
    Programme,
    ProgressionApplication,
    Registration,
    Review,
    Student,
    SupervisionAgreement,
    SupervisionSession,
    TrainingAttendance,
    TrainingCourse,
)
from .models import SupervisionStandard as StandardRow


def enrolments_visible_to(*, user: Viewer) -> QuerySet[Enrolment]:
    """The enrolments of the staff the person sees, and those they are assigned to."""
    visible = Q(staff__in=staff_visible_to(user=user))
    if isinstance(user, User) and hasattr(user, "staff_member"):
        me = user.staff_member
        visible |= Q(assessor=me) | Q(line_manager=me) | Q(supervisor=me)
    return Enrolment.objects.filter(visible).select_related(
        "staff__team", "cohort__programme", "assessor", "line_manager", "supervisor"
    )


def programme_candidates(*, user: Viewer, today: dt.date) -> QuerySet[StaffMember]:
    """Who may join an early career programme: staff the person sees, in post, in a case-holding
    or qualified role, who started in the last two years and are not on a programme now."""
    on_programme = Enrolment.objects.exclude(outcome__in=development.DECIDED)
    return (
        staff_visible_to(user=user, on=today)
        .filter(
            role_level__gte=StaffMember.RoleLevel.CASE_HOLDER,
            start_date__gt=today - dt.timedelta(days=730),
        )
        .exclude(pk__in=on_programme.values("staff"))
        .order_by("family_name", "given_name")
    )


def assessor_candidates(*, user: Viewer, today: dt.date) -> QuerySet[StaffMember]:
    """Who may assess, line-manage or supervise a worker on a programme: staff the person sees,
    in post, senior practitioners and managers."""
    return (
        staff_visible_to(user=user, on=today)
        .filter(role_level__lte=StaffMember.RoleLevel.SENIOR_PRACTITIONER)
        .order_by("family_name", "given_name")
    )


def cohorts_visible_to(*, user: Viewer) -> QuerySet[Cohort]:
    """Every cohort, for those who follow early careers: a cohort holds no personal data; its
    page shows only the enrolments the person sees."""
    return Cohort.objects.select_related("programme")


def programmes_visible_to(*, user: Viewer) -> QuerySet[Programme]:
    return Programme.objects.all()


def checklists_visible_to(*, user: Viewer) -> QuerySet[InductionTemplate]:
    """Every induction checklist and its versions: the same for everyone."""
    return InductionTemplate.objects.all()


def inductions_visible_to(*, user: Viewer) -> QuerySet[Induction]:
    """The inductions of the staff the person sees."""
    return Induction.objects.filter(staff__in=staff_visible_to(user=user)).select_related(
        "staff__team", "template"
    )


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    figures: development.CohortFigures

    @property
    def below_target(self) -> bool:
        rate = self.figures.completion_rate
        return rate is not None and rate < self.cohort.completion_target


def cohort_summaries(*, user: Viewer, today: dt.date) -> list[CohortSummary]:
    """Each cohort with workers the person sees, and each with nobody on it yet, newest first,
    with its figures (``core.development.cohort_figures``) over the workers the person sees."""
    enrolments = enrolments_visible_to(user=user)
    frame = enrolment_frame(enrolments)
    reviews = read_frame(
        Review.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "due", "held", "optional"
        ),
        development.REVIEW_SCHEMA,
    )
    figures = {f.cohort_id: f for f in development.cohort_figures(frame, reviews, today=today)}
    cohorts = (
        Cohort.objects.filter(Q(pk__in=figures) | Q(enrolments__isnull=True))
        .distinct()
        .select_related("programme")
    )
    return [
        CohortSummary(cohort, figures.get(cohort.pk) or development.no_figures(cohort.pk))
        for cohort in cohorts
    ]


def enrolment_frame(enrolments: QuerySet[Enrolment]) -> pl.DataFrame:
    """``enrolments`` as ``core.development.ENROLMENT_SCHEMA``: the day of a pass as the day
    completed, the day the worker's employment ended as the day they left; and the day of
    any outcome as ``decided_on``."""
    frame = read_frame(
        enrolments.values_list("pk", "cohort_id", "outcome", "outcome_on", "staff__end_date"),
        development.ENROLMENT_SCHEMA,
    )
    return frame.with_columns(
        pl.when(pl.col("outcome") == development.PASS)
        .then(pl.col("completed_on"))
        .otherwise(None)
        .alias("completed_on"),
        decided_on=pl.col("completed_on"),
    )


@dataclass
class WorkerProgress:
    """One worker's place on their programme, for the cohort page and its export."""

    enrolment: Enrolment
    ends_on: dt.date
    progress: int
    next_review: Review | None
    overdue: list[Review]
    missing: dict[str, int]
    recorded: int
    required: int
    extension_months: int
    agreement_late: bool
    reviews: list[Review] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [
            f"{n} {development.EVIDENCE_KINDS[kind].lower()}" for kind, n in self.missing.items()
        ]


def worker_progress(*, enrolments: QuerySet[Enrolment], today: dt.date) -> list[WorkerProgress]:
    """Each worker's progress through the programme, next review, reviews overdue
    (``core.development.review_overdue``) and evidence missing (``evidence_missing``)."""
    rows = list(
        enrolments.prefetch_related(
            Prefetch("reviews", queryset=Review.objects.order_by("month")), "extensions"
        )
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for enrolment_id, kind, n in (
        Evidence.objects.filter(enrolment__in=[e.pk for e in rows])
        .values_list("enrolment_id", "kind")
        .annotate(n=Count("pk"))
    ):
        counts[enrolment_id][kind] = n
    progress = []
    for enrolment in rows:
        programme = enrolment.cohort.programme
        required = {kind: int(n) for kind, n in programme.evidence.items()}
        recorded = counts[enrolment.pk]
        reviews = list(enrolment.reviews.all())
        ongoing = enrolment.outcome not in development.DECIDED
        extension_months = enrolment.extension_months
        ends_on = development.programme_end(
            start=enrolment.start,
            length_months=programme.length_months,
            extension_months=extension_months,
        )
        agreement_by = development.agreement_due(
            start=enrolment.start, weeks=programme.agreement_weeks
        )
        progress.append(
            WorkerProgress(
                enrolment=enrolment,
                ends_on=ends_on,
                progress=development.progress_percent(
                    start=enrolment.start, end=ends_on, today=today
                )
                if ongoing
                else 100,
                next_review=next((r for r in reviews if r.held is None), None) if ongoing else None,
                overdue=[
                    r
                    for r in reviews
                    if ongoing and development.review_overdue(due=r.due, held=r.held, today=today)
                ],
                missing=development.evidence_missing(required=required, recorded=recorded)
                if ongoing
                else {},
                recorded=sum(min(recorded.get(k, 0), n) for k, n in required.items()),
                required=sum(required.values()),
                extension_months=extension_months,
                agreement_late=ongoing and enrolment.agreement_on is None and agreement_by < today,
                reviews=reviews,
            )
        )
    return progress


EXPORT_HEADER: list[Cell] = [
    "Name",
    "Team",
    "Route into social work",
    "Programme",
    "Start",
    "Due to end",
    "Progress (%)",
    "Reviews overdue",
    "Evidence recorded",
    "Evidence required",
    "Evidence missing",
    "Extension (months)",
    "Outcome",
    "Left employment on",
    "Assessor",
]


def _export_rows(rows: list[WorkerProgress]) -> list[list[Cell]]:
    return [
        [
            row.enrolment.staff.full_name,
            row.enrolment.staff.team.name,
            row.enrolment.staff.get_qualification_route_display() or "Not recorded",
            row.enrolment.cohort.programme.name,
            row.enrolment.start,
            row.ends_on,
            row.progress,
            len(row.overdue),
            row.recorded,
            row.required,
            "; ".join(row.missing_labels),
            row.extension_months,
            row.enrolment.get_outcome_display(),
            row.enrolment.staff.end_date,
            row.enrolment.assessor.full_name if row.enrolment.assessor else "",
        ]
        for row in rows
    ]


def cohort_sheet(rows: list[WorkerProgress], *, title: str) -> Sheet:
    """Each worker's progress, as the early careers downloads hold it."""
    return Sheet(title[:31], EXPORT_HEADER, _export_rows(rows))


@dataclass(frozen=True)
class TeamInduction:
    team: Team
    starters: int
    done: int
    total: int
    overdue: int

    @property
    def completion(self) -> int | None:
        return development.completion_percent(done=self.done, total=self.total)


def team_inductions(*, user: Viewer, today: dt.date) -> list[TeamInduction]:
    """For each team the person sees with inductions, the items done of all items (completion)
    and those overdue (not done after their due day)."""
    inductions = inductions_visible_to(user=user)
    counts = (
        InductionItem.objects.filter(induction__in=inductions)
        .values("induction__staff__team")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(done_on__isnull=False)),
            overdue=Count("pk", filter=Q(done_on__isnull=True, due__lt=today)),
            starters=Count("induction", distinct=True),
        )
    )
    by_team = {row["induction__staff__team"]: row for row in counts}
    teams = teams_visible_to(user=user).filter(pk__in=by_team).order_by("name")
    return [
        TeamInduction(
            team=team,
            starters=by_team[team.pk]["starters"],
            done=by_team[team.pk]["done"],
            total=by_team[team.pk]["total"],
            overdue=by_team[team.pk]["overdue"],
        )
        for team in teams
    ]


def overdue_items(*, user: Viewer, today: dt.date) -> QuerySet[InductionItem]:
    """Induction items not done after their due day, of the starters the person sees who are
    still in post."""
    return (
        InductionItem.objects.filter(
            induction__in=inductions_visible_to(user=user),
            done_on__isnull=True,
            due__lt=today,
            induction__staff__end_date__isnull=True,
        )
        .select_related("induction__staff__team")
        .order_by("due", "pk")
    )


INDUCTION_HEADER: list[Cell] = [
    "Team",
    "Starters",
    "Items done",
    "Items",
    "Completion (%)",
    "Overdue",
]


def induction_sheet(rows: list[TeamInduction]) -> Sheet:
    """Induction completion by team, as its download holds it."""
    return Sheet("Induction by team", INDUCTION_HEADER, _induction_rows(rows))


def _induction_rows(rows: list[TeamInduction]) -> list[list[Cell]]:
    return [[r.team.name, r.starters, r.done, r.total, r.completion, r.overdue] for r in rows]


def placements_visible_to(*, user: Viewer) -> QuerySet[Placement]:
    """Placements in the teams the person sees."""
    return Placement.objects.filter(team__in=teams_visible_to(user=user)).select_related(
        "student", "team", "practice_educator__staff"
    )


def students_visible_to(*, user: Viewer) -> QuerySet[Student]:
    """Students with a placement in a team the person sees; those with none yet for those who
    see every team."""
    visible = Q(placements__in=placements_visible_to(user=user))
    if roles_of(user) & SEES_ALL_TEAMS:
        visible |= Q(placements__isnull=True)
    return Student.objects.filter(visible).distinct().select_related("joined_as")


def educators_visible_to(*, user: Viewer) -> QuerySet[PracticeEducator]:
    return PracticeEducator.objects.filter(staff__in=staff_visible_to(user=user)).select_related(
        "staff__team"
    )


@dataclass(frozen=True)
class StudentYear:
    """One reporting year (to 30 September) of students: those who started a placement, the
    target, those whose last placement ended in it and those of them who joined us."""

    year: int
    students: int
    target: int
    finished: int
    joined: int

    @property
    def conversion(self) -> Decimal | None:
        return development.conversion_rate(joined=self.joined, finished=self.finished)


def student_years(*, user: Viewer) -> list[StudentYear]:
    """Each reporting year's students against the target, and conversion from placement to job
    (``core.development.conversion_rate``), over the placements the person sees."""
    return student_years_of(placements_visible_to(user=user))


def students_a_year() -> int:
    """The authority's target of students a year (``GrowOwnTarget``; 0 when none is set)."""
    target = GrowOwnTarget.objects.order_by("pk").first()
    return target.students_a_year if target else 0


def student_years_of(placements: QuerySet[Placement]) -> list[StudentYear]:
    """``student_years`` over ``placements``: each reporting year in which a student started
    or finished one of them."""
    wanted = students_a_year()
    started: dict[int, set[int]] = defaultdict(set)
    last_end: dict[int, dt.date] = {}
    joined: dict[int, bool] = {}
    for student_id, start, end, joined_as in placements.values_list(
        "student_id", "start", "end", "student__joined_as"
    ):
        started[development.reporting_year_of(start)].add(student_id)
        last_end[student_id] = max(end, last_end.get(student_id, end))
        joined[student_id] = joined_as is not None
    finished: dict[int, list[int]] = defaultdict(list)
    for student_id, end in last_end.items():
        finished[development.reporting_year_of(end)].append(student_id)
    years = sorted(set(started) | set(finished))
    return [
        StudentYear(
            year=year,
            students=len(started[year]),
            target=wanted,
            finished=len(finished[year]),
            joined=sum(joined[s] for s in finished[year]),
        )
        for year in years
    ]


@dataclass(frozen=True)
class EducatorLoad:
    educator: PracticeEducator
    students_now: int

    @property
    def free(self) -> int:
        return max(self.educator.capacity - self.students_now, 0)


def educator_loads(*, user: Viewer, today: dt.date) -> list[EducatorLoad]:
    """Each practice educator the person sees, with the students on placement with them today."""
    now = dict(
        Placement.objects.filter(start__lte=today, end__gte=today, practice_educator__isnull=False)
        .values_list("practice_educator")
        .annotate(n=Count("pk"))
    )
    return [
        EducatorLoad(educator, now.get(educator.pk, 0))
        for educator in educators_visible_to(user=user)
    ]


PLACEMENT_HEADER: list[Cell] = [
    "Student",
    "Route",
    "University or provider",
    "Placement",
    "Team",
    "Practice educator",
    "Start",
    "End",
    "Days",
    "Outcome",
    "Joined us",
]


def placement_rows(placements: QuerySet[Placement]) -> list[list[Cell]]:
    return [
        [
            p.student.full_name,
            p.student.get_route_display(),
            p.student.provider,
            p.get_kind_display(),
            p.team.name if p.team else "",
            p.practice_educator.staff.full_name if p.practice_educator else "",
            p.start,
            p.end,
            p.days,
            p.get_outcome_display(),
            "Yes" if p.student.joined_as_id else "No",
        ]
        for p in placements
    ]


def applications_visible_to(*, user: Viewer) -> QuerySet[ProgressionApplication]:
    """Progression applications of the staff the person sees."""
    return ProgressionApplication.objects.filter(
        staff__in=staff_visible_to(user=user)
    ).select_related("staff__team", "framework")


@dataclass(frozen=True)
class ShownProgression:
    """A year's progressions as shown: the total and (breakdown, group, count or "c") rows."""

    year: int
    total: str
    rows: list[tuple[str, str, str]]


BREAKDOWN_LABELS = {"route": "Route into social work", "sex": "Sex", "ethnicity": "Ethnic group"}


def progression_by_year(*, user: Viewer) -> list[ShownProgression]:
    """Approved progressions per year of the panel, by route, sex and ethnic group, suppressed
    (``core.development.progression_counts``), as shown."""
    return [
        ShownProgression(
            year=counts.year,
            total=SUPPRESSED if ("total", "") in counts.hidden else str(counts.total),
            rows=[
                (
                    BREAKDOWN_LABELS[name],
                    group,
                    SUPPRESSED if (name, group) in counts.hidden else str(n),
                )
                for name, groups in counts.breakdowns.items()
                for group, n in sorted(groups.items())
            ],
        )
        for counts in _progression_counts(user=user)
    ]


def _progression_counts(*, user: Viewer) -> list[development.ProgressionCounts]:
    approved = applications_visible_to(user=user).filter(
        decision=ProgressionApplication.Decision.APPROVED, panel_on__isnull=False
    )
    routes = dict(codes.QUALIFICATION_ROUTE)
    sexes = dict(codes.SEX)
    rows = [
        (
            panel_on.year,
            routes.get(route, development.NOT_KNOWN),
            sexes.get(sex, development.NOT_KNOWN),
            development.ethnic_group(ethnicity),
        )
        for panel_on, route, sex, ethnicity in approved.values_list(
            "panel_on", "staff__qualification_route", "staff__sex", "staff__ethnicity"
        )
        if panel_on is not None
    ]
    return development.progression_counts(rows)


APPLICATION_HEADER: list[Cell] = ["Name", "Team", "Applied to", "Applied on", "Panel", "Decision"]


def application_rows(applications: QuerySet[ProgressionApplication]) -> list[list[Cell]]:
    return [
        [
            a.staff.full_name,
            a.staff.team.name,
            a.step_title,
            a.applied_on,
            a.panel_on,
            a.get_decision_display(),
        ]
        for a in applications
    ]


def awards_visible_to(*, user: Viewer) -> QuerySet[Award]:
    """Leadership programmes and post-qualifying awards of the staff the person sees."""
    return Award.objects.filter(staff__in=staff_visible_to(user=user)).select_related("staff__team")


AWARD_HEADER: list[Cell] = ["Name", "Team", "Kind", "Programme or award", "Started", "Completed"]


def award_rows(awards: QuerySet[Award]) -> list[list[Cell]]:
    return [
        [
            a.staff.full_name,
            a.staff.team.name,
            a.get_kind_display(),
            a.name,
            a.started_on,
            a.completed_on,
        ]
        for a in awards
    ]


# --- Supervision, registration and CPD (issue 17) -------------------------------------------


def supervision_standard() -> StandardRow:
    """The authority's supervision standard (the Employer Standards' until it is changed)."""
    found = StandardRow.objects.order_by("pk").first()
    return found if found is not None else StandardRow()


def supervisees_of(*, user: Viewer) -> QuerySet[StaffMember]:
    """The workers whose agreement in force names the person's staff record as supervisor
    (a supervisor is an assignment, not a role)."""
    if not isinstance(user, User) or getattr(user, "staff_member", None) is None:
        return StaffMember.objects.none()
    latest = (
        SupervisionAgreement.objects.filter(staff=OuterRef("pk"))
        .order_by("-signed_on", "-pk")
        .values("supervisor")[:1]
    )
    return StaffMember.objects.annotate(current_supervisor=Subquery(latest)).filter(
        current_supervisor=user.staff_member.pk
    )


def development_staff_visible_to(*, user: Viewer) -> QuerySet[StaffMember]:
    """Whose supervision, registration and CPD the person may open: those whose supervision
    they may view (``staff_visible_to``: a team manager's teams, everyone for the PSW and
    service managers), their own supervisees, and their own record."""
    if not isinstance(user, User):
        return StaffMember.objects.none()
    visible = Q(user=user) | Q(pk__in=supervisees_of(user=user).values("pk"))
    if can(user, Capability.VIEW_SUPERVISION):
        visible |= Q(pk__in=staff_visible_to(user=user).values("pk"))
    return StaffMember.objects.filter(visible).select_related("team")


def supervisors(*, user: Viewer, on: dt.date) -> QuerySet[StaffMember]:
    """Who the person may name as a supervisor: the staff in post they see
    (``staff_visible_to``: a team manager their teams) and themself (a supervisor by agreement
    records their own sessions)."""
    visible = Q(pk__in=staff_visible_to(user=user).values("pk"))
    if isinstance(user, User):
        visible |= Q(user=user)
    return StaffMember.objects.filter(visible, in_post_q("", on)).order_by(
        "family_name", "given_name"
    )


def agreement_in_force(*, staff: StaffMember) -> SupervisionAgreement | None:
    return staff.supervision_agreements.select_related("supervisor").first()


WORKERS = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "local_role": pl.String,
    "label": pl.String,
    "team": pl.String,
}
"""A worker as the supervision pages read them: ``core.supervision.WORKER_SCHEMA``'s columns and
the local role, with their name and team's name (so no second query fetches them by id)."""

_WORKER_FIELDS = (
    "pk",
    "team_id",
    "team__service_area_id",
    "start_date",
    "end_date",
    "local_role",
    Concat("given_name", Value(" "), "family_name"),
    "team__name",
)


def supervision_frames(
    *,
    teams: frozenset[int] | None,
    first: dt.date,
    last: dt.date,
    staff: StaffMember | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The workers (``core.supervision.WORKER_SCHEMA``) of ``teams`` (every team when None) in
    post at some time from ``first`` to ``last`` by their current team, and their sessions
    held in that time (``SESSION_SCHEMA``); of ``staff`` alone if given. The newly qualified
    standard applies to those whose local role is ASYE. The workers' frame also has each one's
    name (``label``) and team's name (``team``), for the pages."""
    people = (
        StaffMember.objects.filter(start_date__lte=last).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)
        )
        if staff is None
        else StaffMember.objects.filter(pk=staff.pk)
    )
    if teams is not None:
        people = people.filter(team__in=teams)
    workers = read_frame(people.values_list(*_WORKER_FIELDS), WORKERS).select(
        "worker_id",
        "team_id",
        "service_id",
        "start_date",
        "end_date",
        "label",
        "team",
        newly_qualified=pl.col("local_role") == LocalRole.ASYE.value,
    )
    sessions = SupervisionSession.objects.filter(held_on__range=(first, last))
    if staff is not None:
        sessions = sessions.filter(staff=staff)
    elif teams is not None:
        sessions = sessions.filter(staff__team__in=teams)
    return workers, read_frame(
        sessions.values_list("staff_id", "held_on", "minutes"), core_supervision.SESSION_SCHEMA
    )


@dataclass(frozen=True)
class ComplianceRow:
    """A line of compliance: a worker's (with their record's number and team) or a group's."""

    label: str
    workers: int
    required: int
    met: int
    percent: float | None
    staff_id: int | None = None
    team: str = ""

    @property
    def percent_shown(self) -> str:
        return "Not due" if self.percent is None else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Compliance:
    """Supervision compliance for a part of the authority and a period: the whole, each
    service area, each team and each worker."""

    first: dt.date
    last: dt.date
    standard: core_supervision.Standard
    whole: ComplianceRow
    areas: list[ComplianceRow]
    teams: list[ComplianceRow]
    workers: list[ComplianceRow]


def compliance(*, teams: frozenset[int] | None, first: dt.date, last: dt.date) -> Compliance:
    """``core.supervision.supervision_compliance`` for ``teams`` from ``first`` to ``last``,
    with the labels and names the page and the exports show."""
    standard = supervision_standard().as_core()
    workers, sessions = supervision_frames(teams=teams, first=first, last=last)
    per_worker = core_supervision.supervision_compliance(
        workers=workers, sessions=sessions, first=first, last=last, standard=standard
    )
    whole = core_supervision.compliance_rollup(per_worker, by=None).row(0, named=True)
    team_rows = core_supervision.compliance_rollup(per_worker, by="team_id")
    known = {team.pk: team for team in Team.objects.select_related("service_area")}
    area_rows = core_supervision.compliance_rollup(per_worker, by="service_id")
    area_names = {team.service_area_id: team.service_area.name for team in known.values()}
    counted = (
        per_worker.filter(pl.col("required") > 0)
        .join(workers.select("worker_id", "label", "team"), on="worker_id", how="left")
        .sort("worker_id")
    )
    return Compliance(
        first=first,
        last=last,
        standard=standard,
        whole=_row("All", whole),
        areas=sorted(
            (
                _row(area_names.get(row["service_id"], ""), row)
                for row in area_rows.iter_rows(named=True)
            ),
            key=lambda row: row.label,
        ),
        teams=sorted(
            (_row(known[row["team_id"]].name, row) for row in team_rows.iter_rows(named=True)),
            key=lambda row: row.label,
        ),
        workers=sorted(
            (
                ComplianceRow(
                    label,
                    1,
                    required,
                    met,
                    core_supervision.percent(met, required),
                    worker_id,
                    team,
                )
                for worker_id, required, met, label, team in counted.select(
                    "worker_id", "required", "met", "label", "team"
                ).iter_rows()
            ),
            key=lambda row: (row.percent if row.percent is not None else 101, row.label),
        ),
    )


def _row(label: str, row: dict[str, object]) -> ComplianceRow:
    return ComplianceRow(
        label,
        int(row["workers"] or 0),  # type: ignore[call-overload]
        int(row["required"] or 0),  # type: ignore[call-overload]
        int(row["met"] or 0),  # type: ignore[call-overload]
        row["percent"],  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Overdue:
    """A worker whose supervision is overdue: their record's number, name and team's name."""

    staff_id: int
    name: str
    team: str
    last_session: dt.date | None
    due: dt.date
    days_overdue: int


def overdue(*, teams: frozenset[int] | None, today: dt.date) -> list[Overdue]:
    """Workers of ``teams`` in post ``today`` whose supervision is overdue
    (``core.supervision.overdue``), most overdue first."""
    standard = supervision_standard().as_core()
    staff = StaffMember.objects.filter(in_post_q("", today))
    if teams is not None:
        staff = staff.filter(team__in=teams)
    workers = read_frame(staff.values_list(*_WORKER_FIELDS), WORKERS).with_columns(
        newly_qualified=pl.col("local_role") == LocalRole.ASYE.value
    )
    # Only each worker's last session that counts decides: the database finds it.
    last = (
        SupervisionSession.objects.filter(
            staff__in=staff, minutes__gte=standard.minimum_minutes, held_on__lte=today
        )
        .values("staff_id")
        .annotate(last=Max("held_on"), longest=Max("minutes"))
        .values_list("staff_id", "last", "longest")
    )
    found = core_supervision.overdue(
        workers=workers,
        sessions=read_frame(last, core_supervision.SESSION_SCHEMA),
        today=today,
        standard=standard,
    )
    # A left join keeps the core's order (most overdue first).
    named = found.join(
        workers.select("worker_id", "label", "team"),
        on="worker_id",
        how="left",
        maintain_order="left",
    )
    return [
        Overdue(*row)
        for row in named.select(
            "worker_id", "label", "team", "last_session", "due", "days_overdue"
        ).iter_rows()
    ]


def compliance_of(*, staff: StaffMember, today: dt.date) -> ComplianceRow:
    """One worker's compliance in the twelve months to ``today``."""
    first = today - dt.timedelta(days=364)
    workers, sessions = supervision_frames(teams=None, first=first, last=today, staff=staff)
    row = core_supervision.supervision_compliance(
        workers=workers,
        sessions=sessions,
        first=first,
        last=today,
        standard=supervision_standard().as_core(),
    ).row(0, named=True)
    return ComplianceRow(
        staff.full_name,
        1,
        row["required"],
        row["met"],
        core_supervision.percent(row["met"], row["required"]),
        staff.pk,
        staff.team.name,
    )


def sessions_of(*, staff: StaffMember) -> QuerySet[SupervisionSession]:
    return staff.supervision_sessions.select_related("supervisor")


def registrations_by_number(numbers: set[str]) -> dict[str, Registration]:
    return {r.swe_number: r for r in Registration.objects.filter(swe_number__in=numbers)}


def sessions_to_export(*, user: Viewer) -> list[development_import.SessionRow]:
    """The supervision sessions of the staff the person may see, as the supervision dates
    import takes them: those of workers with a Social Work England number (the import finds
    workers by it), the supervisor's number or blank."""
    staff = staff_visible_to(user=user).exclude(swe_number="")
    found = (
        SupervisionSession.objects.filter(staff__in=staff.values("pk"))
        .values_list("staff__swe_number", "supervisor__swe_number", "held_on", "minutes", "kind")
        .order_by("staff__swe_number", "held_on", "kind", "-staff__start_date")
    )
    return [
        development_import.SessionRow(worker, supervisor or "", held_on, minutes, kind)
        for worker, supervisor, held_on, minutes, kind in found
    ]


def registrations_visible_to(*, user: Viewer) -> QuerySet[Registration]:
    """Every registration held for those who see all staff (numbers of people not, or no
    longer, in the register included); else those of the staff the person may see."""
    if roles_of(user) & SEES_ALL_STAFF:
        return Registration.objects.all()
    numbers = staff_visible_to(user=user).exclude(swe_number="").values("swe_number")
    return Registration.objects.filter(swe_number__in=numbers)


def registrations_to_export(*, user: Viewer) -> list[development_import.RegistrationRow]:
    """The registrations the person may see, as the registration import takes them."""
    return [
        development_import.RegistrationRow(r.swe_number, r.status, r.expires_on, r.checked_on)
        for r in registrations_visible_to(user=user)
    ]


def cpd_of(*, staff: StaffMember) -> QuerySet[CpdRecord]:
    """A worker's CPD, under every staff record of theirs (one Social Work England number)."""
    if staff.swe_number:
        return CpdRecord.objects.filter(staff__swe_number=staff.swe_number)
    return CpdRecord.objects.filter(staff=staff)


def cpd_status(*, staff: StaffMember, year: int) -> core_registration.CpdStatus:
    return core_registration.cpd_requirement(
        (
            core_registration.Cpd(r.on, r.learnt, r.impact, bool(r.peer_reflection.strip()))
            for r in cpd_of(staff=staff)
        ),
        year=year,
    )


@dataclass(frozen=True)
class RegistrationRow:
    staff: StaffMember
    registration: Registration | None
    note: str
    cases: int = 0


def in_post(teams: frozenset[int] | None, day: dt.date) -> list[StaffMember]:
    """The workers of ``teams`` (every team when None) in post on ``day``, by name: those the
    renewal list and the 1 December check read."""
    staff = StaffMember.objects.filter(in_post_q("", day)).select_related("team")
    if teams is not None:
        staff = staff.filter(team__in=teams)
    return list(staff.order_by("family_name", "given_name"))


def renewals_at_risk(*, teams: frozenset[int] | None, day: dt.date) -> list[RegistrationRow]:
    """``core.registration.renewal_at_risk`` for the workers of ``teams`` in post on ``day``."""
    return _renewals(*_in_post_registered(teams, day), day)


def registration_checks(
    *, teams: frozenset[int] | None, day: dt.date
) -> tuple[list[RegistrationRow], list[RegistrationRow]]:
    """``december_check`` and ``renewals_at_risk`` of ``teams`` on ``day`` together, from one
    reading of the workers in post and their registrations (pages that show both)."""
    staff, held = _in_post_registered(teams, day)
    return _december(staff, held, teams, day), _renewals(staff, held, day)


def _in_post_registered(
    teams: frozenset[int] | None, day: dt.date
) -> tuple[list[StaffMember], dict[str, Registration]]:
    staff = in_post(teams, day)
    return staff, registrations_by_number({s.swe_number for s in staff if s.swe_number})


def _renewals(
    staff: list[StaffMember], held: dict[str, Registration], day: dt.date
) -> list[RegistrationRow]:
    year = core_registration.registration_year(day)
    pieces = _cpd_by_number({s.swe_number for s in staff if s.swe_number}, year)
    by_pk = {s.pk: s for s in staff}
    found = core_registration.renewal_at_risk(
        workers=(
            (
                s.pk,
                held[s.swe_number].status if s.swe_number in held else None,
                held[s.swe_number].expires_on if s.swe_number in held else None,
                pieces.get(s.swe_number, core_registration.CpdStatus(0, 0)),
            )
            for s in staff
        ),
        today=day,
    )
    return [
        RegistrationRow(by_pk[row.worker_id], held.get(by_pk[row.worker_id].swe_number), row.reason)
        for row in found
    ]


def _cpd_by_number(numbers: set[str], year: int) -> dict[str, core_registration.CpdStatus]:
    first, last = core_registration.registration_year_bounds(year)
    pieces: dict[str, list[core_registration.Cpd]] = {}
    for number, on, learnt, impact, peer in CpdRecord.objects.filter(
        staff__swe_number__in=numbers, on__range=(first, last)
    ).values_list("staff__swe_number", "on", "learnt", "impact", "peer_reflection"):
        pieces.setdefault(number, []).append(
            core_registration.Cpd(on, learnt, impact, bool(peer.strip()))
        )
    return {
        number: core_registration.cpd_requirement(found, year=year)
        for number, found in pieces.items()
    }


def december_check(*, teams: frozenset[int] | None, day: dt.date) -> list[RegistrationRow]:
    """``core.registration.december_check`` on ``day``: everyone of ``teams`` in post then who
    is not registered, with the cases they lead that day."""
    return _december(*_in_post_registered(teams, day), teams, day)


def _december(
    staff: list[StaffMember],
    held: dict[str, Registration],
    teams: frozenset[int] | None,
    day: dt.date,
) -> list[RegistrationRow]:
    in_post_then = StaffMember.objects.filter(in_post_q("", day))
    if teams is not None:
        in_post_then = in_post_then.filter(team__in=teams)
    # Counted by the database, a row a worker, not a row a case.
    cases: dict[int, int] = dict(
        open_on(day)
        .filter(role=Allocation.Role.LEAD, worker__in=in_post_then.values("pk"))
        .order_by()
        .values("worker_id")
        .annotate(n=Count("pk"))
        .values_list("worker_id", "n")
    )
    by_pk = {s.pk: s for s in staff}
    found = core_registration.december_check(
        workers=(
            (
                s.pk,
                s.swe_number,
                held[s.swe_number].status if s.swe_number in held else None,
                held[s.swe_number].expires_on if s.swe_number in held else None,
            )
            for s in staff
        ),
        cases_held=cases,
        day=day,
    )
    return [
        RegistrationRow(
            by_pk[row.worker_id], held.get(by_pk[row.worker_id].swe_number), row.reason, row.cases
        )
        for row in found
    ]


def december_counts(*, teams: frozenset[int] | None, day: dt.date) -> tuple[int, int]:
    """The 1 December check counted by the database, for figures that name nobody: the
    workers of ``teams`` (every team when None) in post on ``day`` (``in_post``) and how many
    of them ``december_check`` lists, those not registered that day: no Social Work England
    number, no registration recorded under it, or one whose status does not allow practice
    (``core.registration.MAY_PRACTISE``) or that expired before ``day``."""
    registered = Registration.objects.filter(
        swe_number=OuterRef("swe_number"),
        status__in=core_registration.MAY_PRACTISE,
        expires_on__gte=day,
    )
    staff = StaffMember.objects.filter(in_post_q("", day))
    if teams is not None:
        staff = staff.filter(team__in=teams)
    found = staff.aggregate(
        workers=Count("pk"),
        registered=Count("pk", filter=Q(Exists(registered)) & ~Q(swe_number="")),
    )
    return found["workers"], found["workers"] - found["registered"]


@dataclass(frozen=True)
class TrainingTeam:
    team: str
    required: int
    current: int
    percent: float


@dataclass(frozen=True)
class TrainingDue:
    staff_id: int
    name: str
    team: str
    course: str
    lapsed_on: dt.date | None
    course_id: int


@dataclass(frozen=True)
class CourseResult:
    course: TrainingCourse
    attended: int
    feedback: int
    feedback_mean: float | None
    follow_ups_due: int
    follow_ups: int
    impact_mean: float | None


@dataclass(frozen=True)
class ProtectedTime:
    name: str
    team: str
    hours: Decimal
    percent: float | None
    meets: bool


@dataclass(frozen=True)
class Training:
    """Training for a part of the authority on a day: mandatory training by team and who is
    due, the catalogue's evaluation, the year's training needs and protected development
    time."""

    teams: list[TrainingTeam]
    due: list[TrainingDue]
    courses: list[CourseResult]
    needs: list[tuple[str, int]]
    protected: list[ProtectedTime]
    standard: Decimal


def _course_frames(teams: frozenset[int] | None, on: dt.date) -> tuple[pl.DataFrame, ...]:
    staff = StaffMember.objects.filter(in_post_q("", on))
    if teams is not None:
        staff = staff.filter(team__in=teams)
    workers = read_frame(
        staff.values_list("pk", "team_id", "local_role"), core_training.WORKER_SCHEMA
    )
    courses = pl.DataFrame(
        list(TrainingCourse.objects.values_list("pk", "mandatory_for", "renewal_months")),
        schema=core_training.COURSE_SCHEMA,  # type: ignore[arg-type]
        orient="row",
    )
    attended = TrainingAttendance.objects.all()
    if teams is not None:
        attended = attended.filter(staff__team__in=teams)
    attendance = read_frame(
        attended.values_list(
            "staff_id", "course_id", "attended_on", "feedback_score", "impact_score"
        ),
        core_training.ATTENDANCE_SCHEMA,
    )
    return workers, courses, attendance


def training(*, teams: frozenset[int] | None, on: dt.date) -> Training:
    """``core.training`` for the workers of ``teams`` in post on ``on``."""
    workers, courses, attendance = _course_frames(teams, on)
    required = core_training.mandatory_training(
        workers=workers, courses=courses, attendance=attendance, on=on
    )
    team_names = dict(Team.objects.values_list("pk", "name"))
    by_team = [
        TrainingTeam(team_names[row["team_id"]], row["required"], row["current"], row["percent"])
        for row in core_training.mandatory_rollup(required).iter_rows(named=True)
    ]
    missing = required.filter(~pl.col("current"))
    people = {
        pk: (f"{given} {family}", team)
        for pk, given, family, team in StaffMember.objects.filter(
            pk__in=missing["worker_id"].to_list()
        ).values_list("pk", "given_name", "family_name", "team__name")
    }
    course_names = {course.pk: course for course in TrainingCourse.objects.all()}
    due = sorted(
        (
            TrainingDue(
                row["worker_id"],
                *people[row["worker_id"]],
                course_names[row["course_id"]].name,
                row["lapses_on"],
                row["course_id"],
            )
            for row in missing.iter_rows(named=True)
        ),
        key=lambda row: (row.team, row.name, row.course),
    )
    results = [
        CourseResult(course_names[row.pop("course_id")], **row)
        for row in core_training.course_evaluation(attendance, on=on).iter_rows(named=True)
    ]
    plans = DevelopmentPlan.objects.filter(year=on.year)
    if teams is not None:
        plans = plans.filter(staff__team__in=teams)
    needs = core_training.training_needs(plan.theme_list for plan in plans)
    standard = supervision_standard().protected_time_percent
    return Training(by_team, due, results, needs, _protected(teams, on, standard), standard)


PROTECTED_REASON = "development time"
"""Reductions of case hours whose reason's name contains this (as the caseloads app's "ASYE
protected development time" does) are protected development time."""


def _protected(teams: frozenset[int] | None, on: dt.date, standard: Decimal) -> list[ProtectedTime]:
    """Each worker in post on ``on`` (of ``teams``) with protected development time recorded
    as a reduction of case hours active that day: the hours a week, their share of contracted
    hours (FTE times full-time hours) and whether it meets the authority's standard."""
    reductions = Reduction.objects.filter(
        reason__name__icontains=PROTECTED_REASON, start__lte=on, end__gte=on
    ).filter(in_post_q("staff__", on))
    if teams is not None:
        reductions = reductions.filter(staff__team__in=teams)
    hours: dict[int, Decimal] = {}
    about: dict[int, tuple[str, str, Decimal]] = {}
    for staff_id, given, family, team, fte, per_week in reductions.values_list(
        "staff_id", "staff__given_name", "staff__family_name", "staff__team__name",
        "staff__fte", "hours_per_week",
    ):  # fmt: skip
        hours[staff_id] = hours.get(staff_id, Decimal(0)) + per_week
        about[staff_id] = (f"{given} {family}", team, fte)
    rows = []
    for staff_id, total in hours.items():
        name, team, fte = about[staff_id]
        share = core_training.protected_time_share(
            hours_per_week=float(total), contracted_hours=float(fte * FULL_TIME_HOURS)
        )
        rows.append(
            ProtectedTime(name, team, total, share, share is not None and share >= standard)
        )
    return sorted(rows, key=lambda row: (row.meets, row.team, row.name))


def protected_time_met(*, days: Iterable[dt.date]) -> pl.DataFrame:
    """Protected development time of newly qualified social workers on each of ``days``, for
    every team at once (``core.training.protected_time_met``): the workers in post that day
    whose job that day has the local role ASYE, in the team of that job, with contracted hours
    of its FTE x the full-time hours; their reductions of case hours for development time
    active that day (as the training page reads them, ``PROTECTED_REASON``); and the
    authority's standard. Columns day, team_id, newly_qualified, met."""
    wanted = sorted(set(days))
    if not wanted:
        return pl.DataFrame(
            schema={"day": pl.Date, "team_id": pl.Int64, "newly_qualified": pl.Int64,
                    "met": pl.Int64}
        )  # fmt: skip
    first, last = wanted[0], wanted[-1]
    on_days = pl.DataFrame({"day": wanted}, schema={"day": pl.Date})
    jobs = read_frame(
        Assignment.objects.filter(
            local_role=LocalRole.ASYE, effective_from__lte=last, staff__start_date__lte=last
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
        .filter(Q(staff__end_date__isnull=True) | Q(staff__end_date__gte=first))
        .values_list(
            "staff_id", "team_id", "fte", "effective_from", "effective_to",
            "staff__start_date", "staff__end_date",
        ),
        {"worker_id": pl.Int64, "team_id": pl.Int64, "fte": pl.Float64, "job_from": pl.Date,
         "job_to": pl.Date, "start_date": pl.Date, "end_date": pl.Date},
    )  # fmt: skip
    covering = (pl.col("job_from") <= pl.col("day")) & (
        pl.col("job_to").is_null() | (pl.col("job_to") >= pl.col("day"))
    )
    in_post = (pl.col("start_date") <= pl.col("day")) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("day"))
    )
    newly_qualified = (
        jobs.join(on_days, how="cross")
        .filter(covering & in_post)
        .select(
            "day",
            "worker_id",
            "team_id",
            contracted_hours=pl.col("fte") * float(FULL_TIME_HOURS),
        )
    )
    reductions = read_frame(
        Reduction.objects.filter(
            reason__name__icontains=PROTECTED_REASON, start__lte=last, end__gte=first
        ).values_list("staff_id", "hours_per_week", "start", "end"),
        {"worker_id": pl.Int64, "hours_per_week": pl.Float64, "start": pl.Date, "end": pl.Date},
    )
    protected = (
        reductions.join(on_days, how="cross")
        .filter((pl.col("start") <= pl.col("day")) & (pl.col("end") >= pl.col("day")))
        .select("day", "worker_id", "hours_per_week")
    )
    return core_training.protected_time_met(
        newly_qualified=newly_qualified,
        protected=protected,
        standard=float(supervision_standard().protected_time_percent),
    )


def attendance_of(*, staff: StaffMember) -> QuerySet[TrainingAttendance]:
    return staff.training.select_related("course")


def plans_of(*, staff: StaffMember) -> QuerySet[DevelopmentPlan]:
    return staff.development_plans.all()


STUDENT_CHANCE = 0.5
"""The chance a student on placement joins, when no past student's outcome is known."""


def student_arrivals(*, on: dt.date) -> pl.DataFrame:
    """Students not yet employed here whose last placement ends after ``on`` (none failed or
    withdrawn), expected the day after it ends, each with the share of past students (last
    placement ended by ``on``) who joined, or ``STUDENT_CHANCE`` when there are none; as the
    workforce forecast's known arrivals (``core.forecast.ARRIVAL_SCHEMA``)."""
    from csc_workforce.core.forecast import ARRIVAL_SCHEMA

    students = Student.objects.annotate(last=Max("placements__end"))
    past = students.filter(last__lte=on)
    chance = (
        past.filter(joined_as__isnull=False).count() / past.count()
        if past.exists()
        else STUDENT_CHANCE
    )
    due = students.filter(joined_as__isnull=True, last__gt=on).exclude(
        placements__outcome__in=[Placement.Outcome.FAILED, Placement.Outcome.WITHDRAWN]
    )
    return pl.DataFrame(
        [(student.last + dt.timedelta(days=1), chance) for student in due],
        schema=ARRIVAL_SCHEMA,
        orient="row",
    )


def asye_cohorts() -> pl.DataFrame:
    """Each engagement enrolled in an ASYE cohort here, with the cohort's name (``asye``; the
    earliest cohort, if more than one): for the retention pages (``workforce.survival``)."""
    return (
        read_frame(
            Enrolment.objects.filter(cohort__programme__kind=Programme.Kind.ASYE)
            .order_by("cohort__starts_on", "pk")
            .values_list("staff_id", "cohort__name"),
            {"staff_id": pl.Int64, "asye": pl.String},
        )
        .group_by("staff_id", maintain_order=True)
        .first()
    )
