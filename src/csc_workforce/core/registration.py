"""Social Work England registration and CPD: the registration year, the renewal window, the
yearly CPD requirement, who is at risk of not renewing and the 1 December check
(``docs/supervision.md`` gives the regulator's rules with their sources and dates).

- The registration year runs from 1 December to 30 November; a registration renewed in the
  window is valid to the next 30 November.
- Renewal is open from 1 September to 30 November. A social worker who has not renewed by
  30 November is removed from the register on 1 December and may not practise until restored.
  There is no grace period (Social Work England gave one for CPD in 2020 and 2021 only).
- To renew, a social worker records at least two pieces of CPD in the registration year, at
  least one with a peer reflection, each saying what they learnt and its impact on practice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

REGISTERED = "registered"
CONDITIONS = "conditions"
SUSPENDED = "suspended"
REMOVED = "removed"
STATUSES = {
    REGISTERED: "Registered",
    CONDITIONS: "Registered with conditions of practice",
    SUSPENDED: "Suspended",
    REMOVED: "Removed (not renewed, or struck off)",
}
"""The statuses the authority records from Social Work England's register."""
MAY_PRACTISE = frozenset({REGISTERED, CONDITIONS})
"""Statuses under which a person may practise as a social worker (within any conditions)."""

MINIMUM_PIECES = 2
"""Social Work England: at least two pieces of CPD in each registration year..."""
MINIMUM_PEER_REFLECTIONS = 1
"""...at least one of them with a peer reflection."""


def registration_year(day: dt.date) -> int:
    """The registration year ``day`` falls in, named by the year it ends: 1 December 2024 to
    30 November 2025 is 2025."""
    return day.year + 1 if day.month == 12 else day.year


def registration_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last days of registration year ``year``: 1 December of the year before
    to 30 November."""
    return dt.date(year - 1, 12, 1), dt.date(year, 11, 30)


def renewal_window(year: int) -> tuple[dt.date, dt.date]:
    """Social Work England's renewal window for registration year ``year``: 1 September to
    30 November of that year."""
    return dt.date(year, 9, 1), dt.date(year, 11, 30)


def in_renewal_window(day: dt.date) -> bool:
    """Whether renewal is open on ``day`` (1 September to 30 November)."""
    start, end = renewal_window(day.year)
    return start <= day <= end


@dataclass(frozen=True)
class Cpd:
    """A piece of CPD as the requirement reads it."""

    on: dt.date
    learnt: str
    impact: str
    peer_reflection: bool


@dataclass(frozen=True)
class CpdStatus:
    """How far a worker's CPD for a registration year meets Social Work England's
    requirement: pieces that count, those with a peer reflection, and what is missing."""

    pieces: int
    peer_reflections: int

    @property
    def met(self) -> bool:
        return self.pieces >= MINIMUM_PIECES and self.peer_reflections >= MINIMUM_PEER_REFLECTIONS

    @property
    def missing(self) -> str:
        """What is still needed, in words ('' when met)."""
        needs = []
        if self.pieces < MINIMUM_PIECES:
            more = MINIMUM_PIECES - self.pieces
            needs.append(f"{more} more piece{'s' if more > 1 else ''} of CPD")
        if self.peer_reflections < MINIMUM_PEER_REFLECTIONS:
            needs.append("a peer reflection")
        return " and ".join(needs)


def cpd_requirement(records: Iterable[Cpd], *, year: int) -> CpdStatus:
    """Social Work England's CPD requirement for registration year ``year``: "at least two
    pieces of CPD" recorded in the year, "at least one" including "a peer reflection", each
    saying what was learnt and the impact on practice. A piece without both is not counted."""
    first, last = registration_year_bounds(year)
    counted = [
        record
        for record in records
        if first <= record.on <= last and record.learnt.strip() and record.impact.strip()
    ]
    return CpdStatus(
        pieces=len(counted), peer_reflections=sum(record.peer_reflection for record in counted)
    )


def registered_on(*, status: str | None, expires_on: dt.date | None, day: dt.date) -> bool:
    """Whether a person may practise as a registered social worker on ``day``: their recorded
    status allows it and their registration has not expired (no grace period)."""
    return status in MAY_PRACTISE and expires_on is not None and day <= expires_on


def renewed_for(*, expires_on: dt.date | None, year: int) -> bool:
    """Whether a registration has been renewed for the year after registration year ``year``:
    it runs beyond that year's 30 November."""
    return expires_on is not None and expires_on > registration_year_bounds(year)[1]


@dataclass(frozen=True)
class AtRisk:
    """A worker at risk of not renewing by 30 November, and why."""

    worker_id: int
    reason: str


def renewal_at_risk(
    *,
    workers: Iterable[tuple[int, str | None, dt.date | None, CpdStatus]],
    today: dt.date,
) -> list[AtRisk]:
    """Renewal at risk: in the renewal window (1 September to 30 November), each worker
    (``(worker_id, status, expires_on, cpd)``) registered today whose registration has not
    yet been renewed beyond this 30 November, and who has not recorded the CPD Social Work
    England requires, or (in the last 30 days, from 1 November) has not renewed at all.
    Outside the window, nobody."""
    if not in_renewal_window(today):
        return []
    year = today.year
    late = today >= dt.date(year, 11, 1)
    found = []
    for worker_id, status, expires_on, cpd in workers:
        if not registered_on(status=status, expires_on=expires_on, day=today):
            continue
        if renewed_for(expires_on=expires_on, year=year):
            continue
        if not cpd.met:
            found.append(AtRisk(worker_id, f"CPD not yet recorded: needs {cpd.missing}"))
        elif late:
            found.append(AtRisk(worker_id, "CPD recorded but not yet renewed"))
    return found


def first_of_december(year: int) -> dt.date:
    """The day after the renewal deadline, when those who did not renew are removed."""
    return dt.date(year, 12, 1)


@dataclass(frozen=True)
class Unregistered:
    """Someone in a social work post on the day who may not practise, and how many cases they
    hold."""

    worker_id: int
    reason: str
    cases: int


def december_check(
    *,
    workers: Iterable[tuple[int, str, str | None, dt.date | None]],
    cases_held: dict[int, int],
    day: dt.date,
) -> list[Unregistered]:
    """The 1 December check: everyone in a social work post on ``day`` (``(worker_id,
    swe_number, status, expires_on)``, the workers in post) who is not registered that day —
    no Social Work England number, no registration recorded, a status that does not allow
    practice, or a registration that expired — with the cases they hold (``cases_held`` by
    worker). Nobody on the list may hold cases or practise as a social worker."""
    found = []
    for worker_id, swe_number, status, expires_on in workers:
        if registered_on(status=status, expires_on=expires_on, day=day):
            continue
        if not swe_number:
            reason = "No Social Work England number recorded"
        elif status is None:
            reason = "No registration recorded"
        elif status not in MAY_PRACTISE:
            reason = STATUSES.get(status, status)
        else:
            reason = (
                f"Registration expired on {expires_on:%-d %B %Y}"
                if expires_on
                else ("No expiry date recorded")
            )
        found.append(Unregistered(worker_id, reason, cases_held.get(worker_id, 0)))
    return sorted(found, key=lambda row: (-row.cases, row.worker_id))


def registered_share(*, in_post: int, not_registered: int) -> Decimal | None:
    """Registered on 1 December: of the ``in_post`` social workers in post on the day, those
    the 1 December check does not list (``december_check``: ``not_registered`` of them), as a
    percentage, to one decimal place (halves up). None when nobody is in post."""
    if not in_post:
        return None
    share = Decimal(100) * (in_post - not_registered) / in_post
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
