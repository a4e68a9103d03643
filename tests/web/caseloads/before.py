"""The caseload selectors and the register loader as they were before they were made quick
(issue 12): the oracle the new ones are checked against, on generated data. Kept as written then
(each row through Python), apart from the names they import."""
# ruff: noqa

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import F, Q, QuerySet

from csc_workforce.core import caseloads as core
from collections.abc import Mapping, Sequence

from csc_workforce.core import experience, timescales
from csc_workforce.core.timescales import Timescale, _holidays_between, _working_days_expr
from csc_workforce.core.hotspots import SIGNALS, flag_teams
from csc_workforce.core.comparison import format_published
from csc_workforce.core.csww.parse import reporting_year_of
from csc_workforce.core.register import Register, reporting_year
from csc_workforce.core.register import figures as register_figures
from csc_workforce.web.caseloads.models import (
    Allocation,
    Assessment,
    Case,
    CaseKind,
    CaseloadSettings,
    CaseStatus,
    NonCaseWork,
    Reduction,
    Status,
    Visit,
    WeightingModelVersion,
)
from csc_workforce.web.caseloads.selectors import settings
from csc_workforce.web.caseloads.view_models import (
    HOTSPOT_MEASURES,
    MIX_NAMES,
    Candidate,
    HotspotTeam,
    UNRECORDED,
    Timeliness,
)
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    Post,
    StaffMember,
    Team,
)
from csc_workforce.web.workforce.models import CaseCount, CensusRecord, SicknessEpisode


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
    if version is None:
        return None

    def prices(values: dict[str, object]) -> dict[str, Decimal]:
        return {key: Decimal(str(value)) for key, value in values.items()}

    model = core.WeightingModel(
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
    return model, version


def case_frame(on: dt.date, cases: QuerySet[Case] | None = None) -> pl.DataFrame:
    """Each case's facts on ``on`` for weighting (``core.CASE_SCHEMA``), for ``cases`` (a
    queryset, kept in SQL) or every case."""
    cases = Case.objects.all() if cases is None else cases
    active = CaseStatus.objects.filter(start__lte=on, case__in=cases).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )
    statuses: dict[int, set[str]] = {}
    for case_id, status in active.values_list("case_id", "status").iterator(chunk_size=5000):
        statuses.setdefault(case_id, set()).add(status)
    ids, kinds, complexity, travel = _columns(
        cases.values_list("pk", "kind", "complexity", "travel_band"), 4
    )
    held = [statuses.get(case_id, set()) for case_id in ids]
    return pl.DataFrame(
        {
            "child_id": ids,
            "status": [
                kind if kind != CaseKind.CHILD else _main_status(h)
                for kind, h in zip(kinds, held, strict=True)
            ],
            "complexity": [value or None for value in complexity],
            "travel": [value or None for value in travel],
            "court": [Status.COURT_PROCEEDINGS in h for h in held],
            "pre_proceedings": [Status.PRE_PROCEEDINGS in h for h in held],
        },
        schema=core.CASE_SCHEMA,
    )


def _columns(rows: Iterable[tuple[object, ...]], width: int) -> list[list[Any]]:
    """Rows from the database as columns (a frame is quicker to build from columns)."""
    columns: list[list[Any]] = [[] for _ in range(width)]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def _main_status(held: set[str]) -> str | None:
    return next((status.value for status in STATUS_ORDER if status in held), None)


def _open_on(on: dt.date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def allocation_frame(allocations: QuerySet[Allocation]) -> pl.DataFrame:
    cases, workers, starts, ends, roles = _columns(
        allocations.values_list("case_id", "worker_id", "start", "end", "role"), 5
    )
    return pl.DataFrame(
        {
            "child_id": cases,
            "worker_id": workers,
            "start_date": starts,
            "end_date": ends,
            "lead": [role == Allocation.Role.LEAD for role in roles],
        },
        schema=core.ALLOCATION_SCHEMA,
    )


def _jobs_on(on: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def worker_frame(
    on: dt.date, model: core.WeightingModel, teams: frozenset[int] | None = None
) -> pl.DataFrame:
    """Practitioners in post on ``on`` who hold cases (in ``teams`` if given), with their team
    and service area."""
    jobs = _jobs_on(on).filter(role_level__in=CASE_HOLDING_ROLES)
    if teams is not None:
        jobs = jobs.filter(team__in=teams)
    rows = jobs.values_list("staff_id", "team_id", "team__service_area_id", "fte", "local_role")
    return pl.DataFrame(
        [
            {
                "worker_id": staff,
                "team_id": team,
                "service_id": area,
                "contracted_hours": float(fte * model.full_time_hours),
                "asye": local_role == "asye",
            }
            for staff, team, area, fte, local_role in rows
        ],
        schema=core.WORKER_SCHEMA,
    )


def reduction_frame(on: dt.date) -> pl.DataFrame:
    rows = Reduction.objects.filter(start__lte=on, end__gte=on).values_list(
        "staff_id", "hours_per_week", "reason__name", "start", "end"
    )
    return pl.DataFrame(
        [
            {
                "worker_id": s,
                "hours_per_week": float(h),
                "reason": r,
                "start_date": a,
                "end_date": b,
            }
            for s, h, r, a, b in rows
        ],
        schema=core.REDUCTION_SCHEMA,
    )


def non_case_frame(on: dt.date) -> pl.DataFrame:
    rows = (
        NonCaseWork.objects.filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("staff_id", "points", "start", "end")
    )
    return pl.DataFrame(
        [
            {"worker_id": s, "points": float(p), "start_date": a, "end_date": b}
            for s, p, a, b in rows
        ],
        schema=core.NON_CASE_SCHEMA,
    )


def loads_on(
    on: dt.date, teams: frozenset[int] | None = None
) -> tuple[core.WeightingModel, pl.DataFrame, pl.DataFrame] | None:
    """Every case-holding practitioner's load on ``on`` (``core.worker_loads``), of ``teams``
    only if given, and the cases with no weighting; None when the authority has no weighting
    model yet."""
    found = weighting_model(on)
    if found is None:
        return None
    model, _ = found
    held = _open_on(on)
    if teams is not None:
        held = held.filter(worker__in=_jobs_on(on).filter(team__in=teams).values("staff_id"))
    allocations = allocation_frame(held)
    cases = case_frame(on, Case.objects.filter(pk__in=held.values("case_id")))
    loads = core.worker_loads(
        model=model,
        on=on,
        allocations=allocations,
        cases=cases,
        workers=worker_frame(on, model, teams),
        reductions=reduction_frame(on),
        non_case_points=non_case_frame(on),
    )
    unweighted = core.unweighted_children(model=model, on=on, allocations=allocations, cases=cases)
    return model, loads, unweighted


def cla_stability(*, year: int) -> tuple[experience.Stability, experience.ClaComparison]:
    """Children looked after on 31 March ``year`` with 3 or more lead workers in the year
    before, and DfE's published figures to compare."""
    authority = LocalAuthority.objects.get()
    first, last = experience.year_bounds(year)
    allocations = allocation_frame_between(first, last)
    statuses = status_frame()
    ours = experience.cla_three_or_more(allocations=allocations, statuses=statuses, year=year)
    for published_year in range(year, year - 5, -1):  # DfE's latest year up to ``year``
        try:
            published = experience.cla_comparison(
                year=published_year, old_la_code=authority.old_la_code, region=authority.region_code
            )
        except ValueError:
            continue
        return ours, published
    raise ValueError("no published figures for children looked after")


def allocation_frame_between(first: dt.date, last: dt.date) -> pl.DataFrame:
    rows = (
        Allocation.objects.filter(start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .values_list("case_id", "worker_id", "start", "end", "role")
    )
    return pl.DataFrame(
        [
            {"child_id": c, "worker_id": w, "start_date": s, "end_date": e, "lead": r == "lead"}
            for c, w, s, e, r in rows
        ],
        schema=core.ALLOCATION_SCHEMA,
    )


def status_frame() -> pl.DataFrame:
    rows = CaseStatus.objects.values_list("case_id", "status", "start", "end")
    return pl.DataFrame(
        [{"child_id": c, "status": s, "start_date": a, "end_date": b} for c, s, a, b in rows],
        schema=timescales.STATUS_SCHEMA,
    )


def sustained_overloads(
    *, today: dt.date, teams: frozenset[int] | None, threshold: Decimal, weeks: int
) -> list[tuple[StaffMember, int, Decimal]]:
    """Workers (of ``teams``, if given) over ``threshold``% at the end of each of the last
    ``weeks`` weeks (and still), with how many weeks and their peak."""
    if weighting_model(today) is None:
        return []
    rows = []
    for back in range(weeks + 1):
        week = today - dt.timedelta(weeks=back)
        loaded = loads_on(week, teams)
        if loaded is None:
            break
        weekly = loaded[1]
        rows += [
            {"worker_id": w, "week": week, "load_percent": p}
            for w, p in weekly.select("worker_id", "load_percent").iter_rows()
        ]
    history = pl.DataFrame(rows, schema=core.HISTORY_SCHEMA)
    runs = core.sustained_overload(history, threshold=float(threshold), weeks=weeks).filter(
        pl.col("current")
    )
    staff = StaffMember.objects.in_bulk(runs["worker_id"].to_list())
    return [
        (staff[row["worker_id"]], row["weeks"], Decimal(str(round(row["peak"], 1))))
        for row in runs.iter_rows(named=True)
    ]


def at_most_three(*, on: dt.date) -> list[tuple[Team, dict[str, object]]]:
    """By the team a child is with now, the share of children who have had at most 3 lead
    workers since their case opened."""
    allocations = allocation_frame_between(dt.date(1900, 1, 1), on)
    workers = pl.DataFrame(
        list(
            Assignment.objects.filter(effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
            .values("staff_id", "team_id")
        ),
        schema={"staff_id": pl.Int64, "team_id": pl.Int64},
    ).rename({"staff_id": "worker_id"})
    since = pl.DataFrame(
        list(Case.objects.values_list("pk", "opened")),
        schema={"child_id": pl.Int64, "since": pl.Date},
        orient="row",
    )
    shares = experience.at_most_three_share(
        allocations=allocations, since=since, workers=workers, on=on
    )
    teams = Team.objects.in_bulk(shares["team_id"].to_list())
    return [(teams[row["team_id"]], row) for row in shares.sort("share").iter_rows(named=True)]


def timeliness(*, today: dt.date, by: str = "team_id") -> dict[str, list[Timeliness]]:
    """Over the twelve months to ``today``: assessments authorised within 45 working days and
    statutory visits within the authority's timescales, by the team the worker is in now
    (``by`` "team_id") or by worker ("worker_id")."""
    first = today - dt.timedelta(days=364)
    team_of = dict(
        Assignment.objects.filter(effective_from__lte=today)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
        .values_list("staff_id", "team_id")
    )
    lead_of = dict(
        Allocation.objects.filter(role=Allocation.Role.LEAD)
        .order_by("case_id", "start")
        .values_list("case_id", "worker_id")
    )
    assessments = pl.DataFrame(
        [
            {
                "child_id": case,
                "worker_id": lead_of.get(case),
                "team_id": team_of.get(lead_of.get(case, 0)),
                "start_date": started,
                "authorised_date": authorised,
            }
            for case, started, authorised in Assessment.objects.filter(
                authorised__gte=first
            ).values_list("case_id", "started", "authorised")
        ],
        schema=timescales.ASSESSMENT_SCHEMA,
    )
    visits = pl.DataFrame(
        [
            {"child_id": c, "worker_id": w, "team_id": team_of.get(w), "visit_date": on}
            for c, w, on in Visit.objects.filter(on__gte=first).values_list(
                "case_id", "worker_id", "on"
            )
        ],
        schema=timescales.VISIT_SCHEMA,
    )
    rules = {
        status: timescales.Timescale(int(days))
        for status, days in settings().visit_timescales.items()
    }
    names = (
        {pk: team.name for pk, team in Team.objects.in_bulk().items()}
        if by == "team_id"
        else {pk: staff.full_name for pk, staff in StaffMember.objects.in_bulk().items()}
    )
    result: dict[str, list[Timeliness]] = {}
    for name, frame, count in (
        (
            "assessments",
            timescales.assessment_timeliness(
                assessments=assessments, first=first, last=today, by=[by]
            ),
            "completed",
        ),
        (
            "visits",
            visit_timeliness(
                visits=visits,
                statuses=status_frame(),
                timescales=rules,
                first=first,
                last=today,
                by=[by],
            ),
            "visits",
        ),
    ):
        result[name] = [
            Timeliness(
                label=names.get(row[by], UNRECORDED[by]),  # the label the page now gives
                completed=row[count],
                in_timescale=row["in_timescale"],
                share=None if row["share"] is None else Decimal(str(round(row["share"], 1))),
            )
            for row in frame.sort("share").iter_rows(named=True)
        ]
    return result


def hotspots(*, today: dt.date, settings: CaseloadSettings) -> list[HotspotTeam]:
    """Teams with at least the authority's number of signals above its thresholds at once."""
    thresholds = {k: Decimal(str(v)) for k, v in settings.hotspot_thresholds.items()}
    if not thresholds:
        return []
    register = load_register()
    census_year = today.year if today >= dt.date(today.year, 9, 30) else today.year - 1
    years = list(range(census_year - 4, census_year + 1))
    found = loads_on(today)
    team_loads = (
        {
            row["team_id"]: row["load_percent"]
            for row in core.rollup(found[1], by=["team_id"]).iter_rows(named=True)
        }
        if found
        else {}
    )
    changes = _three_or_more_by_team(today)
    signals: dict[int | str, dict[str, Decimal | None]] = {}
    history: dict[int, dict[str, list[Decimal | None]]] = {}
    shown: dict[int, dict[str, list[str]]] = {}
    for team in Team.objects.all():
        yearly = [
            register_figures(
                register,
                first=reporting_year(y)[0],
                last=reporting_year(y)[1],
                teams=frozenset({team.pk}),
            )
            for y in years
        ]
        history[team.pk] = {
            "sickness_absence_rate": [f.absence_rate_fte for f in yearly],
            "agency_rate": [f.agency_rate_fte for f in yearly],
            "turnover_rate": [f.turnover_rate_fte for f in yearly],
            "vacancy_rate": [f.vacancy_rate_fte for f in yearly],
        }
        shown[team.pk] = {  # rates from fewer than 5 people as 'c' (issue 10)
            code: [format_published(f.published(measure)) for f in yearly]
            for code, measure in HOTSPOT_MEASURES.items()
        }
        load = team_loads.get(team.pk)
        signals[team.pk] = {
            "weighted_load": None if load is None else Decimal(str(load)),
            **{code: values[-1] for code, values in history[team.pk].items()},
            "worker_changes": changes.get(team.pk),
        }
    flags = flag_teams(
        team_signals=signals, thresholds=thresholds, minimum=settings.hotspot_minimum_signals
    )
    teams = Team.objects.in_bulk([int(flag.team) for flag in flags])
    return [
        HotspotTeam(
            team=teams[int(flag.team)],
            reasons=flag.reasons,
            years=years,
            trend=[(SIGNALS[code].label, values) for code, values in shown[int(flag.team)].items()],
        )
        for flag in flags
    ]


def _three_or_more_by_team(today: dt.date) -> dict[int, Decimal]:
    """For each team, the share of the children its workers lead now who have had 3 or more
    lead workers in the twelve months to ``today``."""
    first = today - dt.timedelta(days=364)
    allocations = allocation_frame_between(first, today)
    counts = experience.lead_workers_per_child(allocations=allocations, first=first, last=today)
    current = dict(
        Allocation.objects.filter(
            role=Allocation.Role.LEAD, start__lte=today, end__isnull=True
        ).values_list("case_id", "worker__team_id")
    )
    totals: dict[int, list[int]] = {}
    for child, workers in counts.iter_rows():
        team = current.get(child)
        if team is not None:
            held = totals.setdefault(team, [0, 0])
            held[0] += 1
            held[1] += workers >= 3
    return {team: Decimal(many) / Decimal(all_) * 100 for team, (all_, many) in totals.items()}


def load_register() -> Register:
    """The whole register as plain frames for ``csc_workforce.core.register`` (with issue 10's
    person and the days lost a loaded return gave)."""
    return Register.from_rows(
        assignments=[
            row | {"fte": float(row["fte"])}
            for row in Assignment.objects.values(
                "staff_id",
                "effective_from",
                "effective_to",
                "team_id",
                "role_level",
                "fte",
                "employment_type",
            )
        ],
        staff=list(
            StaffMember.objects.annotate(staff_id=F("pk"), person=F("swe_number")).values(
                "staff_id",
                "person",
                "start_date",
                "end_date",
                "date_of_birth",
                "sex",
                "ethnicity",
                "reason_leave",
            )
        ),
        sickness=_sickness(),
        cases=[dict(row) for row in CaseCount.objects.values("staff_id", "on", "cases")],
        posts=[
            row | {"fte": float(row["fte"])}
            for row in Post.objects.values("team_id", "fte", "funded_from", "funded_to")
        ],
    )


def _sickness() -> list[dict[str, object]]:
    episodes = [
        row | {"working_days_lost": float(row["working_days_lost"])}
        for row in SicknessEpisode.objects.values(
            "staff_id", "start_date", "end_date", "working_days_lost"
        )
    ]
    recorded = {
        (row["staff_id"], year)
        for row in episodes
        for year in range(
            reporting_year_of(row["start_date"]),
            reporting_year_of(row["end_date"]) + 1,
        )
    }
    returned = CensusRecord.objects.filter(working_days_lost__gt=0).values_list(
        "staff_id", "year", "working_days_lost", "staff__start_date", "staff__end_date"
    )
    for staff_id, year, days, start, end in returned:
        if (staff_id, year) in recorded:
            continue
        first, census = reporting_year(year)
        episodes.append(
            {
                "staff_id": staff_id,
                "start_date": max(first, start),
                "end_date": min(census, end or census),
                "working_days_lost": float(days or 0),
            }
        )
    return episodes


def visit_timeliness(
    *,
    visits: pl.DataFrame,
    statuses: pl.DataFrame,
    timescales: Mapping[str, Timescale],
    first: dt.date,
    last: dt.date,
    by: Sequence[str] = (),
) -> pl.DataFrame:
    """``visits_in_timescale`` for every child at once, by ``by`` (e.g. ``["team_id"]`` or
    ``["worker_id"]``, the visiting worker's; none for the authority): visits, in_timescale and
    share (in_timescale as a percentage of visits)."""
    rules = pl.DataFrame(
        {
            "status": list(timescales),
            "limit": [rule.days for rule in timescales.values()],
            "working": [rule.working for rule in timescales.values()],
        },
        schema={"status": pl.String, "limit": pl.Int64, "working": pl.Boolean},
    )
    made = (
        visits.unique(["child_id", "visit_date"], keep="first", maintain_order=True)
        .sort("child_id", "visit_date")
        .with_columns(previous=pl.col("visit_date").shift(1).over("child_id"))
        .join(statuses.join(rules, on="status"), on="child_id")
        .filter(
            (pl.col("start_date") <= pl.col("visit_date"))
            & (pl.col("end_date").is_null() | (pl.col("visit_date") <= pl.col("end_date")))
            & pl.col("visit_date").is_between(first, last)
        )
        .with_columns(reference=pl.max_horizontal("previous", "start_date"))
    )
    earliest = made["reference"].min()
    since = earliest if isinstance(earliest, dt.date) else first
    holidays_list = _holidays_between(since, last)
    elapsed = (
        pl.when(pl.col("working"))
        .then(_working_days_expr(pl.col("reference"), pl.col("visit_date"), holidays_list))
        .otherwise((pl.col("visit_date") - pl.col("reference")).dt.total_days())
    )
    each = made.group_by("child_id", "visit_date", *by).agg(
        within=(elapsed <= pl.col("limit")).all()
    )
    totals = [
        pl.len().cast(pl.Int64).alias("visits"),
        pl.col("within").sum().cast(pl.Int64).alias("in_timescale"),
    ]
    grouped = each.group_by(by).agg(totals).sort(by) if by else each.select(totals)
    return grouped.with_columns(
        share=pl.when(pl.col("visits") > 0).then(pl.col("in_timescale") / pl.col("visits") * 100)
    )


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
    staff = StaffMember.objects.select_related("team").in_bulk([s.worker_id for s in board])
    recent_since = on - dt.timedelta(days=28)
    recent: dict[int, int] = {}
    for worker_id in Allocation.objects.filter(
        start__gte=recent_since, role=Allocation.Role.LEAD
    ).values_list("worker_id", flat=True):
        recent[worker_id] = recent.get(worker_id, 0) + 1
    first_allowed = next((s.worker_id for s in board if s.allowed), None)
    mixes = case_mix(workers=[s.worker_id for s in board], on=on)
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


def case_mix(*, workers: list[int], on: dt.date) -> dict[int, str]:
    """Each worker's cases on ``on`` by kind, like "8 CIN, 5 CP, 1 CLA"."""
    held = _open_on(on).filter(worker__in=workers, role=Allocation.Role.LEAD)
    kinds = case_frame(on, Case.objects.filter(pk__in=held.values("case_id")))
    status_of = dict(kinds.select("child_id", "status").iter_rows())
    counts: dict[int, dict[str, int]] = {}
    for case_id, worker_id in held.values_list("case_id", "worker_id"):
        name = MIX_NAMES.get(status_of.get(case_id) or "", "unweighted")
        counts.setdefault(worker_id, {})
        counts[worker_id][name] = counts[worker_id].get(name, 0) + 1
    return {
        worker: ", ".join(f"{n} {name}" for name, n in sorted(mix.items(), key=lambda i: -i[1]))
        for worker, mix in counts.items()
    }


def loads_on_days(days: dict[int, dt.date]) -> pl.DataFrame:
    """``selectors.loads_on_days`` before it was one pass (issue 12): every worker's rows over
    the whole span read, then the loads computed day by day."""
    from dataclasses import replace

    from csc_workforce.web.caseloads.frames import LoadInputs

    if not days:
        return pl.DataFrame(schema={"staff_id": pl.Int64, "load_percent": pl.Float64})
    inputs = LoadInputs.read(first=min(days.values()), last=max(days.values()), workers=days)
    wanted = pl.DataFrame(
        {"worker_id": list(days), "day": list(days.values())},
        schema={"worker_id": pl.Int64, "day": pl.Date},
    )
    found = []
    for (day,), group in wanted.partition_by("day", as_dict=True).items():
        ids = group["worker_id"].implode()
        loads = replace(
            inputs,
            jobs=inputs.jobs.filter(pl.col("worker_id").is_in(ids)),
            allocations=inputs.allocations.filter(pl.col("worker_id").is_in(ids)),
        ).worker_loads(day)
        if loads is not None and loads.height:
            found.append(loads.select(staff_id="worker_id", load_percent="load_percent"))
    if not found:
        return pl.DataFrame(schema={"staff_id": pl.Int64, "load_percent": pl.Float64})
    return pl.concat(found).cast({"staff_id": pl.Int64, "load_percent": pl.Float64})
