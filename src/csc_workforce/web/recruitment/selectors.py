"""Reads for agency engagements, each scoped to what the person may see, and the rules' outcomes,
the trend and the quarterly data (``core.agency``) computed from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.db.models import Q, QuerySet

from csc_workforce.core import agency, recruitment
from csc_workforce.core.record_rules import AGENCY_DESTINATION, AGENCY_ORIGIN
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Viewer
from csc_workforce.web.organisation.selectors import (
    authority,
    staff_visible_to,
    teams_visible_to,
)

from .models import (
    Advert,
    AgencyEngagement,
    Application,
    PriceCap,
    QuarterlyAgencyReturn,
    StaffMember,
    Vacancy,
)

AGENCY = StaffMember.Employment.AGENCY
TREND_QUARTERS = 8


def agency_staff_visible_to(*, user: Viewer) -> QuerySet[StaffMember]:
    """The agency records (``StaffMember``) among the staff the person may see."""
    return staff_visible_to(user=user).filter(employment_type=AGENCY)


def engagements_visible_to(*, user: Viewer) -> QuerySet[AgencyEngagement]:
    return AgencyEngagement.objects.filter(staff__in=agency_staff_visible_to(user=user))


def price_caps_visible_to(*, user: Viewer) -> QuerySet[PriceCap]:
    """Caps are the region's figures, not personal data: all of them for those who see agency
    compliance."""
    if not can(user, Capability.VIEW_AGENCY):
        return PriceCap.objects.none()
    return PriceCap.objects.all()


def returns_visible_to(*, user: Viewer) -> QuerySet[QuarterlyAgencyReturn]:
    if not can(user, Capability.MAKE_AGENCY_RETURN):
        return QuarterlyAgencyReturn.objects.none()
    return QuarterlyAgencyReturn.objects.select_related("made_by")


def _caps() -> list[tuple[str, str, dt.date, Decimal]]:
    return list(PriceCap.objects.values_list("region", "job_type", "effective_from", "hourly_cap"))


def as_engagement(
    staff: StaffMember,
    details: AgencyEngagement | None,
    *,
    region: str,
    caps: agency.CapHistory,
    on: dt.date | None = None,
) -> agency.Engagement:
    """The engagement as the rules see it (only the dates when no details are recorded), with
    the cap in force ``on`` (none when not given)."""
    if details is None:
        return agency.Engagement(start=staff.start_date, region=region)
    return agency.Engagement(
        start=staff.start_date,
        region=region,
        job_type=details.job_type,
        end=details.expected_end,
        hourly_charge=details.hourly_charge,
        cap=agency.cap_on(caps, on) if on is not None else None,
        dcs_approved_on=details.dcs_approved_on,
        chief_executive_approved_on=details.chief_executive_approved_on,
        pqe_years=details.pqe_years,
        previous_employment_checked=details.previous_employment_checked,
        left_permanent_on=details.left_permanent_on,
        left_permanent_region=details.left_permanent_region,
        left_permanent_reason=details.left_permanent_reason,
        notice_weeks=details.notice_weeks,
        permanent_notice_weeks=details.permanent_notice_weeks,
        project_team=details.project_team,
        project_workers_approved=details.project_workers_approved,
        project_costs_separated=details.project_costs_separated,
        references_requested_on=details.references_requested_on,
        references_received_on=details.references_received_on,
    )


def _history(
    caps: list[tuple[str, str, dt.date, Decimal]], region: str, details: AgencyEngagement | None
) -> agency.CapHistory:
    if details is None or not details.job_type:
        return ()
    return agency.cap_history(caps, region=region, job_type=details.job_type)


def _check(
    staff: StaffMember, region: str, caps: list[tuple[str, str, dt.date, Decimal]], on: dt.date
) -> list[agency.Outcome]:
    details = _details(staff)
    history = _history(caps, region, details)
    return agency.check_all(as_engagement(staff, details, region=region, caps=history, on=on), on)


def engagement_outcomes(*, staff: StaffMember, on: dt.date) -> list[agency.Outcome]:
    """Every rule's outcome for one agency record on ``on``."""
    fresh = StaffMember.objects.select_related("agency_engagement").get(pk=staff.pk)
    return _check(fresh, authority().region_code, _caps(), on)


@dataclass(frozen=True)
class ComplianceRow:
    staff: StaffMember
    details: AgencyEngagement | None
    outcomes: list[agency.Outcome]

    @property
    def exceptions(self) -> list[agency.Outcome]:
        return [outcome for outcome in self.outcomes if outcome.exception]


def _agency_records(staff: QuerySet[StaffMember]) -> list[StaffMember]:
    return list(
        staff.filter(employment_type=AGENCY)
        .select_related("team", "agency_engagement")
        .order_by("family_name", "given_name", "pk")
    )


def _details(staff: StaffMember) -> AgencyEngagement | None:
    return getattr(staff, "agency_engagement", None)


def compliance(*, user: Viewer, on: dt.date) -> list[ComplianceRow]:
    """The live agency assignments the person may see on ``on``, each with every rule's
    outcome."""
    live = (
        agency_staff_visible_to(user=user)
        .filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    )
    region, caps = authority().region_code, _caps()
    return [
        ComplianceRow(person, _details(person), _check(person, region, caps, on))
        for person in _agency_records(live)
    ]


def workers(*, first: dt.date | None = None) -> list[agency.Worker]:
    """Every agency record of the authority (ending on or after ``first``, if given) as the
    quarterly data and the trend read it."""
    records = StaffMember.objects.all()
    if first is not None:
        records = records.filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    region, caps = authority().region_code, _caps()
    result = []
    for person in _agency_records(records):
        details = _details(person)
        history = _history(caps, region, details)
        result.append(
            agency.Worker(
                reference=str(person.pk),
                swe_number=person.swe_number,
                agency=details.agency if details else "",
                managed_service_provider=details.managed_service_provider if details else "",
                cover_reason=details.cover_reason if details else "",
                fte=person.fte,
                hourly_pay_rate=details.hourly_pay_rate if details else None,
                engagement=as_engagement(person, details, region=region, caps=history),
                team=person.team.name,
                end=person.end_date,
                caps=history,
            )
        )
    return result


def agency_trend(*, on: dt.date) -> list[agency.QuarterTrend]:
    """Agency FTE, cost and price-cap breaches for the eight quarters to ``on``'s."""
    quarters = agency.quarters_to(on, TREND_QUARTERS)
    first, _ = agency.quarter_bounds(quarters[0])
    return agency.trend(workers(first=first), quarters=quarters)


def quarterly_data(*, quarter: str) -> agency.QuarterlyReturn:
    """The quarter's agency data for DfE, validated (``core.agency.quarterly_return``)."""
    first, _ = agency.quarter_bounds(quarter)
    return agency.quarterly_return(
        workers(first=first), quarter=quarter, la_code=authority().new_la_code
    )


# The recruitment pipeline ------------------------------------------------------------------


def vacancies_visible_to(*, user: Viewer) -> QuerySet[Vacancy]:
    """The vacancies of the teams the person sees (a team manager's own teams)."""
    if not can(user, Capability.VIEW_RECRUITMENT):
        return Vacancy.objects.none()
    return Vacancy.objects.filter(post__team__in=teams_visible_to(user=user)).select_related(
        "post__team"
    )


def applications_visible_to(*, user: Viewer) -> QuerySet[Application]:
    """Applications (candidates' names) to the vacancies one sees, for those who see staff
    records; none for analysts, who see the pipeline's figures only."""
    if not can(user, Capability.VIEW_STAFF):
        return Application.objects.none()
    return Application.objects.filter(advert__vacancy__in=vacancies_visible_to(user=user))


def vacancy_progress(*, vacancies: QuerySet[Vacancy]) -> list[tuple[Vacancy, dict[str, int]]]:
    """Each vacancy with its applications counted by stage."""
    found = list(vacancies.prefetch_related("adverts__applications"))
    result = []
    for vacancy in found:
        counts: dict[str, int] = {}
        for advert in vacancy.adverts.all():
            for application in advert.applications.all():
                counts[application.stage] = counts.get(application.stage, 0) + 1
        result.append((vacancy, counts))
    return result


def _application_frame() -> pl.DataFrame:
    rows = Application.objects.values_list(
        "advert__vacancy_id",
        "advert_id",
        "source",
        "advert__opened_on",
        "applied_on",
        "shortlisted_on",
        "interviewed_on",
        "offered_on",
        "dbs_cleared_on",
        "references_cleared_on",
        "registration_checked_on",
        "started_on",
        "withdrawn_on",
        "withdrawal_reason",
    )
    frame = pl.DataFrame(
        list(rows),
        schema=[
            ("vacancy_id", pl.Int64),
            ("advert_id", pl.Int64),
            ("source", pl.String),
            ("advert_opened_on", pl.Date),
            ("applied_on", pl.Date),
            ("shortlisted_on", pl.Date),
            ("interviewed_on", pl.Date),
            ("offered_on", pl.Date),
            ("dbs", pl.Date),
            ("references", pl.Date),
            ("registration", pl.Date),
            ("started_on", pl.Date),
            ("withdrawn_on", pl.Date),
            ("withdrawal_reason", pl.String),
        ],
        orient="row",
    )
    checks = pl.col("dbs", "references", "registration")
    cleared = (
        pl.when(pl.any_horizontal(checks.is_null())).then(None).otherwise(pl.max_horizontal(checks))
    )
    return frame.with_columns(checks_cleared_on=cleared).select(
        list(recruitment.APPLICATION_SCHEMA)
    )


def _advert_frame() -> pl.DataFrame:
    rows = Advert.objects.values_list("pk", "opened_on", "cost")
    return pl.DataFrame(
        [(pk, opened, float(cost)) for pk, opened, cost in rows],
        schema=recruitment.ADVERT_SCHEMA,
        orient="row",
    )


def pipeline(*, on: dt.date, count: int = TREND_QUARTERS) -> list[recruitment.QuarterPipeline]:
    """The authority's pipeline figures for the ``count`` quarters to ``on``'s."""
    quarters = agency.quarters_to(on, count)
    return recruitment.pipeline_by_quarter(_application_frame(), _advert_frame(), quarters=quarters)


def conversions(
    *, on: dt.date, count: int = TREND_QUARTERS
) -> list[recruitment.QuarterConversions]:
    """Conversions between agency work and employment by quarter, from the register's records
    (origins and destinations as ``staff_convert`` writes them)."""
    quarters = agency.quarters_to(on, count)
    first, _ = agency.quarter_bounds(quarters[0])
    employees = StaffMember.objects.exclude(employment_type=AGENCY)
    starts = employees.filter(start_date__gte=first, start_origin=AGENCY_ORIGIN)
    leaves = employees.filter(end_date__gte=first, leaver_destination=AGENCY_DESTINATION)

    def moves(
        records: QuerySet[StaffMember], day: str, code: str
    ) -> list[tuple[str, dt.date, str]]:
        return [
            (swe.strip().upper() or f"#{pk}", when, to)
            for pk, swe, when, to in records.values_list("pk", "swe_number", day, code)
            if when is not None
        ]

    return recruitment.conversions_by_quarter(
        starts=moves(starts, "start_date", "start_origin"),
        leaves=moves(leaves, "end_date", "leaver_destination"),
        quarters=quarters,
    )
