"""Reads for the retention page: time in post from the register, as Kaplan-Meier curves
(``core.survival``) for the whole workforce and split by route into social work, role level,
employment type and team type, with leavers by length of service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from csc_workforce.core import codes
from csc_workforce.core.charts import StepSeries, step_chart
from csc_workforce.core.suppression import THRESHOLD, Sum, suppress
from csc_workforce.core.survival import (
    YEAR_DAYS,
    Curve,
    Estimate,
    kaplan_meier,
    kaplan_meier_by,
    leavers_by_service,
    median_tenure,
    retention_at,
    retention_years,
    tenure_spells,
)
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import Scope

WHOLE = "Whole workforce"
TABLE_YEARS = tuple(range(11))
"""The whole years at which each curve's data table gives the share still in post."""


@dataclass(frozen=True)
class Group:
    """One curve's figures: people, leavers, median time in post (years) and the share still
    in post after 1, 2 and 5 years (per cent), each with its 95% interval; ``at_years`` the
    share at each of ``TABLE_YEARS``. ``too_few`` when drawn from fewer than 5 people: nothing
    else is shown."""

    name: str
    people: int
    leavers: int
    too_few: bool
    median: Estimate
    retained: tuple[Estimate, Estimate, Estimate]
    at_years: tuple[float | None, ...]
    points: list[tuple[float, float]]
    band: tuple[tuple[float, float, float], ...] = ()
    """The 95% interval (years, lower %, upper %) where it is defined, until ``band_to``."""
    band_to: float = 0.0


@dataclass(frozen=True)
class Split:
    title: str
    chart: str
    groups: list[Group]


@dataclass(frozen=True)
class ServiceBand:
    label: str
    leavers: int | None  # None: suppressed


@dataclass(frozen=True)
class Retention:
    on: dt.date
    history_from: dt.date | None
    splits: list[Split]
    leavers: list[ServiceBand]
    leavers_total: int | None
    under_five_share: float | None


SPLITS = (
    ("Route into social work", "route"),
    ("Role level", "role"),
    ("Employment type", "employment"),
    ("Team type", "team_type"),
)


def engagements(*, scope: Scope) -> pl.DataFrame:
    """Each engagement in the register (``organisation.load_register``) with its start and end
    dates and, from the first job it held there, its role level, employment type and team type
    (labels), and the person's route into social work; for a part of the authority, those
    whose first job was in its teams."""
    register = organisation.load_register()
    first_jobs = register.assignments.sort("effective_from").group_by("staff_id").first()
    if scope.teams is not None:
        first_jobs = first_jobs.filter(pl.col("team_id").is_in(list(scope.teams)))
    routes = read_frame(
        StaffMember.objects.values_list("pk", "qualification_route"),
        {"staff_id": pl.Int64, "route": pl.String},
    )
    teams = read_frame(
        Team.objects.values_list("pk", "team_type"), {"team_id": pl.Int64, "team_type": pl.String}
    )
    route_labels = {"": "Not recorded", **codes.QUALIFICATION_ROUTE}
    return (
        register.staff.select("staff_id", "start_date", "end_date")
        .join(first_jobs, on="staff_id")
        .join(routes, on="staff_id", how="left")
        .join(teams, on="team_id", how="left")
        .select(
            "staff_id",
            "start_date",
            "end_date",
            route=pl.col("route").fill_null("").replace_strict(route_labels, default="Other"),
            role=pl.col("role_level").replace_strict(
                dict(StaffMember.RoleLevel.choices), default=None, return_dtype=pl.String
            ),
            employment=pl.col("employment_type").replace_strict(
                dict(StaffMember.Employment.choices), default=None
            ),
            team_type=pl.col("team_type").replace_strict(dict(Team.TeamType.choices), default=None),
        )
    )


def retention(*, scope: Scope, on: dt.date) -> Retention:
    """The retention page for ``scope`` on ``on``: a curve for the whole workforce and each
    group of each split (``SPLITS``), and leavers since the register's history began by length
    of service (``core.survival``), small counts suppressed (``core.suppression``)."""
    try:
        history_from = organisation.authority().history_from
    except organisation.NoAuthority:
        history_from = None
    return retention_of(engagements(scope=scope), on=on, history_from=history_from)


def retention_of(
    engagements: pl.DataFrame, *, on: dt.date, history_from: dt.date | None
) -> Retention:
    """The retention page's figures from ``engagements`` (as ``engagements`` gives them)."""
    spells = tenure_spells(engagements, on=on, history_from=history_from)
    curve = kaplan_meier(spells)
    whole = _group(WHOLE, curve)
    if not whole.too_few:
        whole = replace(whole, **_band(curve))
    splits = [Split(WHOLE, _chart(WHOLE, [whole]), [whole])]
    for title, column in SPLITS:
        groups = [_group(name, curve) for name, curve in kaplan_meier_by(spells, by=column).items()]
        splits.append(Split(title, _chart(title, groups), groups))
    bands = leavers_by_service(spells)
    counts: dict[str, int] = dict(bands)
    total = sum(counts.values())
    counts["total"] = total
    hidden = suppress(counts, [Sum("total", tuple(label for label, _ in bands))])
    under_two, two_to_five = bands[0][0], bands[1][0]
    share = (
        (counts[under_two] + counts[two_to_five]) / total * 100
        if total and not hidden & {under_two, two_to_five, "total"}
        else None
    )
    return Retention(
        on=on,
        history_from=history_from,
        splits=splits,
        leavers=[ServiceBand(label, None if label in hidden else n) for label, n in bands],
        leavers_total=None if "total" in hidden else total,
        under_five_share=share,
    )


def _percent(estimate: Estimate) -> Estimate:
    def scaled(value: float | None) -> float | None:
        return None if value is None else value * 100

    return Estimate(scaled(estimate.value), scaled(estimate.lower), scaled(estimate.upper))


def _years(estimate: Estimate) -> Estimate:
    def scaled(value: float | None) -> float | None:
        return None if value is None else value / YEAR_DAYS

    return Estimate(scaled(estimate.value), scaled(estimate.lower), scaled(estimate.upper))


def _group(name: str, curve: Curve) -> Group:
    too_few = curve.people < THRESHOLD
    nothing = Estimate(None, None, None)
    return Group(
        name=name,
        people=curve.people,
        leavers=curve.leavers,
        too_few=too_few,
        median=nothing if too_few else _years(median_tenure(curve)),
        retained=(nothing, nothing, nothing)
        if too_few
        else (
            _percent(retention_years(curve, years=1)),
            _percent(retention_years(curve, years=2)),
            _percent(retention_years(curve, years=5)),
        ),
        at_years=tuple(
            None if too_few else _percent(retention_at(curve, days=int(y * YEAR_DAYS))).value
            for y in TABLE_YEARS
        ),
        points=[]
        if too_few
        else [
            (0.0, 100.0),
            *zip(
                (curve.steps["time"] / YEAR_DAYS).to_list(),
                (curve.steps["survival"] * 100).to_list(),
                strict=True,
            ),
            (curve.followed_to / YEAR_DAYS, float(curve.steps["survival"][-1] * 100))
            if curve.steps.height
            else (curve.followed_to / YEAR_DAYS, 100.0),
        ],
    )


def _band(curve: Curve) -> dict[str, Any]:
    """``Group.band`` and ``band_to`` of ``curve``: its interval from the first leaving time
    where one is defined to the next leaving time after the last (or the end of the curve)."""
    steps = curve.steps.with_row_index("row")
    defined = steps.filter(pl.col("lower").is_not_null())
    if not defined.height:
        return {}
    after = steps.filter(pl.col("row") > defined["row"].max())["time"]
    return {
        "band": tuple(
            zip(
                (defined["time"] / YEAR_DAYS).to_list(),
                (defined["lower"] * 100).to_list(),
                (defined["upper"] * 100).to_list(),
                strict=True,
            )
        ),
        "band_to": (after[0] if after.len() else curve.followed_to) / YEAR_DAYS,
    }


def _chart(title: str, groups: list[Group]) -> str:
    """The step curves of the groups with enough people, each to the longest time anyone in
    it was followed."""
    shown = [g for g in groups if not g.too_few]
    described = "; ".join(
        f"{g.name}: {g.retained[0].value:.0f}% still in post after 1 year"
        if g.retained[0].value is not None
        else f"{g.name}: not followed for a year"
        for g in shown
    )
    if any(g.band for g in shown):
        described += ". The shaded area is the 95% confidence interval"
    return step_chart(
        title=f"Share still in post by years since starting: {title.lower()}",
        description=described or "Too few people to draw a curve.",
        series=[StepSeries(g.name, g.points, g.band, g.band_to) for g in shown],
        x_unit=" yrs",
        y_unit="%",
        y_top=100,
    )
