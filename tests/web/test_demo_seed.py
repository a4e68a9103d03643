import io
import re

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.core.demo import generate
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.accounts.two_factor import TWO_FACTOR_ROLES
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.organisation.models import LocalAuthority, StaffMember, Team
from csc_workforce.web.workforce.models import ComparatorAuthority
from tests.factories import UserFactory

LOGIN_LINE = re.compile(r"^login\t([^\t]+)\t([^\t]+)\t([^\t]+)$")


def seed(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("demo", "seed", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db(transaction=True)
def test_seed_prints_one_login_per_role_that_signs_in() -> None:
    lines = seed()
    matches = [LOGIN_LINE.match(line) for line in lines]
    assert all(matches), lines
    assert [m.group(1) for m in matches if m] == [role.value for role in Role]
    from django.test import Client

    for match in matches:
        assert match
        client = Client()
        response = client.post(
            "/sign-in/", {"username": match.group(2), "password": match.group(3)}, follow=True
        )
        # Roles that need a one-time code are asked to set up an authenticator app first.
        needs_code = Role(match.group(1)) in TWO_FACTOR_ROLES
        expected = "/sign-in/two-factor/set-up/?next=%2F" if needs_code else "/"
        assert response.redirect_chain[-1][0] == expected, match.group(1)


@pytest.mark.django_db(transaction=True)
def test_seed_stores_northfield_as_generated() -> None:
    seed("--seed", "3")
    expected = generate(seed=3)
    la = LocalAuthority.objects.get()
    assert (la.name, la.old_la_code, la.new_la_code, la.region_code) == (
        "Northfield",
        "999",
        "E06999999",
        "E12000001",
    )
    assert la.is_demo
    assert ComparatorAuthority.objects.count() == 10
    assert Team.objects.count() == len(expected.teams)
    assert StaffMember.objects.count() == len(expected.staff)
    assert all(team.managers.count() == 1 for team in Team.objects.all())
    linked = {s.user.username for s in StaffMember.objects.exclude(user=None)}
    assert linked == {"teammanager", "servicemanager", "socialworker"}
    assert AuditEvent.objects.filter(message__startswith="Demo data seeded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_run_reuses_what_exists() -> None:
    first = seed()
    staff_ids = list(StaffMember.objects.values_list("pk", flat=True))
    assert seed() == first
    assert list(StaffMember.objects.values_list("pk", flat=True)) == staff_ids


@pytest.mark.django_db(transaction=True)
def test_seed_refuses_a_database_with_real_data_unless_forced() -> None:
    UserFactory(username="real.person")
    with pytest.raises(CommandError, match="not demo data"):
        seed()
    assert not LocalAuthority.objects.exists()
    seed("--force")
    assert LocalAuthority.objects.filter(is_demo=True).exists()


@pytest.mark.django_db(transaction=True)
def test_what_the_seed_stores_in_bulk_is_in_the_audit_trail_batch_by_batch() -> None:
    from csc_workforce.web.audit.recorder import BATCH
    from csc_workforce.web.caseloads.models import Allocation

    seed("--seed", "4")
    events = AuditEvent.objects.filter(
        model="caseloads.Allocation", message="Stored by the demo seed (seed 4, scale 1)"
    )
    listed = [key.removeprefix("record ") for event in events for key in event.changes]
    stored = Allocation.objects.values_list("pk", flat=True)
    assert sorted(listed) == sorted(str(pk) for pk in stored)
    assert events.count() == -(-len(listed) // BATCH)  # batches of at most BATCH
    event = events.first()
    assert event is not None
    assert event.action == AuditEvent.Action.CREATE
    summary = AuditEvent.objects.get(message__startswith="Demo data seeded")
    assert (event.actor_label, event.source) == (summary.actor_label, summary.source)  # who
    assert event.at <= summary.at  # when: as it was stored, before the summary


def test_each_app_seeds_its_part_in_order_the_register_first() -> None:
    from csc_workforce.web.demo import demo_apps

    assert [config.label for config in demo_apps()] == [
        "workforce",
        "caseloads",
        "site",
        "quality",
        "voice",
        "development",
        "recruitment",
        "reporting",
    ]
