"""Imports for supervision and registration, all or nothing (``docs/supervision.md``):
supervision dates from the case management system, and registration status from a CSV
downloaded from Social Work England's register.

Each reader checks every cell and the rules within and across rows as the caseload imports do
(``core.allocation_import``, whose sheet reading they share) and returns a ``ReadFile`` of typed
rows and ``Problem``s naming the file, row, column and rule. What needs the database (workers
by Social Work England number, sessions already held) is checked by the web service that writes.

``sessions_sheet`` and ``registrations_sheet`` write what is held in each import's own format, so
that a file downloaded imports as it is (into a register holding the same people).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from csc_workforce.core.allocation_import import (
    Line,
    ReadFile,
    _cells,
    _sheet,
    _typed,
)
from csc_workforce.core.exports import Sheet
from csc_workforce.core.problems import Problem
from csc_workforce.core.registration import STATUSES
from csc_workforce.core.staff_import import Column, Kind, cell_text, located

SESSION_KINDS = {
    "individual": "Individual case supervision",
    "reflective": "Reflective supervision",
    "group": "Group supervision",
    "peer": "Peer supervision",
}
"""``development.models.SessionKind``."""


class DevelopmentRule(StrEnum):
    """What a supervision or registration import can get wrong beyond the staff import's
    ``Rule``s (a blank required cell, a date that is not one, a code not in the list...)."""

    FUTURE_DATE = "future_date"
    MINUTES = "minutes"
    SELF_SUPERVISION = "self_supervision"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    UNKNOWN_WORKER = "unknown_worker"
    ALREADY_HELD = "already_held"
    UNKNOWN_STATUS = "unknown_status"
    NOTHING_NEW = "nothing_new"


_DATE = "A date: an Excel date, or text as YYYY-MM-DD or DD/MM/YYYY; not after today"
_SWE = "The worker's Social Work England number, as in the register"

SESSION_COLUMNS: tuple[Column, ...] = (
    Column("worker_swe_number", "Supervisee", Kind.SWE_NUMBER, True, _SWE, "SW123456"),
    Column(
        "supervisor_swe_number",
        "Supervisor",
        Kind.SWE_NUMBER,
        False,
        "The supervisor's Social Work England number",
        "SW654321",
    ),
    Column("held_on", "Date of the session", Kind.DATE, True, _DATE, "2025-09-12"),
    Column("minutes", "Length in minutes", Kind.TEXT, True, "A whole number above 0", "90"),
    Column(
        "kind",
        "Kind of supervision",
        Kind.CODE,
        False,
        "A code, or its label; blank for individual",
        "individual",
        SESSION_KINDS,
    ),
)

REGISTRATION_COLUMNS: tuple[Column, ...] = (
    Column("swe_number", "Registration number", Kind.SWE_NUMBER, True, _SWE, "SW123456"),
    Column(
        "status",
        "Status on the register",
        Kind.TEXT,
        True,
        "One of: " + "; ".join(STATUSES.values()) + " (or its code)",
        "registered",
    ),
    Column(
        "expires_on",
        "Registered until",
        Kind.DATE,
        True,
        "The 30 November the registration runs to",
        "2026-11-30",
    ),
    Column("checked_on", "Register read on", Kind.DATE, True, _DATE, "2025-10-01"),
)


@dataclass(frozen=True)
class SessionRow:
    worker_swe_number: str
    supervisor_swe_number: str
    held_on: dt.date
    minutes: int
    kind: str


@dataclass(frozen=True)
class RegistrationRow:
    swe_number: str
    status: str
    expires_on: dt.date
    checked_on: dt.date


def development_problem(
    read: ReadFile[Any], line: Line[Any] | None, field: str, rule: DevelopmentRule, text: str
) -> Problem:
    """A problem with ``line``'s cell under ``field`` ('' for the row; no line for the file),
    worded like the caseload imports' ("sessions.csv: Row 4, column C (held_on): ...")."""
    row = line.number if line is not None else 0
    column = read.columns.get(field, "") if field else ""
    value = line.text.get(field, "") if line is not None and field else ""
    message = located(text, row=row, column=column, field=field)
    return Problem(
        row, field, str(rule), f"{read.file}: {message}", column=column, value=value, file=read.file
    )


def read_session_file(data: bytes, *, filename: str, today: dt.date) -> ReadFile[SessionRow]:
    """Read and check a supervision dates file (.csv or .xlsx): every cell, no session after
    ``today``, a length in whole minutes above 0, a supervisor who is not the supervisee, and
    no session given twice (the same worker, day and kind)."""
    sheet = _sheet(data, filename, SESSION_COLUMNS, others_allowed=False)
    read = ReadFile[SessionRow](filename, sheet.columns, {}, [], sheet.problems)
    first: dict[tuple[str, dt.date, str], int] = {}
    for number, raw in sheet.body:
        text = {column.field: cell_text(raw.get(column.field)) for column in SESSION_COLUMNS}
        line = Line[SessionRow](number, text, None)
        values = _cells(read, line, raw, SESSION_COLUMNS)
        found = list(_session_checks(read, line, values, today))
        read.problems.extend(found)
        if sheet.complete and not found and _typed(SESSION_COLUMNS, values):
            session = SessionRow(
                values["worker_swe_number"],
                values["supervisor_swe_number"],
                values["held_on"],
                int(values["minutes"]),
                values["kind"] or "individual",
            )
            key = (session.worker_swe_number, session.held_on, session.kind)
            if key in first:
                read.problems.append(
                    development_problem(
                        read,
                        line,
                        "held_on",
                        DevelopmentRule.DUPLICATE_IN_FILE,
                        f"this session (the same worker, day and kind) is also on row {first[key]}",
                    )
                )
            first.setdefault(key, number)
            line = replace(line, value=session)
        read.rows.append(line)
    return replace(read, problems=read.ordered(read.problems))


def _session_checks(
    read: ReadFile[SessionRow], line: Line[SessionRow], values: dict[str, Any], today: dt.date
) -> Iterator[Problem]:
    held_on = values.get("held_on")
    if held_on and held_on > today:
        yield development_problem(
            read,
            line,
            "held_on",
            DevelopmentRule.FUTURE_DATE,
            f"'{line.text['held_on']}' is in the future (today is {today.isoformat()}): "
            "a session is recorded once it has been held",
        )
    minutes = line.text["minutes"]
    if minutes:
        try:
            whole = int(minutes)
        except ValueError:
            whole = 0
        if whole < 1:
            yield development_problem(
                read,
                line,
                "minutes",
                DevelopmentRule.MINUTES,
                f"'{minutes}' is not a length in whole minutes above 0, like 90",
            )
        else:
            values["minutes"] = whole
    worker, supervisor = values.get("worker_swe_number"), values.get("supervisor_swe_number")
    if worker and supervisor and worker == supervisor:
        yield development_problem(
            read,
            line,
            "supervisor_swe_number",
            DevelopmentRule.SELF_SUPERVISION,
            f"'{supervisor}' is the supervisee too: a worker cannot supervise themself",
        )


def read_registration_file(
    data: bytes, *, filename: str, today: dt.date
) -> ReadFile[RegistrationRow]:
    """Read and check a registration file (.csv or .xlsx) as downloaded from Social Work
    England's register, other columns ignored: each number once, a status the authority
    records (``core.registration.STATUSES``, by code or label), the register read no later
    than ``today``."""
    sheet = _sheet(data, filename, REGISTRATION_COLUMNS, others_allowed=True)
    read = ReadFile[RegistrationRow](filename, sheet.columns, {}, [], sheet.problems)
    by_label = {label.casefold(): code for code, label in STATUSES.items()}
    first: dict[str, int] = {}
    for number, raw in sheet.body:
        text = {column.field: cell_text(raw.get(column.field)) for column in REGISTRATION_COLUMNS}
        line = Line[RegistrationRow](number, text, None)
        values = _cells(read, line, raw, REGISTRATION_COLUMNS)
        found: list[Problem] = []
        status = text["status"].strip()
        code = status.lower() if status.lower() in STATUSES else by_label.get(status.casefold())
        if status and code is None:
            found.append(
                development_problem(
                    read,
                    line,
                    "status",
                    DevelopmentRule.UNKNOWN_STATUS,
                    f"'{status}' is not a registration status: use one of "
                    + ", ".join(STATUSES.values()),
                )
            )
        checked = values.get("checked_on")
        if checked and checked > today:
            found.append(
                development_problem(
                    read,
                    line,
                    "checked_on",
                    DevelopmentRule.FUTURE_DATE,
                    f"'{text['checked_on']}' is in the future (today is {today.isoformat()})",
                )
            )
        swe_number = values.get("swe_number")
        if swe_number and swe_number in first:
            found.append(
                development_problem(
                    read,
                    line,
                    "swe_number",
                    DevelopmentRule.DUPLICATE_IN_FILE,
                    f"'{swe_number}' is also on row {first[swe_number]}",
                )
            )
        if swe_number:
            first.setdefault(swe_number, number)
        read.problems.extend(found)
        if sheet.complete and not found and code and _typed(REGISTRATION_COLUMNS, values):
            line = replace(
                line,
                value=RegistrationRow(
                    values["swe_number"], code, values["expires_on"], values["checked_on"]
                ),
            )
        read.rows.append(line)
    return replace(read, problems=read.ordered(read.problems))


TEMPLATES: Mapping[str, tuple[Column, ...]] = {
    "supervision": SESSION_COLUMNS,
    "registration": REGISTRATION_COLUMNS,
}
"""Each import's columns, for its template (``allocation_import.template_xlsx``)."""


def sessions_sheet(sessions: Iterable[SessionRow]) -> Sheet:
    """Supervision sessions as a supervision dates file (``SESSION_COLUMNS``, the kind as its
    code), by supervisee, day and kind; the same session given twice (the same supervisee, day
    and kind, as a worker with two staff records can have) once, as the import takes it once."""
    rows: dict[tuple[str, dt.date, str], SessionRow] = {}
    for session in sessions:
        rows.setdefault((session.worker_swe_number, session.held_on, session.kind), session)
    return Sheet(
        "Supervision",
        [column.field for column in SESSION_COLUMNS],
        [
            [s.worker_swe_number, s.supervisor_swe_number, s.held_on, s.minutes, s.kind]
            for _, s in sorted(rows.items(), key=lambda item: item[0])
        ],
    )


def registrations_sheet(registrations: Iterable[RegistrationRow]) -> Sheet:
    """Registrations as a registration file (``REGISTRATION_COLUMNS``, the status as its code),
    by Social Work England number."""
    return Sheet(
        "Registration",
        [column.field for column in REGISTRATION_COLUMNS],
        [
            [r.swe_number, r.status, r.expires_on, r.checked_on]
            for r in sorted(registrations, key=lambda r: r.swe_number)
        ],
    )
