"""What each app's part of the demo seed is given (``cscw demo seed``, ``web/demo.py``).

Each app that seeds demo data has on its ``AppConfig`` a ``demo_order`` (its place: the register
first, then what is built on it), ``demo_seed(run)`` storing its part and returning the tables it
filled (for the audit trail, in order) and ``demo_clear()`` removing its part (called in the
reverse order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from csc_workforce.core import demo as generator

from .models import StaffMember


@dataclass
class DemoRun:
    """One run of the demo seed: the generated authority and what the apps stored so far."""

    generated: generator.DemoAuthority
    seed: int
    scale: int
    today: dt.date
    progress: Callable[[str], None]
    caseloads: bool
    """False leaves out children, allocations and what is built on them (quicker tests)."""
    staff: dict[str, StaffMember] = field(default_factory=dict)
    """The stored staff records by the generator's key, once the register is stored."""
