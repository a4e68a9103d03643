"""A fictional local authority, "Northfield", generated deterministically for demonstrations.

``generate(seed=..., scale=..., years=...)`` always returns the same authority for the same
arguments and never looks at today's date: its history is the ``years`` CSWW reporting years to
2025, by default the five 2021 to 2025 (1 October 2020 to ``REFERENCE_DATE``, 30 September 2025).
Years before the first DfE published (2017) aim at that first year's rates.

Shape at scale 1: 4 service areas, 12 teams and about 180 FTE social workers in post at the
reference date (managers included, as DfE counts them), some part-time, plus agency workers.
Each team has one team manager and each service area one service manager; a head of service
leads them. The data has no place above a team, so a service manager is recorded in the last
team of their area and the head of service in the last team of all. ``scale`` N repeats the
structure N times (names of copies 2.. end in their number).

Two people never leave, for demo logins: ``DEMO_TEAM_MANAGER_KEY`` ("S0001") manages
``teams[0]`` and ``DEMO_SOCIAL_WORKER_KEY`` ("S0002") holds cases in it.

Each year's starters, leavers, agency workers at 30 September and sickness are drawn so that
Northfield's turnover, starters, agency and absence rates fall near the middle of England's
interquartile range of local authorities for that year (``measures.la_interquartile_range``).
Names are combinations from generic lists; SWE numbers start "ZZ", which Social Work England
does not issue.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from csc_workforce.core import indicators
from csc_workforce.core.measures import (
    ABSENCE,
    AGENCY,
    STARTERS_RATE,
    TURNOVER,
    la_interquartile_range,
)
from csc_workforce.core.reference import LocalAuthorityDetails

REFERENCE_DATE = date(2025, 9, 30)
HISTORY_YEARS = (2021, 2022, 2023, 2024, 2025)
HISTORY_START = date(2020, 10, 1)
"""The register is complete from here: everyone who started or left since is in it (with the
default five years of history; ``DemoAuthority.history_start`` in general)."""
DEFAULT_YEARS = len(HISTORY_YEARS)
FIRST_PUBLISHED_YEAR = 2017
"""The first reporting year of DfE's local authority figures the demo aims at."""


def history_years(years: int = DEFAULT_YEARS) -> tuple[int, ...]:
    """The reporting years of a demo history of ``years`` years, ending in 2025."""
    if years < 1:
        raise ValueError("years must be at least 1")
    return tuple(range(REFERENCE_DATE.year - years + 1, REFERENCE_DATE.year + 1))


def history_start(years: int = DEFAULT_YEARS) -> date:
    """The first day of a demo history of ``years`` years: 1 October before its first year."""
    return date(history_years(years)[0] - 1, 10, 1)


TARGET_INPOST_FTE = 180
COMPARATORS = ("394", "807", "390", "805", "840", "357", "372", "354", "890", "841")
"""South Tyneside's ten DfE statistical neighbours (2025): North East, North West, Yorkshire."""
DEMO_TEAM_MANAGER_KEY = "S0001"
DEMO_SOCIAL_WORKER_KEY = "S0002"

TEAM_TYPES = (
    "front_door",
    "assessment",
    "cin_cp",
    "children_in_care",
    "care_leavers",
    "fostering",
    "adoption",
    "disabled_children",
    "edge_of_care",
    "other",
)
LEAVING_REASONS = ("1", "5", "4", "8", "9")
"""CSWW ReasonLeave codes drawn for leavers: resignation, retired, dismissed, other (the end of
a fixed-term contract), not known. Agency placements that end have no reason (DfE collects none)."""
SICKNESS_REASONS = (
    "stress_anxiety_depression",
    "musculoskeletal",
    "surgery",
    "infections",
    "gastro",
    "respiratory",
    "other",
)


@dataclass(frozen=True)
class DemoServiceArea:
    key: str
    name: str


@dataclass(frozen=True)
class DemoTeam:
    key: str
    name: str
    team_type: str
    service_area_key: str


@dataclass(frozen=True)
class DemoStaff:
    """A social worker's one period of employment or agency placement.

    ``role_level`` is the CSWW organisational role: 1 senior manager, 2 middle manager, 3 first
    line manager, 4 senior practitioner, 5 case holder, 6 qualified without cases. ``end_date``
    is the last day in post, None if in post at the reference date.
    """

    key: str
    given_name: str
    family_name: str
    swe_number: str
    job_title: str
    role_level: int
    team_key: str
    employment: str
    fte: Decimal
    start_date: date
    end_date: date | None
    reason_leave: str
    date_of_birth: date | None = None
    sex: str = ""
    ethnicity: str = ""
    qualification_level: str = ""
    qualification_route: str = ""
    qualifying_institution: str = ""
    local_role: str = "social_worker"
    start_origin: str = ""
    leaver_destination: str = ""
    base_salary: Decimal | None = None
    contract_weeks: Decimal | None = None


@dataclass(frozen=True)
class DemoSickness:
    """One episode of sickness; ``working_days_lost`` is FTE days (weekdays x the worker's FTE)."""

    staff_key: str
    start_date: date
    end_date: date
    working_days_lost: Decimal
    reason: str


@dataclass(frozen=True)
class DemoMove:
    """An internal move: from ``on`` the worker is in ``team_key`` (not a leaver or starter)."""

    staff_key: str
    on: date
    team_key: str


@dataclass(frozen=True)
class DemoCaseCount:
    staff_key: str
    on: date
    cases: int


@dataclass(frozen=True)
class DemoPost:
    """A funded post: ``team_key``'s establishment, one post of ``fte`` from ``funded_from``."""

    reference: str
    team_key: str
    role_level: int
    fte: Decimal
    funded_from: date


NORTHFIELD = LocalAuthorityDetails(
    old_la_code="999",
    new_la_code="E06999999",
    name="Northfield",
    region_code="E12000001",
    region_name="North East",
)
"""The fictional authority: DfE issues no LA code 999, so its returns name nobody real."""


@dataclass(frozen=True, kw_only=True)
class DemoAuthority:
    name: str = NORTHFIELD.name
    new_la_code: str = NORTHFIELD.new_la_code
    old_la_code: str = NORTHFIELD.old_la_code
    region_code: str = NORTHFIELD.region_code
    region_name: str = NORTHFIELD.region_name
    comparators: tuple[str, ...]
    service_areas: tuple[DemoServiceArea, ...]
    teams: tuple[DemoTeam, ...]
    staff: tuple[DemoStaff, ...]
    sickness: tuple[DemoSickness, ...]
    moves: tuple[DemoMove, ...] = ()
    case_counts: tuple[DemoCaseCount, ...] = ()
    posts: tuple[DemoPost, ...] = ()
    seed: int
    scale: int
    years: int = DEFAULT_YEARS

    @property
    def history_years(self) -> tuple[int, ...]:
        return history_years(self.years)

    @property
    def history_start(self) -> date:
        return history_start(self.years)


@dataclass(frozen=True)
class YearFigures:
    """An authority's CSWW figures for one reporting year; rates unrounded, None as DfE's 'z'."""

    year: int
    inpost_fte: Decimal
    agency_fte: Decimal
    starters_fte: Decimal
    leavers_fte: Decimal
    working_days_lost_fte: Decimal
    turnover_rate: Decimal | None
    agency_rate: Decimal | None
    absence_rate: Decimal | None
    starters_rate: Decimal | None


# (service area, ((team name, team type, relative size), ...))
_STRUCTURE = (
    (
        "Front door and assessment",
        (
            ("Front door (MASH)", "front_door", 1.1),
            ("Assessment team 1", "assessment", 1.2),
            ("Assessment team 2", "assessment", 1.2),
        ),
    ),
    (
        "Safeguarding and family help",
        (
            ("Child in need and protection team 1", "cin_cp", 1.3),
            ("Child in need and protection team 2", "cin_cp", 1.3),
            ("Child in need and protection team 3", "cin_cp", 1.3),
            ("Edge of care team", "edge_of_care", 0.6),
        ),
    ),
    (
        "Children in care",
        (
            ("Children in care team", "children_in_care", 1.4),
            ("Care leavers team", "care_leavers", 0.6),
            ("Disabled children's team", "disabled_children", 0.8),
        ),
    ),
    (
        "Fostering and adoption",
        (("Fostering team", "fostering", 0.9), ("Adoption team", "adoption", 0.6)),
    ),
)
_GIVEN_NAMES = (
    "Aisha", "Alex", "Amelia", "Ben", "Chloe", "Daniel", "Deborah", "Ella", "Faisal", "Grace",
    "Hannah", "Harry", "Imran", "Jack", "James", "Jasmine", "Joanne", "Karen", "Laura", "Liam",
    "Lucy", "Mark", "Mohammed", "Natalie", "Oliver", "Priya", "Rachel", "Ryan", "Sam", "Sarah",
    "Sophie", "Stephen", "Tom", "Zara",
)  # fmt: skip
_FAMILY_NAMES = (
    "Ahmed", "Allen", "Bailey", "Begum", "Brown", "Clarke", "Davies", "Evans", "Green", "Hall",
    "Harris", "Hughes", "Jackson", "Johnson", "Khan", "King", "Lewis", "Martin", "Moore", "Patel",
    "Robinson", "Scott", "Smith", "Taylor", "Thompson", "Walker", "White", "Wilson", "Wood",
    "Wright", "Young",
)  # fmt: skip
_ASYE = "Newly qualified social worker (ASYE)"
_HEAD = ("Head of service", 1)
_SERVICE_MANAGER = ("Service manager", 2)
_TEAM_MANAGER = ("Team manager", 3)
_SENIOR_PRACTITIONER = ("Senior practitioner", 4)
_SOCIAL_WORKER = ("Social worker", 5)
_PRACTITIONERS = (
    _SOCIAL_WORKER,
    _SENIOR_PRACTITIONER,
    ("Advanced practitioner", 4),
    (_ASYE, 5),
    ("Practice educator", 6),
)
_OPENING_MIX = (58, 20, 6, 10, 6)  # weights over _PRACTITIONERS
_STARTER_MIX = (45, 15, 5, 33, 2)
_PART_TIME_FTES = tuple(Decimal(f) for f in ("0.5", "0.541", "0.6", "0.7", "0.8", "0.811", "0.9"))
_LEAVING_WEIGHTS = (75, 10, 4, 0, 11)  # over LEAVING_REASONS, for permanent staff
_LOCAL_ROLES = {
    "Head of service": "head_of_service",
    "Service manager": "service_manager",
    "Team manager": "team_manager",
    "Senior practitioner": "senior_practitioner",
    "Advanced practitioner": "advanced_practitioner",
    "Social worker": "social_worker",
    "Newly qualified social worker (ASYE)": "asye",
    "Practice educator": "practice_educator",
}
# England's social workers: mostly women, about a quarter from ethnic minorities.
_SEXES = (("F", 84), ("M", 16))
_ETHNICITIES = (
    ("WBRI", 66), ("WOTH", 4), ("WIRI", 1), ("MWBC", 2), ("MOTH", 1), ("AIND", 3), ("APKN", 3),
    ("ABAN", 1), ("BAFR", 9), ("BCRB", 3), ("BOTH", 1), ("OOTH", 2), ("REFU", 3), ("NOBT", 1),
)  # fmt: skip
_ROUTES = (
    ("undergraduate", 45), ("postgraduate", 30), ("step_up", 8), ("frontline", 10),
    ("apprenticeship", 5), ("other", 2),
)  # fmt: skip
_ORIGINS = (("2", 30), ("4", 20), ("5", 8), ("6", 10), ("3", 4), ("7", 5), ("8", 3), ("9", 20))
_DESTINATIONS = (("1", 30), ("3", 20), ("4", 10), ("5", 8), ("6", 12), ("7", 5), ("8", 15))
_INSTITUTIONS = (
    "Northfield University", "University of the North Coast", "Riverside University",
    "Fellside College", "Moorland University", "City of Northfield College",
)  # fmt: skip
_SALARIES = {1: 72000, 2: 58000, 3: 49000, 4: 43000, 5: 38000, 6: 38000}
_CASES = {4: (11, 3), 5: (16, 4)}  # role level: mean and spread of cases held
_VACANCY_SHARE = Decimal("0.16")
_EPISODE_LENGTHS = ((1, 3), (4, 10), (11, 40), (41, 120))  # working days: shortest, longest
_EPISODE_WEIGHTS = (60, 25, 12, 3)
_SHORT_SICKNESS_WEIGHTS = (5, 5, 0, 30, 25, 25, 10)  # over SICKNESS_REASONS, up to 5 days
_LONG_SICKNESS_WEIGHTS = (45, 20, 20, 0, 0, 5, 10)
_AIMED_AT = (AGENCY.key, TURNOVER.key, STARTERS_RATE, ABSENCE.key)
_ONE = Decimal(1)
_DAY = timedelta(days=1)


def _structure(scale: int) -> tuple[tuple[DemoServiceArea, ...], tuple[DemoTeam, ...], list[float]]:
    areas: list[DemoServiceArea] = []
    teams: list[DemoTeam] = []
    sizes: list[float] = []
    for copy in range(1, scale + 1):
        suffix = f" {copy}" if copy > 1 else ""
        for area_name, area_teams in _STRUCTURE:
            area = DemoServiceArea(key=f"A{len(areas) + 1}", name=area_name + suffix)
            areas.append(area)
            for team_name, team_type, size in area_teams:
                key = f"T{len(teams) + 1:02d}"
                teams.append(DemoTeam(key, team_name + suffix, team_type, area.key))
                sizes.append(size)
    return tuple(areas), tuple(teams), sizes


def _targets(
    rng: random.Random, years: tuple[int, ...] = HISTORY_YEARS
) -> dict[tuple[int, str], Decimal]:
    """Each year's aim for each rate, as a fraction, between 35% and 65% of the way through
    England's interquartile range (of 2017 for years before it); the agency rate also at
    30 September before the first year."""
    targets: dict[tuple[int, str], Decimal] = {}
    for year in (years[0] - 1, *years):
        measures = _AIMED_AT if year in years else (AGENCY.key,)
        for measure in measures:
            published = max(year, FIRST_PUBLISHED_YEAR)
            lower, upper = la_interquartile_range(year=published, measure=measure)
            aim = lower + (upper - lower) * rng.uniform(0.35, 0.65)
            targets[year, measure] = Decimal(f"{aim:.4f}") / 100
    return targets


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _weekdays(first: date, last: date) -> int:
    """Monday to Friday from ``first`` to ``last`` inclusive (the demo ignores bank holidays)."""
    days = (last - first).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(rest))


def _add_weekdays(first: date, count: int) -> date:
    """The ``count``-th weekday counting ``first`` (a weekday) as the first."""
    weeks, rest = divmod(count - 1, 5)
    day = first + timedelta(weeks=weeks)
    while rest:
        day += _DAY
        rest -= day.weekday() < 5
    return day


def _in_post(staff: DemoStaff, on: date) -> bool:
    return staff.start_date <= on and (staff.end_date is None or staff.end_date >= on)


class _Builder:
    """Northfield's workforce as it is built up, one reporting year after another."""

    def __init__(self, rng: random.Random, teams: tuple[DemoTeam, ...], sizes: list[float]):
        self.rng = rng
        self.teams = teams
        self.sizes = sizes
        self.staff: list[DemoStaff] = []
        self.sickness: list[DemoSickness] = []
        self.episodes: dict[str, list[tuple[date, date]]] = {}
        self.swe_numbers: set[str] = set()

    def hire(
        self,
        role: tuple[str, int],
        start: date,
        *,
        team_key: str | None = None,
        employment: str = "permanent",
        fte: Decimal = _ONE,
    ) -> Decimal:
        rng = self.rng
        swe_number = f"ZZ{rng.randrange(10**6):06d}"
        while swe_number in self.swe_numbers:
            swe_number = f"ZZ{rng.randrange(10**6):06d}"
        self.swe_numbers.add(swe_number)
        if team_key is None:
            team_key = rng.choices(self.teams, self.sizes)[0].key
        self.staff.append(
            DemoStaff(
                key=f"S{len(self.staff) + 1:04d}",
                given_name=rng.choice(_GIVEN_NAMES),
                family_name=rng.choice(_FAMILY_NAMES),
                swe_number=swe_number,
                job_title=role[0],
                role_level=role[1],
                team_key=team_key,
                employment=employment,
                fte=fte,
                start_date=start,
                end_date=None,
                reason_leave="",
            )
        )
        return fte

    def hire_practitioner(self, role: tuple[str, int], start: date) -> Decimal:
        rng = self.rng
        fte = _ONE if rng.random() < 0.8 else rng.choice(_PART_TIME_FTES)
        employment = "fixed_term" if rng.random() < 0.08 else "permanent"
        return self.hire(role, start, employment=employment, fte=fte)

    def leave(self, index: int, end: date) -> None:
        staff = self.staff[index]
        if staff.employment == "permanent":
            reason = self.rng.choices(LEAVING_REASONS, _LEAVING_WEIGHTS)[0]
        elif staff.employment == "fixed_term":
            reason = "8"
        else:
            reason = ""
        self.staff[index] = replace(staff, end_date=end, reason_leave=reason)

    def in_post(self, on: date, *, agency: bool = False) -> list[int]:
        return [
            i
            for i, staff in enumerate(self.staff)
            if (staff.employment == "agency") == agency and _in_post(staff, on)
        ]

    def inpost_fte(self, on: date) -> Decimal:
        return sum((self.staff[i].fte for i in self.in_post(on)), Decimal(0))

    def opening_workforce(self, fte: Decimal, on: date) -> None:
        """Everyone in post on ``on``: managers first, then practitioners up to ``fte``."""
        rng = self.rng

        def since(mode_years: float) -> date:
            return on - timedelta(days=round(rng.triangular(1, 25 * 365, mode_years * 365)))

        first_team = self.teams[0].key
        self.hire(_TEAM_MANAGER, since(12), team_key=first_team)
        self.hire(_SOCIAL_WORKER, since(4), team_key=first_team)
        for team in self.teams[1:]:
            self.hire(_TEAM_MANAGER, since(12), team_key=team.key)
        last_teams = {team.service_area_key: team.key for team in self.teams}
        for number, team_key in enumerate(last_teams.values(), start=1):
            self.hire(_SERVICE_MANAGER, since(14), team_key=team_key)
            if number % len(_STRUCTURE) == 0:  # the last area of a copy of the structure
                self.hire(_HEAD, since(16), team_key=team_key)
        total = sum((staff.fte for staff in self.staff), Decimal(0))
        while total < fte:
            role = rng.choices(_PRACTITIONERS, _OPENING_MIX)[0]
            start = on - rng.randint(1, 365) * _DAY if role[0] == _ASYE else since(3)
            total += self.hire_practitioner(role, start)

    def turnover(self, year: int, targets: dict[tuple[int, str], Decimal]) -> None:
        """Leavers among those in post at the start of the year, managers replaced the next day,
        then practitioners starting until the starters rate is reached."""
        rng = self.rng
        first, last = indicators.reporting_year_bounds(year)
        opening = self.in_post(first - _DAY)
        leaving_rate = targets[year, TURNOVER.key]
        starting_rate = targets[year, STARTERS_RATE]
        closing = self.inpost_fte(first - _DAY) / (1 - starting_rate + leaving_rate)
        left = started = Decimal(0)
        for index in rng.sample(opening, len(opening)):
            if left >= leaving_rate * closing:
                break
            staff = self.staff[index]
            if staff.key in (DEMO_TEAM_MANAGER_KEY, DEMO_SOCIAL_WORKER_KEY):
                continue
            end = _day(rng, first, last - _DAY)
            self.leave(index, end)
            left += staff.fte
            if staff.role_level <= 3:
                role = (staff.job_title, staff.role_level)
                started += self.hire(role, end + _DAY, team_key=staff.team_key)
        while started < starting_rate * closing:
            role = rng.choices(_PRACTITIONERS, _STARTER_MIX)[0]
            started += self.hire_practitioner(role, _day(rng, first, last))

    def agency(self, year: int, targets: dict[tuple[int, str], Decimal]) -> None:
        """Agency placements ending and starting in the year, leaving the agency rate's number
        in post at 30 September, plus a few short placements within the year."""
        rng = self.rng
        first, last = indicators.reporting_year_bounds(year)
        rate = targets[year, AGENCY.key]
        wanted = round(rate * self.inpost_fte(last) / (1 - rate))
        placed = self.in_post(first - _DAY, agency=True)
        staying = [i for i in placed if rng.random() < 0.45]
        ending = [i for i in placed if i not in staying]
        if len(staying) > wanted:
            ending += rng.sample(staying, len(staying) - wanted)
        for index in ending:
            self.leave(index, _day(rng, first, last - _DAY))
        for _ in range(wanted - len(staying)):
            self.hire_agency(_day(rng, first, last))
        for _ in range(wanted // 6):
            start = _day(rng, first, last - 60 * _DAY)
            self.hire_agency(start)
            self.leave(len(self.staff) - 1, start + rng.randint(20, 59) * _DAY)

    def hire_agency(self, start: date) -> None:
        role = _SOCIAL_WORKER if self.rng.random() < 0.8 else _SENIOR_PRACTITIONER
        self.hire(role, start, employment="agency")

    def opening_agency(self, rate: Decimal, on: date) -> None:
        for _ in range(round(rate * self.inpost_fte(on) / (1 - rate))):
            self.hire_agency(on - self.rng.randint(1, 540) * _DAY)

    def sickness_absence(self, year: int, targets: dict[tuple[int, str], Decimal]) -> None:
        """Episodes for employees until the year's FTE days lost reach the absence rate's."""
        rng = self.rng
        first, last = indicators.reporting_year_bounds(year)
        days = indicators.working_days_in_reporting_year(year)
        target = targets[year, ABSENCE.key] * self.inpost_fte(last) * days
        windows = [  # DfE counts the days lost by employees in post at 30 September
            (staff, max(staff.start_date, first), last)
            for staff in self.staff
            if staff.employment != "agency"
            and staff.start_date <= last
            and (staff.end_date is None or staff.end_date > last)
        ]
        lost = Decimal(0)
        while lost < target:
            staff, earliest, latest = rng.choice(windows)
            shortest, longest = rng.choices(_EPISODE_LENGTHS, _EPISODE_WEIGHTS)[0]
            length = min(rng.randint(shortest, longest), math.ceil((target - lost) / staff.fte))
            start = _day(rng, earliest, latest)
            if start.weekday() >= 5:
                continue
            end = min(_add_weekdays(start, length), latest)
            taken = self.episodes.setdefault(staff.key, [])
            if any(start <= other_end and other_start <= end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            length = _weekdays(start, end)
            weights = _SHORT_SICKNESS_WEIGHTS if length <= 5 else _LONG_SICKNESS_WEIGHTS
            days_lost = (staff.fte * length).quantize(Decimal("0.01"))
            reason = rng.choices(SICKNESS_REASONS, weights)[0]
            self.sickness.append(DemoSickness(staff.key, start, end, days_lost, reason))
            lost += days_lost

    def finished_staff(self) -> tuple[DemoStaff, ...]:
        """Staff with ASYE titles dropped after the first year in post."""
        return tuple(
            replace(staff, job_title=_SOCIAL_WORKER[0])
            if staff.job_title == _ASYE
            and ((staff.end_date or REFERENCE_DATE) - staff.start_date).days > 365
            else staff
            for staff in self.staff
        )


def generate(*, seed: int = 1, scale: int = 1, years: int = DEFAULT_YEARS) -> DemoAuthority:
    """Northfield for ``seed``, its teams and workforce repeated ``scale`` times, with ``years``
    reporting years of history to 2025."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    reporting_years = history_years(years)
    rng = random.Random(seed)
    service_areas, teams, sizes = _structure(scale)
    targets = _targets(rng, reporting_years)
    opening_fte = Decimal(TARGET_INPOST_FTE * scale)
    for year in reversed(reporting_years):
        opening_fte *= 1 - targets[year, STARTERS_RATE] + targets[year, TURNOVER.key]
    opening_day = indicators.reporting_year_bounds(reporting_years[0])[0] - _DAY
    build = _Builder(rng, teams, sizes)
    build.opening_workforce(opening_fte, opening_day)
    build.opening_agency(targets[opening_day.year, AGENCY.key], opening_day)
    for year in reporting_years:
        build.turnover(year, targets)
        build.agency(year, targets)
        build.sickness_absence(year, targets)
    people = random.Random(f"{seed}:people")  # apart, so the rates above stay as they are
    staff = _describe(people, build.finished_staff())
    moves = _moves(people, staff, teams, start=history_start(years))
    return DemoAuthority(
        comparators=COMPARATORS,
        service_areas=service_areas,
        teams=teams,
        staff=staff,
        sickness=tuple(build.sickness),
        moves=moves,
        case_counts=_case_counts(people, staff, reporting_years),
        posts=_posts(staff, moves, start=history_start(years)),
        seed=seed,
        scale=scale,
        years=years,
    )


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


def _describe(rng: random.Random, staff: tuple[DemoStaff, ...]) -> tuple[DemoStaff, ...]:
    """Each person's date of birth, sex, ethnicity, qualification, local role, origin,
    destination and pay, as CSWW codes."""
    described = []
    for person in staff:
        asye = person.job_title == _ASYE
        age = rng.randint(22, 28) if asye else round(rng.triangular(24, 66, 40))
        agency = person.employment == "agency"
        route = _pick(rng, _ROUTES)
        described.append(
            replace(
                person,
                date_of_birth=person.start_date.replace(day=1)
                - timedelta(days=round(age * 365.25) - rng.randint(0, 364)),
                sex=_pick(rng, _SEXES),
                ethnicity=_pick(rng, _ETHNICITIES),
                qualification_level="2"
                if route in {"postgraduate", "step_up", "frontline"}
                else "1"
                if route in {"undergraduate", "apprenticeship"}
                else "3",
                qualification_route=route,
                qualifying_institution=rng.choice(_INSTITUTIONS),
                local_role=_LOCAL_ROLES[person.job_title],
                start_origin="" if agency else "1" if asye else _pick(rng, _ORIGINS),
                leaver_destination=_pick(rng, _DESTINATIONS)
                if person.end_date and not agency
                else "",
                base_salary=None
                if agency
                else Decimal(_SALARIES[person.role_level] + rng.randrange(0, 4000, 250)),
                contract_weeks=Decimal(rng.choice((13, 26, 39, 52))) if agency else None,
            )
        )
    return tuple(described)


def _moves(
    rng: random.Random,
    staff: tuple[DemoStaff, ...],
    teams: tuple[DemoTeam, ...],
    *,
    start: date = HISTORY_START,
) -> tuple[DemoMove, ...]:
    """About one practitioner in twelve moves to another team of the same kind of work or
    another team altogether, once, while in post."""
    moves = []
    for person in staff:
        if person.role_level < 4 or person.employment == "agency" or rng.random() > 1 / 12:
            continue
        if person.key == DEMO_SOCIAL_WORKER_KEY:
            continue
        last = min(person.end_date or REFERENCE_DATE, REFERENCE_DATE)
        first = max(person.start_date, start) + timedelta(days=90)
        if first >= last:
            continue
        others = [team.key for team in teams if team.key != person.team_key]
        moves.append(DemoMove(person.key, _day(rng, first, last), rng.choice(others)))
    return tuple(moves)


def _case_counts(
    rng: random.Random, staff: tuple[DemoStaff, ...], years: tuple[int, ...] = HISTORY_YEARS
) -> tuple[DemoCaseCount, ...]:
    """Cases held on each 30 September by practitioners in post (agency workers included)."""
    counts = []
    for year in years:
        census = date(year, 9, 30)
        for person in staff:
            if person.role_level in _CASES and _in_post(person, census):
                mean, spread = _CASES[person.role_level]
                scale = Decimal(person.fte) * (Decimal("0.6") if person.local_role == "asye" else 1)
                cases = max(1, round(rng.gauss(mean, spread) * float(scale)))
                counts.append(DemoCaseCount(person.key, census, cases))
    return tuple(counts)


def _posts(
    staff: tuple[DemoStaff, ...], moves: tuple[DemoMove, ...], *, start: date = HISTORY_START
) -> tuple[DemoPost, ...]:
    """Each team's establishment, funded throughout: for each role, whole posts for its
    employees' FTE at the reference date, grossed up for practitioners so that about one
    practitioner post in six is vacant."""
    team_now = {move.staff_key: move.team_key for move in moves}
    held: dict[tuple[str, int], Decimal] = {}
    for person in staff:
        if person.employment != "agency" and _in_post(person, REFERENCE_DATE):
            key = (team_now.get(person.key, person.team_key), person.role_level)
            held[key] = held.get(key, Decimal(0)) + person.fte
    posts: list[DemoPost] = []
    for (team_key, role_level), fte in sorted(held.items()):
        funded = fte if role_level <= 3 else fte / (1 - _VACANCY_SHARE)
        for _ in range(max(1, round(funded))):
            reference = f"P{len(posts) + 1:05d}"
            posts.append(DemoPost(reference, team_key, role_level, _ONE, start))
    return tuple(posts)


def summarise(authority: DemoAuthority, *, year: int) -> YearFigures:
    """The authority's CSWW figures for reporting ``year``, counting as DfE does: employees
    (not agency workers) in post at 30 September, starting or leaving in the year, and their
    FTE days of sickness on working days inside the year; agency workers in post at 30 September.
    """
    first, last = indicators.reporting_year_bounds(year)
    employees = [staff for staff in authority.staff if staff.employment != "agency"]
    agency = [staff for staff in authority.staff if staff.employment == "agency"]
    zero = Decimal(0)
    inpost = sum((s.fte for s in employees if _in_post(s, last)), zero)
    agency_fte = sum((s.fte for s in agency if _in_post(s, last)), zero)
    starters = sum((s.fte for s in employees if first <= s.start_date <= last), zero)
    leavers = sum(
        (s.fte for s in employees if s.end_date is not None and first <= s.end_date <= last), zero
    )
    in_post_keys = {
        staff.key for staff in employees if staff.end_date is None or staff.end_date > last
    }
    days_lost = zero
    for episode in authority.sickness:
        inside = _weekdays(max(episode.start_date, first), min(episode.end_date, last))
        if episode.staff_key in in_post_keys and inside:
            share = Decimal(inside) / _weekdays(episode.start_date, episode.end_date)
            days_lost += episode.working_days_lost * share
    return YearFigures(
        year=year,
        inpost_fte=inpost,
        agency_fte=agency_fte,
        starters_fte=starters,
        leavers_fte=leavers,
        working_days_lost_fte=days_lost,
        turnover_rate=indicators.turnover_rate(leavers_fte=leavers, inpost_fte=inpost),
        agency_rate=indicators.agency_rate(agency_fte=agency_fte, inpost_fte=inpost),
        absence_rate=indicators.absence_rate(
            working_days_lost_fte=days_lost,
            inpost_fte=inpost,
            working_days=indicators.working_days_in_reporting_year(year),
        ),
        starters_rate=indicators.starters_rate(starters_fte=starters, inpost_fte=inpost),
    )
