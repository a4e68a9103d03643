"""Retention of personal data about staff.

Policy (see docs/retention.md): a staff member's record is kept for a configurable number of
whole years after the day they left (default 6), then anonymised.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month: a start date kept to the month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month: a last day kept to the month. DfE's years end on 30
    September and someone whose last day is the 30th is not in post on it, so a leaver stays in
    the same reporting year, and not in post on its last day."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def birth_year(day: dt.date) -> dt.date:
    """A date of birth kept to its year, as 1 July of it (the middle, so ages counted from it are
    at most half a year out)."""
    return dt.date(day.year, 7, 1)


def pay_band(amount: Decimal, *, width: Decimal) -> Decimal:
    """An amount of pay kept to its band of ``width`` pounds, as the band's middle (0 stays 0):
    £38,500 in £5,000 bands is £37,500."""
    if amount <= 0:
        return amount
    return (amount // width) * width + width / 2
