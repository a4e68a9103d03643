"""Agency workers under DfE's agency rules: compliance, engagement details, price caps and the
quarterly data for DfE."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from csc_workforce.core import agency, recruitment
from csc_workforce.core.exports import Cell, Sheet
from csc_workforce.web.accounts.permissions import (
    Capability,
    SignedInRequest,
    can,
    require,
    visible_or_404,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.downloads import csv_download, sheets_download
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import (
    authority,
    posts_visible_to,
    staff_visible_to,
)

from .forms import (
    AdvertForm,
    ApplicationForm,
    BenchmarkUploadForm,
    EngagementForm,
    IncentiveForm,
    PayBenchmarkForm,
    PriceCapForm,
    ProgressForm,
    QuarterForm,
    VacancyForm,
)
from .models import Vacancy
from .selectors import (
    agency_staff_visible_to,
    agency_trend,
    applications_visible_to,
    benchmarks_visible_to,
    compliance,
    conversions,
    engagement_outcomes,
    incentives_visible_to,
    own_pay_points,
    pay_summary,
    pipeline,
    price_caps_visible_to,
    returns_visible_to,
    vacancies_visible_to,
    vacancy_progress,
)
from .services import (
    BenchmarkInvalid,
    ReturnInvalid,
    advert_create,
    application_create,
    application_progress,
    engagement_save,
    incentive_record,
    pay_benchmark_import,
    pay_benchmark_save,
    price_cap_save,
    quarterly_return_make,
    vacancy_create,
)

TAGS = {
    agency.Status.MET: ("govuk-tag--green", "Met"),
    agency.Status.NOT_MET: ("govuk-tag--red", "Not met"),
    agency.Status.UNKNOWN: ("govuk-tag--grey", "Unknown"),
}


def _cells(outcomes: list[agency.Outcome]) -> list[tuple[str, str, str]]:
    """Each outcome as the page shows it: the tag's class, its words, the reason."""
    return [
        (TAGS[o.status][0], TAGS[o.status][1] + (" (exception)" if o.exception else ""), o.reason)
        for o in outcomes
    ]


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        form.add_error(name if name in form.fields else None, found)


@require(Capability.VIEW_AGENCY)
def index(request: SignedInRequest) -> HttpResponse:
    """Recruitment and agency workers: what there is and who may use it."""
    context = {
        "can_manage": can(request.user, Capability.MANAGE_AGENCY),
        "can_return": can(request.user, Capability.MAKE_AGENCY_RETURN),
        "can_pay": can(request.user, Capability.MANAGE_PAY),
    }
    return render(request, "recruitment/index.html", context)


ASSIGNMENTS_A_PAGE = 50
"""Live assignments a page of the agency compliance page (the downloads have them all)."""


@require(Capability.VIEW_AGENCY)
def agency_compliance(request: SignedInRequest) -> HttpResponse:
    """Every live agency assignment the person may see, each rule met, not met or unknown;
    exceptions and approvals; the trend of agency FTE, cost and breaches by quarter."""
    today = clock().today()
    rows = compliance(user=request.user, on=today)
    trend = agency_trend(on=today)
    format = request.GET.get("format", "")
    if format in ("csv", "xlsx"):
        header: list[Cell] = ["Name", "Team", "Agency", "Job type", "Start"]
        header += [rule.title for rule in agency.RULES]
        body: list[list[Cell]] = [
            [
                row.staff.full_name,
                row.staff.team.name,
                row.details.agency if row.details else "",
                row.details.get_job_type_display() if row.details else "",
                row.staff.start_date,
                *(f"{o.status.value}: {o.reason}" for o in row.outcomes),
            ]
            for row in rows
        ]
        return sheets_download(
            "agency-compliance", format, [Sheet("Agency compliance", header, body)]
        )
    page = Paginator(rows, ASSIGNMENTS_A_PAGE).get_page(request.GET.get("page"))
    context = {
        "today": today,
        "live": len(rows),
        "page": page,
        "rows": [(row, _cells(row.outcomes)) for row in page.object_list],
        "rules": agency.RULES,
        "exceptions": [row for row in rows if row.exceptions],
        "trend": trend,
        "not_met": sum(o.status == agency.Status.NOT_MET for row in rows for o in row.outcomes),
        "can_manage": can(request.user, Capability.MANAGE_AGENCY),
        "can_return": can(request.user, Capability.MAKE_AGENCY_RETURN),
        "region": agency.REGIONS.get(authority().region_code, authority().region_name),
    }
    return render(request, "recruitment/compliance.html", context)


@require(Capability.VIEW_AGENCY)
def engagement(request: SignedInRequest, pk: int) -> HttpResponse:
    """One agency worker's engagement details and every rule's outcome."""
    staff = visible_or_404(agency_staff_visible_to(user=request.user), pk)
    outcomes = engagement_outcomes(staff=staff, on=clock().today())
    cap = outcomes[0]
    context = {
        "staff": staff,
        "details": getattr(staff, "agency_engagement", None),
        "outcomes": zip(agency.RULES, outcomes, strict=True),
        "approval_needed": cap.status == agency.Status.NOT_MET,
        "cap": cap,
        "can_manage": can(request.user, Capability.MANAGE_AGENCY),
    }
    return render(request, "recruitment/engagement.html", context)


@require(Capability.MANAGE_AGENCY)
def engagement_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Record or change an agency worker's engagement details."""
    staff = visible_or_404(agency_staff_visible_to(user=request.user), pk)
    details = getattr(staff, "agency_engagement", None)
    form = EngagementForm(request.POST or None, initial=EngagementForm.initial_from(details))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_save(staff=staff, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            cap = engagement_outcomes(staff=staff, on=clock().today())[0]
            done = "Engagement details saved"
            if cap.status == agency.Status.NOT_MET:
                done += f". Approval needed: {cap.reason}"
            messages.success(request, done)
            return redirect("recruitment:engagement", pk=staff.pk)
    return render(request, "recruitment/engagement_form.html", {"form": form, "staff": staff})


@require(Capability.VIEW_AGENCY)
def price_caps(request: SignedInRequest) -> HttpResponse:
    """The regional price caps held, and (HR and the PSW) a new one."""
    caps = price_caps_visible_to(user=request.user)
    format = request.GET.get("format", "")
    if format in ("csv", "xlsx"):
        header: list[Cell] = ["Region", "Job type", "In force from", "Hourly cap (£)", "Source"]
        body: list[list[Cell]] = [
            [c.get_region_display(), c.get_job_type_display(), c.effective_from, c.hourly_cap,
             c.source]
            for c in caps
        ]  # fmt: skip
        return sheets_download("price-caps", format, [Sheet("Price caps", header, body)])
    manage = can(request.user, Capability.MANAGE_AGENCY)
    form = PriceCapForm(request.POST or None) if manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            price_cap_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Price cap saved")
            return redirect("recruitment:price_caps")
    context = {"caps": caps, "form": form}
    return render(request, "recruitment/price_caps.html", context)


@require(Capability.MAKE_AGENCY_RETURN)
def quarterly(request: SignedInRequest) -> HttpResponse:
    """The quarterly agency data for DfE: chosen, validated, kept and downloaded."""
    form = QuarterForm(request.POST or None)
    problems: list[agency.ReturnProblem] = []
    if request.method == "POST" and form.is_valid():
        quarter = form.cleaned_data["quarter"]
        try:
            data, _ = quarterly_return_make(quarter=quarter, by=request.user)
        except ReturnInvalid as error:
            problems = error.problems
            form.add_error(
                "quarter",
                f"The data for {quarter} has {len(problems)} problem(s): correct them, then "
                "produce it again",
            )
        else:
            format = "xlsx" if request.POST.get("format") == "xlsx" else "csv"
            sheet = Sheet(f"Agency {quarter}", data.header, data.rows)  # type: ignore[arg-type]
            return sheets_download(f"agency-data-{quarter}", format, [sheet])
    context = {
        "form": form,
        "problems": problems,
        "fields": agency.RETURN_FIELDS,
        "kept": returns_visible_to(user=request.user)[:20],
        "see_names": can(request.user, Capability.VIEW_STAFF),
    }
    return render(request, "recruitment/quarterly.html", context)


@require(Capability.MAKE_AGENCY_RETURN)
def quarterly_kept(request: SignedInRequest, pk: int) -> HttpResponse:
    """A quarter's agency data as it was produced and sent."""
    kept = visible_or_404(returns_visible_to(user=request.user), pk)
    return csv_download(f"agency-data-{kept.quarter}-sent-{kept.pk}", kept.content)


# The recruitment pipeline ------------------------------------------------------------------


def _vacancies_sheet(still_open: list[tuple[Vacancy, dict[str, int]]]) -> Sheet:
    """The open vacancies the person sees, with their applications counted at each stage, as
    the pipeline page lists them."""
    stages = [*(label for _, label in recruitment.STAGES), "Withdrawn"]
    header: list[Cell] = ["Vacancy", "Post", "Team", "Kind", "Opened", *stages]
    rows: list[list[Cell]] = [
        [
            vacancy.title,
            vacancy.post.reference,
            vacancy.post.team.name,
            vacancy.get_kind_display(),
            vacancy.opened_on,
            *(counts.get(stage, 0) for stage in stages),
        ]
        for vacancy, counts in still_open
    ]
    return Sheet("Open vacancies", header, rows)


def _pipeline_sheet(quarters: list[recruitment.QuarterPipeline]) -> Sheet:
    stages = [label for label, _ in quarters[0].conversion] if quarters else []
    header: list[Cell] = ["Quarter", "Adverts", "Applications", "Applications per advert"]
    header += [f"Conversion to {label.lower()} (%)" for label in stages]
    header += ["Median days advert to offer", "Median days offer to start", "Withdrawals"]
    header += ["Hires", "Advert cost (£)", "Cost per hire (£)"]
    rows: list[list[Cell]] = [
        [
            q.quarter,
            q.adverts,
            q.applications,
            q.applications_per_advert,
            *(rate for _, rate in q.conversion),
            q.median_days_advert_to_offer,
            q.median_days_offer_to_start,
            q.withdrawals,
            q.hires,
            q.advert_cost,
            q.cost_per_hire,
        ]
        for q in quarters
    ]
    return Sheet("Recruitment pipeline", header, rows)


@require(Capability.VIEW_RECRUITMENT)
def pipeline_page(request: SignedInRequest) -> HttpResponse:
    """The pipeline by quarter (the authority's), conversions between agency work and
    employment, and the vacancies the person sees with their applications by stage."""
    today = clock().today()
    vacancies = vacancies_visible_to(user=request.user)
    format = request.GET.get("format", "")
    if format in ("csv", "xlsx") and request.GET.get("list") == "vacancies":
        still_open = vacancy_progress(vacancies=vacancies.filter(closed_on__isnull=True))
        return sheets_download("open-vacancies", format, [_vacancies_sheet(still_open)])
    quarters = pipeline(on=today)
    if format in ("csv", "xlsx"):
        return sheets_download("recruitment-pipeline", format, [_pipeline_sheet(quarters)])
    page = Paginator(vacancies.filter(closed_on__isnull=True), 50).get_page(request.GET.get("page"))
    context = {
        "quarters": quarters,
        "stages": [label for label, _ in quarters[0].conversion],
        "conversions": conversions(on=today),
        "open": vacancy_progress(vacancies=page.object_list),
        "page": page,
        "filled": vacancies.filter(closed_on__isnull=False).count(),
        "can_manage": can(request.user, Capability.MANAGE_RECRUITMENT),
        "stage_names": [*(label for _, label in recruitment.STAGES), "Withdrawn"],
    }
    return render(request, "recruitment/pipeline.html", context)


@require(Capability.MANAGE_RECRUITMENT)
def vacancy_new(request: SignedInRequest) -> HttpResponse:
    """A vacancy to fill from a funded post."""
    form = VacancyForm(request.POST or None, posts=posts_visible_to(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Vacancy added")
            return redirect("recruitment:vacancy", pk=vacancy.pk)
    return render(request, "recruitment/vacancy_new.html", {"form": form})


@require(Capability.VIEW_RECRUITMENT)
def vacancy(request: SignedInRequest, pk: int) -> HttpResponse:
    """A vacancy's adverts and applications, each at its stage; HR and the PSW add adverts and
    applications."""
    found = visible_or_404(vacancies_visible_to(user=request.user), pk)
    manage = can(request.user, Capability.MANAGE_RECRUITMENT)
    adverts = found.adverts.all()
    data, _ = submitted(request, "advert")
    advert_form = AdvertForm(data) if manage else None
    data, _ = submitted(request, "application")
    application_form = ApplicationForm(data, adverts=adverts) if manage else None
    if advert_form is not None and advert_form.is_bound and advert_form.is_valid():
        try:
            advert_create(by=request.user, vacancy=found, **advert_form.cleaned_data)
        except ValidationError as error:
            _add_errors(advert_form, error)
        else:
            messages.success(request, "Advert added")
            return redirect("recruitment:vacancy", pk=found.pk)
    if application_form is not None and application_form.is_bound and application_form.is_valid():
        try:
            application_create(by=request.user, **application_form.cleaned_data)
        except ValidationError as error:
            _add_errors(application_form, error)
        else:
            messages.success(request, "Application added")
            return redirect("recruitment:vacancy", pk=found.pk)
    context = {
        "vacancy": found,
        "adverts": adverts,
        "applications": applications_visible_to(user=request.user)
        .filter(advert__vacancy=found)
        .select_related("advert"),
        "counts": vacancy_progress(
            vacancies=vacancies_visible_to(user=request.user).filter(pk=found.pk)
        )[0][1],
        "advert_form": advert_form,
        "application_form": application_form,
        "forms": [f for f in (advert_form, application_form) if f is not None and f.errors],
        "can_manage": manage,
    }
    return render(request, "recruitment/vacancy.html", context)


@require(Capability.MANAGE_RECRUITMENT)
def application(request: SignedInRequest, pk: int) -> HttpResponse:
    """Move an application along: the days it reached each stage, or its withdrawal."""
    found = visible_or_404(applications_visible_to(user=request.user), pk)
    initial = {name: getattr(found, name) for name in ProgressForm.base_fields}
    form = ProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_progress(by=request.user, application=found, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{found.candidate_name}'s application updated")
            return redirect("recruitment:vacancy", pk=found.advert.vacancy_id)
    return render(request, "recruitment/application.html", {"form": form, "application": found})


# Pay and incentives ------------------------------------------------------------------------


@require(Capability.MANAGE_PAY)
def pay(request: SignedInRequest) -> HttpResponse:
    """Who receives which incentive, their yearly cost, and whether those paid stay longer."""
    today = clock().today()
    incentives = incentives_visible_to(user=request.user)
    format = request.GET.get("format", "")
    if format in ("csv", "xlsx"):
        header: list[Cell] = ["Name", "Team", "Role", "Incentive", "Amount (£)", "From", "Until"]
        body: list[list[Cell]] = [
            [
                i.staff.full_name,
                i.staff.team.name,
                i.staff.get_local_role_display(),
                i.get_kind_display(),
                i.amount,
                i.start_date,
                i.end_date,
            ]
            for i in incentives
        ]
        return sheets_download("incentives", format, [Sheet("Incentives", header, body)])
    employees = staff_visible_to(user=request.user, on=today).exclude(
        employment_type=StaffMember.Employment.AGENCY
    )
    form = IncentiveForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():
        try:
            incentive_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Incentive recorded")
            return redirect("recruitment:pay")
    context = {"incentives": incentives, "summary": pay_summary(on=today), "form": form}
    return render(request, "recruitment/pay.html", context)


@require(Capability.MANAGE_PAY)
def pay_benchmark(request: SignedInRequest) -> HttpResponse:
    """The authority's pay points by role beside neighbouring authorities', entered or imported
    from the CSV the region shares."""
    today = clock().today()
    rows = benchmarks_visible_to(user=request.user)
    format = request.GET.get("format", "")
    if format in ("csv", "xlsx"):
        header: list[Cell] = list(recruitment.BENCHMARK_COLUMNS)
        body: list[list[Cell]] = [
            [r.year, r.authority_name, r.get_role_display(), r.pay_min, r.pay_max, r.incentives]
            for r in rows
        ]
        return sheets_download("pay-benchmark", format, [Sheet("Pay benchmark", header, body)])
    data, _ = submitted(request, "row")
    form = PayBenchmarkForm(data)
    data, files = submitted(request, "upload")
    upload = BenchmarkUploadForm(data, files)
    problems: list[recruitment.BenchmarkProblem] = []
    if form.is_bound and form.is_valid():
        try:
            pay_benchmark_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Pay benchmark row saved")
            return redirect("recruitment:pay_benchmark")
    if upload.is_bound and upload.is_valid():
        try:
            text = upload.cleaned_data["file"].read().decode("utf-8")
            count = pay_benchmark_import(by=request.user, text=text)
        except UnicodeDecodeError:
            upload.add_error("file", "The file must be a CSV saved as UTF-8")
        except BenchmarkInvalid as error:
            problems = error.problems
            upload.add_error("file", f"The file has {len(problems)} problem(s): nothing was stored")
        else:
            messages.success(request, f"{count} pay benchmark rows imported")
            return redirect("recruitment:pay_benchmark")
    context = {
        "own": own_pay_points(on=today),
        "rows": rows,
        "form": form,
        "upload": upload,
        "problems": problems,
        "forms": [f for f in (form, upload) if f.errors],
    }
    return render(request, "recruitment/pay_benchmark.html", context)
