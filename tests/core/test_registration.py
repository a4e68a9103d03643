"""Social Work England registration years, the CPD requirement, renewals at risk and the
1 December check, each expected value worked out by hand from the regulator's rules."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.registration import (
    CONDITIONS,
    REGISTERED,
    REMOVED,
    SUSPENDED,
    Cpd,
    CpdStatus,
    cpd_requirement,
    december_check,
    in_renewal_window,
    registered_on,
    registration_year,
    registration_year_bounds,
    renewal_at_risk,
)

D = dt.date


def test_the_registration_year_runs_from_1_december_to_30_november() -> None:
    assert registration_year(D(2024, 12, 1)) == 2025
    assert registration_year(D(2025, 11, 30)) == 2025
    assert registration_year(D(2025, 12, 1)) == 2026
    assert registration_year_bounds(2025) == (D(2024, 12, 1), D(2025, 11, 30))


def test_renewal_is_open_from_1_september_to_30_november() -> None:
    assert not in_renewal_window(D(2025, 8, 31))
    assert in_renewal_window(D(2025, 9, 1))
    assert in_renewal_window(D(2025, 11, 30))
    assert not in_renewal_window(D(2025, 12, 1))


def test_two_pieces_one_with_a_peer_reflection_each_with_learning_and_impact() -> None:
    pieces = [
        Cpd(D(2024, 11, 30), "Before the year", "x", peer_reflection=True),  # 2024's year
        Cpd(D(2025, 1, 10), "Trauma-informed practice", "Shorter visits", peer_reflection=False),
        Cpd(D(2025, 3, 1), "Court skills", "", peer_reflection=True),  # no impact: not counted
        Cpd(D(2025, 6, 1), "Research in Practice", "Used a tool", peer_reflection=False),
    ]
    status = cpd_requirement(pieces, year=2025)
    # Counted: 10 January and 1 June (2 pieces), neither with a peer reflection.
    assert status == CpdStatus(pieces=2, peer_reflections=0)
    assert not status.met
    assert status.missing == "a peer reflection"
    assert CpdStatus(0, 0).missing == "2 more pieces of CPD and a peer reflection"
    assert CpdStatus(1, 1).missing == "1 more piece of CPD"
    assert CpdStatus(2, 1).met


def test_no_grace_period_a_registration_ends_on_its_expiry() -> None:
    assert registered_on(status=REGISTERED, expires_on=D(2025, 11, 30), day=D(2025, 11, 30))
    assert not registered_on(status=REGISTERED, expires_on=D(2025, 11, 30), day=D(2025, 12, 1))
    assert registered_on(status=CONDITIONS, expires_on=D(2026, 11, 30), day=D(2025, 12, 1))
    assert not registered_on(status=SUSPENDED, expires_on=D(2026, 11, 30), day=D(2025, 12, 1))


MET, SHORT = CpdStatus(2, 1), CpdStatus(1, 0)


def test_renewals_at_risk_in_october_and_november() -> None:
    workers = [
        (1, REGISTERED, D(2025, 11, 30), SHORT),  # at risk: CPD short
        (2, REGISTERED, D(2025, 11, 30), MET),  # CPD done, not renewed: at risk only from Nov
        (3, REGISTERED, D(2026, 11, 30), SHORT),  # renewed already
        (4, REMOVED, D(2025, 11, 30), SHORT),  # not registered: the December check's business
    ]
    october = renewal_at_risk(workers=workers, today=D(2025, 10, 15))
    assert [(row.worker_id, row.reason) for row in october] == [
        (1, "CPD not yet recorded: needs 1 more piece of CPD and a peer reflection")
    ]
    november = renewal_at_risk(workers=workers, today=D(2025, 11, 20))
    assert [row.worker_id for row in november] == [1, 2]
    assert renewal_at_risk(workers=workers, today=D(2025, 8, 31)) == []


def test_the_1_december_check_lists_everyone_in_post_not_registered_with_their_cases() -> None:
    day = D(2025, 12, 1)
    found = december_check(
        workers=[
            (1, "SW1", REGISTERED, D(2026, 11, 30)),  # renewed: fine
            (2, "SW2", REGISTERED, D(2025, 11, 30)),  # did not renew: expired
            (3, "SW3", None, None),  # nothing recorded
            (4, "", None, None),  # no number
            (5, "SW5", SUSPENDED, D(2026, 11, 30)),
        ],
        cases_held={2: 14, 5: 3, 1: 20},
        day=day,
    )
    assert [(row.worker_id, row.reason, row.cases) for row in found] == [
        (2, "Registration expired on 30 November 2025", 14),
        (5, "Suspended", 3),
        (3, "No registration recorded", 0),
        (4, "No Social Work England number recorded", 0),
    ]


@given(st.dates(D(2000, 1, 1), D(2100, 12, 31)))
def test_every_day_is_in_its_registration_year(day: dt.date) -> None:
    first, last = registration_year_bounds(registration_year(day))
    assert first <= day <= last
    assert (last - first).days in (364, 365)
