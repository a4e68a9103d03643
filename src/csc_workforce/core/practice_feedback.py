"""Complaints, compliments and feedback from children, young people and families about social
work practice: their themes, stages and outcomes, and their counts and themes per quarter.

Quarters are financial-year quarters (April to June is the first), as the statutory annual
report on children's social care complaints covers the year 1 April to 31 March (The Children
Act 1989 Representations Procedure (England) Regulations 2006, regulation 13(3); "Getting the
Best from Complaints", DfES 2006, chapter 8).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from csc_workforce.core.charts import Series, line_chart
from csc_workforce.core.exports import Cell

THEMES = (
    "Communication and being kept informed",
    "Being listened to and involved in plans",
    "Relationship with the social worker",
    "Change of social worker",
    "Delay or missed visits",
    "Quality of assessment or plan",
    "Family time and contact arrangements",
    "Support and services offered",
    "Conduct or attitude of staff",
    "Sharing of information",
    "Other",
)
"""The authority's themes, one list for complaints, compliments and feedback alike, so that the
same theme can be followed across the three."""

CASE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]{0,39}$")
"""A case reference as the case management system gives it: letters, digits, ``/``, ``_`` and
``-``, up to 40 characters (as ``Case.cms_id``); never a name."""


def case_reference_problem(text: str) -> str | None:
    """Why ``text`` is not a case reference (``CASE_REFERENCE``), or None; empty is allowed
    (feedback is often not about one child)."""
    if not text or CASE_REFERENCE.fullmatch(text):
        return None
    if " " in text.strip():
        return (
            "Enter the case reference from the case management system only, with no spaces "
            "(never the child's name)"
        )
    return (
        "Enter the case reference as the case management system gives it: up to 40 letters, "
        "digits, / _ or -"
    )


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the financial-year quarter ``day`` is in (1 April, 1 July, 1 October
    or 1 January)."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: dt.date) -> str:
    """'April to June 2025' for the quarter starting 1 April 2025."""
    last = dt.date(start.year, start.month + 2, 1)
    return f"{start:%B} to {last:%B %Y}"


def financial_year(start: dt.date) -> str:
    """'2025-26' for any quarter of the year 1 April 2025 to 31 March 2026."""
    first = start.year if start.month >= 4 else start.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def quarter_short(start: dt.date) -> str:
    """'Q1 2025-26' for the quarter starting 1 April 2025 (the first of the financial year)."""
    return f"Q{(start.month - 4) % 12 // 3 + 1} {financial_year(start)}"


def quarters(first: dt.date, last: dt.date) -> list[dt.date]:
    """The starts of the quarters from the one ``first`` is in to the one ``last`` is in."""
    found, at = [], quarter_start(first)
    while at <= last:
        found.append(at)
        at = dt.date(at.year + (at.month == 10), (at.month + 2) % 12 + 1, 1)
    return found


@dataclass(frozen=True)
class QuarterCounts:
    """Counts per quarter: of each kind, of complaints by outcome, and of each kind by theme
    (an entry with two themes counts once in each)."""

    starts: list[dt.date]
    quarters: list[str]
    by_kind: list[tuple[str, list[int]]]
    outcomes: list[tuple[str, list[int]]]
    themes: list[tuple[str, list[tuple[str, list[int]]]]]

    @property
    def short(self) -> list[str]:
        """The quarters as 'Q1 2025-26', for column headings."""
        return [quarter_short(start) for start in self.starts]

    @property
    def empty(self) -> bool:
        return not any(sum(counts) for _, counts in self.by_kind)


def quarterly_counts(
    entries: pl.DataFrame,
    *,
    first: dt.date,
    last: dt.date,
    kinds: list[str],
    complaint: str,
    outcomes: list[str],
) -> QuarterCounts:
    """Counts per financial-year quarter from ``first`` to ``last`` of ``entries`` (columns
    ``received_on`` (date), ``kind``, ``outcome`` and ``themes`` (list of text), labels): the
    entries of each of ``kinds``, the ``complaint`` entries by each of ``outcomes``, and the
    entries of each kind by theme (``THEMES``; the themes no entry of the kind has are left
    out). Every quarter is shown, zeros included."""
    starts = quarters(first, last)
    index = {start: i for i, start in enumerate(starts)}
    framed = entries.filter(pl.col("received_on").is_between(first, last)).with_columns(
        quarter=pl.col("received_on").dt.truncate("3mo")
    )

    def row(frame: pl.DataFrame) -> list[int]:
        counts = [0] * len(starts)
        for start, n in frame.group_by("quarter").len().iter_rows():
            counts[index[start]] = n
        return counts

    by_kind = [(kind, row(framed.filter(pl.col("kind") == kind))) for kind in kinds]
    complaints = framed.filter(pl.col("kind") == complaint)
    by_outcome = [(o, row(complaints.filter(pl.col("outcome") == o))) for o in outcomes]
    themed = framed.explode("themes")
    themes = []
    for kind in kinds:
        of_kind = themed.filter(pl.col("kind") == kind)
        rows = [(theme, row(of_kind.filter(pl.col("themes") == theme))) for theme in THEMES]
        themes.append((kind, [(theme, counts) for theme, counts in rows if sum(counts)]))
    labels = [quarter_label(s) for s in starts]
    return QuarterCounts(starts, labels, by_kind, by_outcome, themes)


def counts_chart(counts: QuarterCounts) -> str:
    """A line chart of each kind's count per quarter (its table is ``by_kind``), each line named
    by its kind's first words ("Feedback from a child or family" is "Feedback")."""
    if counts.empty:
        return ""
    described = "; ".join(
        f"{kind}: " + ", ".join(f"{counts.quarters[i]} {n}" for i, n in enumerate(values))
        for kind, values in counts.by_kind
    )
    return line_chart(
        title="Complaints, compliments and feedback per quarter",
        description=f"Entries per quarter. {described}.",
        series=[
            Series(kind.split(" from ", 1)[0], dict(enumerate(map(float, values))))
            for kind, values in counts.by_kind
        ],
        x_labels={i: quarter_short(start) for i, start in enumerate(counts.starts)},
    )


def counts_rows(counts: QuarterCounts) -> tuple[list[str], list[list[Cell]]]:
    """The counts as one table for a spreadsheet: what is counted, the group, then a column per
    quarter."""
    header = ["Count", "Group", *counts.quarters]
    rows: list[list[Cell]] = [["Entries", kind, *values] for kind, values in counts.by_kind]
    rows += [["Complaints by outcome", o, *values] for o, values in counts.outcomes]
    for kind, themed in counts.themes:
        rows += [[f"{kind} by theme", theme, *values] for theme, values in themed]
    return header, rows
