"""Exit questionnaires: HR sends a leaver a single-use link; the answers go on the staff record
(not anonymous, by design), with the authority's own reasons beside DfE's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase

from csc_workforce.core.voice import EXIT_REASONS, parse_survey
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.voice.models import ExitQuestionnaire
from csc_workforce.web.voice.services import exit_questionnaire_send
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory, UserFactory

SHIPPED = Path(__file__).parents[3] / "src/csc_workforce/web/voice/surveys/exit.txt"


def test_the_shipped_exit_questionnaire_asks_the_authority_s_own_reasons() -> None:
    questions = {q.key: q for s in parse_survey(SHIPPED.read_text()) for q in s.questions}
    assert questions["exit_reasons"].options == EXIT_REASONS
    assert questions["exit_main_reason"].options == EXIT_REASONS
    assert "Resignation" not in EXIT_REASONS  # DfE's contractual reason stays on the record


def _leaver(team: object) -> object:
    return StaffMemberFactory(
        team=team,
        end_date=TODAY - dt.timedelta(days=10),
        reason_leave="1",
        user=UserFactory(username="leaver", email="leaver@example.org"),
    )


def _send(people: dict) -> str:
    """HR sends the leaver's questionnaire from the leavers' page; the link emailed."""
    hr = client_for(people["users"][Role.HR])
    leaver = _leaver(people["team_a"])
    page = hr.get("/voice/leavers/")
    assert leaver.full_name in page.content.decode()
    assert "Resignation" in page.content.decode()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = hr.post("/voice/leavers/", {"staff": leaver.pk}, follow=True)
    assert f"Exit questionnaire link emailed to {leaver.full_name}" in sent.content.decode()
    assert mail.outbox[0].to == ["leaver@example.org"]
    return re.search(r"http://testserver(\S+)", mail.outbox[0].body)[1]  # type: ignore[index]


def test_a_leaver_answers_once_and_the_answers_go_on_their_record(people: dict) -> None:
    link = _send(people)
    client = Client()
    page = client.get(link)
    assert "This questionnaire is not anonymous" in page.content.decode()
    assert "Your team" not in page.content.decode()  # no "about you": HR knows who left
    answers = {
        "exit_reasons": ["Workload", "Travel"],
        "exit_main_reason": "Workload",
        "exit_caseload": "2",
        "exit_recommend": "6",
    }
    thanks = client.post(link, answers)
    assert "Your exit questionnaire is in" in thanks.content.decode()
    stored = ExitQuestionnaire.objects.get()
    assert stored.answered_on == TODAY
    assert stored.answers["exit_reasons"] == ["Workload", "Travel"]
    assert stored.answers["exit_main_reason"] == "Workload"
    assert (stored.answers["exit_caseload"], stored.answers["exit_recommend"]) == (2, 6)
    again = client.post(link, {"exit_main_reason": "Pay"})
    assert "This link has already been used" in again.content.decode()
    assert ExitQuestionnaire.objects.get().answers["exit_main_reason"] == "Workload"
    assert AuditEvent.objects.filter(model="voice.ExitQuestionnaire", action="update").exists()


def test_an_answer_out_of_range_or_an_altered_link_stores_nothing(people: dict) -> None:
    link = _send(people)
    page = Client().post(link, {"exit_caseload": "9"})
    assert "There is a problem" in page.content.decode()
    assert Client().post(link[:-3] + "/", {}).content.decode().count("not recognised") == 1
    assert ExitQuestionnaire.objects.get().answered_on is None


def test_a_link_closes_sixty_days_after_the_last_day(people: dict, settings: object) -> None:
    link = _send(people)
    settings.CSCW_TODAY = "2025-11-20"  # last day 20 September + 61 days
    page = Client().get(link)
    assert "This questionnaire closed on 19 November 2025" in page.content.decode()


def test_only_someone_who_has_left_is_sent_one(people: dict) -> None:
    with pytest.raises(ValidationError, match="Record the person leaving"):
        exit_questionnaire_send(
            staff=people["colleague_a"], by=people["users"][Role.HR], today=TODAY, link_base=""
        )
    hr = client_for(people["users"][Role.HR])
    assert hr.post("/voice/leavers/", {"staff": people["colleague_a"].pk}).status_code == 404
    assert not ExitQuestionnaire.objects.exists()


def test_a_team_manager_cannot_see_leavers(people: dict) -> None:
    assert client_for(people["users"][Role.TEAM_MANAGER]).get("/voice/leavers/").status_code == 403
