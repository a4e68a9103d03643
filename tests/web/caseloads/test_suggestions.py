"""The board's suggestions for a child: who is shown, with the lead allocations they were given
in the last four weeks and the cases they hold by kind, on small hand-made teams."""

import datetime as dt

import pytest

from csc_workforce.web.caseloads import view_models
from csc_workforce.web.caseloads.frames import loads_on
from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus, WeightingModelVersion
from csc_workforce.web.organisation.models import StaffMember, Team
from tests.conftest import TODAY
from tests.factories import WEIGHTING_MODEL, StaffMemberFactory, TeamFactory


def case(cms_id: str, opened: dt.date, *statuses: tuple[str, dt.date | None], **kw: str) -> Case:
    """A child's case (medium complexity, near) holding each (status, end) from ``opened``."""
    made = Case.objects.create(
        cms_id=cms_id, complexity="medium", travel_band="near", opened=opened, **kw
    )
    for status, end in statuses:
        CaseStatus.objects.create(case=made, status=status, start=opened, end=end)
    return made


def lead(case: Case, worker: StaffMember, start: dt.date, end: dt.date | None = None) -> None:
    Allocation.objects.create(case=case, worker=worker, start=start, end=end)


CIN, CP, CLA = ("child_in_need", None), ("child_protection", None), ("child_looked_after", None)


@pytest.fixture
def workers(db: None) -> dict[str, StaffMember]:
    """W leads, on 30 September 2025, two child protection cases, two child in need, one with
    no status that day and a foster carers' household; X two child in need; V nothing."""
    WeightingModelVersion.objects.create(**WEIGHTING_MODEL)
    team = TeamFactory(name="Child in need 1")
    w, x, v = (StaffMemberFactory(team=team) for _ in range(3))
    # Made in an order other than opened: the first seen kind is the one of the earliest case.
    lead(case("C", dt.date(2025, 3, 1), CIN), w, dt.date(2025, 3, 1))
    lead(case("A", dt.date(2025, 1, 1), CIN, CP), w, dt.date(2025, 1, 1))  # CP is held first
    lead(case("D", dt.date(2025, 4, 1), CIN), w, dt.date(2025, 4, 1))
    lead(case("B", dt.date(2025, 2, 1), CP), w, dt.date(2025, 2, 1))
    ended = ("child_in_need", dt.date(2025, 8, 31))
    lead(case("E", dt.date(2025, 5, 1), ended), w, dt.date(2025, 5, 1))  # no status that day
    household = case("F", dt.date(2025, 5, 15), kind="fostering_household")
    lead(household, w, dt.date(2025, 5, 15))
    lead(case("G", dt.date(2024, 1, 1), CIN), w, dt.date(2024, 1, 1), dt.date(2025, 9, 29))
    Allocation.objects.create(
        case=case("H", dt.date(2024, 1, 1), CLA),
        worker=w,
        start=dt.date(2024, 1, 1),
        role="co_worker",
    )
    lead(case("I", dt.date(2025, 9, 1), CIN), w, dt.date(2025, 10, 1))  # not yet
    # X: given leads on 1 September (29 days before), 2 September (28 days before, ended since)
    # and 30 September, and co-working from 20 September.
    lead(case("X1", dt.date(2025, 9, 1), CIN), x, dt.date(2025, 9, 1))
    lead(case("X2", dt.date(2025, 9, 2), CIN), x, dt.date(2025, 9, 2), dt.date(2025, 9, 10))
    lead(case("X3", dt.date(2025, 9, 30), CIN), x, dt.date(2025, 9, 30))
    Allocation.objects.create(
        case=case("X4", dt.date(2025, 9, 20), CIN),
        worker=x,
        start=dt.date(2025, 9, 20),
        role="co_worker",
    )
    return {"w": w, "x": x, "v": v}


def test_a_worker_s_cases_by_kind_the_most_held_first(workers: dict[str, StaffMember]) -> None:
    w, x, v = workers["w"], workers["x"], workers["v"]
    mixes = view_models.case_mix(workers=[w.pk, x.pk, v.pk], on=TODAY)
    # W: A (CIN and CP: priced as CP) and B are CP, C and D CIN, E unweighted, F fostering; G
    # ended the day before, H is co-worked and I starts tomorrow. CP and CIN tie at 2: CP first,
    # as A (opened in January) comes before C (March); E (May 1) before F (May 15).
    assert mixes == {w.pk: "2 CP, 2 CIN, 1 unweighted, 1 fostering", x.pk: "2 CIN"}


def test_the_team_s_workers_then_twenty_of_the_others(workers: dict[str, StaffMember]) -> None:
    w, x, v = workers["w"], workers["x"], workers["v"]
    team = w.team
    other = TeamFactory(name="Child in need 2", team_type=team.team_type)
    others = [StaffMemberFactory(team=other) for _ in range(22)]
    busy = others[:2]  # each leads a child in need case: the last two of the other team
    for number, worker in enumerate(busy):
        lead(case(f"O{number}", dt.date(2025, 6, 1), CIN), worker, dt.date(2025, 6, 1))
    waiting = case("NEW", dt.date(2025, 9, 25), CIN)
    alike = frozenset(Team.objects.filter(team_type=team.team_type).values_list("pk", flat=True))
    found = loads_on(TODAY, alike)
    assert found is not None
    model, loads, _ = found
    shown = view_models.suggestions_for(case=waiting, model=model, loads=loads, team=team, on=TODAY)
    # The child is 100 + 20 = 120 points; a full-time worker's capacity 2,176. Own team first
    # by load after: V 120 / 2,176 = 5.5%; X (2 CIN led: 240, one co-worked at half: 60) 420 /
    # 2,176 = 19.3%; W (CP 170 x 2, CIN 120 x 2, two unweighted, co-working a CLA case the model
    # does not price) 700 / 2,176 = 32.2%. Then twenty of the other team's
    # 22: the twenty with no cases (5.5%, by their number), not the two busy ones (11.0%).
    assert [c.worker_id for c in shown] == [v.pk, x.pk, w.pk] + [o.pk for o in others[2:]]
    by_worker = {c.worker_id: c for c in shown}
    assert [str(round(by_worker[pk].suggestion.load_after, 1)) for pk in (v.pk, x.pk, w.pk)] == [
        "5.5",
        "19.3",
        "32.2",
    ]
    # Leads starting on or after 2 September (four weeks before): X two (2 and 30 September,
    # not 1 September nor the co-working), W one (I, given to start on 1 October), V none.
    assert (by_worker[x.pk].recent, by_worker[w.pk].recent, by_worker[v.pk].recent) == (2, 1, 0)
    assert by_worker[x.pk].mix == "2 CIN"
    assert by_worker[v.pk].mix == "No cases"
    assert by_worker[w.pk].label == f"{w.full_name} (Child in need 1)"
    assert by_worker[others[2].pk].label == f"{others[2].full_name} (Child in need 2)"
    assert [c.best for c in shown] == [True] + [False] * 22  # V: the lowest load after
