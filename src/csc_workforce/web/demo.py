"""``cscw demo seed``: put the fictional authority Northfield in the database.

The people and their histories come from ``csc_workforce.core.demo`` (deterministic for a seed);
each app stores its part (``demo_order``, ``demo_seed`` and ``demo_clear`` on its ``AppConfig``,
``organisation.demo``), in order: the register (workforce), children and allocations (caseloads),
one sign-in per role naming who holds it (site, below), quality assurance, staff voice.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model

from csc_workforce.core import demo as generator
from csc_workforce.web.accounts.roles import Role, role_group
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import is_registered, record, record_created, suppressed
from csc_workforce.web.caseloads import snapshots
from csc_workforce.web.frames import analyze
from csc_workforce.web.organisation.demo import DemoRun
from csc_workforce.web.organisation.models import (
    LocalAuthority,
    StaffMember,
    Team,
)
from csc_workforce.web.organisation.selectors import NoAuthority, authority

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
    years: int = generator.DEFAULT_YEARS,
) -> list[DemoLogin]:
    """Seed Northfield unless the same seed, scale and history are already there; return the
    logins. ``caseloads`` False leaves out children and allocations (quicker, for tests that
    need only the workforce); ``years`` is the length of its history (reporting years to 2025).
    """
    current, wanted = _authority(), (seed, scale, generator.history_start(years))
    described = f"seed {seed}, scale {scale}" + (
        f", {years} years" if years != generator.DEFAULT_YEARS else ""
    )
    if (
        current is not None
        and current.is_demo
        and (current.demo_seed, current.demo_scale, current.history_from) == wanted
    ):
        progress(f"Northfield ({described}) is already in the database")
        return demo_logins(seed=seed)
    foreign = _non_demo_data()
    if foreign and not force:
        raise DemoRefused(
            f"This database holds data that is not demo data ({foreign}). "
            "Use a new database, or run again with --force to replace the register with the demo."
        )
    progress(f"Generating Northfield ({described})…")
    run = DemoRun(
        generated=generator.generate(seed=seed, scale=scale, years=years),
        seed=seed,
        scale=scale,
        today=generator.REFERENCE_DATE,
        progress=progress,
        caseloads=caseloads,
    )
    with transaction.atomic(), suppressed(), snapshots.deferred():
        _clear_register()
        seeded: list[type[Model]] = []
        for config in demo_apps():
            stored = config.demo_seed(run)
            # fresh planner statistics before the next app's seed reads these tables: a
            # planner that still takes them for empty joins them row by row (minutes on
            # PostgreSQL, where statistics outlive a rolled-back test's rows)
            analyze(*stored)
            seeded += stored
        _record_seeded(seeded, message=f"Stored by the demo seed ({described})")
    record(
        action=AuditEvent.Action.ACTION,
        model=LocalAuthority._meta.label,
        object_repr="Northfield (demo)",
        message=f"Demo data seeded: {described}, {len(run.generated.staff)} staff",
    )
    return demo_logins(seed=seed)


def demo_apps() -> list[Any]:
    """The apps with a part in the demo (``demo_seed`` on their ``AppConfig``), in order."""
    configs = [config for config in apps.get_app_configs() if hasattr(config, "demo_seed")]
    return sorted(configs, key=lambda config: config.demo_order)


def _record_seeded(seeded: list[type[Model]], *, message: str) -> None:
    """The audit trail of the records stored in bulk (per-row events are suppressed): an event
    a batch of them, listing them, for each audited table."""
    for model in seeded:
        if is_registered(model):
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            record_created(model, pks, message=message)


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
    for config in reversed(demo_apps()):
        config.demo_clear()


def seed_logins(run: DemoRun) -> tuple[type[Model], ...]:
    """The site's part of the demo: one sign-in per role, linked to a staff record where the role
    has one (``SiteConfig``)."""
    _create_logins(run.generated, seed=run.seed)
    return ()


def clear_logins() -> None:
    User.objects.filter(username__in=DEMO_USERNAMES.values()).delete()


def _create_logins(authority: generator.DemoAuthority, *, seed: int) -> None:
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
    for login in demo_logins(seed=seed):
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
