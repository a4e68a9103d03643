import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import (
    CaseloadSettings,
    Reduction,
    ReductionReason,
    WeightingModelVersion,
)
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


def model_post(**overrides: str) -> dict[str, str]:
    data = {
        "model-effective_from_0": "1",
        "model-effective_from_1": "10",
        "model-effective_from_2": "2025",
        "model-full_time_target": "2176",
        "model-full_time_hours": "37",
        "model-court_extra": "30",
        "model-pre_proceedings_extra": "15",
        "model-asye_capacity_share": "0.9",
        "model-asye_alone_forbidden": ["child_protection", "court_proceedings"],
    }
    for status in (
        "child_in_need",
        "child_protection",
        "child_looked_after",
        "care_leaver",
        "pre_proceedings",
        "court_proceedings",
        "fostering_household",
        "adoption_household",
    ):
        data[f"model-status_{status}"] = "120"
    for band in ("low", "medium", "high"):
        data[f"model-complexity_{band}"] = "10"
    for band in ("near", "medium", "far"):
        data[f"model-travel_{band}"] = "5"
    return data | overrides  # type: ignore[return-value]


@pytest.fixture
def psw(db: None) -> object:
    return client_for(UserFactory(username="psw.weights", roles=[Role.PSW]))


def test_a_new_version_applies_from_its_date_and_keeps_the_old(psw: object) -> None:
    WeightingModelVersion.objects.create(
        effective_from=dt.date(2020, 1, 1),
        full_time_target=Decimal(2000),
        status_points={},
        complexity_points={},
        travel_points={},
    )
    response = psw.post(reverse("caseloads:weighting"), model_post())  # type: ignore[attr-defined]
    assert response.status_code == 302
    new, old = WeightingModelVersion.objects.all()
    assert (new.effective_from, new.full_time_target) == (dt.date(2025, 10, 1), Decimal(2176))
    assert old.full_time_target == Decimal(2000)


def test_bad_prices_are_named(psw: object) -> None:
    page = psw.post(  # type: ignore[attr-defined]
        reverse("caseloads:weighting"), model_post(**{"model-full_time_target": "lots"})
    ).content.decode()
    assert "Full-time target must be a number" in page
    assert not WeightingModelVersion.objects.exists()


def test_thresholds_are_saved(psw: object) -> None:
    psw.post(  # type: ignore[attr-defined]
        reverse("caseloads:weighting"),
        {
            "limits-overload_percent": "115",
            "limits-overload_weeks": "3",
            "limits-hotspot_minimum_signals": "2",
            "limits-worker_changes_target": "85",
            "limits-signal_agency_rate": "20",
            "limits-visits_child_protection": "10",
        },
    )
    settings = CaseloadSettings.objects.get()
    assert (settings.overload_percent, settings.overload_weeks) == (Decimal(115), 3)
    assert settings.hotspot_thresholds == {"agency_rate": 20.0}
    assert settings.visit_timescales == {"child_protection": 10}


def test_a_reduction_is_capped_by_its_reason_and_its_status_follows_the_date(db: None) -> None:
    team = TeamFactory()
    manager = StaffMemberFactory(team=team, role_level=3)
    user = UserFactory(username="tm.reductions", roles=[Role.TEAM_MANAGER])
    manager.user = user
    manager.save()
    team.managers.add(manager)
    worker = StaffMemberFactory(team=team)
    reason = ReductionReason.objects.get(name="Trade union duties")  # at most 20%
    client = client_for(user)
    post = {
        "staff": str(worker.pk),
        "reason": str(reason.pk),
        "start_0": "1",
        "start_1": "10",
        "start_2": "2025",
        "end_0": "31",
        "end_1": "3",
        "end_2": "2026",
    }
    # 20% of 37 contracted hours is 7.4 hours: 8 is refused.
    refused = client.post(reverse("caseloads:reductions"), post | {"hours_per_week": "8"})
    assert "at most 20% of 37.0 contracted hours: 7.4 hours" in refused.content.decode()
    client.post(reverse("caseloads:reductions"), post | {"hours_per_week": "7.4"})
    assert Reduction.objects.get().hours_per_week == Decimal("7.4")
    page = client.get(reverse("caseloads:reductions")).content.decode()
    assert "Scheduled" in page  # today is 30 September 2025; it starts on 1 October
