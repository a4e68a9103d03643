"""One case looked up by its identifier (the allocation board's chosen child) is visible to
exactly those who see it among all cases: ``cases_visible_to`` with ``pk`` and without."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation, Case, WeightingModelVersion
from csc_workforce.web.caseloads.selectors import allocations_visible_to, cases_visible_to
from tests.conftest import TODAY, client_for
from tests.factories import WEIGHTING_MODEL as MODEL
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def scene(db: None) -> tuple[dict[str, User], dict[str, Case]]:
    team, other = TeamFactory(), TeamFactory()
    manager = StaffMemberFactory(team=team, role_level=3, job_title="Team manager")
    manager.user = UserFactory(username="tm", roles=[Role.TEAM_MANAGER])
    manager.save()
    team.managers.add(manager)
    ours = StaffMemberFactory(
        team=team, user=UserFactory(username="sw", roles=[Role.SOCIAL_WORKER])
    )
    theirs = StaffMemberFactory(team=other)
    opened = dt.date(2025, 1, 1)
    cases = {name: Case.objects.create(cms_id=name, opened=opened) for name in "ABCDEFG"}
    Case.objects.filter(cms_id="D").update(closed=YESTERDAY)
    Allocation.objects.create(case=cases["A"], worker=ours, start=opened)  # held by ours
    Allocation.objects.create(case=cases["B"], worker=theirs, start=opened)  # held by theirs
    # C waits: no allocation. D is closed with none. E's lead (ours) ended yesterday: it waits.
    Allocation.objects.create(case=cases["E"], worker=ours, start=opened, end=YESTERDAY)
    # F: led by theirs, co-worked by ours. G: led by theirs until yesterday, then by theirs.
    Allocation.objects.create(case=cases["F"], worker=theirs, start=opened)
    Allocation.objects.create(case=cases["F"], worker=ours, start=opened, role="co_worker")
    Allocation.objects.create(case=cases["G"], worker=theirs, start=opened, end=YESTERDAY)
    Allocation.objects.create(case=cases["G"], worker=theirs, start=TODAY)
    users = {
        "tm": manager.user,
        "sw": ours.user,
        "sm": UserFactory(username="sm", roles=[Role.SERVICE_MANAGER]),
        "hr": UserFactory(username="hr", roles=[Role.HR]),
    }
    return users, cases


SEES = {
    "tm": "ACEF",  # their team's held (A, and F co-worked) and those waiting (C, E)
    "sw": "AF",  # their own, led or co-worked
    "sm": "ABCDEFG",  # every case
    "hr": "",  # none
}


@pytest.mark.parametrize("who", list(SEES))
def test_one_case_is_visible_as_among_all(
    scene: tuple[dict[str, User], dict[str, Case]], who: str
) -> None:
    users, cases = scene
    user = users[who]
    every = {case.cms_id for case in cases_visible_to(user=user)}
    assert "".join(sorted(every)) == SEES[who]
    for name, case in cases.items():
        one = [found.cms_id for found in cases_visible_to(user=user, pk=case.pk)]
        assert one == ([name] if name in SEES[who] else []), (who, name)
        # Its allocations: every one of the case when it is seen (F has two), else none.
        allocations = set(allocations_visible_to(user=user, case=case.pk))
        assert allocations == (set(case.allocations.all()) if name in SEES[who] else set())


def test_the_board_opens_only_a_case_the_manager_may_see(
    scene: tuple[dict[str, User], dict[str, Case]],
) -> None:
    users, cases = scene
    WeightingModelVersion.objects.create(**MODEL)
    client = client_for(users["tm"])
    board = reverse("caseloads:board")
    assert client.get(board, {"case": cases["C"].pk}).status_code == 200  # waiting
    for refused in (cases["B"].pk, cases["D"].pk, "x1", "99999999999999999999", "٣"):
        assert client.get(board, {"case": refused}).status_code == 404, refused
