"""DfE's agency rules and the quarterly data (core.agency), with expected values worked by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import agency
from csc_workforce.core.agency import Engagement, Status

NORTH_EAST, LONDON = "E12000001", "E12000007"
START = dt.date(2025, 7, 7)
ON = dt.date(2025, 9, 30)


def engagement(**changes: object) -> Engagement:
    values: dict[str, object] = {
        "start": START,
        "region": NORTH_EAST,
        "job_type": "social_worker",
        "hourly_charge": Decimal("38.00"),
        "cap": Decimal("40.00"),
        "pqe_years": Decimal(5),
        "previous_employment_checked": True,
        "notice_weeks": Decimal(4),
        "references_requested_on": dt.date(2025, 6, 1),
        "references_received_on": dt.date(2025, 6, 20),
    }
    return Engagement(**(values | changes))  # type: ignore[arg-type]


def test_a_compliant_engagement_meets_every_rule() -> None:
    assert [o.status for o in agency.check_all(engagement(), ON)] == [Status.MET] * 6


def test_price_cap() -> None:
    rule = agency.WithinRegionalPriceCap()
    # 44.50 - 40.00 = 4.50 above the cap
    over = rule.check(engagement(hourly_charge=Decimal("44.50")), ON)
    assert over.status == Status.NOT_MET
    assert "£4.50 an hour above the cap of £40.00" in over.reason
    assert "director of children's services and the chief executive" in over.reason
    only_dcs = rule.check(
        engagement(hourly_charge=Decimal("44.50"), dcs_approved_on=dt.date(2025, 7, 1)), ON
    )
    assert only_dcs.status == Status.NOT_MET
    assert "approval of the chief executive" in only_dcs.reason
    both = rule.check(
        engagement(
            hourly_charge=Decimal("44.50"),
            dcs_approved_on=dt.date(2025, 7, 1),
            chief_executive_approved_on=dt.date(2025, 7, 2),
        ),
        ON,
    )
    assert (both.status, both.exception) == (Status.MET, True)
    assert rule.check(engagement(hourly_charge=Decimal("40.00")), ON).status == Status.MET
    assert rule.check(engagement(cap=None), ON).status == Status.UNKNOWN
    assert rule.check(engagement(job_type=""), ON).status == Status.UNKNOWN


def test_pqe_of_three_years() -> None:
    rule = agency.ThreeYearsPostQualifiedExperience()
    assert rule.check(engagement(pqe_years=Decimal(3)), ON).status == Status.MET
    assert rule.check(engagement(pqe_years=Decimal("2.5")), ON).status == Status.NOT_MET
    assert rule.check(engagement(pqe_years=None), ON).status == Status.UNKNOWN


def test_cool_off_and_its_exceptions() -> None:
    rule = agency.CoolOffAfterPermanentPost()
    # left 1 May: three months run to 31 July, so a start on 1 August is allowed, 31 July is not
    left = {"left_permanent_on": dt.date(2025, 5, 1), "left_permanent_region": NORTH_EAST}
    inside = rule.check(engagement(start=dt.date(2025, 7, 31), **left), ON)
    assert inside.status == Status.NOT_MET
    assert "runs to 31 July 2025" in inside.reason
    assert rule.check(engagement(start=dt.date(2025, 8, 1), **left), ON).status == Status.MET
    for reason in ("redundancy", "probation"):
        excepted = rule.check(engagement(left_permanent_reason=reason, **left), ON)
        assert (excepted.status, excepted.exception) == (Status.MET, True)
    elsewhere = rule.check(engagement(**(left | {"left_permanent_region": LONDON})), ON)
    assert (elsewhere.status, elsewhere.exception) == (Status.MET, True)
    assert rule.check(engagement(previous_employment_checked=False), ON).status == Status.UNKNOWN


def test_four_weeks_notice_or_the_permanent_equivalent() -> None:
    rule = agency.FourWeeksNotice()
    assert rule.check(engagement(notice_weeks=Decimal(1)), ON).status == Status.NOT_MET
    shorter = engagement(notice_weeks=Decimal(2), permanent_notice_weeks=Decimal(2))
    assert rule.check(shorter, ON).status == Status.MET
    assert rule.check(engagement(notice_weeks=None), ON).status == Status.UNKNOWN


def test_project_teams() -> None:
    rule = agency.ProjectTeamsApprovedAndCostsSeparated()
    project = {"project_team": True, "project_workers_approved": True}
    assert rule.check(engagement(**project, project_costs_separated=True), ON).status == Status.MET
    assert (
        rule.check(engagement(**project, project_costs_separated=False), ON).status
        == Status.NOT_MET
    )
    assert rule.check(engagement(**project), ON).status == Status.UNKNOWN


def test_references() -> None:
    rule = agency.PracticeReferences()
    late = engagement(references_received_on=dt.date(2025, 7, 8))
    assert rule.check(late, ON).status == Status.NOT_MET
    waiting = engagement(references_received_on=None)
    assert rule.check(waiting, ON).status == Status.NOT_MET
    assert rule.check(waiting, dt.date(2025, 7, 1)).status == Status.UNKNOWN


def test_the_cap_in_force_on_a_day() -> None:
    caps = [
        (NORTH_EAST, "social_worker", dt.date(2024, 10, 31), Decimal(40)),
        (NORTH_EAST, "social_worker", dt.date(2025, 4, 1), Decimal("41.20")),
        (LONDON, "social_worker", dt.date(2024, 10, 31), Decimal(50)),
    ]
    history = agency.cap_history(caps, region=NORTH_EAST, job_type="social_worker")
    assert agency.cap_on(history, dt.date(2024, 10, 30)) is None
    assert agency.cap_on(history, dt.date(2025, 3, 31)) == Decimal(40)
    assert agency.cap_on(history, dt.date(2025, 4, 1)) == Decimal("41.20")


def test_quarters() -> None:
    assert agency.quarter_bounds("2025Q3") == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert agency.quarter_bounds("2024q4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert agency.quarters_to(dt.date(2025, 9, 30), 3) == ["2025Q1", "2025Q2", "2025Q3"]
    with pytest.raises(agency.BadQuarter, match="like 2025Q3"):
        agency.quarter_bounds("2025Q5")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 1, 1)))
def test_a_quarter_holds_its_days(day: dt.date) -> None:
    first, last = agency.quarter_bounds(agency.quarter_of(day))
    assert first <= day <= last


@given(st.dates(), st.integers(min_value=0, max_value=40))
def test_weekdays_count_mondays_to_fridays(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    if last.year > 9999:
        return
    expected = sum(1 for i in range(length + 1) if (first + dt.timedelta(days=i)).weekday() < 5)
    assert agency.weekdays(first, last) == expected


def _worker(**changes: object) -> agency.Worker:
    values: dict[str, object] = {
        "reference": "17",
        "swe_number": "SW123456",
        "agency": "Brightpath",
        "managed_service_provider": "",
        "cover_reason": "vacancy",
        "fte": Decimal(1),
        "hourly_pay_rate": Decimal("28.00"),
        "engagement": engagement(cap=None, hourly_charge=Decimal("44.00")),
        "caps": ((dt.date(2024, 10, 31), Decimal(40)),),
    }
    return agency.Worker(**(values | changes))  # type: ignore[arg-type]


def test_the_quarterly_return() -> None:
    data = agency.quarterly_return([_worker()], quarter="2025Q3", la_code="E06000999")
    assert data.problems == []
    row = dict(zip(data.header, data.rows[0], strict=True))
    # Monday 7 July to Tuesday 30 September 2025: 25 + 31 + 30 = 86 days, 12 weeks (60
    # weekdays) and a Monday and a Tuesday = 62 weekdays; 62 x 1 FTE x 7.4 hours = 458.8 hours;
    # x £44.00 = £20,187.20
    assert row["hours_in_quarter"] == Decimal("458.80")
    assert row["cost_in_quarter"] == Decimal("20187.20")
    assert (row["price_cap"], row["above_cap"], row["cap_exception_approved"]) == (
        Decimal(40),
        "Y",
        "N",
    )


def test_the_quarterly_return_names_each_missing_field() -> None:
    worker = _worker(agency="", hourly_pay_rate=None)
    data = agency.quarterly_return([worker], quarter="2025Q3", la_code="E06000999")
    assert [(p.row, p.field) for p in data.problems] == [(2, "agency"), (2, "hourly_pay_rate")]


def test_the_trend_by_quarter() -> None:
    trend = agency.trend([_worker()], quarters=["2025Q2", "2025Q3"])
    assert [(t.quarter, t.fte, t.above_cap, t.unapproved) for t in trend] == [
        ("2025Q2", Decimal(0), 0, 0),
        ("2025Q3", Decimal(1), 1, 1),
    ]
    assert trend[1].cost == Decimal("20187.20")


def test_temporary_vacancies_beside_dfes() -> None:
    from csc_workforce.core.register import PostStatus, temporary_vacancies

    posts = [
        PostStatus(1, "A-1", 5, Decimal(1), Decimal(1), Decimal(0)),
        PostStatus(2, "A-2", 5, Decimal(1), Decimal("0.5"), Decimal("0.5")),
        PostStatus(3, "A-3", 4, Decimal(1), Decimal(0), Decimal(0)),
    ]
    # permanent: 0 + 0.5 + 1 = 1.5 FTE (DfE's); temporary: 0.8 of the case holders away, within
    # the 1.5 FTE they fill; the senior practitioner away fills nothing, so adds nothing
    assert temporary_vacancies(posts=posts, away={5: Decimal("0.8"), 4: Decimal(1)}) == (
        Decimal("1.5"),
        Decimal("0.8"),
    )
