"""A password validator that refuses passwords which are easy to guess.

Length alone lets through ``aaaaaaaaaaaa`` or ``abcdefghijkl``. zxcvbn (Dropbox's password
strength estimator, on PyPI as ``zxcvbn``) estimates how many guesses a password would take
against lists of common and leaked passwords, names and English words, keyboard patterns,
repeated and sequential characters, and dates, and scores it from 0 to 4.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

CHECKED_LENGTH = 100
"""zxcvbn takes longer the longer the password; the first 100 characters are plenty to judge."""


class GuessablePasswordValidator:
    """Refuses a password zxcvbn scores below ``min_score``: 3 means about 10⁸ guesses or more
    ("safely unguessable" in zxcvbn's words), 4 about 10¹⁰. The person's username, names and
    email count as guessable words."""

    def __init__(self, min_score: int = 3) -> None:
        self.min_score = min_score

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        known = [
            str(getattr(user, name, "") or "")
            for name in ("username", "first_name", "last_name", "email")
        ]
        result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[word for word in known if word])
        if result["score"] >= self.min_score:
            return
        warning = result["feedback"]["warning"]
        raise ValidationError(
            "Choose a password that is harder to guess" + (f": {warning}" if warning else ""),
            code="password_guessable",
        )

    def get_help_text(self) -> str:
        return (
            "Your password must not be easy to guess: not a common or leaked password, and not "
            "repeated or sequential characters, keyboard patterns or your own name. Three random "
            "words together work well."
        )
