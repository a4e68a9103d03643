from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock

from .forms import StaffMemberForm
from .models import StaffMember, Team
from .selectors import staff_visible_to, team_staff, team_summaries, teams_visible_to
from .services import staff_create, staff_update


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
        },
    )


@require(Capability.VIEW_STAFF)
def team_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The people in a team: needs both sight of the team and of staff records."""
    team = get_object_or_404(Team.objects.select_related("service_area"), pk=pk)
    if not teams_visible_to(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    today = clock().today()
    return render(
        request,
        "workforce/team_detail.html",
        {
            "team": team,
            "staff": team_staff(team=team, on=today),
            "managers": team.managers.all(),
            "today": today,
            "can_edit": can(request.user, Capability.EDIT_STAFF),
        },
    )


@require(Capability.VIEW_STAFF)
def staff_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(StaffMember, pk=pk)
    if not staff_visible_to(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "staff": staff,
            "sickness": staff.sickness.all(),
            "can_edit": can(request.user, Capability.EDIT_STAFF),
            "can_audit": can(request.user, Capability.VIEW_AUDIT_TRAIL),
        },
    )


@require(Capability.VIEW_HOME)
def my_record(request: SignedInRequest) -> HttpResponse:
    staff = StaffMember.objects.filter(user=request.user).first()
    if staff is None:
        raise PermissionDenied
    return redirect("workforce:staff_detail", pk=staff.pk)


@require(Capability.EDIT_STAFF)
def staff_new(request: SignedInRequest) -> HttpResponse:
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff = staff_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"{staff.full_name} added")
        return redirect("workforce:staff_detail", pk=staff.pk)
    return render(request, "workforce/staff_form.html", {"form": form, "staff": None})


@require(Capability.EDIT_STAFF)
def staff_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(StaffMember, pk=pk)
    if not staff_visible_to(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    form = StaffMemberForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        staff_update(staff=staff, by=request.user, **form.cleaned_data)
        messages.success(request, f"{staff.full_name}'s record updated")
        return redirect("workforce:staff_detail", pk=staff.pk)
    return render(request, "workforce/staff_form.html", {"form": form, "staff": staff})
