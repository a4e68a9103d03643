"""The catalogue of measures: every figure the service shows by name, once.

Each ``Measure`` has its key (for DfE's workforce figures, the column of DfE's release file),
its name on every page (DfE's where DfE names it), its definition quoted from its source, its
unit, whether higher or lower is better, the function that computes it and the counts that
function takes, the column DfE publishes it in, and its suppression rule. Pages, the census
summary, the comparisons with DfE's figures, ``cscw indicators from-counts`` and the dashboard
iterate over the tuples at the end of this module rather than writing measures out.

A newcomer looking at a figure on a page finds its name here, then its function (whose
docstring quotes the definition) and the test setting it against DfE's published figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

import polars as pl

from csc_workforce.core import (
    agency,
    caseloads,
    development,
    experience,
    indicators,
    quality,
    reference,
    registration,
    training,
)

CSWW_FILE = "csww_indicators_2017_to_2025.csv"
"""DfE's "Children's social work workforce" release: one row an area and reporting year."""
CLA_FILE = "la_cla_swcount.csv"
"""DfE's children looked after at 31 March by the number of social workers they had in the
year: one row an area and ``sw_stability`` band."""


PLACES = {"%": 1, "FTE": 1, "cases per FTE": 1, "days": 1, "people": 0, "cases": 0}
"""Decimal places a figure is shown to, by its unit, as DfE publishes the CSWW release:
percentages, FTE, caseloads and days to 1 place (halves up, ``indicators.round_half_up``),
people and cases whole. A measure of another unit is shown to 1 place."""


class Direction(StrEnum):
    """Which way the measure is better."""

    HIGHER = "higher is better"
    LOWER = "lower is better"
    NEITHER = "neither: read with the other measures"


@dataclass(frozen=True)
class Measure:
    """One measure: see the module docstring.

    ``inputs`` maps each keyword of ``compute`` to the count it takes (a key of another measure
    of the catalogue, or ``working_days``, DfE's working days in the year); ``people_behind``
    names the groups of people the figure is computed from: it is shown as 'c' when any of them
    is 1 to 4 people (``core.suppression.built_from_few``). ``at_most_100``: a rate that cannot
    be over 100% by its definition (DfE publishes ``u`` where counts make it so)."""

    key: str
    name: str
    definition: str
    unit: str
    direction: Direction = Direction.NEITHER
    compute: Callable[..., Any] | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)
    dfe_name: bool = True
    source: str | None = CSWW_FILE
    column: str | None = None
    people_behind: tuple[str, ...] = ()
    suppression: str = ""
    at_most_100: bool = False

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def suffix(self) -> str:
        """What follows the number when it is shown: % for a percentage, else nothing."""
        return "%" if self.percent else ""

    @property
    def places(self) -> int:
        """The decimal places the measure is shown to (``PLACES``), on every page alike."""
        return PLACES.get(self.unit, 1)

    def shown(self, value: Decimal | float | int | None) -> str:
        """``value`` as pages show the measure: rounded to its places, halves up; an en dash
        for no value (a page says why beside it)."""
        if value is None:
            return "\N{EN DASH}"
        return f"{indicators.round_half_up(Decimal(str(value)), self.places):f}"

    @property
    def label(self) -> str:
        """The name for a list of figures of different units: with (%) after a percentage."""
        return f"{self.name} (%)" if self.percent else self.name

    def value(self, counts: Mapping[str, Any]) -> Any:
        """The measure computed from ``counts`` (count key -> value) by its function."""
        if self.compute is None:
            raise ValueError(f"{self.key} is a count, not computed from others")
        return self.compute(**{keyword: counts[count] for keyword, count in self.inputs.items()})


SMALL_NUMBERS = "Computed here: shown as c when computed from 1 to 4 people (core.suppression)."
AS_PUBLISHED = "Read from DfE's files and a return only, as published: DfE's symbols kept."


def _csww(
    key: str, name: str, definition: str, unit: str, *, people: tuple[str, ...] = (), **more: Any
) -> Measure:
    """A figure of DfE's CSWW release, published in the column named as its key."""
    suppression = SMALL_NUMBERS if people else AS_PUBLISHED
    return Measure(
        key, name, definition, unit, column=key, people_behind=people, suppression=suppression,
        **more,
    )  # fmt: skip


FTE_IN_POST = "FTE social workers in post at 30 September"

TURNOVER = _csww(
    "turnover_rate_fte",
    "Turnover rate",
    f"leavers FTE in year / {FTE_IN_POST}, x100",
    "%",
    direction=Direction.LOWER,
    compute=indicators.turnover_rate,
    inputs={"leavers_fte": "leavers_fte", "inpost_fte": "inpost_fte"},
    people=("leavers", "inpost"),
)
AGENCY = _csww(
    "agency_rate_fte",
    "Agency worker rate",
    "agency FTE / (agency FTE + FTE in post), x100, at 30 September",
    "%",
    direction=Direction.LOWER,
    compute=indicators.agency_rate,
    inputs={"agency_fte": "agency_fte", "inpost_fte": "inpost_fte"},
    people=("agency", "inpost"),
    at_most_100=True,
)
AGENCY_COVER = _csww(
    "agency_cover_rate_fte",
    "Agency workers covering vacancies",
    "agency FTE covering vacancies / agency FTE, x100, at 30 September",
    "%",
    compute=indicators.agency_cover_rate,
    inputs={"agency_cover_fte": "agency_cover_fte", "agency_fte": "agency_fte"},
    people=("agency",),
    at_most_100=True,
)
VACANCY = _csww(
    "vacancy_rate_fte",
    "Vacancy rate",
    "vacancies FTE / (vacancies FTE + FTE in post), x100, at 30 September",
    "%",
    direction=Direction.LOWER,
    compute=indicators.vacancy_rate,
    inputs={"vacancy_fte": "vacancy_fte", "inpost_fte": "inpost_fte"},
    people=("inpost",),
    at_most_100=True,
)
VACANCY_AGENCY_COVER = _csww(
    "vacancy_agency_cover_rate_fte",
    "Vacancies covered by agency workers",
    "agency FTE covering vacancies / vacancies FTE, x100, at 30 September",
    "%",
    compute=indicators.vacancy_agency_cover_rate,
    inputs={"agency_cover_fte": "agency_cover_fte", "vacancy_fte": "vacancy_fte"},
    people=("agency",),
    at_most_100=True,
)
CASELOAD = _csww(
    "caseload_fte",
    "Average caseload",
    "cases held at 30 September / FTE of case-holding workers (employees and agency, FTE > 0, "
    "at least one case)",
    "cases per FTE",
    direction=Direction.LOWER,
    compute=indicators.caseload,
    inputs={"cases": "cases", "case_holders_fte": "case_holders_fte"},
    people=("case_holders",),
)
ABSENCE = _csww(
    "absence_rate_fte",
    "Sickness absence rate",
    "working days lost to sickness / (FTE in post x working days in the year), x100; 253 "
    "working days, 254 in reporting years 2020 and 2024",
    "%",
    direction=Direction.LOWER,
    compute=indicators.absence_rate,
    inputs={
        "working_days_lost_fte": "working_days_lost_fte",
        "inpost_fte": "inpost_fte",
        "working_days": "working_days",
    },
    people=("inpost",),
    at_most_100=True,
)
IN_POST = _csww(
    "inpost_fte", "Social workers in post (FTE)", FTE_IN_POST, "FTE", people=("inpost",)
)
STARTERS = _csww(
    "starters_fte",
    "Starters in the year (FTE)",
    "FTE of social workers who started in the year to 30 September",
    "FTE",
    people=("starters",),
)
LEAVERS = _csww(
    "leavers_fte",
    "Leavers in the year (FTE)",
    "FTE of social workers who left in the year to 30 September",
    "FTE",
    people=("leavers",),
)
AGENCY_WORKERS = _csww(
    "agency_fte",
    "Agency workers (FTE)",
    "FTE of agency social workers at 30 September",
    "FTE",
    people=("agency",),
)

RATES: tuple[Measure, ...] = (
    TURNOVER, AGENCY, AGENCY_COVER, VACANCY, VACANCY_AGENCY_COVER, CASELOAD, ABSENCE,
)  # fmt: skip
"""DfE's seven workforce rates (the caseload among them), in DfE's order: what
``cscw indicators from-counts`` fills in and the census summary rounds."""

HEADLINE: tuple[Measure, ...] = (*RATES, IN_POST, STARTERS, LEAVERS)
"""The workforce dashboard's measures, compared with DfE's published figures, in its order."""

OTHER_PUBLISHED: tuple[Measure, ...] = (
    _csww("inpost_headcount", "Social workers in post (headcount)", "social workers in post at "
          "30 September, people counted once", "people"),
    _csww("starters_headcount", "Starters in the year (headcount)", "social workers who "
          "started in the year, people counted once a starting day", "people"),
    _csww("leavers_headcount", "Leavers in the year (headcount)", "social workers who left in "
          "the year, people counted once a leaving day", "people"),
    _csww("turnover_rate_headcount", "Turnover rate (headcount)", "leavers in year / social "
          "workers in post at 30 September, headcounts, x100", "%", direction=Direction.LOWER,
          compute=indicators.turnover_rate,
          inputs={"leavers_fte": "leavers_headcount", "inpost_fte": "inpost_headcount"}),
    AGENCY_WORKERS,
    _csww("agency_headcount", "Agency workers (headcount)", "agency social workers at 30 "
          "September", "people"),
    _csww("agency_rate_headcount", "Agency worker rate (headcount)", "agency workers / (agency "
          "workers + social workers in post), headcounts, x100", "%", direction=Direction.LOWER,
          compute=indicators.agency_rate, at_most_100=True,
          inputs={"agency_fte": "agency_headcount", "inpost_fte": "inpost_headcount"}),
    _csww("agency_cover_fte", "Agency workers covering vacancies (FTE)", "FTE of agency "
          "workers covering vacancies at 30 September", "FTE"),
    _csww("vacancy_fte", "Vacancies (FTE)", "FTE of vacant social worker posts at 30 "
          "September", "FTE"),
    _csww("case_holders_fte", "Case holders (FTE)", "FTE of workers holding at least one case "
          "at 30 September (employees and agency, FTE > 0)", "FTE"),
    _csww("cases", "Cases held on 30 September", "cases held by case-holding workers at 30 "
          "September", "cases"),
    _csww("working_days_lost_fte", "Working days lost to sickness", "working days lost to "
          "sickness in the year by social workers in post at 30 September", "days"),
)  # fmt: skip
"""DfE's other published workforce figures: counts, and the rates by headcount."""

CSWW: tuple[Measure, ...] = (*HEADLINE, *OTHER_PUBLISHED)
"""Every figure of DfE's CSWW release this service reads or computes, each its own column."""

CLA_THREE_OR_MORE = Measure(
    "cla_three_or_more_share",
    "Children looked after with 3 or more social workers during the year",
    "of children looked after at 31 March, the share who had 3 or more social workers during "
    "the year (1 April to 31 March)",
    "%",
    direction=Direction.LOWER,
    compute=experience.three_or_more_share,
    inputs={"three_or_more": "three_or_more", "children": "children"},
    source=CLA_FILE,
    column="percentage",
    suppression="DfE publishes the share as a whole percentage, x where it has no figure; the "
    "authority's own is of children, not staff, and shown to the roles that see caseloads",
)
"""DfE's national measure of social worker stability: the ``percentage`` of the row whose
``sw_stability`` is "3 or more social workers during the year"."""

TEAM_LEAD_WORKER_CHANGES = Measure(
    "team_lead_worker_changes_share",
    "Children with 3 or more lead workers in the year",
    "of the children a team's workers lead now, the share who had 3 or more different lead "
    "workers in the twelve months to today",
    "%",
    direction=Direction.LOWER,
    compute=experience.three_or_more_share,
    inputs={"three_or_more": "three_or_more", "children": "children"},
    dfe_name=False,
    source=None,
    suppression="None: of children, not people of the workforce; shown to the roles that see "
    "caseloads",
)
"""A team's view of DfE's stability measure: all its children now, not only those looked
after, over the last twelve months."""

AUDITS_GOOD_OR_BETTER = Measure(
    "audits_good_or_better_share",
    "Audits good or better",
    "audits graded outstanding or good / completed audits, x100 (Ofsted's four-point scale, "
    "each audit once with its final grade)",
    "%",
    direction=Direction.HIGHER,
    compute=quality.good_or_better_share,
    inputs={"outstanding": "outstanding", "good": "good", "audits": "audits"},
    dfe_name=False,
    source=None,
    suppression="None: audits are of children's cases, not people of the workforce, and shown "
    "to the quality assurance roles",
)
WEIGHTED_LOAD = Measure(
    "weighted_load",
    "Weighted load",
    "points of the cases held / capacity in points, x100 (capacity: the model's full-time "
    "target x (contracted hours - reduction hours) / full-time hours)",
    "%",
    direction=Direction.LOWER,
    compute=caseloads.load_percent,
    inputs={"points": "points", "capacity": "capacity"},
    dfe_name=False,
    source=None,
    suppression="None: a worker's own load, shown to the worker and to the roles that allocate "
    "work; teams' loads are of cases",
)


def permanent_share(*, agency_rate: Any) -> Any:
    """DfE's Children's Social Care National Framework dashboard, "the workforce is equipped and
    effective": the share of social workers who are permanent, 100 minus the agency worker rate
    (FTE). None where the agency rate is None; a published symbol (c, x ...) where it is one."""
    if agency_rate is None or isinstance(agency_rate, reference.Published):
        return agency_rate
    return Decimal(100) - Decimal(agency_rate)


PERMANENT_SHARE = Measure(
    "permanent_share_fte",
    "Permanent social workers",
    "100 - agency worker rate (FTE): social workers in post at 30 September as a share of them "
    "and agency workers (DfE's National Framework dashboard)",
    "%",
    direction=Direction.HIGHER,
    compute=permanent_share,
    inputs={"agency_rate": "agency_rate_fte"},
    dfe_name=False,
    source=CSWW_FILE,
    people_behind=("agency", "inpost"),
    suppression=SMALL_NUMBERS,
    at_most_100=True,
)


SUPERVISION_COMPLIANCE = Measure(
    "supervision_compliance",
    "Supervision on time",
    "weeks, fortnights or months of the authority's supervision standard in which a worker had "
    "a session of at least the standard's minimum length / those in which the standard "
    "required one, x100, over the year to 30 September (workers in post for the whole window)",
    "%",
    direction=Direction.HIGHER,
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view supervision, as the supervision page shows it",
)
"""The LGA Standards for employers of social workers (standard 5, supervision): each worker
supervised at least as often as the authority's standard says, each session long enough to
count; computed by ``core.supervision.supervision_compliance`` and summed by
``compliance_rollup``, as the supervision page shows it for the same period."""

ASYE_COMPLETION = Measure(
    "asye_completion",
    "ASYE completed",
    "newly qualified social workers who passed the ASYE in the year to 30 September / those "
    "whose ASYE ended in the year (passed, failed or left the programme), x100; those still on "
    "it, extended or not, are not counted",
    "%",
    direction=Direction.HIGHER,
    compute=development.completion_rate,
    inputs={"passed": "passed", "decided": "decided"},
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view early careers, as the early careers page "
    "shows each cohort",
)
"""Skills for Care's ASYE: the year ends with the employer's decision (pass or fail), or the
worker leaves the programme; the early careers page's completion rate of each cohort
(``core.development.completion_rate``), here of the decisions made in the reporting year."""

ASYE_RETENTION = Measure(
    "asye_retention",
    "ASYE retention",
    "social workers who passed the ASYE in the year to 30 September two years before and were "
    "still employed two years after passing / those who passed then, x100",
    "%",
    direction=Direction.HIGHER,
    compute=development.retention_rate,
    inputs={"retained": "retained", "completers": "completers"},
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view early careers, as the early careers page "
    "shows each cohort",
)
"""The early careers page's retention two years after completing
(``core.development.retained_after``), of those who passed in the reporting year two years
before: by 30 September of the year every one of them has reached the anniversary."""

AGENCY_RULES_FOLLOWED = Measure(
    "agency_rule_compliance",
    "Agency rules followed",
    "agency assignments live on 30 September that meet every rule of DfE's statutory guidance "
    "on agency social workers (regional price cap, three years' post-qualified experience, "
    "cool-off after a permanent post, notice, project teams, practice references) / agency "
    "assignments live that day, x100; a rule met by a recorded exception counts as met, one "
    "not known as not followed; from the guidance coming into force on 31 October 2024",
    "%",
    direction=Direction.HIGHER,
    compute=agency.rules_followed_share,
    inputs={"followed": "followed", "assignments": "assignments"},
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view agency compliance, as the agency "
    "compliance page lists the assignments",
)
"""DfE's statutory guidance "Children's social care: agency workers" (in force from 31 October
2024): each live assignment checked against every rule (``core.agency.check_all``) as the
agency compliance page shows it on the day, and counted by ``core.agency.rules_followed``."""

STUDENTS_A_YEAR = Measure(
    "students_per_year",
    "Students on placement",
    "social work students who started a placement with the authority in the year to "
    "30 September, each student counted once a year",
    "people",
    direction=Direction.HIGHER,
    dfe_name=False,
    source=None,
    suppression="None: a count of students, not of the workforce, as the students page shows it",
)
"""Growing our own: the students page's count of students a year against the authority's
target of students a year (``development.selectors.student_years``)."""

REGISTERED_ON_1_DECEMBER = Measure(
    "registration_renewals",
    "Registered on 1 December",
    "social workers in post on 1 December who are registered with Social Work England that day "
    "/ social workers in post that day, x100 (the 1 December check: renewal closes on 30 "
    "November and there is no grace period)",
    "%",
    direction=Direction.HIGHER,
    compute=registration.registered_share,
    inputs={"in_post": "in_post", "not_registered": "not_registered"},
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view registrations, as the registrations page's "
    "1 December check lists them",
)
"""Social Work England's renewal: a registration not renewed by 30 November lapses on
1 December; the registrations page's check (``core.registration.december_check``) lists who
is in post that day and not registered, and this is the share who are."""


HEALTH_CHECK_SCORE = Measure(
    "health_check_score",
    "Employer standards health check score",
    "the mean of the eight employer standards' scores (0: everyone strongly disagrees, 100: "
    "everyone strongly agrees) in the latest health check opened in the year to 30 September "
    "whose summary is published",
    "score out of 100",
    direction=Direction.HIGHER,
    dfe_name=False,
    source=None,
    suppression="Not shown when fewer people answered the run than its threshold (never under "
    "5), as the staff voice results page",
)
"""The Local Government Association's standards for employers of social workers, as the staff
voice results page scores each (``core.voice.survey_results``), averaged
(``core.voice.standards_mean``)."""


PROTECTED_DEVELOPMENT_TIME = Measure(
    "protected_development_time",
    "Protected development time",
    "newly qualified social workers (ASYE: local role on their job that day) in post on 30 "
    "September whose protected development time recorded that day (reductions of case hours "
    "for development time, in hours a week) is at least the authority's standard share of "
    "their contracted hours (10% unless the authority sets another) / newly qualified social "
    "workers in post that day, x100",
    "%",
    direction=Direction.HIGHER,
    compute=training.protected_time_met_share,
    inputs={"met": "met", "newly_qualified": "newly_qualified"},
    dfe_name=False,
    source=None,
    suppression="None: shown to the roles that view training, as the training page lists each "
    "worker's protected time",
)
"""Protected development time for newly qualified social workers, as the Employer Standards and
the ASYE framework expect it (the authority's standard, ``SupervisionStandard.
protected_time_percent``, default 10% of contracted hours). The service records it as a
reduction of a worker's case hours (``caseloads.Reduction``, a reason whose name contains
"development time"), which also lowers their capacity in the weighting model; the training page
lists each worker's hours and whether they meet the standard on a day. This is the share of
ASYE workers who meet it on 30 September (today in the year under way), computed for every day
and team in one pass by ``core.training.protected_time_met`` and
``core.training.protected_time_met_share``. Hours taken in the year are not recorded, so it is
not given as hours per FTE."""


AWAITED: tuple[Measure, ...] = ()
"""The scorecard's measures of areas not recorded yet: each says so until its area lands (none
now: protected development time was the last)."""


CATALOGUE: Mapping[str, Measure] = {
    measure.key: measure
    for measure in (
        *CSWW,
        CLA_THREE_OR_MORE,
        TEAM_LEAD_WORKER_CHANGES,
        AUDITS_GOOD_OR_BETTER,
        WEIGHTED_LOAD,
        PERMANENT_SHARE,
        SUPERVISION_COMPLIANCE,
        ASYE_COMPLETION,
        ASYE_RETENTION,
        STUDENTS_A_YEAR,
        REGISTERED_ON_1_DECEMBER,
        AGENCY_RULES_FOLLOWED,
        HEALTH_CHECK_SCORE,
        PROTECTED_DEVELOPMENT_TIME,
        *AWAITED,
    )
}
"""Every measure by key."""


def people_behind(measures: tuple[Measure, ...]) -> dict[str, tuple[str, ...]]:
    """Measure key -> the groups of people it is computed from, for those that have any."""
    return {m.key: m.people_behind for m in measures if m.people_behind}


def bounded(key: str) -> bool:
    """Whether the measure ``key`` cannot be over 100% by its definition."""
    measure = CATALOGUE.get(key)
    return measure is not None and measure.at_most_100


def values(measures: tuple[Measure, ...], counts: Mapping[str, Any]) -> dict[str, Any]:
    """Each of ``measures`` computed from ``counts`` (``Measure.value``), by key."""
    return {measure.key: measure.value(counts) for measure in measures}


def labels(measures: tuple[Measure, ...]) -> dict[str, str]:
    """Measure key -> its label (``Measure.label``)."""
    return {measure.key: measure.label for measure in measures}


STARTERS_RATE = "starters_rate_fte"
"""Not published by DfE: starters FTE in the year against the turnover rate's denominator (FTE in
post at 30 September), x100; an aim of the demo authority only."""

LA_RANGES: Mapping[str, pl.Expr] = {
    **{
        measure.key: pl.col(measure.column or measure.key)
        for measure in (TURNOVER, AGENCY, ABSENCE)
    },
    # Null (as the turnover rate is 'z') where nobody is in post, as in the Isles of Scilly.
    STARTERS_RATE: pl.when(pl.col(IN_POST.key) > 0).then(
        pl.col(STARTERS.key) / pl.col(IN_POST.key) * 100
    ),
}
"""The measures whose spread across local authorities ``la_interquartile_range`` reads from DfE's
file, by catalogue key (and the starters rate)."""


def la_interquartile_range(*, year: int, measure: str) -> tuple[float, float]:
    """The 25th and 75th percentiles (linear interpolation) of local authorities' values of
    ``measure`` in reporting ``year``, ignoring suppressed values.

    ``measure`` is a key of ``LA_RANGES``: a published rate of the catalogue, or
    ``starters_rate_fte``, each authority's starters FTE / FTE in post at 30 September x 100.
    """
    if measure not in LA_RANGES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {sorted(LA_RANGES)}")
    values = (
        reference.csww_indicators()
        .filter(pl.col("geographic_level") == "Local authority", pl.col("time_period") == year)
        .select(value=LA_RANGES[measure])
        .drop_nulls()
    )
    if values.height == 0:
        raise ValueError(f"no local authority values of {measure} in {year}")
    lower, upper = values.select(
        pl.col("value").quantile(0.25, interpolation="linear").alias("lower"),
        pl.col("value").quantile(0.75, interpolation="linear").alias("upper"),
    ).row(0)
    return lower, upper
