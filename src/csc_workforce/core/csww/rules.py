"""DfE's further rules for the CSWW return: what the XSD cannot express.

Each rule is a class named after what it requires, with its ``rule_id`` and its text as the
docstring. ``WorkerRule``s look at one ``CSWWWorker`` at a time, ``ReturnRule``s at the whole
return. ``docs/csww.md`` lists them. Rules the register must keep too (origins, leaving details,
ages, pay) call the one definition in ``core.record_rules``, so nothing the register accepts
fails here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import ClassVar

from ..indicators import reporting_year_bounds
from ..record_rules import (
    ADULT_AGE,
    agency_field_given,
    born_after,
    lacks_leaving_detail,
    lacks_start_origin,
    leaving_detail_without_end,
    payment_allowed,
    salary_allowed,
    under_age_at_start,
)
from ..swe import is_valid_swe_number, normalise_swe_number
from .definitions import ends_in_year, in_post, is_agency, is_employee, starts_in_year
from .parse import CswwReturn, LALevel, WorkerRecord, reporting_year_of
from .problems import Problem, Severity
from .schemas import ABSENT, CASE_HOLDER


class Rule(ABC):
    rule_id: ClassVar[str]
    severity: ClassVar[Severity] = "error"

    def problem(self, worker: WorkerRecord, element: str, message: str) -> Problem:
        """A problem with ``element`` of ``worker`` (at the worker's line if it is missing)."""
        return Problem(
            row=worker.line_of(element),
            field=element,
            record=worker.swe_no,
            rule=self.rule_id,
            severity=self.severity,
            where="line",
            message=message,
        )


class WorkerRule(Rule):
    relevant: ClassVar[str] = "every record"
    """The records the rule can find a problem in (a key of ``RELEVANT``); it checks only
    those."""

    @abstractmethod
    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]: ...


class ReturnRule(Rule):
    @abstractmethod
    def check(self, csww: CswwReturn) -> Iterator[Problem]: ...

    def la_problem(self, la_level: LALevel, element: str, message: str) -> Problem:
        """A problem with ``element`` of the LA-level block (at the block's line if missing)."""
        return Problem(
            row=la_level.lines.get(element, la_level.line),
            field=element,
            rule=self.rule_id,
            severity=self.severity,
            where="line",
            message=message,
        )


class RoleEndNotBeforeStart(WorkerRule):
    """R01: A role's end date (RoleEndDate) is not before its start date (RoleStartDate)."""

    rule_id = "R01"
    relevant = "with an end date"

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
    relevant = "with a start date"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if lacks_start_origin(
            employee=is_employee(worker),
            starter=starts_in_year(worker, year),
            start_origin=worker.start_origin,
        ):
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
    relevant = "with an end date"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        employee, left = is_employee(worker), ends_in_year(worker, year)
        if lacks_leaving_detail(employee=employee, left=left, value=worker.reason_leave):
            yield self.problem(
                worker,
                "ReasonLeave",
                f"Left on {worker.role_end_date}, in the reporting year, but has no ReasonLeave.",
            )
        if lacks_leaving_detail(employee=employee, left=left, value=worker.leaver_destination):
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
    relevant = "with leaving details"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        for element, value in (
            ("ReasonLeave", worker.reason_leave),
            ("LeaverDestination", worker.leaver_destination),
        ):
            if leaving_detail_without_end(
                employee=is_employee(worker), end_date=worker.role_end_date, value=value
            ):
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
    relevant = "holding cases"

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
    relevant = "with leaving details"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if not is_agency(worker):
            return
        for element, value in (
            ("ReasonLeave", worker.reason_leave),
            ("LeaverDestination", worker.leaver_destination),
        ):
            if agency_field_given(employee=False, value=value):
                yield self.problem(
                    worker, element, f"An agency worker record has a {element}: remove it."
                )


class CaseHolderHasCases(WorkerRule):
    """R10 (query): A case holder (OrgRole 5) in post at 30 September holds at least one case
    at 30 September (Cases30 above 0)."""

    rule_id = "R10"
    relevant = "of case holders"
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
    relevant = "with a start date"

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
    relevant = "with an end date"

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
    relevant = "with absence details"

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
                row=header.line,
                field="ReferenceDate",
                rule=self.rule_id,
                severity=self.severity,
                where="line",
                message=(
                    f"The header's ReferenceDate {header.reference_date} is not in reporting "
                    f"year {header.year} (1 October {header.year - 1} to 30 September "
                    f"{header.year}) given by its Year."
                ),
            )


class AgencyCoverWithinAgencyFte(ReturnRule):
    """R15: The agency workers covering vacancies are some of the agency workers, covering some
    of the vacancies: NoAgencyFTE is not more than the FTE of the agency worker records nor more
    than NumberOfVacancies, and NoAgencyHeadcount is not more than the agency records. (Otherwise
    DfE's agency cover rates come out over 100%, which DfE publishes as 'u', low reliability.)"""

    rule_id = "R15"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        la_level = csww.la_level
        if la_level is None:
            return
        agency = [w for w in csww.workers if is_agency(w)]
        agency_fte = sum((w.fte for w in agency if w.fte is not None), Decimal(0))
        cover, vacancies = la_level.no_agency_fte, la_level.number_of_vacancies
        found: list[tuple[str, str]] = []
        if cover is not None and cover > agency_fte:
            found.append(
                (
                    "NoAgencyFTE",
                    f"Agency FTE covering vacancies ({cover}) is more than the FTE of the agency "
                    f"worker records ({agency_fte}): the agency cover rate would be over 100%.",
                )
            )
        if cover is not None and vacancies is not None and cover > vacancies:
            found.append(
                (
                    "NoAgencyFTE",
                    f"Agency FTE covering vacancies ({cover}) is more than the vacancies "
                    f"({vacancies}): the vacancy agency cover rate would be over 100%.",
                )
            )
        headcount = la_level.no_agency_headcount
        if headcount is not None and headcount > len(agency):
            found.append(
                (
                    "NoAgencyHeadcount",
                    f"{headcount} agency workers covering vacancies, but the return has "
                    f"{len(agency)} agency worker records.",
                )
            )
        for element, message in found:
            yield self.la_problem(la_level, element, message)


class RoleEndNotAfterCensusDate(WorkerRule):
    """R16: A role ends (RoleEndDate) on or before 30 September of the reporting year: a later
    date would count the person as in post at 30 September although they had not left, and they
    belong in next year's return as a leaver."""

    rule_id = "R16"
    relevant = "with an end date"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        _, census = reporting_year_bounds(year)
        end = worker.role_end_date
        if end is not None and end > census:
            yield self.problem(
                worker,
                "RoleEndDate",
                f"The role ends on {end}, after 30 September {year}: record the leaving in next "
                "year's return and leave RoleEndDate out of this one.",
            )


class BirthDateNotAfterCensusDate(WorkerRule):
    """R17: A date of birth (PersonBirthDate) is not after 30 September of the reporting year,
    the census date: nobody in the return can be born after it."""

    rule_id = "R17"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        _, census = reporting_year_bounds(year)
        if born_after(born=worker.person_birth_date, day=census):
            yield self.problem(
                worker,
                "PersonBirthDate",
                f"Born on {worker.person_birth_date}, after the census date 30 September {year}.",
            )


class AdultAtRoleStart(WorkerRule):
    """R18: A social worker is at least 18 on the day the role starts (RoleStartDate, or the
    census date when no start is given)."""

    rule_id = "R18"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        born = worker.person_birth_date
        start = worker.role_start_date or reporting_year_bounds(year)[1]
        if born_after(born=born, day=reporting_year_bounds(year)[1]):
            return  # R17's problem
        if under_age_at_start(born=born, start=start):
            yield self.problem(
                worker,
                "PersonBirthDate",
                f"Born on {born}, so under {ADULT_AGE} when the role starts on {start}: check "
                "PersonBirthDate and RoleStartDate.",
            )


class CasesHeldNeedFte(WorkerRule):
    """R19: Someone holding cases at 30 September (Cases30 above 0) has an FTE above 0: DfE's
    caseload counts the cases of case holders with an FTE, so the cases of a record with an FTE
    of 0, or none, would vanish from it."""

    rule_id = "R19"
    relevant = "holding cases"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        if worker.cases30 is None or worker.cases30 <= 0:
            return
        if worker.fte is None or worker.fte <= 0:
            yield self.problem(
                worker,
                "FTE",
                f"Holds {worker.cases30} cases at 30 September but has "
                f"{'no FTE' if worker.fte is None else 'an FTE of 0'}: give the FTE of the post.",
            )


class SweNumberDigitsAreAscii(WorkerRule):
    """R20: An SWE number is two letters then 1 to 10 of the digits 0 to 9. (The schema's
    pattern uses ``\\d``, which in XSD also matches other scripts' digits, such as '١٢٣'.)"""

    rule_id = "R20"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        number = (worker.swe_no or "").strip()
        if not is_valid_swe_number(number) and _swe_shape(number):
            yield self.problem(
                worker,
                "SWENo",
                f"SWENo '{number}' has digits other than 0 to 9: write the number as Social Work "
                "England issues it, such as AB1234.",
            )


def _swe_shape(number: str) -> bool:
    """Two letters then 1 to 10 digits, some of another script: what the schema's pattern lets
    through (its other failures are the schema's to report)."""
    letters, digits = number[:2], number[2:]
    shaped = letters.isascii() and letters.isalpha() and digits.isdigit() and len(digits) <= 10
    return shaped and not digits.isascii()


class WorkerNumbersNotNegative(WorkerRule):
    """R21: Cases (Cases30), working days lost (WorkingDaysLost), contract weeks
    (ContractWeeks) and payments (RRPayments, OtherPayments) are 0 or more. (The schema's number
    types allow a minus sign.)"""

    rule_id = "R21"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        values: list[tuple[str, Decimal | int | None]] = [
            ("Cases30", worker.cases30),
            ("WorkingDaysLost", worker.working_days_lost),
            *(("ContractWeeks", weeks) for weeks in worker.contract_weeks),
            ("RRPayments", worker.rr_payments),
            ("OtherPayments", worker.other_payments),
        ]
        for element, value in values:
            if value is not None and not payment_allowed(Decimal(value)):
                yield self.problem(worker, element, f"{element} {value} is below 0.")


class BaseSalaryAboveZero(WorkerRule):
    """R22: A base salary (BaseSalary), when given, is more than £0 a year."""

    rule_id = "R22"

    def check(self, worker: WorkerRecord, year: int) -> Iterator[Problem]:
        salary = worker.base_salary
        if salary is not None and not salary_allowed(salary):
            yield self.problem(worker, "BaseSalary", f"BaseSalary {salary} is not more than £0.")


class LALevelNotNegative(ReturnRule):
    """R23: The LA level's vacancies (NumberOfVacancies) and agency cover (NoAgencyFTE,
    NoAgencyHeadcount) are 0 or more."""

    rule_id = "R23"

    def check(self, csww: CswwReturn) -> Iterator[Problem]:
        la_level = csww.la_level
        if la_level is None:
            return
        for element, value in (
            ("NumberOfVacancies", la_level.number_of_vacancies),
            ("NoAgencyFTE", la_level.no_agency_fte),
            ("NoAgencyHeadcount", la_level.no_agency_headcount),
        ):
            if value is not None and value < 0:
                yield self.la_problem(la_level, element, f"{element} {value} is below 0.")


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
    RoleEndNotAfterCensusDate(),
    BirthDateNotAfterCensusDate(),
    AdultAtRoleStart(),
    CasesHeldNeedFte(),
    SweNumberDigitsAreAscii(),
    WorkerNumbersNotNegative(),
    BaseSalaryAboveZero(),
)
RETURN_RULES: tuple[ReturnRule, ...] = (
    SweNumberOncePerPost(),
    SweNumberIsOnePerson(),
    HeaderYearMatchesReferenceDate(),
    AgencyCoverWithinAgencyFte(),
    LALevelNotNegative(),
)


RELEVANT: Mapping[str, Callable[[WorkerRecord], bool] | None] = {
    "every record": None,
    "with a start date": lambda worker: worker.role_start_date is not None,
    "with an end date": lambda worker: worker.role_end_date is not None,
    "with leaving details": lambda worker: bool(worker.reason_leave or worker.leaver_destination),
    "holding cases": lambda worker: worker.cases30 is not None and worker.cases30 > 0,
    "of case holders": lambda worker: worker.org_role == CASE_HOLDER,
    "with absence details": lambda worker: bool(worker.absat30sept or worker.reason_absence),
}
"""The records some rules need: each rule can find a problem only in these (its ``relevant``),
so in a large return it looks at no others."""


def rule_problems(csww: CswwReturn) -> list[Problem]:
    """Every problem DfE's further rules find in ``csww``, in no particular order."""
    records: dict[str, tuple[WorkerRecord, ...] | list[WorkerRecord]] = {}
    for name, relevant in RELEVANT.items():
        if relevant is None:
            records[name] = csww.workers
        elif any(rule.relevant == name for rule in WORKER_RULES):
            records[name] = [worker for worker in csww.workers if relevant(worker)]
    year = csww.year
    problems = [
        problem
        for rule in WORKER_RULES
        for worker in records[rule.relevant]
        for problem in rule.check(worker, year)
    ]
    problems.extend(problem for rule in RETURN_RULES for problem in rule.check(csww))
    return problems
