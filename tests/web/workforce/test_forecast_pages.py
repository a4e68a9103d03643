"""The forecast page and saved scenarios, per role, on a small register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.workforce.models import ForecastScenario
from csc_workforce.web.workforce.services import scenario_create, scenario_delete, scenario_update
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = {Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST}
FORM = {
    "name": "Fewer leavers",
    "turnover_down": "2",
    "extra_trainees": "6",
    "agency_converted": "1",
    "payment_group": "5",
    "payment": "2000",
    "payment_effect": "3",
    "agency_cost": "",
    "notes": "",
}


@pytest.fixture
def register() -> None:
    team = TeamFactory()
    for number in range(8):
        StaffMemberFactory(
            team=team,
            start_date=dt.date(2018, 1, 1),
            end_date=dt.date(2024, 3, 31) if number < 2 else None,
            fte=Decimal(1),
            employment_type="permanent",
            role_level=5,
            base_salary=Decimal(40000),
        )
    StaffMemberFactory(team=team, start_date=dt.date(2024, 1, 1), employment_type="agency")
    for number in range(9):
        Post.objects.create(
            team=team,
            reference=f"P{number}",
            role_level=5,
            fte=Decimal(1),
            funded_from=dt.date(2018, 1, 1),
        )


def user(role: Role) -> object:
    return UserFactory(roles=[role])


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_the_forecast_opens_for_those_who_plan_the_workforce(register: None, role: Role) -> None:
    response = client_for(user(role)).get(reverse("workforce:forecast"))
    if role in ALLOWED:
        assert response.status_code == 200
        text = response.content.decode()
        assert "Workforce forecast" in text
        assert "How well the forecast did in past years" in text
        assert ("Add a scenario" in text) is (role in ALLOWED)
    else:
        assert response.status_code in (403, 302)


def test_a_workforce_lead_saves_a_scenario_and_sees_its_effect(register: None) -> None:
    client = client_for(user(Role.PSW))
    response = client.post(reverse("workforce:scenario_new"), FORM)
    saved = ForecastScenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce:scenario_detail", args=[saved.pk])
    assert (saved.turnover_down, saved.extra_trainees, saved.payment_group) == (
        Decimal(2),
        6,
        "5",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Effect of Fewer leavers beside the baseline" in page
    assert "Vacancies (FTE)" in page
    assert AuditEvent.objects.filter(model="workforce.ForecastScenario").exists()
    listed = client.get(reverse("workforce:forecast")).content.decode()
    assert "Fewer leavers" in listed


def test_a_scenario_is_changed_and_deleted(register: None) -> None:
    client = client_for(user(Role.ANALYST))
    saved = scenario_create(by=None, name="First", turnover_down=Decimal(1))
    response = client.post(
        reverse("workforce:scenario_edit", args=[saved.pk]), {**FORM, "name": "Second"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Second"
    response = client.post(reverse("workforce:scenario_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not ForecastScenario.objects.exists()


def test_a_payment_needs_its_group_and_a_group_its_payment(register: None) -> None:
    client = client_for(user(Role.HR))
    response = client.post(reverse("workforce:scenario_new"), {**FORM, "payment_group": ""})
    assert "Select who the retention payment is for" in response.content.decode()
    response = client.post(
        reverse("workforce:scenario_new"), {**FORM, "payment": "0", "payment_effect": "0"}
    )
    assert "Enter the retention payment" in response.content.decode()
    response = client.post(reverse("workforce:scenario_new"), {**FORM, "name": ""})
    assert "Enter the name of the scenario" in response.content.decode()
    assert not ForecastScenario.objects.exists()


def test_scenario_services_are_audited() -> None:
    saved = scenario_create(by=None, name="Audited", extra_trainees=4)
    scenario_update(scenario=saved, by=None, extra_trainees=5)
    scenario_delete(scenario=saved, by=None)
    actions = list(
        AuditEvent.objects.filter(model="workforce.ForecastScenario").values_list(
            "action", flat=True
        )
    )
    assert len(actions) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_forecast_downloads(register: None, fmt: str) -> None:
    response = client_for(user(Role.ANALYST)).get(reverse("workforce:forecast"), {"format": fmt})
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode()
        assert text.startswith("Forecast,Months ahead,Measure")
        assert "FTE in post" in text


def test_students_due_to_finish_are_known_arrivals_at_the_share_who_joined_before() -> None:
    from csc_workforce.web.development.models import Placement, Student
    from csc_workforce.web.workforce.forecast import arrivals_frame

    on = dt.date(2025, 9, 30)

    def student(name: str, end: dt.date, *, joined: bool = False, outcome: str = "") -> None:
        person = Student.objects.create(
            given_name=name,
            family_name="Student",
            route="undergraduate",
            provider="A university",
            joined_as=StaffMemberFactory() if joined else None,
        )
        Placement.objects.create(
            student=person,
            kind=Placement.Kind.FINAL,
            days=100,
            start=end - dt.timedelta(days=120),
            end=end,
            outcome=outcome,
        )

    # past: 1 of 4 joined, so each student due has a 1 in 4 chance
    student("Joined", dt.date(2025, 5, 1), joined=True)
    for name in ("Past1", "Past2", "Past3"):
        student(name, dt.date(2025, 5, 1))
    student("Due", dt.date(2026, 5, 29))
    student("Withdrawn", dt.date(2026, 5, 29), outcome=Placement.Outcome.WITHDRAWN)
    assert arrivals_frame(on=on).rows() == [(dt.date(2026, 5, 30), 0.25)]
