import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from csc_workforce.core.cox import MIN_LEAVERS, MIN_LEVEL_LEAVERS
from csc_workforce.core.csww.schemas import SCHEMAS
from csc_workforce.core.reference import CellProblem, InvalidCsv
from csc_workforce.core.staff_import import template_xlsx
from csc_workforce.web.accounts.permissions import (
    Capability,
    SignedInRequest,
    can,
    require,
    visible_or_404,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.downloads import sheets_download
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import Post, StaffMember
from csc_workforce.web.organisation.selectors import (
    posts_visible_to,
    scope_chosen,
    staff_visible_to,
    team_staff,
    teams_visible_to,
)
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.tasks.services import import_task_start
from csc_workforce.web.uploads import upload_limit_mb

from .census import census_job_start, summary_rows
from .forecast import forecast_page, forecast_sheets, scenarios_visible_to
from .forms import (
    CensusExportForm,
    CensusUploadForm,
    ComparatorsForm,
    ConversionForm,
    JobChangeForm,
    LeavingForm,
    LongAbsenceForm,
    PayAndAllowancesForm,
    PersonForm,
    PostForm,
    ReleaseUploadForm,
    RollingForm,
    ScenarioForm,
    SicknessForm,
    StaffCreateForm,
    StaffImportForm,
)
from .indicators import (
    comparator_choices,
    current_release,
    reporting_years,
    statistical_neighbours_named,
)
from .indicators import dashboard as dashboard_for
from .models import CensusJob, ForecastScenario, LongAbsence, PayAndAllowances
from .selectors import (
    census_jobs_visible_to,
    team_establishment,
    team_summaries,
    team_vacancies,
)
from .services import (
    JOB_FIELDS,
    PERSON_FIELDS,
    comparators_set,
    long_absence_record,
    pay_and_allowances_save,
    post_save,
    release_load,
    scenario_create,
    scenario_delete,
    scenario_update,
    sickness_record,
    staff_change_job,
    staff_convert,
    staff_create,
    staff_record_leaving,
    staff_update,
)
from .survival import TABLE_YEARS, factor_sheets, retention_sheets
from .survival import factors as factors_for
from .survival import retention as retention_for


@require(Capability.VIEW_TEAMS)
def team_list(request: SignedInRequest) -> HttpResponse:
    today = clock().today()
    return render(
        request,
        "workforce/team_list.html",
        {
            "summaries": team_summaries(user=request.user, on=today),
            "today": today,
            "show_members": can(request.user, Capability.VIEW_STAFF),
            "can_edit": can(request.user, Capability.EDIT_STAFF),
        },
    )


@require(Capability.VIEW_STAFF)
def team_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The people in a team: needs both sight of the team and of staff records."""
    team = get_object_or_404(teams_visible_to(user=request.user), pk=pk)
    today = clock().today()
    posts = team_establishment(team=team, on=today)
    return render(
        request,
        "workforce/team_detail.html",
        {
            "team": team,
            "staff": team_staff(team=team, on=today),
            "managers": team.managers.all(),
            "establishment": posts,
            "vacancies": team_vacancies(team=team, on=today, posts=posts),
            "today": today,
            "can_edit": can(request.user, Capability.EDIT_STAFF),
        },
    )


@require(Capability.VIEW_STAFF)
def staff_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(staff_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "staff": staff,
            "sickness": staff.sickness.all(),
            "long_absences": LongAbsence.objects.filter(assignment__staff=staff),
            "assignments": staff.assignments.select_related("team").order_by("-effective_from"),
            "case_counts": staff.case_counts.order_by("-on"),
            "can_edit": can(request.user, Capability.EDIT_STAFF),
            "can_audit": can(request.user, Capability.VIEW_AUDIT_TRAIL),
            "can_view_agency": can(request.user, Capability.VIEW_AGENCY),
        },
    )


@require(Capability.VIEW_HOME)
def my_record(request: SignedInRequest) -> HttpResponse:
    staff = staff_visible_to(user=request.user).filter(user=request.user).first()
    if staff is None:
        raise PermissionDenied
    return redirect("workforce:staff_detail", pk=staff.pk)


def _editable(request: SignedInRequest, pk: int) -> StaffMember:
    return get_object_or_404(staff_visible_to(user=request.user), pk=pk)


F = TypeVar("F", bound=forms.BaseForm)


def _teams_in_scope(request: SignedInRequest, form: F) -> F:
    """The form's team choices: the teams the person may see."""
    field = form.fields["team"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = teams_visible_to(user=request.user)
    return form


def add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: each error on its field when the form has it, else
    above the form, naming the field (a rule about a detail this form does not change)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, found in error.message_dict.items():
        form.add_error(field if field in form.fields else None, found)


def _form_page(
    request: SignedInRequest,
    form: Any,
    save: Callable[[], StaffMember],
    *,
    done: str,
    title: str,
    staff: StaffMember | None = None,
) -> HttpResponse:
    """A register form: on a valid post, run the service and go to the record; a rule the
    service finds broken becomes the form's error and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("workforce:staff_detail", pk=saved.pk)
    context = {"form": form, "staff": staff, "title": title}
    return render(request, "workforce/staff_form.html", context)


@require(Capability.EDIT_STAFF)
def staff_new(request: SignedInRequest) -> HttpResponse:
    form = _teams_in_scope(request, StaffCreateForm(request.POST or None))

    def save() -> StaffMember:
        person = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        start = form.cleaned_data["start_date"]
        return staff_create(by=request.user, start_date=start, **form.job(), **person)

    return _form_page(request, form, save, done="Staff member added", title="Add a staff member")


@require(Capability.EDIT_STAFF)
def staff_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = _editable(request, pk)
    form = PersonForm(request.POST or None, instance=staff)

    def save() -> StaffMember:
        changes = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        return staff_update(staff=staff, by=request.user, **changes)

    title = f"Change {staff.full_name}'s details"
    return _form_page(request, form, save, done="Details updated", title=title, staff=staff)


@require(Capability.EDIT_STAFF)
def staff_change_job_view(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = _editable(request, pk)
    initial = {name: getattr(staff, name) for name in JOB_FIELDS}
    initial["fte"] = staff.fte.normalize()  # 0.8, not 0.800000
    form = _teams_in_scope(request, JobChangeForm(request.POST or None, initial=initial))

    def save() -> StaffMember:
        start = form.cleaned_data["effective_from"]
        staff_change_job(staff=staff, by=request.user, effective_from=start, **form.job())
        return staff

    title = f"Record a change to {staff.full_name}'s job"
    return _form_page(request, form, save, done="Change of job recorded", title=title, staff=staff)


@require(Capability.EDIT_STAFF)
def staff_leaving(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = _editable(request, pk)
    if staff.end_date is not None:
        messages.info(
            request,
            f"{staff.full_name} left on {staff.end_date:%-d %B %Y}: their leaving is recorded",
        )
        return redirect("workforce:staff_detail", pk=staff.pk)
    form = LeavingForm(request.POST or None)

    def save() -> StaffMember:
        return staff_record_leaving(staff=staff, by=request.user, **form.cleaned_data)

    title = f"Record {staff.full_name} leaving"
    return _form_page(request, form, save, done="Leaving recorded", title=title, staff=staff)


@require(Capability.EDIT_STAFF)
def staff_convert_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """An agency worker taken on as an employee, or an employee moving to agency work."""
    staff = _editable(request, pk)
    form = ConversionForm(request.POST or None, staff=staff)

    def save() -> StaffMember:
        return staff_convert(staff=staff, by=request.user, **form.cleaned_data)

    agency = staff.employment_type == StaffMember.Employment.AGENCY
    title = (
        f"Record taking {staff.full_name} on as an employee"
        if agency
        else f"Record {staff.full_name} moving to agency work"
    )
    return _form_page(request, form, save, done="Conversion recorded", title=title, staff=staff)


@require(Capability.EDIT_STAFF)
def sickness_new(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = _editable(request, pk)
    form = SicknessForm(request.POST or None)

    def save() -> StaffMember:
        sickness_record(staff=staff, by=request.user, **form.cleaned_data)
        return staff

    title = f"Record sickness absence for {staff.full_name}"
    return _form_page(
        request, form, save, done="Sickness absence recorded", title=title, staff=staff
    )


@require(Capability.EDIT_STAFF)
def long_absence_new(request: SignedInRequest, pk: int) -> HttpResponse:
    """Maternity or other long leave, or a secondment: the post becomes a temporary vacancy."""
    staff = _editable(request, pk)
    form = LongAbsenceForm(request.POST or None)

    def save() -> StaffMember:
        long_absence_record(staff=staff, by=request.user, **form.cleaned_data)
        return staff

    title = f"Record a long absence or secondment for {staff.full_name}"
    return _form_page(request, form, save, done="Absence recorded", title=title, staff=staff)


@require(Capability.VIEW_INDICATORS)
def dashboard(request: SignedInRequest) -> HttpResponse:
    """DfE's indicators for a reporting year and part of the authority, with comparisons."""
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    years = reporting_years(today=clock().today())
    if not years:
        return render(request, "workforce/dashboard_empty.html")
    chosen = request.GET.get("year", "")
    year = int(chosen) if re.fullmatch(r"\d{4}", chosen, re.ASCII) else 0
    notice = ""
    if year not in years:
        if chosen:  # a year asked for that has no figures is said so, never silently replaced
            notice = (
                f"There are no figures for the year {chosen[:10]}. These are for {years[-1]}, "
                f"the latest; figures run from {years[0]} to {years[-1]}."
            )
        year = years[-1]
    rolling = RollingForm(request.GET if "to_0" in request.GET else None, today=clock().today())
    rolling_to = rolling.cleaned_data["to"] if rolling.is_bound and rolling.is_valid() else None
    if rolling_to is not None:  # compare with DfE's reporting year that holds the day
        holding = rolling_to.year + (rolling_to.month >= 10)
        year = max((y for y in years if y <= holding), default=years[0])
    context = {
        "board": dashboard_for(scope=scope, year=year, years=years, rolling_to=rolling_to),
        "chosen": scope,
        "rolling": rolling,
        "notice": notice,
        "scopes": scopes,
        "years": years,
        "can_manage": can(request.user, Capability.MANAGE_COMPARISONS),
        "can_see_retention": can(request.user, Capability.VIEW_RETENTION),
    }
    return render(request, "workforce/dashboard.html", context)


@require(Capability.VIEW_RETENTION)
def retention(request: SignedInRequest) -> HttpResponse:
    """How long people stay in post, for the whole authority or a part of it."""
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    page = retention_for(scope=scope, on=clock().today())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download("retention_curves", fmt, retention_sheets(page))
    context = {"page": page, "table_years": TABLE_YEARS, "chosen": scope, "scopes": scopes}
    return render(request, "workforce/retention.html", context)


@require(Capability.VIEW_RETENTION)
def retention_factors(request: SignedInRequest) -> HttpResponse:
    """Which factors go with leaving sooner: the Cox model, in plain words."""
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    page = factors_for(scope=scope, on=clock().today())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download("leaving_factors", fmt, factor_sheets(page))
    context = {
        "page": page,
        "chosen": scope,
        "scopes": scopes,
        "min_leavers": MIN_LEAVERS,
        "min_level_leavers": MIN_LEVEL_LEAVERS,
    }
    return render(request, "workforce/retention_factors.html", context)


@require(Capability.MANAGE_COMPARISONS)
def comparison_data(request: SignedInRequest) -> HttpResponse:
    """Load a newer DfE release, and choose the comparator authorities."""
    authority = organisation.authority()
    upload = ReleaseUploadForm(*submitted(request, "release"), prefix="release")
    neighbours = statistical_neighbours_named(authority.old_la_code)
    chosen = [c.old_la_code for c in authority.comparators.all()]
    choose = ComparatorsForm(
        submitted(request, "comparators")[0],
        prefix="comparators",
        authorities=comparator_choices(authority=authority, neighbours=neighbours),
        initial={"comparators": chosen or [code for code, _ in neighbours]},
    )
    problems: list[CellProblem] = []
    if upload.is_bound and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            release_load(data=file.read(), filename=file.name, by=request.user)
        except InvalidCsv as error:
            problems = error.problems
            upload.add_error(
                "file", f"The file was not loaded: {len(problems)} problems, listed below"
            )
        else:
            messages.success(request, f"{file.name} loaded: comparisons now use it")
            return redirect("workforce:comparison_data")
    elif neighbours and submitted(request, "neighbours")[0] is not None:
        comparators_set(
            authority=authority, old_la_codes=[code for code, _ in neighbours], by=request.user
        )
        messages.success(request, "Comparator authorities saved: DfE's statistical neighbours")
        return redirect("workforce:comparison_data")
    elif choose.is_bound and choose.is_valid():
        try:
            comparators_set(
                authority=authority,
                old_la_codes=choose.cleaned_data["comparators"],
                by=request.user,
            )
        except ValidationError as error:
            choose.add_error(None, error)
        else:
            messages.success(request, "Comparator authorities saved")
            return redirect("workforce:comparison_data")
    _, note = current_release()
    context = {
        "authority": authority,
        "upload": upload,
        "choose": choose,
        "problems": problems[:200],
        "more_problems": max(0, len(problems) - 200),
        "release_note": note,
        "neighbours": neighbours,
        "forms": [f for f in (upload, choose) if f.errors],
    }
    return render(request, "workforce/comparison_data.html", context)


@require(Capability.MANAGE_CENSUS)
def census(request: SignedInRequest) -> HttpResponse:
    """Validate, summarise or import an uploaded return; export one from the register."""
    years = sorted(SCHEMAS)
    upload = CensusUploadForm(*submitted(request, "upload"), prefix="upload")
    export = CensusExportForm(submitted(request, "export")[0], prefix="export", years=years)
    if upload.is_bound and upload.is_valid():
        file = upload.cleaned_data["file"]
        job = census_job_start(
            kind=upload.cleaned_data["action"],
            by=request.user,
            upload=file.read(),
            filename=file.name,
            year=upload.cleaned_data["year"],
        )
        return redirect("workforce:census_job", pk=job.pk)
    if export.is_bound and export.is_valid():
        job = census_job_start(kind="export", by=request.user, year=export.cleaned_data["year"])
        return redirect("workforce:census_job", pk=job.pk)
    forms_with_errors = [f for f in (upload, export) if f.errors]
    recent = census_jobs_visible_to(user=request.user)[:10]
    context = {
        "upload": upload,
        "export": export,
        "forms": forms_with_errors,
        "recent": recent,
        "can_record_pay": can(request.user, Capability.EDIT_STAFF),
    }
    return render(request, "workforce/census.html", context)


def _own_job(request: SignedInRequest, pk: int) -> CensusJob:
    return get_object_or_404(census_jobs_visible_to(user=request.user), pk=pk)


@require(Capability.MANAGE_CENSUS)
def census_job(request: SignedInRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    problems = job.result.get("errors", []) if job.finished else []
    context = {
        "job": job,
        "finished": job.finished,
        "problems": problems,
        "more_problems": max(0, job.result.get("problem_count", 0) - len(problems)),
        "error_count": job.result.get("error_count", 0),
        "summary": summary_rows(job.result.get("summary") or {}),
        "missing": job.result.get("missing", []),
    }
    return render(request, "workforce/census_job.html", context)


@require(Capability.MANAGE_CENSUS)
def census_job_status(request: SignedInRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk)
    return JsonResponse({"status": job.status, "step": job.step})


@require(Capability.MANAGE_CENSUS)
def census_job_download(request: SignedInRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if not job.output:
        raise Http404("This task has no file to download")
    response = HttpResponse(bytes(job.output), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="csww_{job.year}.xml"'
    return response


def _saved_page(
    request: SignedInRequest,
    form: Any,
    save: Callable[[], object],
    *,
    done: str,
    title: str,
    to: str,
) -> HttpResponse:
    """A form whose service may refuse it; on success, back to ``to``."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(to)
    return render(
        request, "workforce/staff_form.html", {"form": form, "staff": None, "title": title}
    )


@require(Capability.EDIT_STAFF)
def post_new(request: SignedInRequest) -> HttpResponse:
    team = request.GET.get("team", "")
    chosen = visible_or_404(teams_visible_to(user=request.user), team) if team else None
    form = _teams_in_scope(request, PostForm(request.POST or None, initial={"team": chosen}))

    def save() -> Post:
        return post_save(post=form.save(commit=False), by=request.user)

    to = reverse("workforce:team_list")
    if form.is_bound and form.is_valid():
        to = reverse("workforce:team_detail", args=[form.cleaned_data["team"].pk])
    return _saved_page(request, form, save, done="Post added", title="Add a funded post", to=to)


@require(Capability.EDIT_STAFF)
def post_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(posts_visible_to(user=request.user), pk=pk)
    form = _teams_in_scope(request, PostForm(request.POST or None, instance=post))

    def save() -> Post:
        return post_save(post=form.save(commit=False), by=request.user)

    to = reverse("workforce:team_detail", args=[post.team_id])
    return _saved_page(
        request, form, save, done="Post changed", title=f"Change post {post.reference}", to=to
    )


@require(Capability.EDIT_STAFF)
def pay_and_allowances(request: SignedInRequest, year: int) -> HttpResponse:
    authority = organisation.authority()
    flags = PayAndAllowances.objects.filter(authority=authority, year=year).first()
    form = PayAndAllowancesForm(
        request.POST or None, instance=flags or PayAndAllowances(authority=authority, year=year)
    )

    def save() -> PayAndAllowances:
        return pay_and_allowances_save(flags=form.save(commit=False), by=request.user)

    title = f"Pay and allowances, reporting year {year}"
    return _saved_page(
        request,
        form,
        save,
        done="Pay and allowances saved",
        title=title,
        to=reverse("workforce:census"),
    )


@require(Capability.EDIT_STAFF)
def staff_import_page(request: SignedInRequest) -> HttpResponse:
    """Import staff from the template, all or nothing, in the background: the task's page shows
    the progress, then every problem by cell."""
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        task = import_task_start(
            kind=ImportTask.Kind.STAFF,
            by=request.user,
            upload=file.read(),
            filename=file.name,
            dry_run=form.cleaned_data["dry_run"],
            today=clock().today(),
        )
        return redirect("tasks:import_task", pk=task.pk)
    context = {"form": form, "limit_mb": upload_limit_mb()}
    return render(request, "workforce/staff_import.html", context)


@require(Capability.EDIT_STAFF)
def staff_import_template(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="staff_template.xlsx"'
    return response


@require(Capability.VIEW_RETENTION)
def forecast(request: SignedInRequest) -> HttpResponse:
    """The baseline forecast for the whole authority, the saved scenarios and the back-test."""
    page = forecast_page(on=clock().today())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download(f"forecast-{page.on:%Y-%m-%d}", fmt, forecast_sheets(page))
    context = {
        "page": page,
        "scenarios": scenarios_visible_to(user=request.user),
        "can_manage": can(request.user, Capability.MANAGE_SCENARIOS),
    }
    return render(request, "workforce/forecast.html", context)


@require(Capability.VIEW_RETENTION)
def scenario_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A saved scenario's forecast and its effect beside the baseline."""
    saved = get_object_or_404(scenarios_visible_to(user=request.user), pk=pk)
    page = forecast_page(on=clock().today(), saved=saved)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        name = f"forecast-scenario-{saved.pk}-{page.on:%Y-%m-%d}"
        return sheets_download(name, fmt, forecast_sheets(page))
    context = {
        "page": page,
        "saved": saved,
        "can_manage": can(request.user, Capability.MANAGE_SCENARIOS),
    }
    return render(request, "workforce/scenario.html", context)


def _scenario_form_page(
    request: SignedInRequest,
    form: ScenarioForm,
    save: Callable[[], ForecastScenario],
    *,
    title: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Scenario {saved.name} saved")
            return redirect("workforce:scenario_detail", pk=saved.pk)
    return render(request, "workforce/scenario_form.html", {"form": form, "title": title})


@require(Capability.MANAGE_SCENARIOS)
def scenario_new(request: SignedInRequest) -> HttpResponse:
    form = ScenarioForm(request.POST or None)

    def save() -> ForecastScenario:
        return scenario_create(by=request.user, **form.cleaned_data)

    return _scenario_form_page(request, form, save, title="Add a forecast scenario")


@require(Capability.MANAGE_SCENARIOS)
def scenario_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(scenarios_visible_to(user=request.user), pk=pk)
    form = ScenarioForm(request.POST or None, instance=saved)

    def save() -> ForecastScenario:
        fresh = ForecastScenario.objects.get(pk=saved.pk)
        return scenario_update(scenario=fresh, by=request.user, **form.cleaned_data)

    return _scenario_form_page(request, form, save, title=f"Change scenario {saved.name}")


@require(Capability.MANAGE_SCENARIOS)
def scenario_delete_view(request: SignedInRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(scenarios_visible_to(user=request.user), pk=pk)
    if request.method == "POST":
        scenario_delete(scenario=saved, by=request.user)
        messages.success(request, f"Scenario {saved.name} deleted")
        return redirect("workforce:forecast")
    return render(request, "workforce/scenario_delete.html", {"saved": saved})
