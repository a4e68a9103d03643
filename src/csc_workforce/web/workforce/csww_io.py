"""The CSWW census return to and from the register (docs/csww.md).

``csww_export`` writes a year's return from the register and checks it with the same validator
as any uploaded file. ``csww_import`` loads a valid return into the register, all or nothing,
in bulk: every check is made in memory first, then every record is written in batches inside
one transaction, each batch audited as one event listing its records.

An export after an import gives the return back (the round trip is tested): each record is one
engagement (``StaffMember``, ADR 0009); the LA level is kept as returned (``CensusLALevel``,
and ``PayAndAllowances``); and what a record says that the register does not hold as such (FTE
at 30 September, days lost, absence on 30 September, repeated elements, graduate schemes…) is
kept as returned for that year (``CensusRecord``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q

from csc_workforce.core.codes import ORG_ROLE
from csc_workforce.core.csww import Report, validate_file
from csc_workforce.core.csww.parse import CswwReturn, WorkerRecord
from csc_workforce.core.csww.problems import Problem
from csc_workforce.core.csww.schemas import AGENCY, SCHEMAS
from csc_workforce.core.csww.write import fte_text, one_place, return_xml, two_places
from csc_workforce.core.demo import NORTHFIELD
from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.reference import LocalAuthorityDetails, local_authority
from csc_workforce.core.register import days_lost_by_person, figures
from csc_workforce.core.swe import normalise_swe_number
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, record, record_batch
from csc_workforce.web.frames import analyze, insert_rows
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    LocalRole,
    ServiceArea,
    StaffMember,
    Team,
)
from csc_workforce.web.organisation.selectors import load_register

from .models import CaseCount, CensusLALevel, CensusRecord, PayAndAllowances, SicknessEpisode
from .services import PERSON_FIELDS
from .signals import register_written_in_bulk

Progress = Callable[[str], None]
GENDER_CURRENT = {"M": "1", "F": "2"}  # 2021-2023: 0 not known, 1 male, 2 female, 9 not specified
SEX_OF_GENDER = {"1": "M", "2": "F"}
STEP_UP, FRONTLINE = "step_up", "frontline"
ABSENT, SICK = "1", "SIC"
PAY_FLAGS = {
    "RecruitmentBonus": "recruitment_bonus",
    "RetentionBonus": "retention_bonus",
    "PerformanceAward": "performance_award",
    "CarAllowance": "car_allowance",
    "RelocationPackage": "relocation_package",
    "RegionalWeighting": "regional_weighting",
    "CostSWE": "swe_fee_paid",
    "CostDBS": "dbs_fee_paid",
}
NO_OTHER_ALLOWANCES = "None"


# The export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """A year's return from the register: its text, the validator's report on it, and what the
    register lacks for it (each naming the staff record), which stops the return being valid."""

    year: int
    xml: str
    report: Report
    missing: list[str]

    @property
    def valid(self) -> bool:
        return self.report.valid and not self.missing


FILLED_FIELDS = tuple(
    f for f in PERSON_FIELDS if f not in ("given_name", "family_name", "work_email", "swe_number")
)
"""What a return fills in on a record the register already has, where the register has none."""
LEAVING_FIELDS = ("end_date", "reason_leave", "leaver_destination")
STAFF_FIELDS = (
    "pk",
    "swe_number",
    *FILLED_FIELDS,
    "employment_type",
    "start_date",
    *LEAVING_FIELDS,
)
"""What the export reads of each engagement."""
RETURNED_FIELDS = (
    "staff_id",
    "fte30",
    "cases30",
    "working_days_lost",
    "repeated",
    "step_up_grad",
    "frontline_grad",
    "gender_current",
    "other_payments",
)
"""What the export reads of the year's loaded return (``_as_returned``)."""
JOB_FIELDS = ("staff_id", "effective_from", "effective_to", "role_level", "fte", "employment_type")
Row = dict[str, Any]


def csww_export(*, year: int, progress: Progress = lambda step: None) -> Export:
    """The authority's return for reporting ``year`` from the register: every engagement of an
    employee in post at any time in the year (their job at 30 September or on leaving) and every
    agency engagement on 30 September (or in the year's loaded return); the LA level as the
    year's loaded return gave it, else from the establishment; pay flags from the year's pay and
    allowances (2025 on). Read as plain rows, not model objects, for speed and memory."""
    if year not in SCHEMAS:
        raise ValueError(f"No CSWW schema for {year}: years {', '.join(map(str, SCHEMAS))}")
    first, census = reporting_year_bounds(year)
    authority = organisation.authority()
    progress("Reading the register")
    returned: dict[int, Row] = {
        row["staff_id"]: row
        for row in CensusRecord.objects.filter(year=year).values(*RETURNED_FIELDS)
    }
    staff = list(
        StaffMember.objects.filter(start_date__lte=census)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by("pk")
        .values(*STAFF_FIELDS)
    )
    jobs: dict[int, list[Row]] = {}
    for job in (
        Assignment.objects.filter(effective_from__lte=census)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
        .order_by("effective_from")
        .values(*JOB_FIELDS, team_name=F("team__name"))
    ):
        jobs.setdefault(job["staff_id"], []).append(job)
    derived = _Derived(year, returned, staff)
    needs_institution = SCHEMAS[year].worker_element("qual_inst") is not None
    missing: list[str] = []
    workers = []
    for person in staff:
        agency = person["employment_type"] == StaffMember.Employment.AGENCY
        ended = person["end_date"] is not None and person["end_date"] <= census
        as_returned = returned.get(person["pk"])
        if agency and ended and as_returned is None:
            continue  # DfE collects agency workers on 30 September
        job = _job_on(jobs.get(person["pk"], []), min(census, person["end_date"] or census))
        if job is None:
            missing.append(f"Staff record {person['pk']}: no job recorded on {census:%-d %B %Y}")
            continue
        missing += _gaps(person, job, year, as_returned, needs_institution=needs_institution)
        worker = _worker(person, job, census=census)
        worker |= _as_returned(as_returned) if as_returned else derived.worker(person, job)
        workers.append(worker)
    la_level, flags_missing = _la_level(authority, year, derived)
    missing += flags_missing
    progress(f"Writing {len(workers)} worker records")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"csww_{year}.xml"
        with path.open("w", encoding="utf-8") as file:
            file.writelines(
                return_xml(year=year, lea=authority.old_la_code, la_level=la_level, workers=workers)
            )
        del staff, jobs, workers, returned, derived  # the validator holds the whole tree
        progress("Checking the return against the schema and DfE's rules")
        report = validate_file(path)
        xml = path.read_text(encoding="utf-8")
    return Export(year=year, xml=xml, report=report, missing=missing)


def _job_on(jobs: list[Row], day: dt.date) -> Row | None:
    """The job (of those in effective order) held on ``day``."""
    held = [
        job
        for job in jobs
        if job["effective_from"] <= day
        and (job["effective_to"] is None or job["effective_to"] >= day)
    ]
    return held[-1] if held else None


def _gaps(
    person: Row, job: Row, year: int, as_returned: Row | None, *, needs_institution: bool
) -> list[str]:
    """What the register lacks for this record to be in the year's return (``needs_institution``:
    the year collects the qualifying institution)."""
    gaps = []
    if not person["swe_number"]:
        gaps.append(
            f"Staff record {person['pk']} ({job['team_name']}): no Social Work England number"
        )
    if needs_institution and not (
        person["qualifying_institution"]
        or (as_returned is not None and as_returned["repeated"].get("QualInst"))
    ):
        gaps.append(
            f"Staff record {person['pk']} ({job['team_name']}): no qualifying institution "
            f"(required in {year})"
        )
    return gaps


Worker = dict[str, str | list[str]]


def _worker(person: Row, job: Row, *, census: dt.date) -> Worker:
    """The elements of a record that the register holds as such."""
    agency = job["employment_type"] == StaffMember.Employment.AGENCY
    worker: Worker = {
        "AgencyWorker": AGENCY if agency else "0",
        "SWENo": person["swe_number"],
        "FTE": fte_text(job["fte"]),
    }
    if person["date_of_birth"]:
        worker["PersonBirthDate"] = person["date_of_birth"].isoformat()
    if person["sex"]:
        worker["Sex"] = person["sex"]
    if person["ethnicity"]:
        worker["Ethnicity"] = person["ethnicity"]
    if person["qualification_level"]:
        worker["QualLevel"] = person["qualification_level"]
    worker["OrgRole"] = str(job["role_level"])
    worker["RoleStartDate"] = person["start_date"].isoformat()
    if person["start_origin"] and not agency:
        worker["StartOrigin"] = person["start_origin"]
    end = person["end_date"]
    if end and end <= census:
        worker["RoleEndDate"] = end.isoformat()
        if not agency:
            worker["LeaverDestination"] = person["leaver_destination"]
            worker["ReasonLeave"] = person["reason_leave"]
    if person["base_salary"] is not None:
        worker["BaseSalary"] = two_places(person["base_salary"])
    if person["rr_payments"] is not None:
        worker["RRPayments"] = two_places(person["rr_payments"])
    return worker


class _Derived:
    """The census's own elements of the records a loaded return does not give for the year,
    from the register (read only if some record needs it)."""

    def __init__(self, year: int, returned: dict[int, Row], staff: list[Row]) -> None:
        self.year = year
        self.first, self.census = reporting_year_bounds(year)
        self.needed = any(person["pk"] not in returned for person in staff)
        self._register: Any = None
        self.lost: dict[int, Decimal] = {}
        self.cases: dict[int, int] = {}
        self.absent: set[int] = set()
        if self.needed:
            self.lost = days_lost_by_person(self.register, self.first, self.census)
            self.cases = dict(
                CaseCount.objects.filter(on=self.census).values_list("staff_id", "cases")
            )
            self.absent = set(
                SicknessEpisode.objects.filter(
                    start_date__lte=self.census, end_date__gte=self.census
                ).values_list("staff_id", flat=True)
            )

    @property
    def register(self) -> Any:
        if self._register is None:
            self._register = load_register()
        return self._register

    def worker(self, person: Row, job: Row) -> Worker:
        """FTE and cases at 30 September and absence then (sickness covering the day) for those
        in post, days lost in the year for employees (leavers too), the graduate schemes from
        the route into social work."""
        agency = job["employment_type"] == StaffMember.Employment.AGENCY
        in_post = person["end_date"] is None or person["end_date"] > self.census
        route = person["qualification_route"]
        worker: Worker = {
            "StepUpGrad": "1" if route == STEP_UP else "0",
            "GenderCurrent": GENDER_CURRENT.get(person["sex"], "0"),
            "FrontlineGrad": "1" if route == FRONTLINE else "0",
        }
        if person["qualifying_institution"]:
            worker["QualInst"] = person["qualifying_institution"]
        if in_post:
            worker["FTE30"] = fte_text(job["fte"])
            worker["Cases30"] = str(self.cases.get(person["pk"], 0))
        if not agency:
            worker["WorkingDaysLost"] = two_places(self.lost.get(person["pk"], Decimal(0)))
        if agency and person["contract_weeks"] is not None:
            worker["ContractWeeks"] = [one_place(person["contract_weeks"])]
        if in_post and not agency:
            sick = person["pk"] in self.absent
            worker["Absat30Sept"] = [ABSENT if sick else "0"]
            if sick:
                worker["ReasonAbsence"] = [SICK]
        return worker


def _as_returned(returned: Row) -> Worker:
    """The census's own elements of a record as the year's loaded return gave them."""
    worker: Worker = {element: list(values) for element, values in returned["repeated"].items()}
    for element, name in (
        ("StepUpGrad", "step_up_grad"),
        ("FrontlineGrad", "frontline_grad"),
        ("GenderCurrent", "gender_current"),
    ):
        if returned[name]:
            worker[element] = returned[name]
    if returned["fte30"] is not None:
        worker["FTE30"] = fte_text(returned["fte30"])
    if returned["cases30"] is not None:
        worker["Cases30"] = str(returned["cases30"])
    if returned["working_days_lost"] is not None:
        worker["WorkingDaysLost"] = two_places(returned["working_days_lost"])
    if returned["other_payments"] is not None:
        worker["OtherPayments"] = two_places(returned["other_payments"])
    return worker


def _la_level(
    authority: LocalAuthority, year: int, derived: _Derived
) -> tuple[dict[str, str], list[str]]:
    """The LA-level elements: as the year's loaded return gave them, else from the
    establishment; and the pay flags (2025 on), or what is missing for them."""
    stored = CensusLALevel.objects.filter(authority=authority, year=year).first()
    if stored is not None:
        la_level = {
            "NumberOfVacancies": two_places(stored.number_of_vacancies),
            "NoAgencyFTE": two_places(stored.no_agency_fte),
            "NoAgencyHeadcount": str(stored.no_agency_headcount),
        }
    else:
        totals = figures(derived.register, first=derived.first, last=derived.census)
        la_level = {
            "NumberOfVacancies": two_places(totals.vacancy_fte),
            "NoAgencyFTE": two_places(totals.agency_cover_fte),
            "NoAgencyHeadcount": str(totals.agency_cover_headcount),
        }
    if not any(spec.element == "RecruitmentBonus" for spec in SCHEMAS[year].la_level_fields):
        return la_level, []
    flags = PayAndAllowances.objects.filter(authority=authority, year=year).first()
    if flags is None:
        return la_level, [f"No pay and allowance flags recorded for {year}"]
    la_level |= {element: getattr(flags, name) for element, name in PAY_FLAGS.items()}
    la_level["OtherAllowances"] = flags.other_allowances or NO_OTHER_ALLOWANCES
    return la_level, []


# The import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """The report on the return and, if it was loaded, the engagements it created and those
    the register had (filled in where it lacked something, their year's census details
    replaced)."""

    report: Report
    created: int = 0
    updated: int = 0

    @property
    def done(self) -> bool:
        return self.report.valid


IMPORT_TEAM = "Imported from the CSWW return"
IMPORT_AREA = "Imported"
BATCH = 2000
"""Records written, and audited, together."""
PERSON = ("date_of_birth", "sex", "ethnicity")
LIMITS = {
    "base_salary": Decimal("10") ** 7,
    "rr_payments": Decimal("10") ** 7,
    "contract_weeks": Decimal(1000),
    "working_days_lost": Decimal(10) ** 6,
    "other_payments": Decimal(10) ** 9,
}
"""The largest values the register's columns hold (exclusive)."""


@transaction.atomic
def csww_import(
    *, path: Path, by: User | None, year: int | None = None, progress: Progress = lambda s: None
) -> Imported:
    """Load a valid return into the register, all or nothing: nothing is written if the return
    has any error, or if a record breaks a rule of the register (added to the report as
    "REGISTER" errors naming the record's line).

    On a database with no authority yet, the authority is the one the header's LEA code names in
    DfE's list; a return of another authority's is refused. Each record becomes an engagement,
    or fills in and records the leaving of the one the register already has (same SWE number,
    agency or not, and start date; else the one such engagement of the person whose time
    overlaps it), never overwriting what HR recorded. The return has no teams, so new people join
    the team "Imported from the CSWW return" for HR to move.
    """
    progress("Checking the return against the schema and DfE's rules")
    report = validate_file(path, year=year)
    if not report.valid or report.csww is None:
        return Imported(report=report)
    csww = report.csww
    with acting_as(by, current_actor().source):
        authority, refused = _authority(csww)
        plan = _plan(csww) if authority is not None else None
        if plan is not None:
            refused += plan.problems
        if refused or plan is None or authority is None:
            transaction.set_rollback(True)
            problems = (*report.problems, *refused)
            return Imported(report=Report(report.file, report.year, problems, report.csww))
        progress(f"Loading {len(csww.workers)} worker records")
        _write(plan, csww, authority, progress)
        register_written_in_bulk.send(sender=StaffMember, since=_earliest_change(plan, csww.year))
        analyze(StaffMember, Assignment, CaseCount, CensusRecord)
    matched = len(plan.changed) + len(plan.kept)
    return Imported(report=report, created=len(plan.new), updated=matched)


def _earliest_change(plan: Plan, year: int) -> dt.date:
    """The first day whose jobs the plan's writes may change: new engagements' starts, the ends
    of jobs it closes, the dates it changes, and the reporting year's first day (its cases)."""
    first, _ = reporting_year_bounds(year)
    days = [first, *(staff.start_date for _, staff in plan.new)]
    days += [job.effective_to for job in plan.closed_jobs if job.effective_to is not None]
    for _, staff, before in plan.changed:
        days += [
            day
            for name in before
            for day in (before[name], getattr(staff, name))
            if isinstance(day, dt.date)
        ]
    return min(days)


def _problem(
    line: int | None, message: str, swe_no: str | None = None, element: str = "CSWWWorker"
) -> Problem:
    """A return's record the register cannot take (rule REGISTER)."""
    return Problem(line, element, "REGISTER", message, record=swe_no, where="line")


def _authority(csww: CswwReturn) -> tuple[LocalAuthority | None, list[Problem]]:
    """The register's authority, created from DfE's list on a database with none; a return of
    another authority (by its LEA code) is refused."""
    header = csww.header
    lea = next((s.lea for s in header.sources if s.lea), None) if header else None
    line = header.line if header else None
    try:
        held: LocalAuthority | None = organisation.authority()
    except organisation.NoAuthority:
        held = None
    if held is not None:
        if lea is not None and lea != held.old_la_code:
            return None, [
                _problem(
                    line,
                    f"This return is from LA {lea}; the register is {held.name}'s "
                    f"({held.old_la_code}).",
                    element="LEA",
                )
            ]
        return held, []
    details = _authority_details(lea)
    if details is None:
        unknown = (
            f"The register has no authority yet, and LA code {lea or '(none)'} is not a local "
            "authority in DfE's statistics: give the header's LEA the authority's 3-digit code."
        )
        return None, [_problem(line, unknown, element="LEA")]
    authority = LocalAuthority.objects.create(
        name=details.name,
        old_la_code=details.old_la_code,
        new_la_code=details.new_la_code,
        region_code=details.region_code,
        region_name=details.region_name,
    )
    return authority, []


def _authority_details(lea: str | None) -> LocalAuthorityDetails | None:
    """The authority with LA code ``lea`` in DfE's list, or the fictional demo's (999)."""
    if lea is None:
        return None
    if lea == NORTHFIELD.old_la_code:
        return NORTHFIELD
    try:
        return local_authority(lea)
    except KeyError:
        return None


@dataclass
class Plan:
    """Everything an import will write, worked out in memory: new engagements (with their
    record), changes to engagements the register has (with what they were), the problems."""

    new: list[tuple[WorkerRecord, StaffMember]] = field(default_factory=list)
    changed: list[tuple[WorkerRecord, StaffMember, dict[str, object]]] = field(default_factory=list)
    kept: list[tuple[WorkerRecord, StaffMember]] = field(default_factory=list)
    closed_jobs: list[Assignment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _plan(csww: CswwReturn) -> Plan:
    """Match each record to the register, and check in memory everything the database would
    (the register's columns and constraints, one person per SWE number)."""
    _, census = reporting_year_bounds(csww.year)
    plan = Plan()
    held: dict[str, list[StaffMember]] = {}
    for staff in StaffMember.objects.exclude(swe_number="").order_by("pk"):
        held.setdefault(staff.swe_number, []).append(staff)
    jobs = {
        job.staff_id: job
        for job in Assignment.objects.filter(effective_to__isnull=True).order_by("effective_from")
    }
    matched: set[int] = set()
    posts = {(s.swe_number, s.start_date, s.role_level) for group in held.values() for s in group}
    for worker in csww.workers:
        swe = normalise_swe_number(worker.swe_no or "")
        problems = _holdable(worker)
        if problems:
            plan.problems += [_problem(worker.line, message, worker.swe_no) for message in problems]
            continue
        values = _register_values(worker)
        existing = _match(worker, values, held.get(swe, []), matched, census)
        if existing is None:
            staff = StaffMember(**values)
            for name in PERSON:  # a new post of someone the register has: their details
                known = [getattr(other, name) for other in held.get(swe, [])]
                if not getattr(staff, name) and any(known):
                    setattr(staff, name, next(value for value in known if value))
            plan.new.append((worker, staff))
            held.setdefault(swe, []).append(staff)
            key = (swe, staff.start_date, staff.role_level)
            if key in posts:
                plan.problems.append(
                    _problem(
                        worker.line,
                        f"The register already has this person in role {staff.role_level} from "
                        f"{staff.start_date}: one record per post.",
                        worker.swe_no,
                    )
                )
            posts.add(key)
            continue
        matched.add(id(existing))
        before = _fill(existing, values, census, jobs.get(existing.pk), plan, worker)
        if before:
            plan.changed.append((worker, existing, before))
        else:
            plan.kept.append((worker, existing))
    plan.problems += _one_person_per_number(held, csww)
    return plan


def _holdable(worker: WorkerRecord) -> list[str]:
    """What the register needs of a record that the return may leave out, and the sizes its
    columns hold."""
    problems = []
    if worker.fte is None or worker.fte <= 0:
        got = "no FTE" if worker.fte is None else "an FTE of 0"
        problems.append(
            f"The record has {got}: the register holds an FTE above 0 for every post (DfE leaves "
            "records without one out of its FTE figures). Give the post's FTE and import again."
        )
    if worker.org_role is None:
        problems.append("The record has no OrgRole: the register needs the role.")
    if worker.role_start_date is None:
        problems.append("The record has no RoleStartDate: the register needs the start date.")
    for name, value in (
        ("base_salary", worker.base_salary),
        ("rr_payments", worker.rr_payments),
        ("working_days_lost", worker.working_days_lost),
        ("other_payments", worker.other_payments),
        *(("contract_weeks", weeks) for weeks in worker.contract_weeks),
    ):
        if value is not None and abs(value) >= LIMITS[name]:
            problems.append(f"{name} {value} is larger than the register holds.")
    if any(len(institution) > 150 for institution in worker.qual_inst):
        problems.append("A QualInst is longer than the register's 150 characters.")
    return problems


def _register_values(worker: WorkerRecord) -> dict[str, Any]:
    """The register's fields of a new engagement from a record (``_holdable`` first)."""
    agency = worker.agency_worker == AGENCY
    role = int(worker.org_role or 0)
    swe = normalise_swe_number(worker.swe_no or "")
    route = (
        STEP_UP if worker.step_up_grad == "1" else FRONTLINE if worker.frontline_grad == "1" else ""
    )
    return {
        "given_name": "Imported",
        "family_name": swe,
        "swe_number": swe,
        "date_of_birth": worker.person_birth_date,
        "sex": SEX_OF_GENDER.get(worker.sex or "", worker.sex if worker.sex in ("M", "F") else ""),
        "ethnicity": worker.ethnicity or "",
        "qualification_level": worker.qual_level or "",
        "qualifying_institution": worker.qual_inst[0] if worker.qual_inst else "",
        "qualification_route": route,
        "job_title": ORG_ROLE[role],
        "role_level": role,
        "local_role": LocalRole.SOCIAL_WORKER,
        "employment_type": StaffMember.Employment.AGENCY
        if agency
        else StaffMember.Employment.PERMANENT,
        "fte": worker.fte,
        "contract_weeks": worker.contract_weeks[0] if agency and worker.contract_weeks else None,
        "base_salary": worker.base_salary,
        "rr_payments": worker.rr_payments,
        "start_date": worker.role_start_date,
        "start_origin": "" if agency else (worker.start_origin or ""),
        "end_date": worker.role_end_date,
        "reason_leave": "" if agency else (worker.reason_leave or ""),
        "leaver_destination": "" if agency else (worker.leaver_destination or ""),
    }


def _match(
    worker: WorkerRecord,
    values: dict[str, Any],
    engagements: list[StaffMember],
    matched: set[int],
    census: dt.date,
) -> StaffMember | None:
    """The engagement the register has for this record: the person's of the same kind (agency
    or not) that starts the same day (the same role first), else the one such engagement whose
    time overlaps the record's."""
    kind = [
        staff
        for staff in engagements
        if staff.pk is not None
        and id(staff) not in matched
        and (staff.employment_type == StaffMember.Employment.AGENCY)
        == (values["employment_type"] == StaffMember.Employment.AGENCY)
    ]
    same_day = [s for s in kind if s.start_date == values["start_date"]]
    if same_day:
        return next((s for s in same_day if s.role_level == values["role_level"]), same_day[0])
    end = values["end_date"] or census
    overlapping = [
        s for s in kind if s.start_date <= end and (s.end_date or census) >= values["start_date"]
    ]
    return overlapping[0] if len(overlapping) == 1 else None


def _fill(
    staff: StaffMember,
    values: dict[str, Any],
    census: dt.date,
    job: Assignment | None,
    plan: Plan,
    worker: WorkerRecord,
) -> dict[str, object]:
    """Fill in what the register lacks and record a leaving it has not (closing the job);
    return the changed fields' values before."""
    before: dict[str, object] = {}
    for name in FILLED_FIELDS:
        value = values[name]
        if value not in (None, "") and getattr(staff, name) in (None, ""):
            before[name] = getattr(staff, name)
            setattr(staff, name, value)
    end = values["end_date"]
    if end is not None and staff.end_date is None and end <= census:
        if job is not None and end < job.effective_from:
            plan.problems.append(
                _problem(
                    worker.line,
                    f"RoleEndDate {end} is before the job the register holds from "
                    f"{job.effective_from}",
                    worker.swe_no,
                )
            )
            return before
        for name in LEAVING_FIELDS:
            before[name] = getattr(staff, name)
            setattr(staff, name, values[name])
        if job is not None:
            job.effective_to = end
            plan.closed_jobs.append(job)
    return before


def _one_person_per_number(held: dict[str, list[StaffMember]], csww: CswwReturn) -> list[Problem]:
    """CSWW R09 across the register and the return, agency records included: one SWE number
    is one person (one date of birth, sex and ethnicity, where given)."""
    problems = []
    for swe, engagements in held.items():
        for name in PERSON:
            values = {getattr(s, name) for s in engagements if getattr(s, name)}
            if len(values) > 1:
                problems.append(
                    _problem(
                        None,
                        f"SWE number {swe} has more than one {name.replace('_', ' ')} between "
                        "the return and the register: one SWE number is one person.",
                        swe,
                    )
                )
    return problems


def _write(plan: Plan, csww: CswwReturn, authority: LocalAuthority, progress: Progress) -> None:
    """Write the plan in batches, each batch audited as one event listing its records."""
    year = csww.year
    _, census = reporting_year_bounds(year)
    area, _ = ServiceArea.objects.get_or_create(authority=authority, name=IMPORT_AREA)
    team, _ = Team.objects.get_or_create(
        service_area=area, name=IMPORT_TEAM, defaults={"team_type": Team.TeamType.OTHER}
    )
    for number, batch in enumerate(_batches(plan.new), start=1):
        progress(f"Writing new records: batch {number}")
        staff = [member for _, member in batch]
        for member in staff:
            member.team = team
        StaffMember.objects.bulk_create(staff)
        insert_rows(
            Assignment,
            [
                {
                    "staff": member.pk,
                    "effective_from": member.start_date,
                    "effective_to": member.end_date,
                    "team": team.pk,
                    "role_level": member.role_level,
                    "local_role": member.local_role,
                    "job_title": member.job_title,
                    "fte": member.fte,
                    "employment_type": member.employment_type,
                }
                for member in staff
            ],
        )
        _audit_new(staff, year)
    for number, changes in enumerate(_batches(plan.changed), start=1):
        progress(f"Updating records the register had: batch {number}")
        fields = sorted({name for _, _, before in changes for name in before})
        StaffMember.objects.bulk_update([staff for _, staff, _ in changes], fields)
        _audit_changed(changes, year)
    Assignment.objects.bulk_update(plan.closed_jobs, ["effective_to"], batch_size=BATCH)
    everyone = [*plan.new, *((worker, staff) for worker, staff, _ in plan.changed), *plan.kept]
    progress("Writing cases, and what the return says of each record this year")
    matched = [staff.pk for _, staff, _ in plan.changed] + [staff.pk for _, staff in plan.kept]
    for chunk in _chunks(matched, 900):  # the year's cases and census details are the return's
        CaseCount.objects.filter(staff_id__in=chunk, on=census).delete()
        CensusRecord.objects.filter(staff_id__in=chunk, year=year).delete()
    insert_rows(
        CaseCount,
        [
            {"staff": staff.pk, "on": census, "cases": worker.cases30}
            for worker, staff in everyone
            if worker.cases30 is not None
        ],
    )
    insert_rows(CensusRecord, [_census_record(worker, staff, year) for worker, staff in everyone])
    _la_level_as_returned(csww, authority)
    record(
        action=AuditEvent.Action.ACTION,
        model=StaffMember._meta.label,
        object_repr=f"CSWW {year} return",
        message=f"Imported the CSWW {year} return: {len(plan.new)} new, "
        f"{len(plan.changed)} updated, {len(everyone)} records",
    )


def _batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


AUDITED = (
    "swe_number",
    "employment_type",
    "role_level",
    "fte",
    "start_date",
    "end_date",
    "start_origin",
    "reason_leave",
    "leaver_destination",
    "date_of_birth",
    "sex",
    "ethnicity",
)


def _audit_new(staff: Sequence[StaffMember], year: int) -> None:
    """One event for a batch of new records, listing each (its id and what it holds)."""
    record_batch(
        action=AuditEvent.Action.CREATE,
        model=StaffMember._meta.label,
        records={s.pk: (None, {name: getattr(s, name) for name in AUDITED}) for s in staff},
        object_repr=f"{len(staff)} records from the CSWW {year} return",
        message=f"Created {len(staff)} staff records from the CSWW {year} return",
    )


def _audit_changed(
    changes: Sequence[tuple[WorkerRecord, StaffMember, dict[str, object]]], year: int
) -> None:
    """One event for a batch of records the return changed, each with its before and after."""
    record_batch(
        action=AuditEvent.Action.UPDATE,
        model=StaffMember._meta.label,
        records={
            staff.pk: (before, {name: getattr(staff, name) for name in before})
            for _, staff, before in changes
        },
        object_repr=f"{len(changes)} records from the CSWW {year} return",
        message=f"Updated {len(changes)} staff records from the CSWW {year} return",
    )


def _census_record(worker: WorkerRecord, staff: StaffMember, year: int) -> dict[str, object]:
    """A ``CensusRecord`` row: the record's census elements as returned."""
    sex_element = SCHEMAS[year].worker_element("sex")
    return {
        "staff": staff.pk,
        "year": year,
        "fte30": worker.fte30,
        "cases30": worker.cases30,
        "working_days_lost": worker.working_days_lost,
        "repeated": {
            element: values
            for element, values in (
                ("QualInst", list(worker.qual_inst)),
                ("ContractWeeks", [one_place(weeks) for weeks in worker.contract_weeks]),
                ("Absat30Sept", list(worker.absat30sept)),
                ("ReasonAbsence", list(worker.reason_absence)),
                ("CFKSSstatus", list(worker.cfkss_status)),
            )
            if values
        },
        "step_up_grad": worker.step_up_grad or "",
        "frontline_grad": worker.frontline_grad or "",
        "gender_current": (worker.sex or "") if sex_element == "GenderCurrent" else "",
        "other_payments": worker.other_payments,
    }


def _la_level_as_returned(csww: CswwReturn, authority: LocalAuthority) -> None:
    """The year's LA level as returned; the pay flags too, unless HR has recorded them."""
    la_level = csww.la_level
    if la_level is None:
        return
    CensusLALevel.objects.update_or_create(
        authority=authority,
        year=csww.year,
        defaults={
            "number_of_vacancies": la_level.number_of_vacancies or Decimal(0),
            "no_agency_fte": la_level.no_agency_fte or Decimal(0),
            "no_agency_headcount": la_level.no_agency_headcount or 0,
        },
    )
    if la_level.recruitment_bonus is None:
        return
    flags = {name: getattr(la_level, _la_field(element)) for element, name in PAY_FLAGS.items()}
    PayAndAllowances.objects.get_or_create(
        authority=authority,
        year=csww.year,
        defaults=flags | {"other_allowances": la_level.other_allowances or ""},
    )


def _la_field(element: str) -> str:
    """``parse.LALevel``'s field for an LA-level element."""
    return next(s.field for s in SCHEMAS[max(SCHEMAS)].la_level_fields if s.element == element)
