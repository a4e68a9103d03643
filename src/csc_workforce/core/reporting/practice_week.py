"""The practice week report in the shape practice week reports take: purpose, method, findings
under the five headings observers write to, exemplars, and the action plan grouped by
priority; a ``Document`` to write as HTML, Word or PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from csc_workforce.core.reporting import charting
from csc_workforce.core.reporting.document import Document, Section, Table


@dataclass(frozen=True)
class Note:
    """What an observer wrote under a heading, with where it was seen (no names)."""

    session: str
    team: str
    on: dt.date
    text: str

    @property
    def line(self) -> str:
        return f"{self.text.strip()} ({self.session}, {self.team}, {self.on:%-d %B %Y})"


@dataclass(frozen=True)
class Action:
    priority: str
    issue: str
    action: str
    due: dt.date
    status: str


def _bullets(notes: Sequence[Note]) -> str:
    return "\n".join(f"- {note.line.replace(chr(10), ' ')}" for note in notes)


def practice_week_report(
    *,
    title: str,
    first: dt.date,
    last: dt.date,
    authority: str,
    sessions: Sequence[tuple[str, int]],
    findings: Sequence[tuple[str, Sequence[Note]]],
    exemplars: Sequence[Note],
    actions: Sequence[Action],
    priorities: Sequence[str],
) -> Document:
    """The report of the practice week ``title`` (``first`` to ``last``): ``sessions`` observed
    by kind, each heading's ``findings``, the ``exemplars`` observers flagged, and the week's
    ``actions`` grouped by priority in the order ``priorities``."""
    observed = sum(count for _, count in sessions)
    by_kind = Table(
        "Sessions observed by kind",
        ["Session", "Observed"],
        [[name, str(count)] for name, count in sessions],
    )
    groups = [(priority, [a for a in actions if a.priority == priority]) for priority in priorities]
    return Document(
        title=f"Practice week report: {title}",
        subtitle=f"{authority}. {first:%-d %B %Y} to {last:%-d %B %Y}.",
        sections=[
            Section(
                "purpose",
                "Purpose",
                narrative="To see practice first hand, hear from children, families and "
                "practitioners, and learn what helps and hinders good practice.",
            ),
            Section(
                "method",
                "Method",
                narrative=f"{observed} sessions of practice were observed, each written up under "
                "the five headings below.",
                tables=[by_kind],
                charts=[
                    charting.bars(
                        by_kind, title=f"Sessions observed by kind: {title}", intro=by_kind.caption
                    )
                ]
                if observed
                else [],
            ),
            *(
                Section(
                    f"finding-{index}",
                    f"Findings: {heading}",
                    narrative=_bullets(notes) or "Nothing written under this heading.",
                )
                for index, (heading, notes) in enumerate(findings)
            ),
            Section(
                "exemplars",
                "Exemplars",
                narrative=_bullets(exemplars) or "No session was flagged as an exemplar.",
            ),
            Section(
                "actions",
                "Action plan",
                narrative="" if actions else "No actions were raised from this week.",
                tables=[
                    Table(
                        f"{priority} priority actions",
                        ["Issue", "Action", "Due", "Status"],
                        [[a.issue, a.action, f"{a.due:%-d %B %Y}", a.status] for a in group],
                    )
                    for priority, group in groups
                    if group
                ],
            ),
        ],
    )
