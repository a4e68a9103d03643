"""Children's experience reads the twelve months' assessment and visit checks stored by worker
(``activity``): the figures, counted by hand, are those computed from the visits themselves,
and every kind of change drops the stored day, to be computed again."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from polars.testing import assert_frame_equal

from csc_workforce.web.caseloads import activity, selectors, view_models
from csc_workforce.web.caseloads.imports import activity_import
from csc_workforce.web.caseloads.models import (
    ActivityDay,
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
    Visit,
)
from csc_workforce.web.caseloads.services import allocation_create
from csc_workforce.web.organisation.models import StaffMember
from tests.conftest import TODAY
from tests.core.test_allocation_import import ACTIVITY_FIELDS, csv_file
from tests.core.test_allocation_import import activity as activity_row
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

day = dt.date


@pytest.fixture
def northfield(db: None) -> dict[str, StaffMember | Case]:
    """Ann (team Alpha) and Bob (team Beta), children's social workers; child protection
    visits every 10 working days.

    C1: on a plan from Monday 1 September 2025, led by Ann from 1 August then by Bob from 20
    September. Visited on Friday 5 September by Ann (4 working days after the plan began: in)
    and Friday 26 September by Bob (15 working days after the visit before: late). Assessed
    from 1 August, authorised 15 September (30 working days, 25 August a bank holiday: in),
    counted for Bob, the latest lead worker.

    C2: on a plan from 2 September 2024, visited by Ann on 20 September and 3 October 2024.
    The twelve months to 30 September 2025 begin on 1 October 2024, so the 20 September visit
    is not read and the 3 October one is checked from the plan's start, 23 working days
    before: late (as the page always counted it)."""
    CaseloadSettings.objects.create(visit_timescales={"child_protection": 10})
    ann = StaffMemberFactory(given_name="Ann", family_name="Archer", team=TeamFactory(name="Alpha"))
    bob = StaffMemberFactory(
        given_name="Bob", family_name="Baker", swe_number="SW500", team=TeamFactory(name="Beta")
    )
    c1 = Case.objects.create(cms_id="C1", opened=day(2025, 8, 1))
    c2 = Case.objects.create(cms_id="C2", opened=day(2024, 9, 2))
    CaseStatus.objects.create(case=c1, status="child_protection", start=day(2025, 9, 1))
    CaseStatus.objects.create(case=c2, status="child_protection", start=day(2024, 9, 2))
    Allocation.objects.create(case=c1, worker=ann, start=day(2025, 8, 1), end=day(2025, 9, 19))
    Allocation.objects.create(case=c1, worker=bob, start=day(2025, 9, 20))
    Allocation.objects.create(case=c2, worker=ann, start=day(2024, 9, 2))
    Assessment.objects.create(case=c1, started=day(2025, 8, 1), authorised=day(2025, 9, 15))
    for case, on, worker in (
        (c1, day(2025, 9, 5), ann),
        (c1, day(2025, 9, 26), bob),
        (c2, day(2024, 9, 20), ann),
        (c2, day(2024, 10, 3), ann),
    ):
        Visit.objects.create(case=case, on=on, worker=worker)
    return {"ann": ann, "bob": bob, "c1": c1, "c2": c2}


def figures(by: str = "team_id") -> dict[str, list[tuple[str, int, int, Decimal | None]]]:
    """The page's timeliness rows (label, count, in timescale, share) on TODAY."""
    records = selectors.CaseRecords(TODAY, stability_year=2025)
    return {
        kind: sorted((row.label, row.completed, row.in_timescale, row.share) for row in rows)
        for kind, rows in view_models.timeliness(records=records, by=by).items()
    }


def stored_as_computed() -> None:
    stored = activity.for_day(TODAY)
    assert ActivityDay.objects.filter(day=TODAY).exists()
    computed = activity.compute(TODAY)
    assert_frame_equal(stored.sort(stored.columns), computed.sort(computed.columns))


def test_the_stored_checks_give_the_figures_counted_by_hand(northfield: dict) -> None:
    assert not ActivityDay.objects.exists()
    assert figures() == {
        "assessments": [("Beta", 1, 1, Decimal(100))],
        "visits": [("Alpha", 2, 1, Decimal(50)), ("Beta", 1, 0, Decimal(0))],
    }
    assert ActivityDay.objects.filter(day=TODAY).exists()  # stored by the first read
    assert figures("worker_id") == {
        "assessments": [("Bob Baker", 1, 1, Decimal(100))],
        "visits": [("Ann Archer", 2, 1, Decimal(50)), ("Bob Baker", 1, 0, Decimal(0))],
    }
    stored_as_computed()
    assert activity.take(TODAY).totals.height == 3  # already stored: read, not computed again


def dropped() -> bool:
    return not ActivityDay.objects.filter(day=TODAY).exists()


def test_every_kind_of_change_drops_the_stored_day(northfield: dict) -> None:
    ann, c1, c2 = (northfield[key] for key in ("ann", "c1", "c2"))
    figures()
    # A visit on 29 September by Ann: 1 working day after Bob's (in).
    Visit.objects.create(case=c1, on=day(2025, 9, 29), worker=ann)
    assert dropped()
    assert figures()["visits"] == [("Alpha", 3, 2, Decimal("66.7")), ("Beta", 1, 0, Decimal(0))]
    stored_as_computed()
    # A new lead worker for the assessed child: the assessment is counted for Ann now.
    allocation_create(
        case=c1,
        worker=ann,
        start=day(2025, 9, 30),
        by=UserFactory(),
        rationale="Back to Ann",
        change_reason="MANAGE",
        today=TODAY,
    )
    assert dropped()
    assert figures()["assessments"] == [("Alpha", 1, 1, Decimal(100))]
    stored_as_computed()
    # Ending an allocation does not change who leads last, but it changes the children's lead
    # workers on the day, stored with the checks (test_leads_stored.py): the day is dropped.
    allocation = Allocation.objects.get(case=c2)
    allocation.end = day(2025, 9, 30)
    allocation.save()
    assert dropped()
    stored_as_computed()
    # A status with a timescale: C2's plan ended before the visit of 3 October is not counted.
    status = CaseStatus.objects.get(case=c2)
    status.end = day(2024, 9, 30)
    status.save()
    assert dropped()
    assert figures()["visits"] == [("Alpha", 2, 2, Decimal(100)), ("Beta", 1, 0, Decimal(0))]
    # The authority's timescales: 15 working days, and Bob's visit is in.
    settings = CaseloadSettings.objects.get()
    settings.visit_timescales = {"child_protection": 15}
    settings.save()
    assert dropped()
    assert figures()["visits"] == [("Alpha", 2, 2, Decimal(100)), ("Beta", 1, 1, Decimal(100))]
    # An assessment deleted, then a bulk import of activity (past the models' signals).
    Assessment.objects.get().delete()
    assert dropped()
    assert figures()["assessments"] == []
    # Bob's visit to C1 on 10 September: 3 working days after Ann's, and his visit of 26
    # September 12 after it (in).
    data = csv_file(
        ACTIVITY_FIELDS,
        activity_row(cms_id="C1", kind="visit", visit_date="2025-09-10", worker_swe_number="SW500"),
    )
    activity_import(data=data, filename="v.csv", by=None, today=TODAY)
    assert ActivityDay.objects.filter(day=TODAY).exists()  # stored again by the import
    stored_as_computed()
    assert figures()["visits"] == [("Alpha", 2, 2, Decimal(100)), ("Beta", 2, 2, Decimal(100))]


def test_the_daily_job_stores_today_and_drops_earlier_days(northfield: dict) -> None:
    activity.take(day(2025, 9, 1))
    out = io.StringIO()
    call_command("caseloads", "snapshot", stdout=out)
    assert "children's lead workers counted, for the twelve months to 30 September 2025" in (
        out.getvalue()
    )
    assert list(ActivityDay.objects.values_list("day", flat=True)) == [TODAY]
    stored_as_computed()
