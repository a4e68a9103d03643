"""Children's experience of worker changes: counts worked out by hand, and DfE's published
figures looked up by hand in la_cla_swcount.csv."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.caseloads import ALLOCATION_SCHEMA
from csc_workforce.core.experience import (
    Stability,
    at_most_three_by_team,
    at_most_three_by_worker,
    at_most_three_share,
    cla_comparison,
    cla_three_or_more,
    cla_three_or_more_by_team,
    lead_workers_per_child,
    three_or_more_by_worker,
    year_bounds,
)
from csc_workforce.core.reference import Published
from csc_workforce.core.timescales import STATUS_SCHEMA

day = dt.date
CLA, CP = "child_looked_after", "child_protection"

ALLOCATIONS = pl.DataFrame(
    [
        # Child 1: w1 ended before the year; w2, w3, w4 in it; w5 a co-worker, not counted.
        (1, 1, day(2022, 1, 1), day(2023, 3, 31), True),
        (1, 2, day(2023, 4, 1), day(2023, 9, 30), True),
        (1, 3, day(2023, 10, 1), day(2024, 1, 31), True),
        (1, 4, day(2024, 2, 1), None, True),
        (1, 5, day(2023, 5, 1), None, False),
        # Child 2: w2 twice is one worker; w6 starts after the year.
        (2, 2, day(2023, 1, 1), day(2023, 12, 31), True),
        (2, 2, day(2024, 1, 1), None, True),
        (2, 6, day(2024, 4, 1), None, True),
        # Child 3: four workers, but no longer looked after on 31 March.
        (3, 1, day(2023, 4, 1), day(2023, 6, 30), True),
        (3, 2, day(2023, 7, 1), day(2023, 9, 30), True),
        (3, 3, day(2023, 10, 1), day(2023, 12, 31), True),
        (3, 4, day(2024, 1, 1), day(2024, 3, 30), True),
        # Child 4: on a child protection plan.
        (4, 1, day(2023, 4, 1), day(2023, 6, 30), True),
        (4, 2, day(2023, 7, 1), day(2023, 9, 30), True),
        (4, 3, day(2023, 10, 1), None, True),
        # Child 5: looked after from 31 March; w7 worked with them while in need.
        (5, 7, day(2023, 5, 1), day(2023, 5, 31), True),
        (5, 8, day(2023, 6, 1), day(2024, 2, 29), True),
        (5, 9, day(2024, 3, 1), None, True),
    ],
    schema=ALLOCATION_SCHEMA,
    orient="row",
)
STATUSES = pl.DataFrame(
    [
        (1, CLA, day(2022, 1, 1), None),
        (2, CLA, day(2023, 6, 1), day(2024, 3, 31)),
        (3, CLA, day(2023, 4, 1), day(2024, 3, 30)),
        (4, CP, day(2023, 4, 1), None),
        (5, "child_in_need", day(2023, 5, 1), day(2024, 3, 30)),
        (5, CLA, day(2024, 3, 31), None),
        (6, CLA, day(2023, 1, 1), None),  # no allocation recorded: counted, with 0 workers
    ],
    schema=STATUS_SCHEMA,
    orient="row",
)


def test_year_bounds_match_dfe_time_period() -> None:
    assert year_bounds(2024) == (day(2023, 4, 1), day(2024, 3, 31))


def test_lead_workers_per_child() -> None:
    first, last = year_bounds(2024)
    counts = lead_workers_per_child(allocations=ALLOCATIONS, first=first, last=last)
    assert counts.rows() == [(1, 3), (2, 1), (3, 4), (4, 3), (5, 3)]


def test_cla_three_or_more_by_hand() -> None:
    """Looked after on 31 March 2024: children 1, 2, 5 and 6 (3 left care on 30 March, 4 is on
    a plan). With 3 or more lead workers in the year: 1 (w2, w3, w4) and 5 (w7, w8, w9)."""
    result = cla_three_or_more(allocations=ALLOCATIONS, statuses=STATUSES, year=2024)
    assert result == Stability(2, 4, Decimal(50))
    three_or_more, total, share = result
    assert (three_or_more, total, share) == (2, 4, 50)


def test_cla_three_or_more_with_nobody_looked_after() -> None:
    assert cla_three_or_more(allocations=ALLOCATIONS, statuses=STATUSES.clear(), year=2024) == (
        Stability(0, 0, None)
    )


WORKERS = pl.DataFrame({"worker_id": [3, 4, 6, 9], "team_id": [2, 1, 2, 1]})


def test_at_most_three_by_current_team() -> None:
    """On 30 June 2024, children with a lead worker: 1 (w4, team 1; w1-w4 since 2022: 4
    workers), 2 (w2 and w6 both open: the later, w6, team 2; 2 workers), 4 (w3, team 2; 3
    workers) and 5 (w9, team 1; 3 workers)."""
    since = pl.DataFrame(schema={"child_id": pl.Int64, "since": pl.Date})
    result = at_most_three_share(
        allocations=ALLOCATIONS, since=since, workers=WORKERS, on=day(2024, 6, 30)
    )
    assert result.rows() == [(1, 2, 1, 50.0), (2, 2, 2, 100.0)]
    # Child 1's time with children's social care began with an assessment on 1 April 2023:
    # w2, w3, w4 only.
    since = pl.DataFrame({"child_id": [1], "since": [day(2023, 4, 1)]})
    result = at_most_three_share(
        allocations=ALLOCATIONS, since=since, workers=WORKERS, on=day(2024, 6, 30)
    )
    assert result.rows() == [(1, 2, 2, 100.0), (2, 2, 2, 100.0)]


def test_at_most_three_by_worker_then_by_team() -> None:
    """The same day by lead worker (as stored for children's experience): w4 leads child 1 (4
    workers), w6 child 2 (2), w3 child 4 (3), w9 child 5 (3); added up by team they are the
    figures above, and a worker in two teams counts in each."""
    since = pl.DataFrame(schema={"child_id": pl.Int64, "since": pl.Date})
    by_worker = at_most_three_by_worker(allocations=ALLOCATIONS, since=since, on=day(2024, 6, 30))
    assert by_worker.rows() == [(3, 1, 1), (4, 1, 0), (6, 1, 1), (9, 1, 1)]
    assert at_most_three_by_team(by_worker=by_worker, workers=WORKERS).rows() == [
        (1, 2, 1, 50.0),
        (2, 2, 2, 100.0),
    ]
    two_teams = pl.DataFrame({"worker_id": [4, 4], "team_id": [1, 2]})
    assert at_most_three_by_team(by_worker=by_worker, workers=two_teams).rows() == [
        (1, 1, 0, 0.0),
        (2, 1, 0, 0.0),
        (None, 3, 3, 100.0),  # workers in no team
    ]


def test_three_or_more_in_the_year_by_open_lead() -> None:
    """Open lead allocations on 31 March 2024: child 1 w4, child 2 w2 (w6 starts after), child
    4 w3, child 5 w9 (child 3's ended). Lead workers from 1 April 2023: child 1 3, child 2 1,
    child 4 3, child 5 3."""
    first, last = year_bounds(2024)
    result = three_or_more_by_worker(allocations=ALLOCATIONS, first=first, last=last)
    assert result.rows() == [(2, 1, 0), (3, 1, 1), (4, 1, 1), (9, 1, 1)]


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=12))
def test_lead_workers_is_the_number_of_distinct_workers(workers: list[int]) -> None:
    allocations = pl.DataFrame(
        {
            "child_id": 1,
            "worker_id": workers,
            "start_date": [day(2024, 1, 1) + dt.timedelta(days=n) for n in range(len(workers))],
            "end_date": None,
            "lead": True,
        },
        schema=ALLOCATION_SCHEMA,
    )
    counts = lead_workers_per_child(
        allocations=allocations, first=day(2024, 1, 1), last=day(2024, 12, 31)
    )
    assert counts.rows() == [(1, len(set(workers)))]


def published(value: str) -> Published:
    return Published(value=Decimal(value))


def test_cla_comparison_for_camden() -> None:
    """la_cla_swcount.csv, 2024: England 22,140 of 83,300 (27%); Inner London 870 of 3,980
    (22%); Camden 44 of 214 (21%)."""
    comparison = cla_comparison(year=2024, old_la_code="202")
    assert comparison.england.total == published("83300")
    assert comparison.england.number == published("22140")
    assert comparison.england.percentage == published("27")
    assert comparison.region is not None
    assert comparison.region.area == "Inner London"
    assert (comparison.region.number, comparison.region.percentage) == (
        published("870"),
        published("22"),
    )
    assert comparison.authority is not None
    assert comparison.authority.area == "Camden"
    assert (
        comparison.authority.total,
        comparison.authority.number,
        comparison.authority.percentage,
    ) == (published("214"), published("44"), published("21"))


def test_cla_comparison_keeps_symbols_and_takes_another_region() -> None:
    """Barnet 2024 is published as x (not available); all London: 2,300 of 9,310 (25%)."""
    comparison = cla_comparison(year=2024, old_la_code="302", region="E12000007")
    assert comparison.authority is not None
    assert comparison.authority.number == Published(symbol="x")
    assert comparison.authority.percentage.value is None
    assert comparison.region is not None
    assert comparison.region.area == "London"
    assert comparison.region.total == published("9310")
    assert comparison.region.percentage == published("25")
    scilly = cla_comparison(year=2024, old_la_code="420").authority
    assert scilly is not None
    assert (scilly.total, scilly.percentage) == (published("0"), Published(symbol="z"))


def test_cla_comparison_cornwall_and_unknowns() -> None:
    """Cornwall 2024: 171 of 619 (28%); South West 2,020 of 6,980 (29%)."""
    comparison = cla_comparison(year=2024, old_la_code="908")
    assert comparison.authority is not None
    assert comparison.authority.number == published("171")
    assert comparison.region is not None
    assert comparison.region.percentage == published("29")
    assert cla_comparison(year=2024, old_la_code="999").authority is None
    with pytest.raises(ValueError, match="the file has 2024"):
        cla_comparison(year=2019, old_la_code="908")


JOBS = pl.DataFrame(
    [
        (1, 3, day(2020, 1, 1), None),
        (2, 2, day(2020, 1, 1), None),
        (4, 1, day(2020, 1, 1), None),
        (9, 1, day(2023, 1, 1), day(2024, 3, 30)),
        (9, 2, day(2024, 3, 31), None),  # moved to team 2 on 31 March 2024
    ],
    schema={"worker_id": pl.Int64, "team_id": pl.Int64, "start_date": pl.Date,
            "end_date": pl.Date},
    orient="row",
)  # fmt: skip


def test_cla_three_or_more_by_team_and_year_by_hand() -> None:
    """31 March 2024: child 1 (w2, w3, w4; last w4, team 1) has 3; child 2 (w2 only, team 2)
    has 1; child 5 (w7, w8, w9; last w9, in team 2 from that day) has 3; child 6 no worker (no
    team). 31 March 2023: child 1 (w1 only, team 3) and child 6 (no worker) looked after."""
    found = cla_three_or_more_by_team(
        allocations=ALLOCATIONS, statuses=STATUSES, jobs=JOBS, years=[2023, 2024]
    )
    assert found.columns == ["year", "team_id", "children", "three_or_more"]
    assert found.rows() == [
        (2023, 3, 1, 0),
        (2023, None, 1, 0),
        (2024, 1, 1, 1),
        (2024, 2, 2, 1),
        (2024, None, 1, 0),
    ]
    # each year's teams add up to the authority's figure
    for year in (2023, 2024):
        whole = cla_three_or_more(allocations=ALLOCATIONS, statuses=STATUSES, year=year)
        of_year = found.filter(pl.col("year") == year)
        assert (of_year["three_or_more"].sum(), of_year["children"].sum()) == whole[:2]
