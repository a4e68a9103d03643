import datetime as dt
import io

import pytest
from django.core.management import call_command

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.workforce.models import StaffMember
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
    assert (past.team_id, past.fte, past.end_date) == (
        original_team,
        original_fte,
        dt.date(2019, 9, 29),
    )
    assert AuditEvent.objects.filter(action="anonymise", object_pk=str(past.pk)).exists()
    history = AuditEvent.objects.filter(model="workforce.StaffMember", object_pk=str(past.pk))
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
