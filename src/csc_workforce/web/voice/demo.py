"""Staff voice for the demo authority: three years of health checks with scores that improve,
a year of joiners' questionnaires, and published "you said, we did" statements with their
actions. Answers are generated: fictional, as every demo figure is."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction

from csc_workforce.core import codes
from csc_workforce.core.practice_feedback import THEMES
from csc_workforce.core.voice import SurveyQuestion, parsed, questions_of
from csc_workforce.web.audit.recorder import suppressed
from csc_workforce.web.caseloads.models import Allocation
from csc_workforce.web.quality.models import ActionItem

from .forms import ETHNIC_GROUPS, SEX, YEARS_QUALIFIED
from .models import (
    ExitQuestionnaire,
    PracticeFeedback,
    Response,
    StaffMember,
    Statement,
    SurveyRun,
    SurveyTemplate,
)
from .services import new_token, population, token_hash

HEALTH_CHECKS = {2023: (2.9, 0.52), 2024: (3.3, 0.6), 2025: (3.65, 0.68)}
"""Each autumn's health check: the mean agreement (1-5) answers centre on, and the share of
those asked who answer."""
LOW = ("s3_", "s2_staffing", "s4_stress")
"""Questions answered less favourably (workload, staffing, stress), as national surveys find."""
COMMENTS = [
    "Caseloads are still too high in my team.",
    "Supervision has got better this year.",
    "More admin support would give us time with families.",
    "Hybrid working helps me stay.",
    "Travel across the county takes too much of the day.",
    "The practice development sessions are really good.",
]
STATEMENTS = [
    (
        2024,
        "Caseloads were too high and work was not allocated fairly.",
        "Introduce a caseload weighting tool and review allocations monthly in each team.",
        "Every team now allocates with the weighting model; average caseloads fell from 19 to 16.",
        ActionItem.Status.DONE,
    ),
    (
        2024,
        "Supervision was often cancelled and rarely reflective.",
        "Protect monthly supervision and train all managers in reflective supervision.",
        "All team managers completed the training; 86% of supervisions are now on time.",
        ActionItem.Status.DONE,
    ),
    (
        2025,
        "You spend too much time on administration.",
        "Add a business support officer to each assessment team.",
        "",
        ActionItem.Status.IN_PROGRESS,
    ),
    (
        2025,
        "Protected learning time is not protected.",
        "Set aside one afternoon a month for learning, with no duty cover asked of anyone.",
        "",
        ActionItem.Status.OPEN,
    ),
]


EXIT_WEIGHTS = {
    "Workload": 8,
    "Pay": 4,
    "Career progression": 5,
    "Management support": 3,
    "Travel": 3,
    "Flexibility": 3,
    "Family": 2,
    "Retirement": 1,
    "Moving to agency work": 4,
    "Other": 1,
}
"""How often each of the authority's reasons is the main one for the demo's leavers."""


FEEDBACK_MONTHS = 24
"""How far back the demo's complaints, compliments and feedback go: the eight quarters the log
shows unless another period is chosen."""
FEEDBACK_A_MONTH = {"complaint": 9, "compliment": 6, "feedback": 14}
"""About how many of each the demo authority records a month (a children's services of its
size receives some 100 statutory complaints a year)."""
COMPLAINT_THEMES = {
    "Communication and being kept informed": 9,
    "Delay or missed visits": 5,
    "Change of social worker": 5,
    "Quality of assessment or plan": 4,
    "Family time and contact arrangements": 4,
    "Conduct or attitude of staff": 3,
    "Sharing of information": 2,
    "Other": 1,
}
POSITIVE_THEMES = {
    "Relationship with the social worker": 8,
    "Being listened to and involved in plans": 6,
    "Communication and being kept informed": 4,
    "Support and services offered": 5,
    "Change of social worker": 2,
    "Delay or missed visits": 1,
    "Other": 1,
}
SAID = {
    "child": [
        "My social worker listens to me and remembers what I said last time.",
        "I don't like having to tell my story again to a new worker.",
        "I want to see my brother more often.",
        "It helps when she texts me before she visits.",
        "The review was better this time because I could say things first.",
    ],
    "parent": [
        "We finally feel someone is on our side.",
        "Nobody rang back for two weeks after the meeting.",
        "The plan is clearer now it is written in plain words.",
        "The family group conference made a real difference to us.",
        "We have had four social workers this year.",
    ],
    "family": [
        "Grandma felt included in the plan for the first time.",
        "We were not told the date of the review.",
    ],
    "carer": [
        "The support from the fostering team has been excellent.",
        "We need the paperwork earlier before placement meetings.",
    ],
}
LEARNING = [
    "Managers to check that families are told the name of a new worker within five days.",
    "Share the plan with the family in plain English after each review.",
    "Visits that are rearranged are to be confirmed in writing.",
    "Team briefing on explaining decisions about family time.",
    "Shared with the team as an example of good practice.",
]


def clear_voice() -> None:
    """Remove every run, response, statement, exit questionnaire and entry of the log of
    complaints, compliments and feedback (not the surveys)."""
    PracticeFeedback.objects.all().delete()
    ExitQuestionnaire.objects.all().delete()
    Statement.objects.all().delete()
    Response.objects.all().delete()
    SurveyRun.objects.all().delete()


def seed_voice(*, seed: int, today: dt.date, progress: Callable[[str], None]) -> None:
    """Three autumn health checks (to today), the latest one's summary published, a year of
    joiners' answers and the statements."""
    rng = random.Random(f"{seed}:voice")  # noqa: S311 (demo data, not security)
    psw = User.objects.filter(username="psw").first()
    with transaction.atomic(), suppressed():
        clear_voice()
        health = SurveyTemplate.objects.filter(kind="health_check", is_current=True).first()
        joiners = SurveyTemplate.objects.filter(kind="joiners", is_current=True).first()
        if health is None or joiners is None or psw is None:
            progress("No shipped surveys or no PSW: no staff voice data")
            return
        runs = {}
        for year, (centre, rate) in HEALTH_CHECKS.items():
            opens = dt.date(year, 9, 1) if year == today.year else dt.date(year, 10, 1)
            closes = min(opens + dt.timedelta(days=27), today)
            runs[year] = _run(rng, health, f"Social work health check {year}", opens, closes,
                              centre, rate, psw)  # fmt: skip
        starters = StaffMember.objects.filter(
            start_date__gt=today - dt.timedelta(days=365), start_date__lte=today
        )
        _run(rng, joiners, "Joiners' questionnaire 2024 to 2025", today - dt.timedelta(days=364),
             today, 3.8, 0.7, psw, people=list(starters.select_related("team")))  # fmt: skip
        SurveyRun.objects.filter(pk=runs[max(runs)].pk).update(summary_published=True)
        _exit_questionnaires(rng, today, User.objects.filter(username="hr").first())
        _practice_feedback(rng, today, psw)
        for year, said, will, did, status in STATEMENTS:
            run = runs[year]
            action = ActionItem.objects.create(
                issue=said,
                action=will,
                risk="Social workers leave, and children lose their worker",
                priority=ActionItem.Priority.HIGH,
                proposed_date=run.closes_on + dt.timedelta(days=180),
                owner=psw,
                status=status,
                source=ActionItem.Source.HEALTH_CHECK,
                source_label=run.title,
                completed_on=run.closes_on + dt.timedelta(days=170) if did else None,
            )
            Statement.objects.create(
                run=run, you_said=said, we_will=will, we_did=did, action=action, published=True,
                published_on=run.closes_on + dt.timedelta(days=30), created_by=psw,
            )  # fmt: skip
        progress(
            f"Stored {SurveyRun.objects.count()} staff surveys with "
            f"{Response.objects.count()} responses, {Statement.objects.count()} "
            f'"you said, we did" statements, {ExitQuestionnaire.objects.count()} exit '
            f"questionnaires and {PracticeFeedback.objects.count()} complaints, compliments and "
            "feedback from children and families"
        )


def _run(
    rng: random.Random,
    template: SurveyTemplate,
    title: str,
    opens: dt.date,
    closes: dt.date,
    centre: float,
    rate: float,
    psw: User,
    *,
    people: list[StaffMember] | None = None,
) -> SurveyRun:
    asked = people
    if asked is None:
        asked = population(kind=SurveyRun.Population.ALL, service_area=None, team=None, on=opens)
    run = SurveyRun.objects.create(
        template=template, title=title, opens_on=opens, closes_on=closes, population="all",
        invited=len(asked), created_by=psw,
    )  # fmt: skip
    questions = questions_of(parsed(template.text))
    answering = rng.sample(asked, round(len(asked) * rate))
    days = (closes - opens).days
    Response.objects.bulk_create(
        Response(
            run=run,
            submitted_on=opens + dt.timedelta(days=rng.randint(0, days)),
            team=None if rng.random() < 0.08 else person.team,
            role="" if rng.random() < 0.1 else codes.ORG_ROLE.get(person.role_level, ""),
            sex=rng.choice(["", *SEX[:2], SEX[0], SEX[0], SEX[0]]),
            ethnicity=rng.choice(["", *ETHNIC_GROUPS, "White", "White", "White"]),
            disability=rng.choice(["", "Yes", "No", "No", "No", "No"]),
            years_qualified=rng.choice(["", *YEARS_QUALIFIED]),
            answers=_answers(rng, questions, centre + rng.gauss(0, 0.6)),
        )
        for person in answering
    )
    return run


def _answers(rng: random.Random, questions: list[SurveyQuestion], mood: float) -> dict[str, object]:
    answers: dict[str, object] = {}
    for q in questions:
        if rng.random() < 0.04:
            continue
        if q.kind == "agree":
            if rng.random() < 0.03:
                answers[q.key] = "dk"
                continue
            low = 0.5 if q.key.startswith(LOW) else 0.0
            answers[q.key] = min(5, max(1, round(mood - low + rng.gauss(0, 0.7))))
        elif q.kind == "scale10":
            answers[q.key] = min(10, max(0, round((mood - 1) * 2.5 + rng.gauss(0, 1.5))))
        elif q.kind == "number" and q.low is not None and q.high is not None:
            typical = 22 - 2 * mood if q.key == "s3_cases" else 12 - 2 * mood
            answers[q.key] = min(q.high, max(q.low, round(typical + rng.gauss(0, 3))))
        elif q.kind == "choice":
            answers[q.key] = rng.choice(q.options[:3] if mood > 3.2 else q.options)
        elif q.kind == "multi":
            answers[q.key] = rng.sample(q.options[:-1], rng.randint(1, 3))
        elif q.kind == "rank":
            answers[q.key] = rng.sample(q.options, 3)
        elif rng.random() < 0.15:
            answers[q.key] = rng.choice(COMMENTS)
    return answers


def _exit_questionnaires(rng: random.Random, today: dt.date, hr: User | None) -> None:
    """An exit questionnaire sent to each employee who left in the year to ``today``; about
    seven in ten answered, within a month of their last day."""
    template = SurveyTemplate.objects.filter(kind="exit", is_current=True).first()
    if template is None:
        return
    questions = questions_of(parsed(template.text))
    leavers = StaffMember.objects.filter(
        end_date__gt=today - dt.timedelta(days=365), end_date__lte=today
    ).exclude(employment_type=StaffMember.Employment.AGENCY)
    reasons, weights = list(EXIT_WEIGHTS), list(EXIT_WEIGHTS.values())
    made = []
    for person in leavers.order_by("pk"):
        assert person.end_date is not None
        answered = person.end_date + dt.timedelta(days=rng.randint(0, 30))
        answers: dict[str, object] = {}
        if rng.random() < 0.7 and answered <= today:
            answers = _answers(rng, questions, 2.6 + rng.gauss(0, 0.6))
            main = rng.choices(reasons, weights)[0]
            others = rng.sample([r for r in reasons if r != main], rng.randint(0, 2))
            answers.pop("exit_other", None)
            answers |= {"exit_main_reason": main, "exit_reasons": [main, *others]}
        made.append(
            ExitQuestionnaire(
                staff=person,
                template=template,
                token_hash=token_hash(new_token()),
                sent_on=person.end_date,
                answered_on=answered if answers else None,
                answers=answers,
                sent_by=hr,
            )
        )
    ExitQuestionnaire.objects.bulk_create(made)


def _practice_feedback(rng: random.Random, today: dt.date, psw: User) -> None:
    """Two years of complaints, compliments and feedback, spread evenly over the
    months, each about a child whose lead worker was in the team that day (its case reference,
    never a name). Complaints move through the stages, fewer being upheld as the months go on;
    some upheld ones link to an action already in the action plans."""
    actions = list(
        ActionItem.objects.exclude(source=ActionItem.Source.HEALTH_CHECK).order_by("pk")[:6]
    )
    start = today - dt.timedelta(days=round(FEEDBACK_MONTHS * 30.4))
    made = []
    for month in range(FEEDBACK_MONTHS):
        first = start + dt.timedelta(days=round(month * 30.4))
        last = min(first + dt.timedelta(days=30), today)
        active = (
            Allocation.objects.filter(role=Allocation.Role.LEAD, start__lte=first)
            .exclude(end__lt=last)
            .order_by("pk")
        )
        # a run of the children held all month, from a point chosen at random
        offset = rng.randint(0, max(active.count() - 300, 0))
        leads = list(active.values_list("case__cms_id", "worker__team_id")[offset : offset + 300])
        if not leads:
            continue
        for kind, a_month in FEEDBACK_A_MONTH.items():
            for _ in range(a_month):
                cms_id, team = rng.choice(leads)
                on = first + dt.timedelta(days=rng.randint(0, (last - first).days))
                later, recent = month / FEEDBACK_MONTHS, (today - on).days < 28
                made.append(_entry(rng, kind, on, team, cms_id, later, recent, actions))
    for entry in made:
        entry.recorded_by = psw
    PracticeFeedback.objects.bulk_create(made)


def _entry(
    rng: random.Random,
    kind: str,
    on: dt.date,
    team: int,
    cms_id: str,
    later: float,
    recent: bool,
    actions: list[ActionItem],
) -> PracticeFeedback:
    """One entry of the log; ``later`` runs from 0 (the first day) to 1 (today); a complaint
    received ``recent``ly is often not decided yet."""
    entry = PracticeFeedback(kind=kind, received_on=on, team_id=team)
    if kind == "complaint":
        entry.themes = rng.choices(list(COMPLAINT_THEMES), list(COMPLAINT_THEMES.values()))
        entry.case_reference = cms_id
        entry.stage = rng.choices(["stage_1", "stage_2", "stage_3", "ombudsman"], [85, 11, 3, 1])[0]
        upheld = 0.45 - 0.2 * later
        entry.outcome = rng.choices(
            ["upheld", "partly_upheld", "not_upheld", "withdrawn"],
            [upheld, 0.25, 0.75 - upheld, 0.05],
        )[0]
        if recent and rng.random() < 0.6:
            entry.outcome = "open"
        if entry.outcome in ("upheld", "partly_upheld"):
            entry.learning = rng.choice(LEARNING[:4])
            entry.action = rng.choice(actions) if actions and rng.random() < 0.3 else None
        return entry
    themes = list(POSITIVE_THEMES)
    weights = list(POSITIVE_THEMES.values())
    if kind == "compliment":
        entry.themes = rng.choices(themes, weights)
        entry.case_reference = cms_id if rng.random() < 0.7 else ""
        entry.learning = LEARNING[4] if rng.random() < 0.3 else ""
        return entry
    entry.source = rng.choices(["child", "parent", "family", "carer"], [5, 5, 1, 2])[0]
    entry.gathered = rng.choices(["review", "visit", "other"], [5, 4, 1])[0]
    entry.said = rng.choice(SAID[entry.source])
    chosen = {rng.choices(themes, weights)[0] for _ in range(rng.randint(1, 2))}
    entry.themes = sorted(chosen, key=THEMES.index)
    entry.case_reference = cms_id if rng.random() < 0.8 else ""
    return entry
