import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import Induction, InductionItem, InductionTemplate
from csc_workforce.web.development.selectors import overdue_items, team_inductions
from csc_workforce.web.development.services import induction_item_done, induction_start
from csc_workforce.web.workforce.services import staff_create
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory


def _starter(people: dict, *, local_role: str = "social_worker", start: dt.date) -> object:
    return staff_create(
        by=people["users"][Role.HR],
        start_date=start,
        team=people["team_a"],
        role_level=5,
        local_role=local_role,
        job_title="Social worker",
        fte=Decimal(1),
        employment_type="permanent",
        given_name="New",
        family_name="Starter",
        swe_number=f"SW{start:%m%d}01",
        start_origin="1",
    )


def test_recording_a_starter_starts_the_induction_for_their_role(people: dict) -> None:
    starter = _starter(people, local_role="asye", start=dt.date(2025, 9, 1))
    induction = Induction.objects.get(staff=starter)
    assert induction.template.local_role == "asye"
    first = induction.items.order_by("due", "pk").first()
    # day 1 is the first day of work
    assert first is not None
    assert first.due == dt.date(2025, 9, 1)
    other = _starter(people, start=dt.date(2025, 9, 8))
    assert Induction.objects.get(staff=other).template.local_role == ""


def test_a_starter_has_one_induction_and_an_old_checklist_version_is_refused(
    people: dict,
) -> None:
    staff = StaffMemberFactory(team=people["team_a"], start_date=dt.date(2025, 9, 1))
    assert induction_start(staff=staff, by=None) is not None
    assert induction_start(staff=staff, by=None) is None
    old = InductionTemplate.objects.create(
        name="Old checklist", version=1, is_current=False, items=[]
    )
    later = StaffMemberFactory(team=people["team_a"], start_date=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError) as error:
        induction_start(staff=later, by=None, template=old)
    assert "not a current checklist version" in error.value.message_dict["template"][0]
    assert not Induction.objects.filter(staff=later).exists()


def test_completion_per_team_and_overdue_items_for_the_line_manager(people: dict) -> None:
    starter = _starter(people, start=dt.date(2025, 9, 1))
    items = list(InductionItem.objects.filter(induction__staff=starter))
    due_by_today = [item for item in items if item.due < TODAY]
    induction_item_done(item=due_by_today[0], by=None, on=dt.date(2025, 9, 1))
    (row,) = team_inductions(user=people["users"][Role.TEAM_MANAGER], today=TODAY)
    assert (row.team, row.starters, row.done, row.total) == (people["team_a"], 1, 1, len(items))
    assert row.overdue == len(due_by_today) - 1
    overdue = overdue_items(user=people["users"][Role.TEAM_MANAGER], today=TODAY)
    assert overdue.count() == len(due_by_today) - 1
    # a team manager of another team sees none of it
    assert team_inductions(user=people["users"][Role.SOCIAL_WORKER], today=TODAY) == []
    page = client_for(people["users"][Role.TEAM_MANAGER]).get(reverse("development:inductions"))
    assert "New Starter" in page.content.decode()


def test_an_item_cannot_be_done_before_the_induction_started(people: dict) -> None:
    starter = _starter(people, start=dt.date(2025, 9, 1))
    item = InductionItem.objects.filter(induction__staff=starter).first()
    assert item is not None
    client = client_for(people["users"][Role.TEAM_MANAGER])
    url = reverse("development:induction", args=[item.induction.pk])
    response = client.post(
        url, {"item": item.pk, "done_on_0": "1", "done_on_1": "8", "done_on_2": "2025"}
    )
    assert "on or after the induction started, on 1 September 2025" in response.content.decode()
    assert InductionItem.objects.get(pk=item.pk).done_on is None
    ok = {"item": item.pk, "done_on_0": "2", "done_on_1": "9", "done_on_2": "2025"}
    assert client.post(url, ok).status_code == 302
    assert InductionItem.objects.get(pk=item.pk).done_on == dt.date(2025, 9, 2)
    csv = client.get(reverse("development:inductions"), {"format": "csv"}).content.decode()
    assert csv.splitlines()[1].startswith("Team A,1,1,")


def test_a_checklist_is_changed_as_a_new_version_and_bad_lines_are_named(people: dict) -> None:
    current = InductionTemplate.objects.get(local_role="", is_current=True)
    client = client_for(people["users"][Role.PSW])
    url = reverse("development:checklist", args=[current.pk])
    response = client.post(url, {"text": "1 | line_manager | Welcome\n0 | boss | Lunch"})
    page = response.content.decode()
    assert "Line 2: the day must be a whole number from 1 to 365" in page
    assert "Line 2: whose job it is must be one of starter, line_manager, hr, psw" in page
    assert InductionTemplate.objects.filter(name=current.name).count() == 1
    text = "1 | line_manager | Welcome\n5 | starter | Case recording training"
    assert client.post(url, {"text": text}).status_code == 302
    new = InductionTemplate.objects.get(name=current.name, is_current=True)
    assert new.version == current.version + 1
    assert new.items[1] == {"text": "Case recording training", "owner": "starter", "due_day": 5}
    # an old version cannot be changed
    response = client.post(url, {"text": text})
    assert "is not the current version" in response.content.decode()
    starter = _starter(people, start=dt.date(2025, 9, 1))
    assert Induction.objects.get(staff=starter).template == new
