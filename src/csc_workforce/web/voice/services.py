"""Writes for staff voice: surveys and their versions, runs and their single-use links,
anonymous responses, reminders, and "you said, we did". Atomic; audited as done by ``by``,
except a response, which is written by nobody (see ``response_submit``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from csc_workforce.core.practice_feedback import THEMES, case_reference_problem
from csc_workforce.core.voice import (
    DIMENSIONS_ASKED,
    AnswerError,
    SurveyError,
    check_answers,
    parse_survey,
    parsed,
    questions_of,
)
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as, current_actor, suppressed
from csc_workforce.web.organisation.selectors import in_post
from csc_workforce.web.quality.models import ActionItem

from .models import (
    ExitQuestionnaire,
    Invitation,
    PracticeFeedback,
    Response,
    ServiceArea,
    SpentToken,
    StaffMember,
    Statement,
    SurveyRun,
    SurveyTemplate,
    Team,
)

DEMOGRAPHICS = DIMENSIONS_ASKED


def token_hash(token: str) -> str:
    """The SHA-256 of a link's token, as stored: the token itself is only in the email."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def survey_save(
    *, by: User, template: SurveyTemplate | None, name: str, kind: str, text: str
) -> SurveyTemplate:
    """A new survey, or a change to one: in place while no run has used it, else a new
    version (the old one kept for the runs that asked it). Text with errors raises a
    ValidationError listing each problem with its line; nothing is saved."""
    try:
        parse_survey(text)
    except SurveyError as error:
        raise ValidationError({"text": error.problems}) from error
    if kind not in SurveyTemplate.Kind.values:
        raise ValidationError({"kind": "Select the kind of survey"})
    with acting_as(by, current_actor().source):
        if template is None:
            if SurveyTemplate.objects.filter(name=name).exists():
                raise ValidationError({"name": "A survey with this name already exists"})
            return SurveyTemplate.objects.create(name=name, kind=kind, text=text)
        if not template.runs.exists():
            template.kind, template.text = kind, text
            template.save()
            return template
        SurveyTemplate.objects.filter(name=template.name).update(is_current=False)
        latest = SurveyTemplate.objects.filter(name=template.name).order_by("-version").first()
        version = (latest.version if latest else template.version) + 1
        return SurveyTemplate.objects.create(
            name=template.name, kind=kind, text=text, version=version
        )


def population(
    *, kind: str, service_area: ServiceArea | None, team: Team | None, on: dt.date
) -> list[StaffMember]:
    """The social workers in post on ``on`` in the population chosen."""
    staff = in_post(StaffMember.objects.filter(anonymised_at=None), on=on)
    if kind == SurveyRun.Population.SERVICE_AREA:
        staff = staff.filter(team__service_area=service_area)
    elif kind == SurveyRun.Population.TEAM:
        staff = staff.filter(team=team)
    return list(staff.select_related("user", "team"))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _send_link(email: str, run: SurveyRun, link: str, *, reminder: bool) -> None:
    opening = (
        "A reminder: you have not answered yet, and there is still time."
        if reminder
        else "Please tell us what it is like to work here."
    )
    send_mail(
        subject=f"{run.title}: your link",
        message=(
            f"{opening}\n\nYour own link, which works once, until "
            f"{_day(run.closes_on)}:\n\n{link}\n\nYour answers are anonymous: nothing stored "
            "connects them to you or to this link."
            + ("\n\nThe link in the earlier email no longer works." if reminder else "")
        ),
        from_email=None,
        recipient_list=[email],
    )


@transaction.atomic
def run_create(
    *,
    by: User,
    template: SurveyTemplate,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    population_kind: str,
    service_area: ServiceArea | None,
    team: Team | None,
    threshold: int,
    open_link: bool,
    link_base: str,
) -> tuple[SurveyRun, int]:
    """A run of ``template`` and a single-use link emailed (once the run is stored) to each
    person of the population with an email address; returns the run and how many were
    emailed. ``link_base`` is the address the token is added to."""
    errors: dict[str, str] = {}
    if closes_on < opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date"
    if threshold < 5:
        errors["threshold"] = "The threshold is at least 5"
    if population_kind == SurveyRun.Population.SERVICE_AREA and service_area is None:
        errors["service_area"] = "Select the service area"
    if population_kind == SurveyRun.Population.TEAM and team is None:
        errors["team"] = "Select the team"
    if errors:
        raise ValidationError(errors)
    people = population(kind=population_kind, service_area=service_area, team=team, on=opens_on)
    with acting_as(by, current_actor().source):
        run = SurveyRun.objects.create(
            template=template,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            population=population_kind,
            service_area=service_area if population_kind == "service_area" else None,
            team=team if population_kind == "team" else None,
            invited=len(people),
            threshold=threshold,
            open_token=new_token() if open_link else "",
            created_by=by,
        )
        sent = _invite(run, [p for p in people if p.email_address], link_base, False)
    return run, sent


def _invite(run: SurveyRun, people: list[StaffMember], link_base: str, reminder: bool) -> int:
    """A new single-use link for each of ``people`` (replacing any earlier one), emailed once
    the transaction commits."""
    letters = []
    for person in people:
        token = new_token()
        Invitation.objects.update_or_create(
            run=run, staff=person, defaults={"token_hash": token_hash(token)}
        )
        letters.append((person.email_address, f"{link_base}{token}/"))

    def send() -> None:
        for email, link in letters:
            _send_link(email, run, link, reminder=reminder)

    transaction.on_commit(send)
    return len(letters)


@transaction.atomic
def run_remind(*, run: SurveyRun, by: User, today: dt.date, link_base: str) -> int:
    """Email everyone invited who has not answered a new link (the old one stops working),
    each on their own: who has answered is shown to nobody. Returns how many were emailed."""
    if not run.opens_on <= today <= run.closes_on:
        raise ValidationError("Reminders go only while the survey is open")
    invitations = list(run.invitations.select_related("staff__user"))
    spent = set(
        SpentToken.objects.filter(token_hash__in=[i.token_hash for i in invitations]).values_list(
            "token_hash", flat=True
        )
    )
    waiting = [i.staff for i in invitations if i.token_hash not in spent]
    with acting_as(by, current_actor().source):
        sent = _invite(run, [p for p in waiting if p.email_address], link_base, True)
        run.last_reminded_on = today
        run.save(update_fields=["last_reminded_on"])
    return sent


@transaction.atomic
def run_close(*, run: SurveyRun, by: User, today: dt.date) -> SurveyRun:
    """Close a run early (today its last day)."""
    with acting_as(by, current_actor().source):
        run.closes_on = max(min(run.closes_on, today), run.opens_on)
        run.save(update_fields=["closes_on"])
        return run


@transaction.atomic
def run_publish_summary(*, run: SurveyRun, by: User, published: bool) -> SurveyRun:
    """Show (or stop showing) a run's scores by standard, as the PSW sees them overall, to
    everyone signed in beside "you said, we did"."""
    with acting_as(by, current_actor().source):
        run.summary_published = published
        run.save(update_fields=["summary_published"])
        return run


class LinkProblem(ValueError):
    """Why a link cannot take a response, in words for the person holding it."""


def run_for_token(token: str, *, today: dt.date) -> tuple[SurveyRun, str | None]:
    """The run a link's token opens, with the hash to spend (None for an open link). Raises a
    LinkProblem for a link altered or replaced, used already, not open yet or closed."""
    hashed = token_hash(token)
    invitation = Invitation.objects.select_related("run__template").filter(token_hash=hashed)
    found = invitation.first()
    spend: str | None = None
    if found is not None:
        run, spend = found.run, hashed
    else:
        opened = SurveyRun.objects.select_related("template").filter(open_token=token).first()
        if not token or opened is None:
            raise LinkProblem(
                "This link is not recognised. Check it is the whole link from your most recent "
                "email: a reminder replaces the link sent before it."
            )
        run = opened
    if spend is not None and SpentToken.objects.filter(token_hash=spend).exists():
        raise LinkProblem("This link has already been used: your answers are in. Thank you.")
    if today < run.opens_on:
        raise LinkProblem(f"This survey opens on {_day(run.opens_on)}.")
    if today > run.closes_on:
        raise LinkProblem(f"This survey closed on {_day(run.closes_on)}.")
    return run, spend


@transaction.atomic
def response_submit(
    *,
    token: str,
    answers: Mapping[str, str | list[str]],
    team: Team | None,
    demographics: Mapping[str, str],
    today: dt.date,
) -> Response:
    """Store one anonymous response to the run ``token`` opens, and spend a single-use token.

    Nobody is recorded as doing it: the response and the spent token are not registered with
    the audit recorder, the response holds no link to a person or a token and only the day,
    and the spent tokens of the run are rewritten in hash order so that the order of rows does
    not pair a spent token with a response. A bad link raises a LinkProblem, answers out of
    range an AnswerError; either way nothing is stored."""
    run, spend = run_for_token(token, today=today)
    SurveyRun.objects.select_for_update().filter(pk=run.pk).first()  # one response at a time
    if spend is not None and SpentToken.objects.filter(token_hash=spend).exists():
        raise LinkProblem("This link has already been used: your answers are in. Thank you.")
    checked = check_answers(parsed(run.template.text), answers)
    unknown = {k: v for k, v in demographics.items() if k not in DEMOGRAPHICS}
    if unknown:
        raise AnswerError(dict.fromkeys(unknown, "Not a question of this survey"))
    response = Response.objects.create(
        run=run,
        submitted_on=today,
        team=team,
        answers=checked,
        **{k: v[:40] for k, v in demographics.items()},
    )
    if spend is not None:
        hashes = set(run.invitations.values_list("token_hash", flat=True))
        spent = set(
            SpentToken.objects.filter(token_hash__in=hashes).values_list("token_hash", flat=True)
        )
        SpentToken.objects.filter(token_hash__in=spent).delete()
        SpentToken.objects.bulk_create(SpentToken(token_hash=h) for h in sorted(spent | {spend}))
    return response


@transaction.atomic
def statement_save(
    *,
    by: User,
    statement: Statement | None,
    run: SurveyRun | None,
    you_said: str,
    we_will: str,
    we_did: str,
    action: ActionItem | None,
    published: bool,
    today: dt.date,
) -> Statement:
    """A "You said / We will / We did" statement, or a change to one; published statements are
    shown to everyone signed in."""
    errors = {}
    if not you_said.strip():
        errors["you_said"] = "Enter what staff said"
    if not we_will.strip():
        errors["we_will"] = "Enter what will be done"
    if action is not None and action.source != ActionItem.Source.HEALTH_CHECK:
        errors["action"] = "Link an action whose source is the staff health check"
    if errors:
        raise ValidationError(errors)
    with acting_as(by, current_actor().source):
        item = statement or Statement(created_by=by, run=run)
        item.you_said, item.we_will, item.we_did = you_said.strip(), we_will.strip(), we_did.strip()
        item.action = action
        if published and not item.published:
            item.published_on = today
        item.published = published
        item.save()
        return item


EXIT_ANSWER_DAYS = 60
"""How long after the last day an exit questionnaire link still takes answers."""


def exit_template() -> SurveyTemplate:
    """The current exit questionnaire (shipped as ``surveys/exit.txt``)."""
    found = SurveyTemplate.objects.filter(kind=SurveyTemplate.Kind.EXIT, is_current=True).first()
    if found is None:
        raise ValidationError("There is no exit questionnaire: write one under Staff surveys")
    return found


@transaction.atomic
def exit_questionnaire_send(
    *, staff: StaffMember, by: User, today: dt.date, link_base: str
) -> ExitQuestionnaire:
    """Email a leaver (recorded by ``workforce.services.staff_record_leaving``) a single-use
    link to the exit questionnaire; sending again replaces an unanswered link. The answers are
    stored with the staff record (``ExitQuestionnaire``), as HR data."""
    if staff.end_date is None:
        raise ValidationError("Record the person leaving before sending an exit questionnaire")
    if not staff.email_address:
        raise ValidationError(f"{staff.full_name} has no email address to send the link to")
    if staff.exit_questionnaires.exclude(answered_on=None).exists():
        raise ValidationError(f"{staff.full_name} has already answered the exit questionnaire")
    token, closes = new_token(), staff.end_date + dt.timedelta(days=EXIT_ANSWER_DAYS)
    with acting_as(by, current_actor().source):
        staff.exit_questionnaires.all().delete()
        sent = ExitQuestionnaire.objects.create(
            staff=staff,
            template=exit_template(),
            token_hash=token_hash(token),
            sent_on=today,
            sent_by=by,
        )
    email, link = staff.email_address, f"{link_base}{token}/"
    transaction.on_commit(
        lambda: send_mail(
            subject="Before you go: your exit questionnaire",
            message=(
                "We are sorry to see you go. Please tell us why you are leaving and what we "
                f"should change, by {_day(closes)}, through "
                f"your own link, which works once:\n\n{link}\n\nYour answers are kept with "
                "your staff record by HR; reports show them only counted with other leavers'."
            ),
            from_email=None,
            recipient_list=[email],
        )
    )
    return sent


def exit_questionnaire_for_token(token: str, *, today: dt.date) -> ExitQuestionnaire:
    """The exit questionnaire a link opens; a LinkProblem for a link altered or replaced,
    used, or past its time."""
    found = (
        ExitQuestionnaire.objects.select_related("template", "staff")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if found is None:
        raise LinkProblem(
            "This link is not recognised. Check it is the whole link from your most recent email."
        )
    if found.answered_on is not None:
        raise LinkProblem("This link has already been used: your answers are in. Thank you.")
    end = found.staff.end_date
    if end is not None and today > end + dt.timedelta(days=EXIT_ANSWER_DAYS):
        raise LinkProblem(
            f"This questionnaire closed on {_day(end + dt.timedelta(days=EXIT_ANSWER_DAYS))}."
        )
    return found


@transaction.atomic
def exit_questionnaire_submit(
    *, token: str, answers: Mapping[str, str | list[str]], today: dt.date
) -> ExitQuestionnaire:
    """Store a leaver's answers on their exit questionnaire and spend its link. Audited as a
    change to the questionnaire (it is not anonymous). A bad link raises a LinkProblem,
    answers out of range an AnswerError; either way nothing is stored."""
    found = exit_questionnaire_for_token(token, today=today)
    ExitQuestionnaire.objects.select_for_update().filter(pk=found.pk).first()
    found.refresh_from_db(fields=["answered_on"])
    if found.answered_on is not None:
        raise LinkProblem("This link has already been used: your answers are in. Thank you.")
    found.answers = check_answers(parsed(found.template.text), answers)
    found.answered_on = today
    found.save(update_fields=["answers", "answered_on"])
    return found


def exit_questionnaire_anonymise(*, staff: StaffMember) -> int:
    """With a staff record anonymised (``workforce.services.staff_anonymise``): blank the free
    text answers of their exit questionnaires, keeping the reasons and scales the reports count,
    and redact the questionnaires' answers and names in the audit trail. Returns how many
    questionnaires had free text."""
    cleared = 0
    found = list(staff.exit_questionnaires.select_related("template"))
    with suppressed():
        for questionnaire in found:
            text_keys = {
                q.key for q in questions_of(parsed(questionnaire.template.text)) if q.kind == "text"
            }
            if any(questionnaire.answers.get(key) for key in text_keys):
                questionnaire.answers = {
                    key: value
                    for key, value in questionnaire.answers.items()
                    if key not in text_keys
                }
                questionnaire.save(update_fields=["answers"])
                cleared += 1
    AuditEvent.objects.filter(
        model=ExitQuestionnaire._meta.label, object_pk__in=[str(q.pk) for q in found]
    ).exclude(object_repr="[anonymised]").redact(fields={"answers"})
    return cleared


def _feedback_problems(
    *,
    kind: str,
    received_on: dt.date,
    today: dt.date,
    case_reference: str,
    themes: list[str],
    stage: str,
    outcome: str,
    source: str,
    gathered: str,
    said: str,
) -> dict[str, str]:
    """What is wrong with an entry of the log, by field, in words that say how to put it
    right."""
    errors: dict[str, str] = {}
    if kind not in PracticeFeedback.Kind.values:
        errors["kind"] = "Select whether it is a complaint, a compliment or feedback"
    if received_on > today:
        errors["received_on"] = "The date received must be today or in the past"
    problem = case_reference_problem(case_reference)
    if problem:
        errors["case_reference"] = problem
    if not themes:
        errors["themes"] = "Select at least one theme"
    elif any(theme not in THEMES for theme in themes):
        errors["themes"] = "Select themes from the list"
    elif kind != PracticeFeedback.Kind.FEEDBACK and len(themes) > 1:
        errors["themes"] = "Select the one theme the complaint or compliment is mainly about"
    if kind == PracticeFeedback.Kind.COMPLAINT:
        if stage not in PracticeFeedback.Stage.values:
            errors["stage"] = "Select the stage the complaint has reached"
        if outcome not in PracticeFeedback.Outcome.values:
            errors["outcome"] = "Select the outcome, or 'Not yet decided'"
    elif stage or outcome:
        errors["stage" if stage else "outcome"] = (
            "Only a complaint has a stage and an outcome: leave them empty"
        )
    if kind == PracticeFeedback.Kind.FEEDBACK:
        if source not in PracticeFeedback.Source.values:
            errors["source"] = "Select who gave the feedback"
        if gathered not in PracticeFeedback.Gathered.values:
            errors["gathered"] = "Select where the feedback was gathered"
        if not said.strip():
            errors["said"] = "Enter what was said, in the child's or family's words if you can"
    return errors


@transaction.atomic
def practice_feedback_save(
    *,
    by: User,
    entry: PracticeFeedback | None,
    kind: str,
    received_on: dt.date,
    team: Team,
    case_reference: str,
    themes: list[str],
    stage: str,
    outcome: str,
    source: str,
    gathered: str,
    said: str,
    learning: str,
    action: ActionItem | None,
    today: dt.date,
) -> PracticeFeedback:
    """A complaint, compliment or feedback from a child or family in the log, or a change to
    one (a complaint moving on a stage, its outcome, the learning and the action taken). No
    child's name is taken: the case reference only. Raises a ValidationError naming each field
    wrong; nothing is stored."""
    case_reference = case_reference.strip()
    errors = _feedback_problems(
        kind=kind,
        received_on=received_on,
        today=today,
        case_reference=case_reference,
        themes=themes,
        stage=stage,
        outcome=outcome,
        source=source,
        gathered=gathered,
        said=said,
    )
    if errors:
        raise ValidationError(errors)
    feedback = kind == PracticeFeedback.Kind.FEEDBACK
    with acting_as(by, current_actor().source):
        item = entry or PracticeFeedback(recorded_by=by)
        item.kind, item.received_on, item.team = kind, received_on, team
        item.case_reference, item.themes = case_reference, list(themes)
        item.stage, item.outcome = stage, outcome
        item.source = source if feedback else ""
        item.gathered = gathered if feedback else ""
        item.said, item.learning = said.strip(), learning.strip()
        item.action = action
        item.save()
        return item
