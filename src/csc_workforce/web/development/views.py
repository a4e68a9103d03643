from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from csc_workforce.core import development
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.govuk import submitted
from csc_workforce.web.organisation.selectors import staff_visible_to, teams_visible_to

# --- Early careers and induction (issue 16) ---------------------------------------------------
from .forms import (
    AgreementForm,
    ApplicationForm,
    AwardForm,
    ChecklistForm,
    CohortForm,
    DecisionForm,
    EducatorForm,
    EnrolForm,
    EvidenceForm,
    EvidenceNumbersForm,
    ExtensionForm,
    GrantForm,
    ItemDoneForm,
    JoinedForm,
    OutcomeForm,
    PlacementForm,
    ReviewForm,
    StudentForm,
    TargetForm,
)
from .models import GrowOwnTarget, ProgressionFramework, Review
from .selectors import (
    APPLICATION_HEADER,
    AWARD_HEADER,
    PLACEMENT_HEADER,
    application_rows,
    applications_visible_to,
    assessor_candidates,
    award_rows,
    awards_visible_to,
    checklists_visible_to,
    cohort_csv,
    cohort_summaries,
    cohort_xlsx,
    cohorts_visible_to,
    educator_loads,
    educators_visible_to,
    enrolments_visible_to,
    induction_csv,
    induction_xlsx,
    inductions_visible_to,
    overdue_items,
    placement_rows,
    placements_visible_to,
    programme_candidates,
    programmes_visible_to,
    progression_by_year,
    student_years,
    students_visible_to,
    table_csv,
    table_xlsx,
    team_inductions,
    worker_progress,
)
from .services import (
    agreement_record,
    application_create,
    application_decide,
    award_create,
    cohort_create,
    enrolment_create,
    evidence_record,
    extension_add,
    grant_record,
    induction_item_done,
    induction_template_save,
    outcome_record,
    placement_create,
    practice_educator_save,
    programme_evidence_set,
    review_record,
    student_create,
    student_joined,
    target_set,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: str | bytes, filename: str) -> HttpResponse:
    kind = "text/csv" if filename.endswith(".csv") else XLSX
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _attach(form: forms.Form, error: ValidationError) -> None:
    """A service's error on the form: on the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


def _save(form: forms.Form, write: Callable[[dict[str, Any]], object]) -> bool:
    """Validate ``form`` and make the write; False, with the errors on the form, when either
    refuses."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        _attach(form, error)
        return False
    return True


@require(Capability.DEVELOP_STAFF)
def index(request: SignedInRequest) -> HttpResponse:
    """Each cohort's progress, completion and retention; the reviews overdue of the workers the
    person sees; a new cohort for those who run programmes."""
    today = clock().today()
    summaries = cohort_summaries(user=request.user, today=today)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = worker_progress(enrolments=enrolments_visible_to(user=request.user), today=today)
        if fmt == "csv":
            return _download(cohort_csv(rows), "early_careers.csv")
        return _download(cohort_xlsx(rows, title="Early careers"), "early_careers.xlsx")
    manages = can(request.user, Capability.MANAGE_PROGRAMMES)
    form = CohortForm(*submitted(request, "cohort")) if manages else None
    if (
        form is not None
        and form.is_bound
        and _save(
            form,
            lambda data: cohort_create(by=request.user, **data),
        )
    ):
        messages.success(request, "Cohort added")
        return redirect("development:index")
    overdue = (
        Review.objects.filter(
            enrolment__in=enrolments_visible_to(user=request.user),
            held__isnull=True,
            due__lt=today,
        )
        .exclude(enrolment__outcome__in=development.DECIDED)
        .select_related("enrolment__staff__team", "enrolment__cohort")
        .order_by("due")
    )
    context = {
        "summaries": summaries,
        "overdue": overdue,
        "overdue_items": overdue_items(user=request.user, today=today).count(),
        "form": form,
        "today": today,
    }
    return render(request, "development/index.html", context)


@require(Capability.DEVELOP_STAFF)
def cohort(request: SignedInRequest, pk: int) -> HttpResponse:
    """A cohort's workers (those the person sees): progress, reviews, evidence missing."""
    chosen = get_object_or_404(cohorts_visible_to(user=request.user), pk=pk)
    today = clock().today()
    enrolments = enrolments_visible_to(user=request.user).filter(cohort=chosen)
    rows = worker_progress(enrolments=enrolments, today=today)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _download(cohort_csv(rows), f"cohort_{chosen.pk}.csv")
    if fmt == "xlsx":
        return _download(cohort_xlsx(rows, title=chosen.name), f"cohort_{chosen.pk}.xlsx")
    form = None
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        form = EnrolForm(
            *submitted(request, "enrol"),
            starters=programme_candidates(user=request.user, today=today),
            practitioners=assessor_candidates(user=request.user, today=today),
            initial={"start": chosen.starts_on},
        )
        if form.is_bound and _save(
            form, lambda data: enrolment_create(cohort=chosen, by=request.user, **data)
        ):
            messages.success(request, "Worker added to the cohort")
            return redirect("development:cohort", pk=pk)
    context = {"cohort": chosen, "rows": rows, "form": form, "kinds": development.EVIDENCE_KINDS}
    return render(request, "development/careers/cohort.html", context)


@require(Capability.DEVELOP_STAFF)
def enrolment(request: SignedInRequest, pk: int) -> HttpResponse:
    """One worker's programme: reviews, evidence against the requirement, extensions, the
    final outcome and the grant; what is recorded on it."""
    chosen = get_object_or_404(enrolments_visible_to(user=request.user), pk=pk)
    today = clock().today()
    manages = can(request.user, Capability.MANAGE_PROGRAMMES)
    reviews = chosen.reviews.order_by("month")
    page_forms: dict[str, forms.Form] = {
        "review": ReviewForm(*submitted(request, "review"), reviews=reviews, prefix="review"),
        "evidence": EvidenceForm(*submitted(request, "evidence"), prefix="evidence"),
        "agreement": AgreementForm(*submitted(request, "agreement"), prefix="agreement"),
    }
    if manages:
        page_forms |= {
            "extension": ExtensionForm(*submitted(request, "extension"), prefix="extension"),
            "outcome": OutcomeForm(*submitted(request, "outcome"), prefix="outcome"),
            "grant": GrantForm(*submitted(request, "grant"), prefix="grant"),
        }
    writes: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
        "review": (
            lambda data: review_record(
                review=data["review"], by=request.user, held=data["held"], outcome=data["outcome"]
            ),
            "Review recorded",
        ),
        "evidence": (
            lambda data: evidence_record(enrolment=chosen, by=request.user, **data),
            "Evidence recorded",
        ),
        "agreement": (
            lambda data: agreement_record(
                enrolment=chosen, by=request.user, on=data["agreement_on"]
            ),
            "Agreement recorded",
        ),
        "extension": (
            lambda data: extension_add(enrolment=chosen, by=request.user, **data),
            "Extension recorded",
        ),
        "outcome": (
            lambda data: outcome_record(enrolment=chosen, by=request.user, **data),
            "Outcome recorded",
        ),
        "grant": (
            lambda data: grant_record(
                enrolment=chosen,
                by=request.user,
                amount=data["grant_amount"],
                period=data["grant_period"],
                claimed_on=data["grant_claimed_on"],
            ),
            "Grant recorded",
        ),
    }
    for name, form in page_forms.items():
        write, done = writes[name]
        if form.is_bound and _save(form, write):
            messages.success(request, done)
            return redirect("development:enrolment", pk=pk)
    visible = enrolments_visible_to(user=request.user).filter(pk=pk)
    (progress,) = worker_progress(enrolments=visible, today=today)
    required = chosen.cohort.programme.evidence
    recorded = dict.fromkeys(development.EVIDENCE_KINDS, 0)
    for item in chosen.evidence.all():
        recorded[item.kind] = recorded.get(item.kind, 0) + 1
    context = {
        "enrolment": chosen,
        "progress": progress,
        "evidence_rows": [
            (
                label,
                recorded.get(kind, 0),
                int(required.get(kind, 0)),
                max(int(required.get(kind, 0)) - recorded.get(kind, 0), 0),
            )
            for kind, label in development.EVIDENCE_KINDS.items()
        ],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
        "manages": manages,
        "asye_role": chosen.staff.local_role == "asye",
        "today": today,
    }
    return render(request, "development/careers/enrolment.html", context)


@require(Capability.DEVELOP_STAFF)
def programmes(request: SignedInRequest) -> HttpResponse:
    """The programmes as data: length, agreement, review points, evidence and standards."""
    context = {
        "programmes": programmes_visible_to(user=request.user),
        "kinds": development.EVIDENCE_KINDS,
        "manages": can(request.user, Capability.MANAGE_PROGRAMMES),
    }
    return render(request, "development/careers/programmes.html", context)


@require(Capability.MANAGE_PROGRAMMES)
def programme(request: SignedInRequest, pk: int) -> HttpResponse:
    """How many pieces of each kind of evidence a programme asks for."""
    chosen = get_object_or_404(programmes_visible_to(user=request.user), pk=pk)
    form = EvidenceNumbersForm(request.POST or None, programme=chosen)
    if form.is_bound and _save(
        form,
        lambda data: programme_evidence_set(programme=chosen, by=request.user, evidence=data),
    ):
        messages.success(request, "Evidence requirements saved")
        return redirect("development:programmes")
    return render(
        request, "development/careers/programme.html", {"programme": chosen, "form": form}
    )


@require(Capability.DEVELOP_STAFF)
def inductions(request: SignedInRequest) -> HttpResponse:
    """Induction completion by team, the items overdue and each starter's checklist."""
    today = clock().today()
    teams = team_inductions(user=request.user, today=today)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _download(induction_csv(teams), "induction_by_team.csv")
    if fmt == "xlsx":
        return _download(induction_xlsx(teams), "induction_by_team.xlsx")
    context = {
        "teams": teams,
        "overdue": overdue_items(user=request.user, today=today)[:200],
        "recent": inductions_visible_to(user=request.user).order_by("-started_on")[:50],
        "checklists": checklists_visible_to(user=request.user).filter(is_current=True)
        if can(request.user, Capability.MANAGE_PROGRAMMES)
        else None,
    }
    return render(request, "development/careers/inductions.html", context)


@require(Capability.DEVELOP_STAFF)
def induction(request: SignedInRequest, pk: int) -> HttpResponse:
    """A starter's induction checklist; items are marked done here."""
    chosen = get_object_or_404(inductions_visible_to(user=request.user), pk=pk)
    items = chosen.items.all()
    form = ItemDoneForm(
        request.POST or None,
        items=items.filter(done_on__isnull=True),
        initial={"done_on": clock().today()},
    )
    if form.is_bound and _save(
        form,
        lambda data: induction_item_done(item=data["item"], by=request.user, on=data["done_on"]),
    ):
        messages.success(request, "Item marked as done")
        return redirect("development:induction", pk=pk)
    context = {"induction": chosen, "items": items, "form": form, "today": clock().today()}
    return render(request, "development/careers/induction.html", context)


def _table_download(
    fmt: str | None, name: str, header: list[Any], rows: list[list[Any]]
) -> HttpResponse | None:
    """The table as a CSV or Excel download when ``fmt`` asks for one."""
    if fmt == "csv":
        return _download(table_csv(header, rows), f"{name}.csv")
    if fmt == "xlsx":
        return _download(table_xlsx(name.replace("_", " "), header, rows), f"{name}.xlsx")
    return None


def _forms_page(
    request: SignedInRequest, page_forms: dict[str, forms.Form], writes: dict[str, Any]
) -> HttpResponse | None:
    """Save the form posted, if any; a redirect to the same page when it saved."""
    for name, form in page_forms.items():
        write, done = writes[name]
        if form.is_bound and _save(form, write):
            messages.success(request, done)
            return redirect(request.path)
    return None


@require(Capability.DEVELOP_STAFF)
def students(request: SignedInRequest) -> HttpResponse:
    """Students and trainees on routes into social work: each year against the target,
    conversion from placement to job, placements and practice educators' capacity."""
    today = clock().today()
    placements = placements_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"), "placements", PLACEMENT_HEADER, placement_rows(placements)
    )
    if download is not None:
        return download
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        visible_students = students_visible_to(user=request.user)
        staff = staff_visible_to(user=request.user, on=today).order_by("family_name", "given_name")
        target = GrowOwnTarget.objects.order_by("pk").first()
        page_forms = {
            "student": StudentForm(*submitted(request, "student"), prefix="student"),
            "placement": PlacementForm(
                *submitted(request, "placement"),
                prefix="placement",
                students=visible_students,
                teams=teams_visible_to(user=request.user).order_by("name"),
                educators=educators_visible_to(user=request.user),
            ),
            "educator": EducatorForm(
                *submitted(request, "educator"), prefix="educator", staff=staff
            ),
            "joined": JoinedForm(
                *submitted(request, "joined"),
                prefix="joined",
                students=visible_students.filter(joined_as__isnull=True),
                staff=staff,
            ),
            "target": TargetForm(
                *submitted(request, "target"),
                prefix="target",
                initial={"students_a_year": target.students_a_year if target else 4},
            ),
        }
    writes = {
        "student": (lambda d: student_create(by=request.user, **d), "Student added"),
        "placement": (
            lambda d: placement_create(by=request.user, **d),
            "Placement added",
        ),
        "educator": (
            lambda d: practice_educator_save(by=request.user, **d),
            "Practice educator saved",
        ),
        "joined": (lambda d: student_joined(by=request.user, **d), "Recorded as joined"),
        "target": (lambda d: target_set(by=request.user, **d), "Target saved"),
    }
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "years": student_years(user=request.user),
        "form_titles": [
            ("student", "Add a student"),
            ("placement", "Add a placement"),
            ("educator", "Add or change a practice educator"),
            ("joined", "Record that a student joined us"),
            ("target", "Set the target"),
        ],
        "placements": placements[:200],
        "educators": educator_loads(user=request.user, today=today),
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/students.html", context)


@require(Capability.DEVELOP_STAFF)
def progression(request: SignedInRequest) -> HttpResponse:
    """The progression framework, applications and their panels, and progressions each year by
    route, sex and ethnic group."""
    today = clock().today()
    applications = applications_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"),
        "progression_applications",
        APPLICATION_HEADER,
        application_rows(applications),
    )
    if download is not None:
        return download
    framework = ProgressionFramework.objects.filter(is_current=True).order_by("pk").first()
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        page_forms = {
            "application": ApplicationForm(
                *submitted(request, "application"),
                prefix="application",
                staff=staff_visible_to(user=request.user, on=today).order_by(
                    "family_name", "given_name"
                ),
                framework=framework,
            ),
            "decision": DecisionForm(
                *submitted(request, "decision"),
                prefix="decision",
                applications=applications.filter(decision=""),
            ),
        }

    def apply(data: dict[str, Any]) -> object:
        if framework is None:
            raise ValidationError("There is no current progression framework")
        return application_create(by=request.user, framework=framework, **data)

    writes = {
        "application": (apply, "Application recorded"),
        "decision": (lambda d: application_decide(by=request.user, **d), "Decision recorded"),
    }
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "framework": framework,
        "counts": progression_by_year(user=request.user),
        "form_titles": [
            ("application", "Record an application"),
            ("decision", "Record a panel's decision"),
        ],
        "applications": applications[:200],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/progression.html", context)


@require(Capability.DEVELOP_STAFF)
def leadership(request: SignedInRequest) -> HttpResponse:
    """Leadership programmes attended and post-qualifying awards held, with their dates."""
    today = clock().today()
    awards = awards_visible_to(user=request.user)
    download = _table_download(
        request.GET.get("format"), "leadership_and_awards", AWARD_HEADER, award_rows(awards)
    )
    if download is not None:
        return download
    page_forms: dict[str, forms.Form] = {}
    if can(request.user, Capability.MANAGE_PROGRAMMES):
        staff = staff_visible_to(user=request.user, on=today).order_by("family_name", "given_name")
        page_forms = {"award": AwardForm(*submitted(request, "award"), prefix="award", staff=staff)}
    writes = {"award": (lambda d: award_create(by=request.user, **d), "Recorded")}
    saved = _forms_page(request, page_forms, writes)
    if saved is not None:
        return saved
    context = {
        "awards": awards[:300],
        "form_titles": [("award", "Record a programme or award")],
        "forms": page_forms,
        "failed": next((f for f in page_forms.values() if f.is_bound and f.errors), None),
    }
    return render(request, "development/careers/leadership.html", context)


@require(Capability.MANAGE_PROGRAMMES)
def checklist(request: SignedInRequest, pk: int) -> HttpResponse:
    """An induction checklist: saving it makes a new version, which new starters get."""
    chosen = get_object_or_404(checklists_visible_to(user=request.user), pk=pk)
    form = ChecklistForm(
        request.POST or None, initial={"text": development.checklist_text(chosen.items)}
    )
    if form.is_bound and _save(
        form,
        lambda data: induction_template_save(template=chosen, by=request.user, text=data["text"]),
    ):
        messages.success(request, "New version of the checklist saved")
        return redirect("development:inductions")
    return render(
        request, "development/careers/checklist.html", {"checklist": chosen, "form": form}
    )


# --- End of early careers and induction -------------------------------------------------------
