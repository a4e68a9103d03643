"""Reads for agency engagements, each scoped to what the person may see, and the rules' outcomes,
the trend and the quarterly data (``core.agency``) computed from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from csc_workforce.core import agency, recruitment
from csc_workforce.core.record_rules import AGENCY_DESTINATION, AGENCY_ORIGIN
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Viewer
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import LocalRole
from csc_workforce.web.organisation.selectors import (
    authority,
    staff_visible_to,
    teams_visible_to,
)

from .models import (
    Advert,
    AgencyEngagement,
    Application,
    Incentive,
    PayBenchmark,
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
    return live_compliance(staff=agency_staff_visible_to(user=user), on=on)


def live_compliance(*, staff: QuerySet[StaffMember], on: dt.date) -> list[ComplianceRow]:
    """The agency assignments among ``staff`` live on ``on``, each with every rule's outcome
    (the agency compliance page's rows; the scorecard's for a part of the authority)."""
    live = staff.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    region, caps = authority().region_code, _caps()
    return [
        ComplianceRow(person, _details(person), _check(person, region, caps, on))
        for person in _agency_records(live)
    ]


_STAFF_COLUMNS = ("pk", "swe_number", "start_date", "end_date", "fte", "team__name")
_DETAIL_COLUMNS = (
    "id",
    "agency",
    "managed_service_provider",
    "cover_reason",
    "hourly_pay_rate",
    "job_type",
    "expected_end",
    "hourly_charge",
    "dcs_approved_on",
    "chief_executive_approved_on",
    "pqe_years",
    "previous_employment_checked",
    "left_permanent_on",
    "left_permanent_region",
    "left_permanent_reason",
    "notice_weeks",
    "permanent_notice_weeks",
    "project_team",
    "project_workers_approved",
    "project_costs_separated",
    "references_requested_on",
    "references_received_on",
)


def workers(*, first: dt.date | None = None) -> list[agency.Worker]:
    """Every agency record of the authority (ending on or after ``first``, if given) as the
    quarterly data and the trend read it: read as values, not model objects (2,000 of them
    make the compliance page's trend)."""
    records = StaffMember.objects.filter(employment_type=AGENCY)
    if first is not None:
        records = records.filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    region, caps = authority().region_code, _caps()
    histories: dict[str, agency.CapHistory] = {}
    columns = (*_STAFF_COLUMNS, *(f"agency_engagement__{name}" for name in _DETAIL_COLUMNS))
    result = []
    for row in records.order_by("pk").values_list(*columns):
        pk, swe, start, end, fte, team = row[: len(_STAFF_COLUMNS)]
        d = dict(zip(_DETAIL_COLUMNS, row[len(_STAFF_COLUMNS) :], strict=True))
        job_type = d["job_type"] or ""
        if job_type not in histories:
            histories[job_type] = (
                agency.cap_history(caps, region=region, job_type=job_type) if job_type else ()
            )
        engagement = (
            agency.Engagement(start=start, region=region)
            if d["id"] is None
            else agency.Engagement(
                start=start,
                region=region,
                job_type=job_type,
                end=d["expected_end"],
                hourly_charge=d["hourly_charge"],
                dcs_approved_on=d["dcs_approved_on"],
                chief_executive_approved_on=d["chief_executive_approved_on"],
                pqe_years=d["pqe_years"],
                previous_employment_checked=d["previous_employment_checked"],
                left_permanent_on=d["left_permanent_on"],
                left_permanent_region=d["left_permanent_region"],
                left_permanent_reason=d["left_permanent_reason"],
                notice_weeks=d["notice_weeks"],
                permanent_notice_weeks=d["permanent_notice_weeks"],
                project_team=d["project_team"],
                project_workers_approved=d["project_workers_approved"],
                project_costs_separated=d["project_costs_separated"],
                references_requested_on=d["references_requested_on"],
                references_received_on=d["references_received_on"],
            )
        )
        result.append(
            agency.Worker(
                reference=str(pk),
                swe_number=swe,
                agency=d["agency"] or "",
                managed_service_provider=d["managed_service_provider"] or "",
                cover_reason=d["cover_reason"] or "",
                fte=fte,
                hourly_pay_rate=d["hourly_pay_rate"],
                engagement=engagement,
                team=team,
                end=end,
                caps=histories[job_type],
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


def _stage() -> Case:
    """An application's stage (``core.recruitment.stage_of``) as the database computes it: the
    last stage reached, or withdrawn."""
    cleared = Q(
        dbs_cleared_on__isnull=False,
        references_cleared_on__isnull=False,
        registration_checked_on__isnull=False,
    )
    labels = dict(recruitment.STAGES)
    return Case(
        When(withdrawn_on__isnull=False, then=Value("Withdrawn")),
        When(started_on__isnull=False, then=Value(labels["started_on"])),
        When(cleared, then=Value(labels["checks_cleared_on"])),
        When(offered_on__isnull=False, then=Value(labels["offered_on"])),
        When(interviewed_on__isnull=False, then=Value(labels["interviewed_on"])),
        When(shortlisted_on__isnull=False, then=Value(labels["shortlisted_on"])),
        default=Value(labels["applied_on"]),
        output_field=CharField(),
    )


def vacancy_progress(*, vacancies: Iterable[Vacancy]) -> list[tuple[Vacancy, dict[str, int]]]:
    """Each vacancy with its applications counted by stage (in the stages' order)."""
    found = list(vacancies)
    counted = (
        Application.objects.filter(advert__vacancy__in=[v.pk for v in found])
        .annotate(reached=_stage())
        .values_list("advert__vacancy", "reached")
        .annotate(count=Count("pk"))
    )
    by_vacancy: dict[int, dict[str, int]] = {}
    for vacancy, stage, count in counted:
        by_vacancy.setdefault(vacancy, {})[stage] = count
    order = [*(label for _, label in recruitment.STAGES), "Withdrawn"]
    return [
        (v, {s: by_vacancy[v.pk][s] for s in order if s in by_vacancy.get(v.pk, {})}) for v in found
    ]


def _application_frame(first: dt.date) -> pl.DataFrame:
    """The applications with a stage reached on or after ``first`` (the rest count in no
    quarter from it)."""
    recent = (
        Q(applied_on__gte=first)
        | Q(offered_on__gte=first)
        | Q(started_on__gte=first)
        | Q(withdrawn_on__gte=first)
    )
    rows = Application.objects.filter(recent).values_list(
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
    frame = read_frame(
        rows,
        {
            "vacancy_id": pl.Int64,
            "advert_id": pl.Int64,
            "source": pl.String,
            "advert_opened_on": pl.Date,
            "applied_on": pl.Date,
            "shortlisted_on": pl.Date,
            "interviewed_on": pl.Date,
            "offered_on": pl.Date,
            "dbs": pl.Date,
            "references": pl.Date,
            "registration": pl.Date,
            "started_on": pl.Date,
            "withdrawn_on": pl.Date,
            "withdrawal_reason": pl.String,
        },
    )
    checks = pl.col("dbs", "references", "registration")
    cleared = (
        pl.when(pl.any_horizontal(checks.is_null())).then(None).otherwise(pl.max_horizontal(checks))
    )
    return frame.with_columns(checks_cleared_on=cleared).select(
        list(recruitment.APPLICATION_SCHEMA)
    )


def _advert_frame(first: dt.date) -> pl.DataFrame:
    rows = Advert.objects.filter(opened_on__gte=first).values_list("pk", "opened_on", "cost")
    frame = read_frame(
        rows, {"advert_id": pl.Int64, "opened_on": pl.Date, "cost": pl.Decimal(9, 2)}
    )
    return frame.with_columns(pl.col("cost").cast(pl.Float64))


def pipeline(*, on: dt.date, count: int = TREND_QUARTERS) -> list[recruitment.QuarterPipeline]:
    """The authority's pipeline figures for the ``count`` quarters to ``on``'s."""
    quarters = agency.quarters_to(on, count)
    first, _ = agency.quarter_bounds(quarters[0])
    return recruitment.pipeline_by_quarter(
        _application_frame(first), _advert_frame(first), quarters=quarters
    )


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


# Pay and incentives ------------------------------------------------------------------------


def incentives_visible_to(*, user: Viewer) -> QuerySet[Incentive]:
    """Incentives of the staff one sees, for those who record pay (PSW and HR)."""
    if not can(user, Capability.MANAGE_PAY):
        return Incentive.objects.none()
    return Incentive.objects.filter(staff__in=staff_visible_to(user=user)).select_related(
        "staff", "staff__team"
    )


def benchmarks_visible_to(*, user: Viewer) -> QuerySet[PayBenchmark]:
    if not can(user, Capability.MANAGE_PAY):
        return PayBenchmark.objects.none()
    return PayBenchmark.objects.all()


@dataclass(frozen=True)
class PaySummary:
    years: list[str]
    costs: list[tuple[str, list[Decimal]]]
    """Each kind of incentive with its cost in each financial year (``years``)."""
    retention: recruitment.Retention


def pay_summary(*, on: dt.date, years: int = 3) -> PaySummary:
    """The yearly cost of incentives by kind for the last ``years`` financial years to ``on``'s,
    and retention of those paid one against those not."""
    current = on.year if on.month >= 4 else on.year - 1
    chosen = list(range(current - years + 1, current + 1))
    rows = list(Incentive.objects.values_list("kind", "amount", "start_date", "end_date"))
    costs = [
        (
            label,
            [
                sum(
                    (
                        recruitment.incentive_cost(
                            kind=k, amount=amount, start=start, end=end, year=year
                        )
                        for k, amount, start, end in rows
                        if k == kind
                    ),
                    Decimal(0),
                )
                for year in chosen
            ],
        )
        for kind, label in recruitment.INCENTIVES.items()
    ]
    paid = set(Incentive.objects.values_list("staff", flat=True))
    employees = StaffMember.objects.exclude(employment_type=AGENCY).values_list(
        "pk", "start_date", "end_date"
    )
    retention = recruitment.retention_by_incentive(
        [(start, end, pk in paid) for pk, start, end in employees], on=on
    )
    labels = [f"{year}-{(year + 1) % 100:02d}" for year in chosen]
    return PaySummary(years=labels, costs=costs, retention=retention)


@dataclass(frozen=True)
class OwnPay:
    role: str
    people: int
    pay_min: Decimal | None
    pay_max: Decimal | None


def own_pay_points(*, on: dt.date) -> list[OwnPay]:
    """The authority's base salaries by local role among employees in post on ``on``: lowest
    and highest, shown only for roles of at least 5 people (one salary would be someone's)."""
    found: dict[str, list[Decimal]] = {}
    employees = (
        StaffMember.objects.exclude(employment_type=AGENCY)
        .filter(start_date__lte=on, base_salary__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    )
    for role, salary in employees.values_list("local_role", "base_salary"):
        if salary is not None:
            found.setdefault(role, []).append(salary)
    labels = dict(LocalRole.choices)
    return [
        OwnPay(
            labels.get(role, role),
            len(pay),
            min(pay) if len(pay) >= recruitment.SMALLEST_GROUP else None,
            max(pay) if len(pay) >= recruitment.SMALLEST_GROUP else None,
        )
        for role, pay in sorted(found.items())
    ]
