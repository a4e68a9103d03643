"""Allocating children and seeing loads, on a small hand-made team."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads import view_models
from csc_workforce.web.caseloads.models import (
    Allocation,
    Case,
    CaseloadSettings,
    CaseStatus,
    Visit,
    WeightingModelVersion,
)
from csc_workforce.web.caseloads.services import allocation_create, census_counts_refresh
from csc_workforce.web.workforce.models import CaseCount
from tests.conftest import TODAY, client_for
from tests.factories import WEIGHTING_MODEL, StaffMemberFactory, TeamFactory, UserFactory


def child(cms_id: str, status: str = "child_in_need", complexity: str = "medium") -> Case:
    case = Case.objects.create(
        cms_id=cms_id, complexity=complexity, travel_band="near", opened=dt.date(2025, 9, 1)
    )
    CaseStatus.objects.create(case=case, status=status, start=dt.date(2025, 9, 1))
    return case


@pytest.fixture
def team(db: None) -> dict[str, object]:
    WeightingModelVersion.objects.create(**WEIGHTING_MODEL)
    team = TeamFactory(name="Child protection 1")
    manager = StaffMemberFactory(team=team, role_level=3, job_title="Team manager")
    user = UserFactory(username="tm", roles=[Role.TEAM_MANAGER], email="tm@example.invalid")
    manager.user = user
    manager.save()
    team.managers.add(manager)
    worker = StaffMemberFactory(
        team=team,
        user=UserFactory(username="sw", email="sw@example.invalid", roles=[Role.SOCIAL_WORKER]),
    )
    asye = StaffMemberFactory(team=team, local_role="asye", job_title="Social worker (ASYE)")
    return {"team": team, "manager": user, "worker": worker, "asye": asye}


def test_a_team_manager_allocates_from_the_board(
    team: dict, django_capture_on_commit_callbacks: Any
) -> None:
    case = child("CMS0001")
    client = client_for(team["manager"])
    board = client.get(reverse("caseloads:board"), {"case": case.pk}).content.decode()
    # Each full-time worker has capacity 2,176; the case is 100 + 20 + 0 = 120 points:
    # 0.0% to 5.5%. The ASYE's capacity is capped at 90%: 1,958.4; 120 points is 6.1%.
    assert "CMS0001" in board
    assert "5.5%" in board
    assert "6.1%" in board
    assert "No cases" in board  # nobody holds a case yet: the case mix column
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{reverse('caseloads:board')}?case={case.pk}",
            {
                "allocate-worker": str(team["worker"].pk),
                "allocate-start_0": "30",
                "allocate-start_1": "9",
                "allocate-start_2": "2025",
                "allocate-rationale": "Knows the family",
            },
        )
    assert response.status_code == 302
    allocation = Allocation.objects.get(case=case)
    assert (allocation.worker, allocation.rationale) == (team["worker"], "Knows the family")
    assert mail.outbox[0].to == ["sw@example.invalid"]
    assert "CMS0001" not in mail.outbox[0].body  # the ID is masked in email
    assert "•••" in mail.outbox[0].body


def test_the_worker_is_told_only_once_the_allocation_is_kept(
    team: dict, django_capture_on_commit_callbacks: Any
) -> None:
    case = child("CMS0009")

    def allocate_then_fail() -> None:
        with transaction.atomic():
            allocation_create(
                case=case,
                worker=team["worker"],
                start=TODAY,
                by=team["manager"],
                rationale="Duty",
                today=TODAY,
            )
            assert mail.outbox == []  # not sent inside the transaction
            raise RuntimeError("a later step of the same write fails")

    with (
        django_capture_on_commit_callbacks(execute=True) as effects,
        pytest.raises(RuntimeError),
    ):
        allocate_then_fail()
    assert (effects, mail.outbox) == ([], [])
    assert not Allocation.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        allocation_create(
            case=case,
            worker=team["worker"],
            start=TODAY,
            by=team["manager"],
            rationale="Duty",
            today=TODAY,
        )
    assert [message.to for message in mail.outbox] == [["sw@example.invalid"]]


def test_a_reallocation_needs_a_reason(team: dict) -> None:
    case = child("CMS0002")
    first = allocation_create(
        case=case,
        worker=team["worker"],
        start=dt.date(2025, 9, 2),
        by=team["manager"],
        rationale="Duty",
        today=TODAY,
    )
    other = StaffMemberFactory(team=team["team"])
    with pytest.raises(ValidationError, match="reason for the change"):
        allocation_create(
            case=case, worker=other, start=TODAY, by=team["manager"], rationale="x", today=TODAY
        )
    allocation_create(
        case=case,
        worker=other,
        start=TODAY,
        by=team["manager"],
        rationale="Balancing loads",
        change_reason="MANAGE",
        today=TODAY,
    )
    first.refresh_from_db()
    assert first.end == TODAY - dt.timedelta(days=1)
    assert case.allocations.filter(end__isnull=True).get().change_reason == "MANAGE"


def test_an_asye_cannot_hold_child_protection_alone(team: dict) -> None:
    case = child("CMS0003", status="child_protection")
    with pytest.raises(ValidationError, match="ASYE"):
        allocation_create(
            case=case,
            worker=team["asye"],
            start=TODAY,
            by=team["manager"],
            rationale="x",
            today=TODAY,
        )


def test_no_future_allocations_and_only_case_holders(team: dict) -> None:
    case = child("CMS0004")
    with pytest.raises(ValidationError, match="future"):
        allocation_create(
            case=case,
            worker=team["worker"],
            start=TODAY + dt.timedelta(days=1),
            by=team["manager"],
            rationale="x",
            today=TODAY,
        )
    manager_staff = team["team"].managers.get()
    with pytest.raises(ValidationError, match="does not hold cases"):
        allocation_create(
            case=case,
            worker=manager_staff,
            start=TODAY,
            by=team["manager"],
            rationale="x",
            today=TODAY,
        )


def test_loads_page_shows_each_worker_against_capacity(team: dict) -> None:
    for number in range(17):  # 17 x 120 = 2,040 points of 2,176: 93.8%
        Allocation.objects.create(
            case=child(f"CMS1{number:03d}"), worker=team["worker"], start=dt.date(2025, 9, 2)
        )
    for number in range(19):  # 19 x 120 = 2,280 points: 104.8%, over capacity
        Allocation.objects.create(
            case=child(f"CMS2{number:03d}"), worker=team["asye"], start=dt.date(2025, 9, 2)
        )
    page = client_for(team["manager"]).get(reverse("caseloads:loads")).content.decode()
    assert "93.8%" in page
    # The ASYE's capacity is 90% of 2,176 = 1,958.4: 2,280 is 116.4%.
    assert "116.4% over capacity" in page


def test_the_loads_page_shows_workers_a_page_at_a_time(team: dict, monkeypatch: Any) -> None:
    monkeypatch.setattr(view_models, "WORKERS_A_PAGE", 1)
    for number in range(17):  # 93.8% (as above)
        Allocation.objects.create(
            case=child(f"CMS1{number:03d}"), worker=team["worker"], start=dt.date(2025, 9, 2)
        )
    for number in range(19):  # 116.4%: the highest load, first
        Allocation.objects.create(
            case=child(f"CMS2{number:03d}"), worker=team["asye"], start=dt.date(2025, 9, 2)
        )
    client = client_for(team["manager"])
    first = client.get(reverse("caseloads:loads")).content.decode()
    assert "highest load first (1 to 1 of 2)" in first
    assert team["asye"].full_name in first
    assert team["worker"].full_name not in first
    assert "116.4% over capacity" in first
    assert "93.8%" not in first
    assert "&amp;page=2" in first
    second = client.get(reverse("caseloads:loads"), {"page": 2}).content.decode()
    assert "highest load first (2 to 2 of 2)" in second
    assert team["worker"].full_name in second
    assert "93.8%" in second
    # 2,040 points of 2,176: 136 left.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">136</td>' in second
    assert "116.4% over capacity" not in second
    beyond = client.get(reverse("caseloads:loads"), {"page": "99"}).content.decode()
    assert "highest load first (2 to 2 of 2)" in beyond  # the last page


def test_census_counts_come_from_allocations(team: dict) -> None:
    for number in range(3):
        Allocation.objects.create(
            case=child(f"CMS3{number:03d}"), worker=team["worker"], start=dt.date(2025, 9, 2)
        )
    census_counts_refresh(census_dates=[dt.date(2025, 9, 30)])
    assert CaseCount.objects.get(staff=team["worker"], on=dt.date(2025, 9, 30)).cases == 3


def test_a_social_worker_sees_their_own_caseload(team: dict) -> None:
    Allocation.objects.create(
        case=child("CMS4000"), worker=team["worker"], start=dt.date(2025, 9, 2)
    )
    page = client_for(team["worker"].user).get(reverse("caseloads:mine")).content.decode()
    assert "CMS4000" in page
    assert "120" in page  # its points


def test_loads_week_by_week(team: dict) -> None:
    # 17 cases (17 x 120 = 2,040 points) from 2 September, against the team's capacity: the
    # worker's 2,176 and the ASYE's 1,958.4 (90%), 4,134.4 in all: 49.3% on 30 September and
    # each week back to 2 September; on 26 August nobody held a case.
    for number in range(17):
        Allocation.objects.create(
            case=child(f"CMS5{number:03d}"), worker=team["worker"], start=dt.date(2025, 9, 2)
        )
    page = client_for(team["manager"]).get(reverse("caseloads:history")).content.decode()
    assert page.count("49.3%") == 5
    assert "26 Aug 2025" in page


def test_children_s_experience_against_dfe(team: dict) -> None:
    from tests.factories import LocalAuthorityFactory

    LocalAuthorityFactory()
    analyst = client_for(UserFactory(username="analyst.cla", roles=[Role.ANALYST]))
    page = analyst.get(reverse("caseloads:experience")).content.decode()
    # DfE, children looked after at 31 March 2024: England 83,300, of whom 22,140 (27%) had
    # 3 or more social workers in the year; North East 6,110 and 1,550 (25%).
    assert "83,300" in page
    assert "22,140" in page
    assert "6,110" in page


def test_visit_timeliness_by_worker_names_only_the_workers_one_may_see(team: dict) -> None:
    from tests.factories import LocalAuthorityFactory

    LocalAuthorityFactory()
    CaseloadSettings.objects.create(visit_timescales={"child_in_need": 20})
    other = StaffMemberFactory(team=TeamFactory(name="Another team"), given_name="Outside")
    mine = team["worker"]
    for worker, cms_id in ((mine, "NF1"), (other, "NF2")):
        case = child(cms_id)
        Allocation.objects.create(case=case, worker=worker, start=dt.date(2025, 9, 1))
        Visit.objects.create(case=case, worker=worker, on=dt.date(2025, 9, 10))

    def page(user: object, **query: object) -> str:
        return client_for(user).get(reverse("caseloads:experience"), query).content.decode()

    managed = page(team["manager"])
    assert "By worker" in managed
    assert mine.full_name in managed
    assert other.full_name not in managed
    assert client_for(team["manager"]).get(
        reverse("caseloads:experience"), {"team": other.team.pk}
    ).status_code in (403, 404)
    # Everyone's workers, a team at a time: the first by name, or the team chosen.
    psw = UserFactory(username="psw.exp", roles=[Role.PSW])
    everyone = page(psw)
    assert "by worker in Another team" in everyone
    assert other.full_name in everyone
    assert mine.full_name not in everyone
    chosen = page(psw, team=team["team"].pk)
    assert "by worker in Child protection 1" in chosen
    assert mine.full_name in chosen
    assert other.full_name not in chosen
    analysed = page(UserFactory(username="analyst.exp", roles=[Role.ANALYST]))
    assert "By worker" not in analysed
    assert mine.full_name not in analysed
    assert other.full_name not in analysed


def test_the_sustained_overload_alert_is_a_table_linking_to_each_worker_s_cases(
    team: dict,
) -> None:
    for number in range(19):  # 19 x 120 = 2,280 points of the ASYE's 1,958.4: 116.4%
        Allocation.objects.create(
            case=child(f"CMS2{number:03d}"), worker=team["asye"], start=dt.date(2025, 9, 2)
        )
    page = client_for(team["manager"]).get(reverse("caseloads:loads")).content.decode()
    table = page[
        page.index('id="sustained-overload"') : page.index(
            "</table>", page.index('id="sustained-overload"')
        )
    ]
    # Over 110% on 30, 23, 16, 9 and 2 September: the 4 weeks of the check and the day before.
    worker_page = reverse("caseloads:worker", args=[team["asye"].pk])
    assert f'<a class="govuk-link" href="{worker_page}">{team["asye"].full_name}' in table
    cells = [
        "Child protection 1</td>",
        '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>',
        '<td class="govuk-table__cell govuk-table__cell--numeric">116.4%</td>',
    ]
    assert all(cell in table for cell in cells)
    assert team["worker"].full_name not in table  # no cases, not over
    cases = client_for(team["manager"]).get(worker_page).content.decode()
    assert "CMS2000" in cases
    assert "CMS2018" in cases
    assert "116.4% over capacity" in cases


def test_a_worker_s_cases_are_masked_for_those_who_do_not_allocate(
    team: dict, people: dict[str, Any]
) -> None:
    Allocation.objects.create(
        case=child("CMS5123"), worker=team["worker"], start=dt.date(2025, 9, 2)
    )
    page = client_for(people["users"][Role.ADMINISTRATOR]).get(
        reverse("caseloads:worker", args=[team["worker"].pk])
    )
    assert "CMS5123" not in page.content.decode()
    assert "••••123" in page.content.decode()


def test_the_board_summarises_the_child_and_preselects_the_suggested_worker(team: dict) -> None:
    case = child("CMS6001", status="child_protection")
    case.date_of_birth = dt.date(2019, 5, 1)  # 6 on 30 September 2025
    case.sibling_group = "FAM1"
    case.save()
    CaseStatus.objects.create(case=case, status="court_proceedings", start=dt.date(2025, 9, 1))
    sister = child("CMS6002")
    sister.sibling_group = "FAM1"
    sister.save()
    brother = child("CMS6003")
    brother.sibling_group = "FAM1"
    brother.save()
    Allocation.objects.create(case=brother, worker=team["worker"], start=dt.date(2025, 9, 2))
    page = (
        client_for(team["manager"])
        .get(reverse("caseloads:board"), {"case": case.pk})
        .content.decode()
    )
    summary = page[
        page.index('id="case-summary"') : page.index("</dl>", page.index('id="case-summary"'))
    ]
    for shown in (
        "Child protection plan",
        "Child protection plan, Court proceedings",  # the statuses held, by their labels
        "5 to 9",
        '<strong class="govuk-tag govuk-tag--orange">Court proceedings</strong>',
        "2 with an open case, 1 of them also waiting for a lead worker",
    ):
        assert shown in summary, shown
    # The worker who holds the brother's case comes first (the ASYE may not hold child
    # protection alone), is chosen already, and the reason does not repeat the loads.
    worker = team["worker"]
    assert f'<option value="{worker.pk}" selected>' in page
    assert f"Suggested: <strong>{worker.full_name}</strong>" in page
    assert "Works with the child&#x27;s brother or sister" in page
    assert "load would go from" not in page.lower()
