"""Who is acting: the person behind a request, the operator of a command, or the system.

Set per request by the audit middleware and per command by ``cscw``; the audit trail
(``audit.recorder``) records it with every change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Actor:
    """Who acts, and through what: ``source`` is an ``AuditEvent.Source`` value (web, cli,
    system)."""

    user_id: int | None
    label: str
    source: str


SYSTEM = Actor(user_id=None, label="system", source="system")
_actor: ContextVar[Actor] = ContextVar("audit_actor", default=SYSTEM)


def actor_for(user: AbstractBaseUser | AnonymousUser | None, source: str) -> Actor:
    """``user`` acting through ``source``; with no user (a command run by an operator), whoever
    is acting already."""
    if user is None:
        return current_actor()
    if not user.is_authenticated:
        return Actor(user_id=None, label="anonymous", source=source)
    return Actor(user_id=user.pk, label=user.get_username(), source=source)


@contextmanager
def acting_as_actor(actor: Actor) -> Iterator[Actor]:
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def acting_as(
    user: AbstractBaseUser | AnonymousUser | None, source: str
) -> AbstractContextManager[Actor]:
    return acting_as_actor(actor_for(user, source))


def current_actor() -> Actor:
    return _actor.get()
