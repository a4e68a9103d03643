"""Reads for the retention pages: time in post from the register, as Kaplan-Meier curves
(``core.survival``) for the whole workforce and split by route into social work, role level,
employment type, team type, ASYE cohort and retention payment, with leavers by length of
service; and the Cox model of the factors that go with leaving sooner (``core.cox``), in plain
words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import polars as pl
from django.apps import apps
from django.core.cache import cache

from csc_workforce.core import codes
from csc_workforce.core.charts import StepSeries, step_chart
from csc_workforce.core.cox import Effect, Factor, Measure, leaving_factors
from csc_workforce.core.exports import Cell, Sheet
from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.national_leavers import (
    ENGLAND_UNDER_FIVE_YEARS,
    PublishedShare,
    under_five_years_share,
)
from csc_workforce.core.register import Register
from csc_workforce.core.suppression import THRESHOLD, Sum, suppress
from csc_workforce.core.survival import (
    YEAR_DAYS,
    Curve,
    Estimate,
    kaplan_meier,
    kaplan_meier_by,
    last_days,
    leavers_by_service,
    left_between,
    median_tenure,
    retention_at,
    retention_years,
    sickness_before_leaving,
    tenure_spells,
)
from csc_workforce.web.audit.selectors import latest_change
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import Scope
from csc_workforce.web.recruitment.models import Incentive

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
class NationalYear:
    """One reporting year for which England's share of leavers with less than 5 years' service
    is published (``core.national_leavers``), with the authority's own for the same year:
    its directly employed leavers (agency workers left out, as DfE's leavers are) who left from
    1 October to 30 September. ``covered`` is False when the register's history does not hold
    the whole year (it began after 1 October, or the year has not ended): then nothing of ours
    is given. ``leavers`` and ``under_five`` are None where suppressed (or not covered);
    ``share`` only when neither is suppressed and someone left."""

    year: int
    first: dt.date
    last: dt.date
    england: Decimal
    source: str
    title: str
    url: str
    covered: bool
    leavers: int | None
    under_five: int | None
    share: float | None


@dataclass(frozen=True)
class Retention:
    on: dt.date
    history_from: dt.date | None
    splits: list[Split]
    leavers: list[ServiceBand]
    leavers_total: int | None
    under_five_share: float | None
    national: list[NationalYear]


SPLITS = (
    ("Route into social work", "route"),
    ("Role level", "role"),
    ("Employment type", "employment"),
    ("Team type", "team_type"),
    ("ASYE cohort", "asye"),
    ("Retention payment", "payment"),
)
NO_ASYE = "No ASYE here"
PAID, NOT_PAID = "Received a retention payment", "No retention payment"


def engagements(*, scope: Scope, register: Register | None = None) -> pl.DataFrame:
    """Each engagement in the register (``organisation.load_register``) with its start and end
    dates and, from the first job it held there, its role level, employment type and team type
    (labels), the person's route into social work, the ASYE cohort it was enrolled in here
    (the earliest, if more than one; ``NO_ASYE`` for none) and the first day from which it was
    paid a retention payment (``payment_from``; null for never); for a part of the authority,
    those whose first job was in its teams."""
    register = register or organisation.load_register()
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
    cohorts = _from_apps("retention_frames").get(
        "asye", pl.DataFrame(schema={"staff_id": pl.Int64, "asye": pl.String})
    )
    payments = (
        read_frame(
            Incentive.objects.filter(kind="retention_payment").values_list(
                "staff_id", "start_date"
            ),
            {"staff_id": pl.Int64, "payment_from": pl.Date},
        )
        .group_by("staff_id")
        .agg(pl.col("payment_from").min())
    )
    route_labels = {"": "Not recorded", **codes.QUALIFICATION_ROUTE}
    return (
        register.staff.select("staff_id", "start_date", "end_date")
        .join(first_jobs, on="staff_id")
        .join(routes, on="staff_id", how="left")
        .join(teams, on="team_id", how="left")
        .join(cohorts, on="staff_id", how="left")
        .join(payments, on="staff_id", how="left")
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
            asye=pl.col("asye").fill_null(NO_ASYE),
            payment_from="payment_from",
        )
    )


def _from_apps(hook: str, *args: Any) -> dict[str, pl.DataFrame]:
    """What the apps that hold them give for the retention pages, each through its
    ``AppConfig`` (as ``organisation.load_register`` gathers ``register_frames``), so that this
    app imports none of them: ``retention_frames()`` (frames by name: ``asye``, from
    development) and ``retention_loads(days)`` (``loads``: each worker's weighted load on their
    day, from caseloads)."""
    found: dict[str, pl.DataFrame] = {}
    for config in apps.get_app_configs():
        contribute = getattr(config, hook, None)
        if contribute is None:
            continue
        found.update(contribute(*args))
    return found


def spells_of(
    engagements: pl.DataFrame, *, on: dt.date, history_from: dt.date | None
) -> pl.DataFrame:
    """``core.survival.tenure_spells`` of ``engagements``, with ``payment``: whether a retention
    payment had begun by the spell's last day (``PAID`` or ``NOT_PAID``)."""
    spells = tenure_spells(engagements, on=on, history_from=history_from)
    paid = pl.col("payment_from").is_not_null() & (pl.col("payment_from") <= last_days(spells))
    return spells.with_columns(payment=pl.when(paid).then(pl.lit(PAID)).otherwise(pl.lit(NOT_PAID)))


def retention(*, scope: Scope, on: dt.date) -> Retention:
    """The retention page for ``scope`` on ``on``: a curve for the whole workforce and each
    group of each split (``SPLITS``), and leavers since the register's history began by length
    of service (``core.survival``), small counts suppressed (``core.suppression``)."""
    return retention_of(engagements(scope=scope), on=on, history_from=_history_from())


def _history_from() -> dt.date | None:
    try:
        return organisation.authority().history_from
    except organisation.NoAuthority:
        return None


def retention_of(
    engagements: pl.DataFrame, *, on: dt.date, history_from: dt.date | None
) -> Retention:
    """The retention page's figures from ``engagements`` (as ``engagements`` gives them)."""
    spells = spells_of(engagements, on=on, history_from=history_from)
    curve = kaplan_meier(spells)
    whole = _group(WHOLE, curve)
    if not whole.too_few:
        whole = replace(whole, **_band(curve))
    splits = [Split(WHOLE, _chart(WHOLE, [whole]), [whole])]
    for title, column in SPLITS:
        groups = [_group(name, curve) for name, curve in kaplan_meier_by(spells, by=column).items()]
        splits.append(Split(title, _chart(title, groups), groups))
    bands = leavers_by_service(spells)
    labels = tuple(label for label, _ in bands)
    counts: dict[str, int] = dict(bands)
    total = sum(counts.values())
    counts["total"] = total
    years = [_year_counts(spells, published, on=on, history_from=history_from)
             for published in ENGLAND_UNDER_FIVE_YEARS]  # fmt: skip
    yearly, sums = _national_sums(years, bands)
    counts.update(yearly)
    hidden = suppress(
        counts,
        [Sum("total", labels), *sums],
        hidden=("all under 5", "all 5 or more"),
    )
    under_two, two_to_five = labels[0], labels[1]
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
        national=[_national(year, hidden) for year in years],
    )


@dataclass(frozen=True)
class _YearCounts:
    published: PublishedShare
    first: dt.date
    last: dt.date
    covered: bool
    leavers: int
    under_five: int


def _year_counts(
    spells: pl.DataFrame, published: PublishedShare, *, on: dt.date, history_from: dt.date | None
) -> _YearCounts:
    """The authority's directly employed leavers in ``published``'s reporting year and those of
    them with less than 5 years' service (``core.register.TENURE_BANDS``' first two bands, as
    ``leavers_by_service`` counts them), if the register's history holds the whole year."""
    first, last = reporting_year_bounds(published.year)
    covered = (history_from is None or history_from <= first) and last <= on
    if not covered:
        return _YearCounts(published, first, last, False, 0, 0)
    employed = spells.filter(pl.col("employment") != str(StaffMember.Employment.AGENCY.label))
    bands = leavers_by_service(left_between(employed, first=first, last=last))
    return _YearCounts(
        published,
        first,
        last,
        True,
        leavers=sum(n for _, n in bands),
        under_five=bands[0][1] + bands[1][1],
    )


def _national_sums(
    years: list[_YearCounts], bands: list[tuple[str, int]]
) -> tuple[dict[str, int], list[Sum[str]]]:
    """The counts and sums of the national comparison, to suppress with leavers by length of
    service in one table: each covered year's leavers (shown), those with less than 5 years'
    service (shown) and with 5 or more (worked out by subtraction); and the links to the bands
    of all leavers — every leaver with less than 5 years' service (the first two bands) is in one
    of the years or in the rest (other years and agency workers), and the same for 5 or more.
    The rest is never shown; it is taken as known (a count of 1 to 4 in it is hidden like any
    other), which can only hide more, never less."""
    counts: dict[str, int] = {}
    sums: list[Sum[str]] = []
    shown = [year for year in years if year.covered]
    for year in shown:
        key = str(year.published.year)
        counts |= {
            f"{key} leavers": year.leavers,
            f"{key} under 5": year.under_five,
            f"{key} 5 or more": year.leavers - year.under_five,
        }
        sums.append(Sum(f"{key} leavers", (f"{key} under 5", f"{key} 5 or more")))
    if not shown:
        return counts, sums
    labels = tuple(label for label, _ in bands)
    all_under = sum(n for _, n in bands[:2])
    all_over = sum(n for _, n in bands[2:])
    counts |= {
        "all under 5": all_under,
        "all 5 or more": all_over,
        "rest under 5": all_under - sum(year.under_five for year in shown),
        "rest 5 or more": all_over - sum(year.leavers - year.under_five for year in shown),
    }
    sums += [
        Sum("all under 5", labels[:2]),
        Sum("all 5 or more", labels[2:]),
        Sum("all under 5", (*(f"{y.published.year} under 5" for y in shown), "rest under 5")),
        Sum(
            "all 5 or more",
            (*(f"{y.published.year} 5 or more" for y in shown), "rest 5 or more"),
        ),
    ]
    return counts, sums


def _national(year: _YearCounts, hidden: frozenset[str]) -> NationalYear:
    key = str(year.published.year)
    leavers = None if f"{key} leavers" in hidden or not year.covered else year.leavers
    under_five = None if f"{key} under 5" in hidden or not year.covered else year.under_five
    return NationalYear(
        year=year.published.year,
        first=year.first,
        last=year.last,
        england=year.published.percent,
        source=year.published.source,
        title=year.published.title,
        url=year.published.url,
        covered=year.covered,
        leavers=leavers,
        under_five=under_five,
        share=None
        if leavers is None or under_five is None
        else under_five_years_share(under_five=under_five, leavers=leavers),
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


# --- Downloads ------------------------------------------------------------------------------


def _cell(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def retention_sheets(page: Retention) -> list[Sheet]:
    """The retention page's tables as sheets: every split's groups, with their figures and the
    share still in post at each whole year (the first sheet, the CSV download); leavers by
    length of service ("c" where suppressed)."""
    header = [
        "Split",
        "Group",
        "People",
        "Leavers",
        "Median years in post",
        "Median lower 95%",
        "Median upper 95%",
        *(
            f"{label}{part} (%)"
            for label in ("After 1 year", "After 2 years", "After 5 years")
            for part in ("", ", lower 95%", ", upper 95%")
        ),
        *(f"Still in post after {year} yrs (%)" for year in TABLE_YEARS),
    ]
    rows: list[list[Cell]] = []
    for split in page.splits:
        for group in split.groups:
            if group.too_few:
                rows.append([split.title, group.name, "Too few to say"])
                continue
            rows.append(
                [
                    split.title,
                    group.name,
                    group.people,
                    group.leavers,
                    _cell(group.median.value),
                    _cell(group.median.lower),
                    _cell(group.median.upper),
                    *(
                        _cell(value, 0)
                        for estimate in group.retained
                        for value in (estimate.value, estimate.lower, estimate.upper)
                    ),
                    *(_cell(value, 0) for value in group.at_years),
                ]
            )
    leavers = [[band.label, "c" if band.leavers is None else band.leavers] for band in page.leavers]
    leavers.append(["All leavers", "c" if page.leavers_total is None else page.leavers_total])
    return [
        Sheet("Retention curves", header, rows),
        Sheet("Leavers by service", ["Length of service", "Leavers"], leavers),
        Sheet(
            "Under 5 years against England",
            [
                "Year ending 30 September",
                "Leavers here (directly employed)",
                "Of whom less than 5 years' service",
                "Share here (%)",
                "England (%)",
                "England's figure: source",
            ],
            [_national_row(year) for year in page.national],
        ),
    ]


def _national_row(year: NationalYear) -> list[Cell]:
    """A year of the national comparison as a row: ours ("c" where suppressed; "Not covered"
    when the register's history does not hold the whole year) and England's, with its source."""
    source = f"{year.source}, “{year.title}”, {year.url}"
    england = f"{year.england:.1f}"
    if not year.covered:
        return [year.year, "Not covered", "Not covered", "Not covered", england, source]
    return [
        year.year,
        "c" if year.leavers is None else year.leavers,
        "c" if year.under_five is None else year.under_five,
        "No leavers" if year.leavers == 0 else ("c" if year.share is None else _cell(year.share)),
        england,
        source,
    ]


# --- Which factors go with leaving sooner -----------------------------------------------------

FACTORS = (
    Factor("Route into social work", "route"),
    Factor("Role level", "role"),
    Factor("Team type", "team_type"),
    Factor("Employment type", "employment"),
    Factor("ASYE here", "asye_here"),
    Factor("Retention payment", "payment"),
)
MEASURES = (
    Measure("Weighted load", "load_percent", 10, "percentage points more of capacity"),
    Measure("Sickness", "sickness_days", 5, "more working days lost in the year before"),
)
DID_ASYE, NO_ASYE_HERE = "Did their ASYE here", "Did not do their ASYE here"
KEPT_SECONDS = 6 * 60 * 60
"""At most how long the factors page's model is kept (``factors``)."""


@dataclass(frozen=True)
class Finding:
    """One effect of the model in plain words, with its figures for the table."""

    factor: str
    group: str
    reference: str | None
    sentence: str
    hazard_ratio: float
    lower: float
    upper: float
    p_value: float
    people: int
    leavers: int


@dataclass(frozen=True)
class Factors:
    on: dt.date
    history_from: dt.date | None
    findings: list[Finding]
    left_out: list[tuple[str, str]]
    hidden: str | None
    people: int
    leavers: int
    case_holders_only: bool = False
    """Weighted load is in the model: only case holders have a load, so it is of them alone."""


def factors(*, scope: Scope, on: dt.date) -> Factors:
    """The factors page for ``scope`` on ``on``: the Cox model (``core.cox.leaving_factors``) of
    route, role level, team type, employment type, ASYE here, retention payment, weighted load
    before leaving and sickness in the year before leaving, in plain words.

    Computed from the whole register and the caseloads, the same for everyone who sees the
    scope: kept for the day until anything audited changes, as the home page keeps its figures
    (``site.selectors.until_changed``: every write records an audit event, so a new event means
    the inputs may differ), so that views after the first are quick."""
    change = latest_change()
    stamp = f"{change[0]}-{change[1].timestamp()}" if change else "none"
    teams = "all" if scope.teams is None else ",".join(map(str, sorted(scope.teams)))
    key = f"cscw:leaving-factors:{teams}:{on.isoformat()}:{stamp}"
    found: Factors | None = cache.get(key)
    if found is None:
        found = _factors(scope=scope, on=on)
        cache.set(key, found, KEPT_SECONDS)
    return found


def _factors(*, scope: Scope, on: dt.date) -> Factors:
    register = organisation.load_register()
    history_from = _history_from()
    frame = engagements(scope=scope, register=register)
    spells = spells_of(frame, on=on, history_from=history_from)
    # The load on the last day of the month before each one's last day, as the caseload pages
    # weigh it: a day a month keeps the number of days to weigh to the months of history.
    load_days = spells.select(
        "staff_id", day=last_days(spells).dt.month_start() - pl.duration(days=1)
    )
    loads = _from_apps("retention_loads", dict(load_days.iter_rows())).get(
        "loads", pl.DataFrame(schema={"staff_id": pl.Int64, "load_percent": pl.Float64})
    )
    return factors_of(
        sickness_before_leaving(spells, register.sickness).join(loads, on="staff_id", how="left"),
        on=on,
        history_from=history_from,
    )


def factors_of(spells: pl.DataFrame, *, on: dt.date, history_from: dt.date | None) -> Factors:
    """The factors page's figures from ``spells`` (``spells_of``, with ``load_percent`` and
    ``sickness_days``)."""
    spells = spells.with_columns(
        asye_here=pl.when(pl.col("asye") == NO_ASYE)
        .then(pl.lit(NO_ASYE_HERE))
        .otherwise(pl.lit(DID_ASYE))
    )
    model = leaving_factors(spells, factors=FACTORS, measures=MEASURES)
    return Factors(
        on=on,
        history_from=history_from,
        findings=[_finding(effect) for effect in model.effects],
        left_out=model.left_out,
        hidden=model.hidden,
        people=model.people,
        leavers=model.leavers,
        case_holders_only=any(effect.column == "load_percent" for effect in model.effects),
    )


def _finding(effect: Effect) -> Finding:
    term = effect.term
    return Finding(
        factor=effect.factor,
        group=effect.group,
        reference=effect.reference,
        sentence=in_words(effect),
        hazard_ratio=term.hazard_ratio,
        lower=term.lower,
        upper=term.upper,
        p_value=term.p_value,
        people=effect.people,
        leavers=effect.leavers,
    )


def _ratio(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def in_words(effect: Effect) -> str:
    """An effect as a sentence: who left sooner or later than whom, how many times as likely to
    leave in any month all else equal, and the 95% interval; where the interval holds 1, that
    the data cannot tell whether it goes with leaving sooner or later."""
    term = effect.term
    ratio = _ratio(term.hazard_ratio)
    interval = f"95% confidence interval {_ratio(term.lower)} to {_ratio(term.upper)}"
    unclear = term.lower <= 1 <= term.upper
    direction = "sooner" if term.hazard_ratio > 1 else "later"
    if effect.reference is None:
        who = f"{effect.factor}: each {effect.group}"
        if unclear:
            return (
                f"{who}: about {ratio} times as likely to leave in any month, all else equal "
                f"({interval}). That interval includes 1: the data cannot tell whether it goes "
                "with leaving sooner or later."
            )
        return (
            f"{who} went with leaving {direction}: about {ratio} times as likely to leave in any "
            f"month, all else equal ({interval})."
        )
    who = f"{effect.factor}: people in “{effect.group}”"
    than = f"those in “{effect.reference}”"
    if unclear:
        return (
            f"{who} were about {ratio} times as likely to leave in any month as {than}, all "
            f"else equal ({interval}). That interval includes 1: the data cannot tell them apart."
        )
    return (
        f"{who} left {direction} than {than}: about {ratio} times as likely to leave in any "
        f"month, all else equal ({interval})."
    )


def factor_sheets(page: Factors) -> list[Sheet]:
    """The model's table as a sheet: each effect's hazard ratio, interval, p-value, people and
    leavers, and its sentence."""
    header = [
        "Factor",
        "Group or amount",
        "Compared with",
        "Hazard ratio",
        "Lower 95%",
        "Upper 95%",
        "p-value",
        "People",
        "Leavers",
        "In words",
    ]
    rows: list[list[Cell]] = [
        [
            f.factor,
            f.group,
            f.reference or "",
            f"{f.hazard_ratio:.3f}",
            f"{f.lower:.3f}",
            f"{f.upper:.3f}",
            f"{f.p_value:.4f}",
            f.people,
            f.leavers,
            f.sentence,
        ]
        for f in page.findings
    ]
    left: list[list[Cell]] = [[title, why] for title, why in page.left_out]
    return [
        Sheet("Leaving factors", header, rows),
        Sheet("Left out", ["Factor", "Why"], left),
    ]
