"""The twelve months' assessments and visits, checked against their timescales, stored by
worker for each day asked for, so that children's experience reads a few thousand totals
rather than reading and checking every visit of the year (at ten times the demo authority,
420,000 visits) on every request.

For a day, the stored rows (``WorkerActivity``) are, by worker:

- assessments authorised in the twelve months to the day, by the child's latest lead worker:
  how many, and how many within 45 working days (``timescales.assessment_timeliness``);
- visits made in the twelve months to the day while the child had a status with a timescale,
  by the visiting worker: how many, and how many in timescale (``timescales.visit_checks``,
  ``visit_totals``), a child's first visit in the twelve months checked from the status's start.

The page adds them up by the worker's team now (``timescales.totals_by``). A day is stored by
the demo seed, the caseload imports and ``cscw caseloads snapshot`` (the daily job), or the first
time the page asks for it. They are derived figures, never edited; a change to what they are
computed from drops the stored days it can alter, to be computed again when next asked for:

- a visit, an assessment, a status or the authority's visit timescales changed through the ORM
  (signals, ``connect``), from the first day the change can alter;
- a change of a child's lead worker (who their assessments are counted for), from the day the
  child's first assessment was authorised;
- a bulk write that bypasses signals calls ``stale`` (the activity import and the demo do);
  inside ``deferred`` the changes are gathered and the days dropped once, at the end.

Changes of job need nothing: the team is joined when the page reads the totals. On PostgreSQL
the loads' advisory lock (``snapshots.lock``) also orders computing a day here and changing
what it is computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Min, Model
from django.db.models.signals import post_delete, post_save, pre_save

from csc_workforce.core import timescales
from csc_workforce.web.audit.recorder import in_bulk_job
from csc_workforce.web.frames import read_frame, write_frame

from .frames import allocation_frame, overlapping, status_frame
from .models import (
    ActivityDay,
    Allocation,
    Assessment,
    CaseloadSettings,
    CaseStatus,
    Visit,
    WorkerActivity,
)
from .snapshots import lock

TOTALS = {
    "kind": pl.String,
    "worker_id": pl.Int64,
    "count": pl.Int64,
    "in_timescale": pl.Int64,
}
"""A day's totals as the page reads them: kind ("assessments" or "visits"), worker_id (null
for none), count and in_timescale."""
YEAR = dt.timedelta(days=364)
"""The twelve months to a day begin this long before it."""


def for_day(day: dt.date) -> pl.DataFrame:
    """The assessments and visits of the twelve months to ``day``, checked, by worker
    (``TOTALS``): read from the store, computed and stored first if the day is not there."""
    if not ActivityDay.objects.filter(day=day).exists():
        return take(day)
    totals = _read(day)
    if not totals.height and not ActivityDay.objects.filter(day=day).exists():
        return take(day)  # dropped by a change between the two reads
    return totals


def take(day: dt.date, *, rebuild: bool = False) -> pl.DataFrame:
    """Compute and store the totals for ``day`` unless they are stored (with ``rebuild``,
    again); returns them."""
    with transaction.atomic():
        lock()
        if rebuild:
            _drop(ActivityDay.objects.filter(day=day))
        elif ActivityDay.objects.filter(day=day).exists():
            return _read(day)
        totals = compute(day)
        ActivityDay.objects.create(day=day)
        stored = totals.rename({"count": "counted"}).with_columns(day=pl.lit(day))
        write_frame(WorkerActivity, stored)
    return totals


def drop_before(day: dt.date) -> int:
    """Drop the totals stored for days before ``day``; returns the number of days dropped."""
    with transaction.atomic():
        lock()
        older = ActivityDay.objects.filter(day__lt=day)
        count = older.count()
        _drop(older)
    return count


def compute(day: dt.date) -> pl.DataFrame:
    """The twelve months to ``day`` (``TOTALS``), computed from the caseload tables: every
    assessment authorised and every visit made then, checked against its timescale."""
    first = day - YEAR
    assessed = Assessment.objects.filter(authorised__gte=first)
    lead_of = (  # each assessed child's latest lead worker
        allocation_frame(
            Allocation.objects.filter(
                role=Allocation.Role.LEAD, case__in=assessed.values("case_id")
            ),
            leads=True,
        )
        .sort("child_id", "start_date", maintain_order=True)
        .group_by("child_id")
        .agg(pl.col("worker_id").last())
    )
    assessments = read_frame(
        assessed.values_list("case_id", "started", "authorised"),
        {"child_id": pl.Int64, "start_date": pl.Date, "authorised_date": pl.Date},
    ).join(lead_of, on="child_id", how="left")
    visits = read_frame(
        Visit.objects.filter(on__gte=first).values_list("case_id", "worker_id", "on"),
        {"child_id": pl.Int64, "worker_id": pl.Int64, "visit_date": pl.Date},
    )
    rules = {status: timescales.Timescale(int(days)) for status, days in visit_timescales().items()}
    statuses = status_frame(
        overlapping(CaseStatus.objects.filter(status__in=list(rules)), first, day)
    )
    by = ["worker_id"]
    completed = timescales.assessment_timeliness(
        assessments=assessments, first=first, last=day, by=by
    )
    checked = timescales.visit_checks(
        visits=visits, statuses=statuses, timescales=rules, first=first, last=day
    )
    made = timescales.visit_totals(checked, by=by)
    return pl.concat(
        [
            completed.select(
                pl.lit("assessments").alias("kind"), "worker_id", "in_timescale", count="completed"
            ),
            made.select(
                pl.lit("visits").alias("kind"), "worker_id", "in_timescale", count="visits"
            ),
        ]
    ).select(pl.col(name).cast(kind) for name, kind in TOTALS.items())


def visit_timescales() -> dict[str, int]:
    """The authority's visit timescales: working days by status."""
    settings = CaseloadSettings.objects.first()
    return dict(settings.visit_timescales) if settings is not None else {}


def stale(*, since: dt.date) -> None:
    """Drop the totals stored for ``since`` and after, to be computed again when next asked
    for: for a change that bypasses signals (a bulk import) or alters every day (the visit
    timescales)."""
    if (pending := _pending.get()) is not None:
        pending.since = min(since, pending.since or since)
        return
    with transaction.atomic():
        lock()
        _drop(ActivityDay.objects.filter(day__gte=since))


def leads_changed(cases: set[int]) -> None:
    """Drop the days that count an assessment of ``cases``, whose latest lead worker (whom
    their assessments are counted for) may have changed."""
    if (pending := _pending.get()) is not None:
        pending.cases |= cases
        return
    first = Assessment.objects.filter(case__in=cases, authorised__isnull=False).aggregate(
        first=Min("authorised")
    )["first"]
    if first is not None:
        stale(since=first)


class _Pending:
    def __init__(self) -> None:
        self.since: dt.date | None = None
        self.cases: set[int] = set()


_pending: ContextVar[_Pending | None] = ContextVar("activity_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Gather the changes made inside and drop the days they alter once, at the end: for jobs
    that write many rows (the caseload imports)."""
    if _pending.get() is not None:
        yield
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        if pending.cases:
            leads_changed(pending.cases)
        if pending.since is not None:
            stale(since=pending.since)


def _read(day: dt.date) -> pl.DataFrame:
    return read_frame(
        WorkerActivity.objects.filter(day=day).values_list(
            "kind", "worker_id", "counted", "in_timescale"
        ),
        TOTALS,
    )


def _drop(days: Any) -> None:
    WorkerActivity.objects.filter(day__in=days.values("day")).delete()
    days.delete()


# What each change can alter: the fields remembered before a save, and the first day a change
# from ``before`` to ``after`` (either None when created or deleted) can alter.
def _visit_since(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dt.date | None:
    return min(row["on"] for row in (before, after) if row is not None)


def _assessment_since(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> dt.date | None:
    authorised = [row["authorised"] for row in (before, after) if row and row["authorised"]]
    return min(authorised, default=None)


def _status_since(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dt.date | None:
    return min(row["start"] for row in (before, after) if row is not None)


DATED: dict[type[Model], tuple[tuple[str, ...], Any]] = {
    Visit: (("case_id", "on", "worker_id"), _visit_since),
    Assessment: (("case_id", "started", "authorised"), _assessment_since),
    CaseStatus: (("case_id", "status", "start", "end"), _status_since),
}
LEAD_FIELDS = ("case_id", "role", "worker_id", "start")
"""What decides a child's latest lead worker (an allocation's end does not)."""


def connect() -> None:
    """Keep the stored totals up to date with changes made through the ORM."""
    for model, (fields, _) in DATED.items():
        uid = f"activity:{model._meta.label}"
        pre_save.connect(_remember(fields), sender=model, weak=False, dispatch_uid=uid)
        post_save.connect(_dated_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_dated_deleted, sender=model, dispatch_uid=uid)
    uid = "activity:allocation"
    pre_save.connect(_remember(LEAD_FIELDS), sender=Allocation, weak=False, dispatch_uid=uid)
    post_save.connect(_allocation_saved, sender=Allocation, dispatch_uid=uid)
    post_delete.connect(_allocation_deleted, sender=Allocation, dispatch_uid=uid)
    uid = "activity:settings"
    fields = ("visit_timescales",)
    pre_save.connect(_remember(fields), sender=CaseloadSettings, weak=False, dispatch_uid=uid)
    post_save.connect(_settings_saved, sender=CaseloadSettings, dispatch_uid=uid)


def _remember(fields: tuple[str, ...]) -> Any:
    def remember(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        before = None
        if instance.pk is not None and not instance._state.adding:
            before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
        instance._activity_before = before  # type: ignore[attr-defined]

    return remember


def _values(instance: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _dated_saved(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    fields, since_of = DATED[sender]
    before = None if created else getattr(instance, "_activity_before", None)
    after = _values(instance, fields)
    if before == after:
        return
    since = since_of(before, after)
    if since is not None:
        stale(since=since)


def _dated_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    fields, since_of = DATED[sender]
    since = since_of(_values(instance, fields), None)
    if since is not None:
        stale(since=since)


def _allocation_saved(
    sender: type[Model], instance: Allocation, created: bool, **kwargs: Any
) -> None:
    before = None if created else getattr(instance, "_activity_before", None)
    after = _values(instance, LEAD_FIELDS)
    rows = [row for row in (before, after) if row is not None and row["role"] == "lead"]
    if before != after and rows:
        _leads_changed({row["case_id"] for row in rows})


def _allocation_deleted(sender: type[Model], instance: Allocation, **kwargs: Any) -> None:
    if instance.role == Allocation.Role.LEAD:
        _leads_changed({instance.case_id})


def _leads_changed(cases: set[int]) -> None:
    if in_bulk_job() and _pending.get() is None:
        stale(since=dt.date.min)  # a bulk job: no look-up for each row
        return
    leads_changed(cases)


def _settings_saved(
    sender: type[Model], instance: CaseloadSettings, created: bool, **kwargs: Any
) -> None:
    before = getattr(instance, "_activity_before", None)
    if created or before is None or before["visit_timescales"] != instance.visit_timescales:
        stale(since=dt.date.min)
