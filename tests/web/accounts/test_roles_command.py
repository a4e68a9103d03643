import io

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.web.accounts.roles import Role, roles_of
from csc_workforce.web.audit.models import AuditEvent
from tests.factories import UserFactory


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("roles", *args, stdout=out)
    return out.getvalue()


def test_grant_and_revoke_roles_from_the_command_line(db: None) -> None:
    user = UserFactory(username="new.psw")
    assert run("grant", "new.psw", "psw", "hr") == "new.psw\tHR, PSW / workforce lead\n"
    assert run("revoke", "new.psw", "hr") == "new.psw\tPSW / workforce lead\n"
    user.refresh_from_db()
    assert roles_of(user) == {Role.PSW}
    assert AuditEvent.objects.filter(model="auth.User", changes__has_key="groups").exists()


def test_unknown_roles_and_users_are_named(db: None) -> None:
    UserFactory(username="someone")
    with pytest.raises(CommandError, match="Unknown role boss: use one of administrator"):
        run("grant", "someone", "boss")
    with pytest.raises(CommandError, match="There is no user called nobody"):
        run("grant", "nobody", "hr")


def test_a_superuser_is_an_administrator(db: None) -> None:
    user = UserFactory(username="root.admin", is_superuser=True)
    assert roles_of(user) == {Role.ADMINISTRATOR}
    assert "root.admin\tAdministrator" in run("list")
