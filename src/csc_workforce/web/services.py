"""How every write is made: ``@service`` around each ``<entity>_<action>`` function of an app's
``services.py``, and ``after_commit`` for what must happen only once the write has been kept.

A service runs in one transaction (all or nothing), as the person it is given (its ``by``
argument: every change it makes is audited as theirs, from wherever they acted — the web, the
command line, a task), and sends email and the like only after the transaction commits, so a
write that is rolled back tells nobody anything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from csc_workforce.web.audit.recorder import acting_as, current_actor

P = ParamSpec("P")
R = TypeVar("R")


def service(function: Callable[P, R]) -> Callable[P, R]:
    """Make ``function`` a write: atomic, and audited as its keyword argument ``by`` (a user)
    acting through the current source; with no ``by`` (or ``by=None``: a command run by an
    operator, a scheduled job), as whoever is acting already."""

    @functools.wraps(function)
    def write(*args: P.args, **kwargs: P.kwargs) -> R:
        by = kwargs.get("by")
        user = by if isinstance(by, AbstractBaseUser) else None
        with transaction.atomic(), acting_as(user, current_actor().source):
            return function(*args, **kwargs)

    return write


def after_commit(effect: Callable[[], object]) -> None:
    """Run ``effect`` (an email, say) once the current transaction commits, never if it rolls
    back; at once outside a transaction. A failing effect is logged, and the write it follows
    stands."""
    transaction.on_commit(effect, robust=True)
