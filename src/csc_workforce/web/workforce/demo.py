"""The register's part of the demo seed: Northfield's service areas, teams, staff with their
dated assignments, posts, case counts, sickness, pay and comparators (``WorkforceConfig``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Model

from csc_workforce.core import demo as generator
from csc_workforce.core.reference import authority_names
from csc_workforce.web.frames import delete_all
from csc_workforce.web.organisation.demo import DemoRun
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    Post,
    ServiceArea,
    StaffMember,
    Team,
)

from .models import CaseCount, ComparatorAuthority, PayAndAllowances, SicknessEpisode

SEEDED: tuple[type[Model], ...] = (
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
)


DEMO_MAIL_DOMAIN = "northfield.example"
"""The demo's staff write from a reserved domain (RFC 2606): no mail reaches anyone."""


def demo_email(person: generator.DemoStaff) -> str:
    """A fictional work email, unique by the generator's key (names repeat)."""
    return f"{person.given_name}.{person.family_name}.{person.key[1:]}@{DEMO_MAIL_DOMAIN}".lower()


def seed_register(run: DemoRun) -> tuple[type[Model], ...]:
    run.staff = _store(run.generated, progress=run.progress)
    return SEEDED


def clear_register() -> None:
    # The large tables in one statement each (the demo records its seeding as one event).
    delete_all(SicknessEpisode, CaseCount)
    Assignment.objects.all().delete()
    Post.objects.all().delete()
    StaffMember.objects.all().delete()
    Team.objects.all().delete()
    ServiceArea.objects.all().delete()
    LocalAuthority.objects.all().delete()


def _store(
    authority: generator.DemoAuthority, *, progress: Callable[[str], None]
) -> dict[str, StaffMember]:
    la = LocalAuthority.objects.create(
        name=authority.name,
        new_la_code=authority.new_la_code,
        old_la_code=authority.old_la_code,
        region_code=authority.region_code,
        region_name=authority.region_name,
        history_from=authority.history_start,
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
            work_email=demo_email(person),
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
