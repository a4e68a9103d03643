"""Caseload imports from the case management system, all or nothing
(``docs/caseload-import.md``): allocations (the template, or the Data to Insight SSD extract)
and activity (assessments and visits).

``core.allocation_import`` reads each file and checks every cell and the rules between rows.
Here each row is matched to the register: its worker by Social Work England number (or staff
ID), its child by case management system ID, its allocation against those the register already
holds. Only when there is no problem at all is anything written, in one transaction, audited as
one event; an allocations import then recounts the cases held on each census date it covers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F

from csc_workforce.core.allocation_import import (
    ASSESSMENT,
    CO_WORKER_ROLES,
    LEAD,
    LEAD_ROLES,
    AllocationRow,
    CaseloadRule,
    Line,
    ReadFile,
    census_dates_covered,
    overlaps,
    period_text,
    read_activity_file,
    read_allocation_file,
    read_ssd_files,
)
from csc_workforce.core.problems import ImportFailed, Problem
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, record, suppressed
from csc_workforce.web.frames import analyze
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.tasks.services import Progress, import_done, import_refused

from . import activity, snapshots
from .models import Allocation, Assessment, Case, CaseKind, CaseStatus, Visit
from .services import census_counts_refresh


def _quiet(step: str) -> None:
    """No one is watching this import's progress."""


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """What an import did (on a dry run, would have done): records ``created``, ``updated``
    (an open allocation ended; an assessment authorised) and ``unchanged`` (already held as
    given); children added; SSD involvements of other roles ``skipped``; census dates
    recounted."""

    filename: str
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    children_created: int = 0
    skipped: int = 0
    census_dates: tuple[dt.date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.filename,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "children_created": self.children_created,
            "skipped": self.skipped,
            "census_dates": [day.isoformat() for day in self.census_dates],
        }


def allocations_import(
    *,
    data: bytes,
    filename: str,
    by: User | None,
    today: dt.date,
    dry_run: bool = False,
    progress: Progress = _quiet,
) -> ImportResult:
    """Import a filled-in allocations template. Raises ``ImportFailed``, having written
    nothing, if anything breaks a rule; ``dry_run`` checks everything and writes nothing."""
    progress("Reading the file")
    read = read_allocation_file(data, filename=filename, today=today)
    return _allocations(read, by=by, today=today, dry_run=dry_run, progress=progress)


def ssd_import(
    *,
    involvements: bytes,
    professionals: bytes,
    by: User | None,
    today: dt.date,
    dry_run: bool = False,
    lead_roles: Collection[str] = LEAD_ROLES,
    co_worker_roles: Collection[str] = CO_WORKER_ROLES,
    progress: Progress = _quiet,
) -> ImportResult:
    """Import the SSD ``ssd_involvements`` extract, its workers found through
    ``ssd_professionals``, as ``allocations_import`` imports the template."""
    progress("Reading the files")
    read = read_ssd_files(
        involvements,
        professionals,
        today=today,
        lead_roles=lead_roles,
        co_worker_roles=co_worker_roles,
    )
    return _allocations(read, by=by, today=today, dry_run=dry_run, progress=progress)


@dataclasses.dataclass
class _Planned:
    row: AllocationRow
    worker: StaffMember
    held: Allocation | None


def _allocations(
    read: ReadFile[AllocationRow],
    *,
    by: User | None,
    today: dt.date,
    dry_run: bool,
    progress: Progress,
) -> ImportResult:
    """Match each row to the register; write everything, or raise listing every problem."""
    rows = [(line, line.value) for line in read.rows if line.value is not None]
    progress(f"Checking {len(read.rows):,} rows against the register")
    by_swe, by_id = _workers(
        swe_numbers={row.worker_swe_number for _, row in rows if row.worker_swe_number},
        ids={row.worker_staff_id for _, row in rows if row.worker_staff_id is not None},
    )
    cases = {
        case.cms_id: case for case in Case.objects.filter(cms_id__in={r.cms_id for _, r in rows})
    }
    held: dict[int, list[Allocation]] = {}
    for allocation in Allocation.objects.filter(case__in=cases.values()):
        held.setdefault(allocation.case_id, []).append(allocation)
    problems = list(read.problems)
    planned: list[tuple[Line[AllocationRow], _Planned]] = []
    for line, row in rows:
        if row.worker_swe_number:
            worker = by_swe.get(row.worker_swe_number)
            field = "worker_swe_number"
            detail = f"the Social Work England number {row.worker_swe_number}"
        else:
            worker = by_id.get(row.worker_staff_id or 0)
            field, detail = "worker_staff_id", f"the staff ID {row.worker_staff_id}"
        if worker is None:
            problems.append(read.problem(line, field, CaseloadRule.UNKNOWN_WORKER, detail))
            continue
        case = cases.get(row.cms_id)
        same = _same(row, worker, held.get(case.pk, []) if case else [])
        planned.append((line, _Planned(row, worker, same)))
    ends = {plan.held.pk: plan.row.end for _, plan in planned if plan.held is not None}
    for line, plan in planned:
        case = cases.get(plan.row.cms_id)
        if case is not None:
            problems.extend(_held_problems(read, line, plan, held.get(case.pk, []), ends))
    if problems:
        raise ImportFailed(read.ordered(problems))
    changed = [plan for _, plan in planned if plan.held is None or plan.held.end != plan.row.end]
    census = sorted(
        {
            day
            for plan in changed
            if plan.row.role == LEAD
            for day in census_dates_covered(plan.row.start, plan.row.end, today=today)
        }
    )
    result = ImportResult(
        filename=read.file,
        dry_run=dry_run,
        created=sum(plan.held is None for _, plan in planned),
        updated=sum(plan.held is not None for plan in changed),
        unchanged=len(planned) - len(changed),
        children_created=len({plan.row.cms_id for _, plan in planned} - set(cases)),
        skipped=read.skipped,
        census_dates=tuple(census),
    )
    if dry_run:
        return result
    progress(f"Saving {len(changed):,} allocations")
    # Only the writes are in the transaction, so checking does not hold the write lock.
    with transaction.atomic(), acting_as(by, current_actor().source):
        with suppressed(), snapshots.deferred(), activity.deferred():
            cases |= _children([plan for _, plan in planned], cases)
            for plan in changed:
                _save_allocation(plan, cases[plan.row.cms_id], by=by, filename=read.file)
        record(
            action=AuditEvent.Action.ACTION,
            model=Allocation._meta.label,
            object_repr=f"Allocations from {read.file}",
            message=f"Imported allocations from {read.file}: {result.created} added, "
            f"{result.updated} ended, {result.unchanged} already held; "
            f"{result.children_created} children added",
        )
        if census:
            census_counts_refresh(census_dates=census)
    analyze(Case, CaseStatus, Allocation)
    activity.take(today)
    return result


def _workers(
    *, swe_numbers: set[str], ids: set[int]
) -> tuple[dict[str, StaffMember], dict[int, StaffMember]]:
    """The register's workers with these Social Work England numbers, and with these IDs. A
    person with more than one engagement (two posts, or agency work then employment) is found
    in their current one, else their latest."""
    engagements = StaffMember.objects.filter(swe_number__in=swe_numbers).order_by(
        F("end_date").asc(nulls_last=True), "start_date", "pk"
    )
    by_swe = {member.swe_number.upper(): member for member in engagements}
    return by_swe, StaffMember.objects.in_bulk(list(ids))


def _same(row: AllocationRow, worker: StaffMember, held: list[Allocation]) -> Allocation | None:
    """The register's allocation the row gives again: same worker, role and start."""
    return next(
        (
            allocation
            for allocation in held
            if allocation.worker_id == worker.pk
            and allocation.role == row.role
            and allocation.start == row.start
        ),
        None,
    )


def _held_problems(
    read: ReadFile[AllocationRow],
    line: Line[AllocationRow],
    plan: _Planned,
    held: list[Allocation],
    ends: dict[int, dt.date | None],
) -> Iterator[Problem]:
    """An allocation the register holds may be given again as it is, or, open there, ended; a
    lead allocation may not overlap another lead's, as held or as the file ends it."""
    row, same = plan.row, plan.held
    if same is not None and same.end not in (None, row.end):
        detail = f"allocation, {period_text(same.start, same.end)}"
        yield read.problem(line, "end", CaseloadRule.DIFFERS_FROM_REGISTER, detail)
    if row.role != LEAD:
        return
    for allocation in held:
        end = ends.get(allocation.pk, allocation.end)
        if (
            allocation != same
            and allocation.role == LEAD
            and overlaps((allocation.start, end), (row.start, row.end))
        ):
            detail = period_text(allocation.start, end)
            yield read.problem(line, "start", CaseloadRule.OVERLAP_REGISTER, detail)


def _children(planned: Iterable[_Planned], cases: dict[str, Case]) -> dict[str, Case]:
    """Add the children the register does not have (opened at their first allocation or
    status), give existing ones the facts the file gives, add their status periods; the
    children added, by ID."""
    rows: dict[str, list[AllocationRow]] = {}
    for plan in planned:
        rows.setdefault(plan.row.cms_id, []).append(plan.row)
    added: dict[str, Case] = {}
    for cms_id, child_rows in rows.items():
        facts = {
            name: value
            for row in child_rows
            for name, value in (
                ("date_of_birth", row.child_date_of_birth),
                ("complexity", row.complexity),
                ("travel_band", row.travel_band),
                ("sibling_group", row.sibling_group),
            )
            if value
        }
        case = cases.get(cms_id)
        if case is None:
            opened = min(day for row in child_rows for day in (row.start, row.status_start) if day)
            case = added[cms_id] = Case.objects.create(
                cms_id=cms_id, kind=CaseKind.CHILD, opened=opened, **facts
            )
        elif facts:
            Case.objects.filter(pk=case.pk).update(**facts)
            snapshots.cases_changed([case.pk])
        for row in child_rows:
            if row.status and row.status_start:
                CaseStatus.objects.get_or_create(
                    case=case, status=row.status, start=row.status_start
                )
    return added


def _save_allocation(plan: _Planned, case: Case, *, by: User | None, filename: str) -> None:
    if plan.held is not None:
        plan.held.end = plan.row.end
        plan.held.save(update_fields=["end"])
        return
    Allocation.objects.create(
        case=case,
        worker=plan.worker,
        role=plan.row.role,
        start=plan.row.start,
        end=plan.row.end,
        change_reason=plan.row.change_reason,
        rationale=f"Imported from {filename}",
        created_by=by,
    )


def activity_import(
    *,
    data: bytes,
    filename: str,
    by: User | None,
    today: dt.date,
    dry_run: bool = False,
    progress: Progress = _quiet,
) -> ImportResult:
    """Import a filled-in activity template: assessments and visits of children already in the
    register. An assessment already held (same child and start) gains its authorisation date
    if it had none; an activity already held as given is left as it is. Raises
    ``ImportFailed``, having written nothing, if anything breaks a rule."""
    progress("Reading the file")
    read = read_activity_file(data, filename=filename, today=today)
    rows = [(line, line.value) for line in read.rows if line.value is not None]
    progress(f"Checking {len(read.rows):,} rows against the register")
    cases = {
        case.cms_id: case for case in Case.objects.filter(cms_id__in={r.cms_id for _, r in rows})
    }
    by_swe, _ = _workers(
        swe_numbers={row.worker_swe_number for _, row in rows if row.worker_swe_number}, ids=set()
    )
    assessments = {
        (assessment.case_id, assessment.started): assessment
        for assessment in Assessment.objects.filter(case__in=cases.values())
    }
    visits = set(
        Visit.objects.filter(case__in=cases.values()).values_list("case_id", "on", "worker_id")
    )
    problems: list[Problem] = list(read.problems)
    new_assessments: list[Assessment] = []
    authorised: list[Assessment] = []
    new_visits: list[Visit] = []
    unchanged = 0
    for line, row in rows:
        case = cases.get(row.cms_id)
        worker = by_swe.get(row.worker_swe_number)
        if case is None:
            problems.append(read.problem(line, "cms_id", CaseloadRule.UNKNOWN_CHILD))
        if row.worker_swe_number and worker is None:
            detail = f"the Social Work England number {row.worker_swe_number}"
            problems.append(
                read.problem(line, "worker_swe_number", CaseloadRule.UNKNOWN_WORKER, detail)
            )
        if case is None or (row.worker_swe_number and worker is None):
            continue
        if row.kind == ASSESSMENT:
            held = assessments.get((case.pk, row.on))
            if held is None:
                new_assessments.append(
                    Assessment(case=case, started=row.on, authorised=row.authorised)
                )
            elif held.authorised == row.authorised or row.authorised is None:
                unchanged += 1
            elif held.authorised is None:
                held.authorised = row.authorised
                authorised.append(held)
            else:
                detail = f"assessment, authorised on {held.authorised.isoformat()}"
                problems.append(
                    read.problem(line, "authorised", CaseloadRule.DIFFERS_FROM_REGISTER, detail)
                )
        elif (case.pk, row.on, worker.pk if worker else None) in visits:
            unchanged += 1
        else:
            new_visits.append(Visit(case=case, on=row.on, worker=worker))
    if problems:
        raise ImportFailed(read.ordered(problems))
    result = ImportResult(
        filename=filename,
        dry_run=dry_run,
        created=len(new_assessments) + len(new_visits),
        updated=len(authorised),
        unchanged=unchanged,
    )
    if dry_run:
        return result
    progress(f"Saving {result.created + result.updated:,} assessments and visits")
    with transaction.atomic(), acting_as(by, current_actor().source):
        with suppressed():
            Assessment.objects.bulk_create(new_assessments)
            Assessment.objects.bulk_update(authorised, ["authorised"])
            Visit.objects.bulk_create(new_visits)
            changed = [v.on for v in new_visits] + [a.authorised for a in new_assessments]
            changed += [a.authorised for a in authorised]
            if dated := [day for day in changed if day is not None]:
                activity.stale(since=min(dated))
        record(
            action=AuditEvent.Action.ACTION,
            model=Visit._meta.label,
            object_repr=f"Activity from {filename}",
            message=f"Imported activity from {filename}: {len(new_assessments)} assessments and "
            f"{len(new_visits)} visits added, {len(authorised)} assessments authorised, "
            f"{unchanged} already held",
        )
    analyze(Assessment, Visit)
    activity.take(today)
    return result


def _import_work(
    run: Callable[..., ImportResult], **files: Callable[[ImportTask], object]
) -> Callable[[ImportTask, Progress], dict[str, object]]:
    """A caseload import run as a background task (``tasks.services``): the task's files, by
    the names ``run`` takes them, and its result a message and the problems found."""

    def work(task: ImportTask, progress: Progress) -> dict[str, object]:
        given = {name: read(task) for name, read in files.items()}
        try:
            done = run(
                **given,
                by=task.created_by,
                today=task.today,
                dry_run=task.dry_run,
                progress=progress,
            )
        except ImportFailed as failed:
            return import_refused("Nothing was imported:", failed.problems)
        verb = "would be imported (nothing was saved)" if done.dry_run else "imported"
        counts = f"{done.created} new, {done.updated} updated, {done.unchanged} unchanged"
        return import_done(f"{counts}: {verb}", **done.as_dict())

    return work


def _upload(task: ImportTask) -> bytes:
    return bytes(task.upload or b"")


allocations_import_work = _import_work(
    allocations_import, data=_upload, filename=lambda task: task.filename
)
activity_import_work = _import_work(
    activity_import, data=_upload, filename=lambda task: task.filename
)
ssd_import_work = _import_work(
    ssd_import, involvements=_upload, professionals=lambda task: bytes(task.second_upload or b"")
)
