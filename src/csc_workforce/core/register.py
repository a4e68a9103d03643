"""DfE's workforce figures computed from the register, for any period and any part of the
authority.

The register arrives as plain polars frames (``Register``); a team's figures use the team each
person was in at the time, because jobs are effective-dated. Counting follows DfE's CSWW rules:

- *In post* and *agency workers* are those whose job covers the last day of the period (30
  September for a reporting year) and who do not leave on it: employees (permanent and fixed
  term) and agency workers apart. Someone whose last day is 30 September is a leaver of that
  year, not in post, as in the census (docs/csww.md).
- *Starters* and *leavers* are employees whose employment starts or ends in the period; moves
  between teams are not starts or leaves, and someone who starts and leaves in the same period
  is neither (DfE: "starters and leavers exclude ... anyone who starts and leaves in the same
  year"), nor is someone who moves to another kind of role within the authority (CSWW
  ReasonLeave 7). Their FTE and team are those of their first or last day.
- *Vacancies* are funded posts not filled by employees on the last day, team by team:
  funded FTE less employees' FTE, never below 0. *Agency cover* is the agency FTE in a team up
  to its vacancies; the agency workers covering them are those in teams with vacancies.
- *Cases* and *case-holder FTE* are from counts recorded on the last day, for anyone in post
  then (agency included) with FTE above 0 and at least one case.
- *Working days lost* are the sickness of employees in post on the last day, on weekdays
  inside the period, an episode that crosses its edge counting the share of its weekdays
  inside (the census collects WorkingDaysLost for those in post at 30 September, and the
  absence rate divides by their FTE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from csc_workforce.core import codes, indicators

AGENCY = "agency"
MOVED_WITHIN_LA = "7"
"""CSWW ReasonLeave 7, moved to a non-child and family social work role within the authority:
an internal move, not a leaver (as the census summary counts it; docs/csww.md)."""
TENURE_BANDS = ((0, 2, "Under 2 years"), (2, 5, "2 to 5 years"), (5, 10, "5 to 10 years"),
                (10, 20, "10 to 20 years"), (20, 200, "20 years or more"))  # fmt: skip
AGE_BANDS = ((0, 25, "Under 25"), (25, 30, "25 to 29"), (30, 40, "30 to 39"),
             (40, 50, "40 to 49"), (50, 55, "50 to 54"), (55, 60, "55 to 59"),
             (60, 200, "60 and over"))  # fmt: skip

ASSIGNMENT_SCHEMA = {
    "staff_id": pl.Int64,
    "effective_from": pl.Date,
    "effective_to": pl.Date,
    "team_id": pl.Int64,
    "role_level": pl.Int64,
    "fte": pl.Float64,
    "employment_type": pl.String,
}
STAFF_SCHEMA = {
    "staff_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "date_of_birth": pl.Date,
    "sex": pl.String,
    "ethnicity": pl.String,
    "reason_leave": pl.String,
}
SICKNESS_SCHEMA = {
    "staff_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "working_days_lost": pl.Float64,
}
CASES_SCHEMA = {"staff_id": pl.Int64, "on": pl.Date, "cases": pl.Int64}
POST_SCHEMA = {"team_id": pl.Int64, "fte": pl.Float64, "funded_from": pl.Date, "funded_to": pl.Date}


@dataclass(frozen=True)
class Register:
    """The register as frames: jobs (effective-dated), people, sickness, case counts, posts."""

    assignments: pl.DataFrame
    staff: pl.DataFrame
    sickness: pl.DataFrame
    cases: pl.DataFrame
    posts: pl.DataFrame

    @classmethod
    def from_rows(
        cls,
        *,
        assignments: list[dict[str, object]],
        staff: list[dict[str, object]],
        sickness: list[dict[str, object]],
        cases: list[dict[str, object]],
        posts: list[dict[str, object]],
    ) -> Register:
        return cls(
            assignments=pl.DataFrame(assignments, schema=ASSIGNMENT_SCHEMA),
            staff=pl.DataFrame(staff, schema=STAFF_SCHEMA),
            sickness=pl.DataFrame(sickness, schema=SICKNESS_SCHEMA),
            cases=pl.DataFrame(cases, schema=CASES_SCHEMA),
            posts=pl.DataFrame(posts, schema=POST_SCHEMA),
        )


@dataclass(frozen=True)
class Figures:
    """DfE's counts and rates for one period and scope; rates unrounded, None as DfE's 'z'."""

    first: dt.date
    last: dt.date
    inpost_fte: Decimal
    inpost_headcount: int
    starters_fte: Decimal
    starters_headcount: int
    leavers_fte: Decimal
    leavers_headcount: int
    agency_fte: Decimal
    agency_headcount: int
    agency_cover_fte: Decimal
    agency_cover_headcount: int
    vacancy_fte: Decimal
    case_holders_fte: Decimal
    cases: int
    working_days_lost_fte: Decimal
    working_days: int
    turnover_rate_fte: Decimal | None
    agency_rate_fte: Decimal | None
    agency_cover_rate_fte: Decimal | None
    vacancy_rate_fte: Decimal | None
    vacancy_agency_cover_rate_fte: Decimal | None
    caseload_fte: Decimal | None
    absence_rate_fte: Decimal | None


def reporting_year(year: int) -> tuple[dt.date, dt.date]:
    """CSWW reporting year ``year``: 1 October of the year before to 30 September."""
    return indicators.reporting_year_bounds(year)


def rolling_year(to: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months ending on ``to``."""
    try:
        start = to.replace(year=to.year - 1)
    except ValueError:  # 29 February
        start = to.replace(year=to.year - 1, day=28)
    return start + dt.timedelta(days=1), to


def working_days(first: dt.date, last: dt.date) -> int:
    """DfE's working days for a year: 253, or 254 when the period contains 29 February."""
    leap_days = [
        dt.date(year, 2, 29)
        for year in range(first.year, last.year + 1)
        if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    ]
    return 254 if any(first <= day <= last for day in leap_days) else 253


def jobs_on(register: Register, on: dt.date, teams: frozenset[int] | None = None) -> pl.DataFrame:
    """Everyone's job on ``on`` (one row a person), optionally within ``teams``."""
    jobs = register.assignments.filter(
        (pl.col("effective_from") <= on)
        & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= on))
    )
    return jobs if teams is None else jobs.filter(pl.col("team_id").is_in(list(teams)))


def in_post_on(
    register: Register, on: dt.date, teams: frozenset[int] | None = None
) -> pl.DataFrame:
    """Jobs on ``on`` of everyone in post at the end of that day: not those whose employment
    ends on it."""
    leaving = register.staff.filter(pl.col("end_date") == on).select("staff_id")
    return jobs_on(register, on, teams).join(leaving, on="staff_id", how="anti")


def figures(
    register: Register, *, first: dt.date, last: dt.date, teams: frozenset[int] | None = None
) -> Figures:
    """DfE's workforce figures for the period ``first``..``last`` (inclusive), for the whole
    authority or, with ``teams``, the people in those teams at the time."""
    on_last = in_post_on(register, last, teams)
    employees = on_last.filter(pl.col("employment_type") != AGENCY)
    agency = on_last.filter(pl.col("employment_type") == AGENCY)
    starters = _movers(register, "start_date", first, last, teams)
    leavers = _movers(register, "end_date", first, last, teams)
    vacancy, cover, covering = _vacancies(register, employees, agency, last, teams)
    held = _case_holders(register, on_last, last)
    return _figures(
        first=first,
        last=last,
        inpost_fte=_fte(employees["fte"].sum()),
        inpost_headcount=employees["staff_id"].n_unique(),
        starters_fte=_fte(starters["fte"].sum()),
        starters_headcount=starters["staff_id"].n_unique(),
        leavers_fte=_fte(leavers["fte"].sum()),
        leavers_headcount=leavers["staff_id"].n_unique(),
        agency_fte=_fte(agency["fte"].sum()),
        agency_headcount=agency["staff_id"].n_unique(),
        agency_cover_fte=_fte(cover),
        agency_cover_headcount=covering,
        vacancy_fte=_fte(vacancy),
        case_holders_fte=_fte(held["fte"].sum()),
        cases=int(held["cases"].sum()),
        working_days_lost_fte=_fte(_days_lost(register, first, last, teams)),
    )


def figures_by_team(
    register: Register, *, first: dt.date, last: dt.date, teams: Iterable[int]
) -> dict[int, Figures]:
    """``figures`` for each of ``teams`` on its own, counted in one grouped pass rather than a
    pass a team: for each team, what ``figures(register, first=first, last=last,
    teams=frozenset({team}))`` gives."""
    on_last = in_post_on(register, last)
    employees = on_last.filter(pl.col("employment_type") != AGENCY)
    agency = on_last.filter(pl.col("employment_type") == AGENCY)
    fte, people = pl.col("fte").sum(), pl.col("staff_id").n_unique()
    held = _case_holders(register, on_last, last)
    vacancies = _vacancies_by_team(register, employees, agency, last, None)
    counts = [
        employees.group_by("team_id").agg(inpost_fte=fte, inpost_headcount=people),
        agency.group_by("team_id").agg(agency_fte=fte, agency_headcount=people),
        _movers(register, "start_date", first, last, None)
        .group_by("team_id")
        .agg(starters_fte=fte, starters_headcount=people),
        _movers(register, "end_date", first, last, None)
        .group_by("team_id")
        .agg(leavers_fte=fte, leavers_headcount=people),
        vacancies.select("team_id", vacancy_fte="vacant", agency_cover_fte="cover"),
        held.group_by("team_id").agg(case_holders_fte=fte, cases=pl.col("cases").sum()),
        _sickness_inside(register, first, last, None)
        .group_by("team_id")
        .agg(working_days_lost_fte=pl.col("lost").sum()),
    ]
    table = pl.DataFrame({"team_id": list(teams)}, schema={"team_id": pl.Int64})
    for grouped in counts:
        table = table.join(grouped, on="team_id", how="left")
    short = pl.col("vacancy_fte").fill_null(0) > 0
    table = table.with_columns(
        agency_cover_headcount=pl.when(short).then(pl.col("agency_headcount")).otherwise(0)
    ).fill_null(0)
    amounts = ("inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "agency_cover_fte",
               "vacancy_fte", "case_holders_fte", "working_days_lost_fte")  # fmt: skip
    result = {}
    for row in table.iter_rows(named=True):
        team = row.pop("team_id")
        counted: dict[str, Any] = {
            name: _fte(value) if name in amounts else int(value) for name, value in row.items()
        }
        result[team] = _figures(first=first, last=last, **counted)
    return result


def _case_holders(register: Register, on_last: pl.DataFrame, last: dt.date) -> pl.DataFrame:
    """Jobs of those in post on the last day with FTE above 0 and cases counted on it."""
    return on_last.join(register.cases.filter(pl.col("on") == last), on="staff_id").filter(
        (pl.col("fte") > 0) & (pl.col("cases") > 0)
    )


def _figures(
    *,
    first: dt.date,
    last: dt.date,
    inpost_fte: Decimal,
    inpost_headcount: int,
    starters_fte: Decimal,
    starters_headcount: int,
    leavers_fte: Decimal,
    leavers_headcount: int,
    agency_fte: Decimal,
    agency_headcount: int,
    agency_cover_fte: Decimal,
    agency_cover_headcount: int,
    vacancy_fte: Decimal,
    case_holders_fte: Decimal,
    cases: int,
    working_days_lost_fte: Decimal,
) -> Figures:
    """The counts for a period, with DfE's rates computed from them."""
    days = working_days(first, last)
    return Figures(
        first=first,
        last=last,
        inpost_fte=inpost_fte,
        inpost_headcount=inpost_headcount,
        starters_fte=starters_fte,
        starters_headcount=starters_headcount,
        leavers_fte=leavers_fte,
        leavers_headcount=leavers_headcount,
        agency_fte=agency_fte,
        agency_headcount=agency_headcount,
        agency_cover_fte=agency_cover_fte,
        agency_cover_headcount=agency_cover_headcount,
        vacancy_fte=vacancy_fte,
        case_holders_fte=case_holders_fte,
        cases=cases,
        working_days_lost_fte=working_days_lost_fte,
        working_days=days,
        turnover_rate_fte=indicators.turnover_rate(leavers_fte=leavers_fte, inpost_fte=inpost_fte),
        agency_rate_fte=indicators.agency_rate(agency_fte=agency_fte, inpost_fte=inpost_fte),
        agency_cover_rate_fte=indicators.agency_cover_rate(
            agency_cover_fte=agency_cover_fte, agency_fte=agency_fte
        ),
        vacancy_rate_fte=indicators.vacancy_rate(vacancy_fte=vacancy_fte, inpost_fte=inpost_fte),
        vacancy_agency_cover_rate_fte=indicators.vacancy_agency_cover_rate(
            agency_cover_fte=agency_cover_fte, vacancy_fte=vacancy_fte
        ),
        caseload_fte=indicators.caseload(cases=Decimal(cases), case_holders_fte=case_holders_fte),
        absence_rate_fte=indicators.absence_rate(
            working_days_lost_fte=working_days_lost_fte, inpost_fte=inpost_fte, working_days=days
        ),
    )


def _fte(value: object) -> Decimal:
    """FTE sums as exact-enough decimals (3 places, as the register stores FTE)."""
    return Decimal(f"{float(value or 0):.3f}")  # type: ignore[arg-type]


def _movers(
    register: Register, day: str, first: dt.date, last: dt.date, teams: frozenset[int] | None
) -> pl.DataFrame:
    """Employees starting (``day`` "start_date") or leaving ("end_date") in the period, with
    their job on that day; not those who both start and leave in it."""
    other = "end_date" if day == "start_date" else "start_date"
    people = register.staff.filter(
        pl.col(day).is_between(first, last)
        & ~(pl.col(other).is_not_null() & pl.col(other).is_between(first, last))
    )
    if day == "end_date":
        people = people.filter((pl.col("reason_leave") != MOVED_WITHIN_LA).fill_null(True))
    people = people.select("staff_id", pl.col(day).alias("day"))
    jobs = people.join(register.assignments, on="staff_id").filter(
        (pl.col("effective_from") <= pl.col("day"))
        & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= pl.col("day")))
        & (pl.col("employment_type") != AGENCY)
    )
    return jobs if teams is None else jobs.filter(pl.col("team_id").is_in(list(teams)))


def _vacancies(
    register: Register,
    employees: pl.DataFrame,
    agency: pl.DataFrame,
    on: dt.date,
    teams: frozenset[int] | None,
) -> tuple[float, float, int]:
    """Vacant FTE, agency FTE covering it, and the agency workers in teams with vacancies."""
    per_team = _vacancies_by_team(register, employees, agency, on, teams)
    short = per_team.filter(pl.col("vacant") > 0)["team_id"]
    headcount = agency.filter(pl.col("team_id").is_in(short.to_list()))["staff_id"].n_unique()
    return float(per_team["vacant"].sum()), float(per_team["cover"].sum()), headcount


def _vacancies_by_team(
    register: Register,
    employees: pl.DataFrame,
    agency: pl.DataFrame,
    on: dt.date,
    teams: frozenset[int] | None,
) -> pl.DataFrame:
    """Each team's vacant FTE (funded posts less employees' FTE, never below 0) and the agency
    FTE covering it (up to the vacancies): team_id, vacant, cover."""
    posts = register.posts.filter(
        (pl.col("funded_from") <= on)
        & (pl.col("funded_to").is_null() | (pl.col("funded_to") >= on))
    )
    if teams is not None:
        posts = posts.filter(pl.col("team_id").is_in(list(teams)))
    funded = posts.group_by("team_id").agg(pl.col("fte").sum().alias("funded"))
    filled = employees.group_by("team_id").agg(pl.col("fte").sum().alias("filled"))
    covering = agency.group_by("team_id").agg(pl.col("fte").sum().alias("agency"))
    per_team = (
        funded.join(filled, on="team_id", how="left")
        .join(covering, on="team_id", how="left")
        .with_columns(pl.col("filled", "agency").fill_null(0.0))
        .with_columns(vacant=(pl.col("funded") - pl.col("filled")).clip(lower_bound=0.0))
        .with_columns(cover=pl.min_horizontal("vacant", "agency"))
    )
    return per_team


def days_lost_by_person(
    register: Register, first: dt.date, last: dt.date, teams: frozenset[int] | None = None
) -> dict[int, Decimal]:
    """Each employee's FTE days of sickness on weekdays inside the period (``staff_id`` ->
    days), for the census's ``WorkingDaysLost``."""
    lost = (
        _sickness_inside(register, first, last, teams)
        .group_by("staff_id")
        .agg(pl.col("lost").sum())
    )
    return {int(row[0]): _fte(row[1]) for row in lost.iter_rows()}


def _days_lost(
    register: Register, first: dt.date, last: dt.date, teams: frozenset[int] | None
) -> float:
    return float(_sickness_inside(register, first, last, teams)["lost"].sum() or 0.0)


def _sickness_inside(
    register: Register, first: dt.date, last: dt.date, teams: frozenset[int] | None
) -> pl.DataFrame:
    """Sickness episodes touching the period of employees in post on its last day, each with
    ``lost``: its days lost times the share of its weekdays inside the period."""
    leaving = register.staff.filter(pl.col("end_date") <= last).select("staff_id")
    episodes = register.sickness.filter(
        (pl.col("start_date") <= last) & (pl.col("end_date") >= first)
    ).with_columns(
        inside=pl.business_day_count(
            pl.max_horizontal(pl.col("start_date"), pl.lit(first)),
            pl.min_horizontal(pl.col("end_date"), pl.lit(last)) + pl.duration(days=1),
        ),
        whole=pl.business_day_count(pl.col("start_date"), pl.col("end_date") + pl.duration(days=1)),
        day=pl.max_horizontal(pl.col("start_date"), pl.lit(first)),
    )
    jobs = (
        episodes.join(leaving, on="staff_id", how="anti")
        .join(register.assignments, on="staff_id")
        .filter(
            (pl.col("effective_from") <= pl.col("day"))
            & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= pl.col("day")))
            & (pl.col("employment_type") != AGENCY)
        )
    )
    if teams is not None:
        jobs = jobs.filter(pl.col("team_id").is_in(list(teams)))
    return jobs.with_columns(
        lost=pl.col("working_days_lost")
        * pl.when(pl.col("whole") > 0).then(pl.col("inside") / pl.col("whole")).otherwise(1)
    )


@dataclass(frozen=True)
class Band:
    label: str
    headcount: int
    fte: Decimal


@dataclass(frozen=True)
class Profile:
    """Employees in post on a day: by length of service, age, sex and ethnicity, and the number
    aged 55 or over in each CSWW role."""

    on: dt.date
    tenure: list[Band]
    age: list[Band]
    sex: list[Band]
    ethnicity: list[Band]
    aged_55_or_over_by_role: dict[int, int]


def profile(register: Register, *, on: dt.date, teams: frozenset[int] | None = None) -> Profile:
    """Employees in post on ``on``: tenure (years since they started with the authority, in
    DfE's bands under 2, 2-5, 5-10, 10-20, 20+), age bands, sex and ethnicity as recorded
    (blank as "Not recorded"), and those aged 55 or over in each role."""
    people = (
        in_post_on(register, on, teams)
        .filter(pl.col("employment_type") != AGENCY)
        .join(register.staff, on="staff_id")
        .with_columns(
            years=_whole_years(pl.col("start_date"), on),
            age=_whole_years(pl.col("date_of_birth"), on),
        )
    )
    older = people.filter(pl.col("age") >= 55).group_by("role_level").len()
    return Profile(
        on=on,
        tenure=_banded(people, "years", TENURE_BANDS),
        age=_banded(people, "age", AGE_BANDS),
        sex=_grouped(people, "sex"),
        ethnicity=_grouped(people, "ethnicity"),
        aged_55_or_over_by_role={
            int(row["role_level"]): int(row["len"]) for row in older.iter_rows(named=True)
        },
    )


@dataclass(frozen=True)
class Month:
    month_end: dt.date
    inpost_fte: Decimal
    starters_headcount: int
    starters_fte: Decimal
    leavers_headcount: int
    leavers_fte: Decimal


def months(
    register: Register, *, first: dt.date, last: dt.date, teams: frozenset[int] | None = None
) -> list[Month]:
    """For each calendar month ending in the period: employees' FTE in post at its end, and
    starters and leavers during it (each month counted as its own period)."""
    result = []
    start = first
    while start <= last:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(following - dt.timedelta(days=1), last)
        employees = in_post_on(register, end, teams).filter(pl.col("employment_type") != AGENCY)
        starters = _movers(register, "start_date", start, end, teams)
        leavers = _movers(register, "end_date", start, end, teams)
        result.append(
            Month(
                month_end=end,
                inpost_fte=_fte(employees["fte"].sum()),
                starters_headcount=starters["staff_id"].n_unique(),
                starters_fte=_fte(starters["fte"].sum()),
                leavers_headcount=leavers["staff_id"].n_unique(),
                leavers_fte=_fte(leavers["fte"].sum()),
            )
        )
        start = following
    return result


def _whole_years(born: pl.Expr, on: dt.date) -> pl.Expr:
    """Whole years from ``born`` to ``on`` (an age, or a length of service)."""
    before_birthday = (born.dt.month() > on.month) | (
        (born.dt.month() == on.month) & (born.dt.day() > on.day)
    )
    return on.year - born.dt.year() - before_birthday.cast(pl.Int32)


def _banded(
    people: pl.DataFrame, column: str, bands: tuple[tuple[int, int, str], ...]
) -> list[Band]:
    result = []
    for low, high, label in bands:
        inside = people.filter(pl.col(column).is_between(low, high, closed="left"))
        result.append(Band(label, inside["staff_id"].n_unique(), _fte(inside["fte"].sum())))
    unknown = people.filter(pl.col(column).is_null())
    if unknown.height:
        result.append(
            Band("Not recorded", unknown["staff_id"].n_unique(), _fte(unknown["fte"].sum()))
        )
    return result


def _grouped(people: pl.DataFrame, column: str) -> list[Band]:
    groups = (
        people.with_columns(pl.col(column).replace("", None).fill_null("Not recorded"))
        .group_by(column)
        .agg(pl.col("staff_id").n_unique().alias("headcount"), pl.col("fte").sum().alias("fte"))
        .sort(["headcount", column], descending=[True, False])
    )
    return [
        Band(str(row[column]), int(row["headcount"]), _fte(row["fte"]))
        for row in groups.iter_rows(named=True)
    ]


@dataclass(frozen=True)
class PostStatus:
    """A funded post on a day: how much of it employees fill and agency workers cover. ``key``
    is the caller's own identifier for the post."""

    key: int
    reference: str
    role_level: int
    fte: Decimal
    filled_fte: Decimal
    agency_fte: Decimal

    @property
    def role_name(self) -> str:
        return codes.ORG_ROLE.get(self.role_level, str(self.role_level))

    @property
    def status(self) -> str:
        """Filled, part filled, covered by an agency worker, or vacant."""
        if self.filled_fte >= self.fte:
            return "Filled"
        if self.filled_fte + self.agency_fte >= self.fte:
            return "Covered by agency"
        if self.filled_fte > 0 or self.agency_fte > 0:
            return "Part filled"
        return "Vacant"


def establishment(
    *,
    posts: list[tuple[int, str, int, Decimal]],
    employees: dict[int, Decimal],
    agency: dict[int, Decimal],
) -> list[PostStatus]:
    """A team's funded posts (key, reference, role, FTE) on a day, filled in post order, role by
    role: first by the FTE of employees in that role, then by agency workers'. The register
    records people against a team and role, not a post, so which post is "the vacant one" is a
    convention; the totals are what DfE counts."""
    left_employed, left_agency = dict(employees), dict(agency)
    result = []
    for key, reference, role, fte in sorted(posts, key=lambda post: (post[2], post[1])):
        filled = min(fte, left_employed.get(role, Decimal(0)))
        left_employed[role] = left_employed.get(role, Decimal(0)) - filled
        covered = min(fte - filled, left_agency.get(role, Decimal(0)))
        left_agency[role] = left_agency.get(role, Decimal(0)) - covered
        result.append(PostStatus(key, reference, role, fte, filled, covered))
    return result
