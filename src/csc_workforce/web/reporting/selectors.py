"""Reads for the scorecard and the annual report. Each area of the service that records a
measure gives its figures through a provider here (``PROVIDERS``), computed by the same
functions its own dashboard uses, so that the numbers are the dashboards' numbers; an area with
no provider leaves its measures "Not recorded yet" (``core.reporting``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

import polars as pl
from django.db.models import Count, QuerySet, Sum

from csc_workforce.core import agency as core_agency
from csc_workforce.core import caseloads as core_caseloads
from csc_workforce.core import development as core_development
from csc_workforce.core import measures, quality
from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.core.caseloads import rollup
from csc_workforce.core.comparison import ComparisonRow, comparison_table, format_published
from csc_workforce.core.dashboard import own_figures, shown_by_role, shown_profile
from csc_workforce.core.reference import Published
from csc_workforce.core.register import Figures as RegisterFigures
from csc_workforce.core.register import Register, by_role, figures, profile, reporting_year
from csc_workforce.core.reporting import annual, charting, practice_week, scorecard
from csc_workforce.core.reporting.document import Chart, Document, Section, Table
from csc_workforce.core.reporting.scorecard import Comparators, Figures, Target, numeric, shown
from csc_workforce.core.suppression import SUPPRESSED, suppress
from csc_workforce.core.suppression import Sum as SumOf
from csc_workforce.core.voice import (
    SurveyResults,
    group_standards_mean,
    parsed,
    standards_score,
    survey_results,
)
from csc_workforce.web.accounts.permissions import Viewer
from csc_workforce.web.caseloads.selectors import cla_published, cla_stability_by_team
from csc_workforce.web.caseloads.selectors import settings as caseload_settings
from csc_workforce.web.caseloads.snapshots import loads_for_days
from csc_workforce.web.clock import clock
from csc_workforce.web.development import selectors as development
from csc_workforce.web.development.models import Enrolment, Placement, Programme
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import ServiceArea, StaffMember, Team
from csc_workforce.web.organisation.selectors import Scope
from csc_workforce.web.quality.models import ActionItem, Observation, PracticeWeek
from csc_workforce.web.quality.results import completed
from csc_workforce.web.quality.results import targets as quality_targets
from csc_workforce.web.quality.selectors import observations_by_heading
from csc_workforce.web.recruitment.selectors import ComplianceRow as AgencyRow
from csc_workforce.web.recruitment.selectors import live_compliance
from csc_workforce.web.site.selectors import until_changed
from csc_workforce.web.voice.models import PracticeFeedback, Statement, SurveyRun, SurveyTemplate
from csc_workforce.web.voice.models import Response as SurveyResponse
from csc_workforce.web.voice.selectors import (
    authority_leaver_counts,
    feedback_counts,
    previous_run,
    published_summaries,
    response_frame,
)
from csc_workforce.web.workforce.indicators import current_release, reporting_years
from csc_workforce.web.workforce.indicators import dashboard as workforce_dashboard
from csc_workforce.web.workforce.models import SicknessEpisode

from .models import MeasureTarget, ReportJob, ReportSection


@dataclass(frozen=True)
class Setting:
    """A target or threshold the service already sets elsewhere: the scorecard reads it there."""

    where: str
    read: Callable[[], Decimal]


EXISTING_TARGETS: Mapping[str, Mapping[str, Setting]] = {
    measures.AUDITS_GOOD_OR_BETTER.key: {
        "target": Setting("Quality targets", lambda: Decimal(quality_targets().good_or_better)),
    },
    measures.STUDENTS_A_YEAR.key: {
        "target": Setting(
            "Early careers (students a year)", lambda: Decimal(development.students_a_year())
        ),
    },
    measures.WEIGHTED_LOAD.key: {
        "target": Setting(
            "Caseloads (over capacity from 100%)", lambda: Decimal(core_caseloads.OVER_CAPACITY)
        ),
        "red_beyond": Setting(
            "Caseload settings (overload threshold)",
            lambda: Decimal(caseload_settings().overload_percent),
        ),
    },
}
"""The scorecard's targets set elsewhere, by measure and by field of ``MeasureTarget``."""


def targets_for(*, year: int) -> dict[str, Target]:
    """Each measure's target for reporting ``year``: the scorecard's own (``MeasureTarget``)
    with any part set elsewhere (``EXISTING_TARGETS``) read from where it is set. A measure
    whose target is set elsewhere and has no amber band here is red as soon as it misses it."""
    rows = {row.measure: row for row in MeasureTarget.objects.filter(year=year)}
    found: dict[str, Target] = {}
    for line in scorecard.LINES:
        row = rows.get(line.key)
        elsewhere = {field: s.read() for field, s in EXISTING_TARGETS.get(line.key, {}).items()}
        target = elsewhere.get("target", row.target if row else None)
        red = elsewhere.get("red_beyond", row.red_beyond if row else None)
        if target is None:
            continue
        where = ", ".join(s.where for s in EXISTING_TARGETS.get(line.key, {}).values())
        found[line.key] = Target(
            target=target,
            red_beyond=target if red is None else red,
            source=f"{where} and scorecard targets" if where and row else where or "Scorecard",
        )
    return found


def target_rows(*, year: int) -> list[MeasureTarget]:
    return list(MeasureTarget.objects.filter(year=year))


# -- Providers: each area's figures for the scorecard --------------------------------------


@dataclass
class Context:
    """What a provider is given: the part of the authority, the year and its five-year window,
    and the register read once for every provider that needs it (``register``)."""

    scope: Scope
    year: int
    years: list[int]
    _register: Register | None = None
    _history: dict[int, RegisterFigures] | None = None
    _table: list[ComparisonRow] | None = None
    _card: scorecard.Scorecard | None = None
    _protected: pl.DataFrame | None = None

    def register(self) -> Register:
        """The whole register (``organisation.selectors.load_register``), read when first
        needed."""
        if self._register is None:
            self._register = organisation.load_register()
        return self._register

    def history(self) -> dict[int, RegisterFigures]:
        """DfE's figures for each year of the window, as the workforce dashboard computes them
        (``core.register.figures``): computed from the whole register, the same for everyone
        who sees the scope, so kept for the day until anything audited changes
        (``until_changed``)."""
        if self._history is None:
            teams = self.scope.teams
            self._history = until_changed(
                f"scorecard-history-{_teams_key(teams)}-{self.years[0]}-{self.years[-1]}",
                today=clock().today(),
                compute=lambda: {
                    y: figures(self.register(), first=first, last=last, teams=teams)
                    for y in self.years
                    for first, last in [reporting_year(y)]
                },
            )
        return self._history

    def protected_days(self) -> dict[int, dt.date]:
        """The day of each year of the window protected development time is counted on: 30
        September, today in the year under way; none for a year not begun."""
        return {y: period[1] for y in self.years if (period := supervision_period(y)) is not None}

    def protected_time(self) -> pl.DataFrame:
        """Newly qualified social workers and those meeting the protected development time
        standard on each year's day (``protected_days``), by team, for the scope's teams: read
        once for the scorecard and the report (``development.selectors.protected_time_met``)."""
        if self._protected is None:
            counts = development.protected_time_met(days=self.protected_days().values())
            if self.scope.teams is not None:
                counts = counts.filter(pl.col("team_id").is_in(list(self.scope.teams)))
            self._protected = counts
        return self._protected

    def comparison(self) -> list[ComparisonRow]:
        """The workforce dashboard's comparison table for the year (``comparison_table``)."""
        if self._table is None:
            authority = organisation.authority()
            release, _ = current_release()
            self._table = comparison_table(
                release=release,
                old_la_code=authority.old_la_code,
                year=self.year,
                comparators=[c.old_la_code for c in authority.comparators.all()],
                own=own_figures(self.history()[self.year]),
                region_code=authority.region_code,
            )
        return self._table


def _teams_key(teams: frozenset[int] | None) -> str:
    """A short name for a set of teams in the keys of what is kept: "all" for every team."""
    if teams is None:
        return "all"
    return hashlib.sha256(",".join(map(str, sorted(teams))).encode()).hexdigest()[:16]


def _published(figure: Published) -> str:
    return format_published(figure)


def _same(figure: Published) -> Published:
    return figure


def _minus_from_100(figure: Published) -> Published:
    return figure if figure.value is None else Published(value=Decimal(100) - figure.value)


def workforce_figures(context: Context) -> dict[str, Figures]:
    """DfE's workforce rates from the register, with England's, the region's and the
    comparators' published figures: the workforce dashboard's numbers."""
    history = context.history()
    own = {y: own_figures(f) for y, f in history.items()}
    rows = {row.measure: row for row in context.comparison()}
    found = {}
    for line in scorecard.LINES:
        if line.area is not scorecard.Area.WORKFORCE:
            continue
        measure = line.measure
        permanent = measure is measures.PERMANENT_SHARE
        source = measures.AGENCY.key if permanent else measure.key
        flip = _minus_from_100 if permanent else _same
        row = rows[source]
        values = {
            y: measures.permanent_share(agency_rate=own[y][source]) if permanent else own[y][source]
            for y in context.years
        }
        region = row.regions[0].value if row.regions else Published()
        found[measure.key] = Figures(
            shown={y: shown(values[y], measure) for y in context.years},
            value=numeric(flip(row.this_year)),
            comparators=Comparators(
                england=_published(flip(row.england)),
                region=_published(flip(region)),
                neighbours=_published(flip(Published(row.neighbours.value))),
            ),
        )
    return found


def quality_figures(context: Context) -> dict[str, Figures]:
    """Audits good or better in each reporting year (audits submitted from 1 October to 30
    September) in the scope's teams, as the audit results dashboard counts them."""
    audits = completed()
    if context.scope.teams is not None:
        audits = audits.filter(pl.col("team_id").is_in(list(context.scope.teams)))
    shares: dict[int, float | None] = {}
    for y in context.years:
        first, last = reporting_year(y)
        year_audits = audits.filter(pl.col("month").is_between(first.replace(day=1), last))
        grades = year_audits["grade"].to_list()
        shares[y] = quality.good_or_better_share(
            outstanding=grades.count(quality.OUTSTANDING),
            good=grades.count(quality.GOOD),
            audits=len(grades),
        )
    measure = measures.AUDITS_GOOD_OR_BETTER
    value = shares[context.year]
    return {
        measure.key: Figures(
            shown={
                y: "" if s is None else shown(Decimal(str(s)), measure) for y, s in shares.items()
            },
            value=None if value is None else Decimal(str(value)),
        )
    }


def caseload_figures(context: Context) -> dict[str, Figures]:
    """The weighted load of the scope's case-holding workers on 30 September of each year:
    total points / total capacity x 100, as the caseloads page totals them (``core.caseloads.
    rollup`` of the loads stored for the day); no figure for a day without a weighting model."""
    days = {y: reporting_year(y)[1] for y in context.years}
    stored = loads_for_days(days.values())
    measure = measures.WEIGHTED_LOAD
    values: dict[int, Decimal | None] = {}
    for y, day in days.items():
        loads = stored[day]
        if loads is not None and context.scope.teams is not None:
            loads = loads.filter(pl.col("team_id").is_in(list(context.scope.teams)))
        total = None if loads is None or not loads.height else rollup(loads)["load_percent"][0]
        values[y] = None if total is None else Decimal(str(total))
    found = {}
    if any(value is not None for value in values.values()):
        found[measure.key] = Figures(
            shown={y: shown(v, measure) for y, v in values.items()}, value=values[context.year]
        )
    return found | _cla_stability(context)


def _cla_stability(context: Context) -> dict[str, Figures]:
    """Children looked after on 31 March of each year of the window with 3 or more lead workers
    in the year before, for the scope's teams (by the team of the child's lead worker on 31
    March), counted for every year and team in one grouped pass (``caseloads.selectors.
    cla_stability_by_team``, the same for every part of the authority: kept for the day until
    anything audited changes, as the home page keeps its figures, ``site.selectors.
    until_changed``); the whole authority's is the children's experience page's count
    (``cla_stability``). Beside DfE's published England and region (DfE's latest year up to
    the chosen one); no figure for a year with no child looked after on its 31 March."""
    years = context.years
    counts = until_changed(
        f"scorecard-cla-stability-{years[0]}-{years[-1]}",
        today=clock().today(),
        compute=lambda: cla_stability_by_team(years=years),
    )
    if context.scope.teams is not None:
        counts = counts.filter(pl.col("team_id").is_in(list(context.scope.teams)))
    totals = {
        year: (three, children)
        for year, children, three in counts.group_by("year")
        .agg(pl.col("children").sum(), pl.col("three_or_more").sum())
        .iter_rows()
    }
    measure = measures.CLA_THREE_OR_MORE
    values = {
        y: measure.value({"three_or_more": totals[y][0], "children": totals[y][1]})
        if y in totals
        else None
        for y in context.years
    }
    if not any(value is not None for value in values.values()):
        return {}
    try:
        published = cla_published(year=context.year)
    except ValueError:  # no published figures to compare with
        comparators = Comparators()
    else:
        region = published.region.percentage if published.region else Published()
        comparators = Comparators(
            england=format_published(published.england.percentage),
            region=format_published(region),
        )
    return {
        measure.key: Figures(
            shown={y: shown(v, measure) for y, v in values.items()},
            value=values[context.year],
            comparators=comparators,
        )
    }


def supervision_period(year: int) -> tuple[dt.date, dt.date] | None:
    """The days of reporting ``year`` the supervision figures cover: 1 October to 30 September,
    up to today as the supervision page stops there; None for a year not begun."""
    first, last = reporting_year(year)
    today = clock().today()
    return None if first > today else (first, min(last, today))


def supervision_shares(context: Context) -> dict[int, Decimal | None]:
    """Supervision on time in each year of the window for the scope: the supervision page's
    computation (``development.selectors.compliance``: ``core.supervision.
    supervision_compliance`` summed by ``compliance_rollup``) for each year's period, the
    windows required and met summed over the scope's teams from every team's
    (``supervision_by_team``); a worker counts in their current team, as the page counts
    them, and in a year only for the windows of it they were in post."""
    by_team = until_changed(
        f"scorecard-supervision-{context.years[0]}-{context.years[-1]}",
        today=clock().today(),
        compute=lambda: supervision_by_team(context.years),
    )
    if context.scope.teams is not None:
        by_team = by_team.filter(pl.col("team_id").is_in(list(context.scope.teams)))
    summed = by_team.group_by("year").agg(pl.col("required").sum(), pl.col("met").sum())
    percents = dict(
        summed.select(
            "year",
            percent=pl.when(pl.col("required") > 0)
            .then((100 * pl.col("met") / pl.col("required")).round(1))
            .otherwise(None),
        ).iter_rows()
    )
    return {
        y: None
        if supervision_period(y) is None or percents.get(y) is None
        else Decimal(str(percents[y]))
        for y in context.years
    }


def supervision_by_team(years: list[int]) -> pl.DataFrame:
    """The windows of the supervision standard required and met in each of ``years``' periods
    (``supervision_period``) by the current team of the workers in post then (columns year,
    team_id, required, met; no row for a year not begun), every team's counted in one pass:
    ``core.supervision.supervision_compliance`` of each worker, as the supervision page
    computes it, their workers and sessions read once for the years. The same for every part
    of the authority, so kept for the day until anything audited changes (``until_changed``)."""
    periods = {y: period for y in years if (period := supervision_period(y)) is not None}
    schema = {"year": pl.Int64, "team_id": pl.Int64, "required": pl.Int64, "met": pl.Int64}
    if not periods:
        return pl.DataFrame(schema=schema)
    standard = development.supervision_standard().as_core()
    known = list(periods.values())
    workers, sessions = development.supervision_frames(
        teams=None, first=known[0][0], last=known[-1][1]
    )
    found = []
    for y, (first, last) in periods.items():
        per_worker = core_supervision.supervision_compliance(
            workers=workers, sessions=sessions, first=first, last=last, standard=standard
        )
        found.append(
            per_worker.filter(pl.col("required") > 0)
            .group_by("team_id")
            .agg(pl.col("required").sum(), pl.col("met").sum())
            .select(pl.lit(y).alias("year"), "team_id", "required", "met")
        )
    return pl.concat(found).cast(schema)  # type: ignore[arg-type]


def december_check_day(year: int) -> dt.date | None:
    """The 1 December of reporting ``year`` (1 December of the calendar year before), when
    registrations not renewed by 30 November lapse; None while it is still to come."""
    day = core_registration.first_of_december(year - 1)
    return None if day > clock().today() else day


def development_figures(context: Context) -> dict[str, Figures]:
    """Supervision on time in each reporting year, as the supervision page shows it for the
    same period and part of the authority (``development.selectors.compliance``); and the
    share registered on the year's 1 December, as the registrations page's check lists those
    not registered (``development.selectors.december_check``, counted by the database:
    ``december_counts``): the chosen year only, as the
    service keeps each registration as the register last showed it, not its history; and the
    ASYE's completion and retention (``asye_figures``) and the students a year
    (``student_figures``)."""
    found = {}
    measure = measures.SUPERVISION_COMPLIANCE
    values = supervision_shares(context)
    if any(value is not None for value in values.values()):
        found[measure.key] = Figures(
            shown={y: shown(v, measure) for y, v in values.items()}, value=values[context.year]
        )
    day = december_check_day(context.year)
    # Counted by the database: the check's list, with its reasons and cases, is the report's.
    in_post, missing = (
        (0, 0) if day is None else development.december_counts(teams=context.scope.teams, day=day)
    )
    if in_post:
        measure = measures.REGISTERED_ON_1_DECEMBER
        share = measure.value({"in_post": in_post, "not_registered": missing})
        found[measure.key] = Figures(shown={context.year: shown(share, measure)}, value=share)
    return (
        found | asye_figures(context) | student_figures(context) | protected_time_figures(context)
    )


def protected_time_figures(context: Context) -> dict[str, Figures]:
    """Protected development time on the day of each reporting year (30 September, today in
    the year under way): newly qualified social workers whose protected development time meets
    the authority's standard / those in post, for the scope's teams, from the figures of every
    day and team read in one pass (``development.selectors.protected_time_met``) as the training
    page computes each worker's share."""
    days = context.protected_days()
    if not days:
        return {}
    counts = context.protected_time()
    totals = {
        day: {"met": met, "newly_qualified": counted}
        for day, counted, met in counts.group_by("day")
        .agg(pl.col("newly_qualified").sum(), pl.col("met").sum())
        .iter_rows()
    }
    measure = measures.PROTECTED_DEVELOPMENT_TIME
    values = {
        y: measure.value(totals[days[y]]) if y in days and days[y] in totals else None
        for y in context.years
    }
    if not any(value is not None for value in values.values()):
        return {}
    return {
        measure.key: Figures(
            shown={y: shown(v, measure) for y, v in values.items()}, value=values[context.year]
        )
    }


def student_figures(context: Context) -> dict[str, Figures]:
    """Students who started a placement in each reporting year in the scope's teams, as the
    students page counts them (``development.selectors.student_years``); a year the page does
    not list (no student started or finished) has no figure."""
    placements = Placement.objects.all()
    if context.scope.teams is not None:
        placements = placements.filter(team__in=context.scope.teams)
    counts = {row.year: row.students for row in development.student_years_of(placements)}
    measure = measures.STUDENTS_A_YEAR
    values = {y: None if y not in counts else Decimal(counts[y]) for y in context.years}
    if not any(value is not None for value in values.values()):
        return {}
    return {
        measure.key: Figures(
            # a count of people, shown whole as the students page shows it
            shown={y: "" if v is None else measure.shown(v) for y, v in values.items()},
            value=values[context.year],
        )
    }


def asye_decisions(context: Context, first: dt.date, last: dt.date) -> pl.DataFrame:
    """The ASYE decisions (passed, failed or left) made from ``first`` to ``last`` of the
    scope's workers, as the early careers page reads a cohort's enrolments
    (``development.selectors.enrolment_frame``), with the day of each as ``decided_on``."""
    enrolments = Enrolment.objects.filter(
        cohort__programme__kind=Programme.Kind.ASYE,
        outcome__in=core_development.DECIDED,
        outcome_on__range=(first, last),
    )
    if context.scope.teams is not None:
        enrolments = enrolments.filter(staff__team__in=context.scope.teams)
    return development.enrolment_frame(enrolments)


def asye_outcomes(
    decisions: pl.DataFrame, year: int, *, as_of: dt.date
) -> core_development.CohortFigures | None:
    """The ``decisions`` of reporting ``year`` (1 October to 30 September) as one cohort of
    the early careers page's figures (``core.development.cohort_figures``, retention as of
    ``as_of`` or today if sooner); None when there were none."""
    first, last = reporting_year(year)
    frame = decisions.filter(pl.col("decided_on").is_between(first, last)).with_columns(
        cohort_id=pl.lit(year)
    )
    found = core_development.cohort_figures(
        frame,
        pl.DataFrame(schema=core_development.REVIEW_SCHEMA),
        today=min(as_of, clock().today()),
    )
    return found[0] if found else None


def asye_figures(context: Context) -> dict[str, Figures]:
    """ASYE completed in each reporting year, and ASYE retention: of those who passed two
    years before, those still employed two years after passing; each as the early careers page
    computes a cohort's (``asye_outcomes``)."""
    completion: dict[int, Decimal | None] = {}
    retention: dict[int, Decimal | None] = {}
    decisions = asye_decisions(
        context, reporting_year(context.years[0] - 2)[0], reporting_year(context.years[-1])[1]
    )
    for y in context.years:
        end = reporting_year(y)[1]
        decided = asye_outcomes(decisions, y, as_of=end)
        completion[y] = None if decided is None else decided.completion_rate
        passed = asye_outcomes(decisions, y - 2, as_of=end)
        kept, counted = passed.retention[2] if passed is not None else (0, 0)
        retention[y] = measures.ASYE_RETENTION.value({"retained": kept, "completers": counted})
    found = {}
    for measure, values in (
        (measures.ASYE_COMPLETION, completion),
        (measures.ASYE_RETENTION, retention),
    ):
        if any(value is not None for value in values.values()):
            found[measure.key] = Figures(
                shown={y: shown(v, measure) for y, v in values.items()},
                value=values[context.year],
            )
    return found


def registration_check(
    context: Context,
) -> tuple[dt.date, int, list[development.RegistrationRow]] | None:
    """The 1 December check of the chosen year for the scope: the day, the workers in post and
    those of them not registered; None before the day or with nobody in post."""
    day = december_check_day(context.year)
    if day is None:
        return None
    in_post = StaffMember.objects.filter(organisation.in_post_q("", day))
    if context.scope.teams is not None:
        in_post = in_post.filter(team__in=context.scope.teams)
    staff = in_post.count()  # as development.selectors.in_post lists them
    if not staff:
        return None
    return day, staff, development.december_check(teams=context.scope.teams, day=day)


def agency_day(year: int) -> dt.date | None:
    """The day of reporting ``year`` the agency rules are checked on: 30 September, or today
    in the year under way (the agency compliance page's day); None for a year not begun, or
    whose day comes before the rules were in force (``core.agency.RULES_IN_FORCE``)."""
    period = supervision_period(year)
    if period is None or period[1] < core_agency.RULES_IN_FORCE:
        return None
    return period[1]


def live_agency(context: Context, day: dt.date) -> list[AgencyRow]:
    """The scope's agency assignments live on ``day``, each with every rule's outcome, as the
    agency compliance page lists them (``recruitment.selectors.live_compliance``)."""
    staff = StaffMember.objects.all()
    if context.scope.teams is not None:
        staff = staff.filter(team__in=context.scope.teams)
    return live_compliance(staff=staff, on=day)


def recruitment_figures(context: Context) -> dict[str, Figures]:
    """Agency rules followed on the day of each reporting year (``agency_day``): live
    assignments meeting every rule (``core.agency.rules_followed``) of those live."""
    measure = measures.AGENCY_RULES_FOLLOWED
    values: dict[int, Decimal | None] = {}
    for y in context.years:
        day = agency_day(y)
        rows = [] if day is None else live_agency(context, day)
        followed = sum(core_agency.rules_followed(row.outcomes) for row in rows)
        values[y] = measure.value({"followed": followed, "assignments": len(rows)})
    if not any(value is not None for value in values.values()):
        return {}
    return {
        measure.key: Figures(
            shown={y: shown(v, measure) for y, v in values.items()}, value=values[context.year]
        )
    }


def latest_health_checks(years: list[int]) -> dict[int, SurveyRun]:
    """For each of ``years`` that has one, the latest health check opened in the reporting year
    whose summary is published (as ``voice.selectors.published_summaries`` lists them)."""
    periods = {y: reporting_year(y) for y in years}
    runs = SurveyRun.objects.filter(
        summary_published=True,
        template__kind=SurveyTemplate.Kind.HEALTH_CHECK,
        opens_on__range=(min(f for f, _ in periods.values()), max(t for _, t in periods.values())),
    ).select_related("template")
    latest: dict[int, SurveyRun] = {}
    for run in runs.order_by("-opens_on"):
        for y, (first, last) in periods.items():
            if first <= run.opens_on <= last:
                latest.setdefault(y, run)
    return latest


def survey_group(scope: Scope) -> tuple[str, str] | None:
    """The group of a survey's breakdown a part of the authority is (``core.voice.DIMENSIONS``):
    ("area", its name) for a service area, ("team", its name) for one team; None for the whole
    authority, or for several teams that are not one service area (a team manager's "My
    teams"), which no breakdown shows."""
    if scope.teams is None:
        return None
    if scope.key.startswith("area-"):
        area = ServiceArea.objects.filter(pk=scope.key.removeprefix("area-")).first()
        return None if area is None else ("area", area.name)
    if len(scope.teams) == 1:
        team = Team.objects.filter(pk=next(iter(scope.teams))).first()
        return None if team is None else ("team", team.name)
    return None


def voice_figures(context: Context) -> dict[str, Figures]:
    """The employer standards health check score of each year (``core.voice.standards_score``,
    the results page's ``standards_mean`` read straight from the responses, of its latest
    published health check) for the whole authority; for a service area or a
    team, the mean of its scores of the same standards as the results page's breakdown by
    service area or team shows them (``core.voice.group_standards_mean``), shown as c where
    the page hides any of them (fewer of the group answered than the run's threshold, never
    under 5, or it would give a hidden group away). A run's score and its breakdowns are the
    same for every part of the authority: kept for the day until anything audited changes or
    the run has another response (``until_changed``)."""
    group = survey_group(context.scope)
    if context.scope.teams is not None and group is None:
        return {}
    measure = measures.HEALTH_CHECK_SCORE
    runs = latest_health_checks(context.years)
    # Responses are never audited (an event would tie an answer to a person), and never
    # changed once given: what is kept of a run is kept for its number of responses too.
    answered = dict(
        SurveyResponse.objects.filter(run__in=list(runs.values()))
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values_list("run", "n")
    )
    today = clock().today()
    values: dict[int, Decimal | None] = {}
    hidden: set[int] = set()
    for y in context.years:
        if y not in runs:
            values[y] = None
            continue
        run = runs[y]
        kept = f"scorecard-health-check-{run.pk}-{answered.get(run.pk, 0)}"
        if group is None:  # the whole run's score needs no breakdown, nor the last run's
            score = until_changed(f"{kept}-whole", today=today, compute=partial(_run_score, run))
        else:  # the results page's breakdown, the same for every group: kept for all of them
            results = until_changed(
                f"{kept}-breakdowns", today=today, compute=partial(_run_breakdowns, run)
            )
            score, suppressed = group_standards_mean(results, dimension=group[0], group=group[1])
            if suppressed:
                hidden.add(y)
        values[y] = None if score is None else Decimal(str(score))
    if not hidden and not any(value is not None for value in values.values()):
        return {}
    return {
        measure.key: Figures(
            shown={y: SUPPRESSED if y in hidden else shown(v, measure) for y, v in values.items()},
            value=values[context.year],
        )
    }


def _run_score(run: SurveyRun) -> float | None:
    """The whole run's health check score (``core.voice.standards_score``)."""
    return standards_score(parsed(run.template.text), response_frame(run), threshold=run.threshold)


def _run_breakdowns(run: SurveyRun) -> SurveyResults:
    """A run's results as the results page computes them, breakdowns by group and all, without
    the last run's figures it compares them with (``core.voice.survey_results``)."""
    return survey_results(
        parsed(run.template.text),
        response_frame(run),
        invited=run.invited,
        team_areas=dict(Team.objects.values_list("name", "service_area__name")),
        threshold=run.threshold,
    )


Provider = Callable[[Context], Mapping[str, Figures]]
PROVIDERS: Mapping[scorecard.Area, Provider] = {
    scorecard.Area.WORKFORCE: workforce_figures,
    scorecard.Area.QUALITY: quality_figures,
    scorecard.Area.CASELOADS: caseload_figures,
    scorecard.Area.DEVELOPMENT: development_figures,
    scorecard.Area.RECRUITMENT: recruitment_figures,
    scorecard.Area.VOICE: voice_figures,
}
"""The areas that give figures to the scorecard. A new area is one entry here."""


def scorecard_for(*, scope: Scope, year: int) -> scorecard.Scorecard:
    """The scorecard of ``scope`` for reporting ``year`` (``core.reporting.scorecard``)."""
    years = list(range(year - scorecard.TREND_YEARS + 1, year + 1))
    return _card(Context(scope=scope, year=year, years=years))


def _card(context: Context) -> scorecard.Scorecard:
    if context._card is None:
        found: dict[str, Figures] = {}
        for provide in PROVIDERS.values():
            found.update(provide(context))
        scope = context.scope
        context._card = scorecard.scorecard(
            scope=organisation.authority().name if scope.teams is None else scope.label,
            year=context.year,
            figures=found,
            targets=targets_for(year=context.year),
            whole_authority=scope.teams is None,
        )
    return context._card


# -- The annual report --------------------------------------------------------------------


def sections_for(*, year: int) -> list[annual.Chosen]:
    """The sections of the report for ``year`` as the PSW set them, in order; sections not
    yet touched follow in the default order, included and with no narrative."""
    saved = {s.key: s for s in ReportSection.objects.filter(year=year)}
    ordered = sorted(saved.values(), key=lambda s: s.position)
    chosen = [annual.Chosen(s.key, s.narrative, s.included) for s in ordered]
    chosen += [annual.Chosen(h.key) for h in annual.SECTIONS if h.key not in saved]
    return chosen


def _comparison_table(context: Context) -> Table:
    """The workforce dashboard's table of DfE's indicators for the year."""
    rows = context.comparison()
    region = rows[0].regions[0].name if rows and rows[0].regions else "Region"
    last = {y: own_figures(f) for y, f in context.history().items()}.get(context.year - 1)
    body = []
    for row in rows:
        measure = measures.CATALOGUE[row.measure]
        before = shown(last[row.measure], measure) if last else format_published(row.last_year)
        body.append(
            [
                measure.label,
                format_published(row.this_year),
                before,
                format_published(row.england),
                format_published(row.regions[0].value) if row.regions else "",
                format_published(Published(row.neighbours.value)),
            ]
        )
    return Table(
        caption=f"DfE's workforce indicators, {context.year} against {context.year - 1}, "
        "England, the region and the comparator authorities",
        header=[
            "Measure",
            str(context.year),
            str(context.year - 1),
            "England",
            region,
            "Comparator average",
        ],
        rows=body,
    )


def _diversity_tables(context: Context) -> list[Table]:
    """Who is in post on 30 September by sex and by ethnicity, small numbers suppressed as on
    the workforce dashboard (``core.dashboard.shown_profile``); then by role level and sex and
    by role level and ethnic group, counts and shares of the role level, suppressed along rows
    and columns and hiding whatever the dashboard hides (``core.dashboard.shown_by_role``)."""
    this = context.history()[context.year]
    people = shown_profile(
        profile(context.register(), on=this.last, teams=context.scope.teams),
        headcount=this.inpost_headcount,
        fte=this.inpost_fte,
    )
    tables = [
        Table(
            caption=f"Social workers in post on 30 September {context.year} by {name}",
            header=[name.capitalize(), "People", "FTE"],
            rows=[[band.label, band.people, band.fte] for band in bands],
        )
        for name, bands in (("sex", people.sex), ("ethnicity", people.ethnicity))
    ]
    by_level = shown_by_role(
        by_role(context.register(), on=this.last, teams=context.scope.teams),
        roles=dict(StaffMember.RoleLevel.choices),
        shown=people,
    )
    for name, crossed in (("sex", by_level.sex), ("ethnic group", by_level.ethnicity)):
        tables.append(
            Table(
                caption=f"Social workers in post on 30 September {context.year} by role level "
                f"and {name}",
                header=[
                    "Role level",
                    *(h for c in crossed.columns for h in (c, f"{c} (%)")),
                    "Total",
                ],
                rows=[
                    [
                        line.label,
                        *(x for pair in zip(line.counts, line.percents, strict=True) for x in pair),
                        line.total,
                    ]
                    for line in [*crossed.rows, crossed.totals]
                ],
            )
        )
    return tables


def _scorecard_table(card: scorecard.Scorecard, keys: set[str], caption: str) -> Table:
    return Table(
        caption=caption,
        header=["Measure", f"Value {card.year}", "Target", "Status"],
        rows=[
            [row.name, row.value, row.target or "None set", row.status.value]
            for row in card.rows
            if row.key in keys
        ],
    )


def _profile(context: Context) -> annual.Content:
    """DfE's indicators against last year, England, the region and the comparators, and the
    workforce dashboard's trend charts, each with its table."""
    board = workforce_dashboard(
        scope=context.scope,
        year=context.year,
        years=reporting_years(today=reporting_year(context.year)[1]),
    )
    charts = []
    for trend in board.trends:
        table = Table(
            caption=f"{trend.label} by reporting year",
            header=["Series", *(str(y) for y in trend.years)],
            rows=[[name, *values] for name, values in trend.rows],
        )
        described = charting.describe(
            f"{trend.label} by reporting year for {board.authority}, England, the region and "
            "the comparator average",
            [(name, list(zip(table.header[1:], values, strict=True)))
             for name, values in trend.rows],
        )  # fmt: skip
        plot = replace(trend.plot, description=described)
        charts.append(Chart(trend.label, described, table=table, plot=plot))
    return annual.Content(tables=[_comparison_table(context)], charts=charts)


def _diversity(context: Context) -> annual.Content:
    return annual.Content(tables=_diversity_tables(context))


def _leavers(context: Context) -> annual.Content:
    """Who left in the year by DfE's reason for leaving, destination and length of service, as
    the leavers' and joiners' report counts them from the register (``voice.selectors.
    authority_leaver_counts``); counts of 1 to 4 people, and any that would give one away,
    shown as c."""
    first, last = reporting_year(context.year)
    tables = []
    for counted in authority_leaver_counts(start=first, end=last, teams=context.scope.teams):
        counts = {label: n or 0 for label, n in counted.rows} | {"All leavers": counted.total or 0}
        hidden = suppress(counts, [SumOf("All leavers", tuple(label for label, _ in counted.rows))])
        tables.append(
            Table(
                caption=f"Leavers in the year to 30 September {context.year} by "
                f"{counted.title[0].lower()}{counted.title[1:]}",
                header=[counted.title, "People"],
                rows=[[k, SUPPRESSED if k in hidden else str(n)] for k, n in counts.items()],
            )
        )
    return annual.Content(tables=tables)


def _sickness(context: Context) -> annual.Content:
    """Sickness episodes that started in the year, by reason: occurrences and working days lost
    (occurrences of 1 to 4, and any that would give one away, shown as c with their days)."""
    first, last = reporting_year(context.year)
    episodes = SicknessEpisode.objects.filter(start_date__gte=first, start_date__lte=last)
    if context.scope.teams is not None:
        episodes = episodes.filter(staff__team_id__in=context.scope.teams)
    labels = dict(SicknessEpisode.Reason.choices)
    found = {
        row["reason"]: (row["occurrences"], row["days"] or Decimal(0))
        for row in episodes.values("reason").annotate(
            occurrences=Count("pk"), days=Sum("working_days_lost")
        )
    }
    counts: dict[str, int] = {reason: n for reason, (n, _) in found.items()}
    total = sum(counts.values())
    hidden = suppress(counts | {"all": total}, [SumOf("all", tuple(counts))])
    rows = [
        [str(labels.get(reason, reason)), SUPPRESSED, SUPPRESSED]
        if reason in hidden
        else [str(labels.get(reason, reason)), str(n), f"{days:.1f}"]
        for reason, (n, days) in sorted(found.items(), key=lambda item: -item[1][1])
    ]
    days_total = sum((days for _, days in found.values()), Decimal(0))
    rows.append(["All reasons", SUPPRESSED if "all" in hidden else str(total), f"{days_total:.1f}"])
    return annual.Content(
        tables=[
            Table(
                caption=f"Sickness absence that started in the year to 30 September "
                f"{context.year}, by reason",
                header=["Reason", "Occurrences", "Working days lost"],
                rows=rows,
            )
        ]
    )


def _caseloads(context: Context) -> annual.Content:
    card = _card(context)
    keys = {measures.CASELOAD.key, measures.WEIGHTED_LOAD.key, measures.CLA_THREE_OR_MORE.key}
    return annual.Content(
        tables=[_scorecard_table(card, keys, f"Caseloads at 30 September {context.year}")]
    )


def _quality(context: Context) -> annual.Content:
    """Audits completed in the year by final grade, with the share good or better, and the
    practice weeks held."""
    first, last = reporting_year(context.year)
    audits = completed().filter(pl.col("month").is_between(first.replace(day=1), last))
    grades = audits["grade"].to_list()
    card = _card(context)
    weeks = PracticeWeek.objects.filter(start__gte=first, start__lte=last).order_by("start")
    return annual.Content(
        tables=[
            Table(
                caption=f"Case audits completed in the year to 30 September {context.year}, "
                "by final grade",
                header=["Grade", "Audits"],
                rows=[
                    *([quality.GRADE_LABELS[g], str(grades.count(g))] for g in quality.GRADES),
                    ["All audits", str(len(grades))],
                ],
            ),
            _scorecard_table(
                card, {measures.AUDITS_GOOD_OR_BETTER.key}, "Audits good or better against target"
            ),
            Table(
                caption="Practice weeks in the year",
                header=["Practice week", "Dates"],
                rows=[[w.title, f"{w.start:%-d %B %Y} to {w.end:%-d %B %Y}"] for w in weeks]
                or [["None held", ""]],
            ),
        ]
    )


def _action_plan(context: Context) -> annual.Content:
    """The action plan's items due in the year, by where they came from and their status."""
    first, last = reporting_year(context.year)
    items = ActionItem.objects.filter(proposed_date__gte=first, proposed_date__lte=last)
    found = {
        (row["source"], row["status"]): row["n"]
        for row in items.values("source", "status").annotate(n=Count("pk"))
    }
    statuses = ActionItem.Status.choices
    return annual.Content(
        tables=[
            Table(
                caption=f"Actions due in the year to 30 September {context.year}, by source "
                "and status",
                header=["Source", *(str(label) for _, label in statuses)],
                rows=[
                    [str(label), *(str(found.get((source, status), 0)) for status, _ in statuses)]
                    for source, label in ActionItem.Source.choices
                ],
            )
        ]
    )


def _voice(context: Context) -> annual.Content:
    """Complaints, compliments and feedback received in the year, by kind, as the log counts
    them (``voice.selectors.feedback_counts``)."""
    first, last = reporting_year(context.year)
    counts = feedback_counts(entries=PracticeFeedback.objects.all(), first=first, last=last)
    return annual.Content(
        tables=[
            Table(
                caption=f"Complaints, compliments and feedback received in the year to 30 "
                f"September {context.year}",
                header=["Kind", *counts.short, "Year"],
                rows=[
                    [kind, *(str(n) for n in per_quarter), str(sum(per_quarter))]
                    for kind, per_quarter in counts.by_kind
                ],
            )
        ]
    )


def _scores_table(run: SurveyRun, results: SurveyResults) -> Table:
    """A survey run's score by standard against the last run, as the staff voice page shows
    it (a standard hidden to protect a small group as c)."""
    rate = "" if results.response_rate is None else f" ({results.response_rate}% of those asked)"
    return Table(
        caption=f"{run.title}: score by standard; {results.responses} people answered{rate}",
        header=["Standard", "Score", "Last time"],
        rows=[
            [title, "c" if score is None else str(score), "" if before is None else str(before)]
            for title, score, before, _ in results.sections
            if score is not None or before is not None
        ],
    )


def health_check_document(*, run: SurveyRun) -> Document:
    """The summary of a survey run: its overall score by standard against the last run (no
    breakdown, no comments) and its "you said, we did" statements published."""
    previous = previous_run(run)
    results = survey_results(
        parsed(run.template.text),
        response_frame(run),
        invited=run.invited,
        team_areas=dict(Team.objects.values_list("name", "service_area__name")),
        threshold=run.threshold,
        previous=response_frame(previous) if previous else None,
        previous_sections=parsed(previous.template.text) if previous else (),
    )
    statements = run.statements.filter(published=True).order_by("published_on", "pk")
    return Document(
        title=f"{run.title}: summary",
        subtitle=f"{organisation.authority().name}. Open {run.opens_on:%-d %B %Y} to "
        f"{run.closes_on:%-d %B %Y}. Scores run from 0 (everyone strongly disagrees) to 100 "
        "(everyone strongly agrees).",
        sections=[
            Section(
                "results",
                "What you told us",
                missing="",
                narrative=f"Fewer than {results.threshold} people answered, so no figures are "
                "shown."
                if results.suppressed
                else "",
                tables=(tables := [] if results.suppressed else [_scores_table(run, results)]),
                charts=charting.drawn(tables, [annual.SCORES]),
            ),
            Section(
                "you-said-we-did",
                "You said, we did",
                tables=[
                    Table(
                        caption="Statements published",
                        header=["You said", "We will", "We did"],
                        rows=[[st.you_said, st.we_will, st.we_did] for st in statements]
                        or [["None published yet", "", ""]],
                    )
                ],
            ),
        ],
    )


def _health_check(context: Context) -> annual.Content:
    """The health checks opened in the year whose summaries the PSW published, score by
    standard against the last run, as the staff voice page shows them; and the "you said, we
    did" statements published in the year."""
    first, last = reporting_year(context.year)
    tables = []
    for run, results in published_summaries():
        if run.template.kind != SurveyTemplate.Kind.HEALTH_CHECK:
            continue
        if not first <= run.opens_on <= last or results.suppressed:
            continue
        tables.append(_scores_table(run, results))
    statements = Statement.objects.filter(
        published=True, published_on__gte=first, published_on__lte=last
    ).order_by("published_on", "pk")
    tables.append(
        Table(
            caption="You said, we did: statements published in the year",
            header=["You said", "We will", "We did"],
            rows=[[st.you_said, st.we_will, st.we_did] for st in statements]
            or [["None published", "", ""]],
        )
    )
    return annual.Content(tables=tables)


def _supervision(context: Context) -> annual.Content | None:
    """Supervision on time in the year by service area and team, as the supervision page
    shows it for the same period (``development.selectors.compliance``), with the standard."""
    period = supervision_period(context.year)
    if period is None:
        return None
    found = development.compliance(teams=context.scope.teams, first=period[0], last=period[1])
    if not found.whole.required:
        return None
    standard = found.standard
    header = ["Part of the service", "Workers", "Windows required", "Met", "On time"]

    def rows(lines: list[development.ComplianceRow]) -> list[list[str]]:
        return [
            [line.label, str(line.workers), str(line.required), str(line.met), line.percent_shown]
            for line in lines
        ]

    card = _card(context)
    during = f"{period[0]:%-d %B %Y} to {period[1]:%-d %B %Y}"
    return annual.Content(
        tables=[
            _scorecard_table(
                card, {measures.SUPERVISION_COMPLIANCE.key}, "Supervision on time against target"
            ),
            Table(
                caption=f"Supervision on time, {during}, by service area: weeks, fortnights or "
                "months of the standard with a session that counts (at least "
                f"{standard.minimum_minutes} minutes)",
                header=header,
                rows=[*rows(found.areas), *rows([found.whole])],
            ),
            Table(
                caption=f"Supervision on time, {during}, by team",
                header=header,
                rows=rows(found.teams),
            ),
        ]
    )


def _cpd(context: Context) -> annual.Content | None:
    """The 1 December check of the year, as the registrations page lists it
    (``development.selectors.december_check``): in post, registered and not registered by
    reason, counted, never named; counts of 1 to 4 people, and any that would give one away,
    shown as c (``core.suppression``)."""
    check = registration_check(context)
    if check is None:
        return None
    day, staff, missing = check
    reasons: dict[str, int] = {}
    for row in missing:
        reasons[f"Not registered: {row.note}"] = reasons.get(f"Not registered: {row.note}", 0) + 1
    counts = {"In post": staff, "Registered": staff - len(missing), "Not registered": len(missing)}
    counts |= reasons
    hidden = suppress(
        counts,
        [
            SumOf("In post", ("Registered", "Not registered")),
            SumOf("Not registered", tuple(reasons)),
        ],
    )
    card = _card(context)
    return annual.Content(
        tables=[
            _scorecard_table(
                card,
                {measures.REGISTERED_ON_1_DECEMBER.key},
                "Registered on 1 December against target",
            ),
            Table(
                caption=f"Social workers in post on {day:%-d %B %Y} and their Social Work "
                "England registration that day",
                header=["Registration", "Social workers"],
                rows=[
                    [label, SUPPRESSED if label in hidden else str(n)]
                    for label, n in [*list(counts.items())[:3], *sorted(reasons.items())]
                ],
            ),
        ]
    )


def _asye(context: Context) -> annual.Content | None:
    """ASYE completion and retention and the students a year against target, and the year's
    ASYE decisions by outcome as the early careers page counts a cohort's (``asye_outcomes``);
    counts of 1 to 4 people, and any that would give one away, shown as c."""
    first, last = reporting_year(context.year)
    decided = asye_outcomes(asye_decisions(context, first, last), context.year, as_of=last)
    keys = {
        measures.ASYE_COMPLETION.key,
        measures.ASYE_RETENTION.key,
        measures.STUDENTS_A_YEAR.key,
    }
    card = _card(context)
    recorded = {row.key for row in card.rows if row.status is not scorecard.Status.NOT_RECORDED}
    if not recorded & (keys | {measures.PROTECTED_DEVELOPMENT_TIME.key}):
        return None
    tables = []
    if recorded & keys:
        caption = "ASYE completion and retention and students against target"
        tables.append(_scorecard_table(card, keys, caption))
    if decided is not None:
        counts = {
            "Passed": decided.passed,
            "Failed": decided.failed,
            "Left the programme": decided.left,
            "All decisions": decided.passed + decided.failed + decided.left,
        }
        hidden = suppress(counts, [SumOf("All decisions", tuple(list(counts)[:3]))])
        tables.append(
            Table(
                caption=f"ASYE decisions in the year to 30 September {context.year}, by outcome",
                header=["Outcome", "Social workers"],
                rows=[[k, SUPPRESSED if k in hidden else str(n)] for k, n in counts.items()],
            )
        )
    return annual.Content(tables=tables + _protected_tables(context))


def _protected_tables(context: Context) -> list[Table]:
    """Protected development time against target, and by team on the year's day: the newly
    qualified social workers in post and those whose protected time meets the standard, as the
    scorecard counts them for each team (``Context.protected_time``)."""
    day = context.protected_days().get(context.year)
    counts = context.protected_time()
    if day is None:
        return []
    counts = counts.filter(pl.col("day") == day)
    if not counts.height:
        return []
    measure = measures.PROTECTED_DEVELOPMENT_TIME
    names = dict(Team.objects.values_list("pk", "name"))

    def line(label: str, counted: int, met: int) -> list[str]:
        share = measure.value({"met": met, "newly_qualified": counted})
        return [label, str(counted), str(met), shown(share, measure)]

    rows = sorted(
        (
            line(names.get(team, "No team"), counted, met)
            for team, counted, met in counts.select("team_id", "newly_qualified", "met").iter_rows()
        ),
        key=lambda row: row[0],
    )
    rows.append(line("All", int(counts["newly_qualified"].sum()), int(counts["met"].sum())))
    standard = development.supervision_standard().protected_time_percent
    return [
        _scorecard_table(
            _card(context), {measure.key}, "Protected development time against target"
        ),
        Table(
            caption=f"Newly qualified social workers (ASYE) in post on {day:%-d %B %Y} and their "
            f"protected development time that day, by team: at least {standard}% of contracted "
            "hours meets the standard",
            header=["Team", "ASYE workers", "Meeting the standard", "Share"],
            rows=rows,
        ),
    ]


def _recruitment(context: Context) -> annual.Content | None:
    """The agency worker rate and agency rules followed against target, and each rule's
    outcome for the assignments live on the year's day (``agency_day``) as the agency
    compliance page shows them; counts of 1 to 4 assignments, and any that would give one
    away, shown as c."""
    day = agency_day(context.year)
    rows = [] if day is None else live_agency(context, day)
    if day is None or not rows:
        return None
    card = _card(context)
    statuses = (
        ("Met", core_agency.Status.MET),
        ("Not met", core_agency.Status.NOT_MET),
        ("Not known", core_agency.Status.UNKNOWN),
    )
    body = []
    for index, rule in enumerate(core_agency.RULES):
        counts = {
            label: sum(row.outcomes[index].status is status for row in rows)
            for label, status in statuses
        }
        hidden = suppress(
            counts | {"All": len(rows)}, [SumOf("All", tuple(label for label, _ in statuses))]
        )
        body.append(
            [rule.title, *(SUPPRESSED if k in hidden else str(n) for k, n in counts.items())]
        )
    return annual.Content(
        tables=[
            _scorecard_table(
                card,
                {measures.AGENCY.key, measures.AGENCY_RULES_FOLLOWED.key},
                "Agency use and agency rules followed against target",
            ),
            Table(
                caption=f"Agency assignments live on {day:%-d %B %Y}, by rule of DfE's "
                "statutory guidance on agency social workers",
                header=["Rule", *(label for label, _ in statuses)],
                rows=body,
            ),
        ]
    )


SECTION_CONTENT: Mapping[str, Callable[[Context], annual.Content | None]] = {
    "profile": _profile,
    "diversity": _diversity,
    "leavers": _leavers,
    "sickness": _sickness,
    "caseloads": _caseloads,
    "supervision": _supervision,
    "cpd": _cpd,
    "asye": _asye,
    "recruitment": _recruitment,
    "quality": _quality,
    "action_plan": _action_plan,
    "voice": _voice,
    "health_check": _health_check,
}
"""The sections the service's areas fill, by key (None: the area has no figures for the year,
and the section says so). A new source is one entry here."""


def report_content(
    *, year: int, progress: Callable[[str], None] = lambda _: None
) -> tuple[str, dict[str, annual.Content]]:
    """The authority's name and each section's figures for the annual report of ``year``, from
    the areas the service records; sections of areas not recorded have none."""
    authority = organisation.authority()
    whole = Scope("all", authority.name, None)
    years = list(range(year - scorecard.TREND_YEARS + 1, year + 1))
    context = Context(scope=whole, year=year, years=years)
    content = {}
    for key, fill in SECTION_CONTENT.items():
        progress(f"Figures for {annual.BY_KEY[key].title.lower()}")
        found = fill(context)
        if found is not None:
            content[key] = found
    return authority.name, content


def annual_report(*, year: int, progress: Callable[[str], None] = lambda _: None) -> Document:
    name, content = report_content(year=year, progress=progress)
    return annual.annual_report(
        authority=name, year=year, chosen=sections_for(year=year), content=content
    )


def report_jobs_visible_to(*, user: Viewer) -> QuerySet[ReportJob]:
    """One's own report tasks only: a task's file is the report as it was built for them."""
    return ReportJob.objects.filter(created_by_id=getattr(user, "pk", None))


def practice_week_document(*, week: PracticeWeek) -> Document:
    """The practice week report of ``week`` (``core.reporting.practice_week``): what observers
    wrote under each heading, as the practice week page groups it
    (``quality.selectors.observations_by_heading``), never naming the observer."""
    observations = week.observations.select_related("team")
    sessions = dict(Observation.Session.choices)
    counts: dict[str, int] = {}
    for found in observations:
        label = str(sessions[found.session])
        counts[label] = counts.get(label, 0) + 1

    def note(found: Observation, text: str) -> practice_week.Note:
        team = found.team.name if found.team else "no team"
        return practice_week.Note(str(sessions[found.session]), team, found.on, text)

    return practice_week.practice_week_report(
        title=week.title,
        first=week.start,
        last=week.end,
        authority=organisation.authority().name,
        sessions=sorted(counts.items()),
        findings=[
            (label, [note(found, text) for found, text in notes])
            for label, notes in observations_by_heading(observations)
        ],
        exemplars=[
            note(o, o.good_practice or o.voice_of_child) for o in observations if o.exemplar
        ],
        actions=[
            practice_week.Action(
                str(item.get_priority_display()),
                item.issue,
                item.action,
                item.proposed_date,
                str(item.get_status_display()),
            )
            for item in week.actions.all()
        ],
        priorities=[str(label) for _, label in ActionItem.Priority.choices],
    )
