"""Supervision compliance and overdue workers, each expected value worked out by hand."""

import datetime as dt
import itertools

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import supervision
from csc_workforce.core.supervision import (
    FORTNIGHTLY,
    MONTHLY,
    WEEKLY,
    Standard,
    add_months,
    compliance_rollup,
    next_due,
    overdue,
    percent,
    supervision_compliance,
    windows_for,
)

D = dt.date
DEFAULT = Standard()


def workers(rows: list[tuple[int, int, int, dt.date, dt.date | None, bool]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=supervision.WORKER_SCHEMA, orient="row")


def sessions(rows: list[tuple[int, dt.date, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=supervision.SESSION_SCHEMA, orient="row")


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)


def test_an_experienced_workers_windows_are_whole_calendar_months_in_post() -> None:
    # In post from 2020 to 14 February 2025: January is whole; February is not.
    found = windows_for(
        start=D(2020, 3, 9),
        end=D(2025, 2, 14),
        newly_qualified=False,
        first=D(2025, 1, 1),
        last=D(2025, 3, 31),
        standard=DEFAULT,
    )
    assert found == [(D(2025, 1, 1), D(2025, 1, 31))]


def test_a_newly_qualified_workers_windows_follow_the_employer_standard() -> None:
    # Started Monday 6 January 2025. Weekly for 6 weeks: 6-12 Jan ... 10-16 Feb (6 windows).
    # Fortnightly from 17 Feb until 6 July (6 months): 17 Feb-2 Mar, 3-16 Mar, 17-30 Mar,
    # 31 Mar-13 Apr, 14-27 Apr, 28 Apr-11 May, 12-25 May, 26 May-8 Jun, 9-22 Jun (9 windows;
    # 23 Jun-6 Jul runs past the phase, which ends on 5 July, so is not one). Monthly from
    # 6 July: 6 Jul-5 Aug (1 window; 6 Aug-5 Sep ends after 31 August).
    found = windows_for(
        start=D(2025, 1, 6),
        end=None,
        newly_qualified=True,
        first=D(2025, 1, 1),
        last=D(2025, 8, 31),
        standard=DEFAULT,
    )
    assert len(found) == 6 + 9 + 1
    assert found[0] == (D(2025, 1, 6), D(2025, 1, 12))
    assert found[5] == (D(2025, 2, 10), D(2025, 2, 16))
    assert found[6] == (D(2025, 2, 17), D(2025, 3, 2))
    assert found[14] == (D(2025, 6, 9), D(2025, 6, 22))
    assert found[15] == (D(2025, 7, 6), D(2025, 8, 5))


COMPLIANCE_WORKERS = workers(
    [
        (1, 10, 100, D(2020, 1, 1), None, False),
        (2, 10, 100, D(2020, 1, 1), D(2025, 2, 14), False),
        (3, 20, 100, D(2019, 5, 1), None, False),
        (4, 20, 100, D(2025, 4, 1), None, False),  # starts after the period: not counted
    ]
)
COMPLIANCE_SESSIONS = sessions(
    [
        (1, D(2025, 1, 15), 90),  # January met (exactly 1.5 hours)
        (1, D(2025, 2, 10), 60),  # too short: February not met
        (1, D(2025, 3, 1), 120),  # March met
        (1, D(2025, 3, 20), 90),  # a second in March: still one window
        (2, D(2025, 1, 31), 95),  # January met
        (2, D(2025, 2, 3), 90),  # February is not a window for worker 2 (left 14 Feb)
        (3, D(2024, 12, 31), 90),  # before the period
        (3, D(2025, 2, 28), 100),  # February met
    ]
)


def test_compliance_per_worker_counts_windows_met_by_a_long_enough_session() -> None:
    result = supervision_compliance(
        workers=COMPLIANCE_WORKERS,
        sessions=COMPLIANCE_SESSIONS,
        first=D(2025, 1, 1),
        last=D(2025, 3, 31),
        standard=DEFAULT,
    ).sort("worker_id")
    # Worker 1: Jan, Feb, Mar required; Jan and Mar met; 4 sessions, 1 short.
    # Worker 2: Jan required and met; 2 sessions held in the period.
    # Worker 3: Jan, Feb, Mar required; Feb met; the December session is outside the period.
    # Worker 4: nothing required.
    assert result.select("worker_id", "required", "met", "sessions", "short_sessions").rows() == [
        (1, 3, 2, 4, 1),
        (2, 1, 1, 2, 0),
        (3, 3, 1, 1, 0),
        (4, 0, 0, 0, 0),
    ]


def test_compliance_rolls_up_by_team_and_for_the_authority() -> None:
    result = supervision_compliance(
        workers=COMPLIANCE_WORKERS,
        sessions=COMPLIANCE_SESSIONS,
        first=D(2025, 1, 1),
        last=D(2025, 3, 31),
        standard=DEFAULT,
    )
    # Team 10: workers 1 and 2, required 3 + 1 = 4, met 2 + 1 = 3: 75.0%.
    # Team 20: worker 3 (worker 4 had nothing required), required 3, met 1: 33.3%.
    by_team = compliance_rollup(result, by="team_id").sort("team_id")
    assert by_team.rows() == [(10, 2, 4, 3, 75.0), (20, 1, 3, 1, 33.3)]
    # The authority: 3 workers, required 7, met 4: 4 / 7 = 57.14...%, 57.1.
    assert compliance_rollup(result, by=None).rows() == [(3, 7, 4, 57.1)]
    assert percent(4, 7) == 57.1
    assert percent(0, 0) is None


def test_a_longer_minimum_is_the_authoritys_to_set() -> None:
    # With a two-hour minimum, only worker 1's 120-minute session counts.
    result = supervision_compliance(
        workers=COMPLIANCE_WORKERS,
        sessions=COMPLIANCE_SESSIONS,
        first=D(2025, 1, 1),
        last=D(2025, 3, 31),
        standard=Standard(minimum_minutes=120),
    )
    assert compliance_rollup(result, by=None).rows() == [(3, 7, 1, 14.3)]


def test_next_due_follows_the_phase_of_the_last_session() -> None:
    start = D(2025, 1, 6)
    # In the weekly weeks: a week later; in the fortnightly months: a fortnight later.
    assert next_due(
        last_session=D(2025, 1, 20), start=start, newly_qualified=True, standard=DEFAULT
    ) == D(2025, 1, 27)
    assert next_due(
        last_session=D(2025, 3, 3), start=start, newly_qualified=True, standard=DEFAULT
    ) == D(2025, 3, 17)
    # After six months, and for everyone else: a month later.
    assert next_due(
        last_session=D(2025, 7, 10), start=start, newly_qualified=True, standard=DEFAULT
    ) == D(2025, 8, 10)
    assert next_due(
        last_session=None, start=D(2025, 9, 1), newly_qualified=False, standard=DEFAULT
    ) == D(2025, 10, 1)


def test_overdue_lists_workers_whose_next_session_was_due_before_today() -> None:
    today = D(2025, 9, 30)
    found = overdue(
        workers=workers(
            [
                (1, 10, 100, D(2020, 1, 1), None, False),  # last 20 Aug: due 20 Sep, 10 days
                (2, 10, 100, D(2020, 1, 1), None, False),  # last 5 Sep: due 5 Oct, not overdue
                (3, 20, 100, D(2025, 9, 1), None, True),  # no session: due 8 Sep, 22 days
                (4, 20, 100, D(2020, 1, 1), None, False),  # 1 Aug counts, 25 Sep short: 29 days
                (5, 20, 100, D(2020, 1, 1), D(2025, 6, 30), False),  # left: not listed
            ]
        ),
        sessions=sessions(
            [
                (1, D(2025, 8, 20), 90),
                (2, D(2025, 9, 5), 90),
                (4, D(2025, 8, 1), 90),
                (4, D(2025, 9, 25), 30),
            ]
        ),
        today=today,
        standard=DEFAULT,
    )
    assert found.select("worker_id", "due", "days_overdue").rows() == [
        (4, D(2025, 9, 1), 29),
        (3, D(2025, 9, 8), 22),
        (1, D(2025, 9, 20), 10),
    ]


def test_an_unknown_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown interval"):
        Standard(others="yearly")


@given(
    start=st.dates(D(2015, 1, 1), D(2025, 12, 31)),
    first=st.dates(D(2018, 1, 1), D(2025, 12, 31)),
    days=st.integers(0, 800),
    newly_qualified=st.booleans(),
    then=st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY]),
)
def test_windows_are_in_order_apart_and_within_the_period_and_employment(
    start: dt.date, first: dt.date, days: int, newly_qualified: bool, then: str
) -> None:
    last = first + dt.timedelta(days=days)
    standard = Standard(others=then, newly_qualified_then=then)
    found = windows_for(
        start=start,
        end=None,
        newly_qualified=newly_qualified,
        first=first,
        last=last,
        standard=standard,
    )
    for window_start, window_end in found:
        assert max(first, start) <= window_start <= window_end <= last
        assert (window_end - window_start).days <= 30
    for (_, earlier_end), (later_start, _) in itertools.pairwise(found):
        assert earlier_end < later_start


@given(
    people=st.lists(
        st.tuples(
            st.dates(D(2015, 1, 1), D(2025, 9, 1)),
            st.one_of(st.none(), st.integers(0, 2000)),
            st.booleans(),
        ),
        max_size=6,
    ),
    first=st.dates(D(2019, 1, 1), D(2025, 9, 30)),
    days=st.integers(0, 900),
    others=st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY]),
)
def test_every_workers_windows_are_those_windows_for_gives(
    people: list[tuple[dt.date, int | None, bool]],
    first: dt.date,
    days: int,
    others: str,
) -> None:
    """The frame made for many workers at once (calendar months shared) is, worker by worker,
    what ``windows_for`` gives."""
    last = first + dt.timedelta(days=days)
    standard = Standard(others=others)
    rows = [
        (n, 1, 1, start, None if stay is None else start + dt.timedelta(days=stay), nq)
        for n, (start, stay, nq) in enumerate(people)
    ]
    frame = supervision.supervision_windows(
        workers(rows), first=first, last=last, standard=standard
    )
    for worker_id, start, end, newly_qualified in ((r[0], r[3], r[4], r[5]) for r in rows):
        expected = windows_for(
            start=start,
            end=end,
            newly_qualified=newly_qualified,
            first=first,
            last=last,
            standard=standard,
        )
        found = (
            frame.filter(pl.col("worker_id") == worker_id)
            .sort("window_start")
            .select("window_start", "window_end")
            .rows()
        )
        assert found == expected


@given(
    people=st.lists(
        st.tuples(
            st.dates(D(2015, 1, 1), D(2025, 9, 30)),
            st.none() | st.integers(0, 400),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    ),
    weeks=st.integers(0, 10),
    months=st.integers(0, 9),
    then=st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY]),
    others=st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY]),
)
def test_overdue_for_many_workers_at_once_is_next_due_worker_by_worker(
    people: list[tuple[dt.date, int | None, bool]],
    weeks: int,
    months: int,
    then: str,
    others: str,
) -> None:
    """The overdue list, worked out for every worker in one pass, holds exactly those whose
    ``next_due`` (worked out one worker at a time) is before today, that many days ago."""
    today = D(2025, 9, 30)
    standard = Standard(
        newly_qualified_weekly_weeks=weeks,
        newly_qualified_fortnightly_months=months,
        newly_qualified_then=then,
        others=others,
    )
    rows = [(n, 1, 1, start, None, nq) for n, (start, _, nq) in enumerate(people)]
    held = [
        (n, start + dt.timedelta(days=after), 90)
        for n, (start, after, _) in enumerate(people)
        if after is not None and start + dt.timedelta(days=after) <= today
    ]
    found = overdue(workers=workers(rows), sessions=sessions(held), today=today, standard=standard)
    last = {worker: day for worker, day, _ in held}
    expected = []
    for worker, _, _, start, _, nq in rows:
        due = next_due(
            last_session=last.get(worker), start=start, newly_qualified=nq, standard=standard
        )
        if due < today:
            expected.append((worker, last.get(worker), due, (today - due).days))
    expected.sort(key=lambda row: (-row[3], row[0]))
    assert found.select("worker_id", "last_session", "due", "days_overdue").rows() == expected
