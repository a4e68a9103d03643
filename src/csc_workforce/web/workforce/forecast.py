"""Reads for the forecast page: the register, funded posts, students and agency charges as the
frames ``core.forecast`` takes, the baseline forecast and each saved scenario's, and the
back-test on the authority's own history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.apps import apps
from django.db.models import Avg, QuerySet

from csc_workforce.core import forecast as core
from csc_workforce.core.charts import StepSeries, step_chart
from csc_workforce.core.exports import Sheet
from csc_workforce.web.accounts.roles import Viewer
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import Post, StaffMember

from .models import ForecastScenario


def scenarios_visible_to(*, user: Viewer) -> QuerySet[ForecastScenario]:
    """The saved scenarios: shared by everyone who may see the forecast (the page's
    capability is checked by the view)."""
    return ForecastScenario.objects.all()


def staff_frame() -> pl.DataFrame:
    """Every engagement of the register as ``core.forecast.STAFF_SCHEMA``: its group is its
    role level (as the scenario's payment groups name them); its pay, base salary and
    recruitment and retention payments."""
    rows = read_frame(
        StaffMember.objects.values_list(
            "start_date",
            "end_date",
            "fte",
            "employment_type",
            "date_of_birth",
            "role_level",
            "base_salary",
            "rr_payments",
        ),
        {
            "start_date": pl.Date,
            "end_date": pl.Date,
            "fte": pl.Float64,
            "employment_type": pl.String,
            "date_of_birth": pl.Date,
            "role_level": pl.Int64,
            "base_salary": pl.Float64,
            "rr_payments": pl.Float64,
        },
    )
    return rows.select(
        "start_date",
        "end_date",
        "fte",
        agency=pl.col("employment_type") == StaffMember.Employment.AGENCY,
        date_of_birth="date_of_birth",
        group=pl.col("role_level").cast(pl.String),
        pay=pl.col("base_salary") + pl.col("rr_payments").fill_null(0),
    ).cast(core.STAFF_SCHEMA)  # type: ignore[arg-type]


def posts_frame() -> pl.DataFrame:
    return read_frame(Post.objects.values_list("fte", "funded_from", "funded_to"), core.POST_SCHEMA)


def arrivals_frame(*, on: dt.date) -> pl.DataFrame:
    """Known arrivals after ``on`` (``core.forecast.ARRIVAL_SCHEMA``) that other apps hold,
    each contributing through ``forecast_arrivals(on=...)`` on its ``AppConfig`` (the
    development app: students due to finish their placements)."""
    frames = [
        contribute(on=on)
        for config in apps.get_app_configs()
        if (contribute := getattr(config, "forecast_arrivals", None)) is not None
    ]
    return pl.concat([core_empty_arrivals(), *frames])


def core_empty_arrivals() -> pl.DataFrame:
    return pl.DataFrame(schema=core.ARRIVAL_SCHEMA)


def agency_hourly_charge(*, on: dt.date) -> float | None:
    """The mean hourly charge recorded for agency workers in post on ``on``."""
    from csc_workforce.web.recruitment.models import AgencyEngagement

    charge = AgencyEngagement.objects.filter(
        organisation.in_post_q("staff__", on), hourly_charge__isnull=False
    ).aggregate(mean=Avg("hourly_charge"))["mean"]
    return None if charge is None else float(charge)


def history_from() -> dt.date | None:
    try:
        return organisation.authority().history_from
    except organisation.NoAuthority:
        return None


def last_census_day(on: dt.date) -> dt.date:
    """The last 30 September on or before ``on``: the back-test tests reporting years."""
    census = dt.date(on.year, 9, 30)
    return census if census <= on else dt.date(on.year - 1, 9, 30)


def scenario_of(saved: ForecastScenario) -> core.Scenario:
    group = saved.payment_group
    return core.Scenario(
        name=saved.name,
        turnover_down=float(saved.turnover_down),
        extra_trainees=saved.extra_trainees,
        agency_converted=float(saved.agency_converted),
        payment_group=None if not group else "" if group == "all" else group,
        payment=float(saved.payment),
        payment_effect=float(saved.payment_effect),
        agency_cost=None if saved.agency_cost is None else float(saved.agency_cost),
    )


@dataclass(frozen=True)
class Effect:
    """A scenario's difference from the baseline (its middle figure minus the baseline's)
    ``months`` ahead."""

    months: int
    vacancies: float | None
    agency: float | None
    cost: float


@dataclass(frozen=True)
class ForecastPage:
    on: dt.date
    baseline: core.Forecast
    rates: core.Rates
    back_test: core.BackTest
    chart: str
    arrivals: int
    funded: bool
    scenario: core.Forecast | None = None
    effects: tuple[Effect, ...] = ()
    simulations: int = core.SIMULATIONS

    @property
    def turnover_percent(self) -> float:
        return self.rates.turnover * 100


def forecast_page(*, on: dt.date, saved: ForecastScenario | None = None) -> ForecastPage:
    """The baseline forecast from ``on``, the back-test, and ``saved``'s forecast and its
    effect beside the baseline."""
    staff, posts = staff_frame(), posts_frame()
    start = history_from()
    arrivals = arrivals_frame(on=on)
    rates = core.recent_rates(staff, on=on, history_from=start)
    position = core.position_at(
        staff,
        on=on,
        posts=posts,
        arrivals=arrivals,
        agency_hourly_charge=agency_hourly_charge(on=on),
    )
    baseline = core.forecast(position, rates)
    scenario = None if saved is None else core.forecast(position, rates, scenario_of(saved))
    return ForecastPage(
        on=on,
        baseline=baseline,
        rates=rates,
        back_test=core.back_test(staff, until=last_census_day(on), history_from=start, posts=posts),
        chart=_chart(baseline, scenario),
        arrivals=len(position.arrivals),
        funded=position.funded is not None,
        scenario=scenario,
        effects=() if scenario is None else effects(baseline, scenario),
    )


def effects(baseline: core.Forecast, scenario: core.Forecast) -> tuple[Effect, ...]:
    def less(a: core.Range | None, b: core.Range | None) -> float | None:
        return None if a is None or b is None else a.mid - b.mid

    return tuple(
        Effect(
            months=s.months,
            vacancies=less(s.vacancies, b.vacancies),
            agency=less(s.agency, b.agency),
            cost=s.cost.mid - b.cost.mid,
        )
        for b, s in zip(baseline.horizons, scenario.horizons, strict=True)
    )


def _chart(baseline: core.Forecast, scenario: core.Forecast | None) -> str:
    shown = [baseline, *([scenario] if scenario is not None else [])]
    series = []
    for result in shown:
        months = result.monthly["in_post"]
        series.append(
            StepSeries(
                result.scenario.name,
                [(float(t), r.mid) for t, r in enumerate(months, start=1)],
                band=tuple((float(t), r.low, r.high) for t, r in enumerate(months, start=1)),
                band_to=float(len(months)),
            )
        )
    last = baseline.horizons[-1]
    described = (
        f"Baseline: {last.in_post.mid:.1f} FTE in post after {last.months} months "
        f"(between {last.in_post.low:.1f} and {last.in_post.high:.1f}, the 10th to 90th "
        "percentile, shaded)"
    )
    if scenario is not None:
        end = scenario.horizons[-1].in_post
        described += f"; {scenario.scenario.name}: {end.mid:.1f} FTE"
    return step_chart(
        title="Forecast FTE in post by months ahead",
        description=described,
        series=series,
        x_unit=" months",
    )


HORIZON_HEADER = [
    "Forecast",
    "Months ahead",
    "Measure",
    "Low (10th percentile)",
    "Middle (50th percentile)",
    "High (90th percentile)",
]


def forecast_sheets(page: ForecastPage) -> list[Sheet]:
    """The forecast (baseline and scenario), the scenario's effect and the back-test as
    sheets for a download."""
    rows: list[list[Any]] = []
    for result in (page.baseline, *([page.scenario] if page.scenario else [])):
        for h in result.horizons:
            for label, value in _measures(h):
                rows.append([result.scenario.name, h.months, label, *_rounded(value, label)])
    sheets = [Sheet("Forecast", HORIZON_HEADER, rows)]
    if page.effects:
        sheets.append(
            Sheet(
                "Effect",
                ["Months ahead", "Vacancies (FTE)", "Agency FTE", "Cost (£)"],
                [
                    [
                        e.months,
                        _maybe(e.vacancies, 1),
                        _maybe(e.agency, 1),
                        round(e.cost),
                    ]
                    for e in page.effects
                ],
            )
        )
    sheets.append(
        Sheet(
            "Back-test",
            [
                "Year to",
                "FTE in post forecast",
                "FTE in post actual",
                "FTE leavers forecast",
                "FTE leavers actual",
            ],
            [
                [
                    y.year_end.isoformat(),
                    round(y.in_post.mid, 1),
                    round(y.in_post_actual, 1),
                    round(y.leavers.mid, 1),
                    round(y.leavers_actual, 1),
                ]
                for y in page.back_test.years
            ],
        )
    )
    return sheets


def _maybe(value: float | None, places: int) -> float | str:
    return "" if value is None else round(value, places)


def _measures(h: core.Horizon) -> Sequence[tuple[str, core.Range | None]]:
    return (
        ("FTE in post", h.in_post),
        ("FTE leavers", h.leavers),
        ("FTE starters", h.starters),
        ("Vacancies (FTE)", h.vacancies),
        ("Agency FTE covering vacancies", h.agency),
        ("Cost (£)", h.cost),
    )


def _rounded(value: core.Range | None, label: str) -> list[Any]:
    if value is None:
        return ["", "", ""]
    places = 0 if label.startswith("Cost") else 1
    return [round(value.low, places), round(value.mid, places), round(value.high, places)]
