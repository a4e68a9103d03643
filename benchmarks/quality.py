"""The quality assurance results dashboard, the core alone, at 1,000 completed audits of 40
answers each a scale (10x: 10,000): measured figure against the target.

Run: .venv/bin/python benchmarks/quality.py [--scale 1,10]. Builds synthetic audits with polars
(deterministic, fixed seeds): 1,000 completed audits a scale over 24 months in 40 teams, one in
three themed (6 themes), graded about 10% outstanding, 55% good, 28% requires improvement, 7%
inadequate; 40 answers each (a quarter of them ungraded yes/no or text answers);
about 3 finding tags an audit from a list of 25; and 200 audits a scale in progress. Times
everything the dashboard computes in the core (``results``, ``answer_distribution``,
``recurring_themes``, ``overdue``), the median of repeated runs, and prints it with its target.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable, Sequence

import polars as pl
from _harness import Figure, main

from csc_workforce.core import quality

AUDITS, ANSWERS_EACH, TEAMS, MONTHS = 1_000, 40, 40, 24  # audits at scale 1
TODAY = dt.date(2025, 9, 30)
TARGET_MS = 500.0


def draw(values: Sequence[object], n: int, seed: int) -> pl.Series:
    """``n`` values drawn from ``values`` with replacement, the same every run."""
    return pl.Series(list(values)).sample(n, with_replacement=True, seed=seed)


def grades(n: int, seed: int) -> pl.Series:
    weights = [("outstanding", 10), ("good", 55), ("requires_improvement", 28), ("inadequate", 7)]
    return draw([grade for grade, weight in weights for _ in range(weight)], n, seed)


def months() -> list[dt.date]:
    first = []
    year, month = 2023, 10
    for _ in range(MONTHS):
        first.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return first


def frames(scale: int) -> dict[str, pl.DataFrame]:
    audits_count = AUDITS * scale
    themes = ["neglect", "exploitation", "domestic abuse", "disability", "care leavers", "PLO"]
    audits = pl.DataFrame(
        {
            "audit_id": range(1, audits_count + 1),
            "month": draw(months(), audits_count, 1),
            "team_id": draw(range(1, TEAMS + 1), audits_count, 2),
            "theme": draw([*themes, None, None, None, None, None, None], audits_count, 3),
            "grade": grades(audits_count, 4),
        },
        schema=quality.RESULT_SCHEMA,
    )
    rows = audits_count * ANSWERS_EACH
    answers = pl.DataFrame(
        {
            "audit_id": [1 + index // ANSWERS_EACH for index in range(rows)],
            "question_id": [1 + index % ANSWERS_EACH for index in range(rows)],
            "grade": grades(rows, 5),
        },
        schema=quality.ANSWER_SCHEMA,
    ).with_columns(
        grade=pl.when(pl.col("question_id") % 4 == 0).then(None).otherwise(pl.col("grade"))
    )
    tags = [f"Finding {number}" for number in range(1, 26)]
    findings = pl.DataFrame(
        {
            "audit_id": draw(range(1, audits_count + 1), 3 * audits_count, 6),
            "tag": draw(tags, 3 * audits_count, 7),
        },
        schema=quality.FINDING_SCHEMA,
    )
    waiting = 200 * scale
    given_out = draw(range(0, 60), waiting, 8).map_elements(
        lambda days: quality.deadline(assigned_on=TODAY - dt.timedelta(days=days)),
        return_dtype=pl.Date,
    )
    tracking = pl.DataFrame(
        {
            "audit_id": range(audits_count + 1, audits_count + waiting + 1),
            "deadline": given_out,
            "submitted_on": pl.Series([None] * waiting, dtype=pl.Date),
        },
        schema=quality.TRACKING_SCHEMA,
    )
    return {"audits": audits, "answers": answers, "findings": findings, "tracking": tracking}


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    data = frames(scale)
    targets = quality.Targets(good_or_better=80, inadequate_at_most=5)

    def dashboard() -> tuple[object, ...]:
        return (
            quality.results(audits=data["audits"], targets=targets),
            quality.answer_distribution(answers=data["answers"]),
            quality.recurring_themes(findings=data["findings"], minimum=3),
            quality.overdue(audits=data["tracking"], today=TODAY),
        )

    found, by_question, themes, late = dashboard()
    assert isinstance(found, quality.Results)
    assert isinstance(by_question, pl.DataFrame)
    assert isinstance(themes, list)
    assert isinstance(late, pl.DataFrame)
    print(
        f"audits {found.audits:,}; answers {data['answers'].height:,}; "
        f"{found.good_or_better_share:.1f}% good or better (target {targets.good_or_better:.0f}%,"
        f" met: {found.meets_good_or_better}); {found.inadequate_share:.1f}% inadequate "
        f"(at most {targets.inadequate_at_most:.0f}%, met: {found.meets_inadequate}); "
        f"{found.by_month.height} months, {found.by_team.height} teams, "
        f"{found.by_theme.height} themes; {by_question.height} questions; "
        f"top finding {themes[0][0]} ({themes[0][1]:,}); {late.height:,} audits overdue"
    )
    name = f"results dashboard, {AUDITS:,} audits of {ANSWERS_EACH} answers a scale"
    return [Figure(name, scale, median_ms(dashboard, 30), "ms", TARGET_MS)]


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, database=False))
