"""Writes for caseloads: allocations, the weighting model, reductions. Atomic and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import record, suppressed
from csc_workforce.web.organisation.models import Assignment, StaffMember
from csc_workforce.web.services import after_commit, service
from csc_workforce.web.workforce.models import CaseCount

from .frames import CASE_HOLDING_ROLES
from .models import (
    Allocation,
    Case,
    CaseloadSettings,
    Reduction,
    ReductionReason,
    WeightingModelVersion,
)


def current_model(on: dt.date) -> WeightingModelVersion | None:
    """The weighting model version in force on ``on``."""
    return WeightingModelVersion.objects.filter(effective_from__lte=on).first()


@service
def allocation_create(
    *,
    case: Case,
    worker: StaffMember,
    start: dt.date,
    by: User,
    rationale: str,
    change_reason: str = "",
    role: str = Allocation.Role.LEAD,
    today: dt.date,
) -> Allocation:
    """Allocate ``case`` to ``worker`` from ``start``, recording why. A new lead worker ends the
    current lead's allocation the day before and needs a reason for the change; the worker must
    be in post, hold cases, and (an ASYE) not hold alone a case whose status the weighting model
    forbids. The worker is told by email."""
    errors: dict[str, str] = {}
    if start > today:
        errors["start"] = "The allocation cannot start in the future"
    if not rationale.strip():
        errors["rationale"] = "Enter why this worker"
    job = (
        Assignment.objects.filter(staff=worker, effective_from__lte=start)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        .first()
    )
    if job is None or (worker.end_date is not None and worker.end_date < start):
        errors["worker"] = f"{worker.full_name} is not in post on {start:%-d %B %Y}"
    elif job.role_level not in CASE_HOLDING_ROLES:
        errors["worker"] = (
            f"{worker.full_name} does not hold cases ({job.get_role_level_display()})"
        )
    current = case.allocations.filter(role=Allocation.Role.LEAD, end__isnull=True).first()
    if role == Allocation.Role.LEAD and current is not None:
        if current.worker_id == worker.pk:
            errors["worker"] = f"{worker.full_name} is already the lead worker"
        elif not change_reason:
            errors["change_reason"] = "Select the reason for the change of lead worker"
        elif start <= current.start:
            errors["start"] = f"The change must start after {current.start:%-d %B %Y}"
    if role == Allocation.Role.LEAD and job is not None and job.local_role == "asye":
        forbidden = asye_forbidden_statuses(case, start)
        has_co_worker = case.allocations.filter(
            role=Allocation.Role.CO_WORKER, end__isnull=True
        ).exists()
        if forbidden and not has_co_worker:
            names = ", ".join(forbidden)
            errors["worker"] = (
                f"{worker.full_name} is in their ASYE and cannot hold a case with {names} alone: "
                "allocate a co-worker first"
            )
    if errors:
        raise ValidationError(errors)
    if role == Allocation.Role.LEAD and current is not None:
        current.end = start - dt.timedelta(days=1)
        current.save()
    allocation = Allocation.objects.create(
        case=case,
        worker=worker,
        role=role,
        start=start,
        change_reason=change_reason if current is not None else "",
        rationale=rationale.strip(),
        created_by=by,
    )
    after_commit(partial(_notify, worker, case, allocation))
    return allocation


def asye_forbidden_statuses(case: Case, on: dt.date) -> list[str]:
    model = current_model(on)
    forbidden = set(model.asye_alone_forbidden if model else [])
    active = case.statuses.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))
    return sorted({status.get_status_display() for status in active if status.status in forbidden})


def _notify(worker: StaffMember, case: Case, allocation: Allocation) -> None:
    """Tell the worker by email (no personal details of the child: the masked ID only)."""
    email = worker.user.email if worker.user else ""
    if not email:
        return
    send_mail(
        subject="A case has been allocated to you",
        message=(
            f"Case {case.masked_id} was allocated to you as "
            f"{allocation.get_role_display().lower()} from {allocation.start:%-d %B %Y}. "
            "Open CSC Workforce to see it."
        ),
        from_email=None,
        recipient_list=[email],
    )


@service
def weighting_version_create(*, by: User, **values: object) -> WeightingModelVersion:
    """A new weighting model version from its effective date (earlier versions stay as they
    were, so figures before that date keep the weighting they were computed under)."""
    version = WeightingModelVersion(created_by=by, **values)
    version.full_clean()
    version.save()
    return version


@service
def reduction_create(
    *,
    staff: StaffMember,
    reason: ReductionReason,
    hours_per_week: Decimal,
    start: dt.date,
    end: dt.date,
    full_time_hours: Decimal,
    by: User,
) -> Reduction:
    """A time-limited reduction of a worker's case hours, no more than its reason allows."""
    contracted = staff.fte * full_time_hours
    if hours_per_week <= 0:
        raise ValidationError({"hours_per_week": "Enter the hours a week, more than 0"})
    if hours_per_week > contracted * reason.maximum_share:
        raise ValidationError(
            {
                "hours_per_week": f"{reason} can take at most {reason.maximum_share:.0%} of "
                f"{contracted:.1f} contracted hours: {contracted * reason.maximum_share:.1f} hours"
            }
        )
    if end < start:
        raise ValidationError({"end": "The reduction must end on or after it starts"})
    reduction = Reduction(
        staff=staff, reason=reason, hours_per_week=hours_per_week, start=start, end=end
    )
    reduction.full_clean()
    reduction.save()
    return reduction


@service
def census_counts_refresh(*, census_dates: list[dt.date]) -> int:
    """Cases each worker leads on each census date (30 September), from the allocations, into
    the register's counts that feed DfE's caseload figure; returns the counts written."""
    written = 0
    with suppressed():
        for on in census_dates:
            written += _census_counts(on)
    record(
        action=AuditEvent.Action.ACTION,
        model=CaseCount._meta.label,
        message=f"Cases on {', '.join(f'{on:%-d %B %Y}' for on in census_dates)} "
        f"counted from allocations ({written} workers)",
    )
    return written


def _census_counts(on: dt.date) -> int:
    leads = (
        Allocation.objects.filter(role=Allocation.Role.LEAD, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("worker_id", flat=True)
    )
    counts: dict[int, int] = {}
    for worker_id in leads:
        counts[worker_id] = counts.get(worker_id, 0) + 1
    CaseCount.objects.filter(on=on).delete()
    CaseCount.objects.bulk_create(
        CaseCount(staff_id=worker_id, on=on, cases=cases) for worker_id, cases in counts.items()
    )
    return len(counts)


@service
def thresholds_save(*, settings: CaseloadSettings, by: User) -> CaseloadSettings:
    settings.full_clean()
    settings.save()
    return settings
