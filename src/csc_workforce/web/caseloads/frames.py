"""The caseload tables as frames for ``core.caseloads``, read without a Python object a row
(``web.frames.read_frame``), and workers' loads computed from them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F, Q, QuerySet

from csc_workforce.core import caseloads as core
from csc_workforce.core import timescales
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import Assignment

from .models import (
    Allocation,
    Case,
    CaseKind,
    CaseStatus,
    NonCaseWork,
    Reduction,
    Status,
    WeightingModelVersion,
)

CASE_HOLDING_ROLES = (4, 5)
# Of a child's statuses on a day, the one that prices the case: the most intensive.
STATUS_ORDER = (
    Status.CHILD_LOOKED_AFTER,
    Status.CHILD_PROTECTION,
    Status.CHILD_IN_NEED,
    Status.CARE_LEAVER,
)


def weighting_model(on: dt.date) -> tuple[core.WeightingModel, WeightingModelVersion] | None:
    """The weighting model version in force on ``on``, as the core's model."""
    version = WeightingModelVersion.objects.filter(effective_from__lte=on).first()
    return None if version is None else (_as_core(version), version)


def _as_core(version: WeightingModelVersion) -> core.WeightingModel:
    def prices(values: dict[str, object]) -> dict[str, Decimal]:
        return {key: Decimal(str(value)) for key, value in values.items()}

    return core.WeightingModel(
        full_time_target=version.full_time_target,
        full_time_hours=version.full_time_hours,
        status_points=prices(version.status_points),
        complexity_points=prices(version.complexity_points),
        travel_points=prices(version.travel_points),
        court_extra=version.court_extra,
        pre_proceedings_extra=version.pre_proceedings_extra,
        asye_capacity_share=version.asye_capacity_share,
        asye_alone_forbidden=frozenset(version.asye_alone_forbidden),
        version=str(version.pk),
    )


def case_frame(on: dt.date, cases: QuerySet[Case] | None = None) -> pl.DataFrame:
    """Each case's facts on ``on`` for weighting (``core.CASE_SCHEMA``), for ``cases`` (a
    queryset, kept in SQL) or every case."""
    cases = Case.objects.all() if cases is None else cases
    held = overlapping(CaseStatus.objects.filter(case__in=cases), on, on)
    return case_facts(
        read_frame(cases.values_list("pk", "kind", "complexity", "travel_band"), CASE_READ),
        read_frame(held.values_list("case_id", "status"), HELD_READ),
    )


CASE_READ = {"child_id": pl.Int64, "kind": pl.String, "complexity": pl.String, "travel": pl.String}
HELD_READ = {"child_id": pl.Int64, "status": pl.String}


def case_facts(cases: pl.DataFrame, statuses: pl.DataFrame) -> pl.DataFrame:
    """``core.CASE_SCHEMA`` from cases (``CASE_READ``) and the statuses they hold on the day
    (``HELD_READ``): a child's case is priced by the most intensive status it holds
    (``STATUS_ORDER``) and flagged for court or pre-proceedings work; a household's case by
    its kind. A blank band is no band."""
    rank = {status.value: order for order, status in enumerate(STATUS_ORDER)}
    held = statuses.group_by("child_id").agg(
        main=pl.col("status").replace_strict(rank, default=None, return_dtype=pl.Int64).min(),
        court=(pl.col("status") == Status.COURT_PROCEEDINGS.value).any(),
        pre_proceedings=(pl.col("status") == Status.PRE_PROCEEDINGS.value).any(),
    )
    main = pl.col("main").replace_strict(
        {order: status for status, order in rank.items()}, default=None, return_dtype=pl.String
    )
    return (
        cases.join(held, on="child_id", how="left")
        .select(
            "child_id",
            status=pl.when(pl.col("kind") == CaseKind.CHILD.value)
            .then(main)
            .otherwise(pl.col("kind")),
            complexity=pl.col("complexity").replace("", None),
            travel=pl.col("travel").replace("", None),
            court=pl.col("court").fill_null(False),
            pre_proceedings=pl.col("pre_proceedings").fill_null(False),
        )
        .cast(core.CASE_SCHEMA)  # type: ignore[arg-type]
    )


def overlapping(
    rows: QuerySet[Any], first: dt.date, last: dt.date, start: str = "start", end: str = "end"
) -> QuerySet[Any]:
    """Rows whose period (``start`` to ``end`` inclusive, ``end`` empty while open) overlaps
    ``first`` to ``last``."""
    return rows.filter(**{f"{start}__lte": last}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
    )


def open_on(on: dt.date) -> QuerySet[Allocation]:
    return overlapping(Allocation.objects.all(), on, on)


ALLOCATION_READ = {
    "child_id": pl.Int64,
    "worker_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "role": pl.String,
}


def allocation_frame(allocations: QuerySet[Allocation], *, leads: bool = False) -> pl.DataFrame:
    """``core.ALLOCATION_SCHEMA`` rows of ``allocations`` (with ``leads``, all of them lead
    allocations, so their role need not be read)."""
    columns = ["case_id", "worker_id", "start", "end", "role"][: 4 if leads else 5]
    rows = read_frame(
        allocations.values_list(*columns), dict(list(ALLOCATION_READ.items())[: len(columns)])
    )
    return rows.select(
        "child_id",
        "worker_id",
        "start_date",
        "end_date",
        lead=pl.lit(True) if leads else pl.col("role") == "lead",
    )


def allocation_frame_between(first: dt.date, last: dt.date) -> pl.DataFrame:
    return allocation_frame(overlapping(Allocation.objects.all(), first, last))


def looked_after_on(on: dt.date) -> QuerySet[CaseStatus]:
    """The periods of being looked after that cover ``on``."""
    return overlapping(CaseStatus.objects.filter(status=Status.CHILD_LOOKED_AFTER), on, on)


def counted_leads(today: dt.date, looked_after: dt.date) -> pl.DataFrame:
    """The lead allocations (``core.ALLOCATION_SCHEMA``), whole histories, of the children
    children's experience counts: those with a lead worker ``today`` and those looked after on
    ``looked_after`` (31 March of the stability year)."""
    lead = Allocation.objects.filter(role=Allocation.Role.LEAD)
    now = overlapping(lead, today, today)
    # The children as one set (a union the server hashes once), not two sets each row is
    # looked up in.
    counted = (
        now.values("case_id")
        .order_by()
        .union(looked_after_on(looked_after).values("case_id").order_by())
    )
    return allocation_frame(lead.filter(case__in=counted), leads=True)


def opened_of_led(today: dt.date) -> pl.DataFrame:
    """When the case of each child with a lead worker ``today`` opened: child_id, since."""
    led = open_on(today).filter(role=Allocation.Role.LEAD).values("case_id")
    return read_frame(
        Case.objects.filter(pk__in=led).values_list("pk", "opened"),
        {"child_id": pl.Int64, "since": pl.Date},
    )


def status_frame(statuses: QuerySet[CaseStatus] | None = None) -> pl.DataFrame:
    """``timescales.STATUS_SCHEMA`` rows of ``statuses`` (every status by default)."""
    statuses = CaseStatus.objects.all() if statuses is None else statuses
    return read_frame(
        statuses.values_list("case_id", "status", "start", "end"), timescales.STATUS_SCHEMA
    )


JOB_READ = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "role_level": pl.Int64,
    "fte": pl.Float64,
    "local_role": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
}


JOB_FIELDS = (
    "staff_id",
    "team_id",
    "team__service_area_id",
    "role_level",
    "fte",
    "local_role",
    "effective_from",
    "effective_to",
)
REDUCTION_FIELDS = ("staff_id", "hours_per_week", "reason__name", "start", "end")
NON_CASE_FIELDS = ("staff_id", "points", "start", "end")


def _during(on: dt.date) -> pl.Expr:
    return (pl.col("start_date") <= on) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= on)
    )


@dataclass(frozen=True)
class LoadInputs:
    """What workers' loads are computed from (``core.worker_loads``), read once for all the
    days from ``first`` to ``last`` so that the loads of several days cost one read.

    ``teams`` keeps the workers in those teams on each day (and the cases they hold);
    ``workers`` keeps those workers only. A worker's load depends on their own allocations,
    cases, job, reductions and non-case work alone, so either gives the same figures for the
    workers kept as reading everything."""

    models: tuple[tuple[dt.date, core.WeightingModel], ...]  # newest first
    allocations: pl.DataFrame  # core.ALLOCATION_SCHEMA
    cases: pl.DataFrame  # CASE_READ
    statuses: pl.DataFrame  # timescales.STATUS_SCHEMA
    jobs: pl.DataFrame  # JOB_READ
    reductions: pl.DataFrame  # core.REDUCTION_SCHEMA
    non_case: pl.DataFrame  # core.NON_CASE_SCHEMA
    teams: frozenset[int] | None

    @classmethod
    def read(
        cls,
        *,
        first: dt.date,
        last: dt.date,
        teams: frozenset[int] | None = None,
        workers: Iterable[int] | None = None,
    ) -> LoadInputs:
        """Read for the days from ``first`` to ``last`` (for each worker on a day of their own,
        ``on_days``)."""
        allocations = overlapping(Allocation.objects.all(), first, last)
        jobs = overlapping(Assignment.objects.all(), first, last, "effective_from", "effective_to")
        reductions = Reduction.objects.filter(start__lte=last, end__gte=first)
        non_case = overlapping(NonCaseWork.objects.all(), first, last)
        if teams is not None:
            jobs = jobs.filter(team__in=teams)
            allocations = allocations.filter(worker__in=jobs.values("staff_id"))
        if workers is not None:
            kept = list(workers)
            allocations = allocations.filter(worker__in=kept)
            jobs = jobs.filter(staff__in=kept)
            reductions = reductions.filter(staff__in=kept)
            non_case = non_case.filter(staff__in=kept)
        held = allocations.values("case_id")  # the statuses straight from these, not via cases
        cases = Case.objects.filter(pk__in=held)
        return cls(
            models=tuple((version.effective_from, model) for model, version in _models()),
            allocations=allocation_frame(allocations),
            cases=read_frame(
                cases.values_list("pk", "kind", "complexity", "travel_band"), CASE_READ
            ),
            statuses=status_frame(
                overlapping(CaseStatus.objects.filter(case__in=held), first, last)
            ),
            jobs=read_frame(jobs.values_list(*JOB_FIELDS), JOB_READ),
            reductions=read_frame(reductions.values_list(*REDUCTION_FIELDS), core.REDUCTION_SCHEMA),
            non_case=read_frame(non_case.values_list(*NON_CASE_FIELDS), core.NON_CASE_SCHEMA),
            teams=teams,
        )

    @classmethod
    def on_days(cls, days: Mapping[int, dt.date]) -> LoadInputs:
        """What the loads of the workers of ``days`` (worker -> day), each on their own day,
        are computed from (``worker_loads_on_days``): their allocations, jobs, reductions and
        non-case work that cover their own day (``OnTheirDays``), the cases they held then
        (read with the allocations, in one query) and those cases' statuses over the span of
        the days. The same rows as ``read`` of the span for those workers, less those no
        worker's day needs."""
        if not days:
            raise ValueError("no days to read for")
        first, last = min(days.values()), max(days.values())
        held = read_frame(
            Allocation.objects.filter(OnTheirDays(days, "worker")).values_list(
                "case_id",
                "worker_id",
                "start",
                "end",
                "role",
                "case__kind",
                "case__complexity",
                "case__travel_band",
            ),
            ALLOCATION_READ | CASE_READ,
        )
        cases = held.select(*CASE_READ).unique("child_id", keep="first")
        statuses = CaseStatus.objects.filter(AmongIds("case", cases["child_id"].to_list()))
        jobs = Assignment.objects.filter(
            OnTheirDays(days, "staff", "effective_from", "effective_to")
        )
        return cls(
            models=tuple((version.effective_from, model) for model, version in _models()),
            allocations=held.select(
                "child_id",
                "worker_id",
                "start_date",
                "end_date",
                lead=pl.col("role") == "lead",
            ),
            cases=cases,
            statuses=status_frame(overlapping(statuses, first, last)),
            jobs=read_frame(jobs.values_list(*JOB_FIELDS), JOB_READ),
            reductions=read_frame(
                Reduction.objects.filter(OnTheirDays(days, "staff")).values_list(*REDUCTION_FIELDS),
                core.REDUCTION_SCHEMA,
            ),
            non_case=read_frame(
                NonCaseWork.objects.filter(OnTheirDays(days, "staff")).values_list(
                    *NON_CASE_FIELDS
                ),
                core.NON_CASE_SCHEMA,
            ),
            teams=None,
        )

    def model_on(self, on: dt.date) -> core.WeightingModel | None:
        return next((model for since, model in self.models if since <= on), None)

    def loads(self, on: dt.date) -> tuple[core.WeightingModel, pl.DataFrame, pl.DataFrame] | None:
        """As ``loads_on``, for a day from ``first`` to ``last``."""
        found = self._weighed(on)
        if found is None:
            return None
        model, held, cases, loads = found
        unweighted = core.unweighted_children(model=model, on=on, allocations=held, cases=cases)
        return model, loads, unweighted

    def worker_loads(self, on: dt.date) -> pl.DataFrame | None:
        """Workers' loads on ``on`` (``core.worker_loads``); None without a weighting model."""
        found = self._weighed(on)
        return None if found is None else found[3]

    def worker_loads_on_days(self, days: pl.DataFrame) -> pl.DataFrame:
        """Each worker's load on their own day (``days``: worker_id, day; a worker once),
        ``core.worker_loads`` with ``on`` each worker's day: as ``worker_loads`` of each day for
        the workers of that day, computed for all days in one pass (a pass a weighting model).
        Workers without a model on their day, or not holding cases, are left out."""
        found = [
            self._weighed_on_days(model, days.filter(pl.col("day").is_in(list(model_days))))
            for model, model_days in self._days_by_model(days["day"].unique().to_list())
        ]
        return pl.concat(found) if found else pl.DataFrame(schema=dict(_LOADS_ON_DAYS))

    def _days_by_model(
        self, days: Iterable[dt.date]
    ) -> list[tuple[core.WeightingModel, list[dt.date]]]:
        grouped: dict[int, tuple[core.WeightingModel, list[dt.date]]] = {}
        for day in days:
            model = self.model_on(day)
            if model is not None:
                grouped.setdefault(id(model), (model, []))[1].append(day)
        return list(grouped.values())

    def _weighed_on_days(self, model: core.WeightingModel, days: pl.DataFrame) -> pl.DataFrame:
        day = pl.col("day")
        during = (pl.col("start_date") <= day) & (
            pl.col("end_date").is_null() | (pl.col("end_date") >= day)
        )

        def on_their_days(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.join(days, on="worker_id").filter(during)

        jobs = on_their_days(self.jobs)
        held = on_their_days(self.allocations)
        # A child's case is weighed as it was on each day a worker held it: one key a child a
        # day, standing for the child (``child_id``) in what core.worker_loads joins.
        keys = held.select("child_id", "day").unique().with_row_index("key", offset=1)
        statuses = (
            self.statuses.join(keys, on="child_id")
            .filter(during)
            .select(child_id=pl.col("key").cast(pl.Int64), status="status")
        )
        cases = case_facts(
            keys.join(self.cases, on="child_id").select(
                pl.col("key").cast(pl.Int64).alias("child_id"), "kind", "complexity", "travel"
            ),
            statuses,
        )
        held = held.join(keys, on=["child_id", "day"]).with_columns(
            child_id=pl.col("key").cast(pl.Int64)
        )
        hours = {
            fte: float(Decimal(repr(fte)) * model.full_time_hours)
            for fte in jobs["fte"].unique().to_list()
        }
        workers = jobs.filter(pl.col("role_level").is_in(CASE_HOLDING_ROLES)).select(
            "worker_id",
            "team_id",
            "service_id",
            contracted_hours=pl.col("fte").replace_strict(hours, return_dtype=pl.Float64),
            asye=pl.col("local_role") == "asye",
        )
        return core.worker_loads(
            model=model,
            on=day,
            allocations=held,
            cases=cases,
            workers=workers,
            reductions=on_their_days(self.reductions),
            non_case_points=on_their_days(self.non_case),
        ).select("worker_id", "load_percent")

    def _weighed(
        self, on: dt.date
    ) -> tuple[core.WeightingModel, pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
        """The model, the allocations held, their cases' facts and the workers' loads."""
        model = self.model_on(on)
        if model is None:
            return None
        jobs = self.jobs.filter(_during(on))
        held = self.allocations.filter(_during(on))
        if self.teams is not None:
            held = held.filter(pl.col("worker_id").is_in(jobs["worker_id"].implode()))
        statuses = self.statuses.filter(_during(on)).select("child_id", "status")
        cases = case_facts(
            self.cases.filter(pl.col("child_id").is_in(held["child_id"].implode())), statuses
        )
        # Contracted hours as the exact decimal product, like the model's own arithmetic.
        hours = {
            fte: float(Decimal(repr(fte)) * model.full_time_hours)
            for fte in jobs["fte"].unique().to_list()
        }
        workers = jobs.filter(pl.col("role_level").is_in(CASE_HOLDING_ROLES)).select(
            "worker_id",
            "team_id",
            "service_id",
            contracted_hours=pl.col("fte").replace_strict(hours, return_dtype=pl.Float64),
            asye=pl.col("local_role") == "asye",
        )
        loads = core.worker_loads(
            model=model,
            on=on,
            allocations=held,
            cases=cases,
            workers=workers,
            reductions=self.reductions,
            non_case_points=self.non_case,
        )
        return model, held, cases, loads


_LOADS_ON_DAYS = {"worker_id": pl.Int64, "load_percent": pl.Float64}


class OnTheirDays(Expression):
    """The condition that a row of one of the workers of ``days`` (worker -> day) covers that
    worker's own day: its ``worker`` (a field) is one of them and its period (``start`` to
    ``end`` inclusive, ``end`` empty while open) holds the worker's day.

    On PostgreSQL the pairs are a relation the rows are joined with, sent as two arrays
    (``unnest``): the server hashes the pairs once and looks each row up, and the query's text
    stays short. Elsewhere (SQLite), a condition for each day naming that day's workers."""

    def __init__(
        self, days: Mapping[int, dt.date], worker: str, start: str = "start", end: str = "end"
    ) -> None:
        super().__init__(output_field=BooleanField())
        self.days = days
        self.columns: list[Any] = [F(worker), F(start), F(end)]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.columns = list(exprs)

    def _compiled(self, compiler: Any) -> list[str]:
        compiled = [compiler.compile(column) for column in self.columns]
        return [sql for sql, _ in compiled]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        worker, start, end = self._compiled(compiler)
        by_day: dict[dt.date, list[int]] = {}
        for worker_id, day in self.days.items():
            by_day.setdefault(day, []).append(worker_id)
        if not by_day:
            raise EmptyResultSet
        parts, params = [], []
        for day, workers in sorted(by_day.items()):
            marks = ", ".join(["%s"] * len(workers))
            parts.append(
                f"({worker} IN ({marks}) AND {start} <= %s AND ({end} IS NULL OR {end} >= %s))"
            )
            on = connection.ops.adapt_datefield_value(day)
            params += [*workers, on, on]
        return f"({' OR '.join(parts)})", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        worker, start, end = self._compiled(compiler)
        pairs = "unnest(%s::bigint[], %s::date[]) AS their (worker, day)"
        sql = (
            f"EXISTS (SELECT 1 FROM {pairs} WHERE their.worker = {worker} "  # noqa: S608 (columns compiled by Django, values bound)
            f"AND {start} <= their.day AND ({end} IS NULL OR {end} >= their.day))"
        )
        return sql, [
            _array(map(int, self.days)),
            _array(day.isoformat() for day in self.days.values()),
        ]


class AmongIds(Expression):
    """The condition that a row's ``field`` (a key) is one of ``ids``: on PostgreSQL one array
    (``= ANY``, which the server hashes), elsewhere (SQLite) a JSON list; either way one
    parameter, however many the ids, rather than one each."""

    def __init__(self, field: str, ids: Sequence[int]) -> None:
        super().__init__(output_field=BooleanField())
        self.ids = ids
        self.columns: list[Any] = [F(field)]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.columns = list(exprs)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, _ = compiler.compile(self.columns[0])
        among = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (a column compiled by Django, the ids bound)
        return among, [json.dumps(list(self.ids))]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, _ = compiler.compile(self.columns[0])
        return f"{column} = ANY(%s::bigint[])", [_array(map(int, self.ids))]


def _array(values: Iterable[object]) -> str:
    """``values`` (whole numbers or ISO dates: nothing to quote) as PostgreSQL's text of an
    array, for a cast in the query: one string, where psycopg would write each element of a
    list in Python (most of the time of reading 50,000 keys)."""
    return "{" + ",".join(map(str, values)) + "}"


def _models() -> list[tuple[core.WeightingModel, WeightingModelVersion]]:
    """Every weighting model version, newest first, as the core's models."""
    return [(_as_core(version), version) for version in WeightingModelVersion.objects.all()]


def loads_on(
    on: dt.date, teams: frozenset[int] | None = None, *, workers: Iterable[int] | None = None
) -> tuple[core.WeightingModel, pl.DataFrame, pl.DataFrame] | None:
    """Every case-holding practitioner's load on ``on`` (``core.worker_loads``), of ``teams``
    or ``workers`` only if given, and the cases with no weighting; None when the authority has
    no weighting model yet."""
    return LoadInputs.read(first=on, last=on, teams=teams, workers=workers).loads(on)
