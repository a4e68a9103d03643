import re

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import Actor, acting_as, acting_as_actor, suppressed
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


def person_form(staff: object, **overrides: str) -> dict[str, str]:
    data = {
        "given_name": staff.given_name,  # type: ignore[attr-defined]
        "family_name": staff.family_name,  # type: ignore[attr-defined]
        "swe_number": staff.swe_number,  # type: ignore[attr-defined]
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
        "sex": "",
        "ethnicity": "",
        "qualification_level": "",
        "qualifying_institution": staff.qualifying_institution,  # type: ignore[attr-defined]
        "qualification_route": "",
        "contract_weeks": "",
        "base_salary": "",
        "rr_payments": "",
        "start_origin": "",
    }
    return data | overrides


def test_a_change_made_in_the_ui_is_recorded_with_who_when_and_before_after(db: None) -> None:
    hr = UserFactory(username="hr.officer", roles=[Role.HR])
    staff = StaffMemberFactory(family_name="Smith")

    response = client_for(hr).post(
        reverse("workforce:staff_edit", args=[staff.pk]),
        person_form(staff, family_name="Smyth", base_salary="41250"),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.filter(model="organisation.StaffMember", action="update").get()
    assert event.actor == hr
    assert event.actor_label == "hr.officer"
    assert event.source == AuditEvent.Source.WEB
    assert event.object_pk == str(staff.pk)
    assert event.changes == {
        "family_name": {"before": "Smith", "after": "Smyth"},
        "base_salary": {"before": None, "after": "41250.00"},
    }


def test_the_psw_reads_the_change_in_the_audit_trail_pages(db: None) -> None:
    psw = UserFactory(username="psw", roles=[Role.PSW])
    staff = StaffMemberFactory(family_name="Smith")
    client = client_for(psw)
    client.post(
        reverse("workforce:staff_edit", args=[staff.pk]), person_form(staff, family_name="Smyth")
    )
    event = AuditEvent.objects.get(model="organisation.StaffMember", action="update")

    listing = client.get(reverse("audit:event_list"), {"model": "organisation.StaffMember"})
    detail = client.get(reverse("audit:event_detail", args=[event.pk]))

    assert listing.status_code == 200
    assert reverse("audit:event_detail", args=[event.pk]) in listing.content.decode()
    page = detail.content.decode()
    assert "Smith" in page
    assert "Smyth" in page
    assert "psw" in page
    assert "Family name" in page


def test_creates_and_deletes_are_recorded_with_all_values(db: None) -> None:
    team = TeamFactory()
    with acting_as(None, AuditEvent.Source.SYSTEM):
        staff = StaffMemberFactory(team=team, given_name="Ada", swe_number="ZZ000001")
        pk = staff.pk
        staff.delete()

    created = AuditEvent.objects.get(model="organisation.StaffMember", action="create")
    deleted = AuditEvent.objects.get(model="organisation.StaffMember", action="delete")
    assert created.changes["given_name"] == {"before": None, "after": "Ada"}
    assert deleted.changes["swe_number"] == {"before": "ZZ000001", "after": None}
    assert created.object_pk == deleted.object_pk == str(pk)


def test_team_manager_changes_are_recorded(db: None) -> None:
    team = TeamFactory()
    manager = StaffMemberFactory(team=team)
    team.managers.add(manager)
    event = AuditEvent.objects.filter(model="organisation.Team", object_pk=str(team.pk)).first()
    assert event is not None
    assert event.changes == {"managers": {"before": [], "after": [manager.pk]}}


def test_passwords_are_never_written_to_the_trail(db: None) -> None:
    user = UserFactory(username="someone")
    user.set_password("a-new-long-passphrase")
    user.save()
    for event in AuditEvent.objects.filter(model="auth.User"):
        assert "password" not in event.changes


def test_nobody_can_change_or_delete_the_trail(db: None) -> None:
    StaffMemberFactory()
    event = AuditEvent.objects.first()
    assert event is not None
    event.message = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(message="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_admin_site_shows_the_trail_read_only(db: None) -> None:
    admin = UserFactory(username="administrator", roles=[Role.ADMINISTRATOR])
    StaffMemberFactory()
    event = AuditEvent.objects.first()
    assert event is not None
    client = client_for(admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_jobs_can_suppress_per_row_events(db: None) -> None:
    before = AuditEvent.objects.count()
    with suppressed():
        StaffMemberFactory()
    assert AuditEvent.objects.count() == before


def test_a_batch_event_lists_its_records(db: None) -> None:
    from csc_workforce.web.audit.recorder import record_created
    from csc_workforce.web.organisation.models import Team

    assert record_created(Team, [7, 8, 9], message="Stored in bulk") == 1
    event = AuditEvent.objects.get(message="Stored in bulk")
    assert event.object_repr == "3 teams: 7 to 9"
    client = client_for(UserFactory(username="auditor.batch", roles=[Role.ADMINISTRATOR]))
    assert "3 teams: 7 to 9" in client.get("/audit/").content.decode()
    detail = client.get(f"/audit/{event.pk}/").content.decode()
    assert all(f"Record {pk}" in detail for pk in (7, 8, 9))


def test_the_trail_names_people_and_record_types_in_words(db: None) -> None:
    psw = UserFactory(
        username="psw.names", first_name="Oliver", last_name="Scott", roles=[Role.PSW]
    )
    staff = StaffMemberFactory(family_name="Smith")
    client = client_for(psw)
    client.post(
        reverse("workforce:staff_edit", args=[staff.pk]), person_form(staff, family_name="Smyth")
    )
    with acting_as_actor(Actor(user_id=None, label="root (command line)", source="cli")):
        TeamFactory(name="Duty and assessment 9")
    event = AuditEvent.objects.get(model="organisation.StaffMember", action="update")

    listing = client.get(reverse("audit:event_list")).content.decode()
    detail = client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()

    assert "Oliver Scott" in listing
    assert "Command line (administrator)" in listing
    who = set(re.findall(r'<td class="govuk-table__cell">([^<]*) <span class="govuk-hint', listing))
    assert who >= {"Oliver Scott", "Command line (administrator)"}
    assert not {"root (command line)", "psw.names"} & who
    shown = re.sub(r"<[^>]+>", " ", listing)  # the page's text, not its markup
    assert "organisation.StaffMember" not in shown
    assert ">Staff member</option>" in listing
    assert ">Team</option>" in listing
    assert f"Updated: staff member {staff.pk}</h1>" in detail
    assert "Oliver Scott (Web)" in detail
