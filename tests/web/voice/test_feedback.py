"""Complaints, compliments and feedback from children and families: recorded through a form
that refuses bad input, scoped by team, case references masked for those who do not allocate,
counted per quarter, exported as CSV and Excel; and the exit questionnaire's free text cleared
when the staff record is anonymised."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.quality.models import ActionItem
from csc_workforce.web.voice.models import ExitQuestionnaire, PracticeFeedback, SurveyTemplate
from csc_workforce.web.workforce.services import staff_anonymise
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory

COMMUNICATION = "Communication and being kept informed"
DELAY = "Delay or missed visits"
LISTENED = "Being listened to and involved in plans"


def _post(day: dt.date, team: object, **fields: object) -> dict[str, object]:
    return {
        "received_on_0": str(day.day),
        "received_on_1": str(day.month),
        "received_on_2": str(day.year),
        "team": team.pk,  # type: ignore[attr-defined]
        **fields,
    }


def _entry(kind: str, on: dt.date, team: object, **fields: object) -> PracticeFeedback:
    return PracticeFeedback.objects.create(kind=kind, received_on=on, team=team, **fields)


def test_a_team_manager_records_a_complaint_and_sees_it_in_the_log(people: dict) -> None:
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    form = manager.get("/voice/feedback/new/").content.decode()
    assert "Team A" in form
    assert "Team B" not in form
    saved = manager.post(
        "/voice/feedback/new/",
        _post(
            dt.date(2025, 9, 2),
            people["team_a"],
            kind="complaint",
            case_reference="NF0012345",
            themes=[COMMUNICATION],
            stage="stage_1",
            outcome="open",
            learning="Tell families the name of a new worker within five days.",
        ),
        follow=True,
    )
    assert "Complaint received 2 September 2025 saved" in saved.content.decode()
    entry = PracticeFeedback.objects.get()
    assert (entry.case_reference, entry.themes, entry.stage) == (
        "NF0012345",
        [COMMUNICATION],
        "stage_1",
    )
    assert entry.recorded_by == people["users"][Role.TEAM_MANAGER]
    assert AuditEvent.objects.filter(model="voice.PracticeFeedback", action="create").exists()
    page = manager.get("/voice/feedback/").content.decode()
    assert "NF0012345" in page  # a team manager allocates: the reference in full
    assert "Tell families the name of a new worker" in page

    # the complaint moves on to stage 2, partly upheld
    changed = manager.post(
        f"/voice/feedback/{entry.pk}/",
        _post(
            dt.date(2025, 9, 2),
            people["team_a"],
            kind="complaint",
            case_reference="NF0012345",
            themes=[COMMUNICATION],
            stage="stage_2",
            outcome="partly_upheld",
        ),
    )
    assert changed.status_code == 302
    entry.refresh_from_db()
    assert (entry.stage, entry.outcome) == ("stage_2", "partly_upheld")


def test_bad_input_gets_a_clear_message_and_stores_nothing(people: dict) -> None:
    psw = client_for(people["users"][Role.PSW])
    cases = [
        (
            {"kind": "complaint", "themes": [COMMUNICATION], "case_reference": "Jane Smith"},
            ["never the child&#x27;s name", "Select the stage the complaint has reached"],
        ),
        (
            {"kind": "compliment", "themes": [COMMUNICATION, DELAY], "stage": "stage_1"},
            ["Select the one theme", "Only a complaint has a stage and an outcome"],
        ),
        (
            {"kind": "feedback", "themes": [LISTENED]},
            [
                "Select who gave the feedback",
                "Select where the feedback was gathered",
                "Enter what was said",
            ],
        ),
        ({"kind": "feedback"}, ["Select at least one theme"]),
        ({"kind": "complaint", "themes": ["Made up"]}, ["Select the themes from the list"]),
    ]
    for fields, messages in cases:
        page = psw.post(
            "/voice/feedback/new/", _post(dt.date(2025, 9, 2), people["team_a"], **fields)
        )
        text = page.content.decode()
        assert page.status_code == 200, fields
        assert "govuk-error-summary" in text, fields
        for message in messages:
            assert message in text, (fields, message)
    future = psw.post(
        "/voice/feedback/new/",
        _post(TODAY + dt.timedelta(days=1), people["team_a"], kind="compliment", themes=[DELAY]),
    )
    assert "The date received must be today or in the past" in future.content.decode()
    assert not PracticeFeedback.objects.exists()


def test_a_team_manager_cannot_record_against_another_team_or_action(people: dict) -> None:
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    others = ActionItem.objects.create(
        issue="Recording",
        action="Workshop",
        risk="Drift",
        priority="high",
        proposed_date=dt.date(2025, 12, 1),
        owner=people["users"][Role.PSW],
        source="audit",
    )
    base = {"kind": "compliment", "themes": [LISTENED]}
    other_team = manager.post(
        "/voice/feedback/new/", _post(dt.date(2025, 9, 2), people["team_b"], **base)
    )
    assert "Select one of your teams from the list" in other_team.content.decode()
    other_action = manager.post(
        "/voice/feedback/new/",
        _post(dt.date(2025, 9, 2), people["team_a"], action=others.pk, **base),
    )
    assert "Choose one of your action plan items" in other_action.content.decode()
    assert not PracticeFeedback.objects.exists()


def _log(people: dict) -> None:
    """Team A: 2 complaints in July to September 2025 (one upheld, about communication; one
    not yet decided, about delay), a compliment in April to June 2025 and feedback from a child
    in July to September with two themes; team B: one complaint in July to September."""
    a, b = people["team_a"], people["team_b"]
    _entry("complaint", dt.date(2025, 7, 3), a, case_reference="NF0000101", themes=[COMMUNICATION],
           stage="stage_1", outcome="upheld", learning="Ring back within two days.")  # fmt: skip
    _entry("complaint", dt.date(2025, 9, 30), a, case_reference="NF0000102", themes=[DELAY],
           stage="stage_2", outcome="open")  # fmt: skip
    _entry("compliment", dt.date(2025, 6, 30), a, themes=[LISTENED])
    _entry("feedback", dt.date(2025, 8, 14), a, case_reference="NF0000103",
           themes=[COMMUNICATION, LISTENED], source="child", gathered="review",
           said="My worker explains things properly.")  # fmt: skip
    _entry("complaint", dt.date(2025, 8, 1), b, case_reference="NF0000201", themes=[DELAY],
           stage="stage_1", outcome="not_upheld")  # fmt: skip


def test_counts_and_themes_per_quarter_for_the_teams_one_sees(people: dict) -> None:
    _log(people)
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    page = manager.get("/voice/feedback/?from=2025-04-01&to=2025-09-30")
    counts = page.context["counts"]
    assert counts.quarters == ["April to June 2025", "July to September 2025"]
    assert counts.short == ["Q1 2025-26", "Q2 2025-26"]
    # team A only: complaints 0 then 2; compliments 1 then 0; feedback 0 then 1
    assert counts.by_kind == [
        ("Complaint", [0, 2]),
        ("Compliment", [1, 0]),
        ("Feedback from a child or family", [0, 1]),
    ]
    assert ("Upheld", [0, 1]) in counts.outcomes
    assert ("Not yet decided", [0, 1]) in counts.outcomes
    assert ("Not upheld", [0, 0]) in counts.outcomes  # team B's is not counted
    themes = dict(counts.themes)
    assert themes["Complaint"] == [(COMMUNICATION, [0, 1]), (DELAY, [0, 1])]
    # the feedback with two themes counts once under each
    assert themes["Feedback from a child or family"] == [
        (COMMUNICATION, [0, 1]),
        (LISTENED, [0, 1]),
    ]
    text = page.content.decode()
    assert "NF0000201" not in text
    assert "NF0000101" in text
    assert "<svg" in text
    assert "Entries per quarter as a table" in text

    psw = client_for(people["users"][Role.PSW]).get(
        "/voice/feedback/?from=2025-04-01&to=2025-09-30"
    )
    assert psw.context["counts"].by_kind[0] == ("Complaint", [0, 3])


def test_administrators_see_references_masked_and_no_free_text(people: dict) -> None:
    _log(people)
    admin = client_for(people["users"][Role.ADMINISTRATOR])
    page = admin.get("/voice/feedback/?from=2025-04-01&to=2025-09-30").content.decode()
    assert "••••••101" in page
    assert "NF0000101" not in page
    assert "Ring back within two days" not in page
    assert "My worker explains things properly" not in page
    csv = admin.get("/voice/feedback/?from=2025-04-01&to=2025-09-30&format=csv").content.decode()
    assert "••••••101" in csv
    assert "NF0000101" not in csv
    assert "What was said" not in csv
    assert "Ring back" not in csv
    book = admin.get("/voice/feedback/?from=2025-04-01&to=2025-09-30&format=xlsx").content
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    assert workbook.sheetnames == ["Entries", "Per quarter"]
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "••••••101" in cells
    assert "NF0000101" not in cells
    assert {"Q1 2025-26", "Q2 2025-26"} & cells == set()  # the quarters in full in the file
    assert "July to September 2025" in cells
    assert admin.get("/voice/feedback/new/").status_code == 403


def test_the_export_neutralises_formulas_and_holds_the_free_text_for_those_who_record(
    people: dict,
) -> None:
    _entry("feedback", dt.date(2025, 8, 14), people["team_a"], themes=[LISTENED],
           source="parent", gathered="visit", said="=HYPERLINK(1)")  # fmt: skip
    psw = client_for(people["users"][Role.PSW])
    csv = psw.get("/voice/feedback/?from=2025-04-01&to=2025-09-30&format=csv").content.decode()
    lines = csv.splitlines()
    assert lines[0].endswith("What was said,Learning identified")
    assert "'=HYPERLINK(1)" in lines[1]
    assert lines[1].startswith("2025-08-14,Feedback from a child or family,Team A,")


def test_hr_analysts_and_social_workers_do_not_see_the_log(people: dict) -> None:
    for role in (Role.HR, Role.ANALYST, Role.SOCIAL_WORKER):
        assert client_for(people["users"][role]).get("/voice/feedback/").status_code == 403


def test_anonymising_a_leaver_clears_their_exit_questionnaire_s_free_text(people: dict) -> None:
    leaver = StaffMemberFactory(team=people["team_a"], end_date=dt.date(2018, 3, 31))
    questionnaire = ExitQuestionnaire.objects.create(
        staff=leaver,
        template=SurveyTemplate.objects.get(kind="exit"),
        token_hash="1" * 64,
        sent_on=dt.date(2018, 3, 31),
    )
    questionnaire.answers = {
        "exit_main_reason": "Workload",
        "exit_reasons": ["Workload"],
        "exit_other": "My manager, Sam Jones, never supported me",
        "exit_change": "Fewer cases for newly qualified workers",
        "exit_recommend": 4,
    }
    questionnaire.save()
    name = leaver.full_name
    staff_anonymise(staff=leaver, today=TODAY)
    questionnaire.refresh_from_db()
    assert questionnaire.answers == {
        "exit_main_reason": "Workload",
        "exit_reasons": ["Workload"],
        "exit_recommend": 4,
    }  # the reasons and scales the reports count stay
    trail = list(
        AuditEvent.objects.filter(model="voice.ExitQuestionnaire", object_pk=str(questionnaire.pk))
    )
    assert trail
    for event in trail:
        assert "Sam Jones" not in str(event.changes)
        assert name not in event.object_repr


def test_the_log_is_shown_fifty_entries_a_page_and_downloaded_whole(people: dict) -> None:
    PracticeFeedback.objects.bulk_create(
        PracticeFeedback(
            kind="compliment",
            received_on=dt.date(2025, 9, 1) - dt.timedelta(days=n),
            team=people["team_a"],
            themes=[LISTENED],
        )
        for n in range(60)
    )
    psw = client_for(people["users"][Role.PSW])
    query = "?from=2025-04-01&to=2025-09-30"
    first = psw.get(f"/voice/feedback/{query}")
    assert len(first.context["page"]) == 50
    assert "1 to 50 of 60" in first.content.decode()
    second = psw.get(f"/voice/feedback/{query}&page=2")
    assert len(second.context["page"]) == 10  # the oldest 10: 60 - 50
    assert second.context["page"][9].received_on == dt.date(2025, 9, 1) - dt.timedelta(days=59)
    assert psw.get(f"/voice/feedback/{query}&page=x").context["page"].number == 1
    csv = psw.get(f"/voice/feedback/{query}&format=csv").content.decode()
    assert len(csv.splitlines()) == 1 + 60


def test_a_period_backwards_or_mistyped_is_named_and_nothing_is_shown(people: dict) -> None:
    psw = client_for(people["users"][Role.PSW])
    backwards = psw.get("/voice/feedback/", {"from": "2025-09-30", "to": "2025-04-01"})
    text = backwards.content.decode()
    assert backwards.status_code == 200
    assert "The first day must be the same as or before the last day" in text
    assert "Per quarter" not in text
    mistyped = psw.get("/voice/feedback/", {"from": "2025-13-01"}).content.decode()
    assert "Enter the first day as a real date, like 2024-10-01" in mistyped
