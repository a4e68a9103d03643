"""Reads for caseloads: the frames ``core.caseloads`` weighs, and what the pages show.

A page reads each table it needs once (``CaseRecords``, ``frames.LoadInputs``) and gives the
same frames to each of its sections; weekly loads come from the stored snapshots
(``snapshots``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import polars as pl
from django.db.models import Count, Q, QuerySet

from csc_workforce.core import caseloads as core
from csc_workforce.core import experience, timescales
from csc_workforce.core.comparison import format_published
from csc_workforce.core.hotspots import SIGNALS, flag_teams
from csc_workforce.core.reference import Published
from csc_workforce.core.register import figures_by_team, reporting_year
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.clock import clock
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import Assignment, StaffMember, Team
from csc_workforce.web.organisation.selectors import load_register, staff_visible_to

from . import snapshots
from .frames import (
    CASE_HOLDING_ROLES,
    LoadInputs,
    allocation_frame,
    case_frame,
    loads_on,
    open_on,
    overlapping,
    status_frame,
    weighting_model,
)
from .models import (
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
    Status,
    Visit,
)

__all__ = ["CASE_HOLDING_ROLES", "LoadInputs", "case_frame", "loads_on", "weighting_model"]


@dataclass(frozen=True)
class WorkerLoad:
    staff: StaffMember
    team: Team
    cases: int
    unweighted: int
    points: Decimal
    capacity: Decimal
    load: Decimal | None
    remaining: Decimal

    @property
    def over(self) -> bool:
        return self.load is not None and self.load >= 100


def worker_loads(loads: pl.DataFrame, teams: frozenset[int] | None) -> list[WorkerLoad]:
    """The workers' loads with their names, highest load first, within ``teams``."""
    if teams is not None:
        loads = loads.filter(pl.col("team_id").is_in(list(teams)))
    staff = StaffMember.objects.in_bulk(loads["worker_id"].to_list())
    team_by_id = Team.objects.in_bulk(loads["team_id"].unique().to_list())
    rows = [
        WorkerLoad(
            staff=staff[row["worker_id"]],
            team=team_by_id[row["team_id"]],
            cases=row["cases"],
            unweighted=row["unweighted_cases"],
            points=Decimal(str(row["points"])),
            capacity=Decimal(str(row["capacity"])),
            load=None
            if row["load_percent"] is None
            else Decimal(str(round(row["load_percent"], 1))),
            remaining=Decimal(str(row["remaining"])),
        )
        for row in loads.iter_rows(named=True)
    ]
    return sorted(rows, key=lambda w: (-(w.load or Decimal(0)), w.staff.family_name))


class CaseRecords:
    """The caseload tables children's experience reads, each read once (when first needed) and
    shared by its sections: the lead workers of the children each section counts, for DfE's
    stability measure of ``stability_year`` and the twelve months to ``today``."""

    def __init__(self, today: dt.date, *, stability_year: int) -> None:
        self.today = today
        self.first = today - dt.timedelta(days=364)  # the twelve months to today
        self.looked_after_on = experience.year_bounds(stability_year)[1]  # 31 March

    @cached_property
    def allocations(self) -> pl.DataFrame:
        """The lead allocations (``core.ALLOCATION_SCHEMA``), whole histories, of the children
        the sections count: those with a lead worker today, those looked after on 31 March of
        the stability year, and those with an assessment authorised in the twelve months."""
        lead = Allocation.objects.filter(role=Allocation.Role.LEAD)
        now = overlapping(lead, self.today, self.today).values("case_id")
        looked_after = overlapping(
            CaseStatus.objects.filter(status=Status.CHILD_LOOKED_AFTER),
            self.looked_after_on,
            self.looked_after_on,
        ).values("case_id")
        assessed = Assessment.objects.filter(authorised__gte=self.first).values("case_id")
        counted = Q(case__in=now) | Q(case__in=looked_after) | Q(case__in=assessed)
        return allocation_frame(lead.filter(counted), leads=True)

    @cached_property
    def opened(self) -> pl.DataFrame:
        """When the case of each child with a lead worker today opened: child_id, since."""
        led = open_on(self.today).filter(role=Allocation.Role.LEAD).values("case_id")
        return read_frame(
            Case.objects.filter(pk__in=led).values_list("pk", "opened"),
            {"child_id": pl.Int64, "since": pl.Date},
        )

    @cached_property
    def statuses(self) -> pl.DataFrame:
        """Periods in the twelve months to today, or on 31 March of the stability year, of the
        statuses the sections count (``timescales.STATUS_SCHEMA``): looked after, and those
        with a visit timescale."""
        counted = {Status.CHILD_LOOKED_AFTER.value, *settings().visit_timescales}
        first = min(self.first, self.looked_after_on)
        held = overlapping(CaseStatus.objects.filter(status__in=counted), first, self.today)
        return status_frame(held)

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
    def activity(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """In the twelve months to today: assessments authorised, with the child's latest lead
        worker, and visits made, each checked against the authority's visit timescales
        (``timescales.visit_checks``); both with the team the worker is in now."""
        first = self.first
        team_of = self.jobs.group_by("worker_id").agg(pl.col("team_id").last())
        lead_of = (
            self.allocations.sort("child_id", "start_date", maintain_order=True)
            .group_by("child_id")
            .agg(pl.col("worker_id").last())
        )
        assessments = read_frame(
            Assessment.objects.filter(authorised__gte=first).values_list(
                "case_id", "started", "authorised"
            ),
            {"child_id": pl.Int64, "start_date": pl.Date, "authorised_date": pl.Date},
        )
        visits = read_frame(
            Visit.objects.filter(on__gte=first).values_list("case_id", "worker_id", "on"),
            {"child_id": pl.Int64, "worker_id": pl.Int64, "visit_date": pl.Date},
        )
        rules = {
            status: timescales.Timescale(int(days))
            for status, days in settings().visit_timescales.items()
        }
        return (
            assessments.join(lead_of, on="child_id", how="left")
            .join(team_of, on="worker_id", how="left")
            .select(list(timescales.ASSESSMENT_SCHEMA)),
            timescales.visit_checks(
                visits=visits.join(team_of, on="worker_id", how="left").select(
                    list(timescales.VISIT_SCHEMA)
                ),
                statuses=self.statuses,
                timescales=rules,
                first=first,
                last=self.today,
            ),
        )


def cla_stability(
    *, year: int, records: CaseRecords
) -> tuple[experience.Stability, experience.ClaComparison]:
    """Children looked after on 31 March ``year`` with 3 or more lead workers in the year
    before, and DfE's published figures to compare."""
    authority = organisation.authority()
    ours = experience.cla_three_or_more(
        allocations=records.allocations, statuses=records.statuses, year=year
    )
    for published_year in range(year, year - 5, -1):  # DfE's latest year up to ``year``
        try:
            published = experience.cla_comparison(
                year=published_year, old_la_code=authority.old_la_code, region=authority.region_code
            )
        except ValueError:
            continue
        return ours, published
    raise ValueError("no published figures for children looked after")


def settings() -> CaseloadSettings:
    found = CaseloadSettings.objects.first()
    return found if found is not None else CaseloadSettings()


@dataclass(frozen=True)
class CaseLine:
    case: Case
    status: str
    points: Decimal | None
    role: str


def unweighted_cases(unweighted: pl.DataFrame) -> list[tuple[Case, StaffMember, str]]:
    """The cases with no weighting (missing status or complexity), with who holds them."""
    cases = Case.objects.in_bulk(unweighted["child_id"].to_list())
    staff = StaffMember.objects.in_bulk(unweighted["worker_id"].to_list())
    return [
        (cases[row["child_id"]], staff[row["worker_id"]], row["reason"])
        for row in unweighted.iter_rows(named=True)
    ]


def sustained_overloads(
    *, today: dt.date, teams: frozenset[int] | None, threshold: Decimal, weeks: int
) -> list[tuple[StaffMember, int, Decimal]]:
    """Workers (of ``teams``, if given) over ``threshold``% at the end of each of the last
    ``weeks`` weeks (and still), with how many weeks and their peak."""
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
    staff = StaffMember.objects.in_bulk(runs["worker_id"].to_list())
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


def own_cases(
    *, staff: StaffMember, on: dt.date, model: core.WeightingModel | None
) -> list[CaseLine]:
    held = open_on(on).filter(worker=staff).select_related("case")
    own = Case.objects.filter(pk__in=held.values("case_id"))
    facts = {row["child_id"]: row for row in case_frame(on, own).iter_rows(named=True)}
    lines = []
    for allocation in held:
        row = facts[allocation.case_id]
        case = core.Case(
            status=row["status"],
            complexity=row["complexity"],
            travel=row["travel"],
            court=row["court"],
            pre_proceedings=row["pre_proceedings"],
        )
        points = core.case_points(model=model, case=case) if model else None
        lines.append(
            CaseLine(
                case=allocation.case,
                status=(row["status"] or "no status").replace("_", " "),
                points=points,
                role=allocation.get_role_display(),
            )
        )
    return lines


def unallocated(*, on: dt.date) -> list[Case]:
    """Open cases with no lead worker, oldest first."""
    return list(waiting_cases(on=on).order_by("opened", "pk")[:200])


def waiting_cases(*, on: dt.date) -> QuerySet[Case]:
    """Cases open on ``on`` with no lead worker then."""
    led = open_on(on).filter(role=Allocation.Role.LEAD)
    return Case.objects.filter(closed__isnull=True, opened__lte=on).exclude(
        pk__in=led.values("case_id")
    )


@dataclass(frozen=True)
class Candidate:
    worker_id: int
    name: str
    team: str
    suggestion: core.Suggestion
    recent: int
    best: bool
    mix: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.team})"


def suggestions_for(
    case: Case | None, *, model: core.WeightingModel, loads: pl.DataFrame, team: Team, on: dt.date
) -> list[Candidate]:
    """Workers of the team first, then of other teams, each with their load before and after
    taking ``case`` and the core's suggestion (siblings' and previous workers first)."""
    if case is None:
        return []
    row = case_frame(on, Case.objects.filter(pk=case.pk)).row(0, named=True)
    facts = core.Case(
        status=row["status"],
        complexity=row["complexity"],
        travel=row["travel"],
        court=row["court"],
        pre_proceedings=row["pre_proceedings"],
    )
    if core.case_points(model=model, case=facts) is None:
        return []
    siblings = set(
        Allocation.objects.filter(
            case__sibling_group=case.sibling_group, role=Allocation.Role.LEAD, end__isnull=True
        )
        .exclude(case=case)
        .values_list("worker_id", flat=True)
        if case.sibling_group
        else []
    )
    previous = set(case.allocations.values_list("worker_id", flat=True))
    board = core.suggest(
        model=model,
        case=facts,
        candidates=loads,
        sibling_workers=siblings,
        previous_workers=previous,
    )
    workers = [s.worker_id for s in board]
    staff = StaffMember.objects.select_related("team").in_bulk(workers)
    recent = dict(  # lead allocations each worker was given in the last four weeks
        Allocation.objects.filter(
            worker__in=workers, start__gte=on - dt.timedelta(days=28), role=Allocation.Role.LEAD
        )
        .values("worker_id")
        .annotate(given=Count("pk"))
        .values_list("worker_id", "given")
    )
    first_allowed = next((s.worker_id for s in board if s.allowed), None)
    mixes = case_mix(workers=workers, on=on)
    candidates = [
        Candidate(
            worker_id=s.worker_id,
            name=staff[s.worker_id].full_name,
            team=staff[s.worker_id].team.name,
            suggestion=s,
            recent=recent.get(s.worker_id, 0),
            best=s.worker_id == first_allowed,
            mix=mixes.get(s.worker_id, "No cases"),
        )
        for s in board
    ]
    own = [c for c in candidates if staff[c.worker_id].team_id == team.pk]
    return own + [c for c in candidates if staff[c.worker_id].team_id != team.pk][:20]


def at_most_three(*, records: CaseRecords) -> list[tuple[Team, dict[str, object]]]:
    """By the team a child is with now, the share of children who have had at most 3 lead
    workers since their case opened."""
    on = records.today
    shares = experience.at_most_three_share(
        allocations=records.allocations.filter(pl.col("start_date") <= on),
        since=records.opened,
        workers=records.jobs.select("worker_id", "team_id"),
        on=on,
    )
    teams = Team.objects.in_bulk(shares["team_id"].to_list())
    return [(teams[row["team_id"]], row) for row in shares.sort("share").iter_rows(named=True)]


@dataclass(frozen=True)
class Timeliness:
    label: str
    completed: int
    in_timescale: int
    share: Decimal | None


def timeliness(
    *, records: CaseRecords, by: str = "team_id", only: frozenset[int] | None = None
) -> dict[str, list[Timeliness]]:
    """Over the twelve months to today: assessments authorised within 45 working days and
    statutory visits within the authority's timescales, by the team the worker is in now
    (``by`` "team_id") or by worker ("worker_id"); only the teams or workers in ``only``, if
    given."""
    assessments, visits = records.activity
    frames = {
        "assessments": timescales.assessment_timeliness(
            assessments=assessments, first=records.first, last=records.today, by=[by]
        ).rename({"completed": "count"}),
        "visits": timescales.visit_totals(visits, by=[by]).rename({"visits": "count"}),
    }
    shown = {key for frame in frames.values() for key in frame[by].drop_nulls().to_list()}
    names = (
        dict(Team.objects.filter(pk__in=shown).values_list("pk", "name"))
        if by == "team_id"
        else {
            staff.pk: staff.full_name
            for staff in StaffMember.objects.filter(pk__in=shown).only("given_name", "family_name")
        }
    )
    return {
        name: [
            Timeliness(
                label=names.get(row[by], "Not recorded"),
                completed=row["count"],
                in_timescale=row["in_timescale"],
                share=None if row["share"] is None else Decimal(str(round(row["share"], 1))),
            )
            for row in frame.sort("share").iter_rows(named=True)
            if only is None or row[by] in only
        ]
        for name, frame in frames.items()
    }


@dataclass(frozen=True)
class HotspotTeam:
    team: Team
    reasons: tuple[str, ...]
    trend: list[tuple[str, list[str]]]
    years: list[int]


HOTSPOT_MEASURES = {
    "sickness_absence_rate": "absence_rate_fte",
    "agency_rate": "agency_rate_fte",
    "turnover_rate": "turnover_rate_fte",
    "vacancy_rate": "vacancy_rate_fte",
}


def hotspots(*, records: CaseRecords, settings: CaseloadSettings) -> list[HotspotTeam]:
    """Teams with at least the authority's number of signals above its thresholds at once."""
    thresholds = {k: Decimal(str(v)) for k, v in settings.hotspot_thresholds.items()}
    if not thresholds:
        return []
    today = records.today
    register = load_register()
    census_year = today.year if today >= dt.date(today.year, 9, 30) else today.year - 1
    years = list(range(census_year - 4, census_year + 1))
    loads = snapshots.loads_for_days([today])[today]
    team_loads = (
        {
            row["team_id"]: row["load_percent"]
            for row in core.rollup(loads, by=["team_id"]).iter_rows(named=True)
        }
        if loads is not None
        else {}
    )
    changes = _three_or_more_by_team(records)
    teams = list(Team.objects.values_list("pk", flat=True))
    yearly = [
        figures_by_team(
            register, first=reporting_year(y)[0], last=reporting_year(y)[1], teams=teams
        )
        for y in years
    ]
    signals: dict[int | str, dict[str, Decimal | None]] = {}
    history: dict[int, dict[str, list[Decimal | None]]] = {}
    shown: dict[int, dict[str, list[str]]] = {}
    for team in teams:
        history[team] = {
            code: [getattr(year[team], measure) for year in yearly]
            for code, measure in HOTSPOT_MEASURES.items()
        }
        shown[team] = {  # rates from fewer than 5 people as 'c' (core.suppression)
            code: [format_published(year[team].published(measure)) for year in yearly]
            for code, measure in HOTSPOT_MEASURES.items()
        }
        load = team_loads.get(team)
        signals[team] = {
            "weighted_load": None if load is None else Decimal(str(load)),
            **{code: values[-1] for code, values in history[team].items()},
            "worker_changes": changes.get(team),
        }
    flags = flag_teams(
        team_signals=signals, thresholds=thresholds, minimum=settings.hotspot_minimum_signals
    )
    named = Team.objects.in_bulk([int(flag.team) for flag in flags])
    return [
        HotspotTeam(
            team=named[int(flag.team)],
            reasons=flag.reasons,
            years=years,
            trend=[(SIGNALS[code].label, values) for code, values in shown[int(flag.team)].items()],
        )
        for flag in flags
    ]


def _three_or_more_by_team(records: CaseRecords) -> dict[int, Decimal]:
    """For each team, the share of the children its workers lead now who have had 3 or more
    lead workers in the twelve months to today."""
    today = records.today
    first = today - dt.timedelta(days=364)
    counts = experience.lead_workers_per_child(
        allocations=records.allocations, first=first, last=today
    )
    teams = read_frame(
        StaffMember.objects.values_list("pk", "team_id"),
        {"worker_id": pl.Int64, "team_id": pl.Int64},
    )
    current = (
        records.allocations.filter(
            pl.col("lead") & (pl.col("start_date") <= today) & pl.col("end_date").is_null()
        )
        .sort("start_date", maintain_order=True)
        .group_by("child_id")
        .agg(pl.col("worker_id").last())
        .join(teams, on="worker_id")
        .filter(pl.col("team_id").is_not_null())
    )
    totals = (
        counts.join(current, on="child_id")
        .group_by("team_id")
        .agg(children=pl.len(), many=(pl.col("lead_workers") >= 3).sum())
    )
    return {
        team: Decimal(many) / Decimal(children) * 100 for team, children, many in totals.iter_rows()
    }


def _count(figure: Published) -> str:
    """A published count: a whole number with thousands commas, or DfE's symbol."""
    if figure.value is None:
        return format_published(figure)
    return f"{figure.value:,.0f}"


def published_rows(comparison: experience.ClaComparison) -> list[tuple[str, str, str, str]]:
    """England's, the region's and (if published) the authority's figures, as text: a DfE
    symbol stays a symbol."""
    areas = [comparison.england, comparison.region, comparison.authority]
    return [
        (
            area.area,
            _count(area.total),
            _count(area.number),
            format_published(area.percentage) + ("%" if area.percentage.value is not None else ""),
        )
        for area in areas
        if area is not None
    ]


MIX_NAMES = {
    "child_in_need": "CIN",
    "child_protection": "CP",
    "child_looked_after": "CLA",
    "care_leaver": "care leaver",
    "fostering_household": "fostering",
    "adoption_household": "adoption",
}


def case_mix(*, workers: list[int], on: dt.date) -> dict[int, str]:
    """Each worker's cases on ``on`` by kind, like "8 CIN, 5 CP, 1 CLA"."""
    held = list(  # in the allocations' order, which orders kinds held as often
        open_on(on)
        .filter(worker__in=workers, role=Allocation.Role.LEAD)
        .values_list("case_id", "worker_id")
    )
    kinds = case_frame(on, Case.objects.filter(pk__in={case_id for case_id, _ in held}))
    status_of = dict(kinds.select("child_id", "status").iter_rows())
    counts: dict[int, dict[str, int]] = {}
    for case_id, worker_id in held:
        name = MIX_NAMES.get(status_of.get(case_id) or "", "unweighted")
        counts.setdefault(worker_id, {})
        counts[worker_id][name] = counts[worker_id].get(name, 0) + 1
    return {
        worker: ", ".join(f"{n} {name}" for name, n in sorted(mix.items(), key=lambda i: -i[1]))
        for worker, mix in counts.items()
    }


SEES_ALL_CASES = frozenset({Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER})


def cases_visible_to(*, user: Viewer) -> QuerySet[Case]:
    """Every case for the PSW, service managers and administrators (whose pages mask the case
    management system's IDs). A team manager: the cases their teams' workers hold (an allocation
    not yet ended) and the cases waiting for a lead worker, which any allocator may take. A
    social worker: the cases they hold. Nobody else sees any."""
    roles = roles_of(user)
    if roles & SEES_ALL_CASES:
        return Case.objects.all()
    if not roles & {Role.TEAM_MANAGER, Role.SOCIAL_WORKER}:
        return Case.objects.none()
    today = clock().today()
    held = Allocation.objects.filter(worker__in=staff_visible_to(user=user)).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    visible = Q(pk__in=held.values("case_id"))
    if Role.TEAM_MANAGER in roles:
        visible |= Q(pk__in=waiting_cases(on=today).values("pk"))
    return Case.objects.filter(visible)


def allocations_visible_to(*, user: Viewer) -> QuerySet[Allocation]:
    """The allocations, past and present, of the cases the person may see."""
    return Allocation.objects.filter(case__in=cases_visible_to(user=user)).select_related("worker")
