import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from csc_workforce.core import caseloads as core
from csc_workforce.core import experience
from csc_workforce.core.allocation_import import ACTIVITY_COLUMNS, ALLOCATION_COLUMNS, template_xlsx
from csc_workforce.web.accounts.permissions import (
    Capability,
    SignedInRequest,
    can,
    require,
    visible_or_404,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import (
    scope_chosen,
    staff_visible_to,
    teams_visible_to,
)
from csc_workforce.web.tasks.services import import_task_start
from csc_workforce.web.uploads import upload_limit_mb

from . import selectors, view_models
from .forms import (
    AllocationForm,
    CaseloadImportForm,
    ReductionForm,
    ThresholdsForm,
    WeightingForm,
)
from .models import Allocation, Reduction, ReductionReason, WeightingModelVersion
from .services import allocation_create, reduction_create, thresholds_save, weighting_version_create


@require(Capability.VIEW_CASELOADS)
def loads(request: SignedInRequest) -> HttpResponse:
    """Every worker's weighted load against capacity, for the part of the service chosen."""
    today = clock().today()
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    found = selectors.loads_on(today, teams=scope.teams)
    if found is None:
        can_weight = can(request.user, Capability.MANAGE_WEIGHTING)
        return render(request, "caseloads/no_model.html", {"can_weight": can_weight})
    _, frame, unweighted = found
    totals = core.rollup(frame).row(0, named=True) if frame.height else None
    # Highest load first, a hundred a page: the first pages show who is most over capacity.
    workers, supervising = view_models.worker_tables(
        loads=frame,
        scope=scope.key,
        pages={key: request.GET.get(key) for key in ("page", "households")},
    )
    by_team = core.rollup(frame, by=["team_id"]).sort("load_percent", descending=True)
    teams = Team.objects.in_bulk(by_team["team_id"].to_list())
    settings = selectors.settings()
    context = {
        "today": today,
        "scopes": scopes,
        "scope": scope,
        # Supervising social workers hold households, reported apart from children's workers.
        "workers": workers,
        "supervising": supervising,
        "totals": totals,
        "teams": [
            (teams[row["team_id"]], row | {"over": core.over_capacity(row["load_percent"])})
            for row in by_team.iter_rows(named=True)
        ],
        "unweighted": view_models.unweighted_cases(unweighted=unweighted),
        "overloaded": sorted(  # longest over first, then the highest peak
            selectors.sustained_overloads(
                today=today,
                teams=scope.teams,
                threshold=settings.overload_percent,
                weeks=settings.overload_weeks,
            ),
            key=lambda run: (-run[1], -run[2], run[0].family_name),
        ),
        "settings": settings,
        "can_allocate": can(request.user, Capability.ALLOCATE),
        "can_weight": can(request.user, Capability.MANAGE_WEIGHTING),
        # Those who allocate need the case management system's IDs; others see them masked.
        "show_ids": can(request.user, Capability.ALLOCATE),
    }
    return render(request, "caseloads/loads.html", context)


def _cases_of(staff: StaffMember) -> dict[str, object]:
    """A worker's load today and the cases they hold."""
    today = clock().today()
    found = selectors.loads_on(today, workers=[staff.pk])
    load = None
    if found is not None:
        theirs = found[1].filter(found[1]["worker_id"] == staff.pk)
        rows = view_models.worker_loads(loads=theirs)
        load = rows[0] if rows else None
    cases = view_models.own_cases(staff=staff, on=today, model=found[0] if found else None)
    return {"staff": staff, "load": load, "cases": cases}


@require(Capability.VIEW_OWN_CASELOAD)
def mine(request: SignedInRequest) -> HttpResponse:
    """A practitioner's own cases and load."""
    staff = staff_visible_to(user=request.user).filter(user=request.user).first()
    if staff is None:
        raise PermissionDenied
    return render(request, "caseloads/mine.html", _cases_of(staff) | {"show_ids": True})


@require(Capability.VIEW_CASELOADS)
def worker(request: SignedInRequest, pk: int) -> HttpResponse:
    """One worker's load and the cases they hold, for those who see their team's loads (the
    sustained-overload table links here); case IDs masked for those who do not allocate."""
    staff = get_object_or_404(
        staff_visible_to(user=request.user).select_related("team"),
        pk=pk,
        team__in=teams_visible_to(user=request.user),
    )
    context = _cases_of(staff) | {"show_ids": can(request.user, Capability.ALLOCATE)}
    return render(request, "caseloads/worker.html", context)


@require(Capability.ALLOCATE)
def board(request: SignedInRequest) -> HttpResponse:
    """Unallocated children, oldest first; for a chosen child, each worker's load before and
    after and a suggested worker; allocate with the reason."""
    today = clock().today()
    visible = teams_visible_to(user=request.user)
    teams = list(visible.order_by("name"))
    if not teams:
        raise PermissionDenied
    chosen_team = request.GET.get("team")
    team = visible_or_404(visible, chosen_team) if chosen_team else teams[0]
    # The team's workers, and those of the person's other teams doing the same kind of work.
    alike = frozenset(visible.filter(team_type=team.team_type).values_list("pk", flat=True))
    found = selectors.loads_on(today, teams=alike)
    if found is None:
        can_weight = can(request.user, Capability.MANAGE_WEIGHTING)
        return render(request, "caseloads/no_model.html", {"can_weight": can_weight})
    model, frame, _ = found
    waiting = selectors.unallocated(on=today)
    case_id = request.GET.get("case")
    chosen = None
    if case_id:  # the one case asked for, looked up as that case alone (a quicker plan)
        one = int(case_id) if case_id.isascii() and case_id.isdigit() else None
        chosen = visible_or_404(selectors.cases_visible_to(user=request.user, pk=one), case_id)
    suggestions = view_models.suggestions_for(
        case=chosen, model=model, loads=frame, team=team, on=today
    )
    workers = [(s.worker_id, s.label) for s in suggestions]
    suggested = next((s for s in suggestions if s.best), None)
    initial: dict[str, object] = {"start": today}
    if suggested is not None:  # the suggested worker is chosen already; the allocator may change
        initial["worker"] = suggested.worker_id
    form = AllocationForm(request.POST or None, workers=workers, initial=initial, prefix="allocate")
    if request.method == "POST" and chosen is not None and form.is_valid():
        worker = get_object_or_404(
            staff_visible_to(user=request.user), pk=form.cleaned_data["worker"]
        )
        try:
            allocation_create(
                case=chosen,
                worker=worker,
                start=form.cleaned_data["start"],
                by=request.user,
                rationale=form.cleaned_data["rationale"],
                change_reason=form.cleaned_data["change_reason"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Case {chosen.cms_id} allocated to {worker.full_name}")
            return redirect(f"{reverse('caseloads:board')}?team={team.pk}")
    context = {
        "today": today,
        "teams": teams,
        "team": team,
        "waiting": waiting,
        "chosen": chosen,
        "summary": view_models.case_summary(case=chosen, on=today) if chosen else None,
        "suggestions": suggestions,
        "suggested": suggested,
        "form": form,
        "current_lead": selectors.allocations_visible_to(user=request.user, case=chosen.pk)
        .filter(role=Allocation.Role.LEAD, end__isnull=True)
        .first()
        if chosen
        else None,
    }
    return render(request, "caseloads/board.html", context)


@require(Capability.VIEW_EXPERIENCE)
def children_experience(request: SignedInRequest) -> HttpResponse:
    """Changes of social worker, timeliness of assessments and visits, and hotspot teams."""
    today = clock().today()
    year = experience.latest_year(today)
    # Workers are named only to those who may see them, in their teams (none for the analyst),
    # a team at a time: the team chosen, else the first of the person's teams by name.
    named_teams = list(
        teams_visible_to(user=request.user)
        .filter(pk__in=staff_visible_to(user=request.user).values("team_id"))
        .order_by("name")
    )
    chosen = request.GET.get("team")
    worker_team = (
        visible_or_404(teams_visible_to(user=request.user), chosen)
        if chosen
        else next(iter(named_teams), None)
    )
    named = frozenset(
        staff_visible_to(user=request.user).filter(team=worker_team).values_list("pk", flat=True)
        if worker_team is not None
        else []
    )
    # Only then the figures (a team outside the person's scope is refused before any is read
    # or stored).
    records = selectors.CaseRecords(today, stability_year=year)  # read once for every section
    stability, published = selectors.cla_stability(year=year, records=records)
    settings = selectors.settings()
    context = {
        "today": today,
        "year": year,
        "stability": stability,
        "published_year": published.year,
        "published": view_models.published_rows(published),
        "at_most_three": view_models.at_most_three(records=records),
        "target": settings.worker_changes_target,
        "timeliness": view_models.timeliness(records=records),
        "named_teams": named_teams,
        "worker_team": worker_team,
        "team_chosen": bool(chosen),
        "timeliness_by_worker": view_models.timeliness(records=records, by="worker_id", only=named)
        if named_teams
        else None,
        "hotspots": view_models.hotspots(records=records, settings=settings),
        "minimum": settings.hotspot_minimum_signals,
        "can_import": can(request.user, Capability.IMPORT_CASELOADS),
    }
    return render(request, "caseloads/experience.html", context)


@require(Capability.MANAGE_WEIGHTING)
def weighting(request: SignedInRequest) -> HttpResponse:
    """The weighting model's versions, a new version, and the authority's thresholds."""
    today = clock().today()
    versions = list(WeightingModelVersion.objects.all())
    current = next((v for v in versions if v.effective_from <= today), None)
    initial = _version_initial(current, today)
    model_form = WeightingForm(request.POST or None, initial=initial, prefix="model")
    settings = selectors.settings()
    thresholds = ThresholdsForm(
        request.POST or None, initial=ThresholdsForm.initial_from(settings), prefix="limits"
    )
    if request.method == "POST" and "model-full_time_target" in request.POST:
        thresholds = ThresholdsForm(initial=ThresholdsForm.initial_from(settings), prefix="limits")
        if model_form.is_valid():
            try:
                weighting_version_create(by=request.user, **model_form.values())
            except ValidationError as error:
                model_form.add_error(None, error)
            else:
                messages.success(request, "New weighting version saved")
                return redirect("caseloads:weighting")
    elif request.method == "POST":
        model_form = WeightingForm(initial=initial, prefix="model")
        if thresholds.is_valid():
            thresholds_save(settings=thresholds.apply(settings), by=request.user)
            messages.success(request, "Thresholds saved")
            return redirect("caseloads:weighting")
    context = {
        "versions": versions,
        "current": current,
        "model_form": model_form,
        "thresholds": thresholds,
        "forms": [f for f in (model_form, thresholds) if f.is_bound and f.errors],
    }
    return render(request, "caseloads/weighting.html", context)


def _version_initial(current: WeightingModelVersion | None, today: dt.date) -> dict[str, object]:
    """A new version starts from the current one's prices, applying from tomorrow."""
    initial: dict[str, object] = {"effective_from": today + dt.timedelta(days=1)}
    if current is None:
        return initial | {
            "full_time_hours": core.FULL_TIME_HOURS,
            "asye_capacity_share": core.ASYE_CAPACITY_SHARE,
        }
    initial |= {
        "full_time_target": current.full_time_target,
        "full_time_hours": current.full_time_hours,
        "court_extra": current.court_extra,
        "pre_proceedings_extra": current.pre_proceedings_extra,
        "asye_capacity_share": current.asye_capacity_share,
        "asye_alone_forbidden": current.asye_alone_forbidden,
    }
    for prefix, prices in (
        ("status", current.status_points),
        ("complexity", current.complexity_points),
        ("travel", current.travel_points),
    ):
        initial |= {f"{prefix}_{key}": value for key, value in prices.items()}
    return initial


@require(Capability.ALLOCATE)
def reductions(request: SignedInRequest) -> HttpResponse:
    """Reductions of case hours for the workers of the person's teams; each one's status
    (scheduled, active, ended) follows from today's date."""
    today = clock().today()
    found = selectors.weighting_model(today)
    hours = found[0].full_time_hours if found else core.FULL_TIME_HOURS
    staff = list(
        staff_visible_to(user=request.user)
        .filter(team__in=teams_visible_to(user=request.user), end_date__isnull=True)
        .filter(role_level__in=selectors.CASE_HOLDING_ROLES)
    )
    reasons = list(ReductionReason.objects.all())
    form = ReductionForm(
        request.POST or None,
        staff=[(s.pk, f"{s.full_name} ({s.team})") for s in staff],
        reasons=[
            (r.pk, f"{r.name} (usually {r.default_share:.0%}, at most {r.maximum_share:.0%})")
            for r in reasons
        ],
    )
    if request.method == "POST" and form.is_valid():
        person = next(s for s in staff if s.pk == form.cleaned_data["staff"])
        reason = next(r for r in reasons if r.pk == form.cleaned_data["reason"])
        try:
            reduction_create(
                staff=person,
                reason=reason,
                hours_per_week=form.cleaned_data["hours_per_week"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                full_time_hours=hours,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Reduction recorded for {person.full_name}")
            return redirect("caseloads:reductions")
    rows = [
        (
            reduction,
            core.reduction_status(
                core.Reduction(
                    hours_per_week=reduction.hours_per_week,
                    reason=reduction.reason.name,
                    start=reduction.start,
                    end=reduction.end,
                ),
                today=today,
            ),
        )
        for reduction in Reduction.objects.filter(staff__in=staff)
        .select_related("staff", "reason")
        .order_by("-start")
    ]
    return render(request, "caseloads/reductions.html", {"form": form, "rows": rows})


@require(Capability.IMPORT_CASELOADS)
def imports(request: SignedInRequest) -> HttpResponse:
    """Import allocations (template or SSD extract) or activity, all or nothing, in the
    background: the task's page shows the progress, then every problem by file, row and
    column."""
    form = CaseloadImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file, professionals = data["file"], data.get("professionals")
        task = import_task_start(
            kind=data["kind"],
            by=request.user,
            upload=file.read(),
            filename="ssd_involvements.csv" if data["kind"] == "ssd" else file.name,
            dry_run=data["dry_run"],
            today=clock().today(),
            second_upload=professionals.read() if professionals and data["kind"] == "ssd" else None,
            second_filename="ssd_professionals.csv" if data["kind"] == "ssd" else "",
        )
        return redirect("tasks:import_task", pk=task.pk)
    context = {"form": form, "limit_mb": upload_limit_mb()}
    return render(request, "caseloads/imports.html", context)


@require(Capability.IMPORT_CASELOADS)
def import_template(request: SignedInRequest, kind: str) -> HttpResponse:
    columns = {"allocations": ALLOCATION_COLUMNS, "activity": ACTIVITY_COLUMNS}.get(kind)
    if columns is None:
        raise Http404("No such template")
    response = HttpResponse(
        template_xlsx(columns, sheet_name=kind.capitalize()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}_template.xlsx"'
    return response


@require(Capability.VIEW_CASELOADS)
def history(request: SignedInRequest) -> HttpResponse:
    """Load against capacity, week by week, for the last quarter, for the part chosen."""
    today = clock().today()
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    weeks = selectors.weekly_totals(today=today, teams=scope.teams)
    context = {"scopes": scopes, "scope": scope, "weeks": weeks}
    return render(request, "caseloads/history.html", context)
