"""Retention of personal data about staff.

Policy (see docs/retention.md): a staff member's record is kept for a configurable number of
whole years after the day they left (default 6), then anonymised.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_STAFF_YEARS_AFTER_LEAVING = 6


def retention_ends(*, left_on: dt.date, years: int) -> dt.date:
    """The first day on which a record of someone who left on ``left_on`` is past retention.

    ``years`` whole years after leaving; someone who left on 29 February is counted from 28
    February in a year that has no 29 February.
    """
    if years < 0:
        raise ValueError("years must not be negative")
    try:
        anniversary = left_on.replace(year=left_on.year + years)
    except ValueError:  # 29 February into a common year
        anniversary = left_on.replace(year=left_on.year + years, day=28)
    return anniversary + dt.timedelta(days=1)


def is_past_retention(*, left_on: dt.date | None, years: int, today: dt.date) -> bool:
    """True when someone has left and ``years`` whole years have passed since then."""
    return left_on is not None and today >= retention_ends(left_on=left_on, years=years)
