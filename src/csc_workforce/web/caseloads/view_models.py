"""What the caseload pages show, built from what ``selectors`` and ``frames`` read: rows with
people's and teams' names, loads rounded for display, published figures as text.

Reads (querysets and frames) are in ``selectors``; these turn them into the pages' rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.core.paginator import Page, Paginator
from django.db.models import Count

from csc_workforce.core import caseloads as core
from csc_workforce.core import experience, timescales
from csc_workforce.core.comparison import format_published
from csc_workforce.core.hotspots import SIGNALS, flag_teams
from csc_workforce.core.indicators import last_census_year
from csc_workforce.core.reference import Published
from csc_workforce.core.register import Figures, figures_by_team, reporting_year
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import load_register

from . import snapshots
from .frames import CASE_READ, HELD_READ, STATUS_ORDER, case_facts, case_frame, open_on, overlapping
from .models import Allocation, Case, CaseKind, CaseloadSettings, CaseStatus, Status
from .selectors import CaseRecords


def whole(value: Decimal) -> str:
    """``value`` rounded half away from zero to a whole number, as the template filter
    ``floatformat:0`` shows it (without a sign when it rounds to nothing)."""
    rounded = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(rounded.copy_abs() if rounded.is_zero() else rounded)


UNRECORDED = {
    "team_id": "Team not recorded (the worker has no team on the register that day)",
    "worker_id": "Worker not recorded (the activity names nobody on the register)",
}
"""The row of activity whose team or worker the register does not hold, saying why."""


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
        return core.over_capacity(self.load)

    # Whole numbers formatted here, once, rather than by a template filter in every cell.
    @property
    def points_shown(self) -> str:
        return whole(self.points)

    @property
    def capacity_shown(self) -> str:
        return whole(self.capacity)

    @property
    def remaining_shown(self) -> str:
        return whole(self.remaining)


def _worker_load(row: dict[str, Any], *, staff: StaffMember, team: Team) -> WorkerLoad:
    """A row of ``core.worker_loads`` with the worker and their team, the load to 1 place."""
    return WorkerLoad(
        staff=staff,
        team=team,
        cases=row["cases"],
        unweighted=row["unweighted_cases"],
        points=Decimal(str(row["points"])),
        capacity=Decimal(str(row["capacity"])),
        load=None if row["load_percent"] is None else Decimal(str(round(row["load_percent"], 1))),
        remaining=Decimal(str(row["remaining"])),
    )


def worker_loads(*, loads: pl.DataFrame) -> list[WorkerLoad]:
    """The workers' loads (``core.worker_loads``) with their names, highest load first."""
    staff = StaffMember.objects.in_bulk(loads["worker_id"].to_list())
    team_by_id = Team.objects.in_bulk(loads["team_id"].unique().to_list())
    rows = [
        _worker_load(row, staff=staff[row["worker_id"]], team=team_by_id[row["team_id"]])
        for row in loads.iter_rows(named=True)
    ]
    return sorted(rows, key=lambda w: (-(w.load or Decimal(0)), w.staff.family_name))


WORKERS_A_PAGE = 100


@dataclass(frozen=True)
class WorkerTable:
    """A page of a table of workers' loads, highest load first (then by family name): the
    table's ``anchor`` (its id on the page), the query parameter that names its page, and the
    query that keeps the rest of what was chosen (the part of the service, the other table's
    page)."""

    rows: list[WorkerLoad]
    page: Page[dict[str, Any]]
    anchor: str
    parameter: str
    query: str

    @property
    def numbers(self) -> list[int | str]:
        """The page numbers to link: the first, the last, and those either side of this one,
        with an ellipsis for each gap (the GOV.UK pagination component)."""
        paginator = self.page.paginator
        return list(paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1))


def worker_tables(
    *, loads: pl.DataFrame, scope: str, pages: dict[str, str | None]
) -> tuple[WorkerTable, WorkerTable]:
    """Children's social workers and supervising social workers (whose teams hold foster
    carers' and adopters' households) in two tables of ``WORKERS_A_PAGE`` rows, in the order
    ``worker_loads`` gives, each at the page that ``pages`` gives for its parameter ("page",
    "households"); links keep the ``scope`` chosen. Only the rows shown are given their
    people."""
    family = dict(
        StaffMember.objects.filter(pk__in=loads["worker_id"].to_list()).values_list(
            "pk", "family_name"
        )
    )
    team_by_id = Team.objects.in_bulk(loads["team_id"].unique().to_list())
    ranked = sorted(
        loads.iter_rows(named=True),
        key=lambda row: (
            -(0 if row["load_percent"] is None else round(row["load_percent"], 1)),
            family[row["worker_id"]],
        ),
    )
    holds_households = {
        pk: team.team_type in core.HOUSEHOLD_TEAM_TYPES for pk, team in team_by_id.items()
    }
    tables = {
        ("workers", "page"): [row for row in ranked if not holds_households[row["team_id"]]],
        ("households", "households"): [row for row in ranked if holds_households[row["team_id"]]],
    }
    shown = {
        key: Paginator(rows, WORKERS_A_PAGE).get_page(pages.get(key[1]))
        for key, rows in tables.items()
    }
    staff = StaffMember.objects.in_bulk(
        [row["worker_id"] for page in shown.values() for row in page.object_list]
    )
    workers, households = (
        WorkerTable(
            rows=[
                _worker_load(row, staff=staff[row["worker_id"]], team=team_by_id[row["team_id"]])
                for row in page.object_list
            ],
            page=page,
            anchor=anchor,
            parameter=parameter,
            query=urlencode(
                {"scope": scope}
                | {other[1]: at.number for other, at in shown.items() if other[1] != parameter}
            ),
        )
        for (anchor, parameter), page in shown.items()
    )
    return workers, households


@dataclass(frozen=True)
class CaseLine:
    case: Case
    status: str
    points: Decimal | None
    role: str


def unweighted_cases(*, unweighted: pl.DataFrame) -> list[tuple[Case, StaffMember, str]]:
    """The cases with no weighting (missing status or complexity), with who holds them."""
    cases = Case.objects.in_bulk(unweighted["child_id"].to_list())
    staff = StaffMember.objects.in_bulk(unweighted["worker_id"].to_list())
    return [
        (cases[row["child_id"]], staff[row["worker_id"]], row["reason"])
        for row in unweighted.iter_rows(named=True)
    ]


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


PLANS = {  # the plan a child's main status (``frames.STATUS_ORDER``) puts them on
    Status.CHILD_LOOKED_AFTER: "Looked after (care plan)",
    Status.CHILD_PROTECTION: "Child protection plan",
    Status.CHILD_IN_NEED: "Child in need plan",
    Status.CARE_LEAVER: "Care leaver (pathway plan)",
}


@dataclass(frozen=True)
class CaseSummary:
    """What an allocator reads about a child before choosing a worker: the statuses held on
    the day, the child's age band, the plan, court and child protection flags, and how many
    brothers or sisters have an open case (and whether one waits too)."""

    case: Case
    statuses: list[str]
    age_band: str | None
    plan: str
    flags: list[str]
    siblings: int
    siblings_waiting: int


def case_summary(*, case: Case, on: dt.date) -> CaseSummary:
    held = [
        Status(value)
        for value in overlapping(case.statuses.all(), on, on).values_list("status", flat=True)
    ]
    main = next((status for status in STATUS_ORDER if status in held), None)
    if case.kind != CaseKind.CHILD:
        plan = CaseKind(case.kind).label
    else:
        plan = PLANS[main] if main is not None else "No plan recorded"
    flags = [
        status.label
        for status in (Status.CHILD_PROTECTION, Status.COURT_PROCEEDINGS, Status.PRE_PROCEEDINGS)
        if status in held
    ]
    siblings = (
        set(
            Case.objects.filter(
                sibling_group=case.sibling_group, closed__isnull=True, opened__lte=on
            )
            .exclude(pk=case.pk)
            .values_list("pk", flat=True)
        )
        if case.sibling_group
        else set()
    )
    led = set(
        open_on(on)
        .filter(case__in=siblings, role=Allocation.Role.LEAD)
        .values_list("case_id", flat=True)
    )
    return CaseSummary(
        case=case,
        statuses=sorted(status.label for status in held),
        age_band=core.age_band(date_of_birth=case.date_of_birth, on=on),
        plan=plan,
        flags=flags,
        siblings=len(siblings),
        siblings_waiting=len(siblings - led),
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
    *, case: Case | None, model: core.WeightingModel, loads: pl.DataFrame, team: Team, on: dt.date
) -> list[Candidate]:
    """Workers of the team first, then the first twenty of other teams, each with their load
    before and after taking ``case`` and the core's suggestion (siblings' and previous workers
    first). The core ranks every worker of ``loads``; only those shown are read further (their
    names, allocations of the last four weeks and case mix)."""
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
    first_allowed = next((s.worker_id for s in board if s.allowed), None)
    staff = {  # worker -> (name, team, team's name), as plain values for the whole board
        pk: (f"{given} {family}", team_id, team_name)
        for pk, given, family, team_id, team_name in StaffMember.objects.filter(
            pk__in=[s.worker_id for s in board]
        ).values_list("pk", "given_name", "family_name", "team_id", "team__name")
    }
    own = [s for s in board if staff[s.worker_id][1] == team.pk]
    shown = own + [s for s in board if staff[s.worker_id][1] != team.pk][:20]
    workers = [s.worker_id for s in shown]  # only those shown are counted and described
    recent = dict(  # lead allocations each worker was given in the last four weeks
        Allocation.objects.filter(
            worker__in=workers, start__gte=on - dt.timedelta(days=28), role=Allocation.Role.LEAD
        )
        .order_by()  # no join to the cases for their order
        .values("worker_id")
        .annotate(given=Count("pk"))
        .values_list("worker_id", "given")
    )
    mixes = case_mix(workers=workers, on=on)
    return [
        Candidate(
            worker_id=s.worker_id,
            name=staff[s.worker_id][0],
            team=staff[s.worker_id][2],
            suggestion=s,
            recent=recent.get(s.worker_id, 0),
            best=s.worker_id == first_allowed,
            mix=mixes.get(s.worker_id, "No cases"),
        )
        for s in shown
    ]


def at_most_three(*, records: CaseRecords) -> list[tuple[Team, dict[str, object]]]:
    """By the team a child is with now, the share of children who have had at most 3 lead
    workers since their case opened."""
    on = records.today
    workers = records.jobs.select("worker_id", "team_id")
    if (leads := records.leads) is not None:  # as stored for the day
        by_worker = leads.by_worker.filter(pl.col("kind") == "whole_time").select(
            "worker_id", "children", at_most_three="counted"
        )
        shares = experience.at_most_three_by_team(by_worker=by_worker, workers=workers)
    else:
        shares = experience.at_most_three_share(
            allocations=records.allocations.filter(pl.col("start_date") <= on),
            since=records.opened,
            workers=workers,
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
    given. The checks are stored by worker (``activity``) and added up here."""
    totals = records.activity
    if only is not None:  # each group's figures are its own: the others need not be counted
        totals = totals.filter(pl.col(by).is_in(list(only)))
    frames = {
        kind: timescales.totals_by(totals.filter(pl.col("kind") == kind), by=[by])
        for kind in ("assessments", "visits")
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
                label=names.get(row[by], UNRECORDED[by]),
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
    code: SIGNALS[code].measure.key
    for code in ("sickness_absence_rate", "agency_rate", "turnover_rate", "vacancy_rate")
}
"""The signals read from the teams' yearly figures: signal code -> the catalogue's measure key."""


def hotspots(*, records: CaseRecords, settings: CaseloadSettings) -> list[HotspotTeam]:
    """Teams with at least the authority's number of signals above its thresholds at once."""
    thresholds = {k: Decimal(str(v)) for k, v in settings.hotspot_thresholds.items()}
    if not thresholds:
        return []
    today = records.today
    register = load_register()
    census_year = last_census_year(today)
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

    def by_team(year: int, teams: list[int]) -> dict[int, Figures]:
        first, last = reporting_year(year)
        return figures_by_team(register, first=first, last=last, teams=teams)

    # The signals are this year's figures for every team; the years before only for the
    # teams flagged, whose trend is shown (each team's figures are its own).
    latest = by_team(years[-1], teams)
    signals: dict[int | str, dict[str, Decimal | None]] = {}
    for team in teams:
        load = team_loads.get(team)
        signals[team] = {
            "weighted_load": None if load is None else Decimal(str(load)),
            **{code: getattr(latest[team], measure) for code, measure in HOTSPOT_MEASURES.items()},
            "worker_changes": changes.get(team),
        }
    flags = flag_teams(
        team_signals=signals, thresholds=thresholds, minimum=settings.hotspot_minimum_signals
    )
    flagged = [int(flag.team) for flag in flags]
    yearly = [by_team(year, flagged) for year in years[:-1]] + [latest]
    named = Team.objects.in_bulk(flagged)
    return [
        HotspotTeam(
            team=named[int(flag.team)],
            reasons=flag.reasons,
            years=years,
            trend=[  # rates from fewer than 5 people as 'c' (core.suppression)
                (
                    SIGNALS[code].label,
                    [format_published(year[int(flag.team)].published(measure)) for year in yearly],
                )
                for code, measure in HOTSPOT_MEASURES.items()
            ],
        )
        for flag in flags
    ]


def _three_or_more_by_team(records: CaseRecords) -> dict[int, Decimal]:
    """For each team, the share of the children its workers lead now who have had 3 or more
    lead workers in the twelve months to today."""
    today = records.today
    if (leads := records.leads) is not None:  # as stored for the day
        by_worker = leads.by_worker.filter(pl.col("kind") == "twelve_months").select(
            "worker_id", "children", three_or_more="counted"
        )
    else:
        by_worker = experience.three_or_more_by_worker(
            allocations=records.allocations, first=today - dt.timedelta(days=364), last=today
        )
    teams = read_frame(
        StaffMember.objects.values_list("pk", "team_id"),
        {"worker_id": pl.Int64, "team_id": pl.Int64},
    )
    totals = (
        by_worker.join(teams, on="worker_id")
        .filter(pl.col("team_id").is_not_null())
        .group_by("team_id")
        .agg(pl.col("children").sum(), many=pl.col("three_or_more").sum())
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
    """Each worker's cases on ``on`` by kind, like "8 CIN, 5 CP, 1 CLA": the cases they lead
    that day with the statuses those cases hold, in two reads."""
    held = (
        open_on(on)
        .filter(worker__in=workers, role=Allocation.Role.LEAD)
        .order_by("case__opened", "case_id", "start", "pk")  # kinds held as often, first seen
    )
    rows = read_frame(
        held.values_list(
            "case_id", "worker_id", "case__kind", "case__complexity", "case__travel_band"
        ),
        HELD_CASE_READ,
    )
    statuses = read_frame(
        overlapping(CaseStatus.objects.filter(case__in=held.values("case_id")), on, on).values_list(
            "case_id", "status"
        ),
        HELD_READ,
    )
    cases = rows.select("child_id", "kind", "complexity", "travel").unique("child_id")
    status_of = dict(case_facts(cases, statuses).select("child_id", "status").iter_rows())
    counts: dict[int, dict[str, int]] = {}
    for case_id, worker_id in rows.select("child_id", "worker_id").iter_rows():
        name = MIX_NAMES.get(status_of.get(case_id) or "", "unweighted")
        counts.setdefault(worker_id, {})
        counts[worker_id][name] = counts[worker_id].get(name, 0) + 1
    return {
        worker: ", ".join(f"{n} {name}" for name, n in sorted(mix.items(), key=lambda i: -i[1]))
        for worker, mix in counts.items()
    }


HELD_CASE_READ = {"child_id": pl.Int64, "worker_id": pl.Int64} | {
    name: dtype for name, dtype in CASE_READ.items() if name != "child_id"
}
"""A lead allocation held on the day with its case's facts (``CASE_READ``)."""
