"""Reads for the audit results dashboard and its exports (counts and grades only: no free
text, so the performance analyst may see them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import Max, Min

from csc_workforce.core import quality
from csc_workforce.core.exports import Sheet
from csc_workforce.web.organisation.models import Team

from .models import CaseAudit, CaseAuditQuerySet, QualityTargets

EXPORT_COLUMNS = ["month", "team", "tool", "auditor's grade", "moderated grade", "final grade",
                  "themes", "judgement areas"]  # fmt: skip


def targets() -> QualityTargets:
    found = QualityTargets.objects.first()
    return found if found is not None else QualityTargets()


def done(audits: CaseAuditQuerySet | None = None) -> CaseAuditQuerySet:
    """The submitted or moderated audits among ``audits`` (every audit by default)."""
    audits = CaseAudit.objects.all() if audits is None else audits
    return audits.exclude(status=CaseAudit.Status.ASSIGNED)


def completed(audits: CaseAuditQuerySet | None = None) -> pl.DataFrame:
    """Every submitted or moderated audit (of ``audits``, if given), one row each
    (``core.quality.RESULT_SCHEMA``)."""
    rows = done(audits).values_list(
        "pk", "submitted_on", "team_id", "template__theme", "grade", "moderated_grade"
    )
    return pl.DataFrame(
        [
            {
                "audit_id": pk,
                "month": submitted.replace(day=1) if submitted else None,
                "team_id": team,
                "theme": theme or None,
                "grade": moderated or grade,
            }
            for pk, submitted, team, theme, grade, moderated in rows
        ],
        schema=quality.RESULT_SCHEMA,
    )


@dataclass(frozen=True)
class Dashboard:
    results: quality.Results
    teams: dict[int, str]
    themes: list[tuple[str, int]]
    labels: dict[str, str]

    def _rows(self, frame: pl.DataFrame, label: Callable[[Any], str]) -> list[dict[str, Any]]:
        key = frame.columns[0]
        return [row | {"label": label(row[key])} for row in frame.iter_rows(named=True)]

    @property
    def by_month(self) -> list[dict[str, Any]]:
        return self._rows(self.results.by_month, lambda month: f"{month:%B %Y}")

    @property
    def by_team(self) -> list[dict[str, Any]]:
        rows = self._rows(self.results.by_team, lambda pk: self.teams.get(pk, "(team removed)"))
        return sorted(rows, key=lambda row: row["label"])

    @property
    def by_theme(self) -> list[dict[str, Any]]:
        return self._rows(self.results.by_theme, lambda theme: theme[:1].upper() + theme[1:])


def submitted_between(audits: CaseAuditQuerySet | None = None) -> tuple[dt.date, dt.date] | None:
    """The first and last days the completed audits among ``audits`` were submitted; None
    when there are none."""
    found = done(audits).aggregate(first=Min("submitted_on"), last=Max("submitted_on"))
    if found["first"] is None or found["last"] is None:
        return None
    return found["first"], found["last"]


def dashboard(audits: CaseAuditQuerySet | None = None) -> Dashboard:
    """The results of the completed audits among ``audits`` (every audit by default)."""
    goal = targets()
    results = quality.results(
        audits=completed(audits),
        targets=quality.Targets(
            good_or_better=float(goal.good_or_better),
            inadequate_at_most=float(goal.inadequate_at_most),
        ),
    )
    findings = pl.DataFrame(
        [
            {"audit_id": pk, "tag": tag}
            for pk, tags in done(audits).exclude(themes=[]).values_list("pk", "themes")
            for tag in tags
        ],
        schema=quality.FINDING_SCHEMA,
    )
    return Dashboard(
        results=results,
        teams={team.pk: team.name for team in Team.objects.all()},
        themes=quality.recurring_themes(findings=findings, minimum=2),
        labels=dict(quality.GRADE_LABELS),
    )


def export_rows(audits: CaseAuditQuerySet | None = None) -> list[list[str]]:
    rows = []
    for audit in done(audits).select_related("team", "template").order_by("submitted_on", "pk"):
        rows.append(
            [
                f"{audit.submitted_on:%Y-%m}" if audit.submitted_on else "",
                audit.team.name,
                str(audit.template),
                audit.get_grade_display(),
                audit.get_moderated_grade_display(),
                quality.GRADE_LABELS.get(audit.final_grade, ""),
                ", ".join(audit.themes),
                ", ".join(audit.judgement_areas),
            ]
        )
    return rows


def export_sheet(audits: CaseAuditQuerySet | None = None) -> Sheet:
    """The completed audits, a row each, for the results page's download."""
    return Sheet("Audits", EXPORT_COLUMNS, export_rows(audits))
