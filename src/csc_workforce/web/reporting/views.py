import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from csc_workforce.core.exports import Sheet, csv_text, xlsx_bytes
from csc_workforce.core.register import reporting_year
from csc_workforce.core.reporting import annual, document
from csc_workforce.core.reporting.scorecard import LINES, as_document, export_rows
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation.selectors import scope_chosen
from csc_workforce.web.quality.selectors import practice_weeks_visible_to
from csc_workforce.web.voice.selectors import runs_visible_to
from csc_workforce.web.workforce.indicators import reporting_years

from .forms import BuildForm, MoveForm, SectionForm, TargetForm
from .models import ReportJob
from .selectors import (
    EXISTING_TARGETS,
    health_check_document,
    practice_week_document,
    report_jobs_visible_to,
    scorecard_for,
    sections_for,
    target_rows,
    targets_for,
)
from .services import (
    measure_target_save,
    report_job_start,
    report_section_move,
    report_section_save,
)


def _year(request: SignedInRequest) -> tuple[int, list[int]]:
    """The reporting year asked for (``?year=``) among those the register covers, else the
    latest; Http404 when the register covers none."""
    years = reporting_years(today=clock().today())
    if not years:
        raise Http404("The register covers no reporting year yet")
    chosen = request.GET.get("year", "")
    year = int(chosen) if re.fullmatch(r"\d{4}", chosen, re.ASCII) else 0
    return (year if year in years else years[-1]), years


@require(Capability.VIEW_SCORECARD)
def scorecard(request: SignedInRequest) -> HttpResponse:
    """Each measure's value, target, status, trend and comparators; CSV or Excel with
    ``?download=csv|xlsx``, a document with ``?download=html|docx|pdf``."""
    scope, scopes = scope_chosen(user=request.user, key=request.GET.get("scope"))
    year, years = _year(request)
    card = scorecard_for(scope=scope, year=year)
    download = request.GET.get("download")
    if download in document.FORMATS:
        _, media_type, extension = document.FORMATS[download]
        written = document.written(as_document(card), download)
        response = HttpResponse(written, content_type=media_type)
        name = f"scorecard_{year}_{scope.key}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if download in ("csv", "xlsx"):
        header, rows = export_rows(card)
        name = f"scorecard_{year}_{scope.key}.{download}"
        if download == "csv":
            response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
        else:
            body = xlsx_bytes([Sheet(f"Scorecard {year}", header, rows)])
            response = HttpResponse(
                body,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "card": card,
        "chosen": scope,
        "scopes": scopes,
        "years": years,
        "can_write": can(request.user, Capability.WRITE_ANNUAL_REPORT),
    }
    return render(request, "reporting/scorecard.html", context)


@require(Capability.WRITE_ANNUAL_REPORT)
def targets(request: SignedInRequest) -> HttpResponse:
    """The scorecard's targets for a year, one measure at a time."""
    year, years = _year(request)
    form = TargetForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            measure_target_save(
                measure=form.cleaned_data["measure"],
                year=year,
                target=form.cleaned_data["target"],
                red_beyond=form.cleaned_data["red_beyond"],
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            messages.success(request, f"Target saved for {year}")
            return redirect(f"{reverse('reporting:targets')}?year={year}")
    own = {row.measure: row for row in target_rows(year=year)}
    current = targets_for(year=year)
    rows = [
        {
            "name": line.measure.name,
            "unit": line.measure.unit,
            "direction": line.measure.direction.value,
            "target": current.get(line.key),
            "own": own.get(line.key),
            "elsewhere": ", ".join(s.where for s in EXISTING_TARGETS.get(line.key, {}).values()),
        }
        for line in LINES
    ]
    context = {"form": form, "rows": rows, "year": year, "years": years}
    return render(request, "reporting/targets.html", context)


@require(Capability.WRITE_ANNUAL_REPORT)
def report(request: SignedInRequest) -> HttpResponse:
    """The annual report for a year: its sections in order, to edit, move or leave out, and
    the report built in HTML, Word or PDF."""
    year, years = _year(request)
    build = BuildForm(submitted(request, "build")[0])
    move = MoveForm(submitted(request, "move")[0])
    here = f"{reverse('reporting:report')}?year={year}"
    if build.is_bound and build.is_valid():
        job = report_job_start(year=year, fmt=build.cleaned_data["format"], by=request.user)
        return redirect("reporting:job", pk=job.pk)
    if move.is_bound and move.is_valid():
        report_section_move(
            year=year, key=move.cleaned_data["key"], step=move.cleaned_data["step"], by=request.user
        )
        return redirect(here)
    chosen = sections_for(year=year)
    sections = [
        {
            "choice": c,
            "heading": annual.BY_KEY[c.key],
            "first": i == 0,
            "last": i == len(chosen) - 1,
        }
        for i, c in enumerate(chosen)
    ]
    context = {
        "year": year,
        "years": years,
        "sections": sections,
        "build": build,
        "forms": [f for f in (build, move) if f.errors],
        "recent": report_jobs_visible_to(user=request.user)[:5],
        "weeks": practice_weeks_visible_to(user=request.user).filter(
            start__gte=reporting_year(year)[0], start__lte=reporting_year(year)[1]
        ),
        "runs": runs_visible_to(user=request.user).filter(
            opens_on__gte=reporting_year(year)[0], opens_on__lte=reporting_year(year)[1]
        ),
    }
    return render(request, "reporting/report.html", context)


@require(Capability.WRITE_ANNUAL_REPORT)
def section(request: SignedInRequest, year: int, key: str) -> HttpResponse:
    """Write a section's narrative for the year, and include or leave it out."""
    if year not in reporting_years(today=clock().today()) or key not in annual.BY_KEY:
        raise Http404("No such section or year")
    current = next(c for c in sections_for(year=year) if c.key == key)
    form = SectionForm(
        request.POST or None,
        initial={"narrative": current.narrative, "included": current.included},
    )
    if form.is_bound and form.is_valid():
        report_section_save(
            year=year,
            key=key,
            narrative=form.cleaned_data["narrative"],
            included=form.cleaned_data["included"],
            by=request.user,
        )
        messages.success(request, f"{annual.BY_KEY[key].title}: saved")
        return redirect(f"{reverse('reporting:report')}?year={year}")
    context = {"form": form, "year": year, "heading": annual.BY_KEY[key]}
    return render(request, "reporting/section.html", context)


def _own_job(request: SignedInRequest, pk: int) -> ReportJob:
    return get_object_or_404(report_jobs_visible_to(user=request.user), pk=pk)


@require(Capability.WRITE_ANNUAL_REPORT)
def job(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "reporting/job.html", {"job": _own_job(request, pk)})


@require(Capability.WRITE_ANNUAL_REPORT)
def job_status(request: SignedInRequest, pk: int) -> JsonResponse:
    found = _own_job(request, pk)
    return JsonResponse({"status": found.status, "step": found.step})


@require(Capability.WRITE_ANNUAL_REPORT)
def job_download(request: SignedInRequest, pk: int) -> HttpResponse:
    found = _own_job(request, pk)
    if not found.output:
        raise Http404("This task has no file to download")
    _, media_type, extension = document.FORMATS[found.format]
    response = HttpResponse(bytes(found.output), content_type=media_type)
    response["Content-Disposition"] = (
        f'attachment; filename="annual_report_{found.year}.{extension}"'
    )
    return response


def _file(request: SignedInRequest, made: document.Document, name: str) -> HttpResponse:
    """``made`` written in ``?format=html|docx|pdf`` (HTML by default), as a download."""
    fmt = request.GET.get("format", "html")
    if fmt not in document.FORMATS:
        raise Http404("Choose html, docx or pdf")
    _, media_type, extension = document.FORMATS[fmt]
    response = HttpResponse(document.written(made, fmt), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@require(Capability.OBSERVE_PRACTICE)
def practice_week(request: SignedInRequest, pk: int) -> HttpResponse:
    """The practice week report as a file."""
    week = get_object_or_404(practice_weeks_visible_to(user=request.user), pk=pk)
    return _file(request, practice_week_document(week=week), f"practice_week_{week.pk}")


@require(Capability.RUN_SURVEYS)
def health_check(request: SignedInRequest, pk: int) -> HttpResponse:
    """A survey run's summary (health check or other) as a file."""
    run = get_object_or_404(runs_visible_to(user=request.user), pk=pk)
    return _file(request, health_check_document(run=run), f"survey_summary_{run.pk}")
