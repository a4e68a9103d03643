"""Agency engagements under DfE's rules: recording, compliance, the quarterly data."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.recruitment.models import (
    AgencyEngagement,
    PriceCap,
    QuarterlyAgencyReturn,
)
from tests.conftest import client_for
from tests.factories import AgencyEngagementFactory, PriceCapFactory, StaffMemberFactory


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


@pytest.fixture
def agency_worker(people: dict) -> object:
    PriceCapFactory(job_type="senior_social_worker", hourly_cap=Decimal("44.00"))
    return StaffMemberFactory(
        team=people["team_a"],
        employment_type="agency",
        start_date=dt.date(2025, 8, 4),
        given_name="Ada",
        family_name="Agency",
    )


def _engagement(**changes: str) -> dict[str, str]:
    return {
        "agency": "Brightpath Locums",
        "job_type": "senior_social_worker",
        "cover_reason": "vacancy",
        "hourly_pay_rate": "34.00",
        "hourly_charge": "47.50",
        "notice_weeks": "4",
        "pqe_years": "6",
        **_date("references_requested_on", dt.date(2025, 7, 1)),
        **_date("references_received_on", dt.date(2025, 7, 20)),
        "previous_employment_checked": "on",
        **changes,
    }


def test_hr_recording_a_rate_above_the_cap_is_told_an_approval_is_needed(
    people: dict, agency_worker: object
) -> None:
    client = client_for(people["users"][Role.HR])
    url = reverse("recruitment:engagement_edit", args=[agency_worker.pk])  # type: ignore[attr-defined]
    response = client.post(url, _engagement(), follow=True)
    text = response.content.decode()
    # £47.50 charged against a £44.00 cap: £3.50 an hour above it
    assert "Approval needed: £3.50 an hour above the cap of £44.00" in text
    assert "director of children&#x27;s services and the chief executive" in text
    details = AgencyEngagement.objects.get(staff=agency_worker)
    assert details.hourly_charge == Decimal("47.50")
    approved = _engagement(
        **_date("dcs_approved_on", dt.date(2025, 8, 1)),
        **_date("chief_executive_approved_on", dt.date(2025, 8, 1)),
    )
    response = client.post(url, approved, follow=True)
    assert "Approval needed" not in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"job_type": ""}, "job_type", "Choose the job type: a rate is capped by job type"),
        (
            _date("expected_end", dt.date(2025, 8, 1)),
            "expected_end",
            "The expected end must be on or after the start, 4 August 2025",
        ),
        ({"hourly_charge": "20.00"}, "hourly_charge", "at least the worker&#x27;s hourly pay"),
        ({"job_type": "locum"}, "job_type", "Choose one of the job type offered"),
    ],
)
def test_bad_engagement_details_are_named_and_nothing_is_stored(
    people: dict, agency_worker: object, changes: dict, field: str, message: str
) -> None:
    client = client_for(people["users"][Role.PSW])
    url = reverse("recruitment:engagement_edit", args=[agency_worker.pk])  # type: ignore[attr-defined]
    response = client.post(url, _engagement(**changes))
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text
    assert not AgencyEngagement.objects.exists()


def test_an_unknown_region_is_refused(people: dict) -> None:
    client = client_for(people["users"][Role.HR])
    data = {
        "region": "E99999999",
        "job_type": "social_worker",
        **_date("effective_from", dt.date(2025, 4, 1)),
        "hourly_cap": "41.00",
    }
    response = client.post(reverse("recruitment:price_caps"), data)
    assert "Choose one of the region offered" in response.content.decode()
    assert not PriceCap.objects.exists()
    data["region"] = "E12000001"
    client.post(reverse("recruitment:price_caps"), data)
    assert PriceCap.objects.get().hourly_cap == Decimal("41.00")


def test_the_compliance_page_shows_each_rule_for_the_live_assignments_one_sees(
    people: dict,
) -> None:
    PriceCapFactory()
    mine = AgencyEngagementFactory(staff__team=people["team_a"], staff__given_name="Mina")
    AgencyEngagementFactory(staff__team=people["team_b"], staff__given_name="Bertie")
    AgencyEngagementFactory(
        staff__team=people["team_a"],
        staff__given_name="Gone",
        staff__start_date=dt.date(2025, 1, 6),
        staff__end_date=dt.date(2025, 6, 30),
    )
    url = reverse("recruitment:agency")
    psw = client_for(people["users"][Role.PSW]).get(url).content.decode()
    assert "Mina" in psw
    assert "Bertie" in psw
    assert "Gone" not in psw  # not live on 30 September 2025
    assert psw.count("govuk-tag--green") == 12  # 2 live assignments x 6 rules, all met
    manager = client_for(people["users"][Role.TEAM_MANAGER]).get(url).content.decode()
    assert "Mina" in manager
    assert "Bertie" not in manager
    analyst = client_for(people["users"][Role.ANALYST]).get(url).content.decode()
    assert "Mina" not in analyst
    assert "2025Q3" in analyst  # the trend, for the whole authority
    csv = client_for(people["users"][Role.PSW]).get(url, {"format": "csv"}).content.decode()
    assert csv.splitlines()[0].startswith("Name,Team,Agency,Job type,Start,Within the")
    assert mine.staff.full_name in csv


def test_the_quarterly_data_is_downloaded_and_kept(people: dict) -> None:
    PriceCapFactory()
    AgencyEngagementFactory(staff__team=people["team_a"])
    client = client_for(people["users"][Role.ANALYST])
    url = reverse("recruitment:quarterly")
    response = client.post(url, {"quarter": "2025q3", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="agency-data-2025Q3.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("la_code,quarter,worker_reference,swe_number,agency")
    assert len(lines) == 2
    kept = QuarterlyAgencyReturn.objects.get()
    assert (kept.quarter, kept.rows) == ("2025Q3", 1)
    assert kept.content == response.content.decode()
    assert response["Content-Type"] == "text/csv"  # web/downloads, as every page's
    again = client.get(reverse("recruitment:quarterly_kept", args=[kept.pk]))
    assert again.content.decode() == kept.content
    assert again["Content-Type"] == "text/csv"
    assert again["Content-Disposition"] == (
        f'attachment; filename="agency-data-2025Q3-sent-{kept.pk}.csv"'
    )
    excel = client.post(url, {"quarter": "2025Q3", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "la_code"


def test_the_quarterly_data_with_a_problem_is_not_produced(people: dict) -> None:
    AgencyEngagementFactory(staff__team=people["team_a"], agency="", hourly_pay_rate=None)
    client = client_for(people["users"][Role.HR])
    response = client.post(reverse("recruitment:quarterly"), {"quarter": "2025Q3"})
    text = response.content.decode()
    assert "The data for 2025Q3 has 2 problem(s)" in text
    assert "hourly_pay_rate" in text
    assert not QuarterlyAgencyReturn.objects.exists()
    bad = client.post(reverse("recruitment:quarterly"), {"quarter": "2025Q5"})
    assert "like 2025Q3" in bad.content.decode()


def test_the_quarterly_data_on_the_command_line(people: dict, tmp_path: object) -> None:
    PriceCapFactory()
    AgencyEngagementFactory(staff__team=people["team_a"])
    out = io.StringIO()
    call_command("agency", "quarterly", "--quarter", "2025Q3", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("la_code,quarter")
    target = tmp_path / "q.xlsx"  # type: ignore[operator]
    call_command(
        "agency", "quarterly", "--quarter", "2025Q3", "-o", str(target), stderr=io.StringIO()
    )
    assert load_workbook(target).active["B2"].value == "2025Q3"  # type: ignore[index]
    assert QuarterlyAgencyReturn.objects.count() == 2
    with pytest.raises(CommandError, match="like 2025Q3"):
        call_command("agency", "quarterly", "--quarter", "Q3")


def test_the_price_caps_export(people: dict) -> None:
    PriceCapFactory()
    client = client_for(people["users"][Role.ANALYST])
    csv = client.get(reverse("recruitment:price_caps"), {"format": "csv"}).content.decode()
    assert csv.splitlines()[1] == "North East,Social worker,2024-10-31,40.00,"
    staff = StaffMemberFactory(team=people["team_a"], employment_type="agency")
    hr = client_for(people["users"][Role.HR])
    record = hr.get(reverse("workforce:staff_detail", args=[staff.pk])).content.decode()
    assert reverse("recruitment:engagement", args=[staff.pk]) in record


def test_the_live_assignments_come_50_a_page_and_the_totals_are_everyones(
    people: dict,
) -> None:
    PriceCapFactory()
    live = [AgencyEngagementFactory(staff__team=people["team_a"]) for _ in range(55)]
    client = client_for(people["users"][Role.PSW])
    url = reverse("recruitment:agency")
    first, second = (client.get(url, {"page": n}).content.decode() for n in (1, 2))
    for page in (first, second):
        assert "55 live assignments; 0 rules not met." in page  # every rule met, as above
        assert 'class="govuk-pagination"' in page
    assert "1 to 50 of 55" in first
    assert "51 to 55 of 55" in second
    links = [reverse("recruitment:engagement", args=[e.staff.pk]) for e in live]
    on_first = {link for link in links if f'href="{link}"' in first}
    on_second = {link for link in links if f'href="{link}"' in second}
    assert len(on_first) == 50
    assert on_first | on_second == set(links)
    assert not on_first & on_second
    csv = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(csv) == 1 + 55  # the download has them all
