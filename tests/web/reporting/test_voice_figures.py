"""The annual report's leavers equal the leavers' and joiners' report for the same period, on
small data worked out by hand."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.reporting.selectors import report_content
from tests.conftest import client_for
from tests.factories import StaffMemberFactory

D = dt.date


def _leavers(people: dict) -> None:
    """Ten leavers in reporting year 2025 (1 October 2024 to 30 September 2025): five resigned
    to a social worker role in another authority after 10 years or more (started 2015), five
    retired with no employment after under a year (started 1 January 2025); and one who left
    on 30 September 2024, the year before, counted in neither."""
    for number in range(10):
        resigned = number < 5
        StaffMemberFactory(
            team=people["team_a"],
            start_date=D(2015, 4, 1) if resigned else D(2025, 1, 1),
            end_date=D(2025, 6, 30),
            reason_leave="1" if resigned else "5",
            leaver_destination="1" if resigned else "6",
        )
    StaffMemberFactory(
        team=people["team_a"],
        start_date=D(2015, 4, 1),
        end_date=D(2024, 9, 30),
        reason_leave="1",
        leaver_destination="1",
    )


def _section(year: int = 2025) -> dict[str, dict[str, str]]:
    tables = report_content(year=year)[1]["leavers"].tables
    return {t.header[0]: {row[0]: row[1] for row in t.rows} for t in tables}


def test_the_annual_report_counts_leavers_as_the_leavers_report_does(people: dict) -> None:
    _leavers(people)
    page = client_for(people["users"][Role.HR]).get(
        reverse("voice:leavers_report"), {"from": "2024-10-01", "to": "2025-09-30"}
    )
    report = {t.title: dict(t.rows) for t in page.context["report"].leaver_tables}
    section = _section()
    assert set(section) == {"Reason for leaving (DfE)", "Destination (DfE)", "Length of service"}
    for title, counts in section.items():
        assert {k: v for k, v in counts.items() if k != "All leavers"} == {
            label: str(n) for label, n in report[title].items()
        }
        assert counts["All leavers"] == "10"
    # 5 resigned, 5 retired; 10 years and more: 5, under a year: 5
    assert section["Reason for leaving (DfE)"] == {
        "Resignation": "5",
        "Retired": "5",
        "All leavers": "10",
    }
    assert section["Length of service"] == {
        "Less than 1 year": "5",
        "5 years or more": "5",
        "All leavers": "10",
    }


def test_small_numbers_of_leavers_are_suppressed(people: dict) -> None:
    # One more leaver with no reason recorded, a year's service: "Not recorded" 1 is c, and
    # Resignation 5 (the smaller-named of the two fives) too, or 11 - 5 - 5 would give it away.
    _leavers(people)
    StaffMemberFactory(
        team=people["team_a"],
        start_date=D(2024, 3, 1),
        end_date=D(2025, 8, 31),
        reason_leave="",
        leaver_destination="8",
    )
    reasons = _section()["Reason for leaving (DfE)"]
    assert reasons == {
        "Resignation": "c",
        "Retired": "5",
        "Not recorded": "c",
        "All leavers": "11",
    }
