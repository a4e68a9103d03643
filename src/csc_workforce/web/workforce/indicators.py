"""Reads for the workforce dashboard: the register as frames, the scopes a person may choose,
DfE's release to compare with, and the dashboard itself (assembled in
``core.dashboard``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
from django.core.exceptions import PermissionDenied
from django.http import Http404

from csc_workforce.core.comparison import published_release, read_release
from csc_workforce.core.csww.parse import reporting_year_of
from csc_workforce.core.dashboard import Authority, Dashboard, workforce_dashboard
from csc_workforce.core.indicators import last_census_year
from csc_workforce.core.reference import authority_names, statistical_neighbours
from csc_workforce.core.register import (
    ASSIGNMENT_SCHEMA,
    CASES_SCHEMA,
    POST_SCHEMA,
    SICKNESS_SCHEMA,
    STAFF_SCHEMA,
    Register,
)
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.frames import read_frame

from .models import (
    Assignment,
    CaseCount,
    CensusRecord,
    LocalAuthority,
    Post,
    PublishedRelease,
    ServiceArea,
    SicknessEpisode,
    StaffMember,
    Team,
)
from .selectors import SEES_ALL_TEAMS, teams_visible_to


def load_register() -> Register:
    """The whole register as plain frames for ``csc_workforce.core.register``, each table read
    in one go."""
    return Register.from_frames(
        assignments=read_frame(
            Assignment.objects.values_list(
                "staff_id",
                "effective_from",
                "effective_to",
                "team_id",
                "role_level",
                "fte",
                "employment_type",
            ),
            ASSIGNMENT_SCHEMA,
        ),
        staff=read_frame(
            StaffMember.objects.values_list(
                "pk",
                "swe_number",
                "start_date",
                "end_date",
                "date_of_birth",
                "sex",
                "ethnicity",
                "reason_leave",
            ),
            STAFF_SCHEMA,
        ),
        sickness=_sickness(),
        cases=read_frame(CaseCount.objects.values_list("staff_id", "on", "cases"), CASES_SCHEMA),
        posts=read_frame(
            Post.objects.values_list("team_id", "fte", "funded_from", "funded_to"), POST_SCHEMA
        ),
    )


RETURNED_SCHEMA = {
    "staff_id": pl.Int64,
    "year": pl.Int64,
    "working_days_lost": pl.Float64,
    "start": pl.Date,
    "end": pl.Date,
}


def _sickness() -> pl.DataFrame:
    """Sickness episodes, and the days lost a loaded CSWW return gave for a year (a record's
    ``WorkingDaysLost``, with no dates: over its time in that year) for anyone with no episode
    recorded in that year."""
    episodes = read_frame(
        SicknessEpisode.objects.values_list(
            "staff_id", "start_date", "end_date", "working_days_lost"
        ),
        SICKNESS_SCHEMA,
    )
    returned = read_frame(
        CensusRecord.objects.filter(working_days_lost__gt=0).values_list(
            "staff_id", "year", "working_days_lost", "staff__start_date", "staff__end_date"
        ),
        RETURNED_SCHEMA,
    )
    if not returned.height:
        return episodes

    def year_of(day: str) -> pl.Expr:  # ``core.csww.parse.reporting_year_of`` of a column
        return pl.col(day).dt.year() + (pl.col(day).dt.month() >= 10).cast(pl.Int32)

    recorded = episodes.select(
        "staff_id", year=pl.int_ranges(year_of("start_date"), year_of("end_date") + 1)
    ).explode("year")
    first = pl.date(pl.col("year") - 1, 10, 1)
    census = pl.date(pl.col("year"), 9, 30)
    from_returns = returned.join(recorded, on=["staff_id", "year"], how="anti").select(
        "staff_id",
        start_date=pl.max_horizontal(first, pl.col("start")),
        end_date=pl.min_horizontal(census, pl.col("end").fill_null(census)),
        working_days_lost="working_days_lost",
    )
    return pl.concat([episodes, from_returns.cast(SICKNESS_SCHEMA)])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scope:
    """Part of the authority: all of it (``teams`` None), a service area or a team."""

    key: str
    label: str
    teams: frozenset[int] | None


def scopes_for(user: Viewer) -> list[Scope]:
    """What a person may look at: the authority, each service area and each team for
    authority-wide roles; a team manager's own teams (together, then each)."""
    if roles_of(user) & SEES_ALL_TEAMS:
        scopes = [Scope("all", "Whole authority", None)]
        for area in ServiceArea.objects.prefetch_related("teams"):
            team_ids = frozenset(team.pk for team in area.teams.all())
            scopes.append(Scope(f"area-{area.pk}", area.name, team_ids))
        scopes += [
            Scope(f"team-{team.pk}", team.name, frozenset({team.pk}))
            for team in Team.objects.order_by("name")
        ]
        return scopes
    managed = Role.TEAM_MANAGER in roles_of(user)
    teams = list(teams_visible_to(user=user).order_by("name")) if managed else []
    if not teams:
        return []
    together = Scope("mine", "My teams", frozenset(team.pk for team in teams))
    return [together, *(Scope(f"team-{t.pk}", t.name, frozenset({t.pk})) for t in teams)]


def scope_chosen(*, user: Viewer, key: str | None) -> tuple[Scope, list[Scope]]:
    """The scope ``key`` names among those the person may look at (the first when ``key`` is
    empty), with them all. PermissionDenied for someone with none; Http404 for a key naming a
    part of the authority outside the person's scope."""
    scopes = scopes_for(user)
    if not scopes:
        raise PermissionDenied
    if not key:
        return scopes[0], scopes
    chosen = next((scope for scope in scopes if scope.key == key), None)
    if chosen is None:
        raise Http404("No such part of the authority")
    return chosen, scopes


def reporting_years(*, today: dt.date) -> list[int]:
    """Reporting years (to 30 September) from the first the register covers in full (the
    authority's ``history_from``, else the first in which anyone was in post) to the latest that
    has ended by ``today``; at most the last ten."""
    authority = LocalAuthority.objects.first()
    first = (authority.history_from if authority else None) or (
        Assignment.objects.order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    latest = last_census_year(today)
    if first is None:
        return []
    start = reporting_year_of(first)
    return list(range(max(start, latest - 9), latest + 1))


def current_release() -> tuple[pl.DataFrame, str]:
    """The DfE statistics to compare with: the latest file an analyst loaded, else the one
    shipped with the package; and a line saying which."""
    loaded = PublishedRelease.objects.only("pk", "filename", "years", "loaded_at").first()
    if loaded is None:
        return published_release(), "DfE Children's social work workforce, 2017 to 2025 (shipped)"
    return _loaded_release(
        loaded.pk
    ), f"{loaded.filename}, {loaded.years}, loaded {loaded.loaded_at:%-d %B %Y}"


@lru_cache(maxsize=2)
def _loaded_release(pk: int) -> pl.DataFrame:
    return read_release(bytes(PublishedRelease.objects.get(pk=pk).content))


def dashboard(
    *, scope: Scope, year: int, years: list[int], rolling_to: dt.date | None = None
) -> Dashboard:
    """The workforce dashboard (``core.dashboard.workforce_dashboard``) for ``scope``: the
    authority, the register and DfE's release loaded from the database."""
    authority = LocalAuthority.objects.prefetch_related("comparators").get()
    comparators = list(authority.comparators.all())
    release, note = current_release()
    return workforce_dashboard(
        register=load_register(),
        release=release,
        release_note=note,
        authority=Authority(
            name=authority.name,
            old_la_code=authority.old_la_code,
            region_code=authority.region_code,
            comparators=tuple(c.old_la_code for c in comparators),
            comparator_names=tuple(c.name for c in comparators),
        ),
        teams=scope.teams,
        scope_name=authority.name if scope.teams is None else scope.label,
        year=year,
        years=years,
        rolling_to=rolling_to,
    )


def statistical_neighbours_named(old_la_code: str) -> list[tuple[str, str]]:
    """DfE's ten statistical neighbours of an authority, (code, name), or none if DfE lists
    none for it (as for a new or the demo's authority)."""
    names = authority_names()
    try:
        codes = statistical_neighbours(old_la_code)
    except KeyError:
        return []
    return [(code, names.get(code, code)) for code in codes]
