"""Northfield's quality assurance for the demo: a year of monthly case audits, a practice week,
observations of practice and action plans.

Deterministic for a seed (``random.Random(f"{seed}:quality")``, with cases, teams and people
taken in a stable order). Everything is fictional: audits hold grades, tags and stock sentences,
never anything about a real child. Bulk inserts; the caller records one summary event.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import SET_NULL, ForeignObjectRel, Model

from csc_workforce.core import quality
from csc_workforce.core.timescales import is_working_day
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.caseloads.models import Allocation, CaseKind, CaseStatus, Status
from csc_workforce.web.frames import delete_all
from csc_workforce.web.organisation.models import Team

from .models import (
    ActionItem,
    ActionNote,
    Answer,
    AuditProgramme,
    AuditTemplate,
    CaseAudit,
    Grade,
    JudgementArea,
    Observation,
    PracticeWeek,
    QualityTargets,
    Question,
)
from .selectors import auditors

MONTHS = 12
PER_TEAM = 2
SKIP_WITHIN_DAYS = 180
GRADE_SHARES = (  # final grades: about 10% outstanding, 60% good, 25% RI, 5% inadequate
    (Grade.OUTSTANDING.value, 10),
    (Grade.GOOD.value, 60),
    (Grade.REQUIRES_IMPROVEMENT.value, 25),
    (Grade.INADEQUATE.value, 5),
)
SCALE = [grade for grade, _ in GRADE_SHARES]  # best first
THEMES = ["voice of the child", "drift", "supervision", "planning", "multi-agency", "neglect"]
THEMED_ROUNDS = (  # (months before today's month, template name, cases)
    (9, "Neglect", 6),
    (4, "Voice of the child", 6),
)
MODERATED_SHARE = 0.15

FINDINGS = {
    "strong": [
        "The child's wishes and feelings are recorded in their own words and shape the plan.",
        "Direct work is purposeful and the child has a consistent relationship with the worker.",
        "The assessment is analytical and draws on the family's history and strengths.",
        "Management oversight is clear, with decisions and their rationale recorded.",
        "Partners attend meetings and actions agreed are followed up promptly.",
        "The plan is specific and reviewed on time; progress for the child is evident.",
    ],
    "weak": [
        "The plan lacks measurable outcomes and has not moved on since the last review.",
        "The child has not been seen alone and their lived experience is unclear.",
        "Supervision records repeat actions without saying what has changed for the child.",
        "There is drift: agreed actions have passed their dates without escalation.",
        "Information from the school and health visitor is not reflected in the assessment.",
        "Cumulative neglect is described but not analysed or escalated.",
    ],
}
CHILD_SAYS = [
    "They would say their worker listens and comes when they say they will.",
    "They would say they have had too many workers and have to repeat their story.",
    "They would say their worker helped them to go back to school.",
    "They would say they like the activities they do together during visits.",
]
NEXT_STEPS = [
    "Review the plan with the family and partners within four weeks.",
    "Complete an updated chronology and share it at the next core group.",
    "Undertake direct work to capture the child's views before the review.",
    "Escalate to the team manager if the agreed actions are not met by the next visit.",
]
DIFFERENCE = [
    "The child's wish to see their grandparent more often is now part of the plan.",
    "Listening to the child led to a change of school transport that they asked for.",
    "The child's views are recorded but have not yet changed the plan.",
]
MODERATION_REASONS = {
    "up": [
        "The plan is stronger than the grade suggests: outcomes are specific and progress clear.",
        "The child's voice is well evidenced in the direct work records.",
    ],
    "down": [
        "Drift since the last review has not been escalated; the grade is too generous.",
        "The child's lived experience is not evident enough for the grade given.",
        "Supervision does not show the reflective challenge the grade describes.",
    ],
}
PRACTITIONER_RESPONSES = [
    "Thank you for the feedback. I will update the chronology and the plan this week.",
    "I agree with the findings and have booked direct work with the child.",
    "Helpful feedback; I have discussed the plan with the family and partners.",
]
MANAGER_RESPONSES = [
    "Discussed in supervision; actions are set with dates and I will review them next month.",
    "Agreed. The case will be reviewed at the next team case discussion.",
    "Good practice noted and shared with the team at the team meeting.",
]
OBSERVATION_TEXT = {
    "leadership": [
        "The manager knows the children well and gives clear direction.",
        "Leaders are visible and staff say they can raise concerns.",
        "Decisions were made promptly with the rationale explained.",
    ],
    "voice_of_child": [
        "The worker spoke with the child alone and used a three houses tool.",
        "The child's views were read out in their own words.",
        "The child's voice was referred to but not clearly represented.",
    ],
    "parent_carer": [
        "The parent said they felt listened to and understood the plan.",
        "The carer was clear about what was expected and by when.",
        "The parent found the meeting long and the language difficult.",
    ],
    "good_practice": [
        "A clear, jargon-free summary of risks and strengths was shared.",
        "Genograms were used well to understand the family network.",
        "The worker used the family's own words in the plan.",
    ],
    "development": [
        "Plans could be more specific about who does what by when.",
        "Recording should show how the child's views changed the plan.",
        "Contingency plans need to be clearer for the family.",
    ],
}
ACTIONS = (  # (source, issue, action, risk, priority)
    (
        ActionItem.Source.AUDIT,
        "Audits find plans without measurable outcomes.",
        "Run planning workshops for each team and re-audit a sample of plans.",
        "Drift for children and plans that do not change anything.",
        ActionItem.Priority.HIGH,
    ),
    (
        ActionItem.Source.AUDIT,
        "Children are not always seen alone.",
        "Remind practitioners of the expectation and check it in supervision.",
        "Children's lived experience is missed.",
        ActionItem.Priority.HIGH,
    ),
    (
        ActionItem.Source.AUDIT,
        "Supervision records repeat actions without impact.",
        "Introduce the reflective supervision template in every team.",
        "Management oversight does not move plans on.",
        ActionItem.Priority.MEDIUM,
    ),
    (
        ActionItem.Source.AUDIT,
        "Chronologies are out of date on neglect cases.",
        "Update chronologies on every open neglect case.",
        "Cumulative harm is not recognised.",
        ActionItem.Priority.MEDIUM,
    ),
    (
        ActionItem.Source.PRACTICE_WEEK,
        "Parents find child protection conferences hard to follow.",
        "Agree plain-language guidance for conference reports with the chairs.",
        "Families do not understand what must change.",
        ActionItem.Priority.MEDIUM,
    ),
    (
        ActionItem.Source.PRACTICE_WEEK,
        "Good direct work is not shared between teams.",
        "Publish the exemplar case studies from the practice week.",
        "Good practice stays in one team.",
        ActionItem.Priority.LOW,
    ),
    (
        ActionItem.Source.PRACTICE_WEEK,
        "Contingency plans are unclear to families.",
        "Add a contingency section to the plan template.",
        "Families are surprised by escalation.",
        ActionItem.Priority.MEDIUM,
    ),
    (
        ActionItem.Source.INSPECTION,
        "Inspectors found inconsistent management oversight on duty.",
        "Daily duty huddles with recorded manager decisions.",
        "Delay in decisions about children at the front door.",
        ActionItem.Priority.HIGH,
    ),
    (
        ActionItem.Source.INSPECTION,
        "Care leavers' pathway plans are not always updated.",
        "Review every pathway plan older than six months.",
        "Care leavers are not supported into work and education.",
        ActionItem.Priority.HIGH,
    ),
    (
        ActionItem.Source.PEER_REVIEW,
        "Partners are not consistently invited to strategy discussions.",
        "Agree attendance standards with police and health partners.",
        "Multi-agency information is missed.",
        ActionItem.Priority.MEDIUM,
    ),
    (
        ActionItem.Source.PEER_REVIEW,
        "The QA framework does not report themes back to teams.",
        "Share the monthly audit themes at every team meeting.",
        "Learning from audits does not change practice.",
        ActionItem.Priority.LOW,
    ),
    (
        ActionItem.Source.AUDIT,
        "Multi-agency actions are not followed up after core groups.",
        "Track core group actions in supervision.",
        "Partners' contributions to the plan are lost.",
        ActionItem.Priority.LOW,
    ),
)
PROGRESS_NOTES = [
    "Discussed at the quality assurance board; owners agreed.",
    "First sessions held; feedback from practitioners is positive.",
    "Half of the teams have completed this; the rest are booked.",
    "Checked a sample: most records now show the change.",
]


@dataclass
class _Lead:
    case_id: int
    cms_id: str
    worker_id: int
    team_id: int
    start: dt.date
    end: dt.date | None


def seed_quality(*, seed: int, today: dt.date, progress: Callable[[str], None]) -> None:
    """Quality assurance for the demo authority in the database, as of ``today``: the targets
    (80% good or better, at most 5% inadequate); for the 12 months to today's month a monthly
    programme of full case file audits (2 cases a team, led then by a worker of that team),
    past months' audits submitted with grades, answers, findings, tags and some moderated and
    responded to, this month's assigned (two overdue); two rounds of themed audits; a practice
    week and observations of practice; and action plans with progress notes.

    Replaces any quality assurance data already there (but not the audit tools). Without cases
    (the demo seeded without caseloads) only the targets are stored."""
    rng = random.Random(f"{seed}:quality")  # noqa: S311 (demo data, not security)
    with transaction.atomic(), suppressed():
        clear_quality()
        QualityTargets.objects.all().delete()
        QualityTargets.objects.create(good_or_better=80, inadequate_at_most=5)
        users = {
            user.username: user
            for user in User.objects.filter(
                username__in=["psw", "servicemanager", "teammanager"]
            ).order_by("username")
        }
        leads = _leads()
        if not leads or len(users) < 3:
            progress("No cases or no quality assurance users: quality targets only")
            return
        audits = _audits(rng, today=today, leads=leads)
        week = _practice_week(rng, today=today, users=users)
        _actions(rng, today=today, users=users, audits=audits, week=week)
        progress(
            f"Stored {AuditProgramme.objects.count()} audit programmes, {len(audits)} case "
            f"audits, {Observation.objects.count()} observations and "
            f"{ActionItem.objects.count()} actions"
        )


def clear_quality() -> None:
    """Remove every audit, programme, practice week, observation and action (not the tools)."""
    # a statement a table, those that refer to a table first (the ORM would load every row);
    # what refers to an action from another app ("you said, we will") loses it, as the ORM's
    # SET_NULL would have it
    for relation in ActionItem._meta.get_fields(include_hidden=True):
        if isinstance(relation, ForeignObjectRel) and relation.on_delete is SET_NULL:
            field = relation.field.name
            referring: type[Model] = relation.related_model  # type: ignore[assignment]
            referring._default_manager.filter(**{f"{field}__isnull": False}).update(**{field: None})
    delete_all(
        ActionNote,
        ActionItem,
        Observation,
        PracticeWeek.senior_managers.through,
        PracticeWeek,
        Answer,
        CaseAudit,
        AuditProgramme,
    )


def _leads() -> list[_Lead]:
    """Every lead allocation of a child, in a stable order (not by primary key)."""
    rows = (
        Allocation.objects.filter(role=Allocation.Role.LEAD, case__kind=CaseKind.CHILD)
        .values_list("case_id", "case__cms_id", "worker_id", "worker__team_id", "start", "end")
        .order_by("case__cms_id", "start", "worker__swe_number")
    )
    return [_Lead(*row) for row in rows]


def _month_starts(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    return months


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _working_day_on_or_after(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _auditors() -> list[tuple[int, int | None]]:
    """Who may audit (PSW, service managers, team managers), with the team each manages."""
    people = list(auditors().order_by("username").values_list("pk", flat=True))
    managed = dict(
        Team.objects.filter(managers__user__in=people)
        .order_by("name")
        .values_list("managers__user_id", "pk")
    )
    return [(pk, managed.get(pk)) for pk in people]


def _sample(
    rng: random.Random,
    *,
    leads: Sequence[_Lead],
    on: dt.date,
    per_team: int,
    recent: dict[int, dt.date],
    team_order: dict[int, int],
) -> list[_Lead]:
    """``per_team`` children a team, led on ``on`` by a worker of the team, not audited in the
    previous ``SKIP_WITHIN_DAYS`` days."""
    since = on - dt.timedelta(days=SKIP_WITHIN_DAYS)
    by_team: dict[int, dict[int, _Lead]] = {}
    for lead in leads:
        led = lead.start <= on and (lead.end is None or lead.end >= on)
        if led and recent.get(lead.case_id, dt.date.min) < since:
            by_team.setdefault(lead.team_id, {}).setdefault(lead.case_id, lead)
    chosen: list[_Lead] = []
    for team_id in sorted(by_team, key=lambda t: team_order.get(t, t)):
        candidates = list(by_team[team_id].values())
        chosen += rng.sample(candidates, min(per_team, len(candidates)))
    return chosen


def _grades(rng: random.Random, count: int) -> list[str]:
    """``count`` final grades in the demo's shares (largest remainder), shuffled."""
    exact = {grade: count * share / 100 for grade, share in GRADE_SHARES}
    given = {grade: int(value) for grade, value in exact.items()}
    left = count - sum(given.values())
    for grade in sorted(exact, key=lambda g: -(exact[g] - given[g]))[:left]:
        given[grade] += 1
    grades = [grade for grade in SCALE for _ in range(given[grade])]
    rng.shuffle(grades)
    return grades


def _step(grade: str, by: int) -> str:
    return SCALE[min(max(SCALE.index(grade) + by, 0), len(SCALE) - 1)]


def _working_days_before(day: dt.date, days: int) -> dt.date:
    found = _working_day_on_or_before(day)
    for _ in range(days):
        found = _working_day_on_or_before(found - dt.timedelta(days=1))
    return found


def _assign(
    chosen: Sequence[_Lead], auditors: list[tuple[int, int | None]], *, shift: int
) -> dict[int, int]:
    """Round robin, never the case's own team manager where another can audit
    (``core.quality.assign_auditors``), starting with a different auditor each month."""
    turn = shift % len(auditors)
    sample = pl.DataFrame(
        [(lead.case_id, lead.team_id) for lead in chosen],
        schema={"case_id": pl.Int64, "team_id": pl.Int64},
        orient="row",
    )
    found = quality.assign_auditors(sample=sample, auditors=auditors[turn:] + auditors[:turn])
    return {assignment.case_id: assignment.auditor_id for assignment in found}


def _audits(rng: random.Random, *, today: dt.date, leads: list[_Lead]) -> list[CaseAudit]:
    """The monthly programmes and themed rounds: past months' audits submitted, this month's
    given out a few working days ago (two of them earlier, and now overdue)."""
    templates = {t.name: t for t in AuditTemplate.objects.filter(is_current=True)}
    full = templates.get("Full case file audit")
    pool = _auditors()
    if full is None or not pool:
        return []
    psw = User.objects.get(username="psw")
    names = Team.objects.order_by("name").values_list("pk", flat=True)
    team_order = {pk: index for index, pk in enumerate(names)}
    this_month = today.replace(day=1)
    recent: dict[int, dt.date] = {}
    audits: list[CaseAudit] = []
    programmes: list[AuditProgramme] = []
    themed_in = {back: (name, count) for back, name, count in THEMED_ROUNDS}
    for month in _month_starts(today):
        back = (this_month.year - month.year) * 12 + this_month.month - month.month
        current = back == 0
        assigned_on = _working_day_on_or_after(month)
        if current:
            assigned_on = min(max(assigned_on, _working_days_before(today, 3)), today)
        sample = _sample(
            rng, leads=leads, on=assigned_on, per_team=PER_TEAM, recent=recent,
            team_order=team_order,
        )  # fmt: skip
        programme = AuditProgramme(
            month=month, template=full, per_team=PER_TEAM, skip_within_days=SKIP_WITHIN_DAYS,
            created_by=psw,
        )  # fmt: skip
        programmes.append(programme)
        batches: list[tuple[AuditProgramme | None, AuditTemplate, list[_Lead]]] = [
            (programme, full, sample)
        ]
        if back in themed_in and themed_in[back][0] in templates:
            name, count = themed_in[back]
            taken = {lead.case_id for lead in sample}
            others = [lead for lead in leads if lead.case_id not in taken]
            themed = _sample(
                rng, leads=others, on=assigned_on, per_team=1, recent=recent,
                team_order=team_order,
            )  # fmt: skip
            batches.append((None, templates[name], themed[:count]))
        overdue_left = 2 if current else 0
        for owner, template, chosen in batches:
            auditor_of = _assign(chosen, pool, shift=month.month)
            for lead in chosen:
                recent[lead.case_id] = assigned_on
                given_on = assigned_on
                if overdue_left:
                    given_on = _working_days_before(today, quality.DEADLINE_WORKING_DAYS + 1)
                    overdue_left -= 1
                audits.append(
                    CaseAudit(
                        programme=owner,
                        case_id=lead.case_id,
                        team_id=lead.team_id,
                        practitioner_id=lead.worker_id,
                        template=template,
                        auditor_id=auditor_of[lead.case_id],
                        assigned_on=given_on,
                        deadline=quality.deadline(assigned_on=given_on),
                    )
                )
    AuditProgramme.objects.bulk_create(programmes)
    done = [audit for audit in audits if audit.assigned_on < this_month]
    _complete(rng, audits=done, psw=psw, today=today)
    stored = CaseAudit.objects.bulk_create(audits)
    _answer(rng, audits=[audit for audit in stored if audit.status != CaseAudit.Status.ASSIGNED])
    return stored


def _areas(audits: Sequence[CaseAudit]) -> dict[int, list[str]]:
    """Each audited child's judgement area from their status when audited."""
    spans: dict[int, list[tuple[str, dt.date, dt.date | None]]] = {}
    for case_id, status, start, end in CaseStatus.objects.filter(
        case_id__in={audit.case_id for audit in audits}
    ).values_list("case_id", "status", "start", "end"):
        spans.setdefault(case_id, []).append((status, start, end))
    areas: dict[int, list[str]] = {}
    for audit in audits:
        statuses = {
            status
            for status, start, end in spans.get(audit.case_id, [])
            if start <= audit.assigned_on and (end is None or end >= audit.assigned_on)
        }
        if Status.CARE_LEAVER in statuses:
            area = JudgementArea.CARE_LEAVERS
        elif Status.CHILD_LOOKED_AFTER in statuses:
            area = JudgementArea.IN_CARE
        else:
            area = JudgementArea.HELP_AND_PROTECTION
        areas[id(audit)] = [area.value]
    return areas


def _complete(rng: random.Random, *, audits: list[CaseAudit], psw: User, today: dt.date) -> None:
    """Grades (final grades in ``GRADE_SHARES``; about 15% moderated by the PSW, one step from
    the auditor's), findings, tags, judgement areas and responses."""
    finals = _grades(rng, len(audits))
    others = [index for index, audit in enumerate(audits) if audit.auditor_id != psw.pk]
    moderated = set(rng.sample(others, min(len(others), round(len(audits) * MODERATED_SHARE))))
    areas = _areas(audits)
    for index, (audit, final) in enumerate(zip(audits, finals, strict=True)):
        grade = final
        if index in moderated:
            if final == SCALE[0]:
                grade = _step(final, 1)
            elif final == SCALE[-1]:
                grade = _step(final, -1)
            else:
                grade = _step(final, rng.choice((-1, 1)))
            audit.moderated_grade = final
            audit.moderator = psw
            audit.moderation_reason = rng.choice(
                MODERATION_REASONS["up" if SCALE.index(final) < SCALE.index(grade) else "down"]
            )
            audit.status = CaseAudit.Status.MODERATED
        else:
            audit.status = CaseAudit.Status.SUBMITTED
        audit.grade = grade
        month_end = _next_month(audit.assigned_on) - dt.timedelta(days=1)
        latest = min(audit.deadline + dt.timedelta(days=5), month_end, today)
        days = [
            audit.assigned_on + dt.timedelta(days=n)
            for n in range(1, (latest - audit.assigned_on).days + 1)
        ]
        audit.submitted_on = rng.choice([day for day in days if is_working_day(day)] or [latest])
        rank = SCALE.index(grade)
        strong = rng.sample(FINDINGS["strong"], 2 - min(rank, 2))
        weak = rng.sample(FINDINGS["weak"], min(rank, 2) or (1 if rng.random() < 0.3 else 0))
        audit.findings = " ".join(strong + weak)
        tags = set(rng.sample(THEMES[1:], rng.randint(0, 1) + (rank >= 2)))
        if audit.template.theme:
            tags.add(audit.template.theme)
        if rng.random() < 0.4:
            tags.add(rng.choice(THEMES))
        audit.themes = sorted(tags)
        audit.judgement_areas = areas[id(audit)] + (
            [JudgementArea.LEADERS.value] if rank >= 2 or rng.random() < 0.2 else []
        )
        if rng.random() < 0.5:
            audit.practitioner_response = rng.choice(PRACTITIONER_RESPONSES)
        if rng.random() < 0.35:
            audit.manager_response = rng.choice(MANAGER_RESPONSES)


def _answer(rng: random.Random, *, audits: list[CaseAudit]) -> None:
    """An answer to every question of each submitted audit, in keeping with its grade."""
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(
        section__template__in={audit.template_id for audit in audits}
    ).select_related("section"):
        questions.setdefault(question.section.template_id, []).append(question)
    yes_share = dict(zip(SCALE, (0.95, 0.85, 0.55, 0.25), strict=True))
    answers = []
    for audit in audits:
        for question in questions.get(audit.template_id, []):
            value, text = "", ""
            if question.answer_type == Question.AnswerType.GRADE:
                roll = rng.random()
                value = _step(audit.grade, 0 if roll < 0.7 else (-1 if roll < 0.85 else 1))
            elif question.answer_type == Question.AnswerType.YES_NO:
                roll = rng.random()
                value = "na" if roll < 0.05 else ("yes" if roll < yes_share[audit.grade] else "no")
            else:
                words = question.text.lower()
                pool = (
                    CHILD_SAYS if "say" in words else NEXT_STEPS if "next" in words else DIFFERENCE
                )
                text = rng.choice(pool)
            answers.append(Answer(audit=audit, question=question, value=value, text=text))
    Answer.objects.bulk_create(answers, batch_size=2000)


def _practice_week(rng: random.Random, *, today: dt.date, users: dict[str, User]) -> PracticeWeek:
    """A practice week in the June before ``today`` with the service manager and the PSW
    observing 10 sessions (two exemplars), and 6 observations by the PSW through the year."""
    year = today.year if today >= dt.date(today.year, 6, 30) else today.year - 1
    start = dt.date(year, 6, 9)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)  # the second Monday or so
    week = PracticeWeek.objects.create(
        title=f"Practice week, June {year}", start=start, end=start + dt.timedelta(days=4)
    )
    week.senior_managers.set([users["servicemanager"], users["psw"]])
    teams = list(Team.objects.order_by("name"))
    sessions = list(Observation.Session.values)
    observations = []
    for number in range(10):
        observations.append(
            _observation(
                rng,
                week=week,
                on=start + dt.timedelta(days=number % 5),
                session=sessions[number % len(sessions)],
                team=rng.choice(teams) if teams else None,
                observer=users["servicemanager" if number % 2 else "psw"],
            )
        )
    for index in rng.sample(range(10), 2):
        observations[index].exemplar = True
    for number in range(6):
        on = _working_day_on_or_before(today - dt.timedelta(days=25 + 55 * number))
        if week.start - dt.timedelta(days=3) <= on <= week.end + dt.timedelta(days=3):
            on = _working_day_on_or_before(week.start - dt.timedelta(days=14))
        observations.append(
            _observation(
                rng,
                week=None,
                on=on,
                session=rng.choice(sessions),
                team=rng.choice(teams) if teams else None,
                observer=users["psw"],
            )
        )
    Observation.objects.bulk_create(observations)
    return week


def _observation(
    rng: random.Random,
    *,
    week: PracticeWeek | None,
    on: dt.date,
    session: str,
    team: Team | None,
    observer: User,
) -> Observation:
    text = {heading: rng.choice(lines) for heading, lines in OBSERVATION_TEXT.items()}
    return Observation(week=week, on=on, session=session, team=team, observer=observer, **text)


def _actions(
    rng: random.Random,
    *,
    today: dt.date,
    users: dict[str, User],
    audits: list[CaseAudit],
    week: PracticeWeek,
) -> None:
    """12 action items from audits, the practice week, an inspection and a peer review: 4
    completed, 2 overdue, 4 in progress and 2 not started, with dated progress notes."""
    weak = [
        audit
        for audit in audits
        if audit.status != CaseAudit.Status.ASSIGNED
        and audit.final_grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
    ]
    inspection = _working_day_on_or_before(today - dt.timedelta(days=200))
    review = _working_day_on_or_before(today - dt.timedelta(days=120))
    owners = [users["psw"], users["servicemanager"], users["teammanager"]]
    plans = ["done"] * 4 + ["overdue"] * 2 + ["in_progress"] * 4 + ["open"] * 2
    rng.shuffle(plans)
    items: list[ActionItem] = []
    notes: list[tuple[int, dt.date, str, User]] = []
    for index, ((source, issue, action, risk, priority), plan) in enumerate(
        zip(ACTIONS, plans, strict=True)
    ):
        owner = owners[index % len(owners)]
        audit = rng.choice(weak) if source == ActionItem.Source.AUDIT and weak else None
        if audit is not None and audit.submitted_on is not None:
            raised, label = audit.submitted_on, f"Case audit, {audit.submitted_on:%B %Y}"
        elif source == ActionItem.Source.PRACTICE_WEEK:
            raised, label = week.end, week.title
        elif source == ActionItem.Source.INSPECTION:
            raised, label = inspection, f"Ofsted focused visit, {inspection:%B %Y}"
        else:
            raised, label = review, f"Regional peer review, {review:%B %Y}"
        span = max((today - raised).days, 2)
        if plan == "overdue":
            due = today - dt.timedelta(days=rng.randint(5, 30))
        elif plan == "done":
            due = raised + dt.timedelta(days=rng.randint(span // 2, span + 30))
        else:
            due = today + dt.timedelta(days=rng.randint(14, 90))
        count = {"done": 3, "overdue": 1, "in_progress": 2, "open": 0}[plan]
        dates = sorted(
            max(_working_day_on_or_before(raised + dt.timedelta(days=rng.randint(1, span))), raised)
            for _ in range(count)
        )
        item = ActionItem(
            issue=issue,
            action=action,
            risk=risk,
            priority=priority,
            proposed_date=due,
            owner=owner,
            status={
                "done": ActionItem.Status.DONE,
                "open": ActionItem.Status.OPEN,
            }.get(plan, ActionItem.Status.IN_PROGRESS),
            source=source,
            source_label=label,
            audit=audit,
            week=week if source == ActionItem.Source.PRACTICE_WEEK else None,
            completed_on=dates[-1] if plan == "done" else None,
        )
        items.append(item)
        for number, on in enumerate(dates):
            last = plan == "done" and number == len(dates) - 1
            text = "Completed and checked." if last else PROGRESS_NOTES[number]
            notes.append((index, on, text, owner))
    stored = ActionItem.objects.bulk_create(items)
    ActionNote.objects.bulk_create(
        ActionNote(item=stored[index], on=on, text=text, by=by) for index, on, text, by in notes
    )
