"""Northfield's children, households and allocations for the demo (``core.demo_caseloads``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import Model

from csc_workforce.core import demo as generator
from csc_workforce.core.caseloads import ASYE_CAPACITY_SHARE, FULL_TIME_HOURS
from csc_workforce.core.demo_caseloads import DemoCase, DemoCaseloads, generate_caseloads
from csc_workforce.web.clock import clock
from csc_workforce.web.frames import analyze, delete_all, insert_frame
from csc_workforce.web.organisation.models import StaffMember

from . import activity, snapshots
from .models import (
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
    NonCaseWork,
    Reduction,
    ReductionReason,
    Status,
    Visit,
    WeightingModelVersion,
)
from .services import _census_counts

DEMO_MODEL = {
    "effective_from": dt.date(2020, 10, 1),
    "full_time_target": Decimal(2176),
    "full_time_hours": FULL_TIME_HOURS,
    "status_points": {
        "child_in_need": 110,
        "child_protection": 150,
        "child_looked_after": 135,
        "care_leaver": 90,
        "pre_proceedings": 150,
        "court_proceedings": 160,
        "fostering_household": 120,
        "adoption_household": 110,
    },
    "complexity_points": {"low": 0, "medium": 15, "high": 35},
    "travel_points": {"near": 0, "medium": 8, "far": 20},
    "court_extra": Decimal(30),
    "pre_proceedings_extra": Decimal(15),
    "asye_capacity_share": ASYE_CAPACITY_SHARE,
    "asye_alone_forbidden": ["child_protection", "court_proceedings"],
    "note": "Demo weighting: about 16 cases for a full-time social worker",
}


def seed_caseloads(
    authority: generator.DemoAuthority,
    staff_by_key: dict[str, StaffMember],
    *,
    progress: Callable[[str], None],
) -> DemoCaseloads:
    """Store the generated cases, statuses, allocations, assessments and visits, the demo
    weighting model and thresholds, ASYE reductions, the census counts from allocations, and
    today's assessment and visit checks (``activity``)."""
    caseloads = generate_caseloads(authority, seed=authority.seed)
    progress(
        f"Storing {len(caseloads.cases)} cases, {len(caseloads.allocations)} allocations "
        f"and {len(caseloads.visits)} visits…"
    )
    WeightingModelVersion.objects.create(**DEMO_MODEL)
    CaseloadSettings.objects.create(
        hotspot_thresholds={
            "weighted_load": 100,
            "sickness_absence_rate": 4,
            "agency_rate": 18,
            "turnover_rate": 16,
            "vacancy_rate": 18,
            "worker_changes": 25,
        },
        visit_timescales={"child_protection": 10, "child_looked_after": 30, "child_in_need": 20},
    )
    closing = _closing_dates(caseloads)
    # The largest tables go in as frames (COPY on PostgreSQL), not a model instance a row.
    case_ids = _insert(
        Case,
        (
            (
                case.cms_id,
                case.kind,
                case.date_of_birth,
                case.sibling_group,
                case.travel_band,
                case.complexity,
                _opened(case),
                closing.get(case.key),
            )
            for case in caseloads.cases
        ),
        cms_id=pl.String,
        kind=pl.String,
        date_of_birth=pl.Date,
        sibling_group=pl.String,
        travel_band=pl.String,
        complexity=pl.String,
        opened=pl.Date,
        closed=pl.Date,
    )
    case_id = {case.key: pk for case, pk in zip(caseloads.cases, case_ids, strict=True)}
    staff_id = {key: staff.pk for key, staff in staff_by_key.items()}
    _insert(
        CaseStatus,
        (
            (case_id[case.key], status, start, end)
            for case in caseloads.cases
            for status, start, end in case.statuses
        ),
        case_id=pl.Int64,
        status=pl.String,
        start=pl.Date,
        end=pl.Date,
    )
    _insert(
        Allocation,
        (
            (
                case_id[allocation.case_key],
                staff_id[allocation.staff_key],
                allocation.role,
                allocation.start,
                allocation.end,
                allocation.change_reason,
            )
            for allocation in caseloads.allocations
        ),
        case_id=pl.Int64,
        worker_id=pl.Int64,
        role=pl.String,
        start=pl.Date,
        end=pl.Date,
        change_reason=pl.String,
    )
    _insert(
        Assessment,
        (
            (case_id[case.key], case.assessment_start, case.assessment_authorised)
            for case in caseloads.cases
            if case.assessment_start is not None
        ),
        case_id=pl.Int64,
        started=pl.Date,
        authorised=pl.Date,
    )
    _insert(
        Visit,
        (
            (case_id[visit.case_key], visit.on, staff_id[visit.staff_key])
            for visit in caseloads.visits
        ),
        case_id=pl.Int64,
        on=pl.Date,
        worker_id=pl.Int64,
    )
    _waiting_children(caseloads)
    _asye_reductions(staff_by_key)
    for year in generator.HISTORY_YEARS:
        _census_counts(dt.date(year, 9, 30))
    # fresh planner statistics for the rows just stored, before the checks read them
    analyze(Case, CaseStatus, Allocation, Assessment, Visit)
    activity.take(clock().today())  # children's experience's checks, stored for today
    return caseloads


def _insert(model: type[Model], rows: Iterable[tuple[object, ...]], **columns: Any) -> list[int]:
    """Store ``rows`` (tuples of ``columns``' values, named by table column, with their polars
    types) as new rows of ``model``; returns their keys, in order."""
    return insert_frame(model, pl.DataFrame(list(rows), schema=columns, orient="row"))


def _opened(case: DemoCase) -> dt.date:
    starts = [start for _, start, _ in case.statuses]
    if case.assessment_start is not None:
        starts.append(case.assessment_start)
    return min(starts, default=generator.HISTORY_START)


def _closing_dates(caseloads: DemoCaseloads) -> dict[str, dt.date | None]:
    """Each case's last allocation end, or None while any allocation is open."""
    closing: dict[str, dt.date | None] = {}
    open_cases: set[str] = set()
    for allocation in caseloads.allocations:
        if allocation.end is None:
            open_cases.add(allocation.case_key)
        else:
            previous = closing.get(allocation.case_key)
            closing[allocation.case_key] = max(filter(None, (previous, allocation.end)))
    return {key: None if key in open_cases else end for key, end in closing.items()}


WAITING = (  # (days before the reference date, status, complexity, sibling group)
    (6, Status.CHILD_IN_NEED, "medium", "W1"),
    (6, Status.CHILD_IN_NEED, "low", "W1"),
    (4, Status.CHILD_PROTECTION, "high", ""),
    (3, Status.CHILD_IN_NEED, "low", ""),
    (2, Status.CHILD_PROTECTION, "medium", ""),
    (1, Status.CHILD_IN_NEED, "", ""),
)


def _waiting_children(caseloads: DemoCaseloads) -> None:
    """Children referred in the last week who have no lead worker yet, for the allocation
    board (two are siblings; one has no complexity band, so cannot be weighted)."""
    taken = {case.cms_id for case in caseloads.cases}
    for number, (days, status, complexity, group) in enumerate(WAITING, start=1):
        opened = generator.REFERENCE_DATE - dt.timedelta(days=days)
        cms_id = f"NF9{number:06d}"
        assert cms_id not in taken
        case = Case.objects.create(
            cms_id=cms_id,
            date_of_birth=opened - dt.timedelta(days=365 * (3 + number)),
            sibling_group=group,
            travel_band="near",
            complexity=complexity,
            opened=opened,
        )
        CaseStatus.objects.create(case=case, status=status, start=opened)


def _asye_reductions(staff_by_key: dict[str, StaffMember]) -> None:
    """Protected development time (10% of 37 hours) through each ASYE's first year."""
    reason, _ = ReductionReason.objects.get_or_create(  # made by a migration; a test may flush it
        name="ASYE protected development time",
        defaults={"default_share": Decimal("0.10"), "maximum_share": Decimal("0.20")},
    )
    Reduction.objects.bulk_create(
        Reduction(
            staff=staff,
            reason=reason,
            hours_per_week=(staff.fte * Decimal("3.7")).quantize(Decimal("0.1")),
            start=staff.start_date,
            end=staff.start_date + dt.timedelta(days=364),
        )
        for staff in staff_by_key.values()
        if staff.local_role == "asye"
    )


def clear_caseloads() -> None:
    """Remove the demo's children, allocations, weighting model and thresholds."""
    snapshots.stale(since=dt.date.min)
    activity.stale(since=dt.date.min)
    # The large tables in one statement each (the demo records its seeding as one event).
    delete_all(Visit, Assessment, Allocation, CaseStatus, Case)
    for model in (Reduction, NonCaseWork):
        model.objects.all().delete()
    WeightingModelVersion.objects.all().delete()
    CaseloadSettings.objects.all().delete()
