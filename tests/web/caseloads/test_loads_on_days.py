"""Each worker's load on their own day (the retention model's load before leaving), on a small
hand-made team: the rows read for each worker's day (``frames.OnTheirDays``, ``AmongIds``,
``LoadInputs.on_days``) and the loads worked by hand (``selectors.loads_on_days``)."""

import datetime as dt
from decimal import Decimal

import pytest

from csc_workforce.web.caseloads.frames import AmongIds, LoadInputs, OnTheirDays
from csc_workforce.web.caseloads.models import (
    Allocation,
    Case,
    CaseStatus,
    Reduction,
    ReductionReason,
    WeightingModelVersion,
)
from csc_workforce.web.caseloads.selectors import loads_on_days
from csc_workforce.web.organisation.models import Assignment
from tests.factories import WEIGHTING_MODEL, StaffMemberFactory, TeamFactory

A_DAY, B_DAY = dt.date(2024, 3, 31), dt.date(2025, 1, 31)
OPEN = None


def case(cms_id: str, *statuses: tuple[str, dt.date, dt.date | None]) -> Case:
    made = Case.objects.create(
        cms_id=cms_id, complexity="medium", travel_band="near", opened=dt.date(2023, 1, 1)
    )
    for status, start, end in statuses:
        CaseStatus.objects.create(case=made, status=status, start=start, end=end)
    return made


@pytest.fixture
def team(db: None) -> dict[str, object]:
    """Workers A (their day 31 March 2024), B (31 January 2025) and C (no day), each full
    time from 2015; B half time from 1 July 2024. Six children, each a medium complexity case
    near by, as the comments say."""
    WeightingModelVersion.objects.create(**WEIGHTING_MODEL)
    team = TeamFactory()
    a, b, c = (StaffMemberFactory(team=team) for _ in range(3))
    job = Assignment.objects.get(staff=b)
    job.effective_to = dt.date(2024, 6, 30)
    job.save()
    job.pk, job.effective_from, job.effective_to = None, dt.date(2024, 7, 1), None
    job.fte = Decimal("0.5")
    job.save()
    cin, cp = "child_in_need", "child_protection"
    held = [
        # A held it to their day, inclusive: CIN to 29 February, CP from 1 March: CP that day.
        (a, case("CMS1", (cin, dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
                 (cp, dt.date(2024, 3, 1), OPEN)), dt.date(2024, 1, 1), A_DAY),
        # A took it the day after their day.
        (a, case("CMS2", (cin, dt.date(2024, 4, 1), OPEN)), dt.date(2024, 4, 1), OPEN),
        # A gave it up the day before their day.
        (a, case("CMS3", (cin, dt.date(2023, 1, 1), OPEN)), dt.date(2023, 1, 1),
         dt.date(2024, 3, 30)),
        # B holds it on their day, when it is CIN again (CP to 31 December 2024).
        (b, case("CMS4", (cp, dt.date(2024, 3, 1), dt.date(2024, 12, 31)),
                 (cin, dt.date(2025, 1, 1), OPEN)), dt.date(2024, 3, 1), OPEN),
        # B took it the day after their day.
        (b, case("CMS5", (cin, dt.date(2025, 2, 1), OPEN)), dt.date(2025, 2, 1), OPEN),
        # C holds it on both days, but C has no day.
        (c, case("CMS6", (cin, dt.date(2023, 1, 1), OPEN)), dt.date(2023, 1, 1), OPEN),
    ]  # fmt: skip
    for worker, child, start, end in held:
        Allocation.objects.create(case=child, worker=worker, start=start, end=end)
    return {"a": a, "b": b, "c": c, "days": {a.pk: A_DAY, b.pk: B_DAY}}


def test_the_rows_covering_each_worker_s_own_day(team: dict) -> None:
    days = team["days"]
    allocations = Allocation.objects.filter(OnTheirDays(days, "worker"))
    assert sorted(allocations.values_list("case__cms_id", flat=True)) == ["CMS1", "CMS4"]
    jobs = Assignment.objects.filter(OnTheirDays(days, "staff", "effective_from", "effective_to"))
    # A's only job; B's half-time job (the full-time one ended 30 June 2024).
    assert sorted((job.staff_id, job.fte) for job in jobs) == sorted(
        [(team["a"].pk, Decimal("1")), (team["b"].pk, Decimal("0.5"))]
    )
    # Only B's day: C's allocation is not C's to count, and A's are not on B's day.
    only_b = Allocation.objects.filter(OnTheirDays({team["b"].pk: B_DAY}, "worker"))
    assert list(only_b.values_list("case__cms_id", flat=True)) == ["CMS4"]
    assert not Allocation.objects.filter(OnTheirDays({}, "worker")).exists()


def test_among_ids(team: dict) -> None:
    two = Case.objects.filter(cms_id__in=["CMS2", "CMS5"]).values_list("pk", flat=True)
    found = Case.objects.filter(AmongIds("pk", list(two)))
    assert sorted(found.values_list("cms_id", flat=True)) == ["CMS2", "CMS5"]
    assert not Case.objects.filter(AmongIds("pk", [])).exists()


def test_the_inputs_read_for_the_days(team: dict) -> None:
    inputs = LoadInputs.on_days(team["days"])
    assert sorted(inputs.allocations["worker_id"].to_list()) == sorted([team["a"].pk, team["b"].pk])
    assert inputs.cases["kind"].to_list() == ["child", "child"]
    # The statuses of CMS1 and CMS4 from A's day to B's: CMS1's CP (its CIN ended before),
    # CMS4's CP and CIN.
    assert sorted(inputs.statuses["status"].to_list()) == [
        "child_in_need",
        "child_protection",
        "child_protection",
    ]
    assert inputs.reductions.is_empty()
    with pytest.raises(ValueError, match="no days"):
        LoadInputs.on_days({})


def test_each_worker_s_load_on_their_own_day_by_hand(team: dict) -> None:
    # A on 31 March 2024: CMS1, then CP: 150 + 20 (medium) + 0 (near) = 170 points of a
    # full-time 2,176: 7.8125%. B on 31 January 2025: CMS4, CIN again: 100 + 20 = 120 points
    # of half of 2,176 (18.5 of 37 hours): 1,088, so 11.03%. C has no day.
    loads = dict(loads_on_days(team["days"]).iter_rows())
    assert loads == {
        team["a"].pk: pytest.approx(170 / 2176 * 100),
        team["b"].pk: pytest.approx(120 / 1088 * 100),
    }


def test_a_reduction_on_the_day_counts_and_one_after_it_does_not(team: dict) -> None:
    # 7.4 hours' reduction for A over their day: capacity 2,176 x (37 - 7.4) / 37 = 1,740.8,
    # so 170 points is 9.77%. One for B from the day after their day changes nothing.
    reason = ReductionReason.objects.create(
        name="Union duties", default_share=Decimal("0.2"), maximum_share=Decimal("0.5")
    )
    Reduction.objects.create(
        staff=team["a"],
        reason=reason,
        hours_per_week=Decimal("7.4"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
    )
    Reduction.objects.create(
        staff=team["b"],
        reason=reason,
        hours_per_week=Decimal("7.4"),
        start=dt.date(2025, 2, 1),
        end=dt.date(2025, 2, 28),
    )
    loads = dict(loads_on_days(team["days"]).iter_rows())
    assert loads[team["a"].pk] == pytest.approx(170 / 1740.8 * 100)
    assert loads[team["b"].pk] == pytest.approx(120 / 1088 * 100)
