"""``cscw``: the operator's single entry point.

Every Django management command passes through with this project's settings (``cscw migrate``,
``cscw createsuperuser``, ``cscw serve``, ``cscw demo seed``, ``cscw retention list`` …), and
whatever a command changes is audited as done from the command line by the operating-system user.
``cscw csww validate`` and ``cscw csww summary`` only read a file, and run without Django
(``csww_cli``); so does the regional hub, ``cscw hub …``, which reads and writes files only
(``hub_cli``).
"""

import getpass
import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = ["cscw", *(sys.argv[1:] if argv is None else argv)]
    if args[1:2] == ["hub"]:
        from csc_workforce.hub_cli import run as run_hub

        sys.exit(run_hub(args[2:]))
    if args[1:2] == ["csww"]:
        from csc_workforce.csww_cli import run

        code = run(args[2:])
        if code is not None and argv is None:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)  # nothing to tidy (the process only read a file): no teardown
        if code is not None:
            sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from csc_workforce.web.audit.models import AuditEvent
    from csc_workforce.web.audit.recorder import Actor, acting_as_actor
    from csc_workforce.web.organisation.selectors import NoAuthority

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
