"""The demo's supervision and registrations, as the issue's "done when" reads them: the team
manager sees who is overdue, the PSW sees renewals at risk in October and the 1 December
check, and the social worker has a supervision history and CPD of their own.

One test, because seeding the demo with caseloads takes a while."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from csc_workforce.web.demo import demo_seed
from csc_workforce.web.development.models import (
    CpdRecord,
    DevelopmentPlan,
    Registration,
    SupervisionAgreement,
    SupervisionSession,
    TrainingCourse,
)
from tests.conftest import client_for


@pytest.mark.django_db
def test_the_demo_has_five_years_of_supervision_and_renewals_at_risk() -> None:
    demo_seed(seed=1, scale=1, progress=lambda line: None)
    sessions = SupervisionSession.objects.order_by("held_on")
    first, last = sessions.first(), sessions.last()
    assert first is not None
    assert last is not None
    assert (last.held_on - first.held_on).days > 4 * 365
    assert SupervisionAgreement.objects.exists()
    assert CpdRecord.objects.exists()
    assert Registration.objects.filter(status="removed").count() == 1
    assert TrainingCourse.objects.count() == 4
    assert DevelopmentPlan.objects.exists()

    manager = client_for(User.objects.get(username="teammanager"))
    page = manager.get(reverse("development:supervision")).content.decode()
    overdue = page.split("Overdue now")[1].split("Compliance")[0]
    assert "Days overdue" in overdue
    assert "Nobody is overdue" not in overdue

    psw = client_for(User.objects.get(username="psw"))
    october = psw.get(reverse("development:registrations"), {"on": "2025-10-15"})
    at_risk = october.content.decode().split("Renewals at risk")[1].split("Not registered on")[0]
    assert "CPD not yet recorded" in at_risk
    december = psw.get(reverse("development:registrations"), {"on": "2025-12-01"})
    assert "Everyone in post is registered" not in december.content.decode()
    training = psw.get(reverse("development:training")).content.decode()
    assert "Nobody is due" not in training
    assert "No development plans for this year" not in training

    worker = User.objects.get(username="socialworker")
    mine = client_for(worker).get(reverse("development:mine"), follow=True)
    assert SupervisionSession.objects.filter(staff=worker.staff_member).exists()
    assert "No sessions recorded" not in mine.content.decode()
    assert CpdRecord.objects.filter(staff=worker.staff_member).exists()
