"""Workload weighting, the core alone, at the demo authority's size and ten times it: measured
figures against targets.

Run: .venv/bin/python benchmarks/caseloads.py [--scale 1,10]. Builds a synthetic authority with
polars (deterministic, fixed seeds): at each scale, 500 workers in teams of 10 and services of
100, and 32,000 children with five years of allocations (1 to 8 workers each, one in three still
open on the day), 2% of cases without a complexity band, co-workers on 5% of open cases,
reductions and duty rotas. Times ``worker_loads`` for every worker on the day, and ``suggest``
for one child against every worker (including finding the child's previous workers in the
allocations), each the median of repeated runs. The pages that use them are timed by
benchmarks/loads_page.py and benchmarks/allocation_board.py.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal

import polars as pl
from _harness import Figure, main

from csc_workforce.core import caseloads

ON = dt.date(2025, 9, 30)
FIRST = ON - dt.timedelta(days=5 * 365)
WORKERS, CHILDREN = 500, 32_000  # at scale 1
TARGETS = {"worker_loads, every worker": 2_000.0, "suggest, one child": 100.0}
MODEL = caseloads.WeightingModel(
    full_time_target=Decimal(2176),
    full_time_hours=Decimal(37),
    status_points={
        "child_in_need": Decimal(70),
        "child_protection": Decimal(110),
        "child_looked_after": Decimal(95),
        "care_leaver": Decimal(50),
        "pre_proceedings": Decimal(120),
        "court_proceedings": Decimal(140),
        "fostering_household": Decimal(60),
        "adoption_household": Decimal(60),
    },
    complexity_points={"low": Decimal(0), "medium": Decimal(10), "high": Decimal(25)},
    travel_points={"near": Decimal(0), "medium": Decimal(5), "far": Decimal(12)},
    court_extra=Decimal(30),
    pre_proceedings_extra=Decimal(15),
)


def draw(values: list[object] | range, n: int, seed: int) -> pl.Series:
    """``n`` values drawn from ``values`` with replacement, the same every run."""
    return pl.Series(list(values)).sample(n, with_replacement=True, seed=seed)


def authority(scale: int) -> dict[str, pl.DataFrame]:
    staff, children_count = WORKERS * scale, CHILDREN * scale
    workers = pl.DataFrame(
        {
            "worker_id": range(1, staff + 1),
            "team_id": [1 + index // 10 for index in range(staff)],
            "service_id": [1 + index // 100 for index in range(staff)],
            "contracted_hours": draw([37.0] * 8 + [22.2, 29.6], staff, 1),
            "asye": draw([False] * 12 + [True], staff, 2),
        },
        schema=caseloads.WORKER_SCHEMA,
    )
    children = pl.DataFrame(
        {
            "child_id": range(1, children_count + 1),
            "first_day": draw(range(5 * 365), children_count, 3),
            "allocations": draw(range(1, 9), children_count, 4),
            "open": [index % 3 == 0 for index in range(children_count)],
        }
    )
    rows = children.join(
        pl.DataFrame({"allocations": range(1, 9)})
        .join(pl.DataFrame({"number": range(1, 9)}), how="cross")
        .filter(pl.col("number") <= pl.col("allocations")),
        on="allocations",
    ).sort("child_id", "number")
    rows = rows.with_columns(
        length=draw(range(30, 400), rows.height, 5),
        worker_id=draw(range(1, staff + 1), rows.height, 6),
    ).with_columns(
        start=pl.col("first_day") + pl.col("length").cum_sum().over("child_id") - pl.col("length")
    )
    rows = rows.with_columns(
        start_date=pl.lit(FIRST) + pl.duration(days=pl.col("start")),
        end_date=pl.lit(FIRST) + pl.duration(days=pl.col("start") + pl.col("length") - 1),
    ).filter(pl.col("start_date") <= ON)
    last = pl.col("number") == pl.col("number").max().over("child_id")
    rows = rows.filter(~pl.col("open") | (pl.col("end_date") < ON) | last).filter(
        pl.col("open") | (pl.col("end_date") < ON)
    )
    rows = rows.with_columns(
        end_date=pl.when(pl.col("open") & last).then(None).otherwise(pl.col("end_date")),
        lead=pl.lit(True),
    )
    co_worked = rows.filter(pl.col("end_date").is_null() & (pl.col("child_id") % 20 == 0))
    co_workers = co_worked.with_columns(
        worker_id=draw(range(1, staff + 1), co_worked.height, 7), lead=pl.lit(False)
    )
    allocations = pl.concat([rows, co_workers]).select(list(caseloads.ALLOCATION_SCHEMA))
    cases = pl.DataFrame(
        {
            "child_id": range(1, children_count + 1),
            "status": draw(list(caseloads.CASE_TYPES), children_count, 8),
            "complexity": draw([*caseloads.COMPLEXITY_BANDS] * 16 + [None], children_count, 9),
            "travel": draw([*caseloads.TRAVEL_BANDS, None], children_count, 10),
            "court": draw([False] * 9 + [True], children_count, 11),
            "pre_proceedings": draw([False] * 9 + [True], children_count, 12),
        },
        schema=caseloads.CASE_SCHEMA,
    )
    reduced = range(1, staff + 1, 3)
    reductions = pl.DataFrame(
        {
            "worker_id": reduced,
            "hours_per_week": draw([3.7, 7.4], len(reduced), 13),
            "reason": "practice_educator",
            "start_date": ON - dt.timedelta(days=100),
            "end_date": draw(
                [ON - dt.timedelta(days=1), ON + dt.timedelta(days=100)], len(reduced), 14
            ),
        },
        schema=caseloads.REDUCTION_SCHEMA,
    )
    non_case = pl.DataFrame(
        {
            "worker_id": range(1, staff + 1, 5),
            "points": draw([150.0, 300.0], len(range(1, staff + 1, 5)), 15),
            "start_date": ON - dt.timedelta(days=30),
            "end_date": None,
        },
        schema=caseloads.NON_CASE_SCHEMA,
    )
    return {
        "allocations": allocations,
        "cases": cases,
        "workers": workers,
        "reductions": reductions,
        "non_case_points": non_case,
    }


def median_ms(run: Callable[[], object], times: int) -> float:
    run()  # warm
    spans = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spans.append((time.perf_counter() - started) * 1000)
    return statistics.median(spans)


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    frames = authority(scale)
    allocations = frames["allocations"]
    current = caseloads.current_allocations(allocations, on=ON)
    print(
        f"scale {scale}: workers {WORKERS * scale:,}; children {CHILDREN * scale:,}; "
        f"allocations {allocations.height:,} ({allocations['start_date'].min()} to {ON}); "
        f"open on {ON}: {current.height:,}"
    )
    loads = caseloads.worker_loads(model=MODEL, on=ON, **frames)
    child = 42

    def suggestion() -> list[caseloads.Suggestion]:
        previous = allocations.filter(pl.col("child_id") == child)["worker_id"].to_list()
        return caseloads.suggest(
            model=MODEL,
            case=caseloads.Case("child_protection", "high", "medium", court=True),
            candidates=loads,
            previous_workers=previous,
        )

    measured = {
        "worker_loads, every worker": median_ms(
            lambda: caseloads.worker_loads(model=MODEL, on=ON, **frames), 10
        ),
        "suggest, one child": median_ms(suggestion, 50),
    }
    return [Figure(name, scale, value, "ms", TARGETS[name]) for name, value in measured.items()]


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, database=False))
