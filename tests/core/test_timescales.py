"""Working-day timescales, counted by hand against the England and Wales bank holidays."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.timescales import (
    ASSESSMENT_SCHEMA,
    STATUS_SCHEMA,
    VISIT_SCHEMA,
    StatusPeriod,
    Timescale,
    VisitTimeliness,
    add_working_days,
    assessment_in_timescale,
    assessment_timeliness,
    is_working_day,
    totals_by,
    visit_checks,
    visit_timeliness,
    visit_totals,
    visits_in_timescale,
    working_days_between,
)

day = dt.date


def test_45_working_days_over_christmas_2024() -> None:
    """From Friday 20 December 2024: 23, 24, 27, 30, 31 December are days 1-5 (25 and 26 are
    bank holidays), 2 and 3 January days 6-7 (1 January is a bank holiday), then five a week:
    6-31 January days 8-27, 3-21 February days 28-42, 24, 25, 26 February days 43-45."""
    assert add_working_days(day(2024, 12, 20), 45) == day(2025, 2, 26)
    assert working_days_between(day(2024, 12, 20), day(2025, 2, 26)) == 45
    assert assessment_in_timescale(start=day(2024, 12, 20), authorised=day(2025, 2, 26))
    assert not assessment_in_timescale(start=day(2024, 12, 20), authorised=day(2025, 2, 27))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (day(2025, 1, 10), day(2025, 1, 10), 0),  # the same day
        (day(2025, 1, 10), day(2025, 1, 13), 1),  # Friday to Monday
        (day(2025, 1, 13), day(2025, 1, 10), -1),  # backwards
        (day(2025, 4, 17), day(2025, 4, 22), 1),  # Good Friday 18, Easter Monday 21 April
        (day(2022, 12, 23), day(2022, 12, 28), 1),  # Boxing Day 26, Christmas substitute 27
        (day(2025, 5, 2), day(2025, 5, 6), 1),  # early May bank holiday, Monday 5 May
        (day(2025, 1, 1), day(2025, 12, 31), 253),  # 260 weekdays after 1 Jan less 7 holidays
    ],
)
def test_working_days_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_add_working_days_refuses_negative_days() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(day(2025, 1, 1), -1)


def test_authorised_before_start_is_an_error() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        assessment_in_timescale(start=day(2025, 1, 2), authorised=day(2025, 1, 1))


dates = st.dates(min_value=day(2019, 1, 1), max_value=day(2027, 12, 31))


@given(dates, dates, dates)
def test_working_days_add_up(one: dt.date, two: dt.date, three: dt.date) -> None:
    assert working_days_between(one, two) + working_days_between(two, three) == (
        working_days_between(one, three)
    )


@given(dates, st.integers(min_value=0, max_value=60))
def test_add_working_days_is_the_inverse(start: dt.date, days: int) -> None:
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    assert due == start or is_working_day(due)


@given(dates, st.integers(min_value=0, max_value=120))
def test_working_days_count_day_by_day(start: dt.date, span: int) -> None:
    following = (start + dt.timedelta(days=offset) for offset in range(1, span + 1))
    assert working_days_between(start, start + dt.timedelta(days=span)) == sum(
        map(is_working_day, following)
    )


def test_assessment_timeliness_by_team() -> None:
    assessments = pl.DataFrame(
        [
            (1, 7, 70, day(2024, 12, 20), day(2025, 2, 26)),  # 45 working days: in
            (2, 7, 70, day(2024, 12, 20), day(2025, 2, 27)),  # 46: late
            (3, 8, 80, day(2025, 1, 6), day(2025, 1, 20)),  # 10: in
            (4, 8, 80, day(2025, 1, 6), None),  # not authorised: not counted
            (5, 8, 80, day(2024, 6, 3), day(2024, 7, 1)),  # authorised before the period
        ],
        schema=ASSESSMENT_SCHEMA,
        orient="row",
    )
    teams = assessment_timeliness(
        assessments=assessments, first=day(2025, 1, 1), last=day(2025, 3, 31), by=["team_id"]
    )
    assert teams.rows() == [(70, 2, 1, 50.0), (80, 1, 1, 100.0)]
    whole = assessment_timeliness(
        assessments=assessments, first=day(2025, 1, 1), last=day(2025, 3, 31)
    )
    assert whole.rows() == [(3, 2, pytest.approx(200 / 3))]


TIMESCALES = {
    "child_protection": Timescale(10),
    "child_looked_after": Timescale(42, working=False),
}
PERIODS = [
    StatusPeriod("child_in_need", day(2024, 10, 1), day(2025, 1, 5)),
    StatusPeriod("child_protection", day(2025, 1, 6)),
]
VISITS = [day(2025, 1, 3), day(2025, 1, 10), day(2025, 1, 24), day(2025, 1, 24), day(2025, 2, 10)]


def test_visits_in_timescale_by_hand() -> None:
    """3 January: child in need, no timescale, not counted. 10 January: 4 working days after the
    plan started on 6 January (not 3 January's visit): in. 24 January: 10 working days after
    10 January: in (twice on one day counts once). 10 February: 11 working days after 24
    January: late. On 28 February, 14 working days since the last visit: overdue."""
    result = visits_in_timescale(
        visits=VISITS,
        periods=PERIODS,
        timescales=TIMESCALES,
        first=day(2025, 1, 1),
        last=day(2025, 2, 28),
    )
    assert result == VisitTimeliness(visits=3, in_timescale=2, overdue_on_last=True)
    early = visits_in_timescale(
        visits=VISITS,
        periods=PERIODS,
        timescales=TIMESCALES,
        first=day(2025, 1, 1),
        last=day(2025, 2, 14),
    )
    assert early == VisitTimeliness(visits=3, in_timescale=2, overdue_on_last=False)


def test_visits_in_calendar_days() -> None:
    """Looked after from 1 March 2025, every 42 days: 12 April is 42 days after 1 March (in);
    25 May is 43 days after 12 April (late)."""
    periods = [StatusPeriod("child_looked_after", day(2025, 3, 1))]
    result = visits_in_timescale(
        visits=[day(2025, 4, 12), day(2025, 5, 25)],
        periods=periods,
        timescales=TIMESCALES,
        first=day(2025, 3, 1),
        last=day(2025, 5, 31),
    )
    assert result == VisitTimeliness(visits=2, in_timescale=1, overdue_on_last=False)


def test_several_statuses_at_once_must_each_be_met() -> None:
    """Looked after (every 42 days) and on a plan (every 10 working days) from Monday 6 January
    2025: 24 January is 14 working days on (late for the plan, though within 42 days); 31
    January is 5 working days after 24 January (in)."""
    periods = [
        StatusPeriod("child_looked_after", day(2025, 1, 6)),
        StatusPeriod("child_protection", day(2025, 1, 6)),
    ]
    visits = [day(2025, 1, 24), day(2025, 1, 31)]
    result = visits_in_timescale(
        visits=visits,
        periods=periods,
        timescales=TIMESCALES,
        first=day(2025, 1, 1),
        last=day(2025, 1, 31),
    )
    assert result == VisitTimeliness(visits=2, in_timescale=1, overdue_on_last=False)
    visit_frame, status_frame = visit_frames(visits, periods)
    frame = visit_timeliness(
        visits=visit_frame,
        statuses=status_frame,
        timescales=TIMESCALES,
        first=day(2025, 1, 1),
        last=day(2025, 1, 31),
    )
    assert frame.rows() == [(2, 1, 50.0)]


def visit_frames(
    visits: list[dt.date], periods: list[StatusPeriod], child: int = 1
) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (
        pl.DataFrame(
            [(child, 5, 50, visit) for visit in visits], schema=VISIT_SCHEMA, orient="row"
        ),
        pl.DataFrame(
            [(child, period.status, period.start, period.end) for period in periods],
            schema=STATUS_SCHEMA,
            orient="row",
        ),
    )


def test_visit_timeliness_frames_by_worker() -> None:
    visits, statuses = visit_frames(VISITS, PERIODS)
    result = visit_timeliness(
        visits=visits,
        statuses=statuses,
        timescales=TIMESCALES,
        first=day(2025, 1, 1),
        last=day(2025, 2, 28),
        by=["worker_id"],
    )
    assert result.rows() == [(5, 3, 2, pytest.approx(200 / 3))]


@given(
    st.lists(st.dates(min_value=day(2024, 11, 1), max_value=day(2025, 6, 30)), max_size=12),
    st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4),
    st.lists(
        st.sampled_from(["child_in_need", "child_protection", "child_looked_after"]),
        min_size=4,
        max_size=4,
    ),
    st.none() | st.dates(min_value=day(2024, 12, 1), max_value=day(2025, 3, 31)),
)
def test_the_frames_agree_with_the_rule(
    visits: list[dt.date], lengths: list[int], statuses: list[str], overlap: dt.date | None
) -> None:
    periods, start = [], day(2024, 12, 1)
    for length, status in zip(lengths, statuses, strict=False):
        periods.append(StatusPeriod(status, start, start + dt.timedelta(days=length - 1)))
        start += dt.timedelta(days=length)
    if overlap is not None:  # a second status held alongside the others
        periods.append(StatusPeriod("child_looked_after", overlap, overlap + dt.timedelta(days=40)))
    first, last = day(2025, 1, 1), day(2025, 3, 31)
    expected = visits_in_timescale(
        visits=visits, periods=periods, timescales=TIMESCALES, first=first, last=last
    )
    visit_frame, status_frame = visit_frames(visits, periods)
    result = visit_timeliness(
        visits=visit_frame, statuses=status_frame, timescales=TIMESCALES, first=first, last=last
    ).row(0, named=True)
    assert (result["visits"], result["in_timescale"]) == (expected.visits, expected.in_timescale)


def test_totals_by_worker_added_up_by_team_by_hand() -> None:
    """Workers 5 and 6 in team 50, worker 7 in team 70, worker unknown (none): team 50 has
    3 + 1 = 4 visits, 2 + 1 = 3 in timescale, 75%; team 70 has 2, none in timescale, 0%; the
    visits with no worker have no team."""
    workers = pl.DataFrame(
        [(5, 50, 3, 2), (6, 50, 1, 1), (7, 70, 2, 0), (None, None, 4, 4)],
        schema={
            "worker_id": pl.Int64,
            "team_id": pl.Int64,
            "count": pl.Int64,
            "in_timescale": pl.Int64,
        },
        orient="row",
    )
    assert totals_by(workers, by=["team_id"]).rows() == [
        (None, 4, 4, 100.0),
        (50, 4, 3, 75.0),
        (70, 2, 0, 0.0),
    ]


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=6),  # child
            st.integers(min_value=1, max_value=5) | st.none(),  # worker
            st.dates(min_value=day(2024, 12, 1), max_value=day(2025, 3, 31)),
        ),
        max_size=30,
    ),
    st.lists(st.integers(min_value=1, max_value=60), min_size=6, max_size=6),
)
def test_visit_totals_by_worker_add_up_to_the_team_s(
    visits: list[tuple[int, int | None, dt.date]], lengths: list[int]
) -> None:
    """Counted by worker then added up by each worker's team, the figures are those counted
    by team from the visits themselves (as children's experience did before storing them)."""
    team_of = {1: 10, 2: 10, 3: 20, 4: 30}  # worker 5 has no team; a visit may have no worker
    statuses = pl.DataFrame(
        [
            (child, "child_protection", day(2024, 12, 1) + dt.timedelta(days=length), None)
            for child, length in enumerate(lengths, start=1)
        ],
        schema=STATUS_SCHEMA,
        orient="row",
    )
    frame = pl.DataFrame(
        [(child, worker, team_of.get(worker or 0), on) for child, worker, on in visits],
        schema=VISIT_SCHEMA,
        orient="row",
    )
    first, last = day(2025, 1, 1), day(2025, 3, 31)
    checked = visit_checks(
        visits=frame, statuses=statuses, timescales=TIMESCALES, first=first, last=last
    )
    expected = visit_totals(checked, by=["team_id"]).rename({"visits": "count"})
    workers = visit_totals(
        visit_checks(
            visits=frame.drop("team_id"),
            statuses=statuses,
            timescales=TIMESCALES,
            first=first,
            last=last,
        ),
        by=["worker_id"],
    ).select("worker_id", "in_timescale", count="visits")
    teams = pl.DataFrame(
        list(team_of.items()), schema={"worker_id": pl.Int64, "team_id": pl.Int64}, orient="row"
    )
    added = totals_by(workers.join(teams, on="worker_id", how="left"), by=["team_id"])
    assert added.rows() == expected.select(added.columns).rows()
