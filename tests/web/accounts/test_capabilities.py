"""Each app grants its own capabilities on its AppConfig; accounts gathers them at start-up."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from csc_workforce.web.accounts.permissions import GRANTS, Capability, collect_grants
from csc_workforce.web.accounts.roles import Role


def test_every_capability_is_granted_by_the_app_it_belongs_to() -> None:
    assert set(GRANTS) == set(Capability)
    assert GRANTS[Capability.ALLOCATE] == {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER}
    caseloads = apps.get_app_config("caseloads").capabilities()  # type: ignore[attr-defined]
    assert Capability.ALLOCATE in caseloads
    assert Capability.RUN_SURVEYS not in caseloads


def test_a_capability_no_app_grants_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    config = apps.get_app_config("voice")
    monkeypatch.setattr(config, "capabilities", lambda: {}, raising=False)
    before = dict(GRANTS)
    with pytest.raises(ImproperlyConfigured, match="READ_SURVEY_COMMENTS"):
        collect_grants()
    assert before == GRANTS


def test_a_capability_granted_by_two_apps_stops_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = apps.get_app_config("site")
    doubled = {Capability.VIEW_HOME: set(Role), Capability.ALLOCATE: {Role.PSW}}
    monkeypatch.setattr(config, "capabilities", lambda: doubled, raising=False)
    with pytest.raises(ImproperlyConfigured, match="ALLOCATE is granted by two apps"):
        collect_grants()
