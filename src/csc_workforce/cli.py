"""``cscw``: the operator's single entry point.

Every Django management command passes through with this project's settings (``cscw migrate``,
``cscw createsuperuser``, ``cscw serve``, ``cscw demo seed``, ``cscw retention list`` …), and
whatever a command changes is audited as done from the command line by the operating-system user.
"""

import getpass
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from csc_workforce.web.audit.models import AuditEvent
    from csc_workforce.web.audit.recorder import Actor, acting_as_actor
    from csc_workforce.web.organisation.selectors import NoAuthority

    args = ["cscw", *(sys.argv[1:] if argv is None else argv)]
    with acting_as_actor(Actor(user_id=None, label=_operator(), source=AuditEvent.Source.CLI)):
        try:
            execute_from_command_line(args)
        except NoAuthority as error:
            sys.exit(f"cscw: {error}")


def _operator() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except OSError:
        return "command line"
