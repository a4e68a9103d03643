from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from csc_workforce.core import caseloads as core
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.workforce.indicators import scopes_for
from csc_workforce.web.workforce.models import StaffMember, Team
from csc_workforce.web.workforce.selectors import teams_visible_to

from . import selectors
from .forms import AllocationForm
from .models import Allocation, Case
from .services import allocation_create


@require(Capability.VIEW_CASELOADS)
def loads(request: SignedInRequest) -> HttpResponse:
    """Every worker's weighted load against capacity, for the part of the service chosen."""
    today = clock().today()
    scopes = scopes_for(request.user)
    if not scopes:
        raise PermissionDenied
    scope = next((s for s in scopes if s.key == request.GET.get("scope")), scopes[0])
    found = selectors.loads_on(today)
    if found is None:
        return render(request, "caseloads/no_model.html", {"can_manage": False})
    _, frame, unweighted = found
    if scope.teams is not None:
        frame = frame.filter(frame["team_id"].is_in(list(scope.teams)))
        unweighted = unweighted.filter(unweighted["worker_id"].is_in(frame["worker_id"].to_list()))
    totals = core.rollup(frame).row(0, named=True) if frame.height else None
    by_team = core.rollup(frame, by=["team_id"]).sort("load_percent", descending=True)
    teams = Team.objects.in_bulk(by_team["team_id"].to_list())
    settings = selectors.settings()
    context = {
        "today": today,
        "scopes": scopes,
        "scope": scope,
        "workers": selectors.worker_loads(frame, None),
        "totals": totals,
        "teams": [(teams[row["team_id"]], row) for row in by_team.iter_rows(named=True)],
        "unweighted": selectors.unweighted_cases(unweighted),
        "overloaded": selectors.sustained_overloads(
            today=today,
            workers=set(frame["worker_id"].to_list()),
            threshold=settings.overload_percent,
            weeks=settings.overload_weeks,
        ),
        "settings": settings,
        "can_allocate": can(request.user, Capability.ALLOCATE),
    }
    return render(request, "caseloads/loads.html", context)


@require(Capability.VIEW_OWN_CASELOAD)
def mine(request: SignedInRequest) -> HttpResponse:
    """A practitioner's own cases and load."""
    staff = StaffMember.objects.filter(user=request.user).first()
    if staff is None:
        raise PermissionDenied
    today = clock().today()
    found = selectors.loads_on(today)
    load = None
    if found is not None:
        mine_only = found[1].filter(found[1]["worker_id"] == staff.pk)
        rows = selectors.worker_loads(mine_only, None)
        load = rows[0] if rows else None
    cases = selectors.own_cases(staff=staff, on=today, model=found[0] if found else None)
    return render(request, "caseloads/mine.html", {"staff": staff, "load": load, "cases": cases})


@require(Capability.ALLOCATE)
def board(request: SignedInRequest) -> HttpResponse:
    """Unallocated children, oldest first; for a chosen child, each worker's load before and
    after and a suggested worker; allocate with the reason."""
    today = clock().today()
    teams = list(teams_visible_to(request.user).order_by("name"))
    if not teams:
        raise PermissionDenied
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    found = selectors.loads_on(today)
    if found is None:
        return render(request, "caseloads/no_model.html", {"can_manage": False})
    model, frame, _ = found
    waiting = selectors.unallocated(on=today)
    chosen = None
    if request.GET.get("case", "").isascii() and request.GET.get("case", "").isdigit():
        chosen = Case.objects.filter(pk=int(request.GET["case"])).first()
    suggestions = selectors.suggestions_for(chosen, model=model, loads=frame, team=team, on=today)
    workers = [(s.worker_id, s.label) for s in suggestions]
    form = AllocationForm(
        request.POST or None, workers=workers, initial={"start": today}, prefix="allocate"
    )
    if request.method == "POST" and chosen is not None and form.is_valid():
        worker = get_object_or_404(StaffMember, pk=form.cleaned_data["worker"])
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
        "suggestions": suggestions,
        "form": form,
        "current_lead": chosen.allocations.filter(role=Allocation.Role.LEAD, end__isnull=True)
        .select_related("worker")
        .first()
        if chosen
        else None,
    }
    return render(request, "caseloads/board.html", context)


@require(Capability.VIEW_EXPERIENCE)
def children_experience(request: SignedInRequest) -> HttpResponse:
    """Changes of social worker, timeliness of assessments and visits, and hotspot teams."""
    today = clock().today()
    year = today.year if today.month >= 4 else today.year - 1
    stability, published = selectors.cla_stability(year=year)
    settings = selectors.settings()
    context = {
        "today": today,
        "year": year,
        "stability": stability,
        "published_year": published.year,
        "published": selectors.published_rows(published),
        "at_most_three": selectors.at_most_three(on=today),
        "target": settings.worker_changes_target,
        "timeliness": selectors.timeliness(today=today),
        "hotspots": selectors.hotspots(today=today, settings=settings),
        "minimum": settings.hotspot_minimum_signals,
    }
    return render(request, "caseloads/experience.html", context)
