"""Writes to the register. Each is atomic and audited as done by ``by``.

A person's job is effective-dated: ``Assignment`` rows, one per period, contiguous from their
start; ``StaffMember``'s team, role, FTE and employment type mirror the latest. Only these
services write them, so the two never disagree.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q
from django.utils import timezone

from csc_workforce.core.codes import ORG_ROLE
from csc_workforce.core.comparison import read_release
from csc_workforce.core.record_rules import (
    AGENCY_DESTINATION,
    AGENCY_ORIGIN,
    Record,
    record_problems,
)
from csc_workforce.core.reference import authority_names
from csc_workforce.core.retention import birth_year, month_end, month_start, pay_band
from csc_workforce.core.swe import normalise_swe_number
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import (
    batch_key,
    current_actor,
    record,
    suppressed,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    Post,
    StaffMember,
    Team,
)
from csc_workforce.web.services import service

from .models import (
    ComparatorAuthority,
    ForecastScenario,
    LongAbsence,
    PayAndAllowances,
    PublishedRelease,
    SicknessEpisode,
)
from .signals import staff_converted, staff_started

ANONYMISED = "Anonymised"
JOB_FIELDS = ("team", "role_level", "local_role", "job_title", "fte", "employment_type")
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "work_email",
    "swe_number",
    "date_of_birth",
    "sex",
    "ethnicity",
    "qualification_level",
    "qualifying_institution",
    "qualification_route",
    "contract_weeks",
    "base_salary",
    "rr_payments",
    "start_origin",
)


@service
def staff_create(
    *,
    by: User,
    start_date: dt.date,
    team: Team,
    role_level: int,
    local_role: str,
    job_title: str,
    fte: Decimal,
    employment_type: str,
    **person: Any,
) -> StaffMember:
    """A new starter (or agency worker) and their first assignment, from ``start_date``."""
    job = {
        "team": team,
        "role_level": role_level,
        "local_role": local_role,
        "job_title": job_title,
        "fte": fte,
        "employment_type": employment_type,
    }
    staff = StaffMember(start_date=start_date, **job, **person)
    staff.swe_number = normalise_swe_number(staff.swe_number)
    check_record(staff)
    staff.full_clean()
    staff.save()
    Assignment.objects.create(staff=staff, effective_from=start_date, **job)
    staff_started.send(sender=StaffMember, staff=staff)
    return staff


@service
def staff_update(*, staff: StaffMember, by: User, **changes: Any) -> StaffMember:
    """Personal details, qualification, pay and origin; not the job (see ``staff_change_job``)."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not a personal detail: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(staff, name, value)
    staff.swe_number = normalise_swe_number(staff.swe_number)
    check_record(staff)
    staff.full_clean()
    staff.save()
    return staff


@service
def staff_change_job(
    *, staff: StaffMember, by: User, effective_from: dt.date, **job: Any
) -> Assignment:
    """From ``effective_from`` the person's team, role, FTE or employment type change: the
    current assignment ends the day before and a new one starts. A change of team is an
    internal move, neither a leaver nor a starter."""
    current = staff.assignments.order_by("-effective_from").first()
    if current is None:
        raise ValidationError({"effective_from": "This person has no job recorded yet"})
    if effective_from <= current.effective_from:
        raise ValidationError(
            {
                "effective_from": "The date of the change must be after "
                f"{current.effective_from:%-d %B %Y}, when the current job started"
            }
        )
    if staff.end_date is not None and effective_from > staff.end_date:
        raise ValidationError(
            {
                "effective_from": f"The date of the change must be before they left on "
                f"{staff.end_date:%-d %B %Y}"
            }
        )
    agency = StaffMember.Employment.AGENCY
    if (job.get("employment_type", current.employment_type) == agency) != (
        current.employment_type == agency
    ):
        raise ValidationError(
            {
                "employment_type": "Moving between agency work and employment ends one engagement "
                "and starts another: record it as a conversion, not a change of job"
            }
        )
    current.effective_to = effective_from - dt.timedelta(days=1)
    current.save()
    values = {name: job.get(name, getattr(current, name)) for name in JOB_FIELDS}
    assignment = Assignment(
        staff=staff, effective_from=effective_from, effective_to=staff.end_date, **values
    )
    assignment.full_clean()
    assignment.save()
    for name, value in values.items():
        setattr(staff, name, value)
    check_record(staff)
    staff.full_clean()
    staff.save()
    return assignment


@service
def staff_record_leaving(
    *,
    staff: StaffMember,
    by: User,
    end_date: dt.date,
    reason_leave: str = "",
    leaver_destination: str = "",
) -> StaffMember:
    """The person's last day, with DfE's reason and destination (employees only: agency
    workers' placements end without them). Someone who has left cannot leave again."""
    if staff.end_date is not None:
        raise ValidationError(f"{staff.full_name} left on {staff.end_date:%-d %B %Y}")
    current = staff.assignments.order_by("-effective_from").first()
    if current is not None and staff.start_date <= end_date < current.effective_from:
        raise ValidationError(
            {
                "end_date": f"The last day must be on or after "
                f"{current.effective_from:%-d %B %Y}, when their current job started"
            }
        )
    staff.end_date = end_date
    staff.reason_leave = reason_leave
    staff.leaver_destination = leaver_destination
    check_record(staff)
    staff.full_clean()
    staff.save()
    if current is not None:
        current.effective_to = end_date
        current.save()
    return staff


@service
def long_absence_record(
    *,
    staff: StaffMember,
    by: User,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
) -> LongAbsence:
    """A time an employee is away from their job (maternity or other long leave, secondment),
    recorded on the job (``Assignment``) they hold on its first day: their post is a temporary
    vacancy meanwhile. DfE's figures are unchanged (they stay in post)."""
    if staff.employment_type == StaffMember.Employment.AGENCY:
        raise ValidationError(
            {"kind": "Long absences are recorded for employees, not agency workers"}
        )
    if end_date is not None and end_date < start_date:
        raise ValidationError(
            {"end_date": "The return must be on or after the first day of the absence"}
        )
    job = (
        staff.assignments.filter(effective_from__lte=start_date)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start_date))
        .first()
    )
    if job is None:
        raise ValidationError(
            {
                "start_date": f"{staff.full_name} held no job on {start_date:%-d %B %Y}: enter a "
                "day of their employment"
            }
        )
    absence = LongAbsence(assignment=job, kind=kind, start_date=start_date, end_date=end_date)
    absence.full_clean()
    absence.save()
    return absence


@service
def sickness_record(
    *,
    staff: StaffMember,
    by: User,
    start_date: dt.date,
    end_date: dt.date,
    working_days_lost: Decimal,
    reason: str,
) -> SicknessEpisode:
    """An episode of sickness absence, inside the person's employment."""
    errors: dict[str, str] = {}
    if end_date < start_date:
        errors["end_date"] = "The last day of sickness must be the same as or after the first"
    if start_date < staff.start_date or (staff.end_date and end_date > staff.end_date):
        errors["start_date"] = "Sickness must fall within the person's employment"
    if staff.employment_type == StaffMember.Employment.AGENCY:
        errors["start_date"] = "Sickness is recorded for employees, not agency workers"
    if working_days_lost < 0:
        errors["working_days_lost"] = "Working days lost must be 0 or more"
    if errors:
        raise ValidationError(errors)
    episode = SicknessEpisode(
        staff=staff,
        start_date=start_date,
        end_date=end_date,
        working_days_lost=working_days_lost,
        reason=reason,
    )
    episode.full_clean()
    episode.save()
    return episode


def staff_record(staff: StaffMember) -> Record:
    """The values of ``staff`` that ``core.record_rules`` checks."""
    return Record(
        employee=staff.employment_type != StaffMember.Employment.AGENCY,
        start_date=staff.start_date,
        end_date=staff.end_date,
        date_of_birth=staff.date_of_birth,
        start_origin=staff.start_origin,
        reason_leave=staff.reason_leave,
        leaver_destination=staff.leaver_destination,
        fte=staff.fte,
        base_salary=staff.base_salary,
        rr_payments=staff.rr_payments,
        contract_weeks=staff.contract_weeks,
        swe_number=staff.swe_number,
        qualifying_institution=staff.qualifying_institution,
    )


def check_record(staff: StaffMember) -> None:
    """Refuse a record that would make a CSWW return fail (``core.record_rules``, and CSWW R09:
    records with one SWE number are one person), naming each field and rule broken."""
    errors: dict[str, list[str]] = {}
    for problem in record_problems(staff_record(staff), today=clock().today()):
        errors.setdefault(problem.field, []).append(problem.message)
    if staff.swe_number:
        others = StaffMember.objects.filter(swe_number=staff.swe_number).exclude(pk=staff.pk)
        person = ("date_of_birth", "sex", "ethnicity")
        mine = tuple(getattr(staff, name) for name in person)
        if any(theirs != mine for theirs in others.values_list(*person)):
            errors.setdefault("swe_number", []).append(
                "Someone else already has this Social Work England number: another post of the "
                "same person has the same date of birth, sex and ethnicity"
            )
    if errors:
        raise ValidationError(errors)


@service
def staff_convert(
    *,
    staff: StaffMember,
    by: User,
    on: dt.date,
    employment_type: str,
    reason_leave: str = "",
    **job: Any,
) -> StaffMember:
    """From ``on`` an agency worker becomes an employee (permanent or fixed term), or an
    employee an agency worker: the current engagement ends the day before, and a new one starts
    on ``on`` with the same person's details, in the same job unless ``job`` (team, role_level,
    local_role, job_title, fte) says otherwise.

    As DfE counts it (docs/csww.md, "Counting rules"): a new employee is a starter from agency
    work (StartOrigin 4), and the ended agency engagement no leaver; an employee going to agency
    work is a leaver, for ``reason_leave``, to agency work (LeaverDestination 3). The person's
    sign-in, the teams they manage and their open allocations move to the new engagement.
    """
    agency = StaffMember.Employment.AGENCY
    to_agency = employment_type == agency
    if (staff.employment_type == agency) == to_agency:
        raise ValidationError(
            {
                "employment_type": "Choose the other kind of engagement: a conversion is between "
                "agency work and employment"
            }
        )
    if staff.end_date is not None and staff.end_date < on:
        raise ValidationError({"on": f"They left on {staff.end_date:%-d %B %Y}"})
    if on <= staff.start_date:
        raise ValidationError(
            {"on": f"The conversion must be after they started, on {staff.start_date:%-d %B %Y}"}
        )
    if not to_agency and reason_leave:
        raise ValidationError({"reason_leave": "An agency engagement ends with no reason"})
    details = {name: getattr(staff, name) for name in PERSON_FIELDS}
    details |= {
        "start_origin": "" if to_agency else AGENCY_ORIGIN,
        "contract_weeks": None if not to_agency else staff.contract_weeks,
        "base_salary": None if to_agency else staff.base_salary,
        "rr_payments": None if to_agency else staff.rr_payments,
    }
    new_job = {name: job.get(name, getattr(staff, name)) for name in JOB_FIELDS}
    new_job["employment_type"] = employment_type
    account, managed = staff.user, list(Team.objects.filter(managers=staff))
    staff_record_leaving(
        staff=staff,
        by=by,
        end_date=on - dt.timedelta(days=1),
        reason_leave="" if staff.employment_type == agency else reason_leave,
        leaver_destination="" if staff.employment_type == agency else AGENCY_DESTINATION,
    )
    if account is not None:
        staff.user = None
        staff.save(update_fields=["user"])
    new = staff_create(by=by, start_date=on, **new_job, **details)
    if account is not None:
        new.user = account
        new.save(update_fields=["user"])
    for team in managed:
        team.managers.remove(staff)
        team.managers.add(new)
    staff_converted.send(sender=StaffMember, old=staff, new=new)
    record(
        action=AuditEvent.Action.ACTION,
        model=StaffMember._meta.label,
        object_pk=new.pk,
        object_repr=str(new),
        message=f"Converted from {staff.get_employment_type_display().lower()} (record "
        f"{staff.pk}) to {new.get_employment_type_display().lower()} from {on.isoformat()}",
    )
    return new


SALARY_BAND = Decimal(5000)
PAYMENTS_BAND = Decimal(1000)
KEPT_WHEN_ANONYMISED = frozenset(
    {
        "id",
        "sex",
        "ethnicity",
        "qualification_level",
        "qualification_route",
        "role_level",
        "local_role",
        "team_id",
        "employment_type",
        "fte",
        "contract_weeks",
        "start_origin",
        "reason_leave",
        "leaver_destination",
        "anonymised_at",
    }
)
"""The fields an anonymised record keeps as they were: codes and figures DfE's statistics are
counted from, none of which names a person (docs/retention.md has the whole table)."""
REDACTED = frozenset(
    {
        "given_name",
        "family_name",
        "work_email",
        "swe_number",
        "date_of_birth",
        "qualifying_institution",
        "job_title",
        "base_salary",
        "rr_payments",
        "start_date",
        "end_date",
        "user_id",
    }
)
"""The fields whose earlier values are replaced by "[anonymised]" in the audit trail."""


@service
def staff_anonymise(*, staff: StaffMember, today: dt.date) -> StaffMember:
    """Remove what identifies a person past retention; keep what the statistics need
    (docs/retention.md).

    Names, Social Work England number, qualifying institution and any sign-in account go; the
    job title becomes the CSWW role's name; the date of birth is kept to its year, the start and
    last days to their months, pay to its band. Team, role, FTE, codes and sickness days stay, so
    DfE's yearly figures do not change. The same fields are redacted in the audit trail's earlier
    events about the record, its jobs and its account.
    """
    unclassified = {f.attname for f in StaffMember._meta.concrete_fields} - (
        KEPT_WHEN_ANONYMISED | REDACTED
    )
    if unclassified:  # a field added to the record must be given a rule here first
        raise ImproperlyConfigured(f"No anonymisation rule for {', '.join(sorted(unclassified))}")
    role_name = ORG_ROLE[staff.role_level]
    jobs = list(staff.assignments.order_by("effective_from"))
    with suppressed():
        staff.given_name = ANONYMISED
        staff.family_name = f"person {staff.pk}"
        staff.swe_number = ""
        staff.work_email = ""
        staff.qualifying_institution = ""
        staff.job_title = role_name
        staff.date_of_birth = staff.date_of_birth and birth_year(staff.date_of_birth)
        staff.start_date = month_start(staff.start_date)
        staff.end_date = staff.end_date and month_end(staff.end_date)
        if staff.base_salary is not None:
            staff.base_salary = pay_band(staff.base_salary, width=SALARY_BAND)
        if staff.rr_payments is not None:
            staff.rr_payments = pay_band(staff.rr_payments, width=PAYMENTS_BAND)
        staff.anonymised_at = timezone.now()
        account = staff.user
        staff.user = None
        staff.save()
        for job in jobs:
            job.job_title = ORG_ROLE[job.role_level]
        if jobs:  # the first job starts, and the last ends, with the person
            jobs[0].effective_from = staff.start_date
            if jobs[-1].effective_to is not None and staff.end_date is not None:
                jobs[-1].effective_to = staff.end_date
        for job in jobs:
            job.save()
    if account is not None:
        account.is_active = False
        account.username = f"anonymised-{account.pk}"
        account.first_name = account.last_name = account.email = ""
        account.set_unusable_password()
        account.save()
        AuditEvent.objects.filter(model=account._meta.label, object_pk=str(account.pk)).redact(
            fields={"username", "first_name", "last_name", "email"}
        )
    AuditEvent.objects.filter(model=StaffMember._meta.label, object_pk=str(staff.pk)).exclude(
        action=AuditEvent.Action.ANONYMISE
    ).redact(fields=set(REDACTED))
    AuditEvent.objects.filter(
        model=Assignment._meta.label, object_pk__in=[str(job.pk) for job in jobs]
    ).redact(fields={"job_title", "effective_from", "effective_to"})
    # Imports list many records in one event (``recorder.record_batch``).
    AuditEvent.objects.filter(model=StaffMember._meta.label).redact_listed(
        key=batch_key(staff.pk), fields=set(REDACTED)
    )
    for job in jobs:
        AuditEvent.objects.filter(model=Assignment._meta.label).redact_listed(
            key=batch_key(job.pk), fields={"job_title", "effective_from", "effective_to"}
        )
    record(
        action=AuditEvent.Action.ANONYMISE,
        model=StaffMember._meta.label,
        object_pk=staff.pk,
        object_repr=str(staff),
        message=f"Past the retention period on {today.isoformat()}",
    )
    return staff


@service
def release_load(*, data: bytes, filename: str, by: User | None) -> PublishedRelease:
    """A newer DfE CSWW statistics file, checked column by column (``read_release``); from now
    on the dashboard compares with it. Raises ``InvalidRelease`` listing every problem."""
    release = read_release(data)
    years = sorted(set(release["time_period"]))
    loaded = PublishedRelease.objects.create(
        loaded_by=current_actor().label,
        filename=filename[:255],
        years=f"{years[0]} to {years[-1]}" if years else "",
        content=data,
    )
    record(
        action=AuditEvent.Action.ACTION,
        model=PublishedRelease._meta.label,
        object_pk=loaded.pk,
        object_repr=str(loaded),
        message=f"Loaded DfE statistics {filename} ({len(release)} rows)",
    )
    return loaded


@service
def comparators_set(
    *, authority: LocalAuthority, old_la_codes: list[str], by: User | None
) -> list[ComparatorAuthority]:
    """The authorities this one compares itself with, in order (replacing the current list).
    Each code must be a local authority in DfE's statistics."""
    names = authority_names()
    unknown = [code for code in old_la_codes if code not in names]
    if unknown:
        raise ValidationError(
            {"comparators": f"Not a local authority code in DfE's statistics: {', '.join(unknown)}"}
        )
    if len(set(old_la_codes)) != len(old_la_codes):
        raise ValidationError({"comparators": "Each authority can be chosen only once"})
    for old in authority.comparators.all():
        old.delete()
    return [
        ComparatorAuthority.objects.create(
            authority=authority, old_la_code=code, name=names[code], position=position
        )
        for position, code in enumerate(old_la_codes, start=1)
    ]


@service
def post_save(*, post: Post, by: User) -> Post:
    """Create or change a funded post."""
    if post.funded_to is not None and post.funded_to < post.funded_from:
        raise ValidationError({"funded_to": "Funding must end on or after it starts"})
    post.full_clean()
    post.save()
    return post


@service
def pay_and_allowances_save(*, flags: PayAndAllowances, by: User) -> PayAndAllowances:
    """The authority's pay and allowance flags for a reporting year (CSWW 2025 LA level)."""
    flags.full_clean()
    flags.save()
    return flags


SCENARIO_FIELDS = (
    "name",
    "turnover_down",
    "extra_trainees",
    "agency_converted",
    "payment_group",
    "payment",
    "payment_effect",
    "agency_cost",
    "notes",
)


def _scenario_checked(scenario: ForecastScenario) -> ForecastScenario:
    if scenario.payment_group and not (scenario.payment or scenario.payment_effect):
        raise ValidationError(
            {"payment": "Enter the retention payment, or choose no retention payment"}
        )
    if not scenario.payment_group and (scenario.payment or scenario.payment_effect):
        raise ValidationError({"payment_group": "Select who the retention payment is for"})
    scenario.full_clean()
    scenario.save()
    return scenario


@service
def scenario_create(*, by: User | None, **values: Any) -> ForecastScenario:
    """Save a forecast scenario (``SCENARIO_FIELDS``)."""
    return _scenario_checked(ForecastScenario(**_scenario_values(values)))


@service
def scenario_update(
    *, scenario: ForecastScenario, by: User | None, **values: Any
) -> ForecastScenario:
    """Change a saved forecast scenario."""
    for name, value in _scenario_values(values).items():
        setattr(scenario, name, value)
    return _scenario_checked(scenario)


@service
def scenario_delete(*, scenario: ForecastScenario, by: User | None) -> None:
    """Delete a saved forecast scenario."""
    scenario.delete()


def _scenario_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a scenario: {sorted(unknown)}")
    return values
