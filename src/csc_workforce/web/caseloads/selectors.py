"""Reads for caseloads (keyword-only): the cases and allocations a person may see, the tables
children's experience reads (``CaseRecords``), the weekly loads and the settings. ``frames``
loads the tables ``core.caseloads`` weighs; ``view_models`` turns what these read into the
pages' rows.

A page reads each table it needs once (``CaseRecords``, ``frames.LoadInputs``) and gives the
same frames to each of its sections; weekly loads come from the stored snapshots
(``snapshots``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property

import polars as pl
from django.db.models import Count, Min, Q, QuerySet

from csc_workforce.core import caseloads as core
from csc_workforce.core import experience
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.clock import clock
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import Assignment, StaffMember
from csc_workforce.web.organisation.selectors import staff_visible_to

from . import activity, snapshots
from .frames import (
    CASE_HOLDING_ROLES,
    LoadInputs,
    allocation_frame,
    case_frame,
    counted_leads,
    loads_on,
    looked_after_on,
    open_on,
    opened_of_led,
    overlapping,
    status_frame,
    weighting_model,
)
from .models import (
    Allocation,
    Case,
    CaseloadSettings,
    CaseStatus,
    Status,
)

__all__ = ["CASE_HOLDING_ROLES", "LoadInputs", "case_frame", "loads_on", "weighting_model"]


class CaseRecords:
    """The caseload tables children's experience reads, each read once (when first needed) and
    shared by its sections: the lead workers of the children each section counts, for DfE's
    stability measure of ``stability_year`` and the twelve months to ``today``.

    The checked assessments and visits and the children's lead workers are read as stored for
    ``today`` (``activity``; with ``stored`` False, the lead workers are computed from the
    allocations, as for a report's past year)."""

    def __init__(self, today: dt.date, *, stability_year: int, stored: bool = True) -> None:
        self.today = today
        self.stability_year = stability_year
        self.looked_after_on = experience.year_bounds(stability_year)[1]  # 31 March
        self.stored = stored

    @cached_property
    def allocations(self) -> pl.DataFrame:
        """The lead allocations (``core.ALLOCATION_SCHEMA``), whole histories, of the children
        the sections count: those with a lead worker today and those looked after on 31 March
        of the stability year."""
        return counted_leads(self.today, self.looked_after_on)

    @cached_property
    def opened(self) -> pl.DataFrame:
        """When the case of each child with a lead worker today opened: child_id, since."""
        return opened_of_led(self.today)

    @cached_property
    def statuses(self) -> pl.DataFrame:
        """The periods of being looked after that cover 31 March of the stability year
        (``timescales.STATUS_SCHEMA``)."""
        return status_frame(looked_after_on(self.looked_after_on))

    @cached_property
    def jobs(self) -> pl.DataFrame:
        """Everyone's jobs today: worker_id, team_id, in order of when they began."""
        today = self.today
        jobs = overlapping(Assignment.objects.all(), today, today, "effective_from", "effective_to")
        return read_frame(
            jobs.values_list("staff_id", "team_id", "effective_from"),
            {"worker_id": pl.Int64, "team_id": pl.Int64, "start_date": pl.Date},
        ).sort("start_date")

    @cached_property
    def _stored(self) -> activity.Stored:
        return activity.stored(self.today)

    @property
    def leads(self) -> activity.Leads | None:
        """The children's lead workers as stored for today (``activity.Leads``), or None when
        they are to be computed from the allocations."""
        return self._stored.leads if self.stored else None

    @cached_property
    def activity(self) -> pl.DataFrame:
        """In the twelve months to today, assessments authorised (by the child's latest lead
        worker) and visits made (by the visiting worker), each checked against its timescale,
        as stored by worker (``activity.TOTALS``), with the team each worker is in now:
        kind, worker_id, team_id, count, in_timescale."""
        team_of = self.jobs.group_by("worker_id").agg(pl.col("team_id").last())
        return self._stored.totals.join(team_of, on="worker_id", how="left")


def cla_stability(
    *, year: int, records: CaseRecords
) -> tuple[experience.Stability, experience.ClaComparison]:
    """Children looked after on 31 March ``year`` with 3 or more lead workers in the year
    before, and DfE's published figures to compare."""
    leads = records.leads
    if leads is not None and leads.stability_year == year:
        ours = leads.stability
    else:
        ours = experience.cla_three_or_more(
            allocations=records.allocations, statuses=records.statuses, year=year
        )
    return ours, cla_published(year=year)


def cla_published(*, year: int) -> experience.ClaComparison:
    """DfE's published figures to set beside the authority's stability measure of ``year``:
    DfE's latest year up to ``year`` (within five); ValueError when there are none."""
    authority = organisation.authority()
    for published_year in range(year, year - 5, -1):
        try:
            return experience.cla_comparison(
                year=published_year, old_la_code=authority.old_la_code, region=authority.region_code
            )
        except ValueError:
            continue
    raise ValueError("no published figures for children looked after")


def cla_stability_by_team(*, years: list[int]) -> pl.DataFrame:
    """DfE's social worker stability measure for each of ``years`` (31 March of the year) and
    each team, counted in one grouped pass (``core.experience.cla_three_or_more_by_team``) over
    the lead allocations, looked-after periods and jobs read once for all the years; each year's
    sum over the teams is the children's experience page's count (``cla_stability``).
    Columns: year, team_id, children, three_or_more."""
    if not years:
        return pl.DataFrame(
            schema={"year": pl.Int64, "team_id": pl.Int64, "children": pl.Int64,
                    "three_or_more": pl.Int64}
        )  # fmt: skip
    bounds = [experience.year_bounds(y) for y in years]
    first = min(start for start, _ in bounds)
    days = [last for _, last in bounds]
    looked_after = overlapping(
        CaseStatus.objects.filter(status=Status.CHILD_LOOKED_AFTER), min(days), max(days)
    )
    lead = Allocation.objects.filter(role=Allocation.Role.LEAD)
    allocations = allocation_frame(
        overlapping(lead, first, max(days)).filter(
            case__in=looked_after.values("case_id").order_by()
        ),
        leads=True,
    )
    jobs = read_frame(
        overlapping(
            Assignment.objects.all(), min(days), max(days), "effective_from", "effective_to"
        ).values_list("staff_id", "team_id", "effective_from", "effective_to"),
        {"worker_id": pl.Int64, "team_id": pl.Int64, "start_date": pl.Date, "end_date": pl.Date},
    )
    return experience.cla_three_or_more_by_team(
        allocations=allocations, statuses=status_frame(looked_after), jobs=jobs, years=years
    )


def settings() -> CaseloadSettings:
    found = CaseloadSettings.objects.first()
    return found if found is not None else CaseloadSettings()


def sustained_overloads(
    *, today: dt.date, teams: frozenset[int] | None, threshold: Decimal, weeks: int
) -> list[tuple[StaffMember, int, Decimal]]:
    """Workers (of ``teams``, if given) over ``threshold``% at the end of each of the last
    ``weeks`` weeks (and still), with how many weeks and their peak (each with their team)."""
    weekly = _weekly(today=today, teams=teams, weeks=weeks + 1)
    if not weekly:
        return []
    history = pl.concat(
        [
            loads.select("worker_id", week=pl.lit(week), load_percent="load_percent")
            for week, loads in weekly
        ]
    ).cast(core.HISTORY_SCHEMA)  # type: ignore[arg-type]
    runs = core.sustained_overload(history, threshold=float(threshold), weeks=weeks).filter(
        pl.col("current")
    )
    staff = StaffMember.objects.select_related("team").in_bulk(runs["worker_id"].to_list())
    return [
        (staff[row["worker_id"]], row["weeks"], Decimal(str(round(row["peak"], 1))))
        for row in runs.iter_rows(named=True)
    ]


HISTORY_WEEKS = 13  # a quarter


def weekly_days(*, today: dt.date) -> list[dt.date]:
    """The days whose loads the pages read: today and the same day of each week before, back
    as far as the history or the sustained-overload check goes."""
    weeks = max(HISTORY_WEEKS, settings().overload_weeks + 1)
    return [today - dt.timedelta(weeks=back) for back in range(weeks)]


def weekly_totals(
    *, today: dt.date, teams: frozenset[int] | None, weeks: int = HISTORY_WEEKS
) -> list[tuple[dt.date, dict[str, object]]]:
    """Load against capacity (``core.rollup``) on ``today`` and the same day of each of the
    weeks before, back to the first without a weighting model or case-holding workers."""
    totals = []
    for week, loads in _weekly(today=today, teams=teams, weeks=weeks):
        if not loads.height:
            break
        totals.append((week, core.rollup(loads).row(0, named=True)))
    return totals


def _weekly(
    *, today: dt.date, teams: frozenset[int] | None, weeks: int
) -> list[tuple[dt.date, pl.DataFrame]]:
    """Workers' loads (of ``teams``, if given) on ``today`` and the same day of each of the
    ``weeks`` - 1 weeks before, newest first, stopping at a day with no weighting model or (for
    the history) no workers."""
    days = [today - dt.timedelta(weeks=back) for back in range(weeks)]
    stored = snapshots.loads_for_days(days)
    result = []
    for day in days:
        loads = stored[day]
        if loads is None:
            break
        if teams is not None:
            loads = loads.filter(pl.col("team_id").is_in(list(teams)))
        result.append((day, loads))
    return result


def unallocated(*, on: dt.date) -> list[Case]:
    """Open cases with no lead worker, oldest first."""
    return list(waiting_cases(on=on).order_by("opened", "pk")[:200])


def waiting_cases(*, on: dt.date, pk: int | None = None) -> QuerySet[Case]:
    """Cases open on ``on`` with no lead worker then (the case ``pk`` alone if given, its
    identifier in the subquery too, as ``cases_visible_to`` says why)."""
    led = open_on(on).filter(role=Allocation.Role.LEAD)
    cases = Case.objects.all()
    if pk is not None:
        led, cases = led.filter(case_id=pk), cases.filter(pk=pk)
    return cases.filter(closed__isnull=True, opened__lte=on).exclude(pk__in=led.values("case_id"))


SEES_ALL_CASES = frozenset({Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER})


def cases_visible_to(*, user: Viewer, pk: int | None = None) -> QuerySet[Case]:
    """Every case for the PSW, service managers and administrators (whose pages mask the case
    management system's IDs). A team manager: the cases their teams' workers hold (an allocation
    not yet ended) and the cases waiting for a lead worker, which any allocator may take. A
    social worker: the cases they hold. Nobody else sees any.

    With ``pk``, the case ``pk`` alone if the person may see it, by the same rule with the
    identifier put into each of its subqueries as well: PostgreSQL does not carry it into an OR
    of subqueries, and would read every allocation held today and every open case for one."""
    roles = roles_of(user)
    cases = Case.objects.all() if pk is None else Case.objects.filter(pk=pk)
    if roles & SEES_ALL_CASES:
        return cases
    if not roles & {Role.TEAM_MANAGER, Role.SOCIAL_WORKER}:
        return Case.objects.none()
    today = clock().today()
    held = Allocation.objects.filter(worker__in=staff_visible_to(user=user)).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    waiting = waiting_cases(on=today, pk=pk)
    if pk is not None:
        held = held.filter(case_id=pk)
    visible = Q(pk__in=held.values("case_id"))
    if Role.TEAM_MANAGER in roles:
        visible |= Q(pk__in=waiting.values("pk"))
    return cases.filter(visible)


def allocations_visible_to(*, user: Viewer, case: int | None = None) -> QuerySet[Allocation]:
    """The allocations, past and present, of the cases the person may see (of the case ``case``
    alone if given, looked up as ``cases_visible_to`` looks up one case)."""
    visible = cases_visible_to(user=user, pk=case)
    return Allocation.objects.filter(case__in=visible).select_related("worker")


def waiting_summary(*, on: dt.date) -> tuple[int, dt.date | None]:
    """How many cases wait for a lead worker on ``on`` (``waiting_cases``), and when the
    longest-waiting of them opened (None when none waits)."""
    found = waiting_cases(on=on).aggregate(count=Count("pk"), oldest=Min("opened"))
    return found["count"], found["oldest"]


def waiting_held_before_by(*, on: dt.date, teams: frozenset[int]) -> int:
    """Of the cases waiting for a lead worker on ``on``, how many had a lead worker before who
    is in one of ``teams`` now (a case waiting has no team of its own)."""
    return (
        waiting_cases(on=on)
        .filter(allocations__role=Allocation.Role.LEAD, allocations__worker__team__in=teams)
        .distinct()
        .count()
    )


def loads_stored_on(*, on: dt.date, teams: frozenset[int] | None = None) -> pl.DataFrame | None:
    """Every case-holding worker's load on ``on`` as stored (``snapshots``), of ``teams`` if
    given; None when no weighting model applied that day."""
    loads = snapshots.loads_for_days([on])[on]
    if loads is None or teams is None:
        return loads
    return loads.filter(pl.col("team_id").is_in(list(teams)))


def workers_over_capacity(
    *, on: dt.date, teams: frozenset[int] | None
) -> list[tuple[StaffMember, Decimal]] | None:
    """The workers (of ``teams``, if given) whose load on ``on`` is at or over capacity
    (``core.over_capacity``), highest first, with their load (%); None without a weighting
    model that day."""
    loads = loads_stored_on(on=on, teams=teams)
    if loads is None:
        return None
    over = loads.filter(pl.col("load_percent") >= float(core.OVER_CAPACITY)).sort(
        "load_percent", descending=True
    )
    staff = StaffMember.objects.select_related("team").in_bulk(over["worker_id"].to_list())
    return [
        (staff[row["worker_id"]], Decimal(str(round(row["load_percent"], 1))))
        for row in over.iter_rows(named=True)
    ]


def loads_on_days(days: dict[int, dt.date]) -> pl.DataFrame:
    """Each worker's weighted load (``load_percent``: points against capacity, per cent) on the
    day ``days`` gives for them, computed as the caseload pages compute it (``LoadInputs``),
    from one read of the rows covering each one's own day (``LoadInputs.on_days``: on
    PostgreSQL the (worker, day) pairs joined in the database) and in one pass for all the days
    (``LoadInputs.worker_loads_on_days``); workers with no load that day (no weighting model,
    not holding cases) are left out. For the retention page's model: each person's load before
    they left."""
    if not days:
        return pl.DataFrame(schema={"staff_id": pl.Int64, "load_percent": pl.Float64})
    inputs = LoadInputs.on_days(days)
    wanted = pl.DataFrame(
        {"worker_id": list(days), "day": list(days.values())},
        schema={"worker_id": pl.Int64, "day": pl.Date},
    )
    return (
        inputs.worker_loads_on_days(wanted)
        .select(staff_id="worker_id", load_percent="load_percent")
        .cast({"staff_id": pl.Int64, "load_percent": pl.Float64})
    )
