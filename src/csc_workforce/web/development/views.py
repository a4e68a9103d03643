from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from csc_workforce.core import registration as core_registration
from csc_workforce.core.allocation_import import template_xlsx
from csc_workforce.core.development_import import TEMPLATES
from csc_workforce.core.exports import Cell, Sheet, csv_text, xlsx_bytes
from csc_workforce.core.problems import ImportFailed
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import scope_chosen, staff_visible_to

from . import selectors
from .forms import (
    AgreementForm,
    AttendanceForm,
    CourseForm,
    CpdForm,
    DevelopmentImportForm,
    EvaluationForm,
    PlanForm,
    SessionForm,
    StandardForm,
)
from .models import TrainingCourse
from .services import (
    agreement_sign,
    attendance_evaluate,
    attendance_record,
    course_create,
    cpd_record,
    load_on,
    plan_save,
    registrations_import,
    session_record,
    sessions_import,
    standard_save,
)

# --- Supervision, registration and CPD (issue 17) -------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(text: str | None, default: dt.date) -> dt.date:
    """A day given as YYYY-MM-DD in the query string; ``default`` when absent or not one."""
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return default


def _download(fmt: str, name: str, sheets: list[Sheet]) -> HttpResponse:
    """The sheets as one CSV (the first sheet) or an Excel workbook (all of them)."""
    if fmt == "csv":
        response = HttpResponse(csv_text(sheets[0].header, sheets[0].rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


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
        overdue = [
            [r.staff.full_name, r.staff.team.name, r.last_session, r.due, r.days_overdue]
            for r in late
        ]
        return _download(
            fmt,
            "supervision",
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
    agreement_form = AgreementForm(data, supervisors=choices, prefix="agreement")
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
        return _download(request.GET["format"], "development", _person_sheets(staff))
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
    form: SessionForm | AgreementForm | CpdForm | PlanForm | EvaluationForm,
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
    at_risk = selectors.renewals_at_risk(teams=scope.teams, day=on)
    check = selectors.december_check(teams=scope.teams, day=on)
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
        return _download(fmt, "registrations", [Sheet("Registrations", header, rows)])
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
        return _download(
            request.GET["format"],
            "training",
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
