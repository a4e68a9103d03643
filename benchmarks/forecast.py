"""The workforce forecast for a register of 1,000 workers a scale over ten years: the retention
curves of every split (the retention page's figures) plus one forecast (baseline and three
scenarios, 12, 24 and 36 months, 500 simulated futures each) and its back-test, against 3 s
together at 1x (the issue's target) and 10 s at 10x. Also each part on its own.

Run: .venv/bin/python benchmarks/forecast.py [--scale 1,10] (benchmarks/_harness.py; the core
figures need no demo data, so the database is not read; the forecast page on the demo is timed by
``pages.py``). The synthetic register is ``retention.synthetic`` at the scale (1,000 x scale in
post on 1 October 2015, 150 x scale starters a year after it, each staying an exponentially
distributed time with a mean of 6 years), with 1 FTE each, a date of birth 22 to 60 years before
starting and a salary; 1,000 x scale funded posts; looked at on 30 September 2025.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time

import polars as pl
from _harness import Figure, main
from retention import IN_POST, YEARS, synthetic

TARGET_MS = {1: 3000.0, 10: 10000.0}
"""The issue's 3 s for 1,000 workers; at ten times the register, ten seconds (the work grows
with the workers, the back-test's years and the simulated futures' worker-months)."""


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.core import forecast as core
    from csc_workforce.web.workforce.survival import retention_of

    history_from, on = dt.date(2015, 10, 1), dt.date(2025, 9, 30)
    engagements = synthetic(history_from, on, scale=scale)
    staff = register(engagements)
    posts = pl.DataFrame(
        [(1.0, history_from, None)] * (IN_POST * scale), schema=core.POST_SCHEMA, orient="row"
    )
    scenarios = [
        core.Scenario(name="Turnover down 2 points", turnover_down=2),
        core.Scenario(
            name="6 more ASYEs, 10 agency converted", extra_trainees=6, agency_converted=10
        ),
        core.Scenario(
            name="Retention payment, case holders",
            payment_group="Case holder",
            payment=2000,
            payment_effect=3,
        ),
    ]
    parts: dict[str, list[float]] = {"curves": [], "forecast": [], "back-test": [], "all": []}
    for _ in range(4):
        started = time.perf_counter()
        retention_of(engagements, on=on, history_from=history_from)
        curves = time.perf_counter()
        rates = core.recent_rates(staff, on=on, history_from=history_from)
        position = core.position_at(staff, on=on, posts=posts, agency_hourly_charge=45.0)
        for scenario in [core.BASELINE, *scenarios]:
            core.forecast(position, rates, scenario)
        forecasts = time.perf_counter()
        core.back_test(staff, until=on, history_from=history_from, posts=posts)
        done = time.perf_counter()
        parts["curves"].append((curves - started) * 1000)
        parts["forecast"].append((forecasts - curves) * 1000)
        parts["back-test"].append((done - forecasts) * 1000)
        parts["all"].append((done - started) * 1000)
    size = f"{IN_POST * scale:,} workers x {YEARS} years ({staff.height:,} engagements)"
    names = {
        "all": f"retention curves (all splits) + forecast with 3 scenarios + back-test, {size}",
        "curves": "of which retention curves, all splits",
        "forecast": "of which baseline and 3 scenarios",
        "back-test": "of which back-test (each past year)",
    }
    target = TARGET_MS.get(scale)
    return [
        Figure(names[key], scale, statistics.median(values[1:]), "ms", target)
        for key, values in parts.items()
        if key == "all"
    ] + [
        Figure(names[key], scale, statistics.median(values[1:]), "ms", target)
        for key, values in parts.items()
        if key != "all"
    ]


def register(engagements: pl.DataFrame) -> pl.DataFrame:
    """``engagements`` as ``core.forecast.STAFF_SCHEMA``."""
    from csc_workforce.core import forecast as core

    rng = random.Random(21)  # noqa: S311 (fictional data, not secrets)
    born = [
        start - dt.timedelta(days=rng.randrange(22 * 365, 60 * 365))
        for start in engagements["start_date"].to_list()
    ]
    return engagements.select(
        "start_date",
        "end_date",
        fte=pl.lit(1.0),
        agency=pl.col("employment") == "Agency",
        date_of_birth=pl.Series(born, dtype=pl.Date),
        group=pl.col("role"),
        pay=pl.lit(42000.0),
    ).cast(core.STAFF_SCHEMA)  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False))
