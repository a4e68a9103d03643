"""Agency workers under DfE's agency rules: compliance, engagement details, price caps and the
quarterly data for DfE."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from csc_workforce.core import agency
from csc_workforce.core.exports import Cell, Sheet, csv_text, xlsx_bytes
from csc_workforce.web.accounts.permissions import (
    Capability,
    SignedInRequest,
    can,
    require,
    visible_or_404,
)
from csc_workforce.web.clock import clock
from csc_workforce.web.organisation.selectors import authority

from .forms import EngagementForm, PriceCapForm, QuarterForm
from .selectors import (
    agency_staff_visible_to,
    agency_trend,
    compliance,
    engagement_outcomes,
    price_caps_visible_to,
    returns_visible_to,
)
from .services import ReturnInvalid, engagement_save, price_cap_save, quarterly_return_make

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(name: str, sheet: Sheet, format: str) -> HttpResponse:
    """A CSV or Excel download of one sheet (``core.exports``: formulas neutralised)."""
    if format == "xlsx":
        response = HttpResponse(xlsx_bytes([sheet]), content_type=XLSX)
    else:
        response = HttpResponse(
            csv_text(sheet.header, sheet.rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


def _add_errors(form: EngagementForm | PriceCapForm, error: ValidationError) -> None:
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
    }
    return render(request, "recruitment/index.html", context)


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
        return _download("agency-compliance", Sheet("Agency compliance", header, body), format)
    context = {
        "today": today,
        "rows": rows,
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
    context = {"caps": price_caps_visible_to(user=request.user), "form": form}
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
            return _download(f"agency-data-{quarter}", sheet, format)
    context = {
        "form": form,
        "problems": problems,
        "fields": agency.RETURN_FIELDS,
        "kept": returns_visible_to(user=request.user)[:20],
    }
    return render(request, "recruitment/quarterly.html", context)


@require(Capability.MAKE_AGENCY_RETURN)
def quarterly_kept(request: SignedInRequest, pk: int) -> HttpResponse:
    """A quarter's agency data as it was produced and sent."""
    kept = visible_or_404(returns_visible_to(user=request.user), pk)
    response = HttpResponse(kept.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="agency-data-{kept.quarter}-sent-{kept.pk}.csv"'
    )
    return response
