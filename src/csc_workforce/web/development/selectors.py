"""Reads for growing our own, each scoped to what the person may see.

Early careers and induction (issue 16): a worker's programme and induction are seen by those who
see the worker (``organisation.selectors.staff_visible_to``) and by the people assigned to them
(assessor, line manager, supervisor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from csc_workforce.core import codes, development
from csc_workforce.core.exports import Cell, Sheet, csv_text, xlsx_bytes
from csc_workforce.core.suppression import SUPPRESSED
from csc_workforce.web.accounts.roles import Viewer, roles_of
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import (
    SEES_ALL_TEAMS,
    staff_visible_to,
    teams_visible_to,
)

from .models import (
    Award,
    Cohort,
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
    Review,
    Student,
)


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
    frame = read_frame(
        enrolments.values_list("pk", "cohort_id", "outcome", "outcome_on", "staff__end_date"),
        development.ENROLMENT_SCHEMA,
    )
    frame = frame.with_columns(
        pl.when(pl.col("outcome") == development.PASS)
        .then(pl.col("completed_on"))
        .otherwise(None)
        .alias("completed_on")
    )
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


def cohort_csv(rows: list[WorkerProgress]) -> str:
    return csv_text(EXPORT_HEADER, _export_rows(rows))


def cohort_xlsx(rows: list[WorkerProgress], *, title: str) -> bytes:
    return xlsx_bytes([Sheet(title[:31], EXPORT_HEADER, _export_rows(rows))])


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


def induction_csv(rows: list[TeamInduction]) -> str:
    return csv_text(INDUCTION_HEADER, _induction_rows(rows))


def induction_xlsx(rows: list[TeamInduction]) -> bytes:
    return xlsx_bytes([Sheet("Induction by team", INDUCTION_HEADER, _induction_rows(rows))])


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
    target = GrowOwnTarget.objects.order_by("pk").first()
    wanted = target.students_a_year if target else 0
    started: dict[int, set[int]] = defaultdict(set)
    last_end: dict[int, dt.date] = {}
    joined: dict[int, bool] = {}
    for student_id, start, end, joined_as in placements_visible_to(user=user).values_list(
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


def table_csv(header: list[Cell], rows: list[list[Cell]]) -> str:
    return csv_text(header, rows)


def table_xlsx(title: str, header: list[Cell], rows: list[list[Cell]]) -> bytes:
    return xlsx_bytes([Sheet(title[:31], header, rows)])
