"""Reads for staff voice, each scoped to what the person may see, and the results of a run
(``core.voice``) from its responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from csc_workforce.core import codes, practice_feedback, voice
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.organisation.selectors import staff_visible_to, teams_visible_to

from .models import (
    ExitQuestionnaire,
    PracticeFeedback,
    Response,
    StaffMember,
    Statement,
    SurveyRun,
    SurveyTemplate,
    Team,
)


def survey_templates_visible_to(*, user: Viewer) -> QuerySet[SurveyTemplate]:
    """Surveys and their versions, for those who build and send them."""
    if not can(user, Capability.RUN_SURVEYS):
        return SurveyTemplate.objects.none()
    return SurveyTemplate.objects.all()


def own_teams_only(user: Viewer) -> bool:
    """Whether the person sees survey results of their own teams only (a team manager with no
    authority-wide role)."""
    roles = roles_of(user)
    return Role.TEAM_MANAGER in roles and not (roles - {Role.TEAM_MANAGER, Role.SOCIAL_WORKER})


def runs_visible_to(*, user: Viewer) -> QuerySet[SurveyRun]:
    """Runs whose results the person may open: every run for those who view survey results
    authority-wide; for a team manager, the runs their teams were asked in."""
    runs = SurveyRun.objects.select_related("template", "team", "service_area").annotate(
        answered=Count("responses")
    )
    if not can(user, Capability.VIEW_SURVEY_RESULTS) or not isinstance(user, User):
        return runs.none()
    if not own_teams_only(user):
        return runs.all()
    teams = Team.objects.filter(managers__user=user)
    return runs.filter(
        Q(population=SurveyRun.Population.ALL)
        | Q(service_area__teams__in=teams)
        | Q(team__in=teams)
    ).distinct()


def statements_visible_to(*, user: Viewer) -> QuerySet[Statement]:
    """ "You said, we did": the published statements for everyone signed in; all, drafts
    included, for those who write them."""
    statements = Statement.objects.select_related("run", "action")
    if can(user, Capability.RUN_SURVEYS):
        return statements.all()
    if not roles_of(user):
        return statements.none()
    return statements.filter(published=True)


def published_summaries(
    runs: QuerySet[SurveyRun] | None = None,
) -> list[tuple[SurveyRun, voice.SurveyResults]]:
    """The runs whose summaries are published (of ``runs``, if given), newest first, with their
    overall results (no breakdown, no comments): what every signed-in person may read."""
    runs = (SurveyRun.objects.all() if runs is None else runs).filter(summary_published=True)
    runs = runs.select_related("template")
    areas = dict(Team.objects.values_list("name", "service_area__name"))
    summaries = []
    for run in runs.order_by("-opens_on"):
        before = previous_run(run)
        whole = voice.survey_results(
            voice.parsed(run.template.text),
            response_frame(run),
            invited=run.invited,
            team_areas=areas,
            threshold=run.threshold,
            previous=response_frame(before) if before else None,
            previous_sections=voice.parsed(before.template.text) if before else (),
        )
        summaries.append((run, whole))
    return summaries


def response_frame(run: SurveyRun, *, teams: list[int] | None = None) -> pl.DataFrame:
    """The responses of ``run`` as ``core.voice.survey_results`` reads them (``teams``: only
    those who said they are in one of these teams)."""
    rows = Response.objects.filter(run=run)
    if teams is not None:
        rows = rows.filter(team__in=teams)
    fields = ("team__name", "team__service_area__name", *voice.DIMENSIONS_ASKED)
    read = list(rows.annotate(raw=Cast("answers", TextField())).values_list("raw", *fields))
    groups = {d: [row[i + 1] or None for row in read] for i, d in enumerate(voice.DIMENSIONS)}
    return voice.responses_frame_from_json(
        voice.parsed(run.template.text), [row[0] for row in read], groups
    )


def previous_run(run: SurveyRun) -> SurveyRun | None:
    """The last run of the same kind of survey that closed before ``run`` opened."""
    return (
        SurveyRun.objects.filter(template__kind=run.template.kind, closes_on__lt=run.opens_on)
        .select_related("template")
        .order_by("-closes_on")
        .first()
    )


@dataclass(frozen=True)
class RunResults:
    run: SurveyRun
    previous: SurveyRun | None
    results: voice.SurveyResults
    own_teams: tuple[str, ...]
    """For a team manager: the teams whose results these are (empty: the whole run)."""
    hidden_teams: tuple[str, ...]
    """For a team manager: their teams below the threshold, so not shown."""


def run_results(*, run: SurveyRun, user: Viewer) -> RunResults:
    """The results of ``run`` the person may see: everything (comments for those who may read
    them) for authority-wide roles; a team manager's own teams, each only where it reaches the
    threshold and is not hidden to protect another group."""
    sections = voice.parsed(run.template.text)
    before = previous_run(run)
    areas = dict(Team.objects.values_list("name", "service_area__name"))
    comments = can(user, Capability.READ_SURVEY_COMMENTS)

    def compute(teams: list[int] | None) -> voice.SurveyResults:
        return voice.survey_results(
            sections,
            response_frame(run, teams=teams),
            invited=run.invited,
            team_areas=areas,
            threshold=run.threshold,
            previous=response_frame(before, teams=teams) if before else None,
            previous_sections=voice.parsed(before.template.text) if before else (),
            free_text=comments and teams is None,
        )

    whole = compute(None)
    if not own_teams_only(user) or not isinstance(user, User):
        return RunResults(run, before, whole, (), ())
    mine = list(Team.objects.filter(managers__user=user).order_by("name"))
    shown_names = {
        group for group, n, _ in (whole.breakdowns[0].rows if whole.breakdowns else ()) if n
    }
    shown = [t for t in mine if t.name in shown_names]
    hidden = tuple(t.name for t in mine if t.name not in shown_names)
    if not shown:
        empty = voice.SurveyResults(0, 0, whole.threshold, True, (), (), {}, {})
        return RunResults(run, before, empty, (), hidden)
    team_results = compute([t.pk for t in shown])
    team_only = voice.SurveyResults(
        team_results.responses,
        0,
        team_results.threshold,
        team_results.suppressed,
        team_results.sections,
        (),
        {},
        {},
    )
    return RunResults(run, before, team_only, tuple(t.name for t in shown), hidden)


def leavers_visible_to(*, user: Viewer, today: dt.date) -> QuerySet[StaffMember]:
    """The people the person may see who left in the year to ``today`` (or leave later than
    it, already recorded), with their exit questionnaires; for those who edit staff records."""
    if not can(user, Capability.EDIT_STAFF):
        return StaffMember.objects.none()
    return (
        staff_visible_to(user=user)
        .filter(end_date__gt=today - dt.timedelta(days=365), anonymised_at=None)
        .prefetch_related("exit_questionnaires")
        .order_by("-end_date", "family_name")
    )


@dataclass(frozen=True)
class MovementReport:
    """The leavers' and joiners' report of a period: counts from the register, and the answers
    to the exit and joiners' questionnaires (suppressed)."""

    leavers: int
    joiners: int
    leaver_tables: list[voice.CountTable]
    exit_tables: list[voice.CountTable]
    joiner_tables: list[voice.CountTable]
    joiners_answer_tables: list[voice.CountTable]


def _people(staff: QuerySet[StaffMember]) -> pl.DataFrame:
    """The register's people as labels (never codes), one row each."""
    roles = dict(StaffMember.RoleLevel.choices)
    engagement = dict(StaffMember.Employment.choices)
    rows = staff.values_list(
        "team__name",
        "role_level",
        "employment_type",
        "start_date",
        "end_date",
        "reason_leave",
        "leaver_destination",
        "start_origin",
    )
    return pl.DataFrame(
        [
            {
                "team": team or "No team",
                "role": str(roles.get(role, "")),
                "engagement": str(engagement.get(kind, "")),
                "start": start,
                "end": end,
                "reason": codes.REASON_LEAVE.get(reason, ""),
                "destination": codes.LEAVER_DESTINATION.get(destination, ""),
                "origin": codes.START_ORIGIN.get(origin, ""),
            }
            for team, role, kind, start, end, reason, destination, origin in rows
        ],
        schema={
            "team": pl.String,
            "role": pl.String,
            "engagement": pl.String,
            "start": pl.Date,
            "end": pl.Date,
            "reason": pl.String,
            "destination": pl.String,
            "origin": pl.String,
        },
    )


def _options(template_text: str | None, key: str) -> list[str]:
    """The options of question ``key`` in a survey's text; none when there is no such survey
    stored (the report then lists the answers as given)."""
    if not template_text:
        return []
    found = [q for q in voice.questions_of(voice.parsed(template_text)) if q.key == key]
    return list(found[0].options) if found else []


_ORDER = {
    "reason": list(codes.REASON_LEAVE.values()),
    "destination": list(codes.LEAVER_DESTINATION.values()),
    "origin": list(codes.START_ORIGIN.values()),
    "band": list(voice.SERVICE_BANDS),
}
"""The labels of DfE's codes and the length-of-service bands, in their order."""

LEAVER_COLUMNS = (
    ("reason", "Reason for leaving (DfE)"),
    ("destination", "Destination (DfE)"),
    ("band", "Length of service"),
)
"""The register's facts about leavers counted by both the leavers' report and the annual
report: DfE's reason and destination, and length of service (``core.voice.SERVICE_BANDS``)."""


def _leavers(staff: QuerySet[StaffMember], *, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Those of ``staff`` who left between ``start`` and ``end`` (both included), with their
    length-of-service band."""
    return _people(staff.filter(end_date__gte=start, end_date__lte=end)).with_columns(
        band=voice.service_band(pl.col("start"), pl.col("end"))
    )


def authority_leaver_counts(
    *, start: dt.date, end: dt.date, teams: frozenset[int] | None = None
) -> list[voice.CountTable]:
    """The leavers' report's counts of DfE reasons, destinations and length of service
    (``LEAVER_COLUMNS``) for the whole authority, or ``teams``, with no viewer: for documents
    built without one (the annual report on the command line). Not suppressed: the caller
    suppresses what it publishes."""
    staff = StaffMember.objects.all()
    if teams is not None:
        staff = staff.filter(team_id__in=teams)
    return voice.register_counts(
        _leavers(staff, start=start, end=end), LEAVER_COLUMNS, order=_ORDER
    )


def movement_report(*, user: Viewer, start: dt.date, end: dt.date) -> MovementReport:
    """Who left and who joined between ``start`` and ``end`` (both included): DfE's reasons,
    destinations and origins, team, role, length of service and engagement from the register;
    the authority's reasons from exit questionnaires and the joiners' questionnaire answers
    from runs in the period, each count of fewer than 5 people shown as ``c``."""
    staff = staff_visible_to(user=user) if can(user, Capability.EDIT_STAFF) else None
    if staff is None:
        staff = StaffMember.objects.none()
    leavers = _leavers(staff, start=start, end=end)
    joiners = _people(staff.filter(start_date__gte=start, start_date__lte=end))
    order = _ORDER
    common = [("team", "Team"), ("role", "Role"), ("engagement", "Engagement")]
    exits = list(
        ExitQuestionnaire.objects.filter(
            staff__in=staff, staff__end_date__gte=start, staff__end_date__lte=end
        )
        .exclude(answered_on=None)
        .values_list("answers", flat=True)
    )
    runs = Response.objects.filter(
        run__template__kind=SurveyTemplate.Kind.JOINERS,
        submitted_on__gte=start,
        submitted_on__lte=end,
    )
    joined = list(runs.values_list("answers", flat=True))
    joiners_text = (
        SurveyTemplate.objects.filter(kind=SurveyTemplate.Kind.JOINERS, is_current=True)
        .values_list("text", flat=True)
        .first()
    )
    joiner_questions = [
        ("join_from", "What they were doing before"),
        ("join_heard", "How they heard of the job"),
    ]
    return MovementReport(
        leavers=leavers.height,
        joiners=joiners.height,
        leaver_tables=voice.register_counts(
            leavers, [*LEAVER_COLUMNS[:2], *common, LEAVER_COLUMNS[2]], order=order
        ),
        exit_tables=[
            voice.answer_counts(
                [a.get("exit_reasons") for a in exits],
                title="Reasons for leaving (exit questionnaire, any that apply)",
                options=voice.EXIT_REASONS,
            ),
            voice.answer_counts(
                [a.get("exit_main_reason") for a in exits],
                title="The reason that mattered most (exit questionnaire)",
                options=voice.EXIT_REASONS,
            ),
        ],
        joiner_tables=voice.register_counts(
            joiners, [("origin", "Where they came from (DfE)"), *common], order=order
        ),
        joiners_answer_tables=[
            voice.answer_counts(
                [a.get(key) for a in joined],
                title=f"{title} (joiners' questionnaire)",
                options=_options(joiners_text, key),
            )
            for key, title in joiner_questions
        ],
    )


def feedback_visible_to(*, user: Viewer) -> QuerySet[PracticeFeedback]:
    """Complaints, compliments and feedback from children and families about the teams the
    person sees (``organisation.selectors.teams_visible_to``: a team manager's own), for those
    who view the log."""
    if not can(user, Capability.VIEW_FEEDBACK):
        return PracticeFeedback.objects.none()
    return PracticeFeedback.objects.select_related("team", "action").filter(
        team__in=teams_visible_to(user=user)
    )


def feedback_counts(
    *, entries: QuerySet[PracticeFeedback], first: dt.date, last: dt.date
) -> practice_feedback.QuarterCounts:
    """The entries' counts and themes per quarter from ``first`` to ``last``, by label."""
    kinds = dict(PracticeFeedback.Kind.choices)
    outcomes = dict(PracticeFeedback.Outcome.choices)
    rows = entries.filter(received_on__gte=first, received_on__lte=last).values_list(
        "received_on", "kind", "outcome", "themes"
    )
    frame = pl.DataFrame(
        [
            (on, str(kinds[kind]), str(outcomes.get(outcome, "")), list(themes))
            for on, kind, outcome, themes in rows
        ],
        schema={
            "received_on": pl.Date,
            "kind": pl.String,
            "outcome": pl.String,
            "themes": pl.List(pl.String),
        },
        orient="row",
    )
    return practice_feedback.quarterly_counts(
        frame,
        first=first,
        last=last,
        kinds=[str(label) for label in kinds.values()],
        complaint=str(kinds[PracticeFeedback.Kind.COMPLAINT]),
        outcomes=[str(label) for label in outcomes.values()],
    )
