"""``cscw demo seed``: put the fictional authority Northfield in the database.

The people and their histories come from ``csc_workforce.core.demo`` (deterministic for a seed);
this module stores them, creates one sign-in per role and names who holds it. Later domains add
their own demo data here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from csc_workforce.core import demo as generator
from csc_workforce.core.reference import authority_names
from csc_workforce.web.accounts.roles import Role, role_group
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import is_registered, record, record_created, suppressed
from csc_workforce.web.caseloads import snapshots
from csc_workforce.web.caseloads.demo import seed_caseloads
from csc_workforce.web.caseloads.models import (
    Allocation,
    Assessment,
    Case,
    CaseloadSettings,
    CaseStatus,
    NonCaseWork,
    Reduction,
    Visit,
    WeightingModelVersion,
)
from csc_workforce.web.frames import analyze, delete_all
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    Post,
    ServiceArea,
    StaffMember,
    Team,
)
from csc_workforce.web.organisation.selectors import NoAuthority, authority
from csc_workforce.web.quality.demo import clear_quality, seed_quality
from csc_workforce.web.quality.models import (
    ActionItem,
    ActionNote,
    Answer,
    AuditProgramme,
    CaseAudit,
    Observation,
    PracticeWeek,
    QualityTargets,
)
from csc_workforce.web.voice.demo import clear_voice, seed_voice
from csc_workforce.web.voice.models import Response, Statement, SurveyRun
from csc_workforce.web.workforce.models import (
    CaseCount,
    ComparatorAuthority,
    PayAndAllowances,
    SicknessEpisode,
)

User = get_user_model()

DEMO_USERNAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "admin",
    Role.PSW: "psw",
    Role.SERVICE_MANAGER: "servicemanager",
    Role.TEAM_MANAGER: "teammanager",
    Role.HR: "hr",
    Role.ANALYST: "analyst",
    Role.SOCIAL_WORKER: "socialworker",
}


class DemoRefused(Exception):
    """The database holds data that is not demo data."""


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    username: str
    password: str

    def line(self) -> str:
        return f"login\t{self.role.value}\t{self.username}\t{self.password}"


def demo_password(*, username: str, seed: int) -> str:
    """A strong password for a demo account, the same every run on this install.

    Derived from the install's secret key, so nobody can know it from the source code.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{seed}:{username}".encode(), "sha256")
    letters = base64.b32encode(digest.digest()).decode().lower()[:16]
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def demo_logins(*, seed: int) -> list[DemoLogin]:
    return [
        DemoLogin(role=role, username=name, password=demo_password(username=name, seed=seed))
        for role, name in DEMO_USERNAMES.items()
    ]


def demo_seed(
    *,
    seed: int,
    scale: int,
    force: bool = False,
    progress: Callable[[str], None] = print,
    caseloads: bool = True,
) -> list[DemoLogin]:
    """Seed Northfield unless the same seed and scale are already there; return the logins.
    ``caseloads`` False leaves out children and allocations (quicker, for tests that need only
    the workforce)."""
    current, wanted = _authority(), (seed, scale)
    if (
        current is not None
        and current.is_demo
        and (current.demo_seed, current.demo_scale) == wanted
    ):
        progress(f"Northfield (seed {seed}, scale {scale}) is already in the database")
        return demo_logins(seed=seed)
    foreign = _non_demo_data()
    if foreign and not force:
        raise DemoRefused(
            f"This database holds data that is not demo data ({foreign}). "
            "Use a new database, or run again with --force to replace the register with the demo."
        )
    progress(f"Generating Northfield (seed {seed}, scale {scale})…")
    authority = generator.generate(seed=seed, scale=scale)
    with transaction.atomic(), suppressed(), snapshots.deferred():
        _clear_register()
        staff = _store(authority, progress=progress)
        if caseloads:
            seed_caseloads(authority, staff, progress=progress)
        logins = _create_logins(authority, seed=seed)
        if caseloads:
            seed_quality(seed=seed, today=generator.REFERENCE_DATE, progress=progress)
        seed_voice(seed=seed, today=generator.REFERENCE_DATE, progress=progress)
        _record_seeded(message=f"Stored by the demo seed (seed {seed}, scale {scale})")
    record(
        action=AuditEvent.Action.ACTION,
        model=LocalAuthority._meta.label,
        object_repr="Northfield (demo)",
        message=f"Demo data seeded: seed {seed}, scale {scale}, {len(authority.staff)} staff",
    )
    return logins


SEEDED = (
    LocalAuthority,
    ComparatorAuthority,
    ServiceArea,
    Team,
    StaffMember,
    Assignment,
    CaseCount,
    Post,
    PayAndAllowances,
    SicknessEpisode,
    WeightingModelVersion,
    CaseloadSettings,
    Case,
    CaseStatus,
    Allocation,
    Assessment,
    Visit,
    Reduction,
    QualityTargets,
    AuditProgramme,
    CaseAudit,
    Answer,
    PracticeWeek,
    Observation,
    ActionItem,
    ActionNote,
    SurveyRun,
    Response,
    Statement,
)
"""The tables the demo fills (besides the sign-ins)."""


def _record_seeded(*, message: str) -> None:
    """The audit trail of the records stored in bulk (per-row events are suppressed): an event
    a batch of them, listing them, for each audited table; then fresh planner statistics."""
    for model in SEEDED:
        if is_registered(model):
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            record_created(model, pks, message=message)
    analyze(*SEEDED)


def _authority() -> LocalAuthority | None:
    try:
        return authority()
    except NoAuthority:
        return None


def _non_demo_data() -> str:
    demo_names = set(DEMO_USERNAMES.values())
    held = _authority()
    if held is not None and not held.is_demo:
        return "a local authority"
    if User.objects.exclude(username__in=demo_names).exists():
        return "user accounts"
    return ""


def _clear_register() -> None:
    clear_voice()
    clear_quality()
    snapshots.stale(since=dt.date.min)
    # The large tables in one statement each (the demo records its seeding as one event).
    delete_all(Visit, Assessment, Allocation, CaseStatus, Case, SicknessEpisode, CaseCount)
    for model in (Reduction, NonCaseWork):
        model.objects.all().delete()
    WeightingModelVersion.objects.all().delete()
    CaseloadSettings.objects.all().delete()
    Assignment.objects.all().delete()
    Post.objects.all().delete()
    StaffMember.objects.all().delete()
    Team.objects.all().delete()
    ServiceArea.objects.all().delete()
    LocalAuthority.objects.all().delete()
    User.objects.filter(username__in=DEMO_USERNAMES.values()).delete()


def _store(
    authority: generator.DemoAuthority, *, progress: Callable[[str], None]
) -> dict[str, StaffMember]:
    la = LocalAuthority.objects.create(
        name=authority.name,
        new_la_code=authority.new_la_code,
        old_la_code=authority.old_la_code,
        region_code=authority.region_code,
        region_name=authority.region_name,
        history_from=generator.HISTORY_START,
        is_demo=True,
        demo_seed=authority.seed,
        demo_scale=authority.scale,
    )
    names = authority_names()
    ComparatorAuthority.objects.bulk_create(
        ComparatorAuthority(authority=la, old_la_code=code, name=names[code], position=position)
        for position, code in enumerate(authority.comparators, start=1)
    )
    areas = {
        area.key: ServiceArea.objects.create(authority=la, name=area.name)
        for area in authority.service_areas
    }
    teams = {
        team.key: Team.objects.create(
            service_area=areas[team.service_area_key], name=team.name, team_type=team.team_type
        )
        for team in authority.teams
    }
    progress(
        f"Storing {len(authority.staff)} staff and {len(authority.sickness)} sickness episodes…"
    )
    moved_to = {move.staff_key: move.team_key for move in authority.moves}
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            given_name=person.given_name,
            family_name=person.family_name,
            swe_number=person.swe_number,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            ethnicity=person.ethnicity,
            qualification_level=person.qualification_level,
            qualification_route=person.qualification_route,
            qualifying_institution=person.qualifying_institution,
            job_title=person.job_title,
            role_level=person.role_level,
            local_role=person.local_role,
            team=teams[moved_to.get(person.key, person.team_key)],
            employment_type=person.employment,
            fte=person.fte,
            contract_weeks=person.contract_weeks,
            base_salary=person.base_salary,
            start_date=person.start_date,
            start_origin=person.start_origin,
            end_date=person.end_date,
            reason_leave=person.reason_leave,
            leaver_destination=person.leaver_destination,
        )
        for person in authority.staff
    )
    by_key = {person.key: row for person, row in zip(authority.staff, staff, strict=True)}
    Assignment.objects.bulk_create(_assignments(authority, teams, by_key))
    CaseCount.objects.bulk_create(
        CaseCount(staff=by_key[count.staff_key], on=count.on, cases=count.cases)
        for count in authority.case_counts
    )
    Post.objects.bulk_create(
        Post(
            team=teams[post.team_key],
            reference=post.reference,
            role_level=post.role_level,
            fte=post.fte,
            funded_from=post.funded_from,
        )
        for post in authority.posts
    )
    PayAndAllowances.objects.create(
        authority=la,
        year=2025,
        recruitment_bonus="2",
        retention_bonus="2",
        performance_award="0",
        car_allowance="1",
        relocation_package="2",
        regional_weighting="0",
        swe_fee_paid="1",
        dbs_fee_paid="1",
        other_allowances="Market supplement for hard-to-fill child protection posts",
    )
    SicknessEpisode.objects.bulk_create(
        SicknessEpisode(
            staff=by_key[episode.staff_key],
            start_date=episode.start_date,
            end_date=episode.end_date,
            working_days_lost=episode.working_days_lost,
            reason=episode.reason,
        )
        for episode in authority.sickness
    )
    for person in authority.staff:
        if (
            person.role_level == StaffMember.RoleLevel.FIRST_LINE_MANAGER
            and person.end_date is None
        ):
            teams[person.team_key].managers.add(by_key[person.key])
    return by_key


def _assignments(
    authority: generator.DemoAuthority,
    teams: dict[str, Team],
    by_key: dict[str, StaffMember],
) -> list[Assignment]:
    """One assignment per person, split in two where they moved team."""
    moved_to = {move.staff_key: move for move in authority.moves}
    rows = []
    for person in authority.staff:
        move = moved_to.get(person.key)
        periods = [(person.start_date, person.end_date, person.team_key)]
        if move is not None:
            periods = [
                (person.start_date, move.on - dt.timedelta(days=1), person.team_key),
                (move.on, person.end_date, move.team_key),
            ]
        rows += [
            Assignment(
                staff=by_key[person.key],
                effective_from=start,
                effective_to=end,
                team=teams[team_key],
                role_level=person.role_level,
                local_role=person.local_role,
                job_title=person.job_title,
                fte=person.fte,
                employment_type=person.employment,
            )
            for start, end, team_key in periods
        ]
    return rows


def _create_logins(authority: generator.DemoAuthority, *, seed: int) -> list[DemoLogin]:
    first_team = Team.objects.get(name=authority.teams[0].name)
    in_post = StaffMember.objects.filter(end_date__isnull=True)
    linked = {
        Role.TEAM_MANAGER: first_team.managers.order_by("pk").first(),
        Role.SERVICE_MANAGER: in_post.filter(
            role_level=StaffMember.RoleLevel.MIDDLE_MANAGER,
            team__service_area=first_team.service_area,
        )
        .order_by("pk")
        .first(),
        Role.SOCIAL_WORKER: in_post.filter(
            team=first_team,
            role_level=StaffMember.RoleLevel.CASE_HOLDER,
            employment_type=StaffMember.Employment.PERMANENT,
        )
        .order_by("pk")
        .first(),
    }
    logins = demo_logins(seed=seed)
    for login in logins:
        staff = linked.get(login.role)
        user = User.objects.create_user(
            username=login.username,
            password=login.password,
            first_name=staff.given_name if staff else "",
            last_name=staff.family_name if staff else "",
        )
        user.groups.add(role_group(login.role))
        if staff is not None:
            staff.user = user
            staff.save(update_fields=["user"])
    return logins
