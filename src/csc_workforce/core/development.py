"""Growing our own: early career programmes (the ASYE, and the early career development programme
that replaces it from September 2027), their cohorts' progress, completion and retention, and
induction checklists for every starter.

A programme is data (``ProgrammeDesign``): its length, the weeks within which the support and
assessment agreement is made, its review points in months from the start, and how many pieces of
each kind of evidence it asks for. Sources and dates: ``docs/development.md``.

Input frame for the cohort dashboard (columns and types; extra columns are ignored):

- ``ENROLMENT_SCHEMA``: one row a worker on a programme: their cohort, final outcome ("" while in
  progress), the day they completed (passed) and the last day of their employment (null while
  employed).
- ``REVIEW_SCHEMA``: one row a review: its enrolment, due day, held day (null until held) and
  whether the programme marks it optional.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from csc_workforce.core.suppression import Sum, suppress

ENROLMENT_SCHEMA = {
    "enrolment_id": pl.Int64,
    "cohort_id": pl.Int64,
    "outcome": pl.String,
    "completed_on": pl.Date,
    "left_on": pl.Date,
}
REVIEW_SCHEMA = {
    "enrolment_id": pl.Int64,
    "due": pl.Date,
    "held": pl.Date,
    "optional": pl.Boolean,
}

PASS = "pass"  # noqa: S105 (an outcome, not a password)
FAIL = "fail"
EXTENDED = "extended"
LEFT = "left"
IN_PROGRESS = ""
DECIDED = frozenset({PASS, FAIL, LEFT})
"""Final outcomes that end a worker's programme; "extended" keeps it going."""

EVIDENCE_KINDS: Mapping[str, str] = {
    "direct_observation": "Direct observations of practice",
    "family_feedback": "Feedback from children and families",
    "professional_feedback": "Feedback from other professionals",
    "written_report": "Assessed written reports",
    "critical_reflection": "Critical reflections",
    "self_assessment": "Self-assessments against the standards (start, middle and end)",
}
"""The kinds of evidence an early career programme asks for (the ASYE's: Skills for Care's
ASYE framework for child and family practitioners; the same kinds for the programme after it
until DfE publishes its assessment design)."""

RETENTION_YEARS = (1, 2, 3)


@dataclass(frozen=True)
class ReviewPoint:
    """A review in a programme: due ``month`` months after the start; ``optional`` when the
    programme lets the assessor leave it out (the ASYE's nine-month review); ``final`` for the
    end-of-programme review, which an extension moves."""

    month: int
    label: str
    optional: bool = False
    final: bool = False


@dataclass(frozen=True)
class ProgrammeDesign:
    """An early career programme as data."""

    length_months: int
    agreement_weeks: int
    reviews: Sequence[ReviewPoint]
    evidence: Mapping[str, int]


ASYE_REVIEWS = (
    ReviewPoint(3, "Three-month review"),
    ReviewPoint(6, "Six-month (mid-point) review"),
    ReviewPoint(9, "Nine-month review", optional=True),
    ReviewPoint(12, "Final review", final=True),
)
ASYE = ProgrammeDesign(
    length_months=12,
    agreement_weeks=4,
    reviews=ASYE_REVIEWS,
    evidence=dict.fromkeys(EVIDENCE_KINDS, 3),
)
"""The ASYE: 12 months; the support and assessment agreement within the first weeks (4 here,
configurable); reviews at 3 and 6 months, an optional one at 9, the final at 12; three of each
kind of evidence (the commonly used number; each authority sets its own)."""

EARLY_CAREER_REVIEWS = (
    ReviewPoint(3, "Three-month review"),
    ReviewPoint(6, "Six-month review"),
    ReviewPoint(12, "End of first year review"),
    ReviewPoint(18, "Eighteen-month review", optional=True),
    ReviewPoint(24, "Final review", final=True),
)
EARLY_CAREER = ProgrammeDesign(
    length_months=24,
    agreement_weeks=4,
    reviews=EARLY_CAREER_REVIEWS,
    evidence=dict.fromkeys(EVIDENCE_KINDS, 4),
)
"""The early career development programme (two years, from September 2027, against the child
and family social worker early career standards that apply from 1 April 2027). DfE has not
published its review points or evidence requirements (docs/development.md): these defaults are
ours, and configurable."""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, or the month's last day when it has no
    such day (31 January plus one month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(*, start: dt.date, point: ReviewPoint, extension_months: int = 0) -> dt.date:
    """When a review is due: ``point.month`` months after the start; the final review also
    moves by the months of every extension agreed."""
    return add_months(start, point.month + (extension_months if point.final else 0))


def agreement_due(*, start: dt.date, weeks: int) -> dt.date:
    """The last day for the support and assessment agreement: ``weeks`` weeks after the start."""
    return start + dt.timedelta(weeks=weeks)


def programme_end(*, start: dt.date, length_months: int, extension_months: int = 0) -> dt.date:
    """The day a programme is due to end: its length, plus every extension, after the start."""
    return add_months(start, length_months + extension_months)


def review_overdue(*, due: dt.date, held: dt.date | None, today: dt.date) -> bool:
    """A review is overdue when it is not held after its due day; one due today is not yet."""
    return held is None and due < today


def evidence_missing(*, required: Mapping[str, int], recorded: Mapping[str, int]) -> dict[str, int]:
    """How many more pieces of each kind of evidence are needed: the requirement less what is
    recorded, for each kind still short (kinds recorded but not required are ignored)."""
    return {
        kind: need - recorded.get(kind, 0)
        for kind, need in required.items()
        if recorded.get(kind, 0) < need
    }


def progress_percent(*, start: dt.date, end: dt.date, today: dt.date) -> int:
    """How far through the programme a worker is today: days since the start over the days from
    start to (extended) end, as a whole percentage between 0 and 100."""
    if end <= start:
        return 100
    share = Decimal((today - start).days) / Decimal((end - start).days) * 100
    return max(0, min(100, int(share.quantize(Decimal(1), ROUND_HALF_UP))))


def completion_rate(*, passed: int, decided: int) -> Decimal | None:
    """Completion rate of a cohort: those who passed as a percentage of those whose programme
    has ended (passed, failed or left); those still on it, extended or not, are not counted.
    None before anyone's programme has ended."""
    if decided == 0:
        return None
    return (Decimal(passed) * 100 / decided).quantize(Decimal("0.1"), ROUND_HALF_UP)


def retention_rate(*, retained: int, completers: int) -> Decimal | None:
    """Retention of those who completed: those still employed on the anniversary
    (``retained_after``) as a percentage of the completers whose anniversary has come, to one
    decimal place (halves up). None before anyone's anniversary has come."""
    if completers == 0:
        return None
    return (Decimal(retained) * 100 / completers).quantize(Decimal("0.1"), ROUND_HALF_UP)


def retained_after(
    *, completed_on: dt.date, left_on: dt.date | None, years: int, today: dt.date
) -> bool | None:
    """Whether someone who completed on ``completed_on`` was still employed ``years`` years
    later (on the same day of the year; 28 February for 29 February): their employment had not
    ended before that day. None when that day is still to come."""
    on = add_months(completed_on, 12 * years)
    if on > today:
        return None
    return left_on is None or left_on >= on


@dataclass(frozen=True)
class CohortFigures:
    """One cohort's figures for the dashboard."""

    cohort_id: int
    workers: int
    in_progress: int
    passed: int
    failed: int
    left: int
    reviews_overdue: int
    completion_rate: Decimal | None
    retention: Mapping[int, tuple[int, int]]
    """For each of 1, 2 and 3 years: (still employed, completers whose anniversary has come)."""


def no_figures(cohort_id: int) -> CohortFigures:
    """The figures of a cohort nobody is on yet."""
    return CohortFigures(
        cohort_id=cohort_id,
        workers=0,
        in_progress=0,
        passed=0,
        failed=0,
        left=0,
        reviews_overdue=0,
        completion_rate=None,
        retention=dict.fromkeys(RETENTION_YEARS, (0, 0)),
    )


def cohort_figures(
    enrolments: pl.DataFrame, reviews: pl.DataFrame, *, today: dt.date
) -> list[CohortFigures]:
    """Each cohort's counts of workers by outcome, reviews overdue (``review_overdue``, for
    workers still on the programme), ``completion_rate`` and retention 1, 2 and 3 years after
    completing (``retained_after``); cohorts in the order of their identifiers."""
    enrolments = enrolments.select(list(ENROLMENT_SCHEMA)).cast(ENROLMENT_SCHEMA)  # type: ignore[arg-type]
    reviews = reviews.select(list(REVIEW_SCHEMA)).cast(REVIEW_SCHEMA)  # type: ignore[arg-type]
    ongoing = enrolments.filter(~pl.col("outcome").is_in(list(DECIDED)))
    overdue = (
        reviews.filter(pl.col("held").is_null() & (pl.col("due") < today))
        .join(ongoing.select("enrolment_id", "cohort_id"), on="enrolment_id")
        .group_by("cohort_id")
        .len("overdue")
    )
    overdue_by_cohort = dict(overdue.iter_rows())
    figures = []
    for (cohort_id,), rows in sorted(
        enrolments.group_by("cohort_id"), key=lambda group: group[0][0]
    ):
        outcomes = rows["outcome"].to_list()
        passed, failed, left = (outcomes.count(o) for o in (PASS, FAIL, LEFT))
        retention: dict[int, tuple[int, int]] = {}
        completers = rows.filter(pl.col("outcome") == PASS).select("completed_on", "left_on")
        for years in RETENTION_YEARS:
            found = [
                retained_after(completed_on=done, left_on=gone, years=years, today=today)
                for done, gone in completers.iter_rows()
                if done is not None
            ]
            counted = [kept for kept in found if kept is not None]
            retention[years] = (sum(counted), len(counted))
        figures.append(
            CohortFigures(
                cohort_id=int(cohort_id),
                workers=rows.height,
                in_progress=rows.height - passed - failed - left,
                passed=passed,
                failed=failed,
                left=left,
                reviews_overdue=overdue_by_cohort.get(cohort_id, 0),
                completion_rate=completion_rate(passed=passed, decided=passed + failed + left),
                retention=retention,
            )
        )
    return figures


@dataclass(frozen=True)
class InductionItemDesign:
    """An item of an induction checklist: what, whose job it is and the day (from the first day,
    day 1) it should be done by."""

    text: str
    owner: str
    due_day: int


def induction_due(*, start: dt.date, due_day: int) -> dt.date:
    """The day an induction item is due: day 1 is the first day of work."""
    return start + dt.timedelta(days=due_day - 1)


def completion_percent(*, done: int, total: int) -> int | None:
    """Items done as a whole percentage of items; None when there are none."""
    if total == 0:
        return None
    return int((Decimal(done) * 100 / total).quantize(Decimal(1), ROUND_HALF_UP))


def reporting_year_of(day: dt.date) -> int:
    """The year (1 October to 30 September, named by the September it ends in: DfE's CSWW
    reporting year) that ``day`` falls in."""
    return day.year + 1 if day.month >= 10 else day.year


def conversion_rate(*, joined: int, finished: int) -> Decimal | None:
    """Conversion from placement to job: students whose last placement ended in the year who
    joined the authority as employees, as a percentage of those whose last placement ended in
    it. None when none ended."""
    if finished == 0:
        return None
    return (Decimal(joined) * 100 / finished).quantize(Decimal("0.1"), ROUND_HALF_UP)


ETHNIC_GROUPS = {
    "W": "White",
    "M": "Mixed or multiple ethnic groups",
    "A": "Asian or Asian British",
    "B": "Black, Black British, Caribbean or African",
    "O": "Other ethnic group",
}
NOT_KNOWN = "Not known"


def ethnic_group(code: str) -> str:
    """The CSWW ethnicity code's group, as DfE groups them for its workforce statistics (the
    first letter: White, Mixed, Asian, Black; Chinese and any other group as Other); refused,
    not yet obtained or blank as "Not known"."""
    if code in ("CHNE", "OOTH"):
        return ETHNIC_GROUPS["O"]
    return ETHNIC_GROUPS.get(code[:1], NOT_KNOWN) if code not in ("REFU", "NOBT") else NOT_KNOWN


@dataclass(frozen=True)
class ProgressionCounts:
    """Progressions approved in one year: the total and each breakdown's groups, with the
    counts to show as ``c`` (``core.suppression``)."""

    year: int
    total: int
    breakdowns: Mapping[str, Mapping[str, int]]
    hidden: frozenset[tuple[str, str]]


def progression_counts(
    rows: Sequence[tuple[int, str, str, str]],
) -> list[ProgressionCounts]:
    """Progressions approved per year by route into social work, sex and ethnic group, the race
    equality view the Social Care Workforce Race Equality Standard asks for: ``rows`` are (year,
    route, sex, ethnic group), one a progression. Each year's three breakdowns sum to its total
    and are suppressed as one table (``suppression.suppress``: counts of 1 to 4, and whatever
    would reveal them); years in order."""
    by_year: dict[int, list[tuple[str, str, str]]] = {}
    for year, route, sex, group in rows:
        by_year.setdefault(year, []).append((route, sex, group))
    result = []
    for year in sorted(by_year):
        people = by_year[year]
        breakdowns: dict[str, dict[str, int]] = {"route": {}, "sex": {}, "ethnicity": {}}
        for route, sex, group in people:
            for name, value in (("route", route), ("sex", sex), ("ethnicity", group)):
                breakdowns[name][value] = breakdowns[name].get(value, 0) + 1
        counts: dict[tuple[str, str], int] = {("total", ""): len(people)}
        sums = []
        for name, groups in breakdowns.items():
            counts |= {(name, value): n for value, n in groups.items()}
            sums.append(Sum(("total", ""), tuple((name, value) for value in groups)))
        hidden = suppress(counts, sums)
        result.append(ProgressionCounts(year, len(people), breakdowns, hidden))
    return result


CHECKLIST_OWNERS = ("starter", "line_manager", "hr", "psw")


def parse_checklist(text: str) -> tuple[list[InductionItemDesign], list[str]]:
    """An induction checklist written one item a line as ``day | owner | what``: the day it is
    due (1 is the first day of work, up to 365), whose job it is (``CHECKLIST_OWNERS``) and what
    is to be done. Blank lines are skipped. The items, or the problems, each naming its line."""
    items: list[InductionItemDesign] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            problems.append(
                f"Line {number}: write the day, whose job it is and what, like "
                "5 | starter | Case recording training"
            )
            continue
        day, owner, what = parts
        if not (day.isascii() and day.isdigit() and 1 <= int(day) <= 365):
            problems.append(f"Line {number}: the day must be a whole number from 1 to 365")
        if owner not in CHECKLIST_OWNERS:
            problems.append(
                f"Line {number}: whose job it is must be one of {', '.join(CHECKLIST_OWNERS)}"
            )
        if not what or len(what) > 200:
            problems.append(f"Line {number}: say what is to be done, in up to 200 characters")
        if not problems or not problems[-1].startswith(f"Line {number}:"):
            items.append(InductionItemDesign(text=what, owner=owner, due_day=int(day)))
    if not items and not problems:
        problems.append("Line 1: write at least one item")
    return (items if not problems else []), problems


def checklist_text(items: Sequence[Mapping[str, object]]) -> str:
    """A checklist's items as ``parse_checklist`` reads them."""
    return "\n".join(f"{item['due_day']} | {item['owner']} | {item['text']}" for item in items)
