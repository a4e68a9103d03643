"""Surveys as text, runs with single-use links, anonymous responses and reminders."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client, TestCase

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.voice.models import (
    Invitation,
    Response,
    SpentToken,
    SurveyRun,
    SurveyTemplate,
)
from csc_workforce.web.voice.services import run_create, survey_save, token_hash
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory, UserFactory

PULSE = "Pulse survey"


def _run(people: dict[str, Any], **overrides: Any) -> tuple[SurveyRun, list[str]]:
    """A pulse survey sent to team A (the social worker, their colleague and the manager, who
    have email addresses), and the links emailed."""
    for person in (people["own"], people["manager"]):
        person.user.email = f"{person.user.username}@example.org"
        person.user.save()
    colleague = people["colleague_a"]
    colleague.user = UserFactory(username="colleague", email="colleague@example.org")
    colleague.save()
    options: dict[str, Any] = {
        "by": people["users"][Role.PSW],
        "template": SurveyTemplate.objects.get(name=PULSE),
        "title": "September pulse",
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=14),
        "population_kind": "team",
        "service_area": None,
        "team": people["team_a"],
        "threshold": 5,
        "open_link": False,
        "link_base": "http://testserver/voice/respond/",
    }
    options.update(overrides)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        made, _ = run_create(**options)
    links = [re.search(r"http://testserver(\S+)", m.body)[1] for m in mail.outbox]  # type: ignore[index]
    return made, links


ANSWERS = {
    "s3_manageable": "4",
    "s4_valued": "dk",
    "s5_reflective": "5",
    "s4_recommend": "8",
    "pulse_say": "More time for visits",
}


def test_survey_text_with_errors_is_refused_naming_lines_and_stores_nothing(people: dict) -> None:
    before = SurveyTemplate.objects.count()
    with pytest.raises(ValidationError) as error:
        survey_save(
            by=people["users"][Role.PSW],
            template=None,
            name="Broken",
            kind="pulse",
            text="# One\n[agree] Missing key\n",
        )
    assert "Line 2: give the question a key" in str(error.value)
    assert SurveyTemplate.objects.count() == before


def test_a_survey_sent_is_changed_as_a_new_version(people: dict) -> None:
    psw = people["users"][Role.PSW]
    template = SurveyTemplate.objects.get(name=PULSE)
    same = survey_save(
        by=psw, template=template, name=PULSE, kind="pulse", text=template.text + "\n"
    )
    assert same.pk == template.pk  # not sent yet: changed in place
    _run(people)
    text = template.text.replace("My workload is manageable.", "My workload is manageable now.")
    newer = survey_save(by=psw, template=same, name=PULSE, kind="pulse", text=text)
    assert newer.version == 2
    template.refresh_from_db()
    assert not template.is_current
    assert "manageable now" not in template.text


def test_each_person_is_emailed_their_own_single_use_link_and_only_its_hash_is_kept(
    people: dict,
) -> None:
    run, links = _run(people)
    # the manager, the social worker and their colleague are in team A, each with an address
    assert run.invited == 3
    assert len(links) == 3
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1, 1]
    tokens = [link.rstrip("/").rsplit("/", 1)[1] for link in links]
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {token_hash(t) for t in tokens}
    assert not stored & set(tokens)


def test_a_response_is_stored_and_the_link_is_spent(people: dict) -> None:
    _, links = _run(people)
    client = Client()
    page = client.get(links[0])
    assert page.status_code == 200
    assert "My workload is manageable." in page.content.decode()
    thanks = client.post(links[0], {**ANSWERS, "team": people["team_a"].pk, "role": "Case holder"})
    assert "Your answers to September pulse are in" in thanks.content.decode()
    response = Response.objects.get()
    assert response.answers == {
        "s3_manageable": 4,
        "s4_valued": "dk",
        "s5_reflective": 5,
        "s4_recommend": 8,
        "pulse_say": "More time for visits",
    }
    assert (response.team, response.role, response.submitted_on) == (
        people["team_a"],
        "Case holder",
        TODAY,
    )
    again = client.post(links[0], ANSWERS)
    assert "This link has already been used" in again.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda link: link.replace("/respond/", "/respond/x"), "This link is not recognised"),
        (lambda link: link[:-3] + "/", "This link is not recognised"),
    ],
)
def test_an_altered_link_stores_nothing(people: dict, change: Any, message: str) -> None:
    _, links = _run(people)
    page = Client().post(change(links[0]), ANSWERS)
    assert message in page.content.decode()
    assert not Response.objects.exists()
    assert not SpentToken.objects.exists()


def test_a_closed_or_unopened_survey_stores_nothing(people: dict, settings: Any) -> None:
    _, links = _run(people, opens_on=TODAY + dt.timedelta(days=1))
    page = Client().post(links[0], ANSWERS)
    assert "This survey opens on 1 October 2025" in page.content.decode()
    settings.CSCW_TODAY = "2025-10-20"
    page = Client().post(links[0], ANSWERS)
    assert "This survey closed on 14 October 2025" in page.content.decode()  # 30 Sep + 14
    assert not Response.objects.exists()


def test_an_answer_out_of_range_is_named_and_nothing_is_stored(people: dict) -> None:
    _, links = _run(people)
    page = Client().post(links[0], {**ANSWERS, "s3_manageable": "7", "s4_recommend": "11"})
    text = page.content.decode()
    assert "There is a problem" in text
    assert "Select the answer to \u2018My workload is manageable.\u2019 from the list" in text
    assert not Response.objects.exists()
    assert not SpentToken.objects.exists()
    assert Client().get(links[0]).status_code == 200  # the link still works


def test_an_open_link_takes_several_responses(people: dict) -> None:
    run, _ = _run(people, open_link=True)
    link = f"/voice/respond/{run.open_token}/"
    for _ in range(2):
        Client().post(link, ANSWERS)
    assert Response.objects.count() == 2
    assert not SpentToken.objects.exists()


def test_nothing_stored_logged_or_audited_ties_a_response_to_a_person(
    people: dict, caplog: pytest.LogCaptureFixture
) -> None:
    _, links = _run(people)
    events = AuditEvent.objects.count()
    worker = people["own"]
    # the social worker answers while signed in: the page must not read who they are
    client = client_for(worker.user)
    with caplog.at_level(logging.DEBUG):
        for link in links:
            client.post(link, ANSWERS)
    assert AuditEvent.objects.count() == events
    names = {worker.given_name, worker.family_name, worker.user.username, worker.user.email}
    tokens = {link.rstrip("/").rsplit("/", 1)[1] for link in links}
    secrets = names | tokens | {token_hash(t) for t in tokens}
    for record in caplog.records:
        assert not any(s in record.getMessage() for s in secrets), record.getMessage()
    # a response holds no reference to anyone or to a link, and only a day
    for field in Response._meta.get_fields():
        if isinstance(field, models.ForeignKey):
            assert field.related_model not in (Invitation, SpentToken)
            assert field.name in (
                "run",
                "team",
            )
        assert not isinstance(field, models.DateTimeField)
    assert [f.name for f in SpentToken._meta.get_fields()] == ["token_hash"]
    # the spent tokens are kept in hash order, not in the order the links were used
    stored = list(SpentToken.objects.values_list("token_hash", flat=True).order_by("pk"))
    assert stored == sorted(token_hash(t) for t in tokens)
    assert isinstance(Response.objects.first().pk, type(Response._meta.pk.default()))  # type: ignore[union-attr, misc]


def test_reminders_go_one_by_one_to_those_who_have_not_answered(people: dict) -> None:
    from csc_workforce.web.voice.services import run_remind

    run, links = _run(people)
    Client().post(links[0], ANSWERS)
    answered = mail.outbox[0].to[0]
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = run_remind(
            run=run, by=people["users"][Role.PSW], today=TODAY, link_base="http://testserver/r/"
        )
    assert sent == 2
    assert [len(m.to) for m in mail.outbox] == [1, 1]
    assert answered not in {m.to[0] for m in mail.outbox}
    # the links first sent to those reminded no longer work
    page = Client().get(links[1])
    assert "This link is not recognised" in page.content.decode()


def test_a_staff_member_without_an_email_is_counted_but_not_emailed(people: dict) -> None:
    StaffMemberFactory(team=people["team_a"])
    run, links = _run(people)
    assert (run.invited, len(links)) == (4, 3)


def test_a_staff_member_without_an_account_is_emailed_at_their_work_email(people: dict) -> None:
    StaffMemberFactory(team=people["team_a"], work_email="no.account@example.org")
    run, links = _run(people)
    assert (run.invited, len(links)) == (4, 4)
    assert "no.account@example.org" in {m.to[0] for m in mail.outbox}
