"""The quick reads give the figures the slow ones gave: each page's selectors against their
earlier versions (``before.py``), on the generated demo authority; and the stored weekly loads
against loads computed afresh after each kind of change."""

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.db import transaction
from polars.testing import assert_frame_equal

from csc_workforce.core.caseloads import rollup
from csc_workforce.core.register import figures, figures_by_team, reporting_year
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.caseloads import activity, selectors, snapshots, view_models
from csc_workforce.web.caseloads.frames import case_frame, loads_on
from csc_workforce.web.caseloads.models import (
    ActivityDay,
    Allocation,
    Assessment,
    CaseStatus,
    LoadDay,
    ReductionReason,
    WeightingModelVersion,
)
from csc_workforce.web.caseloads.services import (
    allocation_create,
    reduction_create,
    weighting_version_create,
)
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import Assignment, ServiceArea, Team
from csc_workforce.web.organisation.selectors import load_register
from tests.conftest import TODAY
from tests.factories import UserFactory

from . import before

WEEKS = [TODAY - dt.timedelta(weeks=back) for back in range(14)]


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo authority, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed(seed=5, scale=1, progress=lambda line: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def northfield(seeded: None, db: None) -> None:
    """Each test's changes are rolled back to the seeded authority."""


def same_rows(old: pl.DataFrame, new: pl.DataFrame) -> None:
    """The same rows, in whatever order."""
    assert_frame_equal(
        old.sort(old.columns), new.select(old.columns).sort(old.columns), check_dtypes=False
    )


def scopes() -> list[frozenset[int] | None]:
    area = ServiceArea.objects.order_by("pk").first()
    team = Team.objects.order_by("pk").first()
    assert area is not None
    assert team is not None
    return [None, frozenset(area.teams.values_list("pk", flat=True)), frozenset({team.pk})]


def test_the_register_and_caseload_frames_are_read_as_before(northfield: None) -> None:
    old, new = before.load_register(), load_register()
    for name in ("assignments", "staff", "sickness", "cases", "posts"):
        same_rows(getattr(old, name), getattr(new, name))
    for day in (TODAY, dt.date(2023, 3, 31)):
        same_rows(before.case_frame(day), case_frame(day))


def test_loads_history_and_overloads_are_as_before(northfield: None) -> None:
    for teams in scopes():
        for day in (TODAY, WEEKS[5], dt.date(2022, 9, 30)):
            old, new = before.loads_on(day, teams), loads_on(day, teams)
            assert old is not None
            assert new is not None
            assert old[0] == new[0]
            same_rows(old[1], new[1])
            same_rows(old[2], new[2])
        history = []
        for week in WEEKS[:13]:
            found = before.loads_on(week, teams)
            assert found is not None
            assert found[1].height
            history.append((week, rollup(found[1]).row(0, named=True)))
        assert selectors.weekly_totals(today=TODAY, teams=teams) == history
        for threshold, weeks in ((Decimal(110), 4), (Decimal(95), 2)):
            old_runs = before.sustained_overloads(
                today=TODAY, teams=teams, threshold=threshold, weeks=weeks
            )
            assert old_runs or teams is not None, "the demo has workers over the threshold"
            assert old_runs == selectors.sustained_overloads(
                today=TODAY, teams=teams, threshold=threshold, weeks=weeks
            )


def test_a_worker_s_own_load_is_as_in_everyone_s(northfield: None) -> None:
    everyone = before.loads_on(TODAY)
    assert everyone is not None
    for worker in everyone[1]["worker_id"].head(5).to_list():
        own = loads_on(TODAY, workers=[worker])
        assert own is not None
        same_rows(everyone[1].filter(pl.col("worker_id") == worker), own[1])


@pytest.mark.parametrize("today", [TODAY, dt.date(2025, 3, 31), dt.date(2025, 1, 15)])
def test_children_s_experience_is_as_before(northfield: None, today: dt.date) -> None:
    year = today.year if today.month >= 4 else today.year - 1  # as the page chooses it
    records = selectors.CaseRecords(today, stability_year=year)
    assert selectors.cla_stability(year=year, records=records) == before.cla_stability(year=year)
    assert view_models.at_most_three(records=records) == before.at_most_three(on=today)
    for by in ("team_id", "worker_id"):
        old = before.timeliness(today=today, by=by)
        new = view_models.timeliness(records=records, by=by)
        assert old.keys() == new.keys()
        for key in old:  # rows of equal shares come in no set order
            assert sorted(old[key], key=repr) == sorted(new[key], key=repr)
    # By worker a team at a time (the page's drill-down): the teams' rows are all the rows.
    every = view_models.timeliness(records=records, by="worker_id")
    teams = [
        view_models.timeliness(
            records=records,
            by="worker_id",
            only=frozenset(team.staff.values_list("pk", flat=True)),
        )
        for team in Team.objects.all()
    ]
    unrecorded = view_models.UNRECORDED["worker_id"]
    for key, rows in every.items():
        assert sorted((row for row in rows if row.label != unrecorded), key=repr) == sorted(
            (row for own in teams for row in own[key]), key=repr
        )
    settings = selectors.settings()
    old_hotspots = before.hotspots(today=today, settings=settings)
    assert old_hotspots or today != TODAY, "the demo has hotspot teams"
    assert view_models.hotspots(records=records, settings=settings) == old_hotspots


def timeliness_as_before() -> None:
    records = selectors.CaseRecords(TODAY, stability_year=TODAY.year)
    for by in ("team_id", "worker_id"):
        old = before.timeliness(today=TODAY, by=by)
        new = view_models.timeliness(records=records, by=by)
        for key in old:  # rows of equal shares come in no set order
            assert sorted(old[key], key=repr) == sorted(new[key], key=repr)


def test_the_stored_visit_checks_are_those_computed_afresh(northfield: None) -> None:
    assert ActivityDay.objects.exists()  # the demo seed stores the day it is seeded on
    same_rows(activity.compute(TODAY), activity.for_day(TODAY))
    # New lead workers for children assessed in the year: their assessments move with them.
    assessed = Assessment.objects.filter(authorised__gte=TODAY - dt.timedelta(days=300))
    leads = Allocation.objects.filter(
        role=Allocation.Role.LEAD, end__isnull=True, case__in=assessed.values("case_id")
    ).order_by("pk")[:3]
    manager = UserFactory(username="reallocates")
    for lead in leads:
        other = Allocation.objects.filter(role=Allocation.Role.LEAD, end__isnull=True).exclude(
            worker=lead.worker
        )[0]
        allocation_create(
            case=lead.case,
            worker=other.worker,
            start=TODAY,
            by=manager,
            rationale="Balancing loads",
            change_reason="MANAGE",
            today=TODAY,
        )
    assert not ActivityDay.objects.filter(day=TODAY).exists()
    timeliness_as_before()
    same_rows(activity.compute(TODAY), activity.for_day(TODAY))


def test_suggestions_on_the_board_are_as_before(northfield: None) -> None:
    team = Team.objects.get(managers__user__username="teammanager")
    alike = frozenset(Team.objects.filter(team_type=team.team_type).values_list("pk", flat=True))
    found = loads_on(TODAY, alike)
    assert found is not None
    model, loads, _ = found
    waiting = [
        case
        for case in selectors.unallocated(on=TODAY)
        if before.suggestions_for(case, model=model, loads=loads, team=team, on=TODAY)
    ]
    assert len(waiting) >= 3
    for case in waiting[:5]:
        assert view_models.suggestions_for(
            case=case, model=model, loads=loads, team=team, on=TODAY
        ) == before.suggestions_for(case, model=model, loads=loads, team=team, on=TODAY)


def test_each_team_s_figures_in_one_pass_are_its_own(northfield: None) -> None:
    register = load_register()
    teams = [*Team.objects.values_list("pk", flat=True), 10**9]  # and a team with none
    for year in (2021, 2023, 2025):
        first, last = reporting_year(year)
        grouped = figures_by_team(register, first=first, last=last, teams=teams)
        for team in teams:
            assert grouped[team] == figures(
                register, first=first, last=last, teams=frozenset({team})
            )


def stored_as_computed() -> None:
    """Every stored day's loads are the loads computed afresh for that day."""
    days = list(LoadDay.objects.values_list("day", flat=True))
    assert days
    stored = snapshots.loads_for_days(days)
    for day in days:
        fresh = before.loads_on(day)
        if fresh is None:
            assert stored[day] is None
            continue
        kept = stored[day]
        assert kept is not None
        same_rows(fresh[1], kept)


def test_stored_loads_follow_every_kind_of_change(northfield: None) -> None:
    selectors.weekly_totals(today=TODAY, teams=None)
    assert LoadDay.objects.count() == 13
    stored_as_computed()
    manager = UserFactory(username="changes")
    lead = (
        Allocation.objects.filter(role=Allocation.Role.LEAD, end__isnull=True)
        .select_related("case", "worker")
        .order_by("pk")
    )
    moved = lead[0]
    other = (
        Allocation.objects.filter(role=Allocation.Role.LEAD, end__isnull=True)
        .exclude(worker=moved.worker)
        .order_by("pk")[0]
        .worker
    )
    # A change of lead worker five weeks ago: both workers' loads change from then.
    allocation_create(
        case=moved.case,
        worker=other,
        start=WEEKS[5],
        by=manager,
        rationale="Balancing loads",
        change_reason="MANAGE",
        today=TODAY,
    )
    stored_as_computed()
    # A case's complexity and a status, a job's hours, a reduction, a deleted allocation.
    case = lead[1].case
    case.complexity = "high" if case.complexity != "high" else "low"
    case.save()
    CaseStatus.objects.create(case=lead[2].case, status="court_proceedings", start=WEEKS[8])
    job = Assignment.objects.get(staff=lead[3].worker, effective_to__isnull=True)
    job.fte = Decimal("0.600")
    job.save()
    reduction_create(
        staff=lead[4].worker,
        reason=ReductionReason.objects.order_by("pk")[0],
        hours_per_week=Decimal("3.5"),
        start=WEEKS[10],
        end=TODAY,
        full_time_hours=Decimal(37),
        by=manager,
    )
    lead[5].delete()
    stored_as_computed()
    # A change in a bulk job (audited as one event): the stored days from it are dropped.
    with suppressed():
        job = Assignment.objects.get(staff=lead[6].worker, effective_to__isnull=True)
        job.fte = Decimal("0.500")
        job.save()
    assert not LoadDay.objects.filter(day__gte=job.effective_from).exists()
    selectors.weekly_totals(today=TODAY, teams=None)
    stored_as_computed()
    # Changes gathered and applied at once; then a new weighting model drops days from its date.
    with snapshots.deferred():
        for allocation in Allocation.objects.filter(end__isnull=True).order_by("pk")[:80]:
            allocation.end = TODAY
            allocation.save()
    stored_as_computed()
    version = WeightingModelVersion.objects.get()
    weighting_version_create(
        by=manager,
        effective_from=WEEKS[2],
        full_time_target=Decimal(2000),
        full_time_hours=Decimal(37),
        status_points=version.status_points,
        complexity_points=version.complexity_points,
        travel_points=version.travel_points,
        court_extra=version.court_extra,
        pre_proceedings_extra=version.pre_proceedings_extra,
        asye_capacity_share=version.asye_capacity_share,
        asye_alone_forbidden=version.asye_alone_forbidden,
    )
    assert not LoadDay.objects.filter(day__gte=WEEKS[2]).exists()
    selectors.weekly_totals(today=TODAY, teams=None)
    stored_as_computed()


def test_the_daily_job_stores_the_weeks_the_pages_read(northfield: None) -> None:
    out = io.StringIO()
    snapshots.take([dt.date(2024, 1, 2)])  # a day no page reads any more
    call_command("caseloads", "snapshot", stdout=out)
    days = selectors.weekly_days(today=TODAY)
    assert len(days) == 13  # the history's quarter (longer than the overload check's 4 weeks)
    assert sorted(LoadDay.objects.values_list("day", flat=True)) == sorted(days)
    assert "Loads stored for 13 day(s) of 13" in out.getvalue()
    assert "1 earlier day(s) dropped" in out.getvalue()
    call_command("caseloads", "snapshot", stdout=out)
    assert "Loads stored for 0 day(s) of 13" in out.getvalue()
    call_command("caseloads", "snapshot", "--rebuild", stdout=out)
    assert out.getvalue().count("Loads stored for 13 day(s) of 13") == 2
    stored_as_computed()


def test_a_census_import_drops_the_loads_stored_from_its_year(
    northfield: None, tmp_path: Any
) -> None:
    """The CSWW import writes the register in bulk, past the models' signals: the loads stored
    from the return's reporting year on (1 October 2024) are dropped, then computed afresh."""
    from csc_workforce.web.workforce.csww_io import csww_export, csww_import

    selectors.weekly_totals(today=TODAY, teams=None)
    snapshots.loads_for_days([dt.date(2024, 9, 30)])  # stored, before the year: kept
    path = tmp_path / "return.xml"
    path.write_text(csww_export(year=2025).xml)
    assert csww_import(path=path, by=None).done
    assert list(LoadDay.objects.values_list("day", flat=True)) == [dt.date(2024, 9, 30)]
    selectors.weekly_totals(today=TODAY, teams=None)
    stored_as_computed()


def test_loads_on_days_are_the_pages_loads(northfield: None) -> None:
    # Each worker's load on their own day (the retention model's load before leaving) is the
    # load the caseload pages compute for that day for everyone.
    days = [TODAY, TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=700)]
    everyone = {day: loads_on(day) for day in days}
    wanted: dict[int, dt.date] = {}
    for k, day in enumerate(days):
        found = everyone[day]
        assert found is not None
        workers = found[1]["worker_id"].to_list()[k::7][:10]
        wanted.update({worker: day for worker in workers if worker not in wanted})
    got = dict(selectors.loads_on_days(wanted).iter_rows())
    assert len(got) == len(wanted)
    for worker, day in wanted.items():
        full = everyone[day]
        assert full is not None
        expected = full[1].filter(pl.col("worker_id") == worker)["load_percent"][0]
        assert got[worker] == pytest.approx(expected)


def test_loads_on_days_in_one_pass_are_the_loads_day_by_day(northfield: None) -> None:
    # The retention model's loads before leaving, read for each worker's own day and computed
    # for all days at once, are those read over the whole span and computed day by day: every
    # worker, each on one of twelve month-ends spread over six years (the model asks for
    # month-ends), some before the weighting model began. Twelve days rather than every
    # month-end: the path day by day costs a full computation a day.
    month_ends = [
        dt.date(TODAY.year - back // 12, 12 - back % 12, 1) - dt.timedelta(days=1)
        for back in range(0, 72, 6)
    ]
    workers = Assignment.objects.values_list("staff_id", flat=True).distinct()
    days = {worker: month_ends[worker % len(month_ends)] for worker in workers}
    expected = before.loads_on_days(days).sort("staff_id")
    assert expected.height > 100
    assert_frame_equal(selectors.loads_on_days(days).sort("staff_id"), expected, check_exact=True)
    assert selectors.loads_on_days({}).is_empty()
