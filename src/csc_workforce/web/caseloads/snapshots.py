"""Workers' loads day by day, stored so that the weekly history, sustained overloads and hotspot
teams read them instead of computing them again.

A day's loads (``core.caseloads.worker_loads`` for every case-holding worker) are stored the
first time a page asks for that day, or by ``cscw caseloads snapshot`` (a daily scheduled job:
today and each week the pages show, so that no page has to compute them). They are derived
figures, never edited; a change to what a stored day was computed from recomputes it:

- a change made through the ORM (a service, an import row by row, the admin site) to a worker's
  allocations, job, reductions or non-case work, or to the statuses or bands of a case they
  hold, recomputes that worker's stored days from the first day the change can alter (signals,
  ``connect``);
- a new or changed weighting model version, a change made in a bulk job (audited as one event,
  ``recorder.suppressed``) and a bulk write that bypasses signals (which calls ``stale``) drop
  the stored days from its date, to be recomputed when next asked for.

Stored loads are derived from audited records and are not audited themselves. On PostgreSQL a
transaction-scoped advisory lock orders computing a day and changing what it is computed from,
so that loads computed from data being changed are never kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import polars as pl
from django.db import connections, router, transaction
from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_save

from csc_workforce.web.audit.recorder import in_bulk_job
from csc_workforce.web.frames import read_frame, write_frame
from csc_workforce.web.organisation.models import Assignment
from csc_workforce.web.workforce.signals import register_written_in_bulk

from .frames import LoadInputs
from .models import (
    Allocation,
    Case,
    CaseStatus,
    LoadDay,
    NonCaseWork,
    Reduction,
    WeightingModelVersion,
    WorkerDayLoad,
)

LOCK = 0x6373_6377  # the advisory lock's key ("cscw")
LOADS = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "contracted_hours": pl.Float64,
    "asye": pl.Boolean,
    "cases": pl.Int64,
    "unweighted_cases": pl.Int64,
    "case_points": pl.Float64,
    "non_case_points": pl.Float64,
    "reduction_hours": pl.Float64,
    "points": pl.Float64,
    "capacity": pl.Float64,
    "load_percent": pl.Float64,
    "remaining": pl.Float64,
}
"""The columns of ``core.caseloads.worker_loads``, as stored."""
FEW_WORKERS = 50
"""Changes to more workers than this at once drop the stored days rather than recompute them."""


def loads_for_days(days: Iterable[dt.date]) -> dict[dt.date, pl.DataFrame | None]:
    """Every case-holding worker's load on each of ``days`` (``core.caseloads.worker_loads``,
    in worker order), or None for a day without a weighting model: read from the store,
    computing and storing first any day not stored yet (all of them from one read)."""
    wanted = sorted(set(days))
    weighted = dict(LoadDay.objects.filter(day__in=wanted).values_list("day", "weighted"))
    if len(weighted) < len(wanted):
        take([day for day in wanted if day not in weighted])
        weighted = dict(LoadDay.objects.filter(day__in=wanted).values_list("day", "weighted"))
    rows = read_frame(
        WorkerDayLoad.objects.filter(day__in=[day for day in wanted if weighted[day]]).values_list(
            "day", *(name for name in LOADS)
        ),
        {"day": pl.Date, **LOADS},
    )
    by_day = {
        key[0]: frame.sort("worker_id")
        for key, frame in rows.partition_by("day", as_dict=True, include_key=False).items()
    }
    empty = pl.DataFrame(schema=LOADS)
    return {day: by_day.get(day, empty) if weighted[day] else None for day in wanted}


def take(days: Iterable[dt.date], *, rebuild: bool = False) -> int:
    """Compute and store the loads on ``days`` not stored yet (with ``rebuild``, all of them
    again); returns the number of days computed."""
    days = sorted(set(days))
    with transaction.atomic():
        lock()
        if rebuild:
            _drop(LoadDay.objects.filter(day__in=days))
        stored = set(LoadDay.objects.filter(day__in=days).values_list("day", flat=True))
        missing = [day for day in days if day not in stored]
        if not missing:
            return 0
        computed = _compute(missing)
        LoadDay.objects.bulk_create(
            LoadDay(day=day, weighted=loads is not None) for day, loads in computed.items()
        )
        _store(computed)
    return len(missing)


def drop_before(day: dt.date) -> int:
    """Drop the loads stored for days before ``day`` (no page reads them any more); returns the
    number of days dropped."""
    with transaction.atomic():
        lock()
        older = LoadDay.objects.filter(day__lt=day)
        count = older.count()
        _drop(older)
    return count


def stale(*, since: dt.date) -> None:
    """Drop the stored loads from ``since`` on, to be recomputed when next asked for: for a
    change that bypasses signals (a bulk import) or alters every worker (the weighting
    model)."""
    if (pending := _pending.get()) is not None:
        pending[None] = min(since, pending.get(None, since))
        return
    with transaction.atomic():
        lock()
        _drop(LoadDay.objects.filter(day__gte=since))


def refresh(*, workers: Iterable[int], since: dt.date) -> None:
    """Recompute ``workers``' stored loads from ``since`` on, after a change to what they are
    computed from."""
    workers = {worker for worker in workers if worker is not None}
    if not workers:
        return
    if (pending := _pending.get()) is not None:
        for worker in workers:
            pending[worker] = min(since, pending.get(worker, since))
        return
    if len(workers) > FEW_WORKERS:
        stale(since=since)
        return
    with transaction.atomic():
        lock()
        days = list(
            LoadDay.objects.filter(day__gte=since, weighted=True).values_list("day", flat=True)
        )
        if not days:
            return
        WorkerDayLoad.objects.filter(day__gte=since, worker__in=workers).delete()
        _store(_compute(days, workers=workers))


_pending: ContextVar[dict[int | None, dt.date] | None] = ContextVar(
    "snapshots_pending", default=None
)


@contextmanager
def deferred() -> Iterator[None]:
    """Gather the changes made inside and bring the stored loads up to date once, at the end:
    for jobs that write many rows (imports, the demo)."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set({})
    try:
        yield
    finally:
        pending = _pending.get() or {}
        _pending.reset(token)
        if pending:
            since = min(pending.values())
            workers = {worker for worker in pending if worker is not None}
            if None in pending or len(workers) > FEW_WORKERS:
                stale(since=since)
            else:
                refresh(workers=workers, since=since)


def lock() -> None:
    """Wait for, and hold until the transaction ends, the lock that orders computing stored
    loads and changing what they are computed from (PostgreSQL; SQLite has one writer)."""
    connection = connections[router.db_for_write(LoadDay)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def _drop(days: Any) -> None:
    WorkerDayLoad.objects.filter(day__in=days.values("day")).delete()
    days.delete()


def _compute(
    days: list[dt.date], workers: Iterable[int] | None = None
) -> dict[dt.date, pl.DataFrame | None]:
    inputs = LoadInputs.read(first=min(days), last=max(days), workers=workers)
    return {day: inputs.worker_loads(day) for day in days}


def _store(computed: dict[dt.date, pl.DataFrame | None]) -> None:
    frames = [
        loads.select(list(LOADS)).cast(LOADS).with_columns(day=pl.lit(day))  # type: ignore[arg-type]
        for day, loads in computed.items()
        if loads is not None
    ]
    if frames:
        write_frame(WorkerDayLoad, pl.concat(frames))


# What a change to each model can alter: (worker field, start, end, fields whose change alters
# every day of the record). A change of dates alone alters the days between old and new.
PERIODS: dict[type[Model], tuple[str, str, str, tuple[str, ...]]] = {
    Allocation: ("worker_id", "start", "end", ("case_id", "role")),
    Reduction: ("staff_id", "start", "end", ("hours_per_week",)),
    NonCaseWork: ("staff_id", "start", "end", ("points",)),
    Assignment: (
        "staff_id",
        "effective_from",
        "effective_to",
        ("team_id", "role_level", "fte", "local_role"),
    ),
    CaseStatus: ("case_id", "start", "end", ("status",)),
}
CASE_FACTS = ("kind", "complexity", "travel_band")


def connect() -> None:
    """Keep the stored loads up to date with changes made through the ORM."""
    for model, (who, start, end, fields) in PERIODS.items():
        uid = f"snapshots:{model._meta.label}"
        tracked = (who, start, end, *fields)
        pre_save.connect(_remember(tracked), sender=model, weak=False, dispatch_uid=uid)
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
    pre_save.connect(_remember(CASE_FACTS), sender=Case, weak=False, dispatch_uid="snapshots:case")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="snapshots:case")
    model = WeightingModelVersion
    pre_save.connect(
        _remember(("effective_from",)), sender=model, weak=False, dispatch_uid="snapshots:model"
    )
    for signal in (post_save, post_delete):
        signal.connect(_model_changed, sender=model, dispatch_uid="snapshots:model")
    register_written_in_bulk.connect(_register_written, dispatch_uid="snapshots:register")


def _register_written(since: dt.date, **kwargs: Any) -> None:
    stale(since=since)


def _remember(fields: tuple[str, ...]) -> Any:
    def remember(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        before = None
        if instance.pk is not None and not instance._state.adding:
            before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
        instance._snapshots_before = before  # type: ignore[attr-defined]

    return remember


def _saved(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    who, start, end, fields = PERIODS[sender]
    after = {name: getattr(instance, name) for name in (who, start, end, *fields)}
    before = None if created else getattr(instance, "_snapshots_before", None)
    if before is None:
        _changed(sender, {after[who]}, after[start])
        return
    if any(before[name] != after[name] for name in (who, *fields)):
        _changed(sender, {before[who], after[who]}, min(before[start], after[start]))
        return
    days = []
    if before[start] != after[start]:
        days.append(min(before[start], after[start]))
    if before[end] != after[end]:  # the days between the earlier end and the later one
        ends = [day for day in (before[end], after[end]) if day is not None]
        days.append(min(ends) + dt.timedelta(days=1))
    if days:
        _changed(sender, {after[who]}, min(days))


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    who, start, _, _ = PERIODS[sender]
    _changed(sender, {getattr(instance, who)}, getattr(instance, start))


def _changed(sender: type[Model], keys: set[Any], since: dt.date) -> None:
    """``keys`` are workers, or for a case status the cases whose workers are affected. In a
    bulk job (the register import, the census import) the stored days are dropped instead,
    rather than recomputed row by row."""
    deferring = _pending.get() is not None
    if (sender is CaseStatus and deferring) or (in_bulk_job() and not deferring):
        stale(since=since)
        return
    if sender is CaseStatus:
        keys = set(
            Allocation.objects.filter(case__in=keys)
            .filter(Q(end__isnull=True) | Q(end__gte=since))
            .values_list("worker_id", flat=True)
        )
    refresh(workers=keys, since=since)


def cases_changed(cases: Iterable[int]) -> None:
    """Recompute the stored loads of the workers of ``cases``, whose kind or bands changed (a
    case's bands are today's, so every stored day may change)."""
    first = LoadDay.objects.order_by("day").values_list("day", flat=True).first()
    if first is not None:
        _changed(CaseStatus, set(cases), first)


def _case_saved(sender: type[Model], instance: Case, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_snapshots_before", None)
    if not created and before and any(before[f] != getattr(instance, f) for f in CASE_FACTS):
        cases_changed([instance.pk])


def _model_changed(sender: type[Model], instance: WeightingModelVersion, **kwargs: Any) -> None:
    before = getattr(instance, "_snapshots_before", None) or {}
    stale(since=min(instance.effective_from, before.get("effective_from", dt.date.max)))
