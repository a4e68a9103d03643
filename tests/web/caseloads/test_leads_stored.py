"""Children's experience reads the children's lead workers as stored for the day with the
assessment and visit checks (``activity``, ``WorkerLeads``): the figures, counted by hand, are
those computed from the allocations, and every change of a lead allocation, a case's opening
date or a looked-after status drops the stored day, to be computed again."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from polars.testing import assert_frame_equal

from csc_workforce.core import experience
from csc_workforce.web.caseloads import activity, selectors, view_models
from csc_workforce.web.caseloads.models import (
    ActivityDay,
    Allocation,
    Case,
    CaseloadSettings,
    CaseStatus,
    WorkerLeads,
)
from csc_workforce.web.caseloads.services import allocation_create
from csc_workforce.web.organisation.models import StaffMember
from tests.conftest import TODAY
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

day = dt.date
LOOKED_AFTER = "child_looked_after"


@pytest.fixture
def children(db: None) -> dict[str, StaffMember | Case]:
    """Ann and Cat in team Alpha, Bob and Dan in team Beta; today is 30 September 2025, the
    stability year 2025 (1 April 2024 to 31 March 2025).

    C1, opened 1 January 2023, looked after from 1 June 2024: led by Ann (10 April to 31
    August 2024), Bob (1 September to 31 December 2024), Cat (1 January to 31 March 2025) and
    Dan since 1 April 2025. In the stability year: Ann, Bob, Cat (3). Since opening: 4 (not at
    most 3). In the twelve months to today (from 1 October 2024): Bob, Cat, Dan (3).

    C2, opened 1 January 2025, led by Ann since: 1 lead worker every way; not looked after.

    C3, looked after from 1 January 2024 to 30 June 2025, led by Bob for all of it: counted for
    stability (1 lead worker), led by nobody today.

    So: stability 1 of 2 children (50%); at most 3 lead workers since opening, by team now:
    Alpha 1 of 1 (C2, Ann), Beta 0 of 1 (C1, Dan); 3 or more in the twelve months: Alpha 0 of
    1, Beta 1 of 1."""
    CaseloadSettings.objects.create()
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    ann = StaffMemberFactory(given_name="Ann", family_name="Archer", team=alpha)
    cat = StaffMemberFactory(given_name="Cat", family_name="Cole", team=alpha)
    bob = StaffMemberFactory(given_name="Bob", family_name="Baker", team=beta)
    dan = StaffMemberFactory(given_name="Dan", family_name="Dyer", team=beta)
    c1 = Case.objects.create(cms_id="C1", opened=day(2023, 1, 1))
    c2 = Case.objects.create(cms_id="C2", opened=day(2025, 1, 1))
    c3 = Case.objects.create(cms_id="C3", opened=day(2024, 1, 1))
    CaseStatus.objects.create(case=c1, status=LOOKED_AFTER, start=day(2024, 6, 1))
    CaseStatus.objects.create(
        case=c3, status=LOOKED_AFTER, start=day(2024, 1, 1), end=day(2025, 6, 30)
    )
    for case, worker, start, end in (
        (c1, ann, day(2024, 4, 10), day(2024, 8, 31)),
        (c1, bob, day(2024, 9, 1), day(2024, 12, 31)),
        (c1, cat, day(2025, 1, 1), day(2025, 3, 31)),
        (c1, dan, day(2025, 4, 1), None),
        (c2, ann, day(2025, 1, 1), None),
        (c3, bob, day(2024, 1, 1), day(2025, 6, 30)),
    ):
        Allocation.objects.create(case=case, worker=worker, start=start, end=end)
    return {"ann": ann, "bob": bob, "cat": cat, "dan": dan, "c1": c1, "c2": c2, "c3": c3}


def page(*, stored: bool = True) -> tuple[object, ...]:
    """What the page shows from the lead workers: stability, the share with at most 3 lead
    workers by team, the share with 3 or more in the twelve months by team (a hotspot signal)."""
    records = selectors.CaseRecords(TODAY, stability_year=2025, stored=stored)
    leads = records.leads
    stability = (
        leads.stability
        if leads is not None
        else experience.cla_three_or_more(
            allocations=records.allocations, statuses=records.statuses, year=2025
        )
    )
    at_most_three = sorted(
        (team.name, row["children"], row["at_most_three"], row["share"])
        for team, row in view_models.at_most_three(records=records)
    )
    names = {team.pk: team.name for team, _ in view_models.at_most_three(records=records)}
    changes = sorted(
        (names.get(team, team), share)
        for team, share in view_models._three_or_more_by_team(records).items()
    )
    return stability, at_most_three, changes


def stored_as_computed() -> None:
    assert page() == page(stored=False)
    stored = activity.stored(TODAY).leads
    computed = activity.compute_leads(TODAY)
    assert (stored.stability_year, stored.stability) == (
        computed.stability_year,
        computed.stability,
    )
    order = ["kind", "worker_id"]
    assert_frame_equal(stored.by_worker.sort(order), computed.by_worker.sort(order))


def dropped() -> bool:
    return not ActivityDay.objects.filter(day=TODAY).exists()


def test_the_stored_lead_workers_give_the_figures_counted_by_hand(children: dict) -> None:
    assert not ActivityDay.objects.exists()
    assert page() == (
        experience.Stability(1, 2, Decimal(50)),
        [("Alpha", 1, 1, 100.0), ("Beta", 1, 0, 0.0)],
        [("Alpha", Decimal(0)), ("Beta", Decimal(100))],
    )
    stored = ActivityDay.objects.get(day=TODAY)  # stored by the first read
    assert (stored.stability_year, stored.looked_after, stored.three_or_more) == (2025, 2, 1)
    rows = set(WorkerLeads.objects.values_list("kind", "worker__given_name", "children", "counted"))
    assert rows == {
        ("whole_time", "Ann", 1, 1),
        ("whole_time", "Dan", 1, 0),
        ("twelve_months", "Ann", 1, 0),
        ("twelve_months", "Dan", 1, 1),
    }
    stored_as_computed()
    # The page's own section reads the stored figure for its year, the computed one for another.
    records = selectors.CaseRecords(TODAY, stability_year=2025)
    assert records.leads is not None
    assert records.leads.stability == experience.Stability(1, 2, Decimal(50))


def test_every_change_of_lead_workers_drops_the_stored_day(children: dict) -> None:
    ann, bob, dan, c1, c2, c3 = (children[k] for k in ("ann", "bob", "dan", "c1", "c2", "c3"))
    page()
    # Reallocating C2 from Ann to Bob (ending Ann's allocation): C2 is Beta's now.
    allocation_create(
        case=c2,
        worker=bob,
        start=day(2025, 9, 30),
        by=UserFactory(),
        rationale="Bob takes C2",
        change_reason="MANAGE",
        today=TODAY,
    )
    assert dropped()
    assert page()[1] == [("Beta", 2, 1, 50.0)]
    stored_as_computed()
    # Ending Dan's allocation of C1 yesterday: C1 is led by nobody today.
    allocation = Allocation.objects.get(case=c1, worker=dan)
    allocation.end = day(2025, 9, 29)
    allocation.save()
    assert dropped()
    assert page()[1] == [("Beta", 1, 1, 100.0)]
    stored_as_computed()
    # A fourth lead worker for C3 in the stability year: 2 of 2 looked-after children.
    Allocation.objects.create(case=c3, worker=ann, start=day(2024, 5, 1), end=day(2024, 5, 31))
    Allocation.objects.create(case=c3, worker=dan, start=day(2024, 6, 1), end=day(2024, 6, 30))
    assert dropped()
    assert page()[0] == experience.Stability(2, 2, Decimal(100))
    stored_as_computed()
    # C1 no longer looked after on 31 March 2025 (its status began in April 2025).
    status = CaseStatus.objects.get(case=c1)
    status.start = day(2025, 4, 1)
    status.save()
    assert dropped()
    assert page()[0] == experience.Stability(1, 1, Decimal(100))
    stored_as_computed()
    # C2 opened earlier than its first allocation: the count since opening is kept as it was,
    # but the change drops the day all the same.
    page()
    c2.opened = day(2024, 1, 1)
    c2.save()
    assert dropped()
    stored_as_computed()
    # An allocation deleted.
    page()
    Allocation.objects.filter(case=c3, worker=ann).get().delete()
    assert dropped()
    assert page()[0] == experience.Stability(0, 1, Decimal(0))
    stored_as_computed()
    # A co-worker's allocation changes no lead worker: the day is kept.
    page()
    Allocation.objects.create(case=c2, worker=ann, role=Allocation.Role.CO_WORKER, start=TODAY)
    assert not dropped()


def test_the_daily_job_stores_the_lead_workers(children: dict) -> None:
    call_command("caseloads", "snapshot", stdout=io.StringIO())
    assert ActivityDay.objects.get(day=TODAY).stability_year == 2025
    assert WorkerLeads.objects.filter(day=TODAY).count() == 4
    stored_as_computed()


def test_a_report_s_past_year_is_computed_not_stored(children: dict) -> None:
    records = selectors.CaseRecords(day(2025, 3, 31), stability_year=2025, stored=False)
    assert records.leads is None
    ours = experience.cla_three_or_more(
        allocations=records.allocations, statuses=records.statuses, year=2025
    )
    assert ours == experience.Stability(1, 2, Decimal(50))
    assert not ActivityDay.objects.exists()
