"""People's names as pages show them: one helper, used the same way everywhere.

``person_name`` is also a filter every template has (settings ``TEMPLATES`` builtins):
``{{ audit.auditor|person_name }}``. A page shows a person's full name; the username only when
the account has no name (an account made at the command line), never beside it.
"""

from __future__ import annotations

from typing import Any, Protocol

from django import forms, template

register = template.Library()

COMMAND_LINE = "Command line (administrator)"
SYSTEM_ACTORS = {
    "system": "The system",
    "schedule": "Scheduled task",
    "single sign-on": "Single sign-on",
    "anonymous": "Someone not signed in",
}


class _Named(Protocol):
    def get_full_name(self) -> str: ...
    def get_username(self) -> str: ...


@register.filter
def person_name(user: _Named | None) -> str:
    """The person's full name ("Oliver Scott"), else their username; "Not recorded" for nobody."""
    if user is None:
        return "Not recorded"
    return user.get_full_name().strip() or user.get_username()


def actor_name(*, user: _Named | None, label: str, source: str) -> str:
    """Who made an audited change, in words: the person's name when it was a person; a command
    run by the server's administrator (stored as "<login> (command line)") as "Command line
    (administrator)"; the system's own actors by what they are."""
    if user is not None:
        return person_name(user)
    if source == "cli":
        return COMMAND_LINE
    return SYSTEM_ACTORS.get(label, label)


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of one person, each named by ``person_name``."""

    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of people, each named by ``person_name``."""

    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)
