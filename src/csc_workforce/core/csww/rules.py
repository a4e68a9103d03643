"""DfE's further rules for the CSWW return: what the XSD cannot express.

Each rule is a class named after what it requires, with its ``rule_id`` and its text as the
docstring. ``WorkerRule``s look at one ``CSWWWorker`` at a time, ``ReturnRule``s at the whole
return. ``docs/csww.md`` lists them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import ClassVar

from ..indicators import reporting_year_bounds
from ..swe import normalise_swe_number
from .definitions import ends_in_year, in_post, is_agency, is_employee, starts_in_year
from .parse import CswwReturn, WorkerRecord, reporting_year_of
from .problems import Problem, Severity
from .schemas import ABSENT, CASE_HOLDER


class Rule(ABC):
    rule_id: ClassVar[str]
    severity: ClassVar[Severity] = "error"

    def problem(self, worker: WorkerRecord, element: str, message: str) -> Problem:
        """A problem with ``element`` of ``worker`` (at the worker's line if it is missing)."""
        return Problem(
            line=worker.line_of(element),
            element=element,
            swe_no=worker.swe_no,
            rule_id=self.rule_id,
            severity=self.severity,
            message=message,
        )


class WorkerRule(Rule):
    @abstractmethod
    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]: ...


class ReturnRule(Rule):
    @abstractmethod
    def check(self, csww: CswwReturn) -> Iterator[Problem]: ...


class RoleEndNotBeforeStart(WorkerRule):
    """R01: A role's end date (RoleEndDate) is not before its start date (RoleStartDate)."""

    rule_id = "R01"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        start, end = worker.role_start_date, worker.role_end_date
        if start is not None and end is not None and end < start:
            yield self.problem(
                worker, "RoleEndDate", f"The role ends on {end}, before it starts on {start}."
            )


class StarterHasOrigin(WorkerRule):
    """R02: A social worker (not agency) whose role started in the reporting year has a
    StartOrigin."""

    rule_id = "R02"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if is_employee(worker) and starts_in_year(worker, year) and worker.start_origin is None:
            yield self.problem(
                worker,
                "StartOrigin",
                f"Started on {worker.role_start_date}, in the reporting year, but has no "
                "StartOrigin: say where the social worker came from.",
            )


class LeaverHasReasonAndDestination(WorkerRule):
    """R03: A social worker (not agency) whose role ended in the reporting year has a
    ReasonLeave and a LeaverDestination."""

    rule_id = "R03"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if not (is_employee(worker) and ends_in_year(worker, year)):
            return
        if worker.reason_leave is None:
            yield self.problem(
                worker,
                "ReasonLeave",
                f"Left on {worker.role_end_date}, in the reporting year, but has no ReasonLeave.",
            )
        if worker.leaver_destination is None:
            yield self.problem(
                worker,
                "LeaverDestination",
                f"Left on {worker.role_end_date}, in the reporting year, but has no "
                "LeaverDestination.",
            )


class LeaverFieldsOnlyForLeavers(WorkerRule):
    """R04: A social worker (not agency) has a ReasonLeave or LeaverDestination only if their
    role has ended (has a RoleEndDate)."""

    rule_id = "R04"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if not is_employee(worker) or worker.role_end_date is not None:
            return
        for element, value in (
            ("ReasonLeave", worker.reason_leave),
            ("LeaverDestination", worker.leaver_destination),
        ):
            if value is not None:
                yield self.problem(
                    worker,
                    element,
                    f"{element} is given but the role has no RoleEndDate: leaving details are "
                    "for leavers only.",
                )


class CasesOnlyInPost(WorkerRule):
    """R05: Only staff in post at 30 September (role started by then and not ended by then) hold
    cases at 30 September (Cases30 above 0)."""

    rule_id = "R05"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if worker.cases30 is None or worker.cases30 <= 0 or in_post(worker, year):
            return
        _, census = reporting_year_bounds(year)
        start, end = worker.role_start_date, worker.role_end_date
        why = (
            f"the role ended on {end}"
            if end is not None and end <= census
            else f"the role starts on {start}"
        )
        yield self.problem(
            worker,
            "Cases30",
            f"Holds {worker.cases30} cases at 30 September {year} but was not in post then "
            f"({why}).",
        )


class FteWithinRange(WorkerRule):
    """R06: FTE and FTE30 are between 0 and 1 inclusive (1 is a full-time post)."""

    rule_id = "R06"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        for element, value in (("FTE", worker.fte), ("FTE30", worker.fte30)):
            if value is not None and not Decimal(0) <= value <= Decimal(1):
                yield self.problem(
                    worker,
                    element,
                    f"{element} {value} is outside 0 to 1: a full-time post is 1.",
                )


class AgencyRecordsHaveNoLeaverFields(WorkerRule):
    """R07: Agency worker records have no leaver fields: no ReasonLeave and no
    LeaverDestination."""

    rule_id = "R07"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if not is_agency(worker):
            return
        for element, value in (
            ("ReasonLeave", worker.reason_leave),
            ("LeaverDestination", worker.leaver_destination),
        ):
            if value is not None:
                yield self.problem(
                    worker, element, f"An agency worker record has a {element}: remove it."
                )


class CaseHolderHasCases(WorkerRule):
    """R10 (query): A case holder (OrgRole 5) in post at 30 September holds at least one case
    at 30 September (Cases30 above 0)."""

    rule_id = "R10"
    severity = "query"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if worker.org_role == CASE_HOLDER and not worker.cases30 and in_post(worker, year):
            yield self.problem(
                worker,
                "Cases30",
                f"A case holder (OrgRole 5) in post at 30 September {year} has no cases: check "
                "the role and Cases30.",
            )


class StartNotAfterCensusDate(WorkerRule):
    """R11: A role starts on or before 30 September of the reporting year; a later start
    belongs to next year's return."""

    rule_id = "R11"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        _, census = reporting_year_bounds(year)
        start = worker.role_start_date
        if start is not None and start > census:
            yield self.problem(
                worker,
                "RoleStartDate",
                f"The role starts on {start}, after 30 September {year}: it belongs in next "
                "year's return.",
            )


class EndNotBeforeReportingYear(WorkerRule):
    """R12: A role that ended before the reporting year (before 1 October of the year before)
    is not in the return; it was in an earlier one."""

    rule_id = "R12"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        first, _ = reporting_year_bounds(year)
        end = worker.role_end_date
        if end is not None and end < first:
            yield self.problem(
                worker,
                "RoleEndDate",
                f"The role ended on {end}, before the reporting year began on {first}: leave "
                "it out of this return.",
            )


class AbsenceReasonGoesWithAbsence(WorkerRule):
    """R13: ReasonAbsence is given when, and only when, the worker was absent at 30 September
    (Absat30Sept 1)."""

    rule_id = "R13"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        absent = ABSENT in worker.absat30sept
        if worker.reason_absence and not absent:
            yield self.problem(
                worker,
                "ReasonAbsence",
                "ReasonAbsence is given but Absat30Sept does not say the worker was absent at "
                "30 September.",
            )
        if absent and not worker.reason_absence:
            yield self.problem(
                worker,
                "ReasonAbsence",
                "Absent at 30 September (Absat30Sept 1) but no ReasonAbsence is given.",
            )


def _by_swe(workers: tuple[WorkerRecord, ...]) -> dict[str, list[WorkerRecord]]:
    groups: dict[str, list[WorkerRecord]] = {}
    for worker in workers:
        if worker.swe_no:
            groups.setdefault(normalise_swe_number(worker.swe_no), []).append(worker)
    return {swe: group for swe, group in groups.items() if len(group) > 1}


class SweNumberOncePerPost(ReturnRule):
    """R08: An SWE number appears once per post. A social worker with two posts has two
    records, which must be distinct posts (different OrgRole or RoleStartDate); an agency worker
    has one record. (An employee record and an agency record may share an SWE number: someone
    can move between the two in a year.)"""

    rule_id = "R08"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        for swe, group in _by_swe(csww.workers).items():
            seen: dict[tuple[str | None, str | None, date | None], WorkerRecord] = {}
            for worker in group:
                agency = is_agency(worker)
                post = (
                    (worker.agency_worker, None, None)
                    if agency
                    else (worker.agency_worker, worker.org_role, worker.role_start_date)
                )
                first = seen.setdefault(post, worker)
                if first is worker:
                    continue
                what = (
                    "another agency worker record: an agency worker is recorded once"
                    if agency
                    else "another record for the same post (same OrgRole and RoleStartDate)"
                )
                yield self.problem(
                    worker, "SWENo", f"SWE number {swe} is also on {what}, at line {first.line}."
                )


class SweNumberIsOnePerson(ReturnRule):
    """R09: Social worker (not agency) records with the same SWE number describe one person:
    the same PersonBirthDate, sex (GenderCurrent or Sex) and Ethnicity. (DfE counts people by
    these four fields.)"""

    rule_id = "R09"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        sex = csww.schema.worker_element("sex") or "Sex"
        employees = tuple(worker for worker in csww.workers if is_employee(worker))
        for swe, group in _by_swe(employees).items():
            first = group[0]
            for worker in group[1:]:
                differ = [
                    element
                    for element, ours, theirs in (
                        ("PersonBirthDate", worker.person_birth_date, first.person_birth_date),
                        (sex, worker.sex, first.sex),
                        ("Ethnicity", worker.ethnicity, first.ethnicity),
                    )
                    if ours != theirs
                ]
                if differ:
                    yield self.problem(
                        worker,
                        "SWENo",
                        f"SWE number {swe} is also on line {first.line} with a different "
                        f"{' and '.join(differ)}: one SWE number is one person.",
                    )


class HeaderYearMatchesReferenceDate(ReturnRule):
    """R14: The header's Year and ReferenceDate name the same reporting year."""

    rule_id = "R14"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        header = csww.header
        if header is None or header.year is None or header.reference_date is None:
            return
        if reporting_year_of(header.reference_date) != header.year:
            yield Problem(
                line=header.line,
                element="ReferenceDate",
                swe_no=None,
                rule_id=self.rule_id,
                severity=self.severity,
                message=(
                    f"The header's ReferenceDate {header.reference_date} is not in reporting "
                    f"year {header.year} (1 October {header.year - 1} to 30 September "
                    f"{header.year}) given by its Year."
                ),
            )


class AgencyCoverWithinAgencyFte(ReturnRule):
    """R15 (query): The agency FTE covering vacancies (NoAgencyFTE) is not more than the FTE of
    the agency worker records."""

    rule_id = "R15"
    severity = "query"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        la_level = csww.la_level
        if la_level is None or la_level.no_agency_fte is None:
            return
        agency_fte = sum(
            (w.fte for w in csww.workers if is_agency(w) and w.fte is not None), Decimal(0)
        )
        if la_level.no_agency_fte > agency_fte:
            yield Problem(
                line=la_level.lines.get("NoAgencyFTE", la_level.line),
                element="NoAgencyFTE",
                swe_no=None,
                rule_id=self.rule_id,
                severity=self.severity,
                message=(
                    f"Agency FTE covering vacancies ({la_level.no_agency_fte}) is more than the "
                    f"FTE of the agency worker records ({agency_fte})."
                ),
            )


WORKER_RULES: tuple[WorkerRule, ...] = (
    RoleEndNotBeforeStart(),
    StarterHasOrigin(),
    LeaverHasReasonAndDestination(),
    LeaverFieldsOnlyForLeavers(),
    CasesOnlyInPost(),
    FteWithinRange(),
    AgencyRecordsHaveNoLeaverFields(),
    CaseHolderHasCases(),
    StartNotAfterCensusDate(),
    EndNotBeforeReportingYear(),
    AbsenceReasonGoesWithAbsence(),
)
RETURN_RULES: tuple[ReturnRule, ...] = (
    SweNumberOncePerPost(),
    SweNumberIsOnePerson(),
    HeaderYearMatchesReferenceDate(),
    AgencyCoverWithinAgencyFte(),
)


def rule_problems(csww: CswwReturn) -> list[Problem]:
    """Every problem DfE's further rules find in ``csww``, in no particular order."""
    problems = [
        problem
        for worker in csww.workers
        for rule in WORKER_RULES
        for problem in rule.check(worker, csww.year)
    ]
    problems.extend(problem for rule in RETURN_RULES for problem in rule.check(csww))
    return problems
