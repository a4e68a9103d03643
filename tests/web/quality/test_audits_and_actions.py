import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.quality.models import ActionItem, AuditTemplate, CaseAudit, Question
from csc_workforce.web.quality.selectors import audit_permissions
from csc_workforce.web.quality.services import audit_moderate, remind_overdue
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def audit(db: None) -> CaseAudit:
    team = TeamFactory(name="Child protection 2")
    practitioner = StaffMemberFactory(
        team=team, user=UserFactory(username="sw.audited", roles=[Role.SOCIAL_WORKER])
    )
    case = Case.objects.create(cms_id="NF7654321", opened=dt.date(2025, 1, 6))
    return CaseAudit.objects.create(
        case=case,
        team=team,
        practitioner=practitioner,
        template=AuditTemplate.objects.get(name="Voice of the child"),
        auditor=UserFactory(username="auditor.tm", roles=[Role.TEAM_MANAGER], email="a@x.invalid"),
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
    )


def answers(audit: CaseAudit, **overrides: str) -> dict[str, str]:
    data = {"audit": "1"}
    for question in Question.objects.filter(section__template=audit.template):
        data[f"audit-q{question.pk}"] = {
            "grade": "good",
            "yes_no": "yes",
            "text": "Her words are in the plan",
        }[question.answer_type]
    return (
        data
        | {
            "audit-grade": "good",
            "audit-findings": "The child's voice shapes the plan.",
            "audit-themes": "Voice, direct work",
            "audit-judgement_areas": ["help_protection"],
        }
        | overrides
    )


def test_the_auditor_completes_the_audit(audit: CaseAudit) -> None:
    client = client_for(audit.auditor)
    page = client.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "How well is the child" in page
    response = client.post(reverse("quality:audit", args=[audit.pk]), answers(audit))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.grade, audit.themes) == (
        "submitted",
        "good",
        ["direct work", "voice"],
    )
    assert audit.answers.count() == 3


def test_unanswered_questions_are_named(audit: CaseAudit) -> None:
    client = client_for(audit.auditor)
    question = Question.objects.filter(
        section__template=audit.template, answer_type="grade"
    ).first()
    assert question is not None
    page = client.post(
        reverse("quality:audit", args=[audit.pk]), answers(audit, **{f"audit-q{question.pk}": ""})
    ).content.decode()
    assert "There is a problem" in page
    assert "Answer: How well is the child" in page
    audit.refresh_from_db()
    assert audit.status == "assigned"


def test_moderation_keeps_both_grades_and_the_practitioner_responds(audit: CaseAudit) -> None:
    client_for(audit.auditor).post(reverse("quality:audit", args=[audit.pk]), answers(audit))
    psw = client_for(UserFactory(username="psw.moderator", roles=[Role.PSW]))
    psw.post(
        reverse("quality:audit", args=[audit.pk]),
        {
            "moderate": "1",
            "moderate-grade": "requires_improvement",
            "moderate-reason": "No direct work recorded",
        },
    )
    audit.refresh_from_db()
    assert (audit.grade, audit.moderated_grade, audit.final_grade) == (
        "good",
        "requires_improvement",
        "requires_improvement",
    )
    practitioner = client_for(audit.practitioner.user)  # type: ignore[union-attr]
    page = practitioner.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "The child&#x27;s voice shapes the plan." in page
    practitioner.post(
        reverse("quality:audit", args=[audit.pk]),
        {"respond": "1", "respond-text": "I will record the direct work"},
    )
    audit.refresh_from_db()
    assert audit.practitioner_response == "I will record the direct work"


def test_the_auditor_records_family_feedback_but_the_practitioner_cannot(
    audit: CaseAudit,
) -> None:
    auditor = client_for(audit.auditor)
    url = reverse("quality:audit", args=[audit.pk])
    auditor.post(url, answers(audit))
    practitioner = client_for(audit.practitioner.user)  # type: ignore[union-attr]
    practitioner.post(url, {"family": "1", "family-text": "Written by the practitioner"})
    audit.refresh_from_db()
    assert audit.family_feedback == ""

    page = auditor.post(url, {"family": "1", "family-text": " "}).content.decode()
    assert "Enter the family&#x27;s feedback" in page
    auditor.post(url, {"family": "1", "family-text": "Mum said the worker listened"})
    audit.refresh_from_db()
    assert audit.family_feedback == "Mum said the worker listened"


def test_someone_else_cannot_open_the_audit(audit: CaseAudit) -> None:
    other = client_for(UserFactory(username="sw.other", roles=[Role.SOCIAL_WORKER]))
    assert other.get(reverse("quality:audit", args=[audit.pk])).status_code == 404


def test_an_action_plan_item_is_tracked_to_completion(audit: CaseAudit) -> None:
    psw_user = UserFactory(username="psw.actions", roles=[Role.PSW], email="psw@x.invalid")
    psw = client_for(psw_user)
    psw.post(
        reverse("quality:actions"),
        {
            "new-issue": "Direct work is not recorded",
            "new-action": "Practice workshop on recording direct work",
            "new-risk": "Children's voices are lost",
            "new-priority": "high",
            "new-proposed_date_0": "31",
            "new-proposed_date_1": "10",
            "new-proposed_date_2": "2025",
            "new-owner": str(psw_user.pk),
            "new-source": "audit",
            "new-source_label": "September audits",
        },
    )
    item = ActionItem.objects.get()
    psw.post(
        reverse("quality:action", args=[item.pk]),
        {"text": "Workshop booked", "status": "in_progress"},
    )
    psw.post(reverse("quality:action", args=[item.pk]), {"text": "Workshop held", "status": "done"})
    item.refresh_from_db()
    assert (item.status, item.completed_on, item.notes.count()) == ("done", TODAY, 2)


def test_an_action_added_from_an_audit_is_linked_to_it(audit: CaseAudit) -> None:
    psw_user = UserFactory(username="psw.actions", roles=[Role.PSW])
    psw = client_for(psw_user)
    client_for(audit.auditor).post(reverse("quality:audit", args=[audit.pk]), answers(audit))
    assert "?audit=" in psw.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    url = reverse("quality:actions") + f"?audit={audit.pk}"
    page = psw.get(url).content.decode()
    assert "Add an action from Audit of case NF7654321" in page
    psw.post(
        url,
        {
            "new-issue": "No chronology",
            "new-action": "Write the chronology",
            "new-risk": "History is lost",
            "new-priority": "medium",
            "new-proposed_date_0": "31",
            "new-proposed_date_1": "10",
            "new-proposed_date_2": "2025",
            "new-owner": str(psw_user.pk),
            "new-source": "audit",
            "new-source_label": "Audit of case NF7654321",
        },
    )
    assert ActionItem.objects.get().audit == audit


def test_overdue_audits_and_actions_are_chased_by_email(audit: CaseAudit) -> None:
    owner = UserFactory(username="owner", email="owner@x.invalid")
    ActionItem.objects.create(
        issue="i",
        action="Review supervision records",
        risk="r",
        priority="low",
        proposed_date=dt.date(2025, 9, 1),
        owner=owner,
        source="inspection",
    )
    assert remind_overdue(today=TODAY) == 2  # the auditor (due 15 September) and the owner
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["a@x.invalid", "owner@x.invalid"]
    assert "NF7654321" not in mail.outbox[0].body + mail.outbox[1].body


def test_the_psw_gives_an_audit_not_yet_done_to_another_auditor(audit: CaseAudit) -> None:
    psw = UserFactory(username="psw.runner", roles=[Role.PSW])
    other = UserFactory(username="sm.other", roles=[Role.SERVICE_MANAGER])
    social_worker = UserFactory(username="sw.not.auditor", roles=[Role.SOCIAL_WORKER])
    client = client_for(psw)
    url = reverse("quality:audit", args=[audit.pk])

    page = client.post(url, {"reassign": "1", "reassign-auditor": str(social_worker.pk)})
    assert "Select the auditor from the list" in page.content.decode()
    client.post(url, {"reassign": "1", "reassign-auditor": str(other.pk)})
    audit.refresh_from_db()
    assert audit.auditor == other

    client_for(other).post(url, answers(audit))
    page = client.post(url, {"reassign": "1", "reassign-auditor": str(psw.pk)})
    audit.refresh_from_db()
    assert audit.auditor == other
    assert "Change the auditor" not in page.content.decode()


def test_overdue_is_one_rule_past_the_date_and_not_done(audit: CaseAudit) -> None:
    # Today is 30 September 2025. The audit was due 15 September and is still to do: overdue.
    # An action due today is not yet overdue; one due yesterday is, unless it is completed.
    owner = UserFactory(username="owner.psw", roles=[Role.PSW])
    due = {
        "today": TODAY,
        "yesterday": TODAY - dt.timedelta(days=1),
        "done": TODAY - dt.timedelta(days=1),
    }
    for action, day in due.items():
        ActionItem.objects.create(
            issue="x",
            action=action,
            risk="x",
            priority="high",
            proposed_date=day,
            owner=owner,
            source="inspection",
            status="done" if action == "done" else "open",
        )
    assert [a.action for a in ActionItem.objects.overdue(today=TODAY)] == ["yesterday"]
    flagged = {a.action: a.is_overdue for a in ActionItem.objects.with_overdue(today=TODAY)}
    assert flagged == {"today": False, "yesterday": True, "done": False}
    assert list(CaseAudit.objects.overdue(today=TODAY)) == [audit]
    assert not CaseAudit.objects.overdue(today=audit.deadline).exists()  # due today
    audit.status = CaseAudit.Status.SUBMITTED
    audit.save()
    assert not CaseAudit.objects.overdue(today=TODAY).exists()
    page = client_for(owner).get(reverse("quality:actions")).content.decode()
    assert page.count(">Overdue</strong>") == 1
    assert page.index("yesterday") < page.index("today") < page.index("done")


def test_who_may_do_what_on_an_audit(audit: CaseAudit) -> None:
    psw = UserFactory(username="psw.perm", roles=[Role.PSW])
    manager = StaffMemberFactory(
        team=audit.team, user=UserFactory(username="tm.perm", roles=[Role.TEAM_MANAGER])
    )
    audit.team.managers.add(manager)
    practitioner = audit.practitioner.user if audit.practitioner else None
    assert practitioner is not None

    def may(user: object) -> dict[str, bool]:
        found = audit_permissions(audit=audit, user=user)  # type: ignore[arg-type]
        return {name: value for name, value in vars(found).items() if value}

    # To do: only its auditor completes it; the PSW may give it to another auditor. Team
    # managers (the auditor is one) and the PSW manage action plans.
    assert may(audit.auditor) == {"complete": True, "add_actions": True}
    assert may(psw) == {"moderate": True, "reassign": True, "add_actions": True}
    assert may(manager.user) == {"respond": True, "as_manager": True, "add_actions": True}
    assert may(practitioner) == {"respond": True}
    audit.status = CaseAudit.Status.SUBMITTED
    audit.save()
    # Submitted: nobody completes or reassigns it; the family's feedback may be recorded.
    assert may(audit.auditor) == {"record_family": True, "add_actions": True, "submitted": True}
    assert may(psw) == {
        "moderate": True,
        "record_family": True,
        "add_actions": True,
        "submitted": True,
    }
    assert audit_permissions(audit=audit, user=psw).shows_moderation
    assert not audit_permissions(audit=audit, user=practitioner).shows_actions


def test_answers_are_shown_as_their_labels_to_the_practitioner(audit: CaseAudit) -> None:
    client_for(audit.auditor).post(reverse("quality:audit", args=[audit.pk]), answers(audit))
    practitioner = client_for(audit.practitioner.user)  # type: ignore[union-attr]
    page = practitioner.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert ">Good<" in page
    assert ">Yes<" in page
    assert ">good<" not in page
    assert ">yes<" not in page


def test_the_auditor_does_not_moderate_their_own_audit(audit: CaseAudit) -> None:
    psw = UserFactory(username="psw.auditor", roles=[Role.PSW])
    audit.auditor = psw
    audit.save()
    client = client_for(psw)
    client.post(reverse("quality:audit", args=[audit.pk]), answers(audit))
    page = client.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Record the moderated grade" not in page
    client.post(
        reverse("quality:audit", args=[audit.pk]),
        {"moderate": "1", "moderate-grade": "outstanding", "moderate-reason": "Mine"},
    )
    audit.refresh_from_db()
    assert (audit.status, audit.moderated_grade) == (CaseAudit.Status.SUBMITTED, "")
    with pytest.raises(ValidationError, match="someone else"):
        audit_moderate(audit=audit, by=psw, grade="outstanding", reason="Mine")


def test_an_action_dated_decades_back_is_refused(db: None) -> None:
    psw_user = UserFactory(username="psw.dates", roles=[Role.PSW])
    page = (
        client_for(psw_user)
        .post(
            reverse("quality:actions"),
            {
                "new-issue": "No chronology",
                "new-action": "Write the chronology",
                "new-risk": "History is lost",
                "new-priority": "medium",
                "new-proposed_date_0": "31",
                "new-proposed_date_1": "10",
                "new-proposed_date_2": "1995",
                "new-owner": str(psw_user.pk),
                "new-source": "audit",
            },
        )
        .content.decode()
    )
    # TODAY is 30 September 2025; a year back is 30 September 2024.
    assert "The proposed date must be on or after 30 September 2024" in page
    assert not ActionItem.objects.exists()


def test_people_are_named_not_given_usernames_on_audit_and_action_pages(audit: CaseAudit) -> None:
    audit.auditor.first_name, audit.auditor.last_name = "Amira", "Khan"
    audit.auditor.save()
    psw_user = UserFactory(
        username="psw.owner", first_name="Oliver", last_name="Scott", roles=[Role.PSW]
    )
    psw = client_for(psw_user)
    owners = psw.get(reverse("quality:actions")).content.decode()
    owner_list = owners.split('name="new-owner"', 1)[1].split("</select>", 1)[0]
    assert ">Oliver Scott</option>" in owner_list
    assert "psw.owner</option>" not in owner_list
    page = psw.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Amira Khan" in page
    assert ">auditor.tm<" not in page


def test_an_audit_saved_as_a_draft_is_resumed_then_submitted(audit: CaseAudit) -> None:
    client = client_for(audit.auditor)
    url = reverse("quality:audit", args=[audit.pk])
    grade_question = Question.objects.filter(
        section__template=audit.template, answer_type="grade"
    ).first()
    assert grade_question is not None
    # Half done: one question graded, the findings begun, no overall grade; a draft is kept
    # unchecked.
    half = {
        "audit": "1",
        "draft": "1",
        f"audit-q{grade_question.pk}": "requires_improvement",
        "audit-findings": "Visits are on time; the plan does not",
        "audit-judgement_areas": ["help_protection", "leaders"],
    }
    response = client.post(url, half)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "assigned"
    assert audit.grade == ""
    assert audit.draft[f"q{grade_question.pk}"] == "requires_improvement"
    assert audit.draft["judgement_areas"] == ["help_protection", "leaders"]
    assert audit.draft["grade"] == ""
    page = client.get(url).content.decode()
    assert "Draft saved at" in page  # the success banner
    assert 'id="draft-saved"' in page
    assert "Visits are on time; the plan does not</textarea>" in page
    assert '<option value="requires_improvement" selected>' in page
    assert 'value="leaders" checked' in page
    assert "You will be signed out if you do nothing on this site for 30 minutes" in page
    # Nobody else reads the draft: not the practitioner, not the team's manager.
    practitioner = client_for(audit.practitioner.user)  # type: ignore[union-attr]
    assert "Visits are on time" not in practitioner.get(url).content.decode()
    # Submitted in full, the draft is gone.
    assert client.post(url, answers(audit)).status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.draft, audit.draft_saved_at) == ("submitted", {}, None)


def test_only_the_auditor_saves_a_draft(audit: CaseAudit) -> None:
    other = client_for(UserFactory(username="psw.draft", roles=[Role.PSW]))
    other.post(
        reverse("quality:audit", args=[audit.pk]),
        {"audit": "1", "draft": "1", "audit-findings": "Not mine to write"},
    )
    audit.refresh_from_db()
    assert (audit.draft, audit.draft_saved_at) == ({}, None)


def test_at_the_idle_session_s_end_the_audit_is_saved_as_a_draft_then_signed_out(
    audit: CaseAudit,
) -> None:
    client = client_for(audit.auditor)
    url = reverse("quality:audit", args=[audit.pk])
    page = client.get(url).content.decode()
    # The warning's dialog reads the session's idle time (30 minutes in the test settings).
    assert 'data-idle-seconds="1800"' in page
    assert "data-draft-on-timeout" in page
    response = client.post(
        url, {"audit": "1", "draft": "1", "sign_out": "1", "audit-findings": "Half written"}
    )
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    audit.refresh_from_db()
    assert audit.draft["findings"] == "Half written"
    assert client.get(url).status_code == 302  # signed out


def test_staying_signed_in_is_a_post_by_someone_signed_in(audit: CaseAudit) -> None:
    keep_alive = reverse("accounts:keep_alive")
    client = client_for(audit.auditor)
    assert client.post(keep_alive).status_code == 204
    assert client.get(keep_alive).status_code == 405
    client.logout()
    assert client.post(keep_alive).status_code == 302


def test_an_action_owner_outside_the_managers_sees_theirs_and_filters_never_refuse(
    db: None,
) -> None:
    hr = UserFactory(username="hr.owner", roles=[Role.HR])
    admin = UserFactory(username="admin.none", roles=[Role.ADMINISTRATOR])
    ActionItem.objects.create(
        issue="i",
        action="Update the recruitment pack",
        risk="r",
        priority="low",
        proposed_date=dt.date(2025, 10, 31),
        owner=hr,
        source="inspection",
    )
    client = client_for(hr)
    assert "Update the recruitment pack" in client.get(reverse("quality:actions")).content.decode()
    # A filter that leaves nothing is an empty list, not a refusal.
    assert client.get(reverse("quality:actions"), {"source": "health_check"}).status_code == 200
    assert client_for(admin).get(reverse("quality:actions")).status_code == 403
