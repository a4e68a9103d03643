"""Fictional children, households and their social workers for Northfield's caseloads.

``generate_caseloads(authority, seed=...)`` always returns the same cases, allocations and visits
for the same authority and seed, and never looks at today's date. It simulates Northfield day by
day from ``HISTORY_START`` to ``REFERENCE_DATE``, starting from the cases open on
``HISTORY_START`` (opened earlier, some of them years earlier).

Who holds what:

- Only practitioners (CSWW organisational role 4 or 5, employees and agency workers alike) lead
  cases, only while in post and only cases of the kind their team holds at the time (their
  ``team_key`` until their ``DemoMove``, then the move's team).
- Front door and assessment teams hold children in assessment: a short child in need episode
  (one to three months) whose assessment is mostly authorised within 45 working days. The case
  then closes or transfers (``TSPROC``) to a child in need and protection or edge of care team.
- Child in need and protection and edge of care teams hold children in need and children on
  protection plans, some of whom go into pre-proceedings, then care proceedings and then into
  care, when the case transfers (``TSPROC``) to the children in care team. Children in care turn
  18 into care leavers and transfer to the care leavers team. The disabled children's team holds
  children in need; fostering and adoption teams hold households.
- A worker's open cases pass to a colleague in the same team the day after they leave or the
  day they move team (``LEFTRL``), to cover a long sickness absence (``ABSENC``), and now and
  then for other reasons (``MANAGE``, ``ORGRST``, ``CHCHAN``, ``PCCHAN``, ``OTHERS``).
- New work goes to the team's practitioner with the lightest load for their capacity: about
  ``CASES_PER_FTE`` cases per FTE, 60% of that for a worker in their ASYE year. Cases arrive
  while a team is below its capacity and are closed sooner when it is above.

Records are complete from ``HISTORY_START``: a case open then has its lead worker on that day as
its first recorded lead (change reason ""), from when that worker took it, not always from when
the case opened. Visits are generated only for the last 12 months, to keep the size down.

Dates are inclusive: an allocation or status ``end`` is its last day, None while open at
``REFERENCE_DATE``. Case management system IDs start "NF" and are made up.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from csc_workforce.core.demo import HISTORY_START, REFERENCE_DATE, DemoAuthority, DemoStaff

CHILD = "child"
FOSTERING_HOUSEHOLD = "fostering_household"
ADOPTION_HOUSEHOLD = "adoption_household"
CHILD_IN_NEED = "child_in_need"
CHILD_PROTECTION = "child_protection"
CHILD_LOOKED_AFTER = "child_looked_after"
CARE_LEAVER = "care_leaver"
PRE_PROCEEDINGS = "pre_proceedings"
COURT_PROCEEDINGS = "court_proceedings"
LEAD = "lead"
CO_WORKER = "co_worker"
CASE_HOLDING_ROLE_LEVELS = (4, 5)
CASES_PER_FTE = 15.0
"""The cases a full-time practitioner is aimed at."""
ASYE_SHARE = 0.6
ASYE_JOB_TITLE = "Newly qualified social worker (ASYE)"
TEAM_HOLDS: dict[str, frozenset[str]] = {
    "front_door": frozenset({CHILD_IN_NEED}),
    "assessment": frozenset({CHILD_IN_NEED}),
    "cin_cp": frozenset({CHILD_IN_NEED, CHILD_PROTECTION, PRE_PROCEEDINGS, COURT_PROCEEDINGS}),
    "edge_of_care": frozenset(
        {CHILD_IN_NEED, CHILD_PROTECTION, PRE_PROCEEDINGS, COURT_PROCEEDINGS}
    ),
    "children_in_care": frozenset({CHILD_LOOKED_AFTER}),
    "care_leavers": frozenset({CARE_LEAVER}),
    "disabled_children": frozenset({CHILD_IN_NEED}),
    "fostering": frozenset({FOSTERING_HOUSEHOLD}),
    "adoption": frozenset({ADOPTION_HOUSEHOLD}),
    "other": frozenset(),
}
"""Statuses (for children) and kinds (for households) each type of team holds."""
VISITS_FROM = date(REFERENCE_DATE.year - 1, REFERENCE_DATE.month, REFERENCE_DATE.day) + timedelta(
    days=1
)
"""The first day with visits: 12 months before ``REFERENCE_DATE``."""

# Team types grouped into pools of interchangeable teams.
_POOLS = {
    "front_door": "assess",
    "assessment": "assess",
    "cin_cp": "cincp",
    "edge_of_care": "cincp",
    "children_in_care": "cic",
    "care_leavers": "leaver",
    "disabled_children": "disabled",
    "fostering": "fostering",
    "adoption": "adoption",
}
# Direct arrivals fill each pool's teams up to this share of capacity (assessment teams fully;
# the others are fed mostly by transfers).
_ARRIVAL_FILL = {
    "assess": 1.0,
    "cincp": 0.9,
    "cic": 0.93,
    "leaver": 0.93,
    "disabled": 1.0,
    "fostering": 1.0,
    "adoption": 1.0,
}
_PHASE_POOLS = {
    "assess": "assess",
    "cin": "cincp",
    "cp": "cincp",
    "pre": "cincp",
    "court": "cincp",
    "cla": "cic",
    "leaver": "leaver",
    "disabled": "disabled",
    "fostering": "fostering",
    "adoption": "adoption",
}
_OTHER_REASONS = (("MANAGE", 50), ("ABSENC", 8), ("ORGRST", 12), ("CHCHAN", 12), ("PCCHAN", 10))
_OTHER_CHANGE_MEAN_DAYS = 1100.0
"""Mean days between changes of lead worker for reasons other than leaving, absence, transfer."""
_LONG_ABSENCE_WEEKDAYS = 20
_CO_WORKER_SHARE = 0.11
_SIBLING_SIZES = ((1, 680), (2, 126), (3, 59), (4, 25))
_TRAVEL = (("near", 50), ("medium", 35), ("far", 15))
_COMPLEXITY = (("low", 35), ("medium", 45), ("high", 20))
_UNWEIGHTED_SHARE = 0.01


@dataclass(frozen=True)
class DemoCase:
    """A child's or household's case. ``complexity`` "" means the case has no complexity band
    yet, so it cannot be weighted."""

    key: str
    kind: str
    cms_id: str
    date_of_birth: date | None
    sibling_group: str
    travel_band: str
    complexity: str
    statuses: tuple[tuple[str, date, date | None], ...]
    assessment_start: date | None
    assessment_authorised: date | None


@dataclass(frozen=True)
class DemoAllocation:
    """A worker's allocation to a case, ``start`` to ``end`` inclusive. ``change_reason`` is the
    Data to Insight SSD worker change reason of a lead allocation ("" for the first recorded
    lead and for co-workers)."""

    case_key: str
    staff_key: str
    role: str
    start: date
    end: date | None
    change_reason: str


@dataclass(frozen=True)
class DemoVisit:
    case_key: str
    on: date
    staff_key: str


@dataclass(frozen=True)
class DemoCaseloads:
    cases: tuple[DemoCase, ...]
    allocations: tuple[DemoAllocation, ...]
    visits: tuple[DemoVisit, ...]


def generate_caseloads(authority: DemoAuthority, *, seed: int = 1) -> DemoCaseloads:
    """Northfield's cases, allocations and visits for ``authority``, the same for the same
    authority and ``seed``."""
    rng = random.Random(f"{seed}:caseloads")  # noqa: S311 - fictional data, not security
    simulation = _Simulation(rng, authority)
    simulation.run()
    return simulation.result()


_H = HISTORY_START.toordinal()
_R = REFERENCE_DATE.toordinal()


class _WorkingDays:
    """Weekdays that are not England and Wales bank holidays, by ordinal."""

    def __init__(self, first: int, last: int) -> None:
        bank = holidays.country_holidays(
            "GB",
            subdiv="ENG",
            years=range(date.fromordinal(first).year, date.fromordinal(last).year + 1),
        )
        self.days = [
            day
            for day in range(first, last + 1)
            if date.fromordinal(day).weekday() < 5 and date.fromordinal(day) not in bank
        ]

    def add(self, day: int, count: int) -> int:
        """The working day ``count`` working days after ``day``."""
        return self.days[bisect.bisect_right(self.days, day) + count - 1]


def _birthday(dob: int, years: int) -> int:
    born = date.fromordinal(dob)
    try:
        return born.replace(year=born.year + years).toordinal()
    except ValueError:  # 29 February
        return date(born.year + years, 3, 1).toordinal()


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


class _Case:
    __slots__ = (
        "assessment_authorised",
        "assessment_start",
        "cms_id",
        "co_allocation",
        "complexity",
        "dob",
        "key",
        "kind",
        "lead_allocation",
        "sibling_group",
        "statuses",
        "travel",
        "unit",
    )

    def __init__(self, key: str, kind: str, cms_id: str) -> None:
        self.key = key
        self.kind = kind
        self.cms_id = cms_id
        self.dob: int | None = None
        self.sibling_group = ""
        self.travel = ""
        self.complexity = ""
        self.statuses: list[list[str | int | None]] = []
        self.assessment_start: int | None = None
        self.assessment_authorised: int | None = None
        self.lead_allocation: list[str | int | None] | None = None
        self.co_allocation: list[str | int | None] | None = None
        self.unit: _Unit | None = None


class _Unit:
    """Cases handled together: a household, a child, or siblings with the same worker."""

    __slots__ = ("cases", "co", "gen", "lead", "lead_gen", "number", "phase", "team", "until")

    def __init__(self, number: int, cases: list[_Case]) -> None:
        self.number = number
        self.cases = cases
        self.team: str | None = None
        self.lead: str | None = None
        self.co: str | None = None
        self.phase = ""
        self.gen = 0
        self.lead_gen = 0
        self.until = 0
        for case in cases:
            case.unit = self


# An allocation while it is being built: case key, staff key, role, start, end, reason.
_Allocation = list[str | int | None]
_Event = tuple[str, object, int]


class _Simulation:
    def __init__(self, rng: random.Random, authority: DemoAuthority) -> None:
        self.rng = rng
        self.workdays = _WorkingDays(_H - 30 * 366, _R + 400)
        self.team_type = {team.key: team.team_type for team in authority.teams}
        self.pool_teams: dict[str, list[str]] = {}
        for team in authority.teams:
            if team.team_type in _POOLS:
                self.pool_teams.setdefault(_POOLS[team.team_type], []).append(team.key)
        self.staff = {
            person.key: person
            for person in authority.staff
            if person.role_level in CASE_HOLDING_ROLE_LEVELS
        }
        self.moves = {
            move.staff_key: move for move in authority.moves if move.staff_key in self.staff
        }
        self.capacity = {
            key: float(person.fte) * (ASYE_SHARE if person.job_title == ASYE_JOB_TITLE else 1.0)
            for key, person in self.staff.items()
        }
        self.asye = {key for key, p in self.staff.items() if p.job_title == ASYE_JOB_TITLE}
        # Ordered "sets" (dicts) so that iteration never depends on string hashing.
        self.members: dict[str, dict[str, None]] = {team.key: {} for team in authority.teams}
        self.team_capacity = dict.fromkeys(self.members, 0.0)
        self.team_open = dict.fromkeys(self.members, 0)
        self.load = dict.fromkeys(self.staff, 0)
        self.leading: dict[str, dict[int, _Unit]] = {key: {} for key in self.staff}
        self.co_working: dict[str, dict[int, _Unit]] = {key: {} for key in self.staff}
        self.absent_until: dict[str, int] = {}
        self.events: dict[int, list[_Event]] = {}
        self.pending: list[tuple[_Unit, str]] = []
        self.cases: list[_Case] = []
        self.allocations: list[_Allocation] = []
        self.cms_ids: set[int] = set()
        self.units = 0
        self.sibling_groups = 0
        self.starts: dict[int, list[str]] = {}
        self.leaves: dict[int, list[str]] = {}
        for key, person in self.staff.items():
            start = person.start_date.toordinal()
            end = person.end_date.toordinal() if person.end_date else None
            if end is not None and end < _H:
                continue
            if start <= _H:
                self.member_add(key, self.team_on(person, _H))
            else:
                self.starts.setdefault(start, []).append(key)
            if end is not None and end < _R:
                self.leaves.setdefault(end + 1, []).append(key)
        self.move_days: dict[int, list[str]] = {}
        for key, move in self.moves.items():
            self.move_days.setdefault(move.on.toordinal(), []).append(key)
        for episode in authority.sickness:
            start, end = episode.start_date.toordinal(), episode.end_date.toordinal()
            weekdays = bisect.bisect_right(self.workdays.days, end) - bisect.bisect_left(
                self.workdays.days, start
            )
            if episode.staff_key in self.staff and weekdays >= _LONG_ABSENCE_WEEKDAYS:
                self.schedule(start + 2, ("absent", episode.staff_key, end))

    # ---- the workforce -------------------------------------------------------------------

    def team_on(self, person: DemoStaff, day: int) -> str:
        move = self.moves.get(person.key)
        return move.team_key if move and day >= move.on.toordinal() else person.team_key

    def member_add(self, key: str, team: str) -> None:
        self.members[team][key] = None
        self.team_capacity[team] += self.capacity[key] * CASES_PER_FTE

    def member_remove(self, key: str, team: str) -> None:
        del self.members[team][key]
        self.team_capacity[team] -= self.capacity[key] * CASES_PER_FTE

    def choose(
        self, team: str, size: int, day: int, exclude: Iterable[str] = (), experienced: bool = False
    ) -> str | None:
        """The team's practitioner with the lightest load for their capacity, give or take."""
        best, best_score = None, 0.0
        excluded = set(exclude)
        for key in self.members[team]:
            if key in excluded or self.absent_until.get(key, 0) >= day:
                continue
            if experienced and key in self.asye:
                continue
            score = (self.load[key] + size) / self.capacity[key] + self.rng.random() * 2.0
            if best is None or score < best_score:
                best, best_score = key, score
        return best

    def fill(self, pool: str) -> float:
        teams = self.pool_teams.get(pool, [])
        capacity = sum(self.team_capacity[team] for team in teams)
        if capacity <= 0:
            return 9.0
        return sum(self.team_open[team] for team in teams) / capacity

    def emptiest(self, pool: str, exclude: str | None = None) -> str | None:
        teams = [
            team
            for team in self.pool_teams.get(pool, [])
            if team != exclude and self.team_capacity[team] > 0
        ]
        if not teams:
            return None
        return min(
            teams,
            key=lambda t: self.team_open[t] / self.team_capacity[t] + self.rng.random() * 0.1,
        )

    # ---- allocations ---------------------------------------------------------------------

    def schedule(self, day: int, event: _Event) -> None:
        if day <= _R:
            self.events.setdefault(day, []).append(event)

    def assign(
        self, unit: _Unit, staff: str, day: int, reason: str, since: int | None = None
    ) -> None:
        team = self.team_on(self.staff[staff], day)
        if unit.co == staff:
            self.end_co(unit, day)
        for case in unit.cases:
            start = day if since is None else since
            allocation: _Allocation = [case.key, staff, LEAD, start, None, reason]
            self.allocations.append(allocation)
            case.lead_allocation = allocation
        unit.lead, unit.team = staff, team
        unit.lead_gen += 1
        self.load[staff] += len(unit.cases)
        self.team_open[team] += len(unit.cases)
        self.leading[staff][unit.number] = unit
        gap = round(self.rng.expovariate(1 / _OTHER_CHANGE_MEAN_DAYS))
        self.schedule(max(day, _H) + 1 + gap, ("change", unit, unit.lead_gen))

    def unassign(self, unit: _Unit, day: int) -> None:
        """The lead's allocation ends the day before ``day``."""
        if unit.lead is None or unit.team is None:
            return
        for case in unit.cases:
            allocation = case.lead_allocation
            if allocation is not None:
                _end(allocation, day - 1)
            case.lead_allocation = None
        self.load[unit.lead] -= len(unit.cases)
        self.team_open[unit.team] -= len(unit.cases)
        del self.leading[unit.lead][unit.number]
        unit.lead = None

    def reallocate(self, unit: _Unit, day: int, reason: str) -> None:
        """A new lead in the same team, else another team of the same kind, else waiting."""
        old, team = unit.lead, unit.team
        if team is None:
            return
        self.unassign(unit, day)
        pool = _POOLS[self.team_type[team]]
        staff = self.choose(team, len(unit.cases), day, exclude=[old] if old else [])
        if staff is None:
            other = self.emptiest(pool, exclude=team)
            staff = self.choose(other, len(unit.cases), day) if other else None
        if staff is None:
            self.end_co(unit, day)
            unit.team = None
            self.pending.append((unit, reason))
        else:
            if unit.co is not None and self.team_on(self.staff[staff], day) != team:
                self.end_co(unit, day)
            self.assign(unit, staff, day, reason)

    def transfer(self, unit: _Unit, pool: str, day: int) -> None:
        self.unassign(unit, day)
        self.end_co(unit, day)
        unit.team = None
        self.allocate(unit, pool, day, "TSPROC")

    def allocate(self, unit: _Unit, pool: str, day: int, reason: str) -> bool:
        team = self.emptiest(pool)
        staff = self.choose(team, len(unit.cases), day) if team else None
        if staff is None:
            self.pending.append((unit, reason))
            return False
        self.assign(unit, staff, day, reason)
        return True

    def add_co(self, unit: _Unit, day: int, since: int | None = None) -> None:
        if unit.lead is None or unit.team is None or unit.co is not None:
            return
        staff = self.choose(unit.team, 0, day, exclude=[unit.lead], experienced=True)
        if staff is None:
            return
        start = day if since is None else max(since, self.staff[staff].start_date.toordinal())
        for case in unit.cases:
            allocation: _Allocation = [case.key, staff, CO_WORKER, start, None, ""]
            self.allocations.append(allocation)
            case.co_allocation = allocation
        unit.co = staff
        self.co_working[staff][unit.number] = unit

    def end_co(self, unit: _Unit, day: int) -> None:
        if unit.co is None:
            return
        for case in unit.cases:
            if case.co_allocation is not None:
                _end(case.co_allocation, day - 1)
            case.co_allocation = None
        del self.co_working[unit.co][unit.number]
        unit.co = None

    # ---- cases ---------------------------------------------------------------------------

    def new_case(self, kind: str) -> _Case:
        number = self.rng.randrange(10**6, 10**7)
        while number in self.cms_ids:
            number = self.rng.randrange(10**6, 10**7)
        self.cms_ids.add(number)
        case = _Case(f"C{len(self.cases) + 1:06d}", kind, f"NF{number:07d}")
        case.travel = _pick(self.rng, _TRAVEL)
        case.complexity = _pick(self.rng, _COMPLEXITY)
        self.cases.append(case)
        return case

    def new_unit(self, cases: list[_Case]) -> _Unit:
        self.units += 1
        return _Unit(self.units, cases)

    def household(self, kind: str) -> _Unit:
        return self.new_unit([self.new_case(kind)])

    def children(self, day: int, youngest: int, oldest: int, opened: int, *, alone: bool) -> _Unit:
        """A child aged ``youngest`` to ``oldest`` on ``day`` with any younger siblings, whose
        case opened (assessment started) on ``opened``, or when the eldest was born if later."""
        rng = self.rng
        size = 1 if alone else int(_pick(rng, tuple((str(n), w) for n, w in _SIBLING_SIZES)))
        dob = day - rng.randint(youngest * 365, oldest * 365 + 364)
        opened = max(opened, dob)
        group = ""
        if size > 1:
            self.sibling_groups += 1
            group = f"G{self.sibling_groups:06d}"
        travel = ""
        cases = []
        for _ in range(size):
            if dob > opened:
                break
            case = self.new_case(CHILD)
            case.dob = dob
            case.sibling_group = group
            travel = travel or case.travel
            case.travel = travel
            if rng.random() < _UNWEIGHTED_SHARE:
                case.complexity = ""
            case.assessment_start = opened
            case.assessment_authorised = self.authorised(opened)
            cases.append(case)
            dob += rng.randint(300, 4 * 365)
        if len(cases) == 1:
            cases[0].sibling_group = ""
        for case in cases:
            bday = _birthday(case.dob or 0, 18)
            if bday > max(day, _H):
                self.schedule(bday, ("adult", case, 0))
        return self.new_unit(cases)

    def authorised(self, start: int) -> int:
        """Most assessments are authorised within 45 working days, some later."""
        rng = self.rng
        days = rng.randint(8, 45) if rng.random() < 0.83 else rng.randint(46, 85)
        return self.workdays.add(start, days)

    def start_status(self, unit: _Unit, status: str, day: int) -> None:
        for case in unit.cases:
            case.statuses.append([status, day, None])

    def end_status(self, unit: _Unit, status: str, day: int) -> None:
        for case in unit.cases:
            _end_status(case, status, day)

    def enter(self, unit: _Unit, phase: str, day: int, review: int) -> None:
        """``unit`` is in ``phase`` from ``day``; its next review (or end) on ``review``."""
        unit.phase = phase
        unit.gen += 1
        if review <= _H:  # a case open on HISTORY_START whose review fell due before it
            review = _H + self.rng.randint(1, 20)
        self.schedule(max(review, day + 1), ("review", unit, unit.gen))

    def close(self, unit: _Unit, day: int) -> None:
        self.unassign(unit, day)
        self.end_co(unit, day)
        for case in unit.cases:
            for status in case.statuses:
                if status[2] is None:
                    _end_status(case, str(status[0]), day)
            case.unit = None
        unit.phase = "closed"
        unit.gen += 1
        unit.team = None

    def split(self, unit: _Unit, case: _Case) -> _Unit:
        """``case`` on its own, keeping its lead (and co-worker) allocation."""
        if len(unit.cases) == 1:
            return unit
        unit.cases.remove(case)
        alone = self.new_unit([case])
        alone.phase, alone.until = unit.phase, unit.until
        if unit.lead is not None and unit.team is not None:
            alone.lead, alone.team = unit.lead, unit.team
            self.leading[unit.lead][alone.number] = alone
            alone.lead_gen = 1
        if unit.co is not None:
            alone.co = unit.co
            self.co_working[unit.co][alone.number] = alone
        return alone

    # ---- what happens next ---------------------------------------------------------------

    def closes(self, base: float, pool: str) -> bool:
        """A decision to close, likelier the fuller the pool's teams."""
        return self.rng.random() < base * min(4.0, max(0.15, 1 + 5 * (self.fill(pool) - 1)))

    def room(self, base: float, pool: str) -> bool:
        """A decision to move on to ``pool``'s teams, less likely the fuller they are."""
        return self.rng.random() < base * min(2.5, max(0.0, 1 + 4 * (1 - self.fill(pool))))

    def begin_assessment(self, unit: _Unit, day: int) -> None:
        self.start_status(unit, CHILD_IN_NEED, day)
        case = unit.cases[0]
        authorised = case.assessment_authorised or day
        start = case.assessment_start or day
        end = max(start + 30, authorised + self.rng.randint(0, 12))
        end = min(end, max(start + 92, authorised + 1))
        self.enter(unit, "assess", day, end)

    def begin_cin(self, unit: _Unit, day: int) -> None:
        self.enter(unit, "cin", day, day + self.rng.randint(60, 130))

    def begin_cp(self, unit: _Unit, day: int, first_review: int | None = None) -> None:
        review = first_review if first_review is not None else day + self.rng.randint(80, 100)
        self.enter(unit, "cp", day, review)

    def co_work(self, unit: _Unit, day: int, since: int | None = None) -> None:
        if unit.lead in self.asye or self.rng.random() < _CO_WORKER_SHARE:
            self.add_co(unit, day, since)

    def to_care(self, unit: _Unit, day: int) -> None:
        for status in (CHILD_PROTECTION, PRE_PROCEEDINGS, COURT_PROCEEDINGS, CHILD_IN_NEED):
            self.end_status(unit, status, day)
        self.start_status(unit, CHILD_LOOKED_AFTER, day)
        self.transfer(unit, "cic", day)
        self.enter(unit, "cla", day, day + self.rng.randint(120, 240))

    def review(self, unit: _Unit, day: int) -> None:
        rng = self.rng
        phase = unit.phase
        if phase == "assess":
            if self.room(0.45, "cincp"):
                self.transfer(unit, "cincp", day)
                if rng.random() < 0.3:
                    self.end_status(unit, CHILD_IN_NEED, day)
                    self.start_status(unit, CHILD_PROTECTION, day)
                    self.begin_cp(unit, day)
                    self.co_work(unit, day)
                else:
                    self.begin_cin(unit, day)
            elif self.room(0.02, "cic"):
                self.to_care(unit, day)
            else:
                self.close(unit, day)
        elif phase == "cin":
            if self.closes(0.4, "cincp"):
                self.close(unit, day)
            elif rng.random() < 0.1:
                self.end_status(unit, CHILD_IN_NEED, day)
                self.start_status(unit, CHILD_PROTECTION, day)
                self.begin_cp(unit, day)
                self.co_work(unit, day)
            else:
                self.begin_cin(unit, day)
        elif phase == "cp":
            draw = rng.random()
            if draw < 0.4:
                self.end_status(unit, CHILD_PROTECTION, day)
                self.end_co(unit, day)
                self.start_status(unit, CHILD_IN_NEED, day)
                self.begin_cin(unit, day)
            elif self.closes(0.12, "cincp"):
                self.end_co(unit, day)
                self.close(unit, day)
            elif self.room(0.14, "cic"):
                self.start_status(unit, PRE_PROCEEDINGS, day)
                self.enter(unit, "pre", day, day + rng.randint(60, 150))
            elif self.room(0.03, "cic"):
                self.to_care(unit, day)
            else:
                self.begin_cp(unit, day, day + rng.randint(150, 190))
        elif phase == "pre":
            self.end_status(unit, PRE_PROCEEDINGS, day)
            if self.room(0.6, "cic"):
                self.start_status(unit, COURT_PROCEEDINGS, day)
                self.enter(unit, "court", day, day + rng.randint(150, 300))
                self.co_work(unit, day)
            else:
                self.begin_cp(unit, day)
        elif phase == "court":
            if rng.random() < 0.75:
                self.to_care(unit, day)
            else:
                self.end_status(unit, COURT_PROCEEDINGS, day)
                self.end_status(unit, CHILD_PROTECTION, day)
                self.end_co(unit, day)
                if rng.random() < 0.5:
                    self.close(unit, day)
                else:
                    self.start_status(unit, CHILD_IN_NEED, day)
                    self.begin_cin(unit, day)
        elif phase == "cla":
            if self.closes(0.1, "cic"):
                self.close(unit, day)
            else:
                self.enter(unit, "cla", day, day + rng.randint(120, 240))
        elif phase == "leaver":
            if day >= unit.until or self.closes(0.04, "leaver"):
                self.close(unit, day)
            else:
                self.enter(unit, "leaver", day, min(unit.until, day + rng.randint(150, 210)))
        elif phase == "disabled":
            if self.closes(0.12, "disabled"):
                self.close(unit, day)
            else:
                self.enter(unit, "disabled", day, day + rng.randint(150, 240))
        elif phase in ("fostering", "adoption"):
            if self.closes(0.1 if phase == "fostering" else 0.25, phase):
                self.close(unit, day)
            else:
                self.enter(unit, phase, day, day + rng.randint(180, 365))

    def adult(self, case: _Case, day: int) -> None:
        """``case``'s child turns 18: a child in care becomes a care leaver, others close."""
        unit = case.unit
        if unit is None or unit.phase in ("closed", "leaver"):
            return
        alone = self.split(unit, case)
        if unit.phase == "cla":
            self.end_status(alone, CHILD_LOOKED_AFTER, day)
            self.start_status(alone, CARE_LEAVER, day)
            self.transfer(alone, "leaver", day)
            alone.until = self.leaving_care_support_ends(case)
            self.enter(alone, "leaver", day, min(alone.until, day + self.rng.randint(150, 210)))
        else:
            self.close(alone, day)

    def leaving_care_support_ends(self, case: _Case) -> int:
        dob = case.dob or 0
        if self.rng.random() < 0.8:
            return _birthday(dob, 21)
        return _birthday(dob, 21) + self.rng.randint(30, 4 * 365 - 30)

    # ---- arrivals ------------------------------------------------------------------------

    def arrive(self, team: str, day: int, *, opening: bool = False) -> int:
        """A new case for ``team`` (opened before ``day`` when ``opening``); children added."""
        rng = self.rng
        team_type = self.team_type[team]
        pool = _POOLS[team_type]
        staff = self.choose(team, 1, day)
        if staff is None:
            return 0

        def back(longest: int, shortest: int = 0) -> int:
            return day - rng.randint(shortest, longest) if opening else day

        since: int | None = None  # when the recorded lead took the case, if before ``day``
        co_since: int | None = None
        if pool in ("fostering", "adoption"):
            unit = self.household(
                FOSTERING_HOUSEHOLD if pool == "fostering" else ADOPTION_HOUSEHOLD
            )
            opened = back(10 * 365 if pool == "fostering" else 3 * 365)
            self.enter(unit, pool, day, day + rng.randint(1 if opening else 180, 365))
            since = opened
        elif pool == "assess":
            unit = self.children(day, 0, 17, back(60), alone=False)
            opened = unit.cases[0].assessment_start or day
            self.begin_assessment(unit, opened)
            since = opened
        elif pool == "cincp":
            unit = self.children(day, 0, 17, back(30 * 30, 60), alone=False)
            opened = unit.cases[0].assessment_start or day
            joined = max(opened, min(opened + rng.randint(25, 90), day - 1)) if opening else day
            since = joined
            if rng.random() < (0.45 if opening else 0.25):
                cp_start = rng.randint(joined, day) if opening else day
                self.start_status(unit, CHILD_IN_NEED, opened)
                self.end_status(unit, CHILD_IN_NEED, cp_start)
                self.start_status(unit, CHILD_PROTECTION, cp_start)
                if opening and rng.random() < 0.2:
                    court = day - rng.randint(0, min(250, day - cp_start))
                    self.start_status(unit, COURT_PROCEEDINGS, court)
                    self.enter(unit, "court", day, court + rng.randint(150, 300))
                    co_since = court
                elif opening and rng.random() < 0.12:
                    pre = day - rng.randint(0, min(120, day - cp_start))
                    self.start_status(unit, PRE_PROCEEDINGS, pre)
                    self.enter(unit, "pre", day, pre + rng.randint(60, 150))
                else:
                    first = day + rng.randint(1, 180) if opening else None
                    self.begin_cp(unit, day, first)
                    co_since = cp_start
            else:
                self.start_status(unit, CHILD_IN_NEED, opened)
                self.begin_cin(unit, day - rng.randint(0, 59) if opening else day)
        elif pool == "cic":
            alone = rng.random() < 0.6
            unit = self.children(day, 12 if alone else 0, 17, back(9 * 365, 20), alone=alone)
            opened = unit.cases[0].assessment_start or day
            cla = opened + rng.randint(0, 90) if opening else opened
            cla = max(min(cla, day), max(case.dob or 0 for case in unit.cases))
            if cla > opened:
                self.start_status(unit, CHILD_IN_NEED, opened)
                self.end_status(unit, CHILD_IN_NEED, cla)
            self.start_status(unit, CHILD_LOOKED_AFTER, cla)
            self.enter(unit, "cla", day, day + rng.randint(1 if opening else 120, 240))
            since = cla
        elif pool == "leaver":
            unit = self.children(day, 18, 20 if opening else 22, day, alone=True)
            case = unit.cases[0]
            eighteen = _birthday(case.dob or 0, 18)
            if opening:  # in care until 18, since the assessment that opened the case
                opened = eighteen - rng.randint(200, 6 * 365)
                case.assessment_start = opened
                case.assessment_authorised = self.authorised(opened)
                self.start_status(unit, CHILD_LOOKED_AFTER, opened)
                self.end_status(unit, CHILD_LOOKED_AFTER, eighteen)
                self.start_status(unit, CARE_LEAVER, eighteen)
                since = eighteen
            else:  # a former relevant child asking for support again
                self.start_status(unit, CARE_LEAVER, day)
            unit.until = max(self.leaving_care_support_ends(case), day + rng.randint(180, 720))
            unit.until = min(unit.until, _birthday(case.dob or 0, 25) - 1)
            self.enter(unit, "leaver", day, min(unit.until, day + rng.randint(1, 210)))
        elif pool == "disabled":
            unit = self.children(day, 2, 17, back(8 * 365), alone=rng.random() < 0.8)
            opened = unit.cases[0].assessment_start or day
            self.start_status(unit, CHILD_IN_NEED, opened)
            self.enter(unit, "disabled", day, day + rng.randint(1 if opening else 150, 240))
            since = opened
        else:
            return 0
        if opening and since is not None:
            tenure = max(since, self.staff[staff].start_date.toordinal(), day - 730)
            since = rng.randint(tenure, day) if tenure < day else day
        self.assign(unit, staff, day, "", since if opening else None)
        if co_since is not None:
            self.co_work(unit, day, max(co_since, since or day))
        return len(unit.cases)

    def opening_caseload(self) -> None:
        for team, capacity in self.team_capacity.items():
            if self.team_type[team] not in _POOLS:
                continue
            held = 0
            while held < capacity * self.rng.uniform(0.95, 1.02):
                added = self.arrive(team, _H, opening=True)
                if not added:
                    break
                held += added

    def arrivals(self, day: int) -> None:
        for team, capacity in self.team_capacity.items():
            team_type = self.team_type[team]
            if team_type not in _POOLS:
                continue
            wanted = (capacity * _ARRIVAL_FILL[_POOLS[team_type]] - self.team_open[team]) * 0.4
            while wanted > 0 and self.rng.random() < wanted:
                added = self.arrive(team, day)
                if not added:
                    break
                wanted -= added

    # ---- the days ------------------------------------------------------------------------

    def staff_go(self, key: str, day: int, reason: str) -> None:
        """``key``'s cases go to colleagues from ``day``; their co-working ends."""
        for unit in list(self.leading[key].values()):
            self.reallocate(unit, day, reason)
        for unit in list(self.co_working[key].values()):
            self.end_co(unit, day)

    def run(self) -> None:
        self.opening_caseload()
        for day in range(_H + 1, _R + 1):
            for key in self.starts.get(day, ()):
                self.member_add(key, self.team_on(self.staff[key], day))
            for key in self.move_days.get(day, ()):
                person = self.staff[key]
                if key not in self.members[person.team_key]:
                    continue  # the move is outside their time in post
                self.staff_go(key, day, "LEFTRL")
                self.member_remove(key, person.team_key)
                self.member_add(key, self.team_on(person, day))
            for key in self.leaves.get(day, ()):
                self.staff_go(key, day, "LEFTRL")
                self.member_remove(key, self.team_on(self.staff[key], day - 1))
            if self.pending:
                waiting, self.pending = self.pending, []
                for unit, reason in waiting:
                    if unit.phase != "closed" and unit.lead is None:
                        self.allocate(unit, _PHASE_POOLS[unit.phase], day, reason)
            for kind, subject, token in self.events.pop(day, ()):
                self.handle(kind, subject, token, day)
            self.arrivals(day)

    def handle(self, kind: str, subject: object, token: int, day: int) -> None:
        if kind == "review":
            assert isinstance(subject, _Unit)
            if subject.gen == token and subject.phase != "closed":
                self.review(subject, day)
        elif kind == "adult":
            assert isinstance(subject, _Case)
            self.adult(subject, day)
        elif kind == "change":
            assert isinstance(subject, _Unit)
            unit = subject
            if unit.lead_gen == token and unit.lead is not None and unit.team is not None:
                lead_since = unit.cases[0].lead_allocation
                if lead_since is not None and int(lead_since[3] or 0) < day:
                    staff = self.choose(unit.team, len(unit.cases), day, exclude=[unit.lead])
                    if staff is not None:
                        self.unassign(unit, day)
                        self.assign(unit, staff, day, _pick(self.rng, _OTHER_REASONS))
        elif kind == "absent":
            assert isinstance(subject, str)
            if day <= token and any(subject in members for members in self.members.values()):
                self.absent_until[subject] = token
                self.staff_go(subject, day, "ABSENC")

    # ---- the result ----------------------------------------------------------------------

    def result(self) -> DemoCaseloads:
        kept = sorted(
            (a for a in self.allocations if a[4] is None or int(a[4]) >= int(a[3] or 0)),
            key=lambda a: (str(a[0]), a[2] != LEAD, int(a[3] or 0)),
        )
        allocations = []
        led: set[str] = set()
        for a in kept:
            case_key, role = str(a[0]), str(a[2])
            first = role == LEAD and case_key not in led
            if role == LEAD:
                led.add(case_key)
            allocations.append(
                DemoAllocation(
                    case_key=case_key,
                    staff_key=str(a[1]),
                    role=role,
                    start=date.fromordinal(int(a[3] or 0)),
                    end=None if a[4] is None else date.fromordinal(int(a[4])),
                    change_reason="" if first or role != LEAD else str(a[5]) or "OTHERS",
                )
            )
        cases = tuple(_case(case) for case in self.cases)
        return DemoCaseloads(
            cases=cases,
            allocations=tuple(allocations),
            visits=tuple(_visits(self.rng, self.workdays, cases, allocations)),
        )


def _end(allocation: _Allocation, last: int) -> None:
    """Ends an allocation on ``last``; one that would end before it starts (it began the same
    day) is left out of the result."""
    allocation[4] = last


def _end_status(case: _Case, status: str, day: int) -> None:
    for index, row in enumerate(case.statuses):
        if row[0] == status and row[2] is None:
            if int(row[1] or 0) > day - 1:
                del case.statuses[index]
            else:
                row[2] = day - 1
            return


def _case(case: _Case) -> DemoCase:
    def when(day: int | None) -> date | None:
        return None if day is None else date.fromordinal(day)

    statuses = sorted(
        (str(status), date.fromordinal(int(start or 0)), when(None if end is None else int(end)))
        for status, start, end in case.statuses
    )
    return DemoCase(
        key=case.key,
        kind=case.kind,
        cms_id=case.cms_id,
        date_of_birth=when(case.dob),
        sibling_group=case.sibling_group,
        travel_band=case.travel,
        complexity=case.complexity,
        statuses=tuple(statuses),
        assessment_start=when(case.assessment_start),
        assessment_authorised=when(case.assessment_authorised),
    )


# Visiting timescales in working days: (aim, most visits within, late visits up to).
_VISITING = {
    CHILD_PROTECTION: (10, 0.85, 18),
    CHILD_LOOKED_AFTER: (30, 0.88, 45),
    CHILD_IN_NEED: (20, 0.82, 35),
}
_VISIT_ORDER = (CHILD_PROTECTION, CHILD_LOOKED_AFTER, CHILD_IN_NEED)


def _visits(
    rng: random.Random,
    workdays: _WorkingDays,
    cases: tuple[DemoCase, ...],
    allocations: list[DemoAllocation],
) -> list[DemoVisit]:
    """Lead workers' visits in the last 12 months: children on protection plans about every 10
    working days, children in care every 6 weeks, children in need every 20 working days."""
    first, last = VISITS_FROM.toordinal(), _R
    leads: dict[str, list[tuple[int, int, str]]] = {}
    for allocation in allocations:
        held_to = _R if allocation.end is None else allocation.end.toordinal()
        if allocation.role == LEAD and held_to >= first:
            leads.setdefault(allocation.case_key, []).append(
                (allocation.start.toordinal(), held_to, allocation.staff_key)
            )
    visits: list[DemoVisit] = []
    for case in cases:
        periods = leads.get(case.key)
        if not periods or case.kind != CHILD:
            continue
        spans: list[tuple[int, int, str]] = []
        for status, start, end in case.statuses:
            if status in _VISITING:
                to = _R if end is None else end.toordinal()
                if to >= first:
                    spans.append((max(start.toordinal(), first), to, status))
        if not spans:
            continue
        boundaries = sorted({a for a, _, _ in spans} | {b + 1 for _, b, _ in spans})
        for begin, after in itertools.pairwise(boundaries):
            active = {t for a, b, t in spans if a <= begin <= b}
            visiting = next((s for s in _VISIT_ORDER if s in active), None)
            if visiting is None:
                continue
            aim, on_time, latest = _VISITING[visiting]
            fresh = any(a == begin and a > first for a, _, t in spans if t == visiting)
            gap = rng.randint(1, 5) if fresh else rng.randint(1, aim)
            day = workdays.add(begin - 1, gap)
            while day < after and day <= last:
                visitor = next((s for a, b, s in periods if a <= day <= b), None)
                if visitor is not None:
                    visits.append(DemoVisit(case.key, date.fromordinal(day), visitor))
                late = rng.random() >= on_time
                gap = rng.randint(aim + 1, latest) if late else rng.randint(max(3, aim // 2), aim)
                day = workdays.add(day, gap)
    return visits
