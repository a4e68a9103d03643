"""The one place the application asks what day it is.

Anything that depends on the date takes a ``Clock``; tests pass a ``FixedClock``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def today(self) -> dt.date: ...

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real date and time, in UTC."""

    def today(self) -> dt.date:
        return self.now().date()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one moment (midday UTC on ``day`` unless ``at`` is given)."""

    day: dt.date
    at: dt.time = dt.time(12, 0)

    def today(self) -> dt.date:
        return self.day

    def now(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.at, tzinfo=dt.UTC)
