from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.core import quality
from csc_workforce.core.audit_tools import ToolQuestion, ToolSection, write_tool
from csc_workforce.web.accounts.permissions import (
    Capability,
    SignedInRequest,
    can,
    require,
    visible_or_404,
)
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.clock import clock
from csc_workforce.web.downloads import sheets_download
from csc_workforce.web.organisation.selectors import teams_visible_to

from .forms import (
    ActionForm,
    AuditFilterForm,
    AuditForm,
    FamilyFeedbackForm,
    ModerationForm,
    ObservationForm,
    PracticeWeekForm,
    ProgrammeForm,
    ProgressForm,
    ReassignForm,
    ResponseForm,
    ToolForm,
)
from .models import (
    ActionItem,
    AuditProgramme,
    AuditTemplate,
    CaseAudit,
    Observation,
    PracticeWeek,
    Question,
    audit_overdue,
)
from .results import dashboard, export_sheet, submitted_between, targets
from .selectors import (
    AuditFilter,
    actions_visible_to,
    audit_permissions,
    audit_tool_names,
    audit_tools_visible_to,
    auditors,
    audits_visible_to,
    observations_by_heading,
    observations_sheet,
    observations_visible_to,
    periods_of_audits,
    practice_weeks_visible_to,
)
from .services import (
    action_create,
    action_progress,
    audit_draft_save,
    audit_family_feedback,
    audit_moderate,
    audit_reassign,
    audit_respond,
    audit_submit,
    observation_record,
    practice_week_create,
    programme_create,
    template_save,
)


def _audit_filter(
    request: SignedInRequest, *, statuses: list[tuple[str, str]]
) -> tuple[AuditFilterForm, AuditFilter]:
    """The filters chosen in the query string (period, team, tool, status). A team outside
    the person's scope is refused (404); any other value not on its list is named in the
    page's error summary, and the filters that are on their lists still apply."""
    teams = teams_visible_to(user=request.user).order_by("name")
    chosen_team = request.GET.get("team", "")
    if chosen_team.isascii() and chosen_team.isdigit():
        visible_or_404(teams, chosen_team)
    periods = {p.key: p for p in periods_of_audits(today=clock().today())}
    given = {key: request.GET.get(key, "") for key in ("period", "team", "tool", "status")}
    form = AuditFilterForm(
        given if any(given.values()) else None,
        periods=[(key, period.label) for key, period in periods.items()],
        teams=[(str(team.pk), team.name) for team in teams],
        tools=audit_tool_names(),
        statuses=statuses,
    )
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    return form, AuditFilter(
        period=periods.get(chosen.get("period", "")),
        team=teams.filter(pk=chosen["team"]).first() if chosen.get("team") else None,
        tool=chosen.get("tool", ""),
        status=chosen.get("status", ""),
    )


@require(Capability.VIEW_HOME)
def audits(request: SignedInRequest) -> HttpResponse:
    """Audits to do, audits of one's teams, and feedback on one's own work, filtered by
    period, team, tool and status."""
    today = clock().today()
    if not (
        can(request.user, Capability.AUDIT_CASES) or can(request.user, Capability.VIEW_OWN_FEEDBACK)
    ):
        raise PermissionDenied
    form, chosen = _audit_filter(request, statuses=list(CaseAudit.Status.choices))
    visible = chosen.apply(audits_visible_to(user=request.user))
    context = {
        "today": today,
        "filters": form,
        "filtered": bool(chosen.query),
        "to_do": visible.filter(
            auditor=request.user, status=CaseAudit.Status.ASSIGNED
        ).with_overdue(today=today),
        "others": visible.exclude(auditor=request.user)
        .with_overdue(today=today)
        .order_by("-deadline")[:100],
    }
    return render(request, "quality/audits.html", context)


@require(Capability.VIEW_HOME)
def audit_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """Complete an audit (its auditor), moderate it (the PSW), respond to it (the practitioner
    and the team manager); everyone allowed reads it."""
    audit = get_object_or_404(audits_visible_to(user=request.user), pk=pk)
    today = clock().today()
    questions = list(
        Question.objects.filter(section__template=audit.template).select_related("section")
    )
    may = audit_permissions(audit=audit, user=request.user)
    audit_form = AuditForm(
        request.POST if "audit" in request.POST else None,
        questions=questions,
        prefix="audit",
        initial=audit.draft if may.complete else None,  # a draft saved, resumed
    )
    moderation = ModerationForm(
        request.POST if "moderate" in request.POST else None, prefix="moderate"
    )
    response = ResponseForm(request.POST if "respond" in request.POST else None, prefix="respond")
    family = FamilyFeedbackForm(request.POST if "family" in request.POST else None, prefix="family")
    reassign = ReassignForm(
        request.POST if "reassign" in request.POST else None,
        prefix="reassign",
        auditors=auditors().order_by("last_name", "username"),
    )
    page_forms = (audit_form, moderation, response, family, reassign)
    try:
        if may.complete and audit_form.is_bound and "draft" in request.POST:
            saved = audit_draft_save(
                audit=audit, by=request.user, values=audit_form.typed(), at=timezone.now()
            )
            if "sign_out" in request.POST:  # the idle session's end: saved, then signed out
                logout(request)
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            at = timezone.localtime(saved.draft_saved_at)
            messages.success(
                request,
                f"Draft saved at {at:%H:%M}. Open this audit again to carry on: nobody else "
                "sees the draft.",
            )
            return redirect("quality:audit", pk=pk)
        if may.complete and audit_form.is_bound and audit_form.is_valid():
            data = audit_form.cleaned_data
            audit_submit(
                audit=audit,
                by=request.user,
                answers=audit_form.answers(),
                grade=data["grade"],
                findings=data["findings"],
                themes=data["themes"].split(","),
                judgement_areas=data["judgement_areas"],
                today=today,
            )
            messages.success(request, "Audit submitted")
            return redirect("quality:audit", pk=pk)
        if moderation.is_bound and may.moderate and moderation.is_valid():
            audit_moderate(audit=audit, by=request.user, **moderation.cleaned_data)
            messages.success(request, "Moderated grade recorded")
            return redirect("quality:audit", pk=pk)
        if response.is_bound and may.respond and response.is_valid():
            audit_respond(
                audit=audit,
                by=request.user,
                as_manager=may.as_manager,
                text=response.cleaned_data["text"],
            )
            messages.success(request, "Response recorded")
            return redirect("quality:audit", pk=pk)
        if reassign.is_bound and may.reassign and reassign.is_valid():
            audit_reassign(audit=audit, by=request.user, auditor=reassign.cleaned_data["auditor"])
            messages.success(request, "Auditor changed")
            return redirect("quality:audit", pk=pk)
        if family.is_bound and may.record_family and family.is_valid():
            audit_family_feedback(audit=audit, by=request.user, text=family.cleaned_data["text"])
            messages.success(request, "Family feedback recorded")
            return redirect("quality:audit", pk=pk)
    except ValidationError as error:
        for form in page_forms:
            if form.is_bound:
                form.add_error(None, error)
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    context = {
        "audit": audit,
        "is_auditor": may.complete,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "draft_on_timeout": may.complete,
        "audit_form": audit_form,
        "question_rows": [
            (question, audit_form[f"q{question.pk}"], answers.get(question.pk))
            for question in questions
        ],
        "can_moderate": may.shows_moderation,
        "moderation": moderation,
        "can_respond": may.shows_response,
        "response": response,
        "may_record_family": may.record_family,
        "may_reassign": may.reassign,
        "can_act": may.shows_actions,
        "reassign": reassign,
        "family": family,
        "forms": [f for f in page_forms if f.is_bound and f.errors],
    }
    return render(request, "quality/audit.html", context)


@dataclass(frozen=True)
class _Origin:
    initial: dict[str, str]
    links: dict[str, Any]
    label: str


def _action_origin(request: SignedInRequest) -> _Origin:
    """The audit or practice week a new action comes from (``?audit=`` or ``?week=``), so the
    action is linked to it; none when the link is absent; 404 when it is not one the person may
    see."""
    audit_id, week_id = request.GET.get("audit", ""), request.GET.get("week", "")
    if audit_id:
        audit = visible_or_404(audits_visible_to(user=request.user), audit_id)
        label = f"Audit of case {audit.case.cms_id}"
        return _Origin({"source": "audit", "source_label": label}, {"audit": audit}, label)
    if week_id:
        week = visible_or_404(practice_weeks_visible_to(user=request.user), week_id)
        initial = {"source": "practice_week", "source_label": week.title}
        return _Origin(initial, {"week": week}, week.title)
    return _Origin({}, {}, "")


@require(Capability.VIEW_HOME)
def actions(request: SignedInRequest) -> HttpResponse:
    """Action plans: everything (PSW, service managers) or what one owns; overdue items first.
    Opens for those who manage actions and for anyone who owns one; a filter that leaves
    nothing shows an empty list, not a refusal."""
    today = clock().today()
    items = actions_visible_to(user=request.user).with_overdue(today=today)
    if not can(request.user, Capability.MANAGE_ACTIONS) and not items.exists():
        raise PermissionDenied
    source = request.GET.get("source", "")
    if source in ActionItem.Source.values:
        items = items.filter(source=source)
    if request.GET.get("mine"):
        items = items.filter(owner=request.user)
    form = None
    origin = _action_origin(request)
    if can(request.user, Capability.MANAGE_ACTIONS):
        form = ActionForm(request.POST or None, prefix="new", initial=origin.initial)
        owner_field = form.fields["owner"]
        owner_field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True,
            groups__name__in=[Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER, Role.HR],
        ).distinct()
        if request.method == "POST" and form.is_valid():
            try:
                action_create(by=request.user, today=today, **form.cleaned_data, **origin.links)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Action added")
                return redirect("quality:actions")
    done = ExpressionWrapper(Q(status=ActionItem.Status.DONE), output_field=BooleanField())
    rows = items.annotate(done=done).order_by("done", "-is_overdue", "proposed_date", "pk")
    context = {
        "today": today,
        "rows": rows,
        "form": form,
        "origin": origin.label,
        "source": source,
        "sources": ActionItem.Source.choices,
    }
    return render(request, "quality/actions.html", context)


@require(Capability.VIEW_HOME)
def action_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    today = clock().today()
    item = get_object_or_404(actions_visible_to(user=request.user).with_overdue(today=today), pk=pk)
    form = ProgressForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST" and form.is_valid():
        action_progress(item=item, by=request.user, on=today, **form.cleaned_data)
        messages.success(request, "Progress recorded")
        return redirect("quality:action", pk=pk)
    return render(
        request,
        "quality/action.html",
        {"item": item, "form": form, "today": today, "notes": item.notes.select_related("by")},
    )


@require(Capability.VIEW_QA_RESULTS)
def results_page(request: SignedInRequest) -> HttpResponse:
    """Grades by month, team and theme against the authority's targets, and recurring themes,
    of the audits completed in the period, team, tool and status chosen."""
    completed_statuses = [
        (value, label) for value, label in CaseAudit.Status.choices if value != "assigned"
    ]
    form, chosen = _audit_filter(request, statuses=completed_statuses)
    audits = chosen.apply(CaseAudit.objects.all())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return sheets_download("case_audits", fmt, [export_sheet(audits)])
    board = dashboard(audits)
    grades = [(grade, board.labels[grade]) for grade in quality.GRADES]

    context = {
        "filters": form,
        "chosen": chosen,
        "downloads": {fmt: urlencode(chosen.query | {"format": fmt}) for fmt in ("csv", "xlsx")},
        "board": board,
        "between": submitted_between(audits),
        "grades": grades,
        "targets": targets(),
        "can_run": can(request.user, Capability.RUN_AUDIT_PROGRAMME),
        "can_observe": can(request.user, Capability.OBSERVE_PRACTICE),
        "can_manage_tools": can(request.user, Capability.MANAGE_TEMPLATES),
        "can_audit": can(request.user, Capability.AUDIT_CASES),
        "can_act": can(request.user, Capability.MANAGE_ACTIONS),
    }
    return render(request, "quality/results.html", context)


@require(Capability.RUN_AUDIT_PROGRAMME)
def programme(request: SignedInRequest) -> HttpResponse:
    """Sample this month's cases for audit and assign auditors."""
    today = clock().today()
    form = ProgrammeForm(request.POST or None, initial={"month": today})
    if request.method == "POST" and form.is_valid():
        try:
            made = programme_create(by=request.user, today=today, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{made.audits.count()} cases sampled for {made}")
            return redirect("quality:programme")
    programmes = AuditProgramme.objects.select_related("template").annotate(
        total=Count("audits"),
        done=Count("audits", filter=~Q(audits__status=CaseAudit.Status.ASSIGNED)),
        overdue=Count("audits", filter=audit_overdue(today, via="audits__")),
    )
    return render(
        request,
        "quality/programme.html",
        {"form": form, "programmes": programmes, "today": today},
    )


def _observation_form(request: SignedInRequest, data: Any) -> ObservationForm:
    form = ObservationForm(data, prefix="obs")
    team = form.fields["team"]
    team.queryset = teams_visible_to(user=request.user)  # type: ignore[attr-defined]
    team.required = False
    team.empty_label = "Not a team's practice"  # type: ignore[attr-defined]
    return form


def _record(request: SignedInRequest, form: ObservationForm, week: PracticeWeek | None) -> bool:
    if not form.is_valid():
        return False
    try:
        observation_record(by=request.user, week=week, observation=form.save(commit=False))
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, "Observation recorded")
    return True


@require(Capability.OBSERVE_PRACTICE)
def practice(request: SignedInRequest) -> HttpResponse:
    """Practice weeks, and observations of practice through the year."""
    managers = User.objects.filter(
        is_active=True, groups__name__in=[Role.PSW, Role.SERVICE_MANAGER]
    ).distinct()
    is_week = request.method == "POST" and "week-title" in request.POST
    week_form = PracticeWeekForm(
        request.POST if is_week else None, prefix="week", managers=managers
    )
    is_observation = request.method == "POST" and not is_week
    observation_form = _observation_form(request, request.POST if is_observation else None)
    if is_week and week_form.is_valid():
        week = practice_week_create(by=request.user, **week_form.cleaned_data)
        messages.success(request, "Practice week planned")
        return redirect("quality:practice_week", week.pk)
    if is_observation and _record(request, observation_form, None):
        return redirect("quality:practice")
    context = {
        "weeks": practice_weeks_visible_to(user=request.user).annotate(count=Count("observations")),
        "week_form": week_form,
        "form": observation_form,
        "through_year": observations_visible_to(user=request.user).filter(week=None)[:50],
    }
    return render(request, "quality/practice.html", context)


@require(Capability.OBSERVE_PRACTICE)
def practice_week(request: SignedInRequest, pk: int) -> HttpResponse:
    """A practice week's summary: what was observed, notes under each heading, exemplars; the
    form for another observation; a CSV export."""
    week = get_object_or_404(practice_weeks_visible_to(user=request.user), pk=pk)
    observations = observations_visible_to(user=request.user).filter(week=week)
    if request.GET.get("format") == "csv":
        return sheets_download(
            f"practice-week-{week.pk}", "csv", [observations_sheet(observations)]
        )
    form = _observation_form(request, request.POST or None)
    if request.method == "POST" and _record(request, form, week):
        return redirect("quality:practice_week", week.pk)
    sessions = Counter(observations.values_list("session", flat=True))
    context = {
        "week": week,
        "form": form,
        "count": sessions.total(),
        "sessions": [(label, sessions[value]) for value, label in Observation.Session.choices],
        "headings": observations_by_heading(observations),
        "exemplars": observations.filter(exemplar=True).select_related("team"),
        "can_act": can(request.user, Capability.MANAGE_ACTIONS),
    }
    return render(request, "quality/practice_week.html", context)


def _save_tool(
    request: SignedInRequest, form: ToolForm, template: AuditTemplate | None
) -> AuditTemplate | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return template_save(
            by=request.user,
            template=template,
            name=data["name"],
            kind=data["kind"],
            theme=data["theme"],
            sections=data["text"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require(Capability.MANAGE_TEMPLATES)
def tools(request: SignedInRequest) -> HttpResponse:
    """The audit tools in use, each with its versions, and a form for a new one."""
    form = ToolForm(request.POST or None, prefix="tool")
    if request.method == "POST" and (saved := _save_tool(request, form, None)):
        messages.success(request, f"{saved} saved")
        return redirect("quality:tool", saved.pk)
    current = (
        audit_tools_visible_to(user=request.user)
        .filter(is_current=True)
        .annotate(used=Count("caseaudit"))
    )
    return render(request, "quality/tools.html", {"tools": current, "form": form})


@require(Capability.MANAGE_TEMPLATES)
def tool_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One audit tool: its questions, its earlier versions, and (current version) a change."""
    template = get_object_or_404(audit_tools_visible_to(user=request.user), pk=pk)
    rows = list(template.sections.prefetch_related("questions"))
    sections = tuple(
        ToolSection(
            s.title,
            tuple(ToolQuestion(q.text, q.answer_type, q.guidance) for q in s.questions.all()),
        )
        for s in rows
    )
    initial = {
        "name": template.name,
        "kind": template.kind,
        "theme": template.theme,
        "text": write_tool(sections),
    }
    form = ToolForm(request.POST or None, prefix="tool", initial=initial)
    form.fields["name"].disabled = True
    if request.method == "POST" and (saved := _save_tool(request, form, template)):
        messages.success(
            request,
            f"{saved} saved"
            + ("; audits already done keep the version they used" if saved != template else ""),
        )
        return redirect("quality:tool", saved.pk)
    context = {
        "template": template,
        "sections": rows,
        "versions": audit_tools_visible_to(user=request.user)
        .filter(name=template.name)
        .exclude(pk=template.pk)
        .annotate(used=Count("caseaudit")),
        "used": CaseAudit.objects.filter(template=template).count(),
        "form": form if template.is_current else None,
    }
    return render(request, "quality/tool.html", context)
