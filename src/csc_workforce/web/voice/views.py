import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from csc_workforce.core import practice_feedback, voice
from csc_workforce.core.exports import Cell, Sheet
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require
from csc_workforce.web.clock import clock
from csc_workforce.web.downloads import sheets_download
from csc_workforce.web.govuk import PeriodForm
from csc_workforce.web.organisation.selectors import teams_visible_to
from csc_workforce.web.quality.selectors import actions_visible_to

from .forms import (
    ExitSendForm,
    PracticeFeedbackForm,
    ResponseForm,
    RunForm,
    StatementForm,
    SurveyForm,
)
from .models import ActionItem, PracticeFeedback, SurveyRun, Team
from .selectors import (
    feedback_counts,
    feedback_visible_to,
    leavers_visible_to,
    movement_report,
    published_summaries,
    run_results,
    runs_visible_to,
    statements_visible_to,
    survey_templates_visible_to,
)
from .services import (
    LinkProblem,
    exit_questionnaire_for_token,
    exit_questionnaire_send,
    exit_questionnaire_submit,
    practice_feedback_save,
    response_submit,
    run_close,
    run_create,
    run_for_token,
    run_publish_summary,
    run_remind,
    statement_save,
    survey_save,
)


def _link_base(request: HttpRequest, url_name: str = "voice:respond") -> str:
    """The address a link's token is appended to (with a closing "/"), on this site."""
    return request.build_absolute_uri(reverse(url_name, args=["TOKEN"])).removesuffix("TOKEN/")


def _answers_page(
    request: HttpRequest, template: str, form: ResponseForm, context: dict[str, object]
) -> HttpResponse:
    """A response form's page, its questions in their sections' groups."""
    rows = [(title, [form[name] for name in names]) for title, names in form.groups]
    return render(request, template, {**context, "form": form, "groups": rows})


def _add_answer_errors(form: ResponseForm, error: voice.AnswerError) -> None:
    """Each answer's problem on its field (a ranked question's on its first place)."""
    for key, message in error.problems.items():
        form.add_error(key if key in form.fields else f"{key}__1", message)


@require(Capability.VIEW_HOME)
def index(request: SignedInRequest) -> HttpResponse:
    """Staff voice: "you said, we did" for everyone; the surveys' results for those who see
    them."""
    context = {
        "statements": statements_visible_to(user=request.user).filter(published=True),
        "drafts": statements_visible_to(user=request.user).filter(published=False),
        "summaries": published_summaries(),
        "runs": runs_visible_to(user=request.user),
        "can_view": can(request.user, Capability.VIEW_SURVEY_RESULTS),
        "can_run": can(request.user, Capability.RUN_SURVEYS),
        "can_send_exit": can(request.user, Capability.EDIT_STAFF),
        "can_see_feedback": can(request.user, Capability.VIEW_FEEDBACK),
    }
    return render(request, "voice/index.html", context)


@require(Capability.RUN_SURVEYS)
def surveys(request: SignedInRequest) -> HttpResponse:
    """The surveys in use, with their versions, and a new survey written as text."""
    form = SurveyForm(request.POST or None, prefix="survey")
    if request.method == "POST" and form.is_valid():
        try:
            saved = survey_save(by=request.user, template=None, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{saved} saved")
            return redirect("voice:survey", saved.pk)
    current = (
        survey_templates_visible_to(user=request.user)
        .filter(is_current=True)
        .annotate(used=Count("runs"))
    )
    return render(request, "voice/surveys.html", {"surveys": current, "form": form})


@require(Capability.RUN_SURVEYS)
def survey(request: SignedInRequest, pk: int) -> HttpResponse:
    """One survey: its questions, its earlier versions, and (current version) a change."""
    template = get_object_or_404(survey_templates_visible_to(user=request.user), pk=pk)
    form = SurveyForm(
        request.POST or None,
        prefix="survey",
        instance=None,
        initial={
            "name": template.name,
            "kind": template.kind,
            "text": template.text,
        },
    )
    form.fields["name"].disabled = True
    if request.method == "POST" and template.is_current and form.is_valid():
        data = form.cleaned_data
        try:
            saved = survey_save(
                by=request.user,
                template=template,
                name=template.name,
                kind=data["kind"],
                text=data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            note = "; runs already made keep the version they asked" if saved != template else ""
            messages.success(request, f"{saved} saved{note}")
            return redirect("voice:survey", saved.pk)
    context = {
        "template": template,
        "sections": voice.parsed(template.text),
        "versions": survey_templates_visible_to(user=request.user)
        .filter(name=template.name)
        .exclude(pk=template.pk),
        "form": form if template.is_current else None,
    }
    return render(request, "voice/survey.html", context)


@require(Capability.RUN_SURVEYS)
def run_new(request: SignedInRequest) -> HttpResponse:
    """Send a survey: to whom, when, and the threshold; a link is emailed to each person."""
    today = clock().today()
    form = RunForm(request.POST or None, initial={"opens_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            run, sent = run_create(
                by=request.user, link_base=_link_base(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{run} made: {sent} of {run.invited} people emailed a link"
                + (
                    f"; {run.invited - sent} have no email address: give them the open link"
                    if sent < run.invited
                    else ""
                ),
            )
            return redirect("voice:run", run.pk)
    return render(request, "voice/run_new.html", {"form": form})


def _export(request: SignedInRequest, results: voice.SurveyResults, run: SurveyRun) -> HttpResponse:
    header, rows = voice.results_table(results)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return sheets_download(f"survey-{run.pk}", fmt, [Sheet("Results", header, rows)])


def _breakdowns(
    results: voice.SurveyResults, run: SurveyRun
) -> list[tuple[str, str, list[str], list[tuple[str, int | None, list[float | None]]]]]:
    """Each breakdown's rows with the scores of the sections that have agreement questions."""
    sections = voice.parsed(run.template.text)
    scored = [i for i, s in enumerate(sections) if any(q.kind == "agree" for q in s.questions)]
    columns = [sections[i].title.split(":")[0] for i in scored]
    return [
        (
            b.dimension,
            b.label,
            columns,
            [(group, n, [cells[i] for i in scored]) for group, n, cells in b.rows],
        )
        for b in results.breakdowns
    ]


@require(Capability.VIEW_SURVEY_RESULTS)
def run(request: SignedInRequest, pk: int) -> HttpResponse:
    """A run's results (suppressed where groups are small) beside the last run's; for the PSW,
    reminders, closing early and "you said, we did" statements."""
    found = get_object_or_404(runs_visible_to(user=request.user), pk=pk)
    today = clock().today()
    can_run = can(request.user, Capability.RUN_SURVEYS)
    statement = StatementForm(request.POST if "statement" in request.POST else None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        try:
            if "remind" in request.POST:
                sent = run_remind(
                    run=found, by=request.user, today=today, link_base=_link_base(request)
                )
                messages.success(
                    request, f"A new link emailed to {sent} people who have not answered"
                )
                return redirect("voice:run", pk)
            if "publish" in request.POST:
                shown_now = request.POST["publish"] == "1"
                run_publish_summary(run=found, by=request.user, published=shown_now)
                messages.success(
                    request, "Summary published" if shown_now else "Summary no longer published"
                )
                return redirect("voice:run", pk)
            if "close" in request.POST:
                run_close(run=found, by=request.user, today=today)
                messages.success(request, "The survey is closed")
                return redirect("voice:run", pk)
            if statement.is_valid():
                statement_save(
                    by=request.user,
                    statement=None,
                    run=found,
                    today=today,
                    **statement.cleaned_data,
                )
                messages.success(request, "Statement saved")
                return redirect("voice:run", pk)
        except ValidationError as error:
            statement.add_error(None, error)
    shown = run_results(run=found, user=request.user)
    if request.GET.get("format") in ("csv", "xlsx"):
        return _export(request, shown.results, found)
    context = {
        "run": found,
        "shown": shown,
        "breakdowns": _breakdowns(shown.results, found),
        "results": shown.results,
        "open": found.opens_on <= today <= found.closes_on,
        "can_run": can_run,
        "statement": statement,
        "statements": statements_visible_to(user=request.user).filter(run=found),
        "open_link": _link_base(request) + found.open_token + "/" if found.open_token else "",
        "scores": voice.AGREEMENT_SCORE.items(),
        "agreement": voice.AGREEMENT,
        "forms": [statement] if statement.errors else [],
    }
    return render(request, "voice/run.html", context)


@require(Capability.RUN_SURVEYS)
def statement(request: SignedInRequest, pk: int) -> HttpResponse:
    """Change a "you said, we did" statement: what was done, publishing it."""
    item = get_object_or_404(statements_visible_to(user=request.user), pk=pk)
    form = StatementForm(
        request.POST or None,
        initial={
            "you_said": item.you_said,
            "we_will": item.we_will,
            "we_did": item.we_did,
            "action": item.action_id,
            "published": item.published,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement_save(
                by=request.user,
                statement=item,
                run=item.run,
                today=clock().today(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Statement saved")
            return redirect("voice:index")
    return render(request, "voice/statement.html", {"item": item, "form": form})


def _team(value: str) -> Team | None:
    if not value:
        return None
    return Team.objects.filter(pk=value).first()


@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The signed-out page a survey link opens: nothing it stores says who may be signed in, and
    the audit trail records none of it (``services.response_submit``)."""
    today = clock().today()
    try:
        found, _ = run_for_token(token, today=today)
    except LinkProblem as problem:
        return render(request, "voice/link_problem.html", {"problem": str(problem)})
    sections = voice.parsed(found.template.text)
    form = ResponseForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(
                token=token,
                answers=form.answers(),
                team=_team(form.cleaned_data["team"]),
                demographics=form.demographics(),
                today=today,
            )
        except LinkProblem as problem:
            return render(request, "voice/link_problem.html", {"problem": str(problem)})
        except voice.AnswerError as error:
            _add_answer_errors(form, error)
        else:
            return render(request, "voice/thanks.html", {"run": found})
    return _answers_page(request, "voice/respond.html", form, {"run": found})


@require(Capability.EDIT_STAFF)
def leavers(request: SignedInRequest) -> HttpResponse:
    """The people who left in the last year, with their reason for leaving (DfE's) and their
    exit questionnaire: not sent, sent, or answered; HR sends the link from here."""
    today = clock().today()
    people = leavers_visible_to(user=request.user, today=today)
    form = ExitSendForm(request.POST or None, leavers=people)
    if request.method == "POST":
        if not form.is_valid():
            raise Http404("Not a leaver you may send a questionnaire to")
        staff = form.cleaned_data["staff"]
        link_base = _link_base(request, "voice:exit_respond")
        try:
            exit_questionnaire_send(staff=staff, by=request.user, today=today, link_base=link_base)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Exit questionnaire link emailed to {staff.full_name}")
        return redirect("voice:leavers")
    return render(request, "voice/leavers.html", {"leavers": people, "today": today})


@never_cache
def exit_respond(request: HttpRequest, token: str) -> HttpResponse:
    """The signed-out page an exit questionnaire link opens (its answers go on the leaver's
    staff record: ``services.exit_questionnaire_submit``)."""
    today = clock().today()
    try:
        found = exit_questionnaire_for_token(token, today=today)
    except LinkProblem as problem:
        return render(request, "voice/link_problem.html", {"problem": str(problem)})
    sections = voice.parsed(found.template.text)
    form = ResponseForm(request.POST or None, sections=sections, about_you=False)
    if request.method == "POST" and form.is_valid():
        try:
            exit_questionnaire_submit(token=token, answers=form.answers(), today=today)
        except LinkProblem as problem:
            return render(request, "voice/link_problem.html", {"problem": str(problem)})
        except voice.AnswerError as error:
            _add_answer_errors(form, error)
        else:
            return render(request, "voice/exit_thanks.html")
    return _answers_page(request, "voice/exit_respond.html", form, {})


@require(Capability.EDIT_STAFF)
def leavers_report(request: SignedInRequest) -> HttpResponse:
    """Leavers and joiners of any period (the last year unless chosen): DfE's reasons,
    destinations and origins from the register, and the questionnaires' answers suppressed."""
    today = clock().today()
    asked = "from" in request.GET or "to" in request.GET
    period_form = PeriodForm(request.GET if asked else None)
    if asked and not period_form.is_valid():
        context: dict[str, object] = {"period_form": period_form, "report": None}
        return render(request, "voice/leavers_report.html", context)
    chosen = period_form.cleaned_data if asked else {}
    end = chosen.get("to") or today
    start = chosen.get("from") or end - dt.timedelta(days=364)
    period_form = PeriodForm(initial={"from": start.isoformat(), "to": end.isoformat()})
    report = movement_report(user=request.user, start=start, end=end)
    period = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    if request.GET.get("format") == "csv":
        tables = [
            *report.leaver_tables,
            *report.exit_tables,
            *report.joiner_tables,
            *report.joiners_answer_tables,
        ]
        rows = voice.count_tables_csv_rows(period, tables)
        sheet = Sheet("Leavers and joiners", ["Period", "Table", "Group", "People"], rows)
        return sheets_download("leavers-and-joiners", "csv", [sheet])
    context = {"report": report, "start": start, "end": end, "period_form": period_form}
    return render(request, "voice/leavers_report.html", context)


FEEDBACK_QUARTERS = 8
"""Quarters shown on the log of complaints, compliments and feedback unless a period is chosen."""
FEEDBACK_A_PAGE = 50
"""Entries of the log a page (newest first); the downloads hold every entry of the period."""


def _feedback_period(
    request: SignedInRequest, today: dt.date
) -> tuple[PeriodForm, dt.date | None, dt.date | None]:
    """The period chosen (``?from=…&to=…``), else the eight quarters to the last day (today
    unless chosen), with the form showing it; the dates are None when what was typed is wrong,
    and the form says why."""
    asked = "from" in request.GET or "to" in request.GET
    form = PeriodForm(request.GET if asked else None)
    if asked and not form.is_valid():
        return form, None, None
    chosen = form.cleaned_data if asked else {}
    last = chosen.get("to") or today
    start = practice_feedback.quarter_start(last)
    months = start.year * 12 + start.month - 1 - 3 * (FEEDBACK_QUARTERS - 1)
    first = chosen.get("from") or dt.date(months // 12, months % 12 + 1, 1)
    shown = PeriodForm(initial={"from": first.isoformat(), "to": last.isoformat()})
    return shown, first, last


def _feedback_rows(
    entries: list[PracticeFeedback], *, show_ids: bool, free_text: bool
) -> tuple[list[str], list[list[Cell]]]:
    """The log as a table for CSV and Excel: case references masked unless the person
    allocates, what was said and the learning only for those who record them."""
    header = ["Date received", "Kind", "Team", "Case reference", "Themes", "Stage", "Outcome"]
    header += ["Who gave it", "Where gathered", "Action due", "Action progress"]
    if free_text:
        header += ["What was said", "Learning identified"]
    rows: list[list[Cell]] = []
    for e in entries:
        reference = e.case_reference if show_ids else e.masked_reference
        row: list[Cell] = [
            e.received_on,
            e.get_kind_display(),
            e.team.name,
            reference,
            "; ".join(e.themes),
            e.get_stage_display(),
            e.get_outcome_display(),
            e.get_source_display(),
            e.get_gathered_display(),
            e.action.proposed_date if e.action else None,
            e.action.get_status_display() if e.action else "",
        ]
        rows.append(row + ([e.said, e.learning] if free_text else []))
    return header, rows


@require(Capability.VIEW_FEEDBACK)
def feedback(request: SignedInRequest) -> HttpResponse:
    """Complaints, compliments and feedback from children and families about the teams the
    person sees: counts and themes per quarter (a chart and its table), and the log, with case
    references masked for those who do not allocate; as CSV or Excel."""
    period_form, first, last = _feedback_period(request, clock().today())
    if first is None or last is None:
        return render(request, "voice/feedback.html", {"period_form": period_form})
    visible = feedback_visible_to(user=request.user)
    entries = visible.filter(received_on__gte=first, received_on__lte=last)
    counts = feedback_counts(entries=visible, first=first, last=last)
    show_ids = can(request.user, Capability.ALLOCATE)
    free_text = can(request.user, Capability.RECORD_FEEDBACK)
    wanted = request.GET.get("format")
    if wanted in ("csv", "xlsx"):
        header, rows = _feedback_rows(list(entries), show_ids=show_ids, free_text=free_text)
        name = f"complaints-and-feedback-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}"
        count_header, count_rows = practice_feedback.counts_rows(counts)
        sheets = [Sheet("Entries", header, rows), Sheet("Per quarter", count_header, count_rows)]
        return sheets_download(name, wanted, sheets)
    page = Paginator(entries, FEEDBACK_A_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "numbers": list(page.paginator.get_elided_page_range(page.number)),
        "query": f"from={first:%Y-%m-%d}&to={last:%Y-%m-%d}",
        "counts": counts,
        "chart": practice_feedback.counts_chart(counts),
        "first": first,
        "last": last,
        "period_form": period_form,
        "show_ids": show_ids,
        "can_record": free_text,
    }
    return render(request, "voice/feedback.html", context)


def _feedback_form(request: SignedInRequest, entry: PracticeFeedback | None) -> HttpResponse:
    """Record an entry in the log (``entry`` None) or change one."""
    initial: dict[str, object] = {}
    if entry is not None:
        fields = ["kind", "received_on", "case_reference", "themes", "stage", "outcome"]
        fields += ["source", "gathered", "said", "learning"]
        initial = {name: getattr(entry, name) for name in fields}
        initial |= {"team": entry.team_id, "action": entry.action_id}
    actions = actions_visible_to(user=request.user)
    if entry is not None and entry.action_id is not None:  # kept when changing someone's entry
        actions = actions | ActionItem.objects.filter(pk=entry.action_id)
    form = PracticeFeedbackForm(
        request.POST or None,
        initial=initial,
        teams=teams_visible_to(user=request.user),
        actions=actions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = practice_feedback_save(
                by=request.user, entry=entry, today=clock().today(), **form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{saved} saved")
            return redirect("voice:feedback")
    return render(request, "voice/feedback_form.html", {"form": form, "entry": entry})


@require(Capability.RECORD_FEEDBACK)
def feedback_new(request: SignedInRequest) -> HttpResponse:
    """Record a complaint, a compliment or feedback from a child or family."""
    return _feedback_form(request, None)


@require(Capability.RECORD_FEEDBACK)
def feedback_entry(request: SignedInRequest, pk: int) -> HttpResponse:
    """Change an entry of the log: a complaint's stage and outcome, the learning, the action."""
    entry = get_object_or_404(feedback_visible_to(user=request.user), pk=pk)
    return _feedback_form(request, entry)
