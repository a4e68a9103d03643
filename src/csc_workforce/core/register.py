"""DfE's workforce figures computed from the register, for any period and any part of the
authority.

The register arrives as plain polars frames (``Register``); a team's figures use the team each
person was in at the time, because jobs are effective-dated. Counting follows DfE's CSWW rules:

- *In post* and *agency workers* are those whose job covers the last day of the period (30
  September for a reporting year) and who do not leave on it: employees (permanent and fixed
  term) and agency workers apart. Someone whose last day is 30 September is a leaver of that
  year, not in post, as in the census (docs/csww.md).
- *Starters* and *leavers* are employees whose employment starts or ends in the period (an
  engagement: moving between agency work and employment ends one and starts another); moves
  between teams are not starts or leaves. Someone who starts and leaves in the same period is
  both a starter and a leaver, and a leaver whatever the reason, moving to a role outside
  children and family social work in the authority (CSWW ReasonLeave 7) included: DfE's method
  (docs/csww.md, "Counting rules"). Their FTE and team are those of their first or last day.
- *Headcounts* count people (``person``: the Social Work England number, else the record), as
  DfE de-duplicates: in post on the person, starters on the person and start date, leavers on
  the person and leaving date; agency workers are not de-duplicated. FTEs are summed over
  records (someone with two posts has two).
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

from csc_workforce.core import codes, indicators, measures
from csc_workforce.core.reference import Published, as_published
from csc_workforce.core.suppression import SUPPRESSED, built_from_few

AGENCY = "agency"
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
    "person": pl.String,
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
    """The register as frames: jobs (effective-dated), engagements (``staff``, each with its
    ``person``: the normalised Social Work England number, else "#" and the record's id),
    sickness, case counts, posts."""

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
        return cls.from_frames(
            assignments=pl.DataFrame(assignments, schema=ASSIGNMENT_SCHEMA),
            staff=pl.DataFrame(staff, schema=STAFF_SCHEMA),
            sickness=pl.DataFrame(sickness, schema=SICKNESS_SCHEMA),
            cases=pl.DataFrame(cases, schema=CASES_SCHEMA),
            posts=pl.DataFrame(posts, schema=POST_SCHEMA),
        )

    @classmethod
    def from_frames(
        cls,
        *,
        assignments: pl.DataFrame,
        staff: pl.DataFrame,
        sickness: pl.DataFrame,
        cases: pl.DataFrame,
        posts: pl.DataFrame,
    ) -> Register:
        """The register from frames of the ``*_SCHEMA`` columns; ``staff``'s ``person`` (a Social
        Work England number as entered, or empty) normalised."""
        people = staff.with_columns(
            person=pl.coalesce(
                pl.col("person").str.strip_chars().str.to_uppercase().replace("", None),
                pl.format("#{}", pl.col("staff_id")),
            )
        )
        return cls(
            assignments=assignments, staff=people, sickness=sickness, cases=cases, posts=posts
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
    case_holders_headcount: int
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

    @property
    def suppressed(self) -> frozenset[str]:
        """The measures built from 1 to 4 people (``PEOPLE_BEHIND``), shown as 'c'."""
        headcounts = {
            "inpost": self.inpost_headcount,
            "starters": self.starters_headcount,
            "leavers": self.leavers_headcount,
            "agency": self.agency_headcount,
            "case_holders": self.case_holders_headcount,
        }
        return built_from_few(headcounts, PEOPLE_BEHIND)

    def published(self, measure: str) -> Published:
        """``measure`` as shown: 'c' when built from fewer than 5 people, else as DfE would
        publish it (``reference.as_published``)."""
        if measure in self.suppressed:
            return Published(symbol=SUPPRESSED)
        return as_published(getattr(self, measure), measure=measure)


PEOPLE_BEHIND = measures.people_behind(measures.HEADLINE)
"""The groups of people each shown measure is computed from (``Measure.people_behind``): a
measure from 1 to 4 of any of them is suppressed (``core.suppression.built_from_few``), and so is
a rate from a suppressed count, or the count would follow from the rate and the other count."""


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
    per_team = _vacancies_by_team(register, employees, agency, last, teams)
    held = _case_holders(register, on_last, last)
    persons = register.staff.select("staff_id", "person")
    return _figures(
        first=first,
        last=last,
        inpost_fte=_fte(employees["fte"].sum()),
        inpost_headcount=_people(employees, persons),
        starters_fte=_fte(starters["fte"].sum()),
        starters_headcount=_people(starters, persons, "day"),
        leavers_fte=_fte(leavers["fte"].sum()),
        leavers_headcount=_people(leavers, persons, "day"),
        agency_fte=_fte(agency["fte"].sum()),
        agency_headcount=agency["staff_id"].n_unique(),
        agency_cover_fte=_fte(per_team["cover"].sum()),
        agency_cover_headcount=_covering(agency, per_team)["staff_id"].n_unique(),
        vacancy_fte=_fte(per_team["vacant"].sum()),
        case_holders_fte=_fte(held["fte"].sum()),
        case_holders_headcount=_people(held, persons),
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
    persons = register.staff.select("staff_id", "person")
    fte = pl.col("fte").sum()
    people, people_on_day = pl.col("person").n_unique(), pl.struct("person", "day").n_unique()
    held = _case_holders(register, on_last, last).join(persons, on="staff_id")
    vacancies = _vacancies_by_team(register, employees, agency, last, None)
    counts = [
        employees.join(persons, on="staff_id")
        .group_by("team_id")
        .agg(inpost_fte=fte, inpost_headcount=people),
        agency.group_by("team_id").agg(
            agency_fte=fte, agency_headcount=pl.col("staff_id").n_unique()
        ),
        _movers(register, "start_date", first, last, None)
        .join(persons, on="staff_id")
        .group_by("team_id")
        .agg(starters_fte=fte, starters_headcount=people_on_day),
        _movers(register, "end_date", first, last, None)
        .join(persons, on="staff_id")
        .group_by("team_id")
        .agg(leavers_fte=fte, leavers_headcount=people_on_day),
        vacancies.select("team_id", vacancy_fte="vacant", agency_cover_fte="cover"),
        _covering(agency, vacancies)
        .group_by("team_id")
        .agg(agency_cover_headcount=pl.col("staff_id").n_unique()),
        held.group_by("team_id").agg(
            case_holders_fte=fte, case_holders_headcount=people, cases=pl.col("cases").sum()
        ),
        _sickness_inside(register, first, last, None)
        .group_by("team_id")
        .agg(working_days_lost_fte=pl.col("lost").sum()),
    ]
    table = pl.DataFrame({"team_id": list(teams)}, schema={"team_id": pl.Int64})
    for grouped in counts:
        table = table.join(grouped, on="team_id", how="left")
    table = table.fill_null(0)
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


def _figures(*, first: dt.date, last: dt.date, **counts: Any) -> Figures:
    """The counts for a period (``Figures``' fields from ``inpost_fte`` to
    ``working_days_lost_fte``), with DfE's rates computed from them (``measures.RATES``)."""
    days = working_days(first, last)
    rates = measures.values(measures.RATES, counts | {"working_days": days})
    return Figures(first=first, last=last, **counts, working_days=days, **rates)


def _fte(value: object) -> Decimal:
    """FTE sums as exact decimals to the register's places (6, the census's)."""
    return Decimal(f"{float(value or 0):.6f}").normalize() + Decimal("0.000")  # type: ignore[arg-type]


def _people(records: pl.DataFrame, persons: pl.DataFrame, *also: str) -> int:
    """The people among ``records`` (rows with a ``staff_id``), distinct on their ``person``
    and the columns ``also`` (a starter's or leaver's day), as DfE de-duplicates headcounts."""
    return records.join(persons, on="staff_id").select("person", *also).unique().height


def _movers(
    register: Register, day: str, first: dt.date, last: dt.date, teams: frozenset[int] | None
) -> pl.DataFrame:
    """Employees starting (``day`` "start_date") or leaving ("end_date") in the period, with
    their job on that day (in ``day``), whatever the other date."""
    people = register.staff.filter(pl.col(day).is_between(first, last))
    people = people.select("staff_id", pl.col(day).alias("day"))
    jobs = people.join(register.assignments, on="staff_id").filter(
        (pl.col("effective_from") <= pl.col("day"))
        & (pl.col("effective_to").is_null() | (pl.col("effective_to") >= pl.col("day")))
        & (pl.col("employment_type") != AGENCY)
    )
    return jobs if teams is None else jobs.filter(pl.col("team_id").is_in(list(teams)))


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
    return (
        funded.join(filled, on="team_id", how="left")
        .join(covering, on="team_id", how="left")
        .with_columns(pl.col("filled", "agency").fill_null(0.0))
        .with_columns(vacant=(pl.col("funded") - pl.col("filled")).clip(lower_bound=0.0))
        .with_columns(cover=pl.min_horizontal("vacant", "agency"))
    )


def _covering(agency: pl.DataFrame, per_team: pl.DataFrame) -> pl.DataFrame:
    """The agency workers covering vacancies: in each team, the fewest whose FTE makes up its
    cover (largest FTE first)."""
    return (
        agency.join(per_team.select("team_id", "cover"), on="team_id")
        .sort("team_id", "fte", "staff_id", descending=[False, True, False])
        .with_columns(before=pl.col("fte").cum_sum().over("team_id") - pl.col("fte"))
        .filter(pl.col("before") < pl.col("cover") - 1e-9)
    )


def days_lost_by_person(
    register: Register, first: dt.date, last: dt.date, teams: frozenset[int] | None = None
) -> dict[int, Decimal]:
    """Each employee's FTE days of sickness on weekdays inside the period (``staff_id`` ->
    days), for the census's ``WorkingDaysLost``: leavers' too, whom the return lists with their
    days lost (the absence rate leaves them out: ``figures``)."""
    lost = (
        _sickness_inside(register, first, last, teams, leavers=True)
        .group_by("staff_id")
        .agg(pl.col("lost").sum())
    )
    return {int(row[0]): _fte(row[1]) for row in lost.iter_rows()}


def _days_lost(
    register: Register, first: dt.date, last: dt.date, teams: frozenset[int] | None
) -> float:
    return float(_sickness_inside(register, first, last, teams)["lost"].sum() or 0.0)


def _sickness_inside(
    register: Register,
    first: dt.date,
    last: dt.date,
    teams: frozenset[int] | None,
    *,
    leavers: bool = False,
) -> pl.DataFrame:
    """Sickness episodes touching the period of employees in post on its last day (and of
    those who left in it, with ``leavers``), each with ``lost``: its days lost times the share
    of its weekdays inside the period."""
    leaving = register.staff.filter(
        pl.col("end_date") <= (first - dt.timedelta(days=1) if leavers else last)
    ).select("staff_id")
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
    people = _employees(register, on, teams)
    older = people.filter((pl.col("age") >= 55) & pl.col("counted")).group_by("role_level").len()
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


def _employees(register: Register, on: dt.date, teams: frozenset[int] | None) -> pl.DataFrame:
    """Employees' posts in post on ``on`` with their person's details; ``counted`` marks the
    one post each person is counted in."""
    return (
        in_post_on(register, on, teams)
        .filter(pl.col("employment_type") != AGENCY)
        .join(register.staff, on="staff_id")
        .with_columns(
            years=_whole_years(pl.col("start_date"), on),
            age=_whole_years(pl.col("date_of_birth"), on),
        )
        # Headcounts count a person once, in their most senior post (DfE); FTEs every post.
        .sort("role_level", "start_date", "staff_id")
        .with_columns(counted=pl.col("person").is_first_distinct())
    )


@dataclass(frozen=True)
class ByRole:
    """Employees in post on a day by role level (the CSWW role of the post each is counted
    in, their most senior) and sex, and by role level and ethnicity code ("Not recorded" for
    a blank); the same people as ``profile``'s headcount."""

    on: dt.date
    sex: dict[tuple[int, str], int]
    ethnicity: dict[tuple[int, str], int]


def by_role(register: Register, *, on: dt.date, teams: frozenset[int] | None = None) -> ByRole:
    """Employees in post on ``on``, each counted once in their most senior post (as
    ``profile`` counts them), by role level and sex and by role level and ethnicity."""
    people = _employees(register, on, teams).filter(pl.col("counted"))

    def counted(column: str) -> dict[tuple[int, str], int]:
        grouped = (
            people.with_columns(pl.col(column).replace("", None).fill_null("Not recorded"))
            .group_by("role_level", column)
            .len()
        )
        return {
            (int(row["role_level"]), str(row[column])): int(row["len"])
            for row in grouped.iter_rows(named=True)
        }

    return ByRole(on=on, sex=counted("sex"), ethnicity=counted("ethnicity"))


@dataclass(frozen=True)
class Month:
    month_end: dt.date
    inpost_headcount: int
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
    persons = register.staff.select("staff_id", "person")
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
                inpost_headcount=_people(employees, persons),
                inpost_fte=_fte(employees["fte"].sum()),
                starters_headcount=_people(starters, persons, "day"),
                starters_fte=_fte(starters["fte"].sum()),
                leavers_headcount=_people(leavers, persons, "day"),
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
        result.append(Band(label, int(inside["counted"].sum()), _fte(inside["fte"].sum())))
    unknown = people.filter(pl.col(column).is_null())
    if unknown.height:
        result.append(
            Band("Not recorded", int(unknown["counted"].sum()), _fte(unknown["fte"].sum()))
        )
    return result


def _grouped(people: pl.DataFrame, column: str) -> list[Band]:
    groups = (
        people.with_columns(pl.col(column).replace("", None).fill_null("Not recorded"))
        .group_by(column)
        .agg(pl.col("counted").sum().alias("headcount"), pl.col("fte").sum().alias("fte"))
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


def temporary_vacancies(
    *, posts: list[PostStatus], away: dict[int, Decimal]
) -> tuple[Decimal, Decimal]:
    """A team's vacancies on a day, the local view: (permanent, temporary) FTE.

    Permanent: funded FTE not filled by employees, post by post (DfE's vacancies, unchanged).
    Temporary: the FTE of employees filling posts who are away on maternity or other long leave
    or seconded (``away``, by organisational role), up to what they fill of their role's posts:
    DfE counts them in post, so their posts are no vacancy in DfE's figures."""
    permanent = sum((post.fte - post.filled_fte for post in posts), Decimal(0))
    filled: dict[int, Decimal] = {}
    for post in posts:
        filled[post.role_level] = filled.get(post.role_level, Decimal(0)) + post.filled_fte
    temporary = sum(
        (min(fte, filled.get(role, Decimal(0))) for role, fte in away.items()), Decimal(0)
    )
    return permanent, temporary
