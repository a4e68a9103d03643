from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from csc_workforce.core import development
from csc_workforce.core import registration as core_registration
from csc_workforce.core.allocation_import import template_xlsx
from csc_workforce.core.development_import import (
    TEMPLATES,
    registrations_sheet,
    sessions_sheet,
)
from csc_workforce.core.exports import Cell, Sheet
from csc_workforce.core.problems import ImportFailed
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.downloads import XLSX, sheets_download
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import (
    scope_chosen,
    staff_visible_to,
    teams_visible_to,
)

from . import selectors
from .forms import (
    AgreementForm,
    ApplicationForm,
    AttendanceForm,
    AwardForm,
    ChecklistForm,
    CohortForm,
    CourseForm,
    CpdForm,
    DecisionForm,
    DevelopmentImportForm,
    EducatorForm,
    EnrolForm,
    EvaluationForm,
    EvidenceForm,
    EvidenceNumbersForm,
    ExtensionForm,
    GrantForm,
    ItemDoneForm,
    JoinedForm,
    OutcomeForm,
    PlacementForm,
    PlanForm,
    ReviewForm,
    SessionForm,
    StandardForm,
    StudentForm,
    SupervisionAgreementForm,
    TargetForm,
)
from .models import GrowOwnTarget, ProgressionFramework, Review, TrainingCourse
from .selectors import (
    APPLICATION_HEADER,
    AWARD_HEADER,
    PLACEMENT_HEADER,
    application_rows,
    applications_visible_to,
    assessor_candidates,
    award_rows,
    awards_visible_to,
    checklists_visible_to,
    cohort_sheet,
    cohort_summaries,
    cohorts_visible_to,
    educator_loads,
    educators_visible_to,
    enrolments_visible_to,
    induction_sheet,
    inductions_visible_to,
    overdue_items,
    placement_rows,
    placements_visible_to,
    programme_candidates,
    programmes_visible_to,
    progression_by_year,
    student_years,
    students_visible_to,
    team_inductions,
    worker_progress,
)
from .services import (
    agreement_record,
    agreement_sign,
    application_create,
    application_decide,
    attendance_evaluate,
    attendance_record,
    award_create,
    cohort_create,
    course_create,
    cpd_record,
    enrolment_create,
    evidence_record,
    extension_add,
    grant_record,
    induction_item_done,
    induction_template_save,
    load_on,
    outcome_record,
    placement_create,
    plan_save,
    practice_educator_save,
    programme_evidence_set,
    registrations_import,
    review_record,
    session_record,
    sessions_import,
    standard_save,
    student_create,
    student_joined,
    target_set,
)


def _attach(form: forms.Form, error: ValidationError) -> None:
    """A service's error on the form: on the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


def _save(form: forms.Form, write: Callable[[dict[str, Any]], object]) -> bool:
    """Validate ``form`` and make the write; False, with the errors on the form, when either
    refuses."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        _attach(form, error)
        return False
    return True


DEVELOPMENT_SECTIONS = (
    (
        "Supervision: compliance and who is overdue",
        "development:supervision",
        Capability.VIEW_SUPERVISION,
    ),
    (
        "Social Work England registrations and renewals at risk",
        "development:registrations",
        Capability.VIEW_REGISTRATIONS,
    ),
    (
        "Training: mandatory training, evaluations, training needs and protected time",
        "development:training",
        Capability.VIEW_TRAINING,
    ),
)
"""The supervision, registration and training pages, linked from the development page for those
who may open them (the service navigation has one Development entry for all of it)."""


@require(Capability.DEVELOP_STAFF)
def index(request: SignedInRequest) -> HttpResponse:
    """Each cohort's progress, completion and retention; the reviews overdue of the workers the
    person sees; a new cohort for those who run programmes."""
    today = clock().today()
    summaries = cohort_summaries(user=request.user, today=today)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = worker_progress(enrolments=enrolments_visible_to(user=request.user), today=today)
        return sheets_download("early_careers", fmt, [cohort_sheet(rows, title="Early careers")])
    manages = can(request.user, Capability.MANAGE_PROGRAMMES)
    form = CohortForm(*submitted(request, "cohort")) if manages else None
    if (
        form is not None
        and form.is_bound
        and _save(
            form,
            lambda data: cohort_create(by=request.user, **data),
        )
    ):
        messages.success(request, "Cohort added")
        return redirect("development:index")
    overdue = (
        Review.objects.filter(
            enrolment__in=enrolments_visible_to(user=request.user),
            held__isnull=True,
            due__lt=today,
        )
        .exclude(enrolment__outcome__in=development.DECIDED)
        .select_related("enrolment__staff__team", "enrolment__cohort")
        .order_by("due")
    )
    sections = [
        (label, reverse(url_name))
        for label, url_name, capability in DEVELOPMENT_SECTIONS
        if can(request.user, capability)
    ]
    context = {
        "sections": sections,
        "summaries": summaries,
        "overdue": overdue,
        "overdue_items": overdue_items(user=request.user, today=today).count(),
        "form": form,
        "today": today,
    }
    return render(request, "development/index.html", context)


@require(Capability.DEVELOP_STAFF)
def cohort(request: SignedInRequest, pk: int) -> HttpResponse:
    """A cohort's workers (those the person sees): progress, reviews, evidence missing."""
    chosen = get_object_or_404(cohorts_visible_to(user=request.user), pk=pk)
    today = clock().today()
    enrolments = enrolments_visible_to(user=request.user).filter(cohort=chosen)
    rows = worker_progress(enrolments=enrolments, today=today)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download(f"cohort_{chosen.pk}", fmt, [cohort_sheet(rows, title=chosen.name)])
    form = None
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        form = EnrolForm(
            *submitted(request, "enrol"),
            starters=programme_candidates(user=request.user, today=today),
            practitioners=assessor_candidates(user=request.user, today=today),
            initial={"start": chosen.starts_on},
        )
        if form.is_bound and _save(
            form, lambda data: enrolment_create(cohort=chosen, by=request.user, **data)
        ):
            messages.success(request, "Worker added to the cohort")
            return redirect("development:cohort", pk=pk)
    context = {"cohort": chosen, "rows": rows, "form": form, "kinds": development.EVIDENCE_KINDS}
    return render(request, "development/careers/cohort.html", context)


@require(Capability.DEVELOP_STAFF)
def enrolment(request: SignedInRequest, pk: int) -> HttpResponse:
    """One worker's programme: reviews, evidence against the requirement, extensions, the
    final outcome and the grant; what is recorded on it."""
    chosen = get_object_or_404(enrolments_visible_to(user=request.user), pk=pk)
    today = clock().today()
    manages = can(request.user, Capability.MANAGE_PROGRAMMES)
    reviews = chosen.reviews.order_by("month")
    page_forms: dict[str, forms.Form] = {
        "review": ReviewForm(*submitted(request, "review"), reviews=reviews, prefix="review"),
        "evidence": EvidenceForm(*submitted(request, "evidence"), prefix="evidence"),
        "agreement": AgreementForm(*submitted(request, "agreement"), prefix="agreement"),
    }
    if manages:
        page_forms |= {
            "extension": ExtensionForm(*submitted(request, "extension"), prefix="extension"),
            "outcome": OutcomeForm(*submitted(request, "outcome"), prefix="outcome"),
            "grant": GrantForm(*submitted(request, "grant"), prefix="grant"),
        }
    writes: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
        "review": (
            lambda data: review_record(
                review=data["review"], by=request.user, held=data["held"], outcome=data["outcome"]
            ),
            "Review recorded",
        ),
        "evidence": (
            lambda data: evidence_record(enrolment=chosen, by=request.user, **data),
            "Evidence recorded",
        ),
        "agreement": (
            lambda data: agreement_record(
                enrolment=chosen, by=request.user, on=data["agreement_on"]
            ),
            "Agreement recorded",
        ),
        "extension": (
            lambda data: extension_add(enrolment=chosen, by=request.user, **data),
            "Extension recorded",
        ),
        "outcome": (
            lambda data: outcome_record(enrolment=chosen, by=request.user, **data),
            "Outcome recorded",
        ),
        "grant": (
            lambda data: grant_record(
                enrolment=chosen,
                by=request.user,
                amount=data["grant_amount"],
                period=data["grant_period"],
                claimed_on=data["grant_claimed_on"],
            ),
            "Grant recorded",
        ),
    }
    for name, form in page_forms.items():
        write, done = writes[name]
        if form.is_bound and _save(form, write):
            messages.success(request, done)
            return redirect("development:enrolment", pk=pk)
    visible = enrolments_visible_to(user=request.user).filter(pk=pk)
    (progress,) = worker_progress(enrolments=visible, today=today)
    required = chosen.cohort.programme.evidence
    recorded = dict.fromkeys(development.EVIDENCE_KINDS, 0)
    for item in chosen.evidence.all():
        recorded[item.kind] = recorded.get(item.kind, 0) + 1
    context = {
        "enrolment": chosen,
        "progress": progress,
        "evidence_rows": [
            (
                label,
                recorded.get(kind, 0),
                int(required.get(kind, 0)),
                max(int(required.get(kind, 0)) - recorded.get(kind, 0), 0),
            )
            for kind, label in development.EVIDENCE_KINDS.items()
        ],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
        "manages": manages,
        "asye_role": chosen.staff.local_role == "asye",
        "today": today,
    }
    return render(request, "development/careers/enrolment.html", context)


@require(Capability.DEVELOP_STAFF)
def programmes(request: SignedInRequest) -> HttpResponse:
    """The programmes as data: length, agreement, review points, evidence and standards."""
    context = {
        "programmes": programmes_visible_to(user=request.user),
        "kinds": development.EVIDENCE_KINDS,
        "manages": can(request.user, Capability.MANAGE_PROGRAMMES),
    }
    return render(request, "development/careers/programmes.html", context)


@require(Capability.MANAGE_PROGRAMMES)
def programme(request: SignedInRequest, pk: int) -> HttpResponse:
    """How many pieces of each kind of evidence a programme asks for."""
    chosen = get_object_or_404(programmes_visible_to(user=request.user), pk=pk)
    form = EvidenceNumbersForm(request.POST or None, programme=chosen)
    if form.is_bound and _save(
        form,
        lambda data: programme_evidence_set(programme=chosen, by=request.user, evidence=data),
    ):
        messages.success(request, "Evidence requirements saved")
        return redirect("development:programmes")
    return render(
        request, "development/careers/programme.html", {"programme": chosen, "form": form}
    )


@require(Capability.DEVELOP_STAFF)
def inductions(request: SignedInRequest) -> HttpResponse:
    """Induction completion by team, the items overdue and each starter's checklist."""
    today = clock().today()
    teams = team_inductions(user=request.user, today=today)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download("induction_by_team", fmt, [induction_sheet(teams)])
    context = {
        "teams": teams,
        "overdue": overdue_items(user=request.user, today=today)[:200],
        "recent": inductions_visible_to(user=request.user).order_by("-started_on")[:50],
        "checklists": checklists_visible_to(user=request.user).filter(is_current=True)
        if can(request.user, Capability.MANAGE_PROGRAMMES)
        else None,
    }
    return render(request, "development/careers/inductions.html", context)


@require(Capability.DEVELOP_STAFF)
def induction(request: SignedInRequest, pk: int) -> HttpResponse:
    """A starter's induction checklist; items are marked done here."""
    chosen = get_object_or_404(inductions_visible_to(user=request.user), pk=pk)
    items = chosen.items.all()
    form = ItemDoneForm(
        request.POST or None,
        items=items.filter(done_on__isnull=True),
        initial={"done_on": clock().today()},
    )
    if form.is_bound and _save(
        form,
        lambda data: induction_item_done(item=data["item"], by=request.user, on=data["done_on"]),
    ):
        messages.success(request, "Item marked as done")
        return redirect("development:induction", pk=pk)
    context = {"induction": chosen, "items": items, "form": form, "today": clock().today()}
    return render(request, "development/careers/induction.html", context)


def _table_download(
    fmt: str | None, name: str, header: list[Any], rows: list[list[Any]]
) -> HttpResponse | None:
    """The table as a CSV or Excel download when ``fmt`` asks for one."""
    if fmt in ("csv", "xlsx"):
        title = name.replace("_", " ")[:31]
        return sheets_download(name, fmt, [Sheet(title, header, rows)])
    return None


def _forms_page(
    request: SignedInRequest, page_forms: dict[str, forms.Form], writes: dict[str, Any]
) -> HttpResponse | None:
    """Save the form posted, if any; a redirect to the same page when it saved."""
    for name, form in page_forms.items():
        write, done = writes[name]
        if form.is_bound and _save(form, write):
            messages.success(request, done)
            return redirect(request.path)
    return None


@require(Capability.DEVELOP_STAFF)
def students(request: SignedInRequest) -> HttpResponse:
    """Students and trainees on routes into social work: each year against the target,
    conversion from placement to job, placements and practice educators' capacity."""
    today = clock().today()
    placements = placements_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"), "placements", PLACEMENT_HEADER, placement_rows(placements)
    )
    if download is not None:
        return download
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        visible_students = students_visible_to(user=request.user)
        staff = staff_visible_to(user=request.user, on=today).order_by("family_name", "given_name")
        target = GrowOwnTarget.objects.order_by("pk").first()
        page_forms = {
            "student": StudentForm(*submitted(request, "student"), prefix="student"),
            "placement": PlacementForm(
                *submitted(request, "placement"),
                prefix="placement",
                students=visible_students,
                teams=teams_visible_to(user=request.user).order_by("name"),
                educators=educators_visible_to(user=request.user),
            ),
            "educator": EducatorForm(
                *submitted(request, "educator"), prefix="educator", staff=staff
            ),
            "joined": JoinedForm(
                *submitted(request, "joined"),
                prefix="joined",
                students=visible_students.filter(joined_as__isnull=True),
                staff=staff,
            ),
            "target": TargetForm(
                *submitted(request, "target"),
                prefix="target",
                initial={"students_a_year": target.students_a_year if target else 4},
            ),
        }
    writes = {
        "student": (lambda d: student_create(by=request.user, **d), "Student added"),
        "placement": (
            lambda d: placement_create(by=request.user, **d),
            "Placement added",
        ),
        "educator": (
            lambda d: practice_educator_save(by=request.user, **d),
            "Practice educator saved",
        ),
        "joined": (lambda d: student_joined(by=request.user, **d), "Recorded as joined"),
        "target": (lambda d: target_set(by=request.user, **d), "Target saved"),
    }
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "years": student_years(user=request.user),
        "form_titles": [
            ("student", "Add a student"),
            ("placement", "Add a placement"),
            ("educator", "Add or change a practice educator"),
            ("joined", "Record that a student joined us"),
            ("target", "Set the target"),
        ],
        "placements": placements[:200],
        "educators": educator_loads(user=request.user, today=today),
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/students.html", context)


@require(Capability.DEVELOP_STAFF)
def progression(request: SignedInRequest) -> HttpResponse:
    """The progression framework, applications and their panels, and progressions each year by
    route, sex and ethnic group."""
    today = clock().today()
    applications = applications_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"),
        "progression_applications",
        APPLICATION_HEADER,
        application_rows(applications),
    )
    if download is not None:
        return download
    framework = ProgressionFramework.objects.filter(is_current=True).order_by("pk").first()
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        page_forms = {
            "application": ApplicationForm(
                *submitted(request, "application"),
                prefix="application",
                staff=staff_visible_to(user=request.user, on=today).order_by(
                    "family_name", "given_name"
                ),
                framework=framework,
            ),
            "decision": DecisionForm(
                *submitted(request, "decision"),
                prefix="decision",
                applications=applications.filter(decision=""),
            ),
        }

    def apply(data: dict[str, Any]) -> object:
        if framework is None:
            raise ValidationError("There is no current progression framework")
        return application_create(by=request.user, framework=framework, **data)

    writes = {
        "application": (apply, "Application recorded"),
        "decision": (lambda d: application_decide(by=request.user, **d), "Decision recorded"),
    }
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "framework": framework,
        "counts": progression_by_year(user=request.user),
        "form_titles": [
            ("application", "Record an application"),
            ("decision", "Record a panel's decision"),
        ],
        "applications": applications[:200],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/progression.html", context)


@require(Capability.DEVELOP_STAFF)
def leadership(request: SignedInRequest) -> HttpResponse:
    """Leadership programmes attended and post-qualifying awards held, with their dates."""
    today = clock().today()
    awards = awards_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"), "leadership_and_awards", AWARD_HEADER, award_rows(awards)
    )
    if download is not None:
        return download
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        staff = staff_visible_to(user=request.user, on=today).order_by("family_name", "given_name")
        page_forms = {"award": AwardForm(*submitted(request, "award"), prefix="award", staff=staff)}
    writes = {"award": (lambda d: award_create(by=request.user, **d), "Recorded")}
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "awards": awards[:300],
        "form_titles": [("award", "Record a programme or award")],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/leadership.html", context)


@require(Capability.MANAGE_PROGRAMMES)
def checklist(request: SignedInRequest, pk: int) -> HttpResponse:
    """An induction checklist: saving it makes a new version, which new starters get."""
    chosen = get_object_or_404(checklists_visible_to(user=request.user), pk=pk)
    form = ChecklistForm(
        request.POST or None, initial={"text": development.checklist_text(chosen.items)}
    )
    if form.is_bound and _save(
        form,
        lambda data: induction_template_save(template=chosen, by=request.user, text=data["text"]),
    ):
        messages.success(request, "New version of the checklist saved")
        return redirect("development:inductions")
    return render(
        request, "development/careers/checklist.html", {"checklist": chosen, "form": form}
    )


# --- End of early careers and induction -------------------------------------------------------


# --- Supervision, registration and CPD (issue 17) -------------------------------------------


def _day(text: str | None, default: dt.date) -> dt.date:
    """A day given as YYYY-MM-DD in the query string; ``default`` when absent or not one."""
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return default


WORKERS_A_PAGE = 50
"""Workers a page of the supervision page's table by worker (the downloads have them all)."""


@require(Capability.VIEW_HOME)
def supervision(request: SignedInRequest) -> HttpResponse:
    """Supervision compliance for a part of the authority and a period (the twelve months to
    today unless chosen), by service area, team and worker, and who is overdue now. Someone
    who may not view it sees their own supervision instead."""
    if not can(request.user, Capability.VIEW_SUPERVISION):
        if getattr(request.user, "staff_member", None) is not None:
            return redirect("development:mine")
        raise PermissionDenied
    today = clock().today()
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    last = min(_day(request.GET.get("to"), today), today)
    first = _day(request.GET.get("from"), last - dt.timedelta(days=364))
    if first > last:
        first, last = last, first
    found = selectors.compliance(teams=scope.teams, first=first, last=last)
    late = selectors.overdue(teams=scope.teams, today=today)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        period = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
        header: list[Cell] = ["Period", "Worker", "Team", "Windows required", "Met", "Percent"]
        workers = [
            [
                period,
                row.label,
                row.team,
                row.required,
                row.met,
                row.percent,
            ]
            for row in found.workers
        ]
        teams = [
            [period, row.label, row.workers, row.required, row.met, row.percent]
            for row in found.teams
        ]
        overdue = [[r.name, r.team, r.last_session, r.due, r.days_overdue] for r in late]
        return sheets_download(
            "supervision",
            fmt,
            [
                Sheet("Workers", header, workers),
                Sheet(
                    "Teams",
                    ["Period", "Team", "Workers", "Windows required", "Met", "Percent"],
                    teams,
                ),
                Sheet(
                    "Overdue", ["Worker", "Team", "Last session", "Due", "Days overdue"], overdue
                ),
            ],
        )
    context = {
        "scope": scope,
        "scopes": scopes,
        "compliance": found,
        "workers": Paginator(found.workers, WORKERS_A_PAGE).get_page(request.GET.get("page")),
        "query": urlencode({"scope": scope.key, "from": first, "to": last}),
        "overdue": late,
        "today": today,
        "can_manage": can(request.user, Capability.MANAGE_DEVELOPMENT),
    }
    return render(request, "development/supervision/index.html", context)


@require(Capability.VIEW_HOME)
def mine(request: SignedInRequest) -> HttpResponse:
    """One's own supervision, CPD and registration."""
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404("Your account is not linked to a staff record")
    return redirect("development:person", pk=staff.pk)


def _supervisor_choices(request: SignedInRequest, today: dt.date) -> list[tuple[int, str]]:
    return [(s.pk, s.full_name) for s in selectors.supervisors(user=request.user, on=today)]


@require(Capability.VIEW_HOME)
def person(request: SignedInRequest, pk: int) -> HttpResponse:
    """A worker's supervision agreement and sessions, registration and CPD. Their manager (or
    anyone who may view their supervision) and their supervisor record sessions and agreements;
    the worker records their own CPD."""
    staff = get_object_or_404(selectors.development_staff_visible_to(user=request.user), pk=pk)
    today = clock().today()
    own = staff.user_id == request.user.pk
    manages = (
        can(request.user, Capability.VIEW_SUPERVISION)
        and staff_visible_to(user=request.user).filter(pk=staff.pk).exists()
    )
    supervises = selectors.supervisees_of(user=request.user).filter(pk=staff.pk).exists()
    may_record = (manages or supervises) and not own
    choices = _supervisor_choices(request, today) if may_record else []
    data, _ = submitted(request, "session")
    session_form = SessionForm(data, supervisors=choices, prefix="session")
    data, _ = submitted(request, "agreement")
    agreement_form = SupervisionAgreementForm(data, supervisors=choices, prefix="agreement")
    data, _ = submitted(request, "cpd")
    cpd_form = CpdForm(data, prefix="cpd")
    data, _ = submitted(request, "plan")
    plan_form = PlanForm(data, prefix="plan", initial={"year": today.year})
    attended = list(selectors.attendance_of(staff=staff))
    data, _ = submitted(request, "evaluation")
    evaluation_form = EvaluationForm(
        data,
        prefix="evaluation",
        attended=[(a.pk, f"{a.course.name}, {a.attended_on:%-d %B %Y}") for a in attended],
    )
    page_forms = (session_form, agreement_form, cpd_form, plan_form, evaluation_form)
    try:
        if may_record and session_form.is_bound and session_form.is_valid():
            values = dict(session_form.cleaned_data)
            values["supervisor"] = StaffMember.objects.get(pk=values["supervisor"])
            session_record(staff=staff, by=request.user, today=today, **values)
            messages.success(request, "Supervision session recorded")
            return redirect("development:person", pk=pk)
        if may_record and agreement_form.is_bound and agreement_form.is_valid():
            values = dict(agreement_form.cleaned_data)
            values["supervisor"] = StaffMember.objects.get(pk=values["supervisor"])
            agreement_sign(staff=staff, by=request.user, today=today, **values)
            messages.success(request, "Supervision agreement recorded")
            return redirect("development:person", pk=pk)
        if own and cpd_form.is_bound and cpd_form.is_valid():
            cpd_record(staff=staff, by=request.user, today=today, **cpd_form.cleaned_data)
            messages.success(request, "CPD recorded")
            return redirect("development:person", pk=pk)
        if (own or manages or supervises) and plan_form.is_bound and plan_form.is_valid():
            plan_save(staff=staff, by=request.user, **plan_form.cleaned_data)
            messages.success(request, "Development plan saved")
            return redirect("development:person", pk=pk)
        if own and evaluation_form.is_bound and evaluation_form.is_valid():
            values = dict(evaluation_form.cleaned_data)
            chosen_pk = values.pop("attendance")
            chosen = next(a for a in attended if a.pk == chosen_pk)
            attendance_evaluate(attendance=chosen, by=request.user, today=today, **values)
            messages.success(request, "Evaluation recorded")
            return redirect("development:person", pk=pk)
    except ValidationError as error:
        for form in page_forms:
            if form.is_bound:
                _add_errors(form, error)
    if request.method == "POST" and not any(f.is_bound for f in page_forms):
        raise PermissionDenied
    if request.GET.get("format") in ("csv", "xlsx"):
        return sheets_download("development", request.GET["format"], _person_sheets(staff))
    year = core_registration.registration_year(today)
    registration = (
        selectors.registrations_by_number({staff.swe_number}).get(staff.swe_number)
        if staff.swe_number
        else None
    )
    load = load_on(staff=staff, on=today) if may_record else None
    context = {
        "staff": staff,
        "own": own,
        "may_record": may_record,
        "agreement": selectors.agreement_in_force(staff=staff),
        "sessions": selectors.sessions_of(staff=staff)[:120],
        "compliance": selectors.compliance_of(staff=staff, today=today),
        "registration": registration,
        "registered": core_registration.registered_on(
            status=registration.status if registration else None,
            expires_on=registration.expires_on if registration else None,
            day=today,
        ),
        "year": year,
        "cpd": selectors.cpd_of(staff=staff),
        "cpd_status": selectors.cpd_status(staff=staff, year=year),
        "load": load,
        "session_form": session_form,
        "agreement_form": agreement_form,
        "cpd_form": cpd_form,
        "may_plan": own or manages or supervises,
        "plan_form": plan_form,
        "plans": selectors.plans_of(staff=staff),
        "attended": attended,
        "evaluation_form": evaluation_form,
        "forms": [f for f in page_forms if f.is_bound and f.errors],
    }
    return render(request, "development/supervision/person.html", context)


def _person_sheets(staff: StaffMember) -> list[Sheet]:
    """A worker's supervision sessions, CPD, training and plans, a sheet each."""
    sessions: list[list[Cell]] = [
        [
            s.held_on,
            s.get_kind_display(),
            s.supervisor.full_name if s.supervisor else "",
            s.minutes,
            s.actions_reviewed,
            s.workload_discussed,
            s.load_percent,
            s.learning_needs,
        ]
        for s in selectors.sessions_of(staff=staff)
    ]
    cpd: list[list[Cell]] = [
        [c.on, c.title, c.learnt, c.impact, c.peer_reflection]
        for c in selectors.cpd_of(staff=staff)
    ]
    training: list[list[Cell]] = [
        [a.attended_on, a.course.name, a.feedback_score, a.impact_score]
        for a in selectors.attendance_of(staff=staff)
    ]
    plans: list[list[Cell]] = [
        [p.year, p.goals, p.learning_agreement, p.themes, p.review_due]
        for p in selectors.plans_of(staff=staff)
    ]
    return [
        Sheet(
            "Supervision",
            [
                "Date",
                "Kind",
                "Supervisor",
                "Minutes",
                "Actions reviewed",
                "Workload discussed",
                "Load then (%)",
                "Learning needs",
            ],
            sessions,
        ),
        Sheet("CPD", ["Date", "CPD", "What was learnt", "Impact", "Peer reflection"], cpd),
        Sheet("Training", ["Date", "Course", "Feedback", "Impact at three months"], training),
        Sheet("Plans", ["Year", "Goals", "Learning agreement", "Themes", "Review by"], plans),
    ]


def _add_errors(
    form: SessionForm | SupervisionAgreementForm | CpdForm | PlanForm | EvaluationForm,
    error: ValidationError,
) -> None:
    """A service's refusal on the form: on the field it names, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require(Capability.VIEW_REGISTRATIONS)
def registrations(request: SignedInRequest) -> HttpResponse:
    """Renewals at risk in the renewal window, and the registration check (on 1 December, the
    statutory one): everyone in post on the day who is not registered, with the cases they
    hold."""
    today = clock().today()
    on = _day(request.GET.get("on"), today)
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    check, at_risk = selectors.registration_checks(teams=scope.teams, day=on)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header: list[Cell] = ["On", "List", "Worker", "Team", "SWE number", "Reason", "Cases"]
        rows: list[list[Cell]] = [
            [
                on,
                "Renewal at risk",
                r.staff.full_name,
                r.staff.team.name,
                r.staff.swe_number,
                r.note,
            ]
            for r in at_risk
        ]
        rows += [
            [
                on,
                "Not registered",
                r.staff.full_name,
                r.staff.team.name,
                r.staff.swe_number,
                r.note,
                r.cases,
            ]
            for r in check
        ]
        return sheets_download("registrations", fmt, [Sheet("Registrations", header, rows)])
    year = core_registration.registration_year(on)
    context = {
        "scope": scope,
        "scopes": scopes,
        "on": on,
        "today": today,
        "at_risk": at_risk,
        "check": check,
        "in_window": core_registration.in_renewal_window(on),
        "window": core_registration.renewal_window(on.year),
        "december": core_registration.first_of_december(on.year),
        "year": year,
        "can_manage": can(request.user, Capability.MANAGE_DEVELOPMENT),
    }
    return render(request, "development/supervision/registrations.html", context)


@require(Capability.MANAGE_DEVELOPMENT)
def development_import(request: SignedInRequest) -> HttpResponse:
    """Import supervision dates or registration status, all or nothing: every problem by row,
    column and rule when anything is wrong."""
    form = DevelopmentImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = (
            sessions_import if form.cleaned_data["kind"] == "supervision" else registrations_import
        )
        try:
            result = run(
                data=upload.read(), filename=upload.name, by=request.user, today=clock().today()
            )
        except ImportFailed as failed:
            problems = failed.problems
        else:
            messages.success(
                request,
                f"Imported {upload.name}: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged",
            )
            return redirect("development:import")
    context = {"form": form, "problems": problems}
    return render(request, "development/supervision/import.html", context)


@require(Capability.MANAGE_DEVELOPMENT)
def import_export(request: SignedInRequest, kind: str) -> HttpResponse:
    """What is held of the staff the person may see, in the import's own format (CSV, or
    Excel with ``format=xlsx``): a file downloaded here imports as it is."""
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    if kind == "supervision":
        sheet = sessions_sheet(selectors.sessions_to_export(user=request.user))
        return sheets_download("supervision_dates", fmt, [sheet])
    if kind == "registration":
        sheet = registrations_sheet(selectors.registrations_to_export(user=request.user))
        return sheets_download("registration_status", fmt, [sheet])
    raise Http404("No such import")


@require(Capability.MANAGE_DEVELOPMENT)
def import_template(request: SignedInRequest, kind: str) -> HttpResponse:
    columns = TEMPLATES.get(kind)
    if columns is None:
        raise Http404("No such template")
    response = HttpResponse(template_xlsx(columns, sheet_name=kind.capitalize()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}_template.xlsx"'
    return response


@require(Capability.MANAGE_DEVELOPMENT)
def standard(request: SignedInRequest) -> HttpResponse:
    """The authority's supervision standard."""
    form = StandardForm(request.POST or None, instance=selectors.supervision_standard())
    if request.method == "POST" and form.is_valid():
        standard_save(standard=form.save(commit=False), by=request.user)
        messages.success(request, "Supervision standard saved")
        return redirect("development:supervision")
    return render(request, "development/supervision/standard.html", {"form": form})


@require(Capability.VIEW_TRAINING)
def training(request: SignedInRequest) -> HttpResponse:
    """Mandatory training by team and who is due, the catalogue with each course's
    evaluation, the year's training needs analysis and protected development time; the PSW and
    HR keep the catalogue and record attendance."""
    today = clock().today()
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    may_manage = can(request.user, Capability.MANAGE_DEVELOPMENT)
    people = (
        [(s.pk, s.full_name) for s in staff_visible_to(user=request.user, on=today)]
        if may_manage
        else []
    )
    courses = list(TrainingCourse.objects.all())
    data, _ = submitted(request, "course")
    course_form = CourseForm(data, prefix="course")
    data, _ = submitted(request, "attendance")
    attendance_form = AttendanceForm(
        data, prefix="attendance", staff=people, courses=[(c.pk, c.name) for c in courses]
    )
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    try:
        if course_form.is_bound and course_form.is_valid():
            course_create(by=request.user, **course_form.cleaned_data)
            messages.success(request, "Course added to the catalogue")
            return redirect("development:training")
        if attendance_form.is_bound and attendance_form.is_valid():
            values = dict(attendance_form.cleaned_data)
            values["staff"] = staff_visible_to(user=request.user).get(pk=values["staff"])
            values["course"] = TrainingCourse.objects.get(pk=values["course"])
            attendance_record(by=request.user, today=today, **values)
            messages.success(request, "Attendance recorded")
            return redirect("development:training")
    except ValidationError as error:
        for form in (course_form, attendance_form):
            if form.is_bound:
                _add_errors(form, error)  # type: ignore[arg-type]
    found = selectors.training(teams=scope.teams, on=today)
    if request.GET.get("format") in ("csv", "xlsx"):
        due: list[list[Cell]] = [[r.name, r.team, r.course, r.lapsed_on] for r in found.due]
        teams: list[list[Cell]] = [[r.team, r.required, r.current, r.percent] for r in found.teams]
        return sheets_download(
            "training",
            request.GET["format"],
            [
                Sheet("Mandatory training due", ["Worker", "Team", "Course", "Lapsed on"], due),
                Sheet("Teams", ["Team", "Required", "Current", "Percent"], teams),
            ],
        )
    context = {
        "scope": scope,
        "scopes": scopes,
        "training": found,
        "today": today,
        "may_manage": may_manage,
        "course_form": course_form,
        "attendance_form": attendance_form,
        "forms": [f for f in (course_form, attendance_form) if f.is_bound and f.errors],
    }
    return render(request, "development/supervision/training.html", context)
