"""``@service``: every write is atomic, audited as the person given as ``by``, and its side
effects (``after_commit``) happen only once it is kept."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import SYSTEM, current_actor
from csc_workforce.web.services import after_commit, service
from tests.factories import TeamFactory, UserFactory

told: list[str] = []


@service
def team_create(*, name: str, by: User | None = None, fail: bool = False) -> str:
    TeamFactory(name=name)
    after_commit(lambda: told.append(name))
    if fail:
        raise RuntimeError("a later step fails")
    return current_actor().label


@pytest.fixture(autouse=True)
def _nobody_told() -> None:
    told.clear()


def test_a_service_acts_as_by_and_is_audited_as_them(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    manager = UserFactory(username="wm")
    with django_capture_on_commit_callbacks(execute=True):
        assert team_create(name="Fostering", by=manager) == "wm"
    team = TeamFactory._meta.model.objects.get(name="Fostering")
    event = AuditEvent.objects.get(model=team._meta.label)
    assert (event.actor_id, event.actor_label) == (manager.pk, "wm")
    assert told == ["Fostering"]
    assert current_actor() == SYSTEM  # only for the service's duration


def test_without_by_the_current_actor_acts(db: None) -> None:
    assert team_create(name="Duty") == SYSTEM.label


def test_a_failing_service_writes_nothing_and_tells_nobody(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    by = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as effects,
        pytest.raises(RuntimeError),
    ):
        team_create(name="Adoption", by=by, fail=True)
    assert not TeamFactory._meta.model.objects.filter(name="Adoption").exists()
    assert (effects, told) == ([], [])
