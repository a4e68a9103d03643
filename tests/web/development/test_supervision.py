"""Supervision, registration and CPD in the browser's terms: recording, compliance and overdue
figures worked out by hand, imports that store all or nothing, the renewal-at-risk list, the
1 December check and the idempotent reminders."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.urls import reverse

from csc_workforce.core.problems import ImportFailed
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation, Case
from csc_workforce.web.development.models import (
    CpdRecord,
    Registration,
    Reminder,
    SupervisionAgreement,
    SupervisionSession,
)
from csc_workforce.web.development.services import (
    development_remind,
    registrations_import,
    sessions_import,
)
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory, UserFactory

D = dt.date


def session(staff: Any, on: dt.date, minutes: int = 90, **extra: Any) -> SupervisionSession:
    return SupervisionSession.objects.create(
        staff=staff, held_on=on, minutes=minutes, kind="individual", **extra
    )


def session_post(supervisor: Any, on: dt.date, minutes: str = "90") -> dict[str, object]:
    return {
        "form": "session",
        "session-held_on_0": str(on.day),
        "session-held_on_1": str(on.month),
        "session-held_on_2": str(on.year),
        "session-supervisor": supervisor.pk,
        "session-minutes": minutes,
        "session-kind": "reflective",
        "session-actions_reviewed": "on",
        "session-workload_discussed": "on",
        "session-learning_needs": "Court skills",
        "session-case_references": "NF0000001",
    }


def test_a_team_manager_records_a_session_for_a_worker_in_their_team(people: dict) -> None:
    client = client_for(people["users"][Role.TEAM_MANAGER])
    worker = people["colleague_a"]
    url = reverse("development:person", args=[worker.pk])
    response = client.post(url, session_post(people["manager"], D(2025, 9, 29)))
    assert response.status_code == 302
    stored = SupervisionSession.objects.get(staff=worker)
    assert (stored.held_on, stored.minutes, stored.kind, stored.supervisor) == (
        D(2025, 9, 29),
        90,
        "reflective",
        people["manager"],
    )
    assert stored.actions_reviewed
    assert stored.workload_discussed
    assert stored.created_by == people["users"][Role.TEAM_MANAGER]
    page = client.get(url).content.decode()
    assert "29 Sep 2025" in page
    assert "Court skills" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"session-held_on_0": "1", "session-held_on_1": "10"}, "must be today or in the past"),
        ({"session-minutes": "-30"}, "more than 0"),
        ({"session-minutes": "ninety"}, "Enter the length in whole minutes, like 90"),
        ({"session-supervisor": "colleague"}, "nobody supervises themself"),
    ],
    ids=["future", "negative", "not a number", "self"],
)
def test_a_bad_session_is_refused_with_a_message_and_nothing_stored(
    people: dict, change: dict[str, str], message: str
) -> None:
    client = client_for(people["users"][Role.TEAM_MANAGER])
    worker = people["colleague_a"]
    data = session_post(people["manager"], D(2025, 9, 29)) | change
    if data["session-supervisor"] == "colleague":
        data["session-supervisor"] = worker.pk
    response = client.post(reverse("development:person", args=[worker.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert not SupervisionSession.objects.exists()


def test_compliance_page_shows_the_figures_worked_out_by_hand(people: dict) -> None:
    # Colleague A: supervised in July (90) and September (120); August's session was 60
    # minutes. Months required 1 July-30 September: 3; met 2. The social worker ("own"):
    # supervised in July, August and September: 3 of 3. The manager: none: 0 of 3.
    # Team A: 5 of 9 = 55.6%.
    colleague, own = people["colleague_a"], people["own"]
    session(colleague, D(2025, 7, 10))
    session(colleague, D(2025, 8, 12), minutes=60)
    session(colleague, D(2025, 9, 5), minutes=120)
    for month in (7, 8, 9):
        session(own, D(2025, month, 3))
    client = client_for(people["users"][Role.TEAM_MANAGER])
    response = client.get(
        reverse("development:supervision"),
        {"scope": f"team-{people['team_a'].pk}", "from": "2025-07-01", "to": "2025-09-30"},
    )
    page = response.content.decode()
    assert "55.6%" in page
    assert "5 of 9 weeks, fortnights or months met" in page
    assert people["worker_b"].full_name not in page
    # Overdue now: the manager (no session: due a month after starting in 2015) and colleague
    # A (last counted 5 September: due 5 October, not yet); own (3 September: 3 October, not).
    overdue = page.split("Overdue now")[1].split("Compliance")[0]
    assert people["manager"].full_name in overdue
    assert colleague.full_name not in overdue
    csv = client.get(
        reverse("development:supervision"),
        {"scope": f"team-{people['team_a'].pk}", "from": "2025-07-01", "format": "csv"},
    )
    assert csv["Content-Type"] == "text/csv"
    assert f"{colleague.full_name},{colleague.team.name},3,2,66.7" in csv.content.decode()


def test_a_social_worker_sees_their_own_supervision_and_records_cpd(people: dict) -> None:
    own = people["own"]
    session(own, D(2025, 9, 3), supervisor=people["manager"])
    client = client_for(people["users"][Role.SOCIAL_WORKER])
    response = client.get(reverse("development:supervision"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("development:person", args=[own.pk])
    page = response.content.decode()
    assert "My development" in page
    assert "3 Sep 2025" in page
    assert "Record a session" not in page
    url = reverse("development:person", args=[own.pk])
    # Recording a session for oneself is not offered, and a post does nothing.
    client.post(url, session_post(people["manager"], D(2025, 9, 10)))
    assert SupervisionSession.objects.count() == 1
    response = client.post(
        url,
        {
            "form": "cpd",
            "cpd-on_0": "12",
            "cpd-on_1": "9",
            "cpd-on_2": "2025",
            "cpd-title": "Contextual safeguarding",
            "cpd-learnt": "Mapping peer groups",
            "cpd-impact": "Safety plans outside the home",
            "cpd-peer_reflection": "Talked it through with my practice supervisor",
        },
    )
    assert response.status_code == 302
    assert CpdRecord.objects.get().staff == own
    page = client.get(url).content.decode()
    assert "1 piece, 1 with a peer reflection" in page
    assert "needs 1 more piece of CPD by 30 November 2025" in page


def test_a_supervisor_by_agreement_records_sessions_whatever_their_role(people: dict) -> None:
    supervisor_user = UserFactory(username="practice.supervisor", roles=[Role.SOCIAL_WORKER])
    supervisor = StaffMemberFactory(team=people["team_b"], user=supervisor_user, role_level=4)
    worker = people["colleague_a"]
    SupervisionAgreement.objects.create(
        staff=worker, supervisor=supervisor, frequency="monthly", signed_on=D(2025, 1, 6)
    )
    client = client_for(supervisor_user)
    url = reverse("development:person", args=[worker.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, session_post(supervisor, D(2025, 9, 26))).status_code == 302
    assert client.get(reverse("development:person", args=[people["own"].pk])).status_code == 404


SESSIONS_HEADER = "worker_swe_number,supervisor_swe_number,held_on,minutes,kind\n"


def test_supervision_dates_import_all_or_nothing_and_never_twice(people: dict) -> None:
    colleague, manager = people["colleague_a"], people["manager"]
    good = SESSIONS_HEADER + (
        f"{colleague.swe_number},{manager.swe_number},2025-09-01,90,individual\n"
        f"{colleague.swe_number},{manager.swe_number},01/08/2025,95,\n"
    )
    result = sessions_import(data=good.encode(), filename="s.csv", by=None, today=TODAY)
    assert result.created == 2
    assert SupervisionSession.objects.filter(source="imported").count() == 2
    with pytest.raises(ImportFailed) as again:
        sessions_import(data=good.encode(), filename="s.csv", by=None, today=TODAY)
    messages = [problem.message for problem in again.value.problems]
    assert messages[0] == (
        f"s.csv: Row 2, column C (held_on): {colleague.full_name} already has a session of this "
        "kind (individual case supervision) on 1 September 2025: was this file imported before?"
    )
    assert SupervisionSession.objects.count() == 2


def test_a_supervision_file_with_bad_rows_names_each_and_stores_nothing(people: dict) -> None:
    colleague, manager = people["colleague_a"], people["manager"]
    bad = SESSIONS_HEADER + (
        f"{colleague.swe_number},{manager.swe_number},2025-09-01,90,individual\n"
        f"{colleague.swe_number},{manager.swe_number},2025-10-01,90,individual\n"
        f"{colleague.swe_number},{colleague.swe_number},2025-09-02,90,group\n"
        f"{colleague.swe_number},{manager.swe_number},2025-09-03,-15,peer\n"
        f"ZZ999999,{manager.swe_number},2025-09-04,90,peer\n"
        f"{colleague.swe_number},{manager.swe_number},2025-09-01,90,individual\n"
    )
    with pytest.raises(ImportFailed) as failed:
        sessions_import(data=bad.encode(), filename="s.csv", by=None, today=TODAY)
    found = [(problem.row, problem.column, problem.rule) for problem in failed.value.problems]
    assert found == [
        (3, "C", "future_date"),
        (4, "B", "self_supervision"),
        (5, "D", "minutes"),
        (6, "A", "unknown_worker"),
        (7, "C", "duplicate_in_file"),
    ]
    assert not SupervisionSession.objects.exists()


REGISTRATION_HEADER = "swe_number,status,expires_on,checked_on,name on register\n"


def test_registration_import_refuses_an_unknown_status_and_a_repeat(people: dict) -> None:
    own, colleague = people["own"], people["colleague_a"]
    bad = REGISTRATION_HEADER + f"{own.swe_number},Lapsing,2025-11-30,2025-09-30,A\n"
    with pytest.raises(ImportFailed) as failed:
        registrations_import(data=bad.encode(), filename="r.csv", by=None, today=TODAY)
    assert failed.value.problems[0].message.startswith(
        "r.csv: Row 2, column B (status): 'Lapsing' is not a registration status: use one of "
        "Registered, "
    )
    assert not Registration.objects.exists()
    good = REGISTRATION_HEADER + (
        f"{own.swe_number},Registered,2025-11-30,2025-09-30,A\n"
        f"{colleague.swe_number},registered,2026-11-30,2025-09-30,B\n"
    )
    result = registrations_import(data=good.encode(), filename="r.csv", by=None, today=TODAY)
    assert (result.created, result.updated) == (2, 0)
    with pytest.raises(ImportFailed) as repeated:
        registrations_import(data=good.encode(), filename="r.csv", by=None, today=TODAY)
    assert repeated.value.problems[0].message == (
        "r.csv: Every row of r.csv is already held as given: was this file imported before? "
        "Nothing was changed"
    )


def test_renewals_at_risk_in_october_and_the_1_december_check(people: dict) -> None:
    own, colleague, manager = people["own"], people["colleague_a"], people["manager"]
    for person, expires in ((own, D(2025, 11, 30)), (colleague, D(2025, 11, 30))):
        Registration.objects.create(
            swe_number=person.swe_number,
            status="registered",
            expires_on=expires,
            checked_on=D(2025, 9, 1),
        )
    Registration.objects.create(
        swe_number=manager.swe_number,
        status="registered",
        expires_on=D(2026, 11, 30),
        checked_on=D(2025, 9, 1),
    )
    for index, on in enumerate((D(2025, 1, 10), D(2025, 6, 1))):
        CpdRecord.objects.create(
            staff=colleague,
            on=on,
            title="Course",
            learnt="Something",
            impact="Better plans",
            peer_reflection="Yes" if index == 0 else "",
        )
    case = Case.objects.create(cms_id="NF0000009", opened=D(2025, 1, 6))
    Allocation.objects.create(case=case, worker=own, start=D(2025, 1, 6))
    client = client_for(people["users"][Role.PSW])
    october = client.get(reverse("development:registrations"), {"on": "2025-10-15"})
    page = october.content.decode()
    at_risk = page.split("Renewals at risk")[1].split("Not registered on")[0]
    # Own: no CPD, not renewed: at risk. Colleague: CPD met: not yet at risk. Manager: renewed.
    assert own.full_name in at_risk
    assert "needs 2 more pieces of CPD and a peer reflection" in at_risk
    assert colleague.full_name not in at_risk
    assert manager.full_name not in at_risk
    december = client.get(reverse("development:registrations"), {"on": "2025-12-01"})
    check = december.content.decode().split("Not registered on 1 December 2025")[1]
    # Own and colleague did not renew: both removed; own still holds a case. Worker B has no
    # registration recorded.
    assert own.full_name in check
    assert colleague.full_name in check
    assert "Registration expired on 30 November 2025" in check
    assert people["worker_b"].full_name in check
    assert "No registration recorded" in check
    assert manager.full_name not in check
    assert '<strong class="govuk-tag govuk-tag--red">1</strong>' in check
    # The page and the home page read both lists at once: the same rows as each alone.
    from csc_workforce.web.development import selectors

    for day in (D(2025, 10, 15), D(2025, 12, 1)):
        for teams in (None, frozenset({people["team_a"].pk})):
            assert selectors.registration_checks(teams=teams, day=day) == (
                selectors.december_check(teams=teams, day=day),
                selectors.renewals_at_risk(teams=teams, day=day),
            )


def test_reminders_are_sent_once(people: dict) -> None:
    people["users"][Role.TEAM_MANAGER].email = "tm@x.invalid"
    people["users"][Role.TEAM_MANAGER].save()
    psw = people["users"][Role.PSW]
    psw.email = "psw@x.invalid"
    psw.save()
    own = people["own"]
    Registration.objects.create(
        swe_number=own.swe_number,
        status="registered",
        expires_on=D(2025, 11, 30),
        checked_on=D(2025, 9, 1),
    )
    session(own, D(2025, 8, 1))
    session(people["colleague_a"], D(2025, 9, 20))
    session(people["manager"], D(2025, 9, 20))
    # Overdue: own (due 1 September) -> the team manager. At risk: own -> team manager, PSW
    # (own's account has no email). Three emails.
    with_commit = development_remind(today=TODAY)
    assert with_commit == 3
    assert development_remind(today=TODAY) == 0


def test_the_remind_command_is_idempotent(people: dict) -> None:
    from django.core.management import call_command

    people["users"][Role.TEAM_MANAGER].email = "tm@x.invalid"
    people["users"][Role.TEAM_MANAGER].save()
    session(people["own"], D(2025, 8, 1))
    out = StringIO()
    call_command("development", "remind", stdout=out)
    call_command("development", "remind", stdout=out)
    # Overdue: the manager (never supervised), the colleague (never) and own (due 1
    # September), each told to the team manager once: 3, then none.
    assert out.getvalue() == (
        "Sent 3 reminder(s): 0 on early careers and induction, 3 on supervision, registration "
        "and training\nSent 0 reminder(s): 0 on early careers and induction, 0 on supervision, "
        "registration and training\n"
    )


def test_training_catalogue_attendance_compliance_evaluation_and_plans(people: dict) -> None:
    from csc_workforce.web.caseloads.models import Reduction, ReductionReason
    from csc_workforce.web.development.models import (
        DevelopmentPlan,
        TrainingAttendance,
        TrainingCourse,
    )

    own, colleague = people["own"], people["colleague_a"]
    psw = client_for(people["users"][Role.PSW])
    url = reverse("development:training")
    response = psw.post(
        url,
        {
            "form": "course",
            "course-name": "Safeguarding refresher",
            "course-provider": "Northfield academy",
            "course-mandatory_for": ["social_worker"],
            "course-renewal_months": "36",
        },
    )
    assert response.status_code == 302
    course = TrainingCourse.objects.get()
    assert course.mandatory_for == ["social_worker"]
    future = psw.post(
        url,
        {
            "form": "attendance",
            "attendance-staff": own.pk,
            "attendance-course": course.pk,
            "attendance-attended_on_0": "1",
            "attendance-attended_on_1": "10",
            "attendance-attended_on_2": "2025",
        },
    )
    assert "must be today or in the past" in future.content.decode()
    assert not TrainingAttendance.objects.exists()
    TrainingAttendance.objects.create(course=course, staff=own, attended_on=D(2025, 6, 2))
    reason = ReductionReason.objects.get(name="ASYE protected development time")
    Reduction.objects.create(
        staff=own, reason=reason, hours_per_week=3, start=D(2025, 1, 1), end=D(2025, 12, 31)
    )
    # Team A: own current, colleague never done, the manager is not a social worker by local
    # role... (the factory's local role is social worker for all three): 1 of 3 = 33.3%.
    page = client_for(people["users"][Role.TEAM_MANAGER]).get(url).content.decode()
    assert "33.3%" in page
    assert colleague.full_name in page.split("Due: not done")[1].split("Courses and")[0]
    # Protected time: 3 of 37 hours = 8.1%, below the standard of 10%.
    assert "8.1%" in page
    social_worker = client_for(people["users"][Role.SOCIAL_WORKER])
    mine = reverse("development:person", args=[own.pk])
    attended = TrainingAttendance.objects.get()
    recent = TrainingAttendance.objects.create(course=course, staff=own, attended_on=D(2025, 8, 1))

    def evaluate(attendance: TrainingAttendance, **scores: str) -> Any:
        data = {"form": "evaluation", "evaluation-attendance": attendance.pk}
        return social_worker.post(mine, data | {f"evaluation-{k}": v for k, v in scores.items()})

    # Three months after 1 August is 1 November: too soon to ask about impact.
    early = evaluate(recent, impact_score="4").content.decode()
    assert "three months after the course, from 1 November 2025" in early
    assert evaluate(attended, feedback_score="5", impact_score="4").status_code == 302
    attended.refresh_from_db()
    recent.refresh_from_db()
    assert (attended.feedback_score, attended.impact_score, recent.impact_score) == (5, 4, None)
    assert (
        social_worker.post(
            mine,
            {
                "form": "plan",
                "plan-year": "2025",
                "plan-goals": "Lead a child protection conference",
                "plan-themes": "Court skills, neglect",
                "plan-review_due_0": "31",
                "plan-review_due_1": "3",
                "plan-review_due_2": "2026",
            },
        ).status_code
        == 302
    )
    assert DevelopmentPlan.objects.get().theme_list == ["Court skills", "neglect"]
    assert "Court skills" in client_for(people["users"][Role.PSW]).get(url).content.decode()

    # Mandatory training due is a reminder too: colleague and manager (never done), to the
    # team manager, once.
    people["users"][Role.TEAM_MANAGER].email = "tm@x.invalid"
    people["users"][Role.TEAM_MANAGER].save()
    development_remind(today=TODAY)
    assert sorted(
        Reminder.objects.filter(kind="training").values_list("staff_id", flat=True)
    ) == sorted([colleague.pk, people["manager"].pk])
    assert development_remind(today=TODAY) == 0


def test_a_workers_page_downloads_their_sessions(people: dict) -> None:
    own = people["own"]
    session(own, D(2025, 9, 3), supervisor=people["manager"], learning_needs="=HYPERLINK(x)")
    client = client_for(people["users"][Role.SOCIAL_WORKER])
    url = reverse("development:person", args=[own.pk])
    text = client.get(url, {"format": "csv"}).content.decode()
    # The learning needs start with "=": written as text, not a formula.
    assert text.splitlines()[1] == (
        f"2025-09-03,Individual case supervision,{people['manager'].full_name},90,False,False,,"
        "'=HYPERLINK(x)"
    )
    workbook = client.get(url, {"format": "xlsx"})
    assert workbook["Content-Disposition"] == 'attachment; filename="development.xlsx"'


def _worker_rows(page: str) -> list[str]:
    """The names in the table by worker, in order."""
    table = page.split("By worker, lowest first")[1].split("</table>")[0]
    return [cell.split("</a>")[0].split(">")[-1] for cell in table.split('scope="row"')[1:]]


def test_the_table_by_worker_comes_50_a_page_and_the_totals_are_everyones(
    people: dict,
) -> None:
    # Team A: the manager, the social worker and colleague A (no session) and 60 more; 30 of
    # those had a session in July. 1 July to 30 September: 63 workers x 3 months = 189
    # required, 30 met: 15.9%. Lowest first: the 33 at 0.0% (by name), then the 30 at 33.3%.
    more = [StaffMemberFactory(team=people["team_a"]) for _ in range(60)]
    for worker in more[:30]:
        session(worker, D(2025, 7, 10))
    client = client_for(people["users"][Role.TEAM_MANAGER])
    url = reverse("development:supervision")
    chosen = {"scope": f"team-{people['team_a'].pk}", "from": "2025-07-01", "to": "2025-09-30"}
    first, second = (
        client.get(url, {**chosen, "page": number}).content.decode() for number in (1, 2)
    )
    for page in (first, second):
        assert "15.9%" in page
        assert "30 of 189 weeks, fortnights or months met, 63 workers" in page
        assert 'class="govuk-pagination"' in page
    assert "1 to 50 of 63" in first
    assert "51 to 63 of 63" in second
    assert 'aria-current="page">1<' in first
    assert 'aria-current="page">2<' in second
    assert "from=2025-07-01&amp;to=2025-09-30&amp;page=2" in first  # the choices are kept
    shown = _worker_rows(first) + _worker_rows(second)
    assert len(_worker_rows(first)) == 50
    assert len(shown) == len(set(shown)) == 63
    nobody_met = {people[k].full_name for k in ("manager", "own", "colleague_a")}
    nobody_met |= {worker.full_name for worker in more[30:]}
    assert set(shown[:33]) == nobody_met
    csv = client.get(url, {**chosen, "format": "csv"}).content.decode().splitlines()
    assert len(csv) == 1 + 63  # the download has everyone


def test_the_1_december_check_counted_by_the_database(people: dict) -> None:
    from csc_workforce.web.development.selectors import december_check, december_counts

    day = D(2025, 12, 1)
    team_a, team_b = people["team_a"], people["team_b"]

    def registration(person: Any, status: str, expires_on: dt.date | None) -> None:
        Registration.objects.create(
            swe_number=person.swe_number,
            status=status,
            expires_on=expires_on,
            checked_on=D(2025, 9, 1),
        )

    # Team A: own registered to 30 November 2026 (registered); the manager under conditions
    # to 1 December 2025, the day itself (registered); colleague A expired 30 November 2025.
    registration(people["own"], "registered", D(2026, 11, 30))
    registration(people["manager"], "conditions", D(2025, 12, 1))
    registration(people["colleague_a"], "registered", D(2025, 11, 30))
    # Team B: worker B has no registration recorded; one suspended to 2026; one removed from
    # the register (to 2026); one with no number (a registration held under a blank number
    # is never theirs); one registered who left on 30 November (not in post); one who starts
    # on 2 December (not in post).
    suspended = StaffMemberFactory(team=team_b)
    registration(suspended, "suspended", D(2026, 11, 30))
    removed = StaffMemberFactory(team=team_b)
    registration(removed, "removed", D(2026, 11, 30))
    StaffMemberFactory(team=team_b, swe_number="")
    Registration.objects.create(
        swe_number="", status="registered", expires_on=D(2026, 11, 30), checked_on=D(2025, 9, 1)
    )
    left = StaffMemberFactory(team=team_b, end_date=D(2025, 11, 30))
    registration(left, "registered", D(2026, 11, 30))
    StaffMemberFactory(team=team_b, start_date=D(2025, 12, 2))
    # In post: 3 in team A and 4 in team B (worker B, suspended, removed, no number): 7. Not
    # registered: colleague A; worker B, suspended, removed and no number: 5.
    assert december_counts(teams=None, day=day) == (7, 5)
    assert december_counts(teams=frozenset({team_a.pk}), day=day) == (3, 1)
    assert december_counts(teams=frozenset({team_b.pk}), day=day) == (4, 4)
    assert december_counts(teams=frozenset(), day=day) == (0, 0)
    # The same people the check lists
    assert len(december_check(teams=None, day=day)) == 5
    assert len(december_check(teams=frozenset({team_a.pk}), day=day)) == 1
