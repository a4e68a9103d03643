"""The register's rules for a record, each one both ways (today is 30 September 2025)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from csc_workforce.core.csww.schemas import SCHEMAS
from csc_workforce.core.record_rules import (
    QUALIFYING_INSTITUTION_YEARS,
    Record,
    age_on,
    latest_date,
    record_problems,
)

TODAY = dt.date(2025, 9, 30)
EMPLOYEE = Record(
    employee=True,
    start_date=dt.date(2019, 4, 1),
    date_of_birth=dt.date(1990, 5, 17),
    fte=Decimal("0.8"),
    swe_number="SW123",
    qualifying_institution="Northfield University",
)


def rules(record: Record) -> list[tuple[str, str]]:
    return [(p.field, p.rule) for p in record_problems(record, today=TODAY)]


@pytest.mark.parametrize(
    ("fine", "broken", "found"),
    [
        (EMPLOYEE, replace(EMPLOYEE, swe_number=""), [("swe_number", "swe_required")]),
        (
            replace(EMPLOYEE, swe_number="ab0123456789"),
            replace(EMPLOYEE, swe_number="AB\u0661\u0662"),
            [("swe_number", "swe_number")],
        ),
        (
            EMPLOYEE,
            replace(EMPLOYEE, date_of_birth=TODAY + dt.timedelta(days=1)),
            [("date_of_birth", "born_in_future")],
        ),
        (
            # 18 on the first day is fine; a day short is not.
            replace(EMPLOYEE, date_of_birth=dt.date(2001, 4, 1)),
            replace(EMPLOYEE, date_of_birth=dt.date(2001, 4, 2)),
            [("date_of_birth", "under_age")],
        ),
        (
            replace(EMPLOYEE, start_date=dt.date(2026, 9, 30), start_origin="1"),
            replace(EMPLOYEE, start_date=dt.date(2026, 10, 1), start_origin="1"),
            [("start_date", "too_far_ahead")],
        ),
        (
            replace(EMPLOYEE, start_date=dt.date(2020, 9, 30)),
            replace(EMPLOYEE, start_date=dt.date(2020, 10, 1)),
            [("start_origin", "origin_required")],
        ),
        (
            replace(EMPLOYEE, employee=False),
            replace(EMPLOYEE, employee=False, start_origin="4", reason_leave="1"),
            [("start_origin", "agency_blank"), ("reason_leave", "agency_blank")],
        ),
        (
            replace(
                EMPLOYEE, end_date=dt.date(2025, 3, 31), reason_leave="1", leaver_destination="3"
            ),
            replace(EMPLOYEE, end_date=dt.date(2025, 3, 31)),
            [("reason_leave", "leaver_required"), ("leaver_destination", "leaver_required")],
        ),
        (EMPLOYEE, replace(EMPLOYEE, reason_leave="1"), [("reason_leave", "leaver_only")]),
        (
            replace(
                EMPLOYEE, end_date=dt.date(2019, 4, 1), reason_leave="1", leaver_destination="1"
            ),
            replace(
                EMPLOYEE, end_date=dt.date(2019, 3, 31), reason_leave="1", leaver_destination="1"
            ),
            [("end_date", "end_before_start")],
        ),
        (
            replace(EMPLOYEE, fte=Decimal("0.000001")),
            replace(EMPLOYEE, fte=Decimal("0")),
            [("fte", "fte_range")],
        ),
        (EMPLOYEE, replace(EMPLOYEE, fte=Decimal("0.1234567")), [("fte", "fte_range")]),
        (
            replace(EMPLOYEE, base_salary=Decimal("0.01")),
            replace(EMPLOYEE, base_salary=Decimal("-5")),
            [("base_salary", "salary")],
        ),
        (
            replace(EMPLOYEE, rr_payments=Decimal("0")),
            replace(EMPLOYEE, rr_payments=Decimal("-1")),
            [("rr_payments", "negative")],
        ),
        (
            replace(EMPLOYEE, employee=False, contract_weeks=Decimal("26")),
            replace(EMPLOYEE, contract_weeks=Decimal("26")),
            [("contract_weeks", "agency_only")],
        ),
        (
            # Left before October 2020, or started after September 2024: no return needs it.
            replace(
                EMPLOYEE,
                qualifying_institution="",
                end_date=dt.date(2020, 9, 30),
                reason_leave="1",
                leaver_destination="1",
            ),
            replace(EMPLOYEE, qualifying_institution=""),
            [("qualifying_institution", "qualifying_institution_required")],
        ),
        (
            replace(
                EMPLOYEE,
                qualifying_institution="",
                start_date=dt.date(2024, 10, 1),
                start_origin="1",
            ),
            replace(
                EMPLOYEE,
                qualifying_institution="",
                start_date=dt.date(2024, 9, 30),
                start_origin="1",
            ),
            [("qualifying_institution", "qualifying_institution_required")],
        ),
    ],
)
def test_each_rule_both_ways(fine: Record, broken: Record, found: list[tuple[str, str]]) -> None:
    assert rules(fine) == []
    assert rules(broken) == found


def test_ages_and_the_furthest_date_ahead() -> None:
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) == 17
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 3, 1)) == 18
    assert latest_date(dt.date(2025, 9, 30)) == dt.date(2026, 9, 30)
    assert latest_date(dt.date(2025, 10, 1)) == dt.date(2027, 9, 30)


def test_the_years_needing_a_qualifying_institution_are_the_schemas() -> None:
    needing = tuple(year for year, schema in SCHEMAS.items() if schema.worker_element("qual_inst"))
    assert needing == QUALIFYING_INSTITUTION_YEARS
