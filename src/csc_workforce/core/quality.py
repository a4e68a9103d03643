"""Quality assurance: the monthly case audit programme and its results on Ofsted's scale.

Each month the authority audits a sample of cases in every team (``sample_cases``, the documented
sampling rule), gives each to an auditor who does not manage the case's team
(``assign_auditors``), sets a deadline in working days (``deadline``) and chases audits not
submitted by then (``overdue``). Completed audits are graded on Ofsted's four-point scale
(``GRADES``) and reported by month, team and theme against the authority's targets
(``results``, e.g. "at least 80% good or better, no more than 5% inadequate"), with the finding
tags that keep coming back (``recurring_themes``).

Input frames (columns and types; extra columns are ignored):

- ``CASE_SCHEMA``: the cases that may be sampled (open cases), one row a case, with the team
  that holds it and its status (``caseloads.STATUSES``, or any other label).
- ``AUDITED_SCHEMA``: earlier audits of cases, one row an audit (``audited_on`` the day the audit
  was assigned or done; null rows are ignored).
- ``TRACKING_SCHEMA``: audits given out, with their deadline and the day submitted (null until
  then).
- ``RESULT_SCHEMA``: completed audits, one row an audit: the first day of the month it was
  completed in, the audited case's team, the audit's theme (a themed audit's theme; null for a
  full case file audit) and its final grade (the moderator's where there is one).
- ``ANSWER_SCHEMA``: graded answers to audit questions, one row an answer.
- ``FINDING_SCHEMA``: finding tags recorded on audits, one row an audit's tag.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import polars as pl

from csc_workforce.core.timescales import add_working_days, bank_holidays

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
GRADES = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)
"""Ofsted's four-point scale, best first."""
GRADE_LABELS: Mapping[str, str] = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    INADEQUATE: "Inadequate",
}
"""Ofsted's words for each grade."""
GOOD_OR_BETTER = frozenset({OUTSTANDING, GOOD})

DEADLINE_WORKING_DAYS = 10
"""The authority's default: an audit is due 10 working days after it is given out."""

CASE_SCHEMA = {"case_id": pl.Int64, "team_id": pl.Int64, "status": pl.String}
AUDITED_SCHEMA = {"case_id": pl.Int64, "audited_on": pl.Date}
TRACKING_SCHEMA = {"audit_id": pl.Int64, "deadline": pl.Date, "submitted_on": pl.Date}
RESULT_SCHEMA = {
    "audit_id": pl.Int64,
    "month": pl.Date,
    "team_id": pl.Int64,
    "theme": pl.String,
    "grade": pl.String,
}
ANSWER_SCHEMA = {"audit_id": pl.Int64, "question_id": pl.Int64, "grade": pl.String}
FINDING_SCHEMA = {"audit_id": pl.Int64, "tag": pl.String}


def good_or_better(grade: str) -> bool:
    """Ofsted's "good or better": outstanding or good. ValueError for a grade not in
    ``GRADES``."""
    if grade not in GRADE_LABELS:
        raise ValueError(f"unknown grade {grade!r}: expected one of {', '.join(GRADES)}")
    return grade in GOOD_OR_BETTER


def good_or_better_share(*, outstanding: int, good: int, audits: int) -> float | None:
    """Audits good or better: (outstanding + good) / completed audits x 100, unrounded; None
    when there are no audits."""
    return (outstanding + good) / audits * 100 if audits else None


# --- Sampling ------------------------------------------------------------------------------


def stratum_quotas(*, counts: Mapping[str | None, int], quota: int) -> dict[str | None, int]:
    """How many cases to take from each status (stratum) of one team, given how many eligible
    cases each status has and the team's quota.

    The rule, with ``n`` eligible cases in the team, ``q`` = min(quota, n) places and ``k``
    statuses present:

    1. Each status's exact share is q x (its cases) / n.
    2. When q >= k every status present gets at least one place: a status whose exact share is
       below 1 gets exactly 1 and is set aside, and the shares of the others are worked out again
       from step 1 with the places and cases left; this repeats until every remaining share is
       1 or more. (When q < k, this step is skipped and a status may get none.)
    3. Each remaining status gets the whole part of its share, and the places still left go one
       each to the statuses with the largest fractional parts (the largest-remainder, or
       Hamilton, method); equal fractional parts go first to the status with more cases, then
       by status in alphabetical order (a missing status last).

    So the places add up to q exactly, and no status is given more places than it has cases.
    Example: 6 CIN, 3 CP and 1 CLA case, quota 5: CLA's share 5 x 1/10 = 0.5 is below 1, so CLA
    gets 1; then CIN 4 x 6/9 = 2.67 and CP 4 x 3/9 = 1.33 get 2 and 1, and the last place goes
    to CIN (0.67 > 0.33): 3 CIN, 1 CP, 1 CLA.
    """
    if quota < 0:
        raise ValueError("the quota must be 0 or more")
    present = {status: count for status, count in counts.items() if count > 0}
    places = min(quota, sum(present.values()))
    given: dict[str | None, int] = dict.fromkeys(counts, 0)
    remaining = dict(present)
    if places >= len(present):
        while remaining:
            total = sum(remaining.values())
            small = [s for s, n in remaining.items() if Fraction(places * n, total) < 1]
            if not small:
                break
            for status in small:
                given[status] = 1
                places -= 1
                del remaining[status]
    total = sum(remaining.values())
    if not remaining or places == 0:
        return given
    shares = {status: Fraction(places * n, total) for status, n in remaining.items()}
    for status, share in shares.items():
        given[status] = int(share)
    left = places - sum(int(share) for share in shares.values())
    order = sorted(
        remaining,
        key=lambda s: (-(shares[s] - int(shares[s])), -remaining[s], s is None, s or ""),
    )
    for status in order[:left]:
        given[status] += 1
    return given


def _stratum_rng(seed: int, team_id: int, status: str | None) -> random.Random:
    # Seeded from a string (SHA-512 of it, stable across Python versions and runs): the draw in
    # one team and status does not depend on any other team's cases. Not for security.
    return random.Random(f"{seed}/{team_id}/{status}")  # noqa: S311


def sample_cases(
    *,
    cases: pl.DataFrame,
    recently_audited: Collection[int] | pl.DataFrame,
    on: dt.date,
    per_team: int,
    seed: int,
    skip_within_days: int = 180,
) -> pl.DataFrame:
    """The month's audit sample: up to ``per_team`` cases from each team, chosen at random,
    stratified by case status, skipping cases audited recently. The documented rule:

    1. Eligible cases: every case in ``cases`` (``CASE_SCHEMA``; a case listed twice counts once,
       in the team of its first row) except those audited recently. ``recently_audited`` is either
       a collection of case ids, all skipped, or a frame of earlier audits (``AUDITED_SCHEMA``) in
       which case a case is skipped when it has an audit dated on or after ``on`` minus
       ``skip_within_days`` days (so with 180 days on 1 July 2025, an audit on 2 January 2025 or
       later, including one dated after ``on``).
    2. Each team's quota is ``per_team``, or all its eligible cases when it has fewer.
    3. The quota is shared between the statuses of the team's eligible cases in proportion to
       their numbers, by largest remainder with at least one case for each status when the quota
       allows (``stratum_quotas`` states the arithmetic).
    4. Within each team and status the cases, in case id order, are each given a random number
       from Python's Mersenne Twister seeded with the text "seed/team id/status", and those
       with the smallest numbers are taken. The same inputs and ``seed`` give the same sample on
       any machine, and a team's sample does not change when another team's cases do; record
       the seed with the programme so that the draw can be checked.

    Columns case_id, team_id, status, in team_id then case_id order.
    """
    if per_team < 0:
        raise ValueError("per_team must be 0 or more")
    if skip_within_days < 0:
        raise ValueError("skip_within_days must be 0 or more")
    eligible = cases.select(list(CASE_SCHEMA)).unique(
        subset="case_id", keep="first", maintain_order=True
    )
    if isinstance(recently_audited, pl.DataFrame):
        since = on - dt.timedelta(days=skip_within_days)
        recent = recently_audited.filter(pl.col("audited_on") >= since)["case_id"]
    else:
        recent = pl.Series("case_id", list(recently_audited), dtype=pl.Int64)
    eligible = eligible.filter(~pl.col("case_id").is_in(recent.implode()))
    strata = (
        eligible.sort("case_id")
        .group_by("team_id", "status", maintain_order=True)
        .agg(pl.col("case_id"))
    )
    by_team: dict[int, dict[str | None, list[int]]] = {}
    for team_id, status, case_ids in strata.iter_rows():
        by_team.setdefault(team_id, {})[status] = case_ids
    chosen: list[tuple[int, int, str | None]] = []
    for team_id, statuses in by_team.items():
        counts = {status: len(ids) for status, ids in statuses.items()}
        for status, take in stratum_quotas(counts=counts, quota=per_team).items():
            rng = _stratum_rng(seed, team_id, status)
            keyed = sorted((rng.random(), case_id) for case_id in sorted(statuses[status]))
            chosen.extend((case_id, team_id, status) for _, case_id in keyed[:take])
    return pl.DataFrame(chosen, schema=CASE_SCHEMA, orient="row").sort("team_id", "case_id")


# --- Auditors and deadlines ----------------------------------------------------------------


class Auditor(NamedTuple):
    """Someone who may audit (a manager or principal social worker): their id and the team they
    manage (None for someone managing no team, such as a principal social worker)."""

    auditor_id: int
    team_id: int | None


class Assignment(NamedTuple):
    """A sampled case given to an auditor."""

    case_id: int
    auditor_id: int


def assign_auditors(
    *,
    sample: pl.DataFrame,
    auditors: Sequence[tuple[int, int | None]],
    open_audits: Mapping[int, int] | None = None,
) -> list[Assignment]:
    """Give each sampled case (case_id, team_id, in the sample's order) an auditor, round
    robin so that everyone audits about the same number.

    Each case goes to the auditor with the fewest audits so far (``open_audits``: audits each
    already has to do, 0 when not given, plus those given here); equal counts go to the one
    given a case least recently here, and then in the order of ``auditors``. An auditor is never
    given a case of the team they manage, unless every auditor manages that team. ValueError when
    there are cases but no auditors.
    """
    if not auditors and not sample.is_empty():
        raise ValueError("there are cases to audit but no auditors")
    held = {auditor_id: (open_audits or {}).get(auditor_id, 0) for auditor_id, _ in auditors}
    last_turn = dict.fromkeys(held, -1)
    position = {auditor_id: index for index, (auditor_id, _) in reversed(list(enumerate(auditors)))}
    assignments = []
    for turn, (case_id, team_id) in enumerate(sample.select("case_id", "team_id").iter_rows()):
        others = [auditor_id for auditor_id, own in auditors if own is None or own != team_id]
        candidates = others or [auditor_id for auditor_id, _ in auditors]
        best = min(candidates, key=lambda a: (held[a], last_turn[a], position[a]))
        held[best] += 1
        last_turn[best] = turn
        assignments.append(Assignment(case_id, best))
    return assignments


def deadline(*, assigned_on: dt.date, working_days: int = DEADLINE_WORKING_DAYS) -> dt.date:
    """The last day to submit an audit given out on ``assigned_on``: ``working_days`` working
    days later (weekends and England and Wales bank holidays not counted; the day given out is
    day 0), as ``timescales.add_working_days``."""
    return add_working_days(assigned_on, working_days)


def overdue(*, audits: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    """Audits to chase: not submitted (``submitted_on`` null, or after ``today``) and past their
    deadline (an audit due today is not yet overdue).

    ``audits`` has ``TRACKING_SCHEMA`` (extra columns, such as the auditor, are kept). Adds
    days_overdue (calendar days from the deadline to ``today``) and working_days_overdue (working
    days after the deadline up to and including ``today``), most overdue first, then by
    audit_id.
    """
    waiting = audits.filter(
        (pl.col("submitted_on").is_null() | (pl.col("submitted_on") > today))
        & (pl.col("deadline") < today)
    )
    earliest = waiting["deadline"].min()
    first = earliest if isinstance(earliest, dt.date) else today
    closed = [
        day for year in range(first.year, today.year + 1) for day in sorted(bank_holidays(year))
    ]
    one = pl.duration(days=1)
    return waiting.with_columns(
        days_overdue=(pl.lit(today) - pl.col("deadline")).dt.total_days().cast(pl.Int64),
        working_days_overdue=pl.business_day_count(
            pl.col("deadline") + one, pl.lit(today) + one, holidays=closed
        ).cast(pl.Int64),
    ).sort(["days_overdue", "audit_id"], descending=[True, False])


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """The authority's targets for audit grades, as percentages of completed audits: at least
    ``good_or_better`` percent good or better, and no more than ``inadequate_at_most`` percent
    inadequate."""

    good_or_better: float = 80.0
    inadequate_at_most: float = 5.0

    def __post_init__(self) -> None:
        for name in ("good_or_better", "inadequate_at_most"):
            if not 0 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must be a percentage from 0 to 100")


@dataclass(frozen=True)
class Results:
    """Audit results against the targets.

    ``audits`` completed; ``good_or_better_share`` (outstanding or good) and
    ``inadequate_share`` as percentages of them (None when there are none), and whether each
    meets its target (None when there are no audits). ``overall`` is one row, ``by_month``,
    ``by_team`` and ``by_theme`` one row a month, team or theme (themed audits only; months,
    teams and themes without audits are absent), each with the columns of ``distribution``.
    """

    targets: Targets
    audits: int
    good_or_better_share: float | None
    inadequate_share: float | None
    meets_good_or_better: bool | None
    meets_inadequate: bool | None
    overall: pl.DataFrame
    by_month: pl.DataFrame
    by_team: pl.DataFrame
    by_theme: pl.DataFrame


def _check_grades(frame: pl.DataFrame) -> None:
    wrong = frame.filter(~pl.col("grade").is_in(GRADES) | pl.col("grade").is_null())
    if not wrong.is_empty():
        values = sorted({str(value) for value in wrong["grade"].to_list()})
        raise ValueError(
            f"{wrong.height} rows have a grade not on Ofsted's scale: {', '.join(values)}; "
            f"expected one of {', '.join(GRADES)}"
        )


def distribution(
    frame: pl.DataFrame, *, by: Sequence[str] = (), targets: Targets | None = None
) -> pl.DataFrame:
    """Grade counts and shares of the rows of ``frame`` (column ``grade``, every value in
    ``GRADES``), by ``by`` (none: one row).

    Columns: the ``by`` columns, total (rows), a count for each grade (named by the grade, 0
    when none), ``<grade>_share`` for each (percent of total; null when there are no rows) so
    that inadequate_share is the share inadequate, good_or_better_share (outstanding and good),
    and, with ``targets``, meets_good_or_better (share at or above the target) and
    meets_inadequate (share at or below the limit). In ``by`` order.
    """
    _check_grades(frame)
    totals = [pl.len().cast(pl.Int64).alias("total")] + [
        (pl.col("grade") == grade).sum().cast(pl.Int64).alias(grade) for grade in GRADES
    ]
    grouped = frame.group_by(by).agg(totals).sort(by) if by else frame.select(totals)

    def percent(count: pl.Expr) -> pl.Expr:
        return pl.when(pl.col("total") > 0).then(count / pl.col("total") * 100)

    grouped = grouped.with_columns(
        *[percent(pl.col(grade)).alias(f"{grade}_share") for grade in GRADES],
        good_or_better_share=percent(pl.col(OUTSTANDING) + pl.col(GOOD)),
    )
    if targets is not None:
        grouped = grouped.with_columns(
            meets_good_or_better=pl.col("good_or_better_share") >= targets.good_or_better,
            meets_inadequate=pl.col("inadequate_share") <= targets.inadequate_at_most,
        )
    return grouped


def results(*, audits: pl.DataFrame, targets: Targets | None = None) -> Results:
    """The results dashboard: completed audits (``RESULT_SCHEMA``) by grade overall, by month, by
    team and by theme, and the shares good or better and inadequate against ``targets`` (default
    80% good or better, no more than 5% inadequate).

    Good or better share = (outstanding + good) / audits x 100; inadequate share = inadequate /
    audits x 100; a share meets its target when at or above the good-or-better target and at or
    below the inadequate limit, unrounded (round for display with ``indicators.round_half_up``).
    Each audit is counted once, with its final grade. ValueError when a grade is not in
    ``GRADES``.
    """
    targets = targets or Targets()
    audits = audits.select(list(RESULT_SCHEMA))
    overall = distribution(audits, targets=targets)
    row = overall.row(0, named=True)
    count = int(row["total"])
    inadequate = row["inadequate_share"]
    return Results(
        targets=targets,
        audits=count,
        good_or_better_share=good_or_better_share(
            outstanding=row[OUTSTANDING], good=row[GOOD], audits=count
        ),
        inadequate_share=inadequate if count else None,
        meets_good_or_better=bool(row["meets_good_or_better"]) if count else None,
        meets_inadequate=bool(row["meets_inadequate"]) if count else None,
        overall=overall,
        by_month=distribution(audits, by=["month"], targets=targets),
        by_team=distribution(audits, by=["team_id"], targets=targets),
        by_theme=distribution(
            audits.filter(pl.col("theme").is_not_null()), by=["theme"], targets=targets
        ),
    )


def answer_distribution(*, answers: pl.DataFrame) -> pl.DataFrame:
    """Graded answers (``ANSWER_SCHEMA``; answers without a grade, such as yes/no or free text,
    are left out) by question: the columns of ``distribution`` (total being answers), to show
    which parts of practice are graded lowest."""
    graded = answers.select(list(ANSWER_SCHEMA)).filter(pl.col("grade").is_not_null())
    return distribution(graded, by=["question_id"])


def recurring_themes(
    *, findings: Iterable[str] | pl.DataFrame, minimum: int = 3
) -> list[tuple[str, int]]:
    """Finding tags recorded at least ``minimum`` times, most frequent first (equal counts in
    alphabetical order), as (tag, count).

    Only tags are counted, never words of free-text findings: tags are the authority's own
    list, so a count means the same thing every month. Tags are compared exactly after trimming
    spaces; empty tags are ignored. ``findings`` is either the tags themselves (each counted) or
    a frame (``FINDING_SCHEMA``), in which a tag counts once an audit however often it is
    recorded on it, so the count is the number of audits with that finding.
    """
    if minimum < 1:
        raise ValueError("minimum must be 1 or more")
    if isinstance(findings, pl.DataFrame):
        counts = (
            findings.select(pl.col("audit_id"), pl.col("tag").str.strip_chars())
            .filter(pl.col("tag").is_not_null() & (pl.col("tag") != ""))
            .unique()
            .group_by("tag")
            .agg(count=pl.len())
            .filter(pl.col("count") >= minimum)
        )
        found = [(str(tag), int(count)) for tag, count in counts.iter_rows()]
    else:
        counted = Counter(tag.strip() for tag in findings if tag and tag.strip())
        found = [(tag, count) for tag, count in counted.items() if count >= minimum]
    return sorted(found, key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class Period:
    """A span of days audits are chosen by (``audit_periods``): ``key`` names it in a link."""

    key: str
    label: str
    first: dt.date
    last: dt.date


def _months_back(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` calendar months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def audit_periods(*, today: dt.date, earliest: dt.date | None) -> list[Period]:
    """The periods the audit pages filter by: the last 3 and the last 12 calendar months to
    ``today`` (this month and the 2, or the 11, before it), then each financial year (1 April
    to 31 March, as the authority's audit programme and self-evaluation run) from the one
    holding ``today`` back to the one holding ``earliest`` (the first audit's date), latest
    first."""
    periods = [
        Period("3-months", "The last 3 months", _months_back(today, 2), today),
        Period("12-months", "The last 12 months", _months_back(today, 11), today),
    ]
    latest = today.year if today.month >= 4 else today.year - 1
    start = earliest if earliest is not None and earliest <= today else today
    oldest = start.year if start.month >= 4 else start.year - 1
    for year in range(latest, oldest - 1, -1):
        periods.append(
            Period(
                f"{year}-{(year + 1) % 100:02d}",
                f"April {year} to March {year + 1}",
                dt.date(year, 4, 1),
                dt.date(year + 1, 3, 31),
            )
        )
    return periods
