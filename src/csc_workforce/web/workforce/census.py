"""The CSWW census return to and from the register (docs/csww.md).

``csww_export`` writes a year's return from the register and checks it with the same validator
as any uploaded file; ``csww_import`` loads a valid return into the register, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from csc_workforce.core.codes import ORG_ROLE
from csc_workforce.core.csww import Report, summary, validate_file
from csc_workforce.core.csww.parse import WorkerRecord
from csc_workforce.core.csww.problems import Problem
from csc_workforce.core.csww.schemas import AGENCY, SCHEMAS
from csc_workforce.core.csww.write import fte_text, one_place, return_xml, two_places
from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.register import days_lost_by_person, figures
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, record, suppressed
from csc_workforce.web.tasks.services import problems_kept, task_run, task_start, tasks_tidy

from .indicators import load_register
from .models import (
    Assignment,
    CaseCount,
    CensusJob,
    LocalAuthority,
    PayAndAllowances,
    ServiceArea,
    SicknessEpisode,
    StaffMember,
    Team,
)

SUMMARY_LABELS = {
    "year": "Reporting year",
    "valid": "Valid",
    "error_count": "Errors",
    "inpost_headcount": "Social workers in post (headcount)",
    "inpost_fte": "Social workers in post (FTE)",
    "starters_headcount": "Starters (headcount)",
    "starters_fte": "Starters (FTE)",
    "leavers_headcount": "Leavers (headcount)",
    "leavers_fte": "Leavers (FTE)",
    "agency_headcount": "Agency workers (headcount)",
    "agency_fte": "Agency workers (FTE)",
    "agency_cover_fte": "Agency workers covering vacancies (FTE)",
    "vacancy_fte": "Vacancies (FTE)",
    "case_holders_fte": "Case holders (FTE)",
    "cases": "Cases held on 30 September",
    "caseload_fte": "Average caseload",
    "working_days_lost_fte": "Working days lost to sickness",
    "turnover_rate_fte": "Turnover rate (%)",
    "agency_rate_fte": "Agency worker rate (%)",
    "agency_cover_rate_fte": "Agency workers covering vacancies (%)",
    "vacancy_rate_fte": "Vacancy rate (%)",
    "vacancy_agency_cover_rate_fte": "Vacancies covered by agency workers (%)",
    "absence_rate_fte": "Sickness absence rate (%)",
}
"""Plain names for the figures of ``cscw csww summary``, in its order."""
Progress = Callable[[str], None]
GENDER_CURRENT = {"M": "1", "F": "2"}  # 2021-2023: 0 not known, 1 male, 2 female
STEP_UP, FRONTLINE = "step_up", "frontline"


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


def csww_export(*, year: int, progress: Progress = lambda step: None) -> Export:
    """The authority's return for reporting ``year`` from the register: every employee in post
    at any time in the year (one record each, their job at 30 September or on leaving) and every
    agency worker in post on 30 September; vacancies and agency cover from the establishment;
    pay flags from the year's pay and allowances (2025 on)."""
    if year not in SCHEMAS:
        raise ValueError(f"No CSWW schema for {year}: years {', '.join(map(str, SCHEMAS))}")
    schema = SCHEMAS[year]
    first, census = reporting_year_bounds(year)
    authority = LocalAuthority.objects.get()
    progress("Reading the register")
    register = load_register()
    totals = figures(register, first=first, last=census)
    lost = days_lost_by_person(register, first, census)
    cases = dict(CaseCount.objects.filter(on=census).values_list("staff_id", "cases"))
    absent = set(
        SicknessEpisode.objects.filter(start_date__lte=census, end_date__gte=census).values_list(
            "staff_id", flat=True
        )
    )
    staff = (
        StaffMember.objects.filter(start_date__lte=census)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .exclude(Q(employment_type=StaffMember.Employment.AGENCY) & Q(end_date__lte=census))
        .prefetch_related("assignments")
        .order_by("pk")
    )
    missing: list[str] = []
    workers = []
    for person in staff:
        job = _job_on(person, min(census, person.end_date or census))
        if job is None:
            missing.append(f"Staff record {person.pk}: no job recorded on {census:%-d %B %Y}")
            continue
        if not person.swe_number:
            missing.append(f"Staff record {person.pk} ({job.team}): no Social Work England number")
        if schema.worker_element("qual_inst") and not person.qualifying_institution:
            missing.append(
                f"Staff record {person.pk} ({job.team}): no qualifying institution "
                f"(required in {year})"
            )
        workers.append(_worker(person, job, year, census, lost, cases, absent))
    la_level = {
        "NumberOfVacancies": two_places(totals.vacancy_fte),
        "NoAgencyFTE": two_places(totals.agency_cover_fte),
        "NoAgencyHeadcount": str(totals.agency_cover_headcount),
    }
    if any(spec.element == "RecruitmentBonus" for spec in schema.la_level_fields):
        flags = PayAndAllowances.objects.filter(authority=authority, year=year).first()
        if flags is None:
            missing.append(f"No pay and allowance flags recorded for {year}")
        else:
            la_level |= _pay_flags(flags)
    progress(f"Writing {len(workers)} worker records")
    xml = "".join(
        return_xml(year=year, lea=authority.old_la_code, la_level=la_level, workers=workers)
    )
    progress("Checking the return against the schema and DfE's rules")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"csww_{year}.xml"
        path.write_text(xml, encoding="utf-8")
        report = validate_file(path)
    return Export(year=year, xml=xml, report=report, missing=missing)


def _job_on(person: StaffMember, day: dt.date) -> Assignment | None:
    jobs = [
        job
        for job in person.assignments.all()
        if job.effective_from <= day and (job.effective_to is None or job.effective_to >= day)
    ]
    return jobs[-1] if jobs else None


def _worker(
    person: StaffMember,
    job: Assignment,
    year: int,
    census: dt.date,
    lost: dict[int, Decimal],
    cases: dict[int, int],
    absent: set[int],
) -> dict[str, str | list[str]]:
    agency = job.employment_type == StaffMember.Employment.AGENCY
    in_post = person.end_date is None or person.end_date > census
    worker: dict[str, str | list[str]] = {
        "AgencyWorker": "1" if agency else "0",
        "SWENo": person.swe_number,
        "FTE": fte_text(job.fte),
    }
    if person.date_of_birth:
        worker["PersonBirthDate"] = person.date_of_birth.isoformat()
    if person.sex:
        worker["Sex"] = person.sex
        worker["GenderCurrent"] = GENDER_CURRENT[person.sex]
    elif year <= 2023:
        worker["GenderCurrent"] = "0"
    if person.ethnicity:
        worker["Ethnicity"] = person.ethnicity
    if person.qualifying_institution:
        worker["QualInst"] = person.qualifying_institution
    if person.qualification_level:
        worker["QualLevel"] = person.qualification_level
    worker["StepUpGrad"] = "1" if person.qualification_route == STEP_UP else "0"
    worker["OrgRole"] = str(job.role_level)
    worker["RoleStartDate"] = person.start_date.isoformat()
    if person.start_origin and not agency:
        worker["StartOrigin"] = person.start_origin
    if person.end_date and person.end_date <= census:
        worker["RoleEndDate"] = person.end_date.isoformat()
        if not agency:
            worker["LeaverDestination"] = person.leaver_destination
            worker["ReasonLeave"] = person.reason_leave
    if in_post:
        worker["FTE30"] = fte_text(job.fte)
        worker["Cases30"] = str(cases.get(person.pk, 0))
    if not agency:
        worker["WorkingDaysLost"] = two_places(lost.get(person.pk, Decimal(0)))
    if agency and person.contract_weeks is not None:
        worker["ContractWeeks"] = [one_place(person.contract_weeks)]
    worker["FrontlineGrad"] = "1" if person.qualification_route == FRONTLINE else "0"
    if in_post and not agency:
        sick = person.pk in absent
        worker["Absat30Sept"] = ["1" if sick else "0"]
        if sick:
            worker["ReasonAbsence"] = ["SIC"]
    if person.base_salary is not None and not agency:
        worker["BaseSalary"] = two_places(person.base_salary)
    if person.rr_payments is not None and not agency:
        worker["RRPayments"] = two_places(person.rr_payments)
    return worker


def _pay_flags(flags: PayAndAllowances) -> dict[str, str]:
    return {
        "RecruitmentBonus": flags.recruitment_bonus,
        "RetentionBonus": flags.retention_bonus,
        "PerformanceAward": flags.performance_award,
        "CarAllowance": flags.car_allowance,
        "RelocationPackage": flags.relocation_package,
        "RegionalWeighting": flags.regional_weighting,
        "CostSWE": flags.swe_fee_paid,
        "CostDBS": flags.dbs_fee_paid,
        "OtherAllowances": flags.other_allowances or "None",
    }


@dataclass(frozen=True)
class Imported:
    report: Report
    created: int = 0
    updated: int = 0

    @property
    def done(self) -> bool:
        return self.report.valid


IMPORT_TEAM = "Imported from the CSWW return"
LEAVING_FIELDS = ("end_date", "reason_leave", "leaver_destination")


@transaction.atomic
def csww_import(
    *, path: Path, by: User | None, year: int | None = None, progress: Progress = lambda s: None
) -> Imported:
    """Load a valid return into the register, all or nothing: nothing is written if the return
    has any error, or if any record breaks a rule of the register (those are added to the report
    as "REGISTER" errors naming the record's line).

    Each worker record becomes (or updates, matched on SWE number) a staff record with one job
    from its RoleStartDate. The return has no teams, so new people join the team "Imported from
    the CSWW return" for HR to move. Cases30 becomes the count on 30 September; WorkingDaysLost
    one sickness episode over the year (the return has no dates). A person with two posts is
    recorded in the more senior."""
    progress("Checking the return against the schema and DfE's rules")
    report = validate_file(path, year=year)
    if not report.valid or report.csww is None:
        return Imported(report=report)
    csww = report.csww
    first, census = reporting_year_bounds(csww.year)
    authority = LocalAuthority.objects.get()
    progress(f"Loading {len(csww.workers)} worker records")
    with acting_as(by, current_actor().source):
        area, _ = ServiceArea.objects.get_or_create(authority=authority, name="Imported")
        team, _ = Team.objects.get_or_create(
            service_area=area, name=IMPORT_TEAM, defaults={"team_type": Team.TeamType.OTHER}
        )
        created = updated = 0
        refused: list[Problem] = []
        for worker in _most_senior_posts(csww.workers):
            try:
                is_new = _load_worker(worker, team=team, first=first, census=census)
            except ValidationError as error:
                refused += [
                    Problem(worker.line, "CSWWWorker", worker.swe_no, "REGISTER", "error", message)
                    for message in error.messages
                ]
                continue
            created += is_new
            updated += not is_new
    if refused:
        transaction.set_rollback(True)
        problems = (*report.problems, *refused)
        return Imported(report=Report(report.file, report.year, problems, report.csww))
    record(
        action=AuditEvent.Action.ACTION,
        model=StaffMember._meta.label,
        object_repr=f"CSWW {csww.year} return",
        message=f"Imported the CSWW {csww.year} return: {created} new, {updated} updated",
    )
    return Imported(report=report, created=created, updated=updated)


def _most_senior_posts(workers: tuple[WorkerRecord, ...]) -> list[WorkerRecord]:
    chosen: dict[tuple[str, str], WorkerRecord] = {}
    for worker in workers:
        key = ((worker.swe_no or "").strip().upper(), worker.agency_worker or "")
        held = chosen.get(key)
        if held is None or (worker.org_role or "9") < (held.org_role or "9"):
            chosen[key] = worker
    return list(chosen.values())


def _load_worker(worker: WorkerRecord, *, team: Team, first: dt.date, census: dt.date) -> bool:
    """Store one record; True if the person is new to the register."""
    agency = worker.agency_worker == AGENCY
    start = worker.role_start_date or first
    role = int(worker.org_role or 5)
    fte = (worker.fte or worker.fte30 or Decimal(1)).quantize(Decimal("0.001"))
    sex = {"1": "M", "2": "F"}.get(worker.sex or "", worker.sex if worker.sex in ("M", "F") else "")
    swe = (worker.swe_no or "").strip().upper()
    person = StaffMember.objects.filter(swe_number=swe).first()
    is_new = person is None
    values: dict[str, object] = {
        "date_of_birth": worker.person_birth_date,
        "sex": sex or "",
        "ethnicity": worker.ethnicity or "",
        "qualification_level": worker.qual_level or "",
        "qualifying_institution": worker.qual_inst[0] if worker.qual_inst else "",
        "start_origin": "" if agency else (worker.start_origin or ""),
        "end_date": worker.role_end_date,
        "reason_leave": "" if agency else (worker.reason_leave or ""),
        "leaver_destination": "" if agency else (worker.leaver_destination or ""),
        "contract_weeks": worker.contract_weeks[0] if agency and worker.contract_weeks else None,
        "base_salary": worker.base_salary,
        "rr_payments": worker.rr_payments,
    }
    if worker.step_up_grad == "1":
        values["qualification_route"] = STEP_UP
    elif worker.frontline_grad == "1":
        values["qualification_route"] = FRONTLINE
    if person is not None:
        _update_existing(person, worker, values, census=census)
    else:
        with suppressed():  # new people: one summary event for the whole import
            person = _create_new(worker, values, team=team, start=start, role=role, fte=fte)
    _counts_and_sickness(person, worker, first=first, census=census, start=start)
    return is_new


def _create_new(
    worker: WorkerRecord,
    values: dict[str, object],
    *,
    team: Team,
    start: dt.date,
    role: int,
    fte: Decimal,
) -> StaffMember:
    agency = worker.agency_worker == AGENCY
    swe = (worker.swe_no or "").strip().upper()
    person = StaffMember(
        given_name="Imported",
        family_name=swe,
        swe_number=swe,
        job_title=ORG_ROLE[role],
        role_level=role,
        team=team,
        employment_type=StaffMember.Employment.AGENCY
        if agency
        else StaffMember.Employment.PERMANENT,
        fte=fte,
        start_date=start,
    )
    for name, value in values.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    Assignment.objects.create(
        staff=person,
        effective_from=start,
        effective_to=worker.role_end_date,
        team=team,
        role_level=role,
        local_role="social_worker",
        job_title=person.job_title,
        fte=fte,
        employment_type=person.employment_type,
    )
    return person


def _update_existing(
    person: StaffMember, worker: WorkerRecord, values: dict[str, object], *, census: dt.date
) -> None:
    """Someone already in the register: the return fills what the register lacks and records a
    leaving the register has not, closing their job as ``staff_record_leaving`` does; it never
    overwrites what HR recorded. Each change is audited with its before and after."""
    for name, value in values.items():
        if name in LEAVING_FIELDS:
            continue
        if value not in (None, "") and getattr(person, name) in (None, ""):
            setattr(person, name, value)
    end = worker.role_end_date
    if end is not None and person.end_date is None and end <= census:
        current = person.assignments.order_by("-effective_from").first()
        if current is not None and end < current.effective_from:
            raise ValidationError(
                f"RoleEndDate {end} is before the job the register holds from "
                f"{current.effective_from}"
            )
        for name in LEAVING_FIELDS:
            setattr(person, name, values[name])
        if current is not None:
            current.effective_to = end
            current.save()
    person.full_clean()
    person.save()


def _counts_and_sickness(
    person: StaffMember, worker: WorkerRecord, *, first: dt.date, census: dt.date, start: dt.date
) -> None:
    agency = worker.agency_worker == AGENCY
    if worker.cases30 is not None:
        CaseCount.objects.update_or_create(
            staff=person, on=census, defaults={"cases": worker.cases30}
        )
    if worker.working_days_lost and not agency:
        SicknessEpisode.objects.update_or_create(
            staff=person,
            start_date=max(first, start),
            end_date=min(census, worker.role_end_date or census),
            defaults={
                "working_days_lost": worker.working_days_lost,
                "reason": SicknessEpisode.Reason.OTHER,
            },
        )


def census_job_start(
    *, kind: str, by: User, upload: bytes | None = None, filename: str = "", year: int | None = None
) -> CensusJob:
    """Queue a CSWW task for the worker (``tasks.services``); its page shows the progress."""
    job = CensusJob.objects.create(
        kind=kind, created_by=by, upload=upload, filename=filename[:255], year=year
    )
    task_start(job)
    return job


def census_job_run(pk: int) -> None:
    """Run a queued task, recording each step; the uploaded file is deleted once it finishes."""
    task_run(CensusJob, pk, _run)


def _run(job: CensusJob, progress: Progress) -> dict[str, object]:
    if job.kind == CensusJob.Kind.EXPORT:
        exported = csww_export(year=job.year or 0, progress=progress)
        found = exported.report.as_dict() | {"missing": exported.missing}
        return {"result": _kept(found), "output": exported.xml.encode() if exported.valid else None}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xml"
        path.write_bytes(bytes(job.upload or b""))
        if job.kind == CensusJob.Kind.IMPORT:
            imported = csww_import(path=path, by=job.created_by, year=job.year, progress=progress)
            counts = {"created": imported.created, "updated": imported.updated}
            return {"result": _kept(imported.report.as_dict() | counts)}
        progress("Checking the return against the schema and DfE's rules")
        report = validate_file(path, year=job.year)
        result = report.as_dict() | {"file": job.filename}
        if job.kind == CensusJob.Kind.SUMMARY and report.csww is not None:
            progress("Counting as DfE counts")
            result["summary"] = summary(report)
        return {"result": _kept(result)}


def _kept(result: dict[str, object]) -> dict[str, object]:
    """A report with its first problems (``errors``, queries included) and how many errors,
    queries and problems in all: a return with millions of problems would otherwise be stored
    whole."""
    problems = cast(list[dict[str, object]], result.get("errors", []))
    errors = sum(problem.get("severity") == "error" for problem in problems)
    kept = problems_kept(problems)
    return result | {
        "errors": kept["problems"],
        "problem_count": kept["problem_count"],
        "error_count": errors,
    }


def census_jobs_purge(*, now: dt.datetime) -> int:
    """Mark failed the tasks whose worker died, and delete the files and findings of those
    older than a week (they hold SWE numbers and other personal data); ``tasks_tidy``."""
    return tasks_tidy(CensusJob, now=now)
