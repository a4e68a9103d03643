"""Bulk import of staff from a filled-in template, CSV or Excel: all or nothing
(``docs/register-import.md``).

``core.staff_import`` reads the file and checks every cell and the rules between them, which are
those of ``services.staff_create`` and ``services.staff_record_leaving``. Here each row is matched
to the register (its team by name; its Social Work England number not already someone's) and
checked by the model as ``staff_create`` checks it (``full_clean``). Only when no row has any
problem is anything written: each person and their first assignment, in one transaction, audited
as one event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from csc_workforce.core.problems import ImportFailed, Problem
from csc_workforce.core.staff_import import (
    FIELDS,
    Rule,
    SheetRow,
    StaffFile,
    StaffRow,
    read_staff_file,
)
from csc_workforce.core.swe import is_valid_swe_number, normalise_swe_number
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, record, suppressed
from csc_workforce.web.clock import clock
from csc_workforce.web.frames import analyze
from csc_workforce.web.organisation.models import Assignment, StaffMember, Team
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.tasks.services import import_done, import_refused

from .services import JOB_FIELDS

CHECKED_FOR_THE_FILE = frozenset({"team", "swe_number", "fte", "start_date", "end_date"})
"""Fields the import checks once for the whole file rather than by ``full_clean``'s queries row
by row: the team is found in the register; Social Work England numbers are checked against the
register and within the file; the FTE range and the dates are the core's rules. They are all
that ``StaffMember``'s constraints involve."""


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """The people imported, in the file's order; on a dry run, checked and not saved."""

    filename: str
    staff: list[StaffMember]
    dry_run: bool

    @property
    def imported(self) -> int:
        return 0 if self.dry_run else len(self.staff)


def staff_import(
    *,
    data: bytes,
    filename: str,
    by: User | None,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda step: None,
) -> ImportResult:
    """Add everyone in a filled-in template to the register, each with their first assignment
    from their start date (ending on their end date, for someone who has left).

    Raises ``ImportFailed`` listing every problem, having written nothing, if any row breaks a
    rule. ``dry_run`` checks everything and writes nothing.
    """
    progress("Reading the file")
    read = read_staff_file(data, filename=filename, today=clock().today())
    progress(f"Checking {len(read.rows):,} rows against the register")
    teams = _teams_by_name()
    held = set(StaffMember.objects.exclude(swe_number="").values_list("swe_number", flat=True))
    problems = list(read.problems)
    staff: list[StaffMember] = []
    for row in read.rows:
        found = list(_register_problems(read, row, teams, held))
        problems += found
        if row.staff is not None:
            member = _staff_member(row.staff, teams.get(_team_key(row.staff.team), []))
            problems += _model_problems(read, row, member, checked={p.field or "" for p in found})
            staff.append(member)
    if problems:
        raise ImportFailed(sorted(problems, key=Problem.sort_key))
    if dry_run:
        return ImportResult(filename=filename, staff=staff, dry_run=True)
    progress(f"Saving {len(staff):,} staff")
    # Only the writes are in the transaction: checking takes longer, and would hold the
    # database's write lock (SQLite's one writer) all that time.
    with transaction.atomic(), acting_as(by, current_actor().source):
        with suppressed():
            for member in staff:
                member.save()
                Assignment.objects.create(
                    staff=member,
                    effective_from=member.start_date,
                    effective_to=member.end_date,
                    **{name: getattr(member, name) for name in JOB_FIELDS},
                )
        record(
            action=AuditEvent.Action.ACTION,
            model=StaffMember._meta.label,
            object_repr=f"{len(staff)} staff from {filename}",
            message=f"Imported {len(staff)} staff from {filename}",
        )
    analyze(StaffMember, Assignment)
    return ImportResult(filename=filename, staff=staff, dry_run=False)


def _team_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _teams_by_name() -> dict[str, list[Team]]:
    """Teams by name, ignoring case and spacing (two teams may share a name)."""
    teams: dict[str, list[Team]] = {}
    for team in Team.objects.all():
        teams.setdefault(_team_key(team.name), []).append(team)
    return teams


def _register_problems(
    read: StaffFile, row: SheetRow, teams: dict[str, list[Team]], held: set[str]
) -> Iterator[Problem]:
    """The row's team is one team in the register; its SWE number is nobody's there yet."""
    team = row.text["team"]
    if team and len(teams.get(_team_key(team), [])) != 1:
        rule = Rule.UNKNOWN_TEAM if _team_key(team) not in teams else Rule.AMBIGUOUS_TEAM
        yield read.problem(row, "team", rule)
    number = normalise_swe_number(row.text["swe_number"])
    if is_valid_swe_number(number) and number in held:
        yield read.problem(row, "swe_number", Rule.IN_REGISTER)


def _staff_member(row: StaffRow, teams: list[Team]) -> StaffMember:
    """The row as an unsaved record, in its team if the register has exactly one of that name."""
    values = {name: value for name, value in dataclasses.asdict(row).items() if name != "team"}
    member = StaffMember(**values)
    if len(teams) == 1:
        member.team = teams[0]
    return member


def _model_problems(
    read: StaffFile, row: SheetRow, member: StaffMember, *, checked: set[str]
) -> list[Problem]:
    """The model's own rules (lengths, digits), as ``staff_create`` applies them, leaving out
    the columns already found wrong and those in ``CHECKED_FOR_THE_FILE``; a rule of no one
    column is the row's."""
    try:
        member.full_clean(exclude=checked | CHECKED_FOR_THE_FILE)
    except ValidationError as error:
        return [
            read.problem(row, field if field in FIELDS else "", Rule.REGISTER, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def staff_import_work(task: ImportTask, progress: Callable[[str], None]) -> dict[str, object]:
    """``staff_import`` run as a background task (``tasks.services``): its result a message
    and the problems found."""
    try:
        done = staff_import(
            data=bytes(task.upload or b""),
            filename=task.filename,
            by=task.created_by,
            dry_run=task.dry_run,
            progress=progress,
        )
    except ImportFailed as failed:
        return import_refused("Nobody was imported: the file has", failed.problems)
    verb = "checked: no problems" if done.dry_run else "imported"
    return import_done(f"{len(done.staff)} staff {verb} from {task.filename}")
