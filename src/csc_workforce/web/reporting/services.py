"""Writes for the scorecard's targets and the annual report: atomic, audited as done by ``by``
(``audit.recorder``), and the report built in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from csc_workforce.core.measures import CATALOGUE
from csc_workforce.core.reporting import annual, document
from csc_workforce.web.tasks.services import task_run, task_start

from .models import MEASURE_CHOICES, MeasureTarget, ReportJob, ReportSection
from .selectors import EXISTING_TARGETS, annual_report, sections_for


@transaction.atomic
def measure_target_save(
    *,
    measure: str,
    year: int,
    target: Decimal | None,
    red_beyond: Decimal | None,
    by: User,
) -> MeasureTarget | None:
    """Set ``measure``'s target for reporting ``year`` (both empty: remove it). A part set
    elsewhere (``selectors.EXISTING_TARGETS``) is refused here: it is changed where it is set.
    The red threshold must lie on the worse side of the target."""
    if measure not in dict(MEASURE_CHOICES):
        raise ValidationError({"measure": "Select a measure from the list"})
    elsewhere = EXISTING_TARGETS.get(measure, {})
    errors = {}
    for field, value in (("target", target), ("red_beyond", red_beyond)):
        if field in elsewhere and value is not None:
            errors[field] = f"Leave this empty: it is set in {elsewhere[field].where}"
    direction = CATALOGUE[measure].direction.value
    if target is not None and red_beyond is not None:
        worse = red_beyond > target if direction == "lower is better" else red_beyond < target
        if not (worse or red_beyond == target):
            side = "above" if direction == "lower is better" else "below"
            errors["red_beyond"] = (
                f"Enter a red threshold {side} the target or equal to it: {direction}"
            )
    if errors:
        raise ValidationError(errors)
    if target is None and red_beyond is None:
        MeasureTarget.objects.filter(measure=measure, year=year).delete()
        return None
    row, _ = MeasureTarget.objects.update_or_create(
        measure=measure,
        year=year,
        defaults={"target": target, "red_beyond": red_beyond, "updated_by": by},
    )
    return row


def _save_order(*, year: int, chosen: Sequence[annual.Chosen], by: User) -> None:
    for position, choice in enumerate(chosen):
        ReportSection.objects.update_or_create(
            year=year,
            key=choice.key,
            defaults={
                "narrative": choice.narrative,
                "included": choice.included,
                "position": position,
                "updated_by": by,
            },
        )


@transaction.atomic
def report_section_save(
    *, year: int, key: str, narrative: str, included: bool, by: User
) -> ReportSection:
    """Save a section's narrative for reporting ``year`` and whether it is included."""
    chosen = [
        annual.Chosen(c.key, narrative, included) if c.key == key else c
        for c in sections_for(year=year)
    ]
    _save_order(year=year, chosen=chosen, by=by)
    return ReportSection.objects.get(year=year, key=key)


@transaction.atomic
def report_section_move(*, year: int, key: str, step: int, by: User) -> None:
    """Move a section up (``step`` -1) or down (+1) in the report of ``year``."""
    chosen = sections_for(year=year)
    index = next(i for i, c in enumerate(chosen) if c.key == key)
    other = index + step
    if 0 <= other < len(chosen):
        chosen[index], chosen[other] = chosen[other], chosen[index]
        _save_order(year=year, chosen=chosen, by=by)


def report_build(*, year: int, fmt: str, progress: Callable[[str], None] = lambda _: None) -> bytes:
    """The annual report of ``year`` written in ``fmt`` (html, docx or pdf)."""
    report = annual_report(year=year, progress=progress)
    progress(f"Writing the {fmt.upper()} file")
    return document.written(report, fmt)


def report_job_start(*, year: int, fmt: str, by: User) -> ReportJob:
    """Queue the annual report of ``year`` in ``fmt`` for the worker; its page shows progress."""
    job = ReportJob.objects.create(year=year, format=fmt, created_by=by)
    task_start(job)
    return job


def report_job_run(pk: int) -> None:
    task_run(ReportJob, pk, _run)


def _run(job: ReportJob, progress: Callable[[str], None]) -> dict[str, object]:
    output = report_build(year=job.year, fmt=job.format, progress=progress)
    return {"output": output, "result": {"size": len(output)}}
