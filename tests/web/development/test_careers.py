import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import (
    Cohort,
    Enrolment,
    Evidence,
    Programme,
    Review,
)
from csc_workforce.web.development.selectors import cohort_summaries, enrolments_visible_to
from csc_workforce.web.development.services import (
    cohort_create,
    enrolment_create,
    evidence_record,
    extension_add,
    outcome_record,
    programme_evidence_set,
    review_record,
)
from tests.conftest import TODAY, client_for
from tests.factories import CohortFactory, StaffMemberFactory, UserFactory


def _asye() -> Programme:
    return Programme.objects.get(kind="asye", is_current=True)


def _enrol(staff: object, start: dt.date = dt.date(2025, 1, 6), **kwargs: object) -> Enrolment:
    cohort = CohortFactory()
    return enrolment_create(cohort=cohort, staff=staff, by=None, start=start, **kwargs)  # type: ignore[arg-type]


def test_both_programmes_are_shipped_as_data(db: None) -> None:
    asye = _asye()
    early = Programme.objects.get(kind="early_career", is_current=True)
    assert (asye.length_months, early.length_months) == (12, 24)
    assert [point["month"] for point in asye.reviews] == [3, 6, 9, 12]
    assert set(asye.evidence.values()) == {3}
    assert early.available_from == dt.date(2027, 9, 1)
    assert "not yet published" in early.notes


def test_an_enrolment_gets_its_reviews_due_from_the_programme(db: None) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2025, 1, 6), local_role="asye")
    enrolment = _enrol(staff)
    # optional nine-month review left out unless asked for
    assert [(r.month, r.due) for r in enrolment.reviews.order_by("month")] == [
        (3, dt.date(2025, 4, 6)),
        (6, dt.date(2025, 7, 6)),
        (12, dt.date(2026, 1, 6)),
    ]
    other = StaffMemberFactory(start_date=dt.date(2025, 1, 6))
    with_nine = _enrol(other, include_optional=True)
    assert with_nine.reviews.filter(month=9, optional=True).exists()


def test_an_extension_moves_the_final_review_and_the_end(db: None) -> None:
    enrolment = _enrol(StaffMemberFactory(start_date=dt.date(2025, 1, 6)))
    extension_add(
        enrolment=enrolment, by=None, months=3, reason="Sickness", agreed_on=dt.date(2025, 9, 1)
    )
    final = enrolment.reviews.get(final=True)
    # 12 + 3 months after 6 January 2025
    assert final.due == dt.date(2026, 4, 6)
    assert Enrolment.objects.get(pk=enrolment.pk).ends_on == dt.date(2026, 4, 6)


def test_bad_input_names_the_field_and_stores_nothing(db: None) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2025, 1, 6))
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as error:
        enrolment_create(cohort=cohort, staff=staff, by=None, start=dt.date(2024, 12, 1))
    assert "on or after" in error.value.message_dict["start"][0]
    assert not Enrolment.objects.exists()

    enrolment = enrolment_create(cohort=cohort, staff=staff, by=None, start=dt.date(2025, 1, 6))
    review = enrolment.reviews.get(month=3)
    with pytest.raises(ValidationError) as error:
        review_record(review=review, by=None, held=dt.date(2025, 1, 1), outcome="on_track")
    assert "programme started, on 6 January 2025" in error.value.message_dict["held"][0]
    assert Review.objects.get(pk=review.pk).held is None

    outcome_record(enrolment=enrolment, by=None, outcome="left", outcome_on=dt.date(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        evidence_record(enrolment=enrolment, by=None, kind="written_report", on=TODAY)
    assert "is not on a programme" in error.value.message_dict["on"][0]
    assert not Evidence.objects.exists()

    with pytest.raises(ValidationError) as error:
        outcome_record(enrolment=enrolment, by=None, outcome="pass", outcome_on=dt.date(2024, 1, 1))
    assert "outcome_on" in error.value.message_dict


def test_a_retired_programme_version_is_refused(db: None) -> None:
    retired = _asye()
    retired.pk, retired.version, retired.is_current = None, 0, False
    retired.save()
    with pytest.raises(ValidationError) as error:
        cohort_create(programme=retired, by=None, name="Old", starts_on=dt.date(2025, 9, 1))
    assert "not a current programme version" in error.value.message_dict["programme"][0]
    assert not Cohort.objects.exists()


def test_evidence_numbers_are_configurable(db: None) -> None:
    asye = _asye()
    numbers = dict.fromkeys(asye.evidence, 3) | {"direct_observation": 4}
    programme_evidence_set(programme=asye, by=None, evidence=numbers)
    assert Programme.objects.get(pk=asye.pk).evidence["direct_observation"] == 4
    with pytest.raises(ValidationError) as error:
        programme_evidence_set(programme=asye, by=None, evidence=numbers | {"written_report": -1})
    assert "written_report" in error.value.message_dict


def test_a_team_manager_sees_only_their_teams_and_assigned_workers(people: dict) -> None:
    mine = _enrol(StaffMemberFactory(team=people["team_a"]))
    theirs = _enrol(StaffMemberFactory(team=people["team_b"]))
    assigned = _enrol(StaffMemberFactory(team=people["team_b"]), line_manager=people["manager"])
    manager = people["users"][Role.TEAM_MANAGER]
    assert set(enrolments_visible_to(user=manager)) == {mine, assigned}
    assert set(enrolments_visible_to(user=people["users"][Role.PSW])) == {mine, theirs, assigned}
    client = client_for(manager)
    assert client.get(reverse("development:enrolment", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("development:index")).content.decode()
    assert mine.staff.full_name in page
    assert theirs.staff.full_name not in page


def test_the_dashboard_counts_overdue_reviews_completion_and_retention(people: dict) -> None:
    cohort = CohortFactory(name="ASYE September 2021", starts_on=dt.date(2021, 9, 1))
    stayed = StaffMemberFactory(start_date=dt.date(2021, 9, 6))
    gone = StaffMemberFactory(start_date=dt.date(2021, 9, 6), end_date=dt.date(2024, 3, 31))
    failed = StaffMemberFactory(start_date=dt.date(2021, 9, 6))
    for staff, outcome in ((stayed, "pass"), (gone, "pass"), (failed, "fail")):
        enrolment = enrolment_create(cohort=cohort, staff=staff, by=None, start=staff.start_date)
        outcome_record(
            enrolment=enrolment, by=None, outcome=outcome, outcome_on=dt.date(2022, 9, 6)
        )
    ongoing = _enrol(StaffMemberFactory(start_date=dt.date(2025, 1, 6)))
    (old, new) = sorted(
        cohort_summaries(user=people["users"][Role.PSW], today=TODAY), key=lambda s: s.cohort.pk
    )
    # 2 passed of 3 decided: 66.7%, below the 90% target
    assert old.figures.completion_rate == Decimal("66.7")
    assert old.below_target
    # completed 6 September 2022: both there a year on; the one who left in March 2024 not
    # two or three years on (6 September 2025 has come by 30 September 2025)
    assert old.figures.retention == {1: (2, 2), 2: (1, 2), 3: (1, 2)}
    # reviews at 3 and 6 months (6 April and 6 July 2025) not held by 30 September 2025
    assert new.cohort == ongoing.cohort
    assert new.figures.reviews_overdue == 2


def test_a_cohort_exports_as_csv_and_excel(people: dict) -> None:
    enrolment = _enrol(StaffMemberFactory(given_name="=Ada", team=people["team_a"]))
    client = client_for(people["users"][Role.PSW])
    url = reverse("development:cohort", args=[enrolment.cohort.pk])
    csv = client.get(url, {"format": "csv"}).content.decode()
    assert "'=Ada" in csv  # neutralised
    assert csv.splitlines()[0].startswith("Name,Team,Route into social work")
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_recording_evidence_on_the_page_and_a_refused_date(people: dict) -> None:
    enrolment = _enrol(StaffMemberFactory(team=people["team_a"]))
    client = client_for(people["users"][Role.TEAM_MANAGER])
    url = reverse("development:enrolment", args=[enrolment.pk])
    base = {"form": "evidence", "evidence-kind": "written_report"}
    early = {"evidence-on_0": "1", "evidence-on_1": "1", "evidence-on_2": "2025"}
    response = client.post(url, base | early)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "programme started, on 6 January 2025" in response.content.decode()
    assert not Evidence.objects.exists()
    fine = {"evidence-on_0": "1", "evidence-on_1": "9", "evidence-on_2": "2025"}
    assert client.post(url, base | fine).status_code == 302
    assert Evidence.objects.get().kind == "written_report"


def test_a_psw_adds_a_cohort_and_enrols_a_worker(people: dict) -> None:
    client = client_for(people["users"][Role.PSW])
    response = client.post(
        reverse("development:index"),
        {
            "form": "cohort",
            "programme": Programme.objects.get(kind="early_career").pk,
            "name": "Early career 2027",
            "starts_on_0": "1",
            "starts_on_1": "9",
            "starts_on_2": "2027",
            "completion_target": "90",
        },
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Early career 2027")
    worker = StaffMemberFactory(team=people["team_a"], start_date=dt.date(2025, 9, 1))
    response = client.post(
        reverse("development:cohort", args=[cohort.pk]),
        {
            "form": "enrol",
            "staff": worker.pk,
            "start_0": "1",
            "start_1": "9",
            "start_2": "2027",
            "protected_days": "2",
        },
    )
    assert response.status_code == 302
    # someone who started ten years ago is not offered
    page = client.get(reverse("development:cohort", args=[cohort.pk])).content.decode()
    assert people["colleague_a"].full_name not in page
    # the two-year programme: reviews at 3, 6, 12 and the final at 24 months
    assert list(Enrolment.objects.get(staff=worker).reviews.values_list("month", flat=True)) == [
        3,
        6,
        12,
        24,
    ]


def test_remind_emails_assessor_and_line_manager_once(
    people: dict, django_capture_on_commit_callbacks: Any
) -> None:
    manager = people["manager"]
    manager.user.email = "manager@example.org"
    manager.user.save()
    assessor = StaffMemberFactory(user=UserFactory(email="assessor@example.org"))
    _enrol(StaffMemberFactory(team=people["team_a"]), assessor=assessor, line_manager=manager)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("development", "remind", stdout=out)
    # one email each to the assessor and the line manager
    assert "2 on early careers and induction" in out.getvalue()
    reviews = [m for m in mail.outbox if "Three-month review" in m.body]
    assert sorted(m.to[0] for m in reviews) == ["assessor@example.org", "manager@example.org"]
    sent = len(mail.outbox)  # with the supervision reminders the same command sends
    with django_capture_on_commit_callbacks(execute=True):
        call_command("development", "remind", stdout=out)
    assert len(mail.outbox) == sent  # the same day again: nothing more
