"""The leaving factors page's model is kept for the day until an audited change, per scope."""

import datetime as dt

import pytest

from csc_workforce.web.organisation.selectors import Scope
from csc_workforce.web.workforce import survival
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, TeamFactory

ON = dt.date(2025, 9, 30)


@pytest.mark.django_db
def test_the_model_is_kept_until_an_audited_change(monkeypatch: pytest.MonkeyPatch) -> None:
    team = TeamFactory(service_area__authority=LocalAuthorityFactory())
    StaffMemberFactory(team=team, start_date=dt.date(2021, 1, 1))
    computed: list[Scope] = []
    real = survival._factors

    def counted(*, scope: Scope, on: dt.date) -> survival.Factors:
        computed.append(scope)
        return real(scope=scope, on=on)

    monkeypatch.setattr(survival, "_factors", counted)
    whole = Scope("all", "Whole authority", None)
    one_team = Scope(f"team-{team.pk}", team.name, frozenset({team.pk}))
    first = survival.factors(scope=whole, on=ON)
    assert survival.factors(scope=whole, on=ON) == first  # kept
    assert len(computed) == 1
    survival.factors(scope=one_team, on=ON)  # another scope: its own
    assert len(computed) == 2
    StaffMemberFactory(team=team, start_date=dt.date(2022, 1, 1))  # an audited change
    survival.factors(scope=whole, on=ON)
    assert len(computed) == 3
    survival.factors(scope=whole, on=ON + dt.timedelta(days=1))  # another day
    assert len(computed) == 4
