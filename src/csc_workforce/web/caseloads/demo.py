"""Northfield's children, households and allocations for the demo (``core.demo_caseloads``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from csc_workforce.core import demo as generator
from csc_workforce.core.demo_caseloads import DemoCase, DemoCaseloads, generate_caseloads
from csc_workforce.web.workforce.models import StaffMember

from .models import (
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
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
    "full_time_hours": Decimal(37),
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
    "asye_capacity_share": Decimal("0.90"),
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
    weighting model and thresholds, ASYE reductions, and the census counts from allocations."""
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
    cases = Case.objects.bulk_create(
        Case(
            cms_id=case.cms_id,
            kind=case.kind,
            date_of_birth=case.date_of_birth,
            sibling_group=case.sibling_group,
            travel_band=case.travel_band,
            complexity=case.complexity,
            opened=_opened(case),
            closed=closing.get(case.key),
        )
        for case in caseloads.cases
    )
    by_key = {case.key: row for case, row in zip(caseloads.cases, cases, strict=True)}
    CaseStatus.objects.bulk_create(
        CaseStatus(case=by_key[case.key], status=status, start=start, end=end)
        for case in caseloads.cases
        for status, start, end in case.statuses
    )
    Allocation.objects.bulk_create(
        Allocation(
            case=by_key[allocation.case_key],
            worker=staff_by_key[allocation.staff_key],
            role=allocation.role,
            start=allocation.start,
            end=allocation.end,
            change_reason=allocation.change_reason,
        )
        for allocation in caseloads.allocations
    )
    Assessment.objects.bulk_create(
        Assessment(
            case=by_key[case.key],
            started=case.assessment_start,
            authorised=case.assessment_authorised,
        )
        for case in caseloads.cases
        if case.assessment_start is not None
    )
    Visit.objects.bulk_create(
        Visit(case=by_key[visit.case_key], on=visit.on, worker=staff_by_key[visit.staff_key])
        for visit in caseloads.visits
    )
    _waiting_children(caseloads)
    _asye_reductions(staff_by_key)
    for year in generator.HISTORY_YEARS:
        _census_counts(dt.date(year, 9, 30))
    return caseloads


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
