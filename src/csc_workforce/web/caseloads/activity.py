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

With each day the children's lead workers are stored too (``WorkerLeads`` and the day's
``ActivityDay`` row; ``leads``), so that the page need not read the lead allocations of every
child led that day or looked after on 31 March (73,000 rows at ten times the demo):

- DfE's stability measure for the latest year ending by the day: the children looked after on
  its 31 March and those of them with 3 or more lead workers in the year
  (``experience.cla_three_or_more``);
- by worker, the children they lead that day and those of them with at most 3 lead workers
  since their case opened (``experience.at_most_three_by_worker``), and the children whose open
  lead allocation is theirs and those with 3 or more lead workers in the twelve months
  (``experience.three_or_more_by_worker``).

A change of a lead allocation drops the days from its start (its start before and after the
change, whichever is earlier), a change of a case's opening date or of a looked-after status
every day it can alter, as above.

Changes of job need nothing: the team is joined when the page reads the totals. On PostgreSQL
the loads' advisory lock (``snapshots.lock``) also orders computing a day here and changing
what it is computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Min, Model
from django.db.models.signals import post_delete, post_save, pre_save

from csc_workforce.core import experience, timescales
from csc_workforce.web.audit.recorder import in_bulk_job
from csc_workforce.web.frames import read_frame, write_frame

from .frames import (
    allocation_frame,
    counted_leads,
    looked_after_on,
    opened_of_led,
    overlapping,
    status_frame,
)
from .models import (
    ActivityDay,
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
    Visit,
    WorkerActivity,
    WorkerLeads,
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
LEADS = {
    "kind": pl.String,
    "worker_id": pl.Int64,
    "children": pl.Int64,
    "counted": pl.Int64,
}
"""A day's lead workers by worker as the page reads them: kind ("whole_time": counted is the
children with at most 3 lead workers since their case opened; "twelve_months": counted is
those with 3 or more in the twelve months), worker_id, children and counted."""
YEAR = dt.timedelta(days=364)
"""The twelve months to a day begin this long before it."""


@dataclass(frozen=True)
class Leads:
    """A day's children's lead workers: DfE's stability measure for ``stability_year`` (the
    latest year ending by the day) and the children by their lead worker (``LEADS``)."""

    stability_year: int
    stability: experience.Stability
    by_worker: pl.DataFrame


@dataclass(frozen=True)
class Stored:
    """What is stored for a day: the checked assessments and visits by worker (``TOTALS``)
    and the children's lead workers."""

    totals: pl.DataFrame
    leads: Leads


def for_day(day: dt.date) -> pl.DataFrame:
    """The assessments and visits of the twelve months to ``day``, checked, by worker
    (``TOTALS``): read from the store, computed and stored first if the day is not there."""
    return stored(day).totals


def stored(day: dt.date) -> Stored:
    """Everything stored for ``day``: read from the store, computed and stored first if the day
    is not there."""
    found = ActivityDay.objects.filter(day=day).first()
    if found is None:
        return take(day)
    read = _read(found)
    if not ActivityDay.objects.filter(pk=found.pk).exists():
        return take(day)  # dropped by a change while it was being read
    return read


def take(day: dt.date, *, rebuild: bool = False) -> Stored:
    """Compute and store the figures for ``day`` unless they are stored (with ``rebuild``,
    again); returns them."""
    with transaction.atomic():
        lock()
        if rebuild:
            _drop(ActivityDay.objects.filter(day=day))
        elif (found := ActivityDay.objects.filter(day=day).first()) is not None:
            return _read(found)
        totals = compute(day)
        leads = compute_leads(day)
        ActivityDay.objects.create(
            day=day,
            stability_year=leads.stability_year,
            looked_after=leads.stability.total,
            three_or_more=leads.stability.three_or_more,
        )
        days = pl.lit(day)
        write_frame(WorkerActivity, totals.rename({"count": "counted"}).with_columns(day=days))
        write_frame(WorkerLeads, leads.by_worker.with_columns(day=days))
    return Stored(totals=totals, leads=leads)


def compute_leads(day: dt.date) -> Leads:
    """The children's lead workers on ``day`` (``Leads``), computed from the lead allocations
    of the children led that day or looked after on 31 March of the latest year ending by it,
    as children's experience counted them before they were stored."""
    year = experience.latest_year(day)
    allocations = counted_leads(day, experience.year_bounds(year)[1])
    statuses = status_frame(looked_after_on(experience.year_bounds(year)[1]))
    whole = experience.at_most_three_by_worker(
        allocations=allocations.filter(pl.col("start_date") <= day),
        since=opened_of_led(day),
        on=day,
    )
    twelve = experience.three_or_more_by_worker(allocations=allocations, first=day - YEAR, last=day)
    by_worker = pl.concat(
        [
            whole.select(
                pl.lit("whole_time").alias("kind"), "worker_id", "children", counted="at_most_three"
            ),
            twelve.select(
                pl.lit("twelve_months").alias("kind"),
                "worker_id",
                "children",
                counted="three_or_more",
            ),
        ]
    ).select(pl.col(name).cast(kind) for name, kind in LEADS.items())
    return Leads(
        stability_year=year,
        stability=experience.cla_three_or_more(
            allocations=allocations, statuses=statuses, year=year
        ),
        by_worker=by_worker,
    )


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


def leads_changed(cases: set[int], *, since: dt.date | None = None) -> None:
    """Drop the days that count an assessment of ``cases``, whose latest lead worker (whom
    their assessments are counted for) may have changed, and the days from ``since`` (the
    earliest start of a lead allocation changed), whose lead workers may have changed."""
    if (pending := _pending.get()) is not None:
        pending.cases |= cases
        if since is not None:
            pending.since = min(since, pending.since or since)
        return
    first = Assessment.objects.filter(case__in=cases, authorised__isnull=False).aggregate(
        first=Min("authorised")
    )["first"]
    dates = [day for day in (first, since) if day is not None]
    if dates:
        stale(since=min(dates))


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


def _read(found: ActivityDay) -> Stored:
    totals = read_frame(
        WorkerActivity.objects.filter(day=found.day).values_list(
            "kind", "worker_id", "counted", "in_timescale"
        ),
        TOTALS,
    )
    by_worker = read_frame(
        WorkerLeads.objects.filter(day=found.day).values_list(
            "kind", "worker_id", "children", "counted"
        ),
        LEADS,
    )
    assert found.stability_year is not None  # every stored day has them (migration 0006)
    assert found.looked_after is not None
    assert found.three_or_more is not None
    stability = experience.Stability(
        found.three_or_more,
        found.looked_after,
        experience.three_or_more_share(
            three_or_more=found.three_or_more, children=found.looked_after
        ),
    )
    return Stored(
        totals=totals,
        leads=Leads(stability_year=found.stability_year, stability=stability, by_worker=by_worker),
    )


def _drop(days: Any) -> None:
    WorkerActivity.objects.filter(day__in=days.values("day")).delete()
    WorkerLeads.objects.filter(day__in=days.values("day")).delete()
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
LEAD_FIELDS = ("case_id", "role", "worker_id", "start", "end")
"""What decides a child's lead workers (the latest, whom assessments are counted for, does not
depend on an allocation's end; how many and who leads on a day do)."""


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
    uid = "activity:case"
    pre_save.connect(_remember(("opened",)), sender=Case, weak=False, dispatch_uid=uid)
    post_save.connect(_case_saved, sender=Case, dispatch_uid=uid)
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
        _leads_changed({row["case_id"] for row in rows}, since=min(row["start"] for row in rows))


def _allocation_deleted(sender: type[Model], instance: Allocation, **kwargs: Any) -> None:
    if instance.role == Allocation.Role.LEAD:
        _leads_changed({instance.case_id}, since=instance.start)


def _leads_changed(cases: set[int], *, since: dt.date) -> None:
    if in_bulk_job() and _pending.get() is None:
        stale(since=dt.date.min)  # a bulk job: no look-up for each row
        return
    leads_changed(cases, since=since)


def _case_saved(sender: type[Model], instance: Case, created: bool, **kwargs: Any) -> None:
    # A new case has no allocations yet; a changed opening date alters how many lead workers
    # its child has had since, on any day they were led (rare: every stored day is dropped).
    before = getattr(instance, "_activity_before", None)
    if not created and before is not None and before["opened"] != instance.opened:
        stale(since=dt.date.min)


def _settings_saved(
    sender: type[Model], instance: CaseloadSettings, created: bool, **kwargs: Any
) -> None:
    before = getattr(instance, "_activity_before", None)
    if created or before is None or before["visit_timescales"] != instance.visit_timescales:
        stale(since=dt.date.min)
