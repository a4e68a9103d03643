"""The demo's scorecard targets and annual report narrative: fictional, the same every run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from csc_workforce.core.indicators import last_census_year
from csc_workforce.core.reporting.annual import SECTIONS

from .models import MeasureTarget, ReportJob, ReportSection

TARGETS = {  # measure: (target, red beyond); parts set elsewhere (selectors.EXISTING_TARGETS) None
    "agency_rate_fte": ("15", "20"),
    "permanent_share_fte": ("85", "80"),
    "turnover_rate_fte": ("15", "18"),
    "vacancy_rate_fte": ("15", "20"),
    "caseload_fte": ("16", "18"),
    "absence_rate_fte": ("3.5", "4.5"),
    "audits_good_or_better_share": (None, "70"),
    "cla_three_or_more_share": ("20", "25"),
    "protected_development_time": ("100", "80"),
}
NARRATIVE = {
    "role": "The principal social worker leads practice development across children's social "
    "care, chairs the practice forum and reports to the director of children's services.\n\n"
    "This year:\n\n- **Two practice weeks** with senior managers observing practice\n"
    "- The health check's findings shared with every team\n- A refreshed supervision policy",
    "priorities": "Next year we will:\n\n- Bring the agency worker rate under the target\n"
    "- Give every social worker protected development time\n"
    "- Act on what the health check told us about workload",
}


def seed_reporting(*, today: dt.date, progress: Callable[[str], None]) -> None:
    """Targets for the latest reporting year and the two before, and the latest year's report:
    every section in the usual order, with narrative for the PSW role and next year's
    priorities."""
    latest = last_census_year(today)
    progress(f"Scorecard targets for {latest - 2} to {latest}; annual report narrative {latest}")
    MeasureTarget.objects.bulk_create(
        MeasureTarget(
            measure=measure,
            year=year,
            target=None if target is None else Decimal(target),
            red_beyond=None if red is None else Decimal(red),
        )
        for year in range(latest - 2, latest + 1)
        for measure, (target, red) in TARGETS.items()
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            year=latest, key=heading.key, narrative=NARRATIVE.get(heading.key, ""), position=n
        )
        for n, heading in enumerate(SECTIONS)
    )


def clear_reporting() -> None:
    ReportJob.objects.all().delete()
    ReportSection.objects.all().delete()
    MeasureTarget.objects.all().delete()
