import datetime as dt

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.voice.demo import seed_voice
from csc_workforce.web.voice.models import ExitQuestionnaire, Statement, SurveyRun
from csc_workforce.web.voice.selectors import run_results
from tests.conftest import TODAY
from tests.factories import StaffMemberFactory


def test_the_demo_has_three_improving_health_checks_and_published_statements(
    people: dict,
) -> None:
    for n in range(60):
        team = people["team_a"] if n % 2 else people["team_b"]
        started = dt.date(2025, 3, 3) if n < 12 else dt.date(2015, 1, 5)
        StaffMemberFactory(team=team, start_date=started)
    seed_voice(seed=1, today=TODAY, progress=lambda line: None)
    checks = SurveyRun.objects.filter(template__kind="health_check").order_by("opens_on")
    assert [run.opens_on.year for run in checks] == [2023, 2024, 2025]
    psw = people["users"][Role.PSW]
    scores = [run_results(run=run, user=psw).results.sections[0][1] for run in checks]
    assert scores[0] < scores[1] < scores[2]
    joiners = SurveyRun.objects.get(template__kind="joiners")
    assert joiners.invited == 12  # the 12 who started on 3 March 2025
    assert Statement.objects.filter(published=True, action__source="health_check").count() == 4
    assert [run.summary_published for run in checks] == [False, False, True]


def test_the_demo_sends_this_year_s_employee_leavers_an_exit_questionnaire(people: dict) -> None:
    left = [StaffMemberFactory(team=people["team_a"], end_date=dt.date(2025, 6, 30)) for _ in "ab"]
    StaffMemberFactory(
        team=people["team_a"], end_date=dt.date(2025, 6, 30), employment_type="agency"
    )
    StaffMemberFactory(team=people["team_a"], end_date=dt.date(2024, 6, 30))  # over a year ago
    seed_voice(seed=1, today=TODAY, progress=lambda line: None)
    sent = ExitQuestionnaire.objects.all()
    assert {q.staff for q in sent} == set(left)
    for answered in sent.exclude(answered_on=None):
        assert answered.answers["exit_main_reason"] in answered.answers["exit_reasons"]


def test_the_demo_logs_two_years_of_complaints_compliments_and_feedback(
    people: dict,
) -> None:
    from csc_workforce.web.caseloads.models import Allocation, Case
    from csc_workforce.web.voice.models import PracticeFeedback

    worker = StaffMemberFactory(team=people["team_a"], start_date=dt.date(2015, 1, 5))
    for n in range(20):
        case = Case.objects.create(cms_id=f"NF{n:07d}", opened=dt.date(2023, 1, 2))
        Allocation.objects.create(case=case, worker=worker, start=dt.date(2023, 1, 2))
    seed_voice(seed=1, today=TODAY, progress=lambda line: None)
    entries = PracticeFeedback.objects.all()
    # 9 complaints, 6 compliments and 14 pieces of feedback a month for 24 months
    assert entries.count() == (9 + 6 + 14) * 24
    first = min(e.received_on for e in entries)
    assert first < dt.date(2023, 10, 15)  # two years before 30 September 2025
    assert all(e.team == people["team_a"] for e in entries)
    references = set(Case.objects.values_list("cms_id", flat=True))
    assert {e.case_reference for e in entries} - {""} <= references
    complaints = entries.filter(kind="complaint")
    assert {c.stage for c in complaints} >= {"stage_1", "stage_2"}
    assert all(c.themes and c.outcome for c in complaints)
    assert all(f.said and f.source and f.gathered for f in entries.filter(kind="feedback"))
