import datetime as dt

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.quality.models import AuditTemplate, CaseAudit, Question
from tests.conftest import client_for
from tests.factories import TeamFactory, UserFactory

TOOL = """\
# Visits
[yes_no] Was the child seen alone?
    Record why not if they were not.
[grade] How good was the visit?
"""


@pytest.fixture
def psw(db: None) -> object:
    return UserFactory(username="psw.lead", roles=[Role.PSW])


def new_tool(client: object, text: str = TOOL) -> object:
    return client.post(  # type: ignore[attr-defined]
        reverse("quality:tools"),
        {
            "tool-name": "Visits audit",
            "tool-kind": "themed",
            "tool-theme": "Visits",
            "tool-text": text,
        },
    )


def test_a_psw_builds_a_tool_from_sections_and_questions(psw: object) -> None:
    response = new_tool(client_for(psw))
    tool = AuditTemplate.objects.get(name="Visits audit")
    assert response.status_code == 302
    assert (tool.version, tool.is_current, tool.theme) == (1, True, "Visits")
    questions = Question.objects.filter(section__template=tool)
    assert [(q.section.title, q.text, q.answer_type, q.guidance) for q in questions] == [
        ("Visits", "Was the child seen alone?", "yes_no", "Record why not if they were not."),
        ("Visits", "How good was the visit?", "grade", ""),
    ]


def test_mistakes_are_named_by_line_and_nothing_is_saved(psw: object) -> None:
    response = new_tool(client_for(psw), "# Visits\n[scale] How often?\n")
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Line 2: [scale] is not an answer type; use [grade], [yes_no] or [text]" in page
    assert not AuditTemplate.objects.filter(name="Visits audit").exists()


def test_an_unused_tool_changes_in_place(psw: object) -> None:
    client = client_for(psw)
    new_tool(client)
    tool = AuditTemplate.objects.get(name="Visits audit")
    client.post(
        reverse("quality:tool", args=[tool.pk]),
        {"tool-kind": "themed", "tool-theme": "Visits", "tool-text": "# Visits\n[text] Notes?\n"},
    )
    assert AuditTemplate.objects.filter(name="Visits audit").count() == 1
    assert list(Question.objects.filter(section__template=tool).values_list("text", flat=True)) == [
        "Notes?"
    ]


def test_a_used_tool_gets_a_new_version_and_its_audits_keep_the_old(psw: object) -> None:
    client = client_for(psw)
    new_tool(client)
    tool = AuditTemplate.objects.get(name="Visits audit")
    audit = CaseAudit.objects.create(
        case=Case.objects.create(cms_id="NF1000001", opened=dt.date(2025, 1, 6)),
        team=TeamFactory(),
        template=tool,
        auditor=psw,
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
    )
    response = client.post(
        reverse("quality:tool", args=[tool.pk]),
        {
            "tool-kind": "themed",
            "tool-theme": "Visits",
            "tool-text": TOOL + "[text] Anything else?\n",
        },
    )
    new = AuditTemplate.objects.get(name="Visits audit", is_current=True)
    assert response.status_code == 302
    assert new.version == 2
    assert Question.objects.filter(section__template=new).count() == 3
    audit.refresh_from_db()
    assert audit.template_id == tool.pk
    assert Question.objects.filter(section__template=tool).count() == 2
    old_page = client.get(reverse("quality:tool", args=[tool.pk])).content.decode()
    assert "An earlier version" in old_page
    assert "Change this tool" not in old_page


def test_a_second_tool_with_the_same_name_is_refused(psw: object) -> None:
    client = client_for(psw)
    new_tool(client)
    response = new_tool(client)
    assert "There is already a tool called Visits audit" in response.content.decode()  # type: ignore[attr-defined]
