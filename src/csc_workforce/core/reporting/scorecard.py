"""The measures-and-targets scorecard: each measure's value, its target for the year, its red,
amber or green status in words, its last five years and DfE's comparators, as plain data.

``LINES`` is the scorecard's list of measures, framed like DfE's Children's Social Care
National Framework dashboard ("the workforce is equipped and effective"). Each line names a
measure of the catalogue (``core.measures``) and the area of the service that records it; the
web layer gives the values of the areas it has, and a line whose area gives none says "Not
recorded yet" rather than disappearing. A new source is one line here and one provider there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from csc_workforce.core import measures
from csc_workforce.core.comparison import format_published
from csc_workforce.core.measures import Direction, Measure
from csc_workforce.core.reference import Published, as_published
from csc_workforce.core.reporting import charting
from csc_workforce.core.reporting.document import Chart, Document, Section, Table

TREND_YEARS = 5
"""Years of each measure's trend: the chosen year and the four before it."""


class Area(StrEnum):
    """The part of the service that records a measure's data."""

    WORKFORCE = "Workforce register"
    CASELOADS = "Caseloads"
    QUALITY = "Quality assurance"
    DEVELOPMENT = "Development (ASYE, supervision, registration)"
    RECRUITMENT = "Recruitment and agency"
    VOICE = "Staff voice"


@dataclass(frozen=True)
class Line:
    """One row of the scorecard: a catalogue measure, who records it and how often."""

    measure: Measure
    area: Area
    frequency: str = "Yearly, to 30 September"
    scoped: bool = True
    """Whether the area gives the measure for a part of the authority, not only the whole: a
    line that does not says "Not measured by team" for a service area or a team. Every line
    of ``LINES`` is scoped now; the status stays for a measure added for the authority only."""

    @property
    def key(self) -> str:
        return self.measure.key


LINES: tuple[Line, ...] = (
    Line(measures.AGENCY, Area.WORKFORCE),
    Line(measures.PERMANENT_SHARE, Area.WORKFORCE),
    Line(measures.TURNOVER, Area.WORKFORCE),
    Line(measures.VACANCY, Area.WORKFORCE),
    Line(measures.CASELOAD, Area.WORKFORCE),
    Line(measures.ABSENCE, Area.WORKFORCE),
    Line(measures.WEIGHTED_LOAD, Area.CASELOADS, "Daily; shown at 30 September"),
    Line(measures.CLA_THREE_OR_MORE, Area.CASELOADS, "Yearly, to 31 March"),
    Line(measures.AUDITS_GOOD_OR_BETTER, Area.QUALITY, "Monthly; shown for the year"),
    Line(measures.HEALTH_CHECK_SCORE, Area.VOICE, "Yearly; the latest health check"),
    Line(measures.SUPERVISION_COMPLIANCE, Area.DEVELOPMENT, "Monthly; shown for the year"),
    Line(measures.ASYE_COMPLETION, Area.DEVELOPMENT),
    Line(measures.ASYE_RETENTION, Area.DEVELOPMENT),
    Line(measures.STUDENTS_A_YEAR, Area.DEVELOPMENT),
    Line(measures.PROTECTED_DEVELOPMENT_TIME, Area.DEVELOPMENT, "Daily; shown at 30 September"),
    Line(measures.REGISTERED_ON_1_DECEMBER, Area.DEVELOPMENT, "Yearly, on 1 December"),
    Line(measures.AGENCY_RULES_FOLLOWED, Area.RECRUITMENT, "Daily; shown at 30 September"),
)
"""The scorecard's measures in the order shown."""


class Status(StrEnum):
    """A measure's status against its target, in words (colour is never the only sign)."""

    GREEN = "Green: on target"
    AMBER = "Amber: close to target"
    RED = "Red: off target"
    NO_TARGET = "No target set"
    NO_VALUE = "No figure"
    NOT_RECORDED = "Not recorded yet"
    NOT_BY_TEAM = "Not measured by team"

    @property
    def colour(self) -> str:
        """The GOV.UK tag modifier for the status."""
        return {
            "GREEN": "govuk-tag--green",
            "AMBER": "govuk-tag--yellow",
            "RED": "govuk-tag--red",
        }.get(self.name, "govuk-tag--grey")


@dataclass(frozen=True)
class Target:
    """A measure's target for a reporting year: ``target`` is met (green) when the value is at
    or better than it; ``red_beyond`` is where red starts (amber between the two); ``source``
    says where it is set (the scorecard's targets, or an existing setting)."""

    target: Decimal
    red_beyond: Decimal
    source: str = "Scorecard targets"


def rag_status(*, value: Decimal | None, target: Target | None, direction: Direction) -> Status:
    """Red, amber or green: green when ``value`` meets the target (at or above it where higher
    is better, at or below where lower is), red when it is worse than ``red_beyond``, amber
    between. No target, or a measure with no better direction: no status; no value: none."""
    if value is None:
        return Status.NO_VALUE
    if target is None or direction is Direction.NEITHER:
        return Status.NO_TARGET
    sign = 1 if direction is Direction.HIGHER else -1
    if sign * (value - target.target) >= 0:
        return Status.GREEN
    if sign * (value - target.red_beyond) < 0:
        return Status.RED
    return Status.AMBER


@dataclass(frozen=True)
class Comparators:
    """DfE's published figures for the year: England, the region, the comparator average."""

    england: str = ""
    region: str = ""
    neighbours: str = ""


@dataclass(frozen=True)
class Figures:
    """What an area gives for one measure: its shown value by reporting year ('c' where it is
    suppressed), the number behind it for the status, and DfE's comparators for the year."""

    shown: Mapping[int, str]
    value: Decimal | None
    comparators: Comparators = field(default_factory=Comparators)


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    definition: str
    unit: str
    direction: str
    area: str
    frequency: str
    recorded: bool
    value: str
    target: str
    target_source: str
    status: Status
    trend: list[tuple[int, str]]
    comparators: Comparators


@dataclass(frozen=True)
class Scorecard:
    scope: str
    year: int
    years: list[int]
    rows: list[Row]


def scorecard(
    *,
    scope: str,
    year: int,
    figures: Mapping[str, Figures],
    targets: Mapping[str, Target],
    whole_authority: bool = True,
    lines: Sequence[Line] = LINES,
) -> Scorecard:
    """The scorecard of ``scope`` for reporting ``year``: one row per line, with the ``figures``
    the areas gave (by measure key; a line with none is "Not recorded yet", or "Not measured by
    team" for a part of the authority where the line is not ``scoped``) and the ``targets`` for
    the year (by measure key)."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    rows = []
    for line in lines:
        measure = line.measure
        found = figures.get(line.key)
        target = targets.get(line.key)
        if found is None:
            status = Status.NOT_RECORDED if whole_authority or line.scoped else Status.NOT_BY_TEAM
        else:
            status = rag_status(value=found.value, target=target, direction=measure.direction)
        rows.append(
            Row(
                key=line.key,
                name=measure.name,
                definition=measure.definition,
                unit=measure.unit,
                direction=measure.direction.value,
                area=line.area.value,
                frequency=line.frequency,
                recorded=found is not None,
                value=status.value
                if found is None
                else found.shown.get(year, "") or Status.NO_VALUE.value,
                target="" if target is None else measure.shown(target.target),
                target_source="" if target is None else target.source,
                status=status,
                trend=[(y, "" if found is None else found.shown.get(y, "")) for y in years],
                comparators=Comparators() if found is None else found.comparators,
            )
        )
    return Scorecard(scope=scope, year=year, years=years, rows=rows)


def shown(value: Decimal | Published | None, measure: Measure) -> str:
    """A figure as the dashboards show it (``comparison.format_published``): rounded half-up to
    one decimal place as DfE publishes, or DfE's symbol; a figure computed here is first written
    as DfE would publish it (``reference.as_published``); '' for none."""
    if value is None:
        return ""
    if not isinstance(value, Published):
        value = as_published(value, measure=measure.key)
    return format_published(value)


def numeric(value: Decimal | Published | None) -> Decimal | None:
    """The number behind a figure for the status: None for none or a symbol."""
    if isinstance(value, Published):
        return value.value
    return value


def export_rows(card: Scorecard) -> tuple[list[str], list[list[str]]]:
    """The scorecard as a header and rows for ``core.exports`` (CSV and Excel)."""
    header = [
        "Measure", "Unit", "Better when", f"Value {card.year}", "Target", "Status",
        *(f"{y}" for y in card.years), "England", "Region", "Comparator average", "Source",
        "Target set in", "Definition",
    ]  # fmt: skip
    rows = [
        [
            row.name,
            row.unit,
            row.direction,
            row.value,
            row.target,
            row.status.value,
            *(text for _, text in row.trend),
            row.comparators.england,
            row.comparators.region,
            row.comparators.neighbours,
            row.area,
            row.target_source,
            row.definition,
        ]
        for row in card.rows
    ]
    return header, rows


def as_document(card: Scorecard) -> Document:
    """The scorecard as a document (``core.reporting.document``) to write as HTML, Word or PDF:
    the table of values, targets and statuses, then the trend and the comparators."""
    status = Table(
        caption=f"Measures and targets, {card.year}",
        header=["Measure", f"Value {card.year}", "Target", "Status"],
        rows=[
            [row.name, row.value, row.target or "None set", row.status.value] for row in card.rows
        ],
    )
    trend = Table(
        caption=f"The five years to {card.year}, and DfE's comparators for {card.year}",
        header=[
            "Measure",
            *(str(y) for y in card.years),
            "England",
            "Region",
            "Comparator average",
        ],
        rows=[
            [
                row.name,
                *(text or "\N{EN DASH}" for _, text in row.trend),
                row.comparators.england or "\N{EN DASH}",
                row.comparators.region or "\N{EN DASH}",
                row.comparators.neighbours or "\N{EN DASH}",
            ]
            for row in card.rows
        ],
    )
    definitions = "\n".join(f"- **{row.name}**: {row.definition}." for row in card.rows)
    trends = [chart for row in card.rows if (chart := _trend_chart(card, row)) is not None]
    return Document(
        title=f"Measures and targets {card.year}",
        subtitle=f"{card.scope}. Reporting year 1 October {card.year - 1} to 30 September "
        f"{card.year}. Status: green on target, amber between the target and the red "
        "threshold, red beyond it.",
        sections=[
            Section("scorecard", "Scorecard", tables=[status, trend]),
            Section("trends", "Five-year trends", charts=trends),
            Section("definitions", "Definitions", narrative=definitions),
        ],
    )


def _trend_chart(card: Scorecard, row: Row) -> Chart | None:
    """A line of a measure's last five years, when it has a figure for two of them or more."""
    if sum(charting.number(text) is not None for _, text in row.trend) < 2:
        return None
    unit = "%" if row.unit == "%" else ""
    table = Table(
        caption=f"{row.name} by reporting year, {card.scope} ({row.unit})",
        header=["Measure", *(str(y) for y, _ in row.trend)],
        rows=[[row.name, *(text or "\N{EN DASH}" for _, text in row.trend)]],
    )
    return charting.lines(
        table,
        title=f"{row.name}, {card.years[0]} to {card.year}",
        intro=f"{row.name} in each of the five years to {card.year} ({row.unit})",
        unit=unit,
    )
