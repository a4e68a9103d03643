import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import record_batch
from csc_workforce.web.organisation.models import StaffMember
from tests.factories import StaffMemberFactory, UserFactory


@pytest.fixture
def leavers(db: None, settings: object) -> dict[str, StaffMember]:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    return {
        # Left 29 September 2019: six whole years end on 29 September 2025, so past retention.
        "past": StaffMemberFactory(
            given_name="Pat",
            family_name="Past",
            swe_number="ZZ111111",
            end_date=dt.date(2019, 9, 29),
            reason_leave="1",
            leaver_destination="1",
            user=UserFactory(username="pat.past"),
        ),
        # Left 30 September 2019: retention ends on 1 October 2025, the day after "today".
        "within": StaffMemberFactory(family_name="Within", end_date=dt.date(2019, 9, 30)),
        "in_post": StaffMemberFactory(family_name="Current"),
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_list_names_records_past_retention_without_personal_data(leavers: dict) -> None:
    output = run("list")
    assert "1 staff record(s) past retention (6 years after leaving) on 2025-09-30" in output
    assert f"record {leavers['past'].pk}\t" in output
    assert "retention ended 2025-09-30" in output
    assert "Past" not in output
    assert "ZZ111111" not in output
    leavers["past"].refresh_from_db()
    assert leavers["past"].anonymised_at is None


def test_anonymise_removes_identity_keeps_statistics_and_is_audited(leavers: dict) -> None:
    past = leavers["past"]
    original_team, original_fte = past.team_id, past.fte
    output = run("anonymise", "--yes")

    past.refresh_from_db()
    assert "Anonymised 1 record(s)" in output
    assert (past.given_name, past.swe_number, past.user) == ("Anonymised", "", None)
    assert past.anonymised_at is not None
    # The last day is kept to its month: still a leaver of 2019, not in post on 30 September.
    assert (past.team_id, past.fte, past.end_date) == (
        original_team,
        original_fte,
        dt.date(2019, 9, 30),
    )
    assert AuditEvent.objects.filter(action="anonymise", object_pk=str(past.pk)).exists()
    history = AuditEvent.objects.filter(model="organisation.StaffMember", object_pk=str(past.pk))
    assert "Pat" not in str(list(history.values_list("changes", flat=True)))
    assert "ZZ111111" not in str(list(history.values_list("changes", flat=True)))
    for other in ("within", "in_post"):
        leavers[other].refresh_from_db()
        assert leavers[other].anonymised_at is None


def test_the_leavers_account_is_closed(leavers: dict) -> None:
    from django.contrib.auth import get_user_model

    account_pk = leavers["past"].user.pk
    run("anonymise", "--yes")
    account = get_user_model().objects.get(pk=account_pk)
    assert not account.is_active
    assert account.username == f"anonymised-{account_pk}"
    assert not account.has_usable_password()


def test_anonymise_asks_first(leavers: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert "Nothing changed" in run("anonymise")
    leavers["past"].refresh_from_db()
    assert leavers["past"].anonymised_at is None


def test_no_field_of_an_anonymised_person_can_single_them_out(leavers: dict) -> None:
    """Everything that was the person's alone is gone from the record, their jobs, their
    account and the audit trail; what remains is a code, a figure, or a date or amount shared
    by everyone in the same month or band."""
    from django.contrib.auth import get_user_model

    from csc_workforce.web.organisation.models import Assignment
    from csc_workforce.web.workforce.services import staff_update

    past = leavers["past"]
    hr = UserFactory(username="hr.retention")
    staff_update(
        staff=past,
        by=hr,
        family_name="Quillfeather",
        date_of_birth=dt.date(1984, 3, 17),
        qualifying_institution="University of Nowhere-on-Sea",
        base_salary=Decimal("38612.50"),
        rr_payments=Decimal("1234.00"),
    )
    Assignment.objects.filter(staff=past).update(
        job_title="Head of Lighthouse Fostering", effective_from=dt.date(2013, 4, 11)
    )
    StaffMember.objects.filter(pk=past.pk).update(
        job_title="Head of Lighthouse Fostering", start_date=dt.date(2013, 4, 11)
    )
    # An import lists the person among others in one event (``record_batch``).
    other = leavers["in_post"]
    record_batch(
        action=AuditEvent.Action.CREATE,
        model=StaffMember._meta.label,
        records={
            past.pk: (None, {"family_name": "Quillfeather", "swe_number": "ZZ111111"}),
            other.pk: (None, {"family_name": "Current"}),
        },
        object_repr="2 staff",
        message="Imported",
    )
    unique = ["Pat", "Quillfeather", "ZZ111111", "1984-03-17", "Nowhere-on-Sea", "38612.50",
              "1234.00", "Lighthouse", "2019-09-29", "2013-04-11", "pat.past"]  # fmt: skip
    run("anonymise", "--yes")
    past.refresh_from_db()
    job = Assignment.objects.get(staff=past)
    account = get_user_model().objects.get(username__startswith="anonymised-")
    stored = [
        *(str(getattr(past, f.attname)) for f in StaffMember._meta.concrete_fields),
        *(str(getattr(job, f.attname)) for f in Assignment._meta.concrete_fields),
        *(str(getattr(account, f.attname)) for f in type(account)._meta.concrete_fields),
        str(list(AuditEvent.objects.values_list("object_repr", "changes", "message"))),
    ]
    for value in unique:
        found = [text for text in stored if value in text]
        assert not found, (
            value,
            [t[max(0, t.find(value) - 300) : t.find(value) + 50] for t in found],
        )
    assert (past.date_of_birth, past.start_date, past.end_date) == (
        dt.date(1984, 7, 1),
        dt.date(2013, 4, 1),
        dt.date(2019, 9, 30),
    )
    assert (past.base_salary, past.rr_payments) == (Decimal("37500"), Decimal("1500"))
    assert (past.job_title, job.job_title) == ("Case holder", "Case holder")
    assert (job.effective_from, job.effective_to) == (past.start_date, past.end_date)
    assert past.qualifying_institution == ""
    batch = AuditEvent.objects.get(message="Imported").changes
    assert batch[f"record {other.pk}"]["after"] == {"family_name": "Current"}  # not theirs


def test_every_field_of_the_staff_record_has_a_documented_rule() -> None:
    from pathlib import Path

    from csc_workforce.web.workforce.services import KEPT_WHEN_ANONYMISED, REDACTED

    fields = {f.attname for f in StaffMember._meta.concrete_fields}
    assert fields == KEPT_WHEN_ANONYMISED | REDACTED
    assert not KEPT_WHEN_ANONYMISED & REDACTED
    doc = (Path(__file__).resolve().parents[3] / "docs" / "retention.md").read_text()
    table = doc.split("## What anonymising does", 1)[1]
    first_cells = re.findall(r"^\| (`[^|]+) \|", table, re.MULTILINE)
    documented = {name for cell in first_cells for name in re.findall(r"`(\w+)`", cell)}
    assert documented == fields - {"id"}
