"""The PSW's annual report: its sections as authorities write them, and the report assembled
from the PSW's narrative and the figures of each area for the chosen year.

Each ``Heading`` is a section of the report: its key, its title, the area of the service whose
figures fill it (``scorecard.Area``; none for a section of narrative only) and what the area
would add. The web layer gives each area's content (tables, charts); a section whose area gives
none says "Not recorded yet" with what will fill it, and keeps its narrative. A new source is
one entry here and one provider there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from csc_workforce.core.reporting.charting import SMALL, Draw, drawn
from csc_workforce.core.reporting.document import Chart, Document, Section, Table
from csc_workforce.core.reporting.scorecard import Area


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    area: Area | None
    fills: str = ""


SECTIONS: tuple[Heading, ...] = (
    Heading("role", "The PSW role and the year's activity", None),
    Heading("profile", "Workforce profile", Area.WORKFORCE,
            "DfE's indicators against the previous year, England, the region and the "
            "statistical neighbours"),
    Heading("diversity", "Ethnicity and sex", Area.WORKFORCE,
            "social workers in post by ethnicity and sex and by role level"),
    Heading("leavers", "Leavers: destinations, reasons and length of service", Area.VOICE,
            "leavers' reasons, destinations and length of service from the register"),
    Heading("sickness", "Sickness absence by reason", Area.WORKFORCE,
            "days lost and occurrences by reason"),
    Heading("caseloads", "Caseloads and weighting", Area.CASELOADS,
            "caseloads and weighted loads at 30 September"),
    Heading("supervision", "Supervision", Area.DEVELOPMENT,
            "supervision on time by team"),
    Heading("cpd", "CPD and registration", Area.DEVELOPMENT,
            "development time taken and Social Work England registrations renewed"),
    Heading("asye", "ASYE and routes into social work", Area.DEVELOPMENT,
            "ASYE completion and retention, students and routes into social work"),
    Heading("recruitment", "Recruitment, agency use and retention initiatives", Area.RECRUITMENT,
            "recruitment campaigns, agency placements and compliance with the agency rules"),
    Heading("voice", "The voice of children and families", Area.VOICE,
            "complaints, compliments and feedback from children and families"),
    Heading("health_check", "Health check findings and \"you said, we did\"", Area.VOICE,
            "the staff survey's results and what was done about them"),
    Heading("quality", "Quality assurance: audits and practice weeks", Area.QUALITY,
            "audit grades and practice weeks in the year"),
    Heading("action_plan", "Action plan", Area.QUALITY, "the actions of the action plan"),
    Heading("priorities", "Priorities for next year", None),
)  # fmt: skip
"""The report's sections, in the order authorities write them (the default order)."""

BY_KEY: Mapping[str, Heading] = {heading.key: heading for heading in SECTIONS}

SCORES = Draw(": score by standard", note=". Scores run from 0 to 100" + SMALL)
"""A staff survey's scores by standard beside the last run's."""

CHARTS: Mapping[str, Sequence[Draw]] = {
    "profile": [
        Draw("^DfE's workforce indicators", keep=lambda row: row[0].endswith("(%)"), unit="%",
             note=", the rates (in per cent)", title="{caption}: the rates (%)"),
    ],
    "diversity": [
        Draw("by role level and", kind="stacked", skip_columns=["Total"],
             skip_matching=r"\(%\)$", skip_rows=["All role levels"],
             note=", people" + SMALL),
        Draw("^Social workers in post on", columns=["People"], note=", people" + SMALL),
    ],
    "leavers": [
        Draw("length of service$", skip_rows=["All leavers"], horizontal=False, note=SMALL),
        Draw("^Leavers", skip_rows=["All leavers"], note=SMALL),
    ],
    "sickness": [
        Draw("^Sickness absence", columns=["Working days lost"], skip_rows=["All reasons"],
             note=": working days lost" + SMALL),
    ],
    "supervision": [Draw("by service area", columns=["On time"], unit="%", note=", in per cent")],
    "asye": [Draw("^ASYE decisions", skip_rows=["All decisions"], horizontal=False, note=SMALL)],
    "recruitment": [Draw("^Agency assignments live", kind="stacked", note=SMALL)],
    "voice": [Draw("^Complaints, compliments and feedback", kind="lines", skip_columns=["Year"],
                   note=", per quarter")],
    "health_check": [SCORES],
    "quality": [Draw("^Case audits completed", skip_rows=["All audits"], horizontal=False)],
    "action_plan": [Draw("^Actions due", kind="stacked")],
}  # fmt: skip
"""The charts of each section: which of the tables its area gives are drawn, and how. Each
chart is placed before its table, which is its data table."""


@dataclass(frozen=True)
class Content:
    """What an area gives a section for the year."""

    tables: Sequence[Table] = ()
    charts: Sequence[Chart] = ()


@dataclass(frozen=True)
class Chosen:
    """A section as the PSW set it for the year: its narrative and whether it is included."""

    key: str
    narrative: str = ""
    included: bool = True


def default_order() -> list[Chosen]:
    return [Chosen(heading.key) for heading in SECTIONS]


def annual_report(
    *,
    authority: str,
    year: int,
    chosen: Sequence[Chosen],
    content: Mapping[str, Content],
) -> Document:
    """The annual report of ``authority`` for reporting ``year`` (1 October to 30 September):
    the ``chosen`` sections in their order, those left out omitted, each with its narrative and
    the ``content`` its area gave (by section key); a section with an area that gave none says
    what is not recorded yet."""
    sections = []
    for choice in chosen:
        if not choice.included:
            continue
        heading = BY_KEY[choice.key]
        found = content.get(heading.key)
        missing = ""
        if heading.area is not None and found is None:
            missing = f"{heading.area.value} does not record {heading.fills} yet."
        sections.append(
            Section(
                key=heading.key,
                title=heading.title,
                narrative=choice.narrative,
                tables=found.tables if found else (),
                charts=[*found.charts, *drawn(found.tables, CHARTS.get(heading.key, ()))]
                if found
                else (),
                missing=missing,
            )
        )
    return Document(
        title=f"Principal social worker's annual report {year - 1} to {year}",
        subtitle=f"{authority}. Figures for the year 1 October {year - 1} to 30 September {year}.",
        sections=sections,
    )
